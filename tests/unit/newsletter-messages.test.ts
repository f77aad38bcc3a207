import { describe, expect, it } from 'vitest';
import { markdownToText } from '@/lib/newsletter/messages';

describe('welcome email text part', () => {
  it('reads as plain text: links spelled out, no Markdown marks', () => {
    expect(markdownToText('You get **Notes** by *email*; start with [the archive](https://notes.example.com/archive) or `npm`.')).toBe(
      'You get Notes by email; start with the archive (https://notes.example.com/archive) or npm.',
    );
  });
});
