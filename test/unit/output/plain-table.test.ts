import { describe, expect, it } from 'vitest';
import { displayWidth, fitWidth, renderPlainTable, tableLines } from '../../../src/output/plain-table.js';

describe('displayWidth', () => {
  it.each([
    ['', 0],
    ['policy', 6],
    ['日本', 4], // CJK ideographs: two columns each
    ['ｆｕｌｌ', 8], // fullwidth forms
    ['한국어', 6], // Hangul syllables
    ['\u1100\u1161\u11a8', 2], // one Hangul syllable written as three conjoining jamo
    ['cafe\u0301', 4], // a combining accent takes no column
    ['\u0928\u092e\u0938\u094d\u0924\u0947', 4], // Devanagari: the virama and the vowel sign take none
    ['a\u200bb', 2], // zero-width space
    ['\u2705', 2], // an emoji presented as emoji
    ['\u2764\ufe0f', 2], // a text symbol made emoji by U+FE0F
    ['\u2764', 1], // the same symbol as text
    ['\u{1F469}\u200d\u{1F4BB}', 2], // a ZWJ sequence is one emoji
    ['\u{1F44D}\u{1F3FD}', 2], // a skin tone modifier joins its emoji
    ['\u{1F1EB}\u{1F1F7}', 2], // a flag: two regional indicators
    ['1\ufe0f\u20e3', 2], // a keycap
    ['\u001b[31mblock\u001b[0m', 5], // colour codes take no column
    ['Ελληνικά', 8],
  ])('%j takes %i columns', (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });
});

describe('fitWidth', () => {
  it('cuts a wider text to the width, the last column a …; a text that fits is kept', () => {
    expect(fitWidth('abcdef', 6)).toBe('abcdef');
    expect(fitWidth('abcdefg', 6)).toBe('abcde…');
    // A wide character that does not fit whole is left out (one column short) rather than split.
    expect(fitWidth('日本語です', 6)).toBe('日本…');
    expect(fitWidth('日本語です', 7)).toBe('日本語…');
    // An emoji sequence is kept whole or left out whole.
    expect(fitWidth('ab\u{1F469}\u200d\u{1F4BB}cd', 4)).toBe('ab…');
    expect(fitWidth('ab\u{1F469}\u200d\u{1F4BB}cd', 5)).toBe('ab\u{1F469}\u200d\u{1F4BB}…');
  });
});

describe('renderPlainTable', () => {
  it('pads each cell to its width on screen (a CJK character takes two columns), one line per row', () => {
    const out = renderPlainTable(
      ['USER', 'ROLE'],
      [
        ['ana', 'a'],
        ['日本', 'b'],
        ['a\nb', 'c\u001b[2J'],
      ],
    );
    // (Padding by string length put `b` two columns right of `a`: '日本' is 2 characters, 4 columns.)
    expect(out).toBe('USER  ROLE\nana   a\n日本  b\na b   c [2J\n');
  });
});

describe('tableLines', () => {
  it('paints a coloured cell without its padding and measures it by its visible text', () => {
    const lines = tableLines(
      ['NAME', 'VERDICT', 'TIME'],
      [
        ['rbac', { text: 'allow', color: '32' }, '12µs'],
        ['dlp-filter', { text: 'block', color: '31' }, '1.8ms'],
        ['x', { text: 'skipped', color: undefined }, '0µs'],
      ],
    );
    expect(lines).toEqual([
      'NAME        VERDICT  TIME',
      'rbac        \u001b[32mallow\u001b[0m    12µs',
      'dlp-filter  \u001b[31mblock\u001b[0m    1.8ms',
      'x           skipped  0µs',
    ]);
  });

  it('with fixed widths, cuts a wider cell with … and pads the others to the width; no titles: rows only', () => {
    expect(
      tableLines(
        [],
        [
          ['abcdefgh', 'z'],
          ['日本語です', 'z'],
          ['ab', 'z'],
        ],
        [6, 1],
      ),
    ).toEqual(['abcde…  z', '日本…   z', 'ab      z']);
  });

  it('a line break or escape sequence in a coloured cell does not reach the terminal', () => {
    expect(tableLines([], [[{ text: 'a\nb\u001b[2J', color: '31' }, 'x']])).toEqual(['\u001b[31ma b [2J\u001b[0m  x']);
  });
});
