/**
 * dlp-filter blocked_terms written to slip past a word match: invisible characters inside the term, look-alike
 * letters, fullwidth forms, diacritics, URL escapes and HTML references, letters spelled out one by one. The redaction cuts the original text
 * over the whole disguised term (property test: no term survives a redaction).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareChain } from '../../../../src/core/engine.js';
import type { JsonObject, Payload } from '../../../../src/core/types.js';
import { onePolicyPack } from '../../../helpers/packs.js';

const user = (content: string): Payload => ({ messages: [{ role: 'user', content }] });
const TERMS = ['Project Kestrel', 'Marlowe'];
const LATIN: Record<string, string> = { а: 'a', е: 'e', о: 'o', р: 'p', с: 'c' };
/** A text as it reads: compatibility forms, accents, invisible characters and Cyrillic look-alikes undone. */
const plain = (text: string): string =>
  text
    .replace(/&#(x?)([0-9a-f]+);/gi, (_, x: string, n: string) => String.fromCodePoint(parseInt(n, x ? 16 : 10)))
    .replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .normalize('NFKD')
    .replace(/[\u0300-\u036f\u00ad\u200b\u2060]/g, '')
    .replace(/[аеорс]/g, (c) => LATIN[c]!)
    .toLowerCase();

function run(config: JsonObject, text: string) {
  const d = prepareChain(onePolicyPack('dlp-filter', config)).evaluate(user(text), { now: 0, mode: 'exhaustive' });
  const step = d.steps.find((s) => s.kind === 'dlp-filter')!;
  const content = (d.request as { messages: { content: string }[] }).messages[0]!.content;
  return { verdict: d.verdict, found: step.findings.map((f) => text.slice(f.start, f.end)), content };
}

describe('dlp-filter blocked_terms in disguise', () => {
  const config = { action: 'redact', blocked_terms: TERMS };

  it.each([
    ['a zero-width space', 'ask about Project Kes\u200btrel today', 'Project Kes\u200btrel'],
    ['soft hyphens', 'ask about Mar\u00adlo\u00adwe today', 'Mar\u00adlo\u00adwe'],
    ['a bidi override', 'ask about \u202eMarlowe\u202c today', 'Marlowe'],
    ['a Cyrillic look-alike', 'ask about Mаrlowe today', 'Mаrlowe'],
    ['a Greek look-alike', 'ask about Project Κestrel today', 'Project Κestrel'],
    ['fullwidth forms', 'ask about Ｍａｒｌｏｗｅ today', 'Ｍａｒｌｏｗｅ'],
    ['combining diacritics', 'ask about Ma\u0301rlo\u0300we today', 'Ma\u0301rlo\u0300we'],
  ])('finds the term written with %s, over the original units', (_what, text, term) => {
    const r = run(config, text);
    expect(r.found).toEqual([term]);
    expect(r.content).toBe(text.replace(term, '[BLOCKED_TERM_REDACTED]'));
  });

  it.each([
    ['hyphens', 'ask P-r-o-j-e-c-t K-e-s-t-r-e-l now', 'P-r-o-j-e-c-t K-e-s-t-r-e-l'],
    ['blanks', 'ask m a r l o w e now', 'm a r l o w e'],
    ['dots, after a word as written', 'Project k.e.s.t.r.e.l.', 'Project k.e.s.t.r.e.l'],
    ['underscores', 'ask M_A_R_L_O_W_E now', 'M_A_R_L_O_W_E'],
  ])('finds a term spelled out letter by letter with %s', (_what, text, term) => {
    const r = run(config, text);
    expect(r.found).toEqual([term]);
    expect(r.content).toBe(text.replace(term, '[BLOCKED_TERM_REDACTED]'));
  });

  it('reports a spelled-out term beside the same term as written, each once', () => {
    const r = run(config, 'Marlowe, then m-a-r-l-o-w-e');
    expect(r.found.sort()).toEqual(['Marlowe', 'm-a-r-l-o-w-e']);
    expect(r.content).toBe('[BLOCKED_TERM_REDACTED], then [BLOCKED_TERM_REDACTED]');
    // The spelled one first in the text (it is found by the second reading, after the other).
    const back = run(config, 'm-a-r-l-o-w-e, then Marlowe');
    expect(back.found.sort()).toEqual(['Marlowe', 'm-a-r-l-o-w-e']);
    expect(back.content).toBe('[BLOCKED_TERM_REDACTED], then [BLOCKED_TERM_REDACTED]');
  });

  it('finds spelled-out terms deep in a long text, each over its own characters', () => {
    const filler = ' plain words of a long report, '.repeat(400);
    const text = `${filler}P-r-o-j-e-c-t Kestrel${filler}then m a r l o w e.${filler}`;
    const r = run(config, text);
    expect(r.found).toEqual(['P-r-o-j-e-c-t Kestrel', 'm a r l o w e']);
    expect(r.content).toBe(`${filler}[BLOCKED_TERM_REDACTED]${filler}then [BLOCKED_TERM_REDACTED].${filler}`);
  });

  it('does not join letters apart from a term, separators that change, or letters on lines of their own', () => {
    for (const text of [
      'm a r l o w e s',
      'm-a-r.l-o-w-e',
      'm\na\nr\nl\no\nw\ne',
      'mar-l-o-w-e',
      'a b c d e f g and U.S.A. and e.g.',
    ])
      expect(run(config, text).verdict).toBe('allow');
  });

  it('leaves look-alike words alone: other words, and the same letters in another script', () => {
    for (const text of ['Marlowes and kestrels', 'Марлоу wrote plays', 'the project kestrels nest', 'ＭＡＲＬ'])
      expect(run(config, text).verdict).toBe('allow');
  });

  // A disguise applied to one letter: what an evader can write that a reader still reads as the letter.
  const disguise = fc.constantFrom<(c: string) => string>(
    (c) => c,
    (c) => c.toUpperCase(),
    (c) => `${c}\u200b`,
    (c) => `\u00ad${c}`,
    (c) => `${c}\u2060`,
    (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0),
    (c) => ({ a: 'а', e: 'е', o: 'о', p: 'р', c: 'с' })[c] ?? c,
    (c) => (/[aeo]/.test(c) ? `${c}\u0301` : c),
    (c) => `&#${c.charCodeAt(0)};`,
    (c) => `&#x${c.charCodeAt(0).toString(16)};`,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  const filler = fc.constantFrom('see ', 'the plan: ', '\n', 'déjà vu ', 'ｆｕｌｌ ', '«', '» ', ', ', '🙂 ');

  it('redacts every disguised term, leaving no term behind (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            filler,
            fc
              .tuple(fc.constantFrom(...TERMS), fc.array(disguise, { minLength: 15, maxLength: 15 }))
              .map(([t, ds]) => ` ${[...t].map((c, i) => (c === ' ' ? c : ds[i]!(c))).join('')} `),
            // Spelled out letter by letter ("k-e-s-t-r-e-l"), the words of a term apart as written.
            fc.tuple(fc.constantFrom(...TERMS), fc.constantFrom('-', ' ', '.', '_', '*', '/'), fc.boolean()).map(
              ([t, sep, upper]) =>
                ` ${(upper ? t.toUpperCase() : t)
                  .split(' ')
                  .map((w) => [...w].join(sep))
                  .join(sep === ' ' ? '   ' : ' ')} `,
            ),
          ),
          { maxLength: 8 },
        ),
        (pieces) => {
          const text = pieces.join('');
          const first = run(config, text);
          // What the redaction left, read as a person reads it: no term is there any more.
          expect(plain(first.content).replace(/[^a-z]/g, '')).not.toMatch(/kestrel|marlowe/);
          expect(run(config, first.content).verdict).toBe('allow');
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('dlp-filter blocked_terms behind URL escapes and HTML references', () => {
  const config = { action: 'redact', blocked_terms: ['Nightingale', 'AT&T', 'Müller'] };

  it.each([
    ['a numeric reference', 'ask about Night&#105;ngale today', 'Night&#105;ngale'],
    ['a hex reference at its end', 'ask about Nightingal&#x65; today', 'Nightingal&#x65;'],
    ['a URL escape at its start', 'see /q?name=%4Eightingale&x=1', '%4Eightingale'],
    ['a URL escape, after an escaped space', 'see /q?who=Dr%20Night%69ngale', 'Night%69ngale'],
    ['a named reference inside the term', 'call AT&amp;T now', 'AT&amp;T'],
    ['a UTF-8 sequence', 'owner=M%C3%BCller;', 'M%C3%BCller'],
    ['a soft hyphen written as a reference', 'ask Nightin&shy;gale', 'Nightin&shy;gale'],
  ])('finds the term written with %s, over the whole escapes, and redacts them whole', (_what, text, term) => {
    const r = run(config, text);
    expect(r.found).toEqual([term]);
    expect(r.content).toBe(text.replace(term, '[BLOCKED_TERM_REDACTED]'));
  });

  it('leaves escapes that decode to no character, or to other words, as they are', () => {
    for (const text of ['50% off Nightingales', 'Night%ingale', 'Night%C3ngale', 'Night&foo;ngale', 'a %2569 b'])
      expect(run(config, text).verdict).toBe('allow');
  });

  it('reads a term in an escaped tool-result JSON value and in a text part', () => {
    const d = prepareChain(onePolicyPack('dlp-filter', config)).evaluate(
      {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Night&#105;' },
              { type: 'text', text: 'ngale' },
            ],
          },
          { role: 'tool', tool_call_id: 'c', content: '{"url":"https:\\/\\/x.test\\/?q=Night%69ngale"}' },
        ],
      },
      { now: 0, mode: 'exhaustive' },
    );
    const step = d.steps.find((s) => s.kind === 'dlp-filter')!;
    expect(step.findings.map((f) => f.path)).toEqual(['/messages/0/content/0/text', '/messages/1/content']);
    const tool = (d.request as { messages: { content: string }[] }).messages[1]!.content;
    expect(JSON.parse(tool)).toEqual({ url: 'https://x.test/?q=[BLOCKED_TERM_REDACTED]' });
  });
});
