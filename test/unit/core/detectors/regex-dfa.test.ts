import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it, vi } from 'vitest';
import { RegexDfa, searchBudget } from '../../../../src/core/detectors/regex-dfa.js';
import { DfaProgram } from '../../../../src/core/detectors/regex-dfa-program.js';
import { compileLinearRegex } from '../../../../src/core/detectors/linear-regex.js';
import { re2jsSpans } from '../../../helpers/re2js-reference.js';

type Span = { start: number; end: number };

function dfaOf(re: RE2JS): RegexDfa {
  const prog = (re as unknown as { re2Input: { prog: { inst: unknown; start: unknown } } }).re2Input.prog;
  const dfa = RegexDfa.of(prog.inst, prog.start);
  if (dfa === null) throw new Error('no DFA for this program');
  return dfa;
}

/** The DFA's spans; `fastUnits` 0 sends the whole text to the two-pass search. */
function dfaSpans(dfa: RegexDfa, text: string, fastUnits?: number): Span[] {
  const out: Span[] = [];
  dfa.scan(text, 0, text.length, out, fastUnits === undefined ? searchBudget(text.length) : { fastUnits });
  return out;
}

// Characters that exercise classes, case folding (K/k/Kelvin sign, s/S/long s), word boundaries, line
// anchors, Latin-1 and beyond, and surrogates (a pair, and each half alone).
const CHARS = [
  'a',
  'b',
  'c',
  'A',
  'B',
  'k',
  'K',
  '\u212a',
  's',
  'S',
  '\u017f',
  '0',
  '7',
  '_',
  '-',
  ' ',
  '\n',
  '.',
  'é',
  'É',
  'ß',
  'λ',
  '\u{1f600}',
  '\ud83d',
  '\ude00',
  'x',
];

const atom: fc.Arbitrary<string> = fc.constantFrom(
  'a',
  'b',
  'k',
  's',
  'A',
  'K',
  '-',
  '_',
  ' ',
  '\\n',
  'é',
  'λ',
  '\u{1f600}',
  '\\.',
  '.',
  '\\d',
  '\\w',
  '\\s',
  '\\D',
  '\\W',
  '\\S',
  '[ab]',
  '[^a]',
  '[a-c]',
  '[A-Z0-9]',
  '[à-ÿ]',
  '[^\\n]',
  '\\pL',
  '[\\x{1f600}-\\x{1f64f}]',
  '\\b',
  '\\B',
  '^',
  '$',
  '(?:)',
  '[\\x{dc00}-\\x{dfff}]',
);
const quantifier = fc.constantFrom('', '', '', '*', '+', '?', '{0,2}', '{1,3}', '{2}', '*?', '+?', '??', '{1,2}?');

const pattern: fc.Arbitrary<string> = fc.letrec<{ re: string; piece: string; seq: string }>((tie) => ({
  piece: fc.oneof(
    { depthSize: 'small' },
    { weight: 4, arbitrary: fc.tuple(atom, quantifier).map(([a, q]) => (/^[\\^$]b?$|^\\[bB]$/.test(a) ? a : a + q)) },
    {
      weight: 1,
      arbitrary: fc.tuple(tie('re'), quantifier, fc.boolean()).map(([r, q, cap]) => `(${cap ? '' : '?:'}${r})${q}`),
    },
  ),
  seq: fc.array(tie('piece'), { minLength: 1, maxLength: 4 }).map((a) => a.join('')),
  re: fc.array(tie('seq'), { minLength: 1, maxLength: 3 }).map((a) => a.join('|')),
})).re;

const flags = fc.constantFrom('', '', '(?i)', '(?m)', '(?s)', '(?im)', '(?U)');

const text = fc.array(fc.constantFrom(...CHARS), { maxLength: 24 }).map((a) => a.join(''));

function compiled(source: string): RE2JS | null {
  try {
    return RE2JS.compile(source);
  } catch {
    return null;
  }
}

describe('RegexDfa', () => {
  it('finds the spans re2js finds, on random patterns and texts (assertions, case folding, surrogates)', () => {
    fc.assert(
      fc.property(flags, pattern, text, (f, p, t) => {
        const re = compiled(f + p);
        fc.pre(re !== null);
        expect(dfaSpans(dfaOf(re!), t)).toEqual(re2jsSpans(re!, t));
      }),
      { numRuns: 4000 },
    );
  });

  it('keeps giving the same spans as its cache of states fills (one regex, many texts)', () => {
    fc.assert(
      fc.property(flags, pattern, fc.array(text, { minLength: 2, maxLength: 6 }), (f, p, texts) => {
        const re = compiled(f + p);
        fc.pre(re !== null);
        const dfa = dfaOf(re!);
        for (const t of texts) expect(dfaSpans(dfa, t)).toEqual(re2jsSpans(re!, t));
      }),
      { numRuns: 500 },
    );
  });

  it('finds the spans of the seed DLP patterns on hostile repetitions', () => {
    const sources = [
      '(sk-[a-zA-Z0-9]{48}|AKIA[A-Z0-9]{16}|ghp_[a-zA-Z0-9]{36})',
      '[a-z0-9-]+\\.internal\\.yourco\\.com',
      'arn:aws:[a-z0-9-]+:[a-z0-9-]*:\\d{12}:',
      '\\b\\d{3}-\\d{2}-\\d{4}\\b',
      '(?i)password\\s*[:=]\\s*\\S+',
      '(?m)^secret: .*$',
    ];
    const units = [
      'AKIA',
      'sk-',
      'ghp_',
      'AKIAAKIAAKIAAKIAAKIA ',
      'a.internal.yourco.com ',
      'arn:aws:s3::123456789012:',
      '123-45-6789 ',
      'Password: x\n',
      'secret: y\n',
      'a-',
      '1',
    ];
    for (const source of sources) {
      const re = RE2JS.compile(source);
      const dfa = dfaOf(re);
      for (const u of units) {
        const t = u.repeat(Math.ceil(3000 / u.length));
        expect(dfaSpans(dfa, t)).toEqual(re2jsSpans(re, t));
      }
    }
  });

  it('tells runes apart by the rune sets of the program, not by each of its instructions (a pattern of 20,000 literals)', () => {
    // Each Latin-1 rune was tested against every rune instruction when the program was built: 256 times
    // the program's length (a pattern of 900,000 literals took ~50 s to compile, in lint, eval and the
    // gateway's start alike).
    const shape = (n: number): string => `(${'ab'.repeat(n)})|[0-9]+x|(?i:k)s`;
    const consumes = vi.spyOn(DfaProgram.prototype, 'consumes');
    try {
      dfaOf(RE2JS.compile(shape(10_000)));
      // Two rune sets tell runes apart: [0-9], and k with its other cases (the literals only by their rune).
      expect(consumes.mock.calls.length).toBeLessThanOrEqual(2 * 256);
    } finally {
      consumes.mockRestore();
    }
    // The classes tell apart what the program does: the same spans as re2js (a shorter literal, as
    // searching for a 20,000-character one on a long text costs re2js's reference far more).
    const re = RE2JS.compile(shape(20));
    const dfa = dfaOf(re);
    for (const t of [`${'ab'.repeat(20)} 123x Ks \u212as ab ${'ab'.repeat(45)}`, `${'ab'.repeat(19)}a 0x kS é`])
      expect(dfaSpans(dfa, t)).toEqual(re2jsSpans(re, t));
  });

  it('classes: two runes share one exactly when every instruction treats them alike (random patterns)', () => {
    // The classes are found by splitting the Latin-1 runes by each rune set, and past Latin-1 by
    // signature: compared with the definition, an instruction at a time, on every Latin-1 rune and some
    // beyond (folding onto ASCII, surrogates, astral).
    const beyond = [0x100, 0x17f, 0x212a, 0x3bb, 0x39b, 0x1e9e, 0x2028, 0x3000, 0xd83d, 0xde00, 0xffff, 0x1f600];
    const runes = [...Array.from({ length: 256 }, (_, u) => u), ...beyond];
    fc.assert(
      fc.property(flags, pattern, fc.array(pattern, { maxLength: 2 }), (f, p, more) => {
        const re = compiled(f + [p, ...more].join('|'));
        fc.pre(re !== null);
        const dfa = dfaOf(re!);
        const definition = (r: number): string =>
          `${dfa.kind(r)}|${Array.from(dfa.runeInsts, (pc) => (dfa.consumes(pc, r) ? 1 : 0)).join('')}`;
        const byDefinition = new Map<string, number>();
        const byClass = new Map<number, string>();
        // Latin-1 first, numbered in the order of the runes (the numbering a signature per rune gave).
        let next = 1;
        for (const r of runes) {
          const d = definition(r);
          const cls = dfa.classOf(r);
          if (r < 256) {
            expect(dfa.latin1[r]).toBe(cls);
            if (!byClass.has(cls)) expect(cls).toBe(next++);
          }
          expect(byDefinition.get(d) ?? cls).toBe(cls);
          expect(byClass.get(cls) ?? d).toBe(d);
          byDefinition.set(d, cls);
          byClass.set(cls, d);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finds the Latin-1 classes with work in proportion to the rune sets, not 256 runes each', () => {
    // Every Latin-1 rune was tested against every distinct rune set: 256 calls a set (a pack of 5,000
    // attack patterns spent seconds in it, in the gateway's reload). Now a set is asked about its own
    // runes only: here 300 sets of two letters each.
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const sets: string[] = [];
    for (let a = 0; a < letters.length && sets.length < 300; a++)
      for (let b = a + 1; b < letters.length && sets.length < 300; b++) sets.push(`[${letters[a]}${letters[b]}]`);
    const consumes = vi.spyOn(DfaProgram.prototype, 'consumes');
    try {
      dfaOf(RE2JS.compile(sets.join('')));
      expect(consumes.mock.calls.length).toBeLessThanOrEqual(2 * sets.length);
    } finally {
      consumes.mockRestore();
    }
  });

  it("holds no transition tables until it searches (most of a pack's patterns never do)", () => {
    const tables = (dfa: RegexDfa): number[] =>
      ['forward', 'reverse'].map((d) => (dfa as unknown as Record<string, { table: Int32Array }>)[d]!.table.length);
    const re = RE2JS.compile('(?i)ignore (all )?previous instructions');
    const dfa = dfaOf(re);
    expect(tables(dfa)).toEqual([0, 0]);
    const t = 'Please IGNORE previous instructions, then ignore all previous instructions.';
    expect(dfaSpans(dfa, t)).toEqual(re2jsSpans(re, t));
    expect(tables(dfa)[0]).toBeGreaterThan(0);
  });

  it('goes on with the two-pass search when its states blow up, and the spans stay the same', () => {
    // `[ab]*a[ab]{14}` needs a state per combination of the last 15 characters: random a/b text keeps
    // making new ones, more than the cache holds between clearings.
    const re = RE2JS.compile('[ab]*a[ab]{14}c');
    let seed = 7;
    const rnd = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    const t = Array.from({ length: 200_000 }, (_, i) => (i % 5000 === 4999 ? 'c' : rnd() < 0.5 ? 'a' : 'b')).join('');
    const dfa = dfaOf(re);
    expect(dfaSpans(dfa, t)).toEqual(re2jsSpans(re, t));
    expect(dfa.twoPassScans).toBe(1);
    const r = compileLinearRegex('[ab]*a[ab]{14}c');
    if (!r.ok) throw new Error(r.error);
    expect(r.regex.findAll(t)).toEqual(re2jsSpans(re, t));
  });
});

// Patterns whose leftmost-first matches each need a look far past their end (a higher-priority
// alternative that can run on without matching), and texts on which every search reads to the end of the
// run: searching match by match, RE2, Rust's regex and re2js take quadratic time to find them all.
const HOSTILE: Array<{ source: string; unit: string; matches: (n: number) => Span[] }> = [
  { source: '[a-z]*x|a', unit: 'a', matches: (n) => Array.from({ length: n }, (_, i) => ({ start: i, end: i + 1 })) },
  { source: 'a*b|a', unit: 'a', matches: (n) => Array.from({ length: n }, (_, i) => ({ start: i, end: i + 1 })) },
  { source: '\\w+@|\\w', unit: 'a', matches: (n) => Array.from({ length: n }, (_, i) => ({ start: i, end: i + 1 })) },
  {
    source: '(?:[a-z]+ )*z|[a-z]',
    unit: 'ab ',
    matches: (n) => Array.from({ length: n }, (_, i) => ({ start: i, end: i + 1 })).filter((s) => s.start % 3 !== 2),
  },
  // The same through assertions, and over surrogate pairs (each read as one character; a pair cut by the
  // end of the text leaves its high half alone, a character of its own).
  {
    source: '(?:\\b\\w+\\b )*!|\\w',
    unit: 'ab ',
    matches: (n) => Array.from({ length: n }, (_, i) => ({ start: i, end: i + 1 })).filter((s) => s.start % 3 !== 2),
  },
  {
    source: '[^!]*!|.',
    unit: 'a\u{1f600}',
    matches: (n) =>
      Array.from({ length: n }, (_, i) => ({ start: i, end: Math.min(n, i + (i % 3 === 1 ? 2 : 1)) })).filter(
        (s) => s.start % 3 !== 2,
      ),
  },
];

/**
 * The stated bound on the units one text's searches read (regex-dfa.ts, searchBudget and exactScan): the
 * fast path at most twice its allowance of 4 * (n + 1) + 1024 (its forward reads, and the reverse reads
 * to each match's start, which are never more than the forward ones), the two-pass search at most
 * 8 * (n + 1).
 */
const workBound = (n: number): number => 2 * (4 * (n + 1) + 1024) + 2 + 8 * (n + 1);

describe('RegexDfa: all the matches of a text in linear time', () => {
  it.each(HOSTILE)(
    'reads at most 16 (n + 1) + 2050 units for $source on n = 1k .. 64k, and finds what re2js finds',
    ({ source, unit, matches }) => {
      const re = RE2JS.compile(source);
      for (const n of [1024, 4096, 16_384, 65_536]) {
        const text = unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
        const dfa = dfaOf(re);
        const spans = dfaSpans(dfa, text);
        expect(dfa.work).toBeLessThanOrEqual(workBound(n));
        expect(dfa.twoPassScans).toBe(1);
        expect(spans).toEqual(matches(n));
        // re2js's own iteration is quadratic here: compared where it is affordable.
        if (n <= 4096) expect(spans).toEqual(re2jsSpans(re, text));
      }
    },
  );

  it('two-pass search: the spans re2js finds, on random patterns and texts (assertions, case folding, surrogates)', () => {
    fc.assert(
      fc.property(flags, pattern, text, (f, p, t) => {
        const re = compiled(f + p);
        fc.pre(re !== null);
        expect(dfaSpans(dfaOf(re!), t, 0)).toEqual(re2jsSpans(re!, t));
      }),
      { numRuns: 4000 },
    );
  });

  it("switching over mid-text: the spans re2js finds, whatever is left of the fast path's allowance", () => {
    fc.assert(
      fc.property(flags, pattern, text, fc.integer({ min: 1, max: 30 }), (f, p, t, allowance) => {
        const re = compiled(f + p);
        fc.pre(re !== null);
        expect(dfaSpans(dfaOf(re!), t, allowance)).toEqual(re2jsSpans(re!, t));
      }),
      { numRuns: 3000 },
    );
  });

  it('two-pass search past its chunks, between the halves of surrogate pairs, and on a window of a text', () => {
    // 4096-unit chunks of states are computed again as the walks reach them; empty matches before a pair
    // make the next search start on its low half.
    const sources = [
      '[a-z]*x|a',
      '(?:\\x{1f600}a)+|',
      '\\b|[^x]*y|\\pL+',
      'a*?\\x{1f600}|\\W',
      '(?i)k+|(?:[^z]*z)?',
      '(?m)^|a+$|.',
      '[\\x{dc00}-\\x{dfff}].|',
    ];
    const units = ['a', 'ab \u{1f600}a', '\u{1f600}a\u{1f600}', 'K\u212ak\n', 'a\ud800\udc00\ud800 '];
    for (const source of sources) {
      const re = RE2JS.compile(source);
      for (const u of units) {
        const t = u.repeat(Math.ceil(4700 / u.length));
        expect(dfaSpans(dfaOf(re), t, 0)).toEqual(re2jsSpans(re, t));
        // A window [lo, hi] of the text (matches are cut at hi, as for a window of linear-regex.ts, whose
        // ends no match can cross): the fast path's spans, and assertions still see the characters around it.
        const lo = 601;
        const hi = 4650 - (t.charCodeAt(4649) >= 0xd800 && t.charCodeAt(4649) <= 0xdbff ? 1 : 0);
        const out: Span[] = [];
        dfaOf(re).scan(t, lo, hi, out, { fastUnits: 0 });
        const fast: Span[] = [];
        dfaOf(re).scan(t, lo, hi, fast, { fastUnits: 1e9 });
        expect(out).toEqual(fast);
      }
    }
  });
});
