/**
 * Characters that change nothing a reader sees: zero-width spaces and joiners, bidi controls,
 * soft hyphens, the BOM, variation selectors (Unicode's Default_Ignorable_Code_Point, plus every
 * format character). Comparisons that must not be fooled by them (the author's name, duplicate
 * comments) drop them first.
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;

/** `text` without invisible characters. */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}
