import { describe, expect, it } from 'vitest';
import { avatarColour, initials, renderAvatar, AVATAR_COLOURS } from '@/components/comments/avatar';
import { contrast, parseHex } from '@/lib/content/contrast';
import { siteCss } from '@/components/ui/styles';

describe('avatars from initials', () => {
  it('takes the first letters of the first and last names', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('jean-luc  picard')).toBe('JP');
    expect(initials('Grace Brewster Murray Hopper')).toBe('GH');
    expect(initials('Prince')).toBe('P');
    expect(initials('李小龍')).toBe('李');
    expect(initials('émile zola')).toBe('ÉZ');
    expect(initials('👩🏽‍💻 Sam')).toBe('S');
    expect(initials('   ')).toBe('?');
    expect(initials('123 !!!')).toBe('?');
  });

  it('keeps a person’s colour, spreads people over every colour', () => {
    expect(avatarColour('Ada Lovelace')).toBe(avatarColour('  ada lovelace '));
    const used = new Set(Array.from({ length: 200 }, (_, i) => avatarColour(`Reader ${i}`)));
    expect(used.size).toBe(AVATAR_COLOURS);
  });

  it('draws white initials that pass WCAG AA on every colour', () => {
    for (let i = 0; i < AVATAR_COLOURS; i++) {
      const bg = new RegExp(`\\.avatar-${i}\\{background:(#[0-9a-f]{6})\\}`).exec(siteCss)![1]!;
      expect(contrast(parseHex(bg), parseHex('#ffffff')), bg).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('is decorative markup, escaped', () => {
    expect(renderAvatar('<b>x</b> y', false).toString()).toMatch(/^<span class="avatar avatar-\d" aria-hidden="true">Y<\/span>$/);
    expect(renderAvatar('Robin Hale', true).toString()).toBe('<span class="avatar avatar-author" aria-hidden="true">RH</span>');
  });
});
