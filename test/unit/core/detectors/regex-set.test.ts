import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { RegexSet } from '../../../../src/core/detectors/regex-set.js';
import type { ProgramInst } from '../../../../src/core/detectors/re2js-program.js';

const programOf = (source: string): { inst: ProgramInst[]; start: number } =>
  (RE2JS.compile(source) as unknown as { re2Input: { prog: { inst: ProgramInst[]; start: number } } }).re2Input.prog;

/** RE2::Set's answer from re2js itself: some match (empty or not) anywhere in the text. */
const matchesAnywhere = (source: string, text: string): number => (RE2JS.compile(source).matcher(text).find() ? 1 : 0);

const SOURCES = [
  'abc',
  '(?i)secret[-_ ]?code\\d+',
  '\\bword\\b',
  '\\Bor\\B',
  '^start',
  '(?m)^line$',
  'end$',
  '\\Aab',
  'x*',
  '[^a-z]{3}',
  '\\x{1F600}+',
  '[\\x{D800}-\\x{DFFF}]',
  'é+',
  '(?s)a.b',
  'a.b',
  '(?i)k\\x{212A}',
  '(?:ab|cd)+e',
  '\\d{2,4}-\\d',
];
const PIECES = [
  'abc',
  'ab',
  'word',
  ' ',
  'start',
  'line',
  '\n',
  'end',
  'x',
  '!!!',
  '😀',
  '\ud800',
  'é',
  'a\nb',
  'axb',
  'K',
  'kk',
  'abcde',
  '12-3',
  'secret_CODE7',
  'SECRET',
];

describe('RegexSet', () => {
  it('reports exactly the patterns that have a match somewhere (empty ones too), as re2js finds them', () => {
    const text = fc
      .array(
        fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 3 }), fc.string({ unit: 'binary', maxLength: 2 })),
        {
          maxLength: 25,
        },
      )
      .map((a) => a.join(''));
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...SOURCES), { minLength: 1, maxLength: 8 }), text, (chosen, t) => {
        const set = RegexSet.of(chosen.map(programOf));
        const found = set.matching(t);
        expect(found).not.toBeNull();
        expect([...found!]).toEqual(chosen.map((s) => matchesAnywhere(s, t)));
      }),
      { numRuns: 800 },
    );
  });

  it('stays exact when its state cache is cleared on a text of many states', () => {
    // "an a, then n letters, then !": a text of a and b alone makes a state of every recent set of a's.
    const sources = [9, 10, 11, 12].map((n) => `a[a-z]{${n}}!`);
    const set = RegexSet.of(sources.map(programOf));
    let seed = 11;
    let doc = '';
    while (doc.length < 200_000) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      doc += (seed >> 9) & 1 ? 'a' : 'b';
    }
    const ending = `${doc}a${'b'.repeat(10)}!`;
    for (const t of [doc, ending]) {
      const found = set.matching(t);
      // Either an answer (exact) or none (the caller searches every pattern).
      if (found !== null) expect([...found]).toEqual(sources.map((s) => matchesAnywhere(s, t)));
    }
  });
});
