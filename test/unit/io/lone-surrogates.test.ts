import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findLoneSurrogate,
  formatJsonPath,
  loneSurrogateEscapeOffset,
  maySpellSurrogate,
} from '../../../src/io/lone-surrogates.js';
import { escapedLiteral } from '../../helpers/json-escapes.js';

describe('findLoneSurrogate', () => {
  it('finds half a character in a value or a key, first in document order, and nothing in pairs', () => {
    expect(findLoneSurrogate({ a: ['ok \u{1f600}', { b: 'x\ud800y' }], c: '\udc00' })).toEqual({
      path: ['a', 1, 'b'],
      key: false,
      escape: '\\ud800',
    });
    expect(findLoneSurrogate({ a: 1, ['k\udbff']: 'v', z: '\ud800' })).toEqual({
      path: ['k\udbff'],
      key: true,
      escape: '\\udbff',
    });
    // A low half before its high one is no pair.
    expect(findLoneSurrogate(['\udc00\ud800'])?.escape).toBe('\\udc00');
    expect(findLoneSurrogate({ a: ['\u{1f600}', '\ud83d\ude00'], n: null, t: true, x: 1.5 })).toBeUndefined();
    // As deep as a value goes, without recursion.
    let deep: unknown = 'x\ud800';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findLoneSurrogate(deep)?.path).toHaveLength(100_000);
  });
});

describe('formatJsonPath', () => {
  it('names a field as OpenAI names a param, quoting keys that are no identifiers', () => {
    expect(formatJsonPath(['messages', 0, 'content', 2, 'text'])).toBe('messages[0].content[2].text');
    expect(formatJsonPath(['metadata', 'a b', 'c\ud800'])).toBe('metadata["a b"]["c\\ud800"]');
    expect(formatJsonPath([0])).toBe('[0]');
  });
});

describe('loneSurrogateEscapeOffset', () => {
  it('places the escape that makes half a character, not an escaped backslash or a pair', () => {
    expect(loneSurrogateEscapeOffset(String.raw`{"a": "x\ud800y"}`)).toBe(8);
    expect(loneSurrogateEscapeOffset(String.raw`{"a": "\\ud800 \ud83d\ude00 \uDC00"}`)).toBe(28);
    // A high half at the end of a string, and one before another high half.
    expect(loneSurrogateEscapeOffset(String.raw`["\ud800", "\udc00"]`)).toBe(2);
    expect(loneSurrogateEscapeOffset(String.raw`["\ud800\ud800\udc00"]`)).toBe(2);
    expect(loneSurrogateEscapeOffset(String.raw`["\ud83d\ude00", "\u00e9"]`)).toBeUndefined();
  });

  it('finds one exactly when the parsed value holds one (any units, any of them written as escapes)', () => {
    // Lone halves, pairs, backslashes and `u`s among arbitrary units; JSON.stringify writes a lone half
    // as its escape, as a client's JSON does.
    const piece = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 6 }),
      fc.constantFrom('\ud800', '\udc00', '\u{1f600}', '\\', 'u', 'ud800'),
    );
    const value = fc.array(piece, { maxLength: 5 }).map((p) => p.join(''));
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 3 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }),
        (values, flags) => {
          const text = `[${values.map((v) => escapedLiteral(v, flags)).join(',')}]`;
          const lone = findLoneSurrogate(JSON.parse(text));
          const offset = loneSurrogateEscapeOffset(text);
          expect(offset === undefined).toBe(lone === undefined);
          if (lone !== undefined) {
            expect(maySpellSurrogate(text)).toBe(true);
            expect(maySpellSurrogate(Buffer.from(text))).toBe(true);
            expect(text.slice(offset, offset! + 6).toLowerCase()).toMatch(/^\\ud[89a-f]/);
          }
        },
      ),
    );
  });
});
