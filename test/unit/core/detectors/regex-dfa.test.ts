import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { RegexDfa } from '../../../../src/core/detectors/regex-dfa.js';
import { compileLinearRegex } from '../../../../src/core/detectors/linear-regex.js';
import { re2jsSpans } from '../../../helpers/re2js-reference.js';

type Span = { start: number; end: number };

function dfaOf(re: RE2JS): RegexDfa {
  const prog = (re as unknown as { re2Input: { prog: { inst: unknown; start: unknown } } }).re2Input.prog;
  const dfa = RegexDfa.of(prog.inst, prog.start);
  if (dfa === null) throw new Error('no DFA for this program');
  return dfa;
}

function dfaSpans(dfa: RegexDfa, text: string): Span[] {
  const out: Span[] = [];
  if (!dfa.scan(text, 0, text.length, out)) throw new Error('the DFA gave up');
  return out;
}

// Characters that exercise classes, case folding (K/k/Kelvin sign, s/S/long s), word boundaries, line
// anchors, Latin-1 and beyond, and surrogates (a pair, and each half alone).
const CHARS = ['a', 'b', 'c', 'A', 'B', 'k', 'K', '\u212a', 's', 'S', '\u017f', '0', '7', '_', '-', ' ', '\n', '.', 'é', 'É', 'ß', 'λ', '\u{1f600}', '\ud83d', '\ude00', 'x'];

const atom: fc.Arbitrary<string> = fc.constantFrom(
  'a', 'b', 'k', 's', 'A', 'K', '-', '_', ' ', '\\n', 'é', 'λ', '\u{1f600}', '\\.', '.',
  '\\d', '\\w', '\\s', '\\D', '\\W', '\\S', '[ab]', '[^a]', '[a-c]', '[A-Z0-9]', '[à-ÿ]', '[^\\n]', '\\pL', '[\\x{1f600}-\\x{1f64f}]',
  '\\b', '\\B', '^', '$', '(?:)',
);
const quantifier = fc.constantFrom('', '', '', '*', '+', '?', '{0,2}', '{1,3}', '{2}', '*?', '+?', '??', '{1,2}?');

const pattern: fc.Arbitrary<string> = fc.letrec<{ re: string; piece: string; seq: string }>((tie) => ({
  piece: fc.oneof(
    { depthSize: 'small' },
    { weight: 4, arbitrary: fc.tuple(atom, quantifier).map(([a, q]) => (/^[\\^$]b?$|^\\[bB]$/.test(a) ? a : a + q)) },
    { weight: 1, arbitrary: fc.tuple(tie('re'), quantifier, fc.boolean()).map(([r, q, cap]) => `(${cap ? '' : '?:'}${r})${q}`) },
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
    const units = ['AKIA', 'sk-', 'ghp_', 'AKIAAKIAAKIAAKIAAKIA ', 'a.internal.yourco.com ', 'arn:aws:s3::123456789012:', '123-45-6789 ', 'Password: x\n', 'secret: y\n', 'a-', '1'];
    for (const source of sources) {
      const re = RE2JS.compile(source);
      const dfa = dfaOf(re);
      for (const u of units) {
        const t = u.repeat(Math.ceil(3000 / u.length));
        expect(dfaSpans(dfa, t)).toEqual(re2jsSpans(re, t));
      }
    }
  });

  it('hands over to re2js when its states blow up, and the spans stay the same', () => {
    // `[ab]*a[ab]{14}` needs a state per combination of the last 15 characters: random a/b text keeps
    // making new ones, more than the cache holds between clearings.
    const re = RE2JS.compile('[ab]*a[ab]{14}c');
    let seed = 7;
    const rnd = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    const t = Array.from({ length: 200_000 }, (_, i) => (i % 5000 === 4999 ? 'c' : rnd() < 0.5 ? 'a' : 'b')).join('');
    const dfa = dfaOf(re);
    const out: Span[] = [];
    const finished = dfa.scan(t, 0, t.length, out);
    expect(finished).toBe(false);
    const r = compileLinearRegex('[ab]*a[ab]{14}c');
    if (!r.ok) throw new Error(r.error);
    expect(r.regex.findAll(t)).toEqual(re2jsSpans(re, t));
  });
});
