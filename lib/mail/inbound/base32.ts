// RFC 4648 base32 without padding, lower-case: an email local part survives mail servers that
// change its case, and base64's `-`/`_` and mixed case would not.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** Bytes → lower-case base32, no padding. */
export function encodeBase32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Base32 (either case) → bytes; null for a character outside the alphabet or a non-canonical tail. */
export function decodeBase32(text: string): Buffer | null {
  const lower = text.toLowerCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of lower) {
    const digit = ALPHABET.indexOf(ch);
    if (digit < 0) return null;
    value = (value << 5) | digit;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  // Leftover bits must be zero and fewer than a character: one string per byte sequence.
  if (bits >= 5 || value !== 0) return null;
  return Buffer.from(out);
}
