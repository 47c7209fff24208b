import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { compileLinearRegex, prepareRegexGroup } from '../../../../src/core/detectors/linear-regex.js';
import { replaceInParts, TextParts } from '../../../../src/core/detectors/redaction.js';
import { unitsRead } from '../../../../src/core/detectors/regex-dfa.js';
import { re2jsSpans } from '../../../helpers/re2js-reference.js';

const PATTERNS = [
  '(sk-[a-zA-Z0-9]{48}|AKIA[A-Z0-9]{16}|ghp_[a-zA-Z0-9]{36})',
  '[a-z0-9-]+\\.internal\\.yourco\\.com',
  'arn:aws:[a-z0-9-]+:[a-z0-9-]*:\\d{12}:',
  'token_[a-z]{3}',
  'x\\d+y',
];

const PIECES = [
  'sk-',
  'sk-' + 'aB3'.repeat(16),
  'AKIA',
  'AKIAIOSFODNN7EXAMPLE',
  'ghp_',
  'ghp_' + 'A1b2'.repeat(9),
  '.internal.yourco.com',
  'db-1.internal.yourco.com',
  '.inter',
  '.internal.yourco.co',
  'x.international',
  'arn:aws:',
  'arn:aws:iam::123456789012:',
  ':aws:',
  'KIA',
  '_',
  '-',
  'token_abc',
  'x12y',
  ' ',
  'the report',
  'é',
  '"sk-"',
  '[AKIA]',
  '(ghp_)',
  '`token_`',
];

describe('compileLinearRegex', () => {
  it('finds exactly what re2js finds over the whole text (narrowing by rare-character anchors is exact)', () => {
    const text = fc
      .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 })), { maxLength: 40 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(fc.constantFrom(...PATTERNS), text, (source, t) => {
        const r = compileLinearRegex(source);
        if (!r.ok) throw new Error(r.error);
        expect(r.regex.findAll(t)).toEqual(re2jsSpans(source, t));
      }),
      { numRuns: 1500 },
    );
  });

  it('skips literal occurrences in runs shorter than a match and still finds the matches of runs just long enough', () => {
    // A page that documents the patterns: literals between quotes and brackets, then real matches whose
    // runs are exactly the shortest match long.
    const doc = 'Patterns: "sk-", [AKIA], (ghp_), `token_`. '.repeat(200);
    const t = `${doc} token_abc AKIAIOSFODNN7EXAMPLE ${doc} x1y sk-${'aB3'.repeat(16)} ${doc}`;
    for (const source of PATTERNS) {
      const r = compileLinearRegex(source);
      if (!r.ok) throw new Error(r.error);
      expect(r.regex.findAll(t)).toEqual(re2jsSpans(source, t));
    }
    const keys = compileLinearRegex(PATTERNS[0]!);
    if (!keys.ok) throw new Error(keys.error);
    expect(keys.regex.findAll(t).map((s) => t.slice(s.start, s.end))).toEqual([
      'AKIAIOSFODNN7EXAMPLE',
      `sk-${'aB3'.repeat(16)}`,
    ]);
  });

  it('finds matches after many false hits of the rare character (snake_case code, Markdown rules)', () => {
    const r = compileLinearRegex('(sk-[a-zA-Z0-9]{48}|AKIA[A-Z0-9]{16}|ghp_[a-zA-Z0-9]{36})');
    if (!r.ok) throw new Error(r.error);
    const token = 'ghp_' + 'A1b2'.repeat(9);
    const key = 'sk-' + 'aB3'.repeat(16);
    const text = `${'my_var_name = other_value; --- - '.repeat(3000)}${token} and ${'a-b_c '.repeat(500)}${key}`;
    expect(r.regex.findAll(text)).toEqual(re2jsSpans(r.regex.source, text));
    expect(r.regex.findAll(text).map((m) => text.slice(m.start, m.end))).toEqual([token, key]);
  });

  it('finds matches while the searched piece moves on through the literal (past near misses of each piece)', () => {
    // "sk-" is searched as '-', then as 'k-', then whole: each piece is given up after dense near misses of it
    // ('-' in Markdown rules, 'k-' in "look-up"); "ask-" then holds the literal without a match. A key
    // sits before, between and after the switches.
    const r = compileLinearRegex('(sk-[a-zA-Z0-9]{48}|AKIA[A-Z0-9]{16}|ghp_[a-zA-Z0-9]{36})');
    if (!r.ok) throw new Error(r.error);
    const key = (n: number): string => 'sk-' + `aB${n}`.repeat(16);
    const text = [
      key(1),
      ' - '.repeat(1200),
      key(2),
      ' look-up '.repeat(1200),
      key(3),
      ' ask-'.repeat(1200),
      key(4),
    ].join(' ');
    expect(r.regex.findAll(text)).toEqual(re2jsSpans(r.regex.source, text));
    expect(r.regex.findAll(text).map((m) => text.slice(m.start, m.end))).toEqual([key(1), key(2), key(3), key(4)]);
  });

  it('tells a literal from a hit of its piece that shares only its first character', () => {
    // "ghp_" is searched through '_' (offset 3): "gap_" and "g__p_" start with the literal's 'g' at the
    // hit's offset, so only the full comparison turns them away; "ghp_" in a short run is no match.
    const r = compileLinearRegex('(sk-[a-zA-Z0-9]{48}|AKIA[A-Z0-9]{16}|ghp_[a-zA-Z0-9]{36})');
    if (!r.ok) throw new Error(r.error);
    const token = (n: number): string => 'ghp_' + `A1b${n}`.repeat(9);
    for (const filler of ['gap_x ', 'g__p_ ', 'ghp_ ', 'xhp_ ']) {
      const text = `${filler.repeat(40)}${token(1)} ${filler.repeat(4000)}${token(2)}`;
      expect(r.regex.findAll(text).map((m) => text.slice(m.start, m.end))).toEqual([token(1), token(2)]);
      expect(r.regex.findAll(text)).toEqual(re2jsSpans(r.regex.source, text));
    }
  });

  it('finds a literal longer than the searched piece past many near misses of that piece', () => {
    // '.internal.yourco.com' is searched through '.inter': hits of the piece that are not the literal
    // are confirmed away, sparse ones and ones dense enough that the search moves on to the next pieces.
    const r = compileLinearRegex('[a-z0-9-]+\\.internal\\.yourco\\.com');
    if (!r.ok) throw new Error(r.error);
    for (const misses of [3, 5000]) {
      const text = `${'an x.international y.internal.yourco.co z.inter '.repeat(misses)}db-9.internal.yourco.com end`;
      const at = text.indexOf('db-9');
      expect(r.regex.findAll(text)).toEqual([{ start: at, end: at + 'db-9.internal.yourco.com'.length }]);
    }
  });

  it('finds literal-anchored matches in a large document', () => {
    const r = compileLinearRegex('[a-z0-9-]+\\.internal\\.yourco\\.com');
    if (!r.ok) throw new Error(r.error);
    const text = `${'plain words and more words. '.repeat(20000)}see db-7.internal.yourco.com now`;
    const at = text.indexOf('db-7');
    expect(r.regex.findAll(text)).toEqual([{ start: at, end: at + 'db-7.internal.yourco.com'.length }]);
  });

  it('finds what re2js finds when the texts make the match-by-match search run out of allowance (windows, assertions, surrogates)', () => {
    // A first alternative that reads a whole run of letters and digits without matching, before random
    // ones: on long runs the fast path's allowance (4 units per unit + 1024) runs out and the two-pass
    // search finds the rest, window by window.
    const head = fc.constantFrom('[a-z0-9]*x|', '(?i)\\b[a-z]+@|', '[^!.]*!|', '(?:[a-z]+ )*z|');
    const tail = fc.constantFrom(
      'a',
      '\\w',
      '[a-z]{3}',
      '\\d+',
      'b?',
      '\\b',
      '\\x{1f600}',
      'é|λ',
      'sk-[a-z]+',
      '(?m)^a',
      '',
    );
    const chunk = fc.oneof(
      fc.constantFrom(
        'a'.repeat(120),
        'ab '.repeat(40),
        '\u{1f600}a'.repeat(40),
        'sk-abc',
        'x',
        '!',
        '\n',
        'é',
        'AKIA',
      ),
      fc.string({ maxLength: 6 }),
    );
    const text = fc.array(chunk, { minLength: 1, maxLength: 12 }).map((a) => a.join(''));
    let hostile = 0;
    fc.assert(
      fc.property(head, tail, text, (h, t, txt) => {
        const source = h + t;
        const r = compileLinearRegex(source);
        fc.pre(r.ok);
        if (!r.ok) return;
        const before = unitsRead();
        expect(r.regex.findAll(txt)).toEqual(re2jsSpans(source, txt));
        if (unitsRead() - before > 4 * (txt.length + 1) + 1024) hostile++;
      }),
      { numRuns: 400 },
    );
    // The two-pass search did run in a good share of the cases.
    expect(hostile).toBeGreaterThan(20);
  });

  it('finds in a text kept as parts exactly what it finds in the joined text (matches over, beside and inside markers)', () => {
    // Parts as a redaction leaves them: pieces of text and markers, some short, some empty, some made of
    // the patterns' own characters, so that runs and literals reach over the boundaries. Either joined as
    // they are, or cut by a redaction from a flat text, or from such parts.
    const markers = ['[EMAIL_REDACTED]', '[API_KEYS_REDACTED]', '***', '', 'sk-', 'AKIA', '.internal', 'x1', '\ud83d'];
    const part = fc
      .array(fc.oneof(fc.constantFrom(...PIECES, ...markers), fc.string({ maxLength: 4 })), { maxLength: 6 })
      .map((a) => a.join(''));
    const sources = [
      ...PATTERNS,
      '\\bsk-[a-z]+\\b',
      '[A-Z_\\[\\]]{5,}',
      '(?i)akia[a-z0-9]{4}',
      'a.c',
      '\\d{2,}',
      '(?m)^x\\d',
    ];
    const span = fc.record({ start: fc.nat(200), len: fc.nat(30), marker: fc.constantFrom(...markers) });
    fc.assert(
      fc.property(
        fc.constantFrom(...sources),
        fc.array(part, { minLength: 1, maxLength: 12 }),
        fc.array(span, { maxLength: 6 }),
        (source, pieces, cuts) => {
          const r = compileLinearRegex(source);
          if (!r.ok) throw new Error(r.error);
          const joined = TextParts.of(pieces);
          expect(r.regex.findAllIn(joined)).toEqual(r.regex.findAll(joined.text));
          const flat = pieces.join('');
          const spans = cuts.map((c) => ({
            start: Math.min(c.start, flat.length),
            end: Math.min(c.start + c.len, flat.length),
            type: 't',
            marker: c.marker,
          }));
          const cut = replaceInParts(flat, undefined, spans, { format: 'label' });
          expect(r.regex.findAllIn(cut)).toEqual(r.regex.findAll(cut.text));
          const n = cut.text.length;
          const again = replaceInParts(
            cut.text,
            cut,
            spans.map((s) => ({ ...s, start: Math.min(s.start, n), end: Math.min(s.end, n), marker: 'AKIA' })),
            { format: 'label' },
          );
          expect(r.regex.findAllIn(again)).toEqual(r.regex.findAll(again.text));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('finds in a long text kept as parts what it finds in the joined text, windows dense or sparse', () => {
    const r = compileLinearRegex('(sk-[a-zA-Z0-9]{48}|AKIA[A-Z0-9]{16}|ghp_[a-zA-Z0-9]{36})');
    const host = compileLinearRegex('[a-z0-9-]+\\.internal\\.yourco\\.com');
    if (!r.ok || !host.ok) throw new Error('pattern');
    const prose = 'plain words, db-7.internal.yourco.com and more words. '.repeat(400);
    const key = 'AKIA' + 'ABCDEFGHIJ123456';
    // A key cut by a boundary, keys beside markers, and a part of nothing but keys (dense windows).
    const pieces = [
      prose,
      key.slice(0, 9),
      key.slice(9) + ' ' + prose,
      '[EMAIL_REDACTED]',
      key,
      prose,
      `${key} `.repeat(3000),
      prose,
    ];
    const parts = TextParts.of(pieces);
    for (const re of [r.regex, host.regex]) expect(re.findAllIn(parts)).toEqual(re.findAll(parts.text));
    expect(r.regex.findAllIn(parts).length).toBe(3002);
  });
});

// Case-insensitive patterns (block_if, attack patterns, `(?i)`): re2js's prefilter proves no literal of
// theirs, so linear-regex.ts reads a folded one from the program and searches the text's folded copy.
const FOLDED = [
  '(?i)secret[-_ ]?code[-_ ]?\\d[a-z]{2,4}',
  '(?i)token_[a-z]{3}',
  '(?i)ask(?-i)ED now',
  '(?i)(?:kelvin|ks)\\b',
  '(?i)\\bxs+k',
  '[sS\\x{17f}]ecret\\d',
  '(?i)stra(?:sse|ße)',
  '(?i)i̇stanbul|iz',
];
const FOLDED_PIECES = [
  'secret code 7ab',
  'SECRET-CODE9XYZ',
  '\u017fecret_code1kk',
  'Secret',
  'ſecret4',
  'TOKEN_abc',
  'token_',
  'asked now',
  'ASKED now',
  'AsKED now',
  'askED NOW',
  'KELVIN',
  '\u212aelvin',
  'k\u017f',
  'XSSK',
  'x\u017f\u212a',
  'Straße',
  'STRASSE',
  'İstanbul',
  'IZ',
  ' ',
  '-',
  'é',
];

describe('folded literals and groups of regexes', () => {
  const text = fc
    .array(fc.oneof(fc.constantFrom(...FOLDED_PIECES), fc.string({ maxLength: 3 })), { maxLength: 30 })
    .map((a) => a.join(''));

  it('finds exactly what re2js finds for case-insensitive patterns (folded literals, long s, Kelvin, dotted I)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FOLDED), text, (source, t) => {
        const r = compileLinearRegex(source);
        if (!r.ok) throw new Error(r.error);
        expect(r.regex.findAll(t)).toEqual(re2jsSpans(source, t));
        // The same text in a long document: the literal's windows, not the whole text.
        const long = `${'plain words. '.repeat(400)}${t}${' more words.'.repeat(400)}`;
        expect(r.regex.findAll(long)).toEqual(re2jsSpans(source, long));
      }),
      { numRuns: 600 },
    );
  });

  it('a group finds what each regex finds alone, with a set pass or without (literal, run-narrowed, anchored, dot)', () => {
    const sources = [
      ...FOLDED,
      ...PATTERNS,
      '^[a-z]+',
      '(?m)^sec.*$',
      'x.{2}y',
      '\\d{3}',
      '(?i)k\\b',
      'a*',
      '\\b\\B',
      '$',
    ];
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...sources), { minLength: 1, maxLength: 10 }),
        text,
        fc.nat(3),
        fc.boolean(),
        (chosen, t, repeat, pad) => {
          // Past SET_MIN_LENGTH (4096) units, patterns that read the whole text go through the set first.
          const long = (pad ? 'filler words, '.repeat(300) : '') + t.repeat(repeat + 1);
          const regexes = chosen.map((s) => {
            const r = compileLinearRegex(s);
            if (!r.ok) throw new Error(r.error);
            return r.regex;
          });
          const group = prepareRegexGroup(regexes);
          const skip = (i: number): boolean => i === 1;
          expect(group.findAll(long)).toEqual(regexes.map((r) => r.findAll(long)));
          expect(group.findAll(long, skip)).toEqual(regexes.map((r, i) => (skip(i) ? [] : r.findAll(long))));
          chosen.forEach((s, i) => expect(group.findAll(long)[i]).toEqual(re2jsSpans(s, long)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads a document holding no folded literal only where the literal is (none: no search)', () => {
    const r = compileLinearRegex('(?i)secret[-_ ]?code[-_ ]?\\d+[a-z]{2,8}');
    if (!r.ok) throw new Error(r.error);
    const doc = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(2000);
    const before = unitsRead();
    expect(r.regex.findAll(doc)).toEqual([]);
    // The pattern's characters (letters, digits, spaces) cover the whole document: it was read in full.
    expect(unitsRead() - before).toBe(0);
    const hit = `${doc}SECRET code 12ab ${doc}`;
    expect(r.regex.findAll(hit)).toEqual(re2jsSpans('(?i)secret[-_ ]?code[-_ ]?\\d+[a-z]{2,8}', hit));
  });

  it('lowers a text once for the case-insensitive regexes that search it one by one (attack patterns)', () => {
    const regexes = Array.from({ length: 20 }, (_, i) => {
      const r = compileLinearRegex(`(?i)override[- ]?rule[- ]?${i}\\b`);
      if (!r.ok) throw new Error(r.error);
      return r.regex;
    });
    const doc = `${'Please summarise the meeting notes for the team. '.repeat(300)}OVERRIDE rule 7 now`;
    const lowered = vi.spyOn(String.prototype, 'toLowerCase');
    try {
      const found = regexes.map((r) => r.findAll(doc));
      expect(found.flat()).toEqual([{ start: doc.length - 19, end: doc.length - 4 }]);
      // The same text again, as another string: still the copy already made.
      const again = regexes.map((r) => r.findAll(`${doc.slice(0, 10)}${doc.slice(10)}`));
      expect(again).toEqual(found);
      const ofDoc = lowered.mock.contexts.filter((t) => String(t).length === doc.length);
      expect(ofDoc.length).toBe(1);
    } finally {
      lowered.mockRestore();
    }
  });

  it('reads a text where no regex of a group matches about once, not once per regex (set pass)', () => {
    // No literal of two units in any of them, and a text their characters cover: each alone reads all of it.
    const sources = Array.from(
      { length: 20 },
      (_, i) => `(?i)\\b[a-z]{3}${i % 10}[a-z]${String.fromCharCode(97 + i)}\\b`,
    );
    const regexes = sources.map((s) => {
      const r = compileLinearRegex(s);
      if (!r.ok) throw new Error(r.error);
      return r.regex;
    });
    const doc = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod '.repeat(1000);
    let before = unitsRead();
    const alone = regexes.map((r) => r.findAll(doc));
    const aloneUnits = unitsRead() - before;
    expect(aloneUnits).toBeGreaterThanOrEqual(19 * doc.length);
    const group = prepareRegexGroup(regexes);
    before = unitsRead();
    expect(group.findAll(doc)).toEqual(alone);
    expect(unitsRead() - before).toBe(0);
    // One regex matches: only it is searched.
    const one = `${doc} abc7xh ${doc}`;
    before = unitsRead();
    const found = group.findAll(one);
    expect(unitsRead() - before).toBeLessThanOrEqual(2 * one.length + 1024);
    expect(found).toEqual(regexes.map((r) => r.findAll(one)));
    expect(found.flat().length).toBe(1);
  });

  it('gives up its set pass on a text that makes the set states blow up, with the same results', () => {
    // The classic exponential DFA: "an a, then n letters" for several n; random letters make every state.
    const sources = [5, 6, 7, 8, 9, 10].map((n) => `a[a-z]{${n}}q9`);
    const regexes = sources.map((s) => {
      const r = compileLinearRegex(s);
      if (!r.ok) throw new Error(r.error);
      return r.regex;
    });
    let seed = 7;
    let doc = '';
    while (doc.length < 60000) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      doc += String.fromCharCode(97 + (seed % 26));
      if (seed % 997 === 0) doc += 'q9';
    }
    const group = prepareRegexGroup(regexes);
    const found = group.findAll(doc);
    sources.forEach((s, i) => expect(found[i]).toEqual(re2jsSpans(s, doc)));
  });
});
