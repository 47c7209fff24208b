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
      fc.property(
        fc.uniqueArray(fc.constantFrom(...SOURCES), { minLength: 1, maxLength: 8 }),
        fc.array(text, { minLength: 1, maxLength: 3 }),
        (chosen, texts) => {
          // One set for the texts in turn: the states, the start's threads and the rune sets' answers that
          // one text built are read by the next.
          const set = RegexSet.of(chosen.map(programOf));
          for (const t of texts) {
            const found = set.matching(t);
            expect(found).not.toBeNull();
            expect([...found!]).toEqual(chosen.map((s) => matchesAnywhere(s, t)));
          }
        },
      ),
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

  it('answers the first text of a pack of thousands of patterns (building a state does not walk every pattern)', () => {
    // Every transition walked the start of each of the 3,000 patterns (~12,000 instructions), and the pass
    // gave up after a few dozen transitions (every pattern was then searched on its own).
    const sources = Array.from({ length: 3000 }, (_, i) => `(?i)q${i}z[a-f]\\d+`);
    const set = RegexSet.of(sources.map(programOf));
    let seed = 3;
    let doc = '';
    while (doc.length < 30_000) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      doc += 'etaoin shrdlu,.\nQZ0123456789-_(é'[(seed >> 8) % 33];
    }
    const hit = `${doc} Q17ZB42 ${doc} q2999za0`;
    for (const t of [doc, hit]) {
      const found = set.matching(t);
      expect(found).not.toBeNull();
      const expected = [...found!].flatMap((f, i) => (f === 1 ? [i] : []));
      // The same patterns in JavaScript's syntax (q, z, a-f and digits fold alike in both): re2js would take
      // seconds to try 3,000 of them on a long text.
      expect(expected).toEqual(sources.flatMap((s, i) => (new RegExp(s.slice(4), 'i').test(t) ? [i] : [])));
    }
  });

  it('builds more states when the per-pattern searches it saves would read more (its `fallback`)', () => {
    // After a digit, the threads of every pattern whose number starts with it: hundreds per state, more
    // than 8 instructions a unit of the text allow, but little next to 3,000 searches of the text.
    const sources = Array.from({ length: 3000 }, (_, i) => `(?i)q${i}z[a-f]\\d+|\\b${i}[-_]x${i % 7}`);
    const programs = sources.map(programOf);
    let seed = 3;
    let doc = '';
    while (doc.length < 30_000) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      doc += 'etaoin shrdlu,.\nQZ0123456789-_(é'[(seed >> 8) % 33];
    }
    expect(RegexSet.of(programs).matching(doc)).toBeNull();
    const set = RegexSet.of(programs);
    for (const t of [doc, `${doc} 2999_x3 ${doc}`]) {
      const found = set.matching(t, sources.length * t.length);
      expect(found).not.toBeNull();
      const expected = [...found!].flatMap((f, i) => (f === 1 ? [i] : []));
      expect(expected).toEqual(sources.flatMap((s, i) => (new RegExp(s.slice(4), 'i').test(t) ? [i] : [])));
    }
  });
});
