import { isIPv4, isIPv6 } from 'node:net';

/**
 * The part of a reader's address that stands for one household or office: the whole address for
 * IPv4 (a NAT already puts a household behind one), the /64 network for IPv6. One /64 is what a
 * provider gives one home or one server, and its devices pick new addresses inside it every day
 * (privacy extensions), so counting by the full IPv6 address would let a single machine with a
 * /64 pose as 2^64 readers, and count a phone twice when it rotates. Pure string work, no pattern.
 */
export function addressKey(ip: string): string {
  const zoneless = ip.split('%', 1)[0]!;
  if (isIPv4(zoneless)) return zoneless;
  if (!isIPv6(zoneless)) return ip; // 'unknown' or a proxy's odd entry: itself, capped like any address
  const groups = expandIPv6(zoneless.toLowerCase());
  // An IPv4-mapped address (::ffff:192.0.2.1, what a dual-stack listener reports) is that IPv4 reader.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`;
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (with `::` and a dotted IPv4 tail expanded). */
function expandIPv6(ip: string): number[] {
  const [head, tail] = ip.includes('::') ? (ip.split('::') as [string, string]) : [ip, null];
  const parse = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((g) => {
          if (!g.includes('.')) return [parseInt(g, 16)];
          const [a, b, c, d] = g.split('.').map(Number) as [number, number, number, number];
          return [(a << 8) | b, (c << 8) | d];
        });
  const front = parse(head);
  if (tail === null) return front;
  const back = parse(tail);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}
