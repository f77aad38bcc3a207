/**
 * WCAG 2.x contrast, for the accent colour an author picks in site.yml: the accent is the colour
 * of links on the page background and on the tinted author-reply box, and the background of
 * buttons and badges whose text is the page background. Each pair must reach AA (4.5:1) in light
 * and in dark.
 */

export type Rgb = [number, number, number];

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

export function isHexColour(value: string): boolean {
  return HEX.test(value);
}

export function parseHex(value: string): Rgb {
  const hex = value.length === 4 ? [...value.slice(1)].map((c) => c + c).join('') : value.slice(1);
  return [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as Rgb;
}

export function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function luminance([r, g, b]: Rgb): number {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** The contrast ratio of two colours, 1 to 21. */
export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** `amount` of `b` mixed into `a` (0: a, 1: b). */
export function mix(a: Rgb, b: Rgb, amount: number): Rgb {
  return a.map((c, i) => c + (b[i]! - c) * amount) as Rgb;
}

export const AA = 4.5;

/** The page's own colours in each scheme (components/ui/styles.ts `--bg`). */
export const SCHEMES = {
  light: { bg: parseHex('#fdfcf9') },
  dark: { bg: parseHex('#141518') },
} as const;
export type Scheme = keyof typeof SCHEMES;

/** The tinted box of author replies: 10% accent on the page background. */
export function accentTint(accent: Rgb, scheme: Scheme): Rgb {
  return mix(SCHEMES[scheme].bg, accent, 0.1);
}

export type ContrastFailure = { scheme: Scheme; pair: string; ratio: number };

/** What fails AA for an accent in one scheme: links on the page, links in the author's box, text on buttons. */
export function accentFailures(accent: Rgb, scheme: Scheme): ContrastFailure[] {
  const { bg } = SCHEMES[scheme];
  const pairs: Array<[string, number]> = [
    ['links and buttons on the page background', contrast(accent, bg)],
    ['links in the author-reply box', contrast(accent, accentTint(accent, scheme))],
  ];
  return pairs.filter(([, ratio]) => ratio < AA).map(([pair, ratio]) => ({ scheme, pair, ratio: Math.floor(ratio * 100) / 100 }));
}

/**
 * A dark-scheme accent for an author who gave only the light one: the same hue, lightened towards
 * white until it passes on the dark background (null when even white would not, which cannot happen
 * with this background, but the type says so).
 */
export function darkAccentFor(light: Rgb): Rgb | null {
  for (let step = 0; step <= 20; step++) {
    const candidate = mix(light, [255, 255, 255], step / 20);
    if (accentFailures(candidate, 'dark').length === 0) return candidate.map(Math.round) as Rgb;
  }
  return null;
}
