import { describe, expect, it } from 'vitest';
import { accentFailures, contrast, darkAccentFor, parseHex, toHex } from '@/lib/content/contrast';
import { parseSiteFile } from '@/lib/content/site-file';

const FILE = 'content/site.yml';
const images = new Set(['/images/site/avatar.png', '/images/site/logo.svg']);
const parse = (yml: string) => parseSiteFile(yml, FILE, (src) => images.has(src));
const minimal = 'title: Field Notes\ndescription: A fixture publication.\nlanguage: en\nauthor:\n  name: Sam Reyes\n';

describe('contrast', () => {
  it('matches WCAG figures', () => {
    expect(contrast(parseHex('#000'), parseHex('#fff'))).toBeCloseTo(21, 5);
    expect(contrast(parseHex('#767676'), parseHex('#ffffff'))).toBeCloseTo(4.54, 2);
    expect(toHex(parseHex('#0A58A8'))).toBe('#0a58a8');
  });

  it('passes the default accents and refuses a pale one', () => {
    expect(accentFailures(parseHex('#0a58a8'), 'light')).toEqual([]);
    expect(accentFailures(parseHex('#8cc4ff'), 'dark')).toEqual([]);
    expect(accentFailures(parseHex('#ffd400'), 'light').map((f) => f.pair)).toContain('links and buttons on the page background');
  });

  it('derives a dark-mode accent that passes from a light one', () => {
    const dark = darkAccentFor(parseHex('#0a58a8'))!;
    expect(accentFailures(dark, 'dark')).toEqual([]);
    expect(dark[2]).toBeGreaterThan(dark[0]); // still blue
  });
});

describe('site.yml', () => {
  it('reads a complete file', () => {
    const { settings, problems } = parse(`${minimal.replace('  name: Sam Reyes\n', `  name: Sam Reyes
  bio: Writes about small teams.
  avatar: /images/site/avatar.png
  links:
    website: https://sam.example.org
    mastodon: https://hachyderm.io/@sam
    github: https://github.com/sam
    linkedin: https://www.linkedin.com/in/sam
    email: sam@example.org
`)}logo: /images/site/logo.svg
navigation:
  - { label: Archive, href: /archive }
accent: "#0a58a8"
footer: Written in Lisbon.
`);
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({ title: 'Field Notes', author: { name: 'Sam Reyes', links: { mastodon: 'https://hachyderm.io/@sam' } }, navigation: [{ label: 'Archive', href: '/archive' }], footer: 'Written in Lisbon.' });
    expect(settings!.accent!.light).toBe('#0a58a8');
    expect(accentFailures(parseHex(settings!.accent!.dark), 'dark')).toEqual([]);
  });

  it('is optional', () => {
    expect(parseSiteFile(null, FILE, () => true)).toEqual({ settings: null, problems: [] });
  });

  it('names the file, the field and the fix for each problem, all at once', () => {
    const { settings, problems } = parse('title: ""\nlanguage: English\nauthor:\n  name: Sam\n  avatar: /images/site/nope.png\n  links: { github: https://gitlab.com/sam }\naccent: "#ffd400"\ncolour: red\n');
    expect(settings).toBeNull();
    const byField = Object.fromEntries(problems.map((p) => [p.field, p]));
    expect(Object.keys(byField).sort()).toEqual(['author.links.github', 'colour', 'description', 'language', 'title']);
    expect(byField.title!.message).toBe('is empty');
    expect(byField.description!.message).toBe('is missing');
    expect(byField.colour!.message).toBe('is not a site.yml field');
    expect(problems.every((p) => p.file === FILE && p.severity === 'error' && p.fix.length > 10)).toBe(true);
  });

  it('refuses an accent that fails AA, and a missing avatar, once the fields parse', () => {
    const { problems } = parse(`${minimal}accent: "#ffd400"\naccent_dark: "#222222"\n`);
    expect(problems.map((p) => p.field)).toEqual(['accent', 'accent', 'accent_dark', 'accent_dark']);
    expect(problems[0]!.message).toMatch(/^#ffd400 fails WCAG AA for links and buttons on the page background in light mode \(1\.\d+:1, needs 4\.5:1\)$/);
    expect(parse(minimal.replace('name: Sam Reyes', 'name: Sam Reyes\n  avatar: /images/site/gone.png')).problems[0]).toMatchObject({ field: 'author.avatar', message: '/images/site/gone.png does not exist' });
  });

  it('refuses hostile values: line breaks, bidi controls, script addresses, huge and aliased YAML', () => {
    const bad = [
      `${minimal}footer: "a\\u202eb"\n`,
      `${minimal}footer: "line\\nbreak"\n`,
      `${minimal}navigation:\n  - { label: X, href: "javascript:alert(1)" }\n`,
      `${minimal}navigation:\n  - { label: X, href: "//evil.example" }\n`,
      `${minimal}logo: /images/../../etc/passwd.png\n`,
      `${minimal}author2: x\n`,
      `${minimal.replace('Sam Reyes', 'x'.repeat(81))}`,
      `a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`,
      `title: a\ntitle: b\n`,
      `\u0000`,
    ];
    for (const yml of bad) {
      const started = performance.now();
      const { settings, problems } = parse(yml);
      expect(settings, JSON.stringify(yml)).toBeNull();
      expect(problems.length, JSON.stringify(yml)).toBeGreaterThan(0);
      expect(performance.now() - started).toBeLessThan(500);
    }
  });
});
