import { describe, expect, it } from 'vitest';
import { excerpt, findMatches, highlight } from '@/lib/search/excerpt';
import { textSearchConfig } from '@/lib/search/language';
import { ftsMatch, MAX_QUERY_LENGTH, readSearchQuery } from '@/lib/search/query';
import { markdownToText } from '@/lib/search/text';

describe('readSearchQuery', () => {
  it('keeps words only: operators, quotes, column filters and brackets are separators', () => {
    expect(readSearchQuery('"lab notebook" AND NEAR(tools, 3) -edges title:quiet *').terms).toEqual(['lab', 'notebook', 'and', 'near', 'tools', '3', 'edges', 'title', 'quiet']);
    expect(readSearchQuery('  Café  ').terms).toEqual(['café']);
    expect(readSearchQuery('ｆｕｌｌｗｉｄｔｈ').terms).toEqual(['fullwidth']); // compatibility forms unified
  });

  it('says when there is nothing to search for', () => {
    expect(readSearchQuery(null)).toEqual({ text: '', terms: [], truncated: false });
    expect(readSearchQuery('\u0000\r\n\u202E')).toEqual({ text: '', terms: [], truncated: false });
    expect(readSearchQuery('"*" -- ()')).toMatchObject({ text: '"*" -- ()', terms: [] });
  });

  it('cuts long queries and removes controls from what is shown back', () => {
    const long = readSearchQuery('word '.repeat(2000));
    expect(long.truncated).toBe(true);
    expect([...long.text].length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
    expect(long.terms).toEqual(['word']);
    expect(readSearchQuery('a\u0000b\r\nc').text).toBe('a b c');
  });

  it('quotes every term for FTS5', () => {
    expect(ftsMatch(['near', 'tools'])).toBe('"near" "tools"');
  });
});

describe('excerpts', () => {
  it('mark whole-word matches whatever their case or accents, escaping everything else', () => {
    expect(highlight('Un Café <b>crème</b>', ['cafe', 'creme'])).toBe('Un <mark>Café</mark> &lt;b&gt;<mark>crème</mark>&lt;/b&gt;');
    expect(highlight('notebooks and a notebook', ['book'])).toBe('notebooks and a notebook');
    expect(findMatches('東京 の ノート', ['東京'])).toEqual([[0, 2]]);
  });

  it('show the text around the first match, cut at spaces', () => {
    const text = `${'filler '.repeat(100)}the needle is here ${'after '.repeat(100)}`;
    const out = excerpt(text, ['needle']);
    expect(out.startsWith('…')).toBe(true);
    expect(out.endsWith('…')).toBe(true);
    expect(out).toContain('the <mark>needle</mark> is here');
    expect(out.length).toBeLessThan(300);
  });
});

describe('markdownToText', () => {
  it('keeps the words, not the syntax or the URLs', () => {
    expect(markdownToText('## A heading\n\nSee [the *tools*](https://x.example/secret) and `code`.\n\n![alt text](/a.png)')).toBe('A heading\nSee the tools and code.\nalt text');
  });
});

describe('textSearchConfig', () => {
  it('maps SITE_LANG to a PostgreSQL configuration, else simple', () => {
    expect(textSearchConfig('en')).toBe('english');
    expect(textSearchConfig('pt-BR')).toBe('portuguese');
    expect(textSearchConfig('ja')).toBe('simple');
    expect(textSearchConfig("en'; DROP")).toBe('simple');
  });
});
