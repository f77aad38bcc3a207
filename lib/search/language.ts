/** PostgreSQL's text search configurations by language code (SITE_LANG's primary subtag). */
const CONFIGS: Record<string, string> = {
  ar: 'arabic', ca: 'catalan', da: 'danish', de: 'german', el: 'greek', en: 'english', es: 'spanish', eu: 'basque',
  fi: 'finnish', fr: 'french', ga: 'irish', hi: 'hindi', hu: 'hungarian', hy: 'armenian', id: 'indonesian', it: 'italian',
  lt: 'lithuanian', nb: 'norwegian', ne: 'nepali', nl: 'dutch', nn: 'norwegian', no: 'norwegian', pt: 'portuguese',
  ro: 'romanian', ru: 'russian', sr: 'serbian', sv: 'swedish', ta: 'tamil', tr: 'turkish', yi: 'yiddish',
};

/** The text search configuration for a BCP 47 language tag ("en", "pt-BR"): stemming for the language, else `simple`. */
export function textSearchConfig(lang: string): string {
  const primary = lang.trim().toLowerCase().split(/[-_]/, 1)[0] ?? '';
  return CONFIGS[primary] ?? 'simple';
}
