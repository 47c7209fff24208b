import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentPartRuns, matchesAcrossParts } from '../../../../src/core/detectors/content-parts.js';
import { extractTexts } from '../../../../src/core/detectors/payload-text.js';
import { expectWithin } from '../../../helpers/hang-guard.js';
import type { TextMatch } from '../../../../src/core/detectors/match.js';
import type { Payload } from '../../../../src/core/index.js';

const parts = (...texts: string[]) => texts.map((text) => ({ type: 'text', text }));
const runsOf = (payload: unknown) =>
  contentPartRuns(extractTexts(payload as Payload, 'request')).map((run) => run.map((s) => s.path));

/** A scanner of every `needle` in a text. */
const finder =
  (needle: string, seen?: { units: number }) =>
  (text: string): TextMatch[] => {
    if (seen) seen.units += text.length;
    const out: TextMatch[] = [];
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1))
      out.push({ type: 'x', detector: 'test', score: 1, start: at, end: at + needle.length });
    return out;
  };

describe('contentPartRuns', () => {
  it('groups the consecutive text parts of one content list, and nothing else', () => {
    const payload = {
      messages: [
        { role: 'user', content: parts('a', 'b', 'c') },
        { role: 'user', content: 'a string content' },
        // An image between two text parts ends the run; string parts count as text parts.
        { role: 'user', content: [...parts('d'), { type: 'image_url', image_url: { url: 'x' } }, ...parts('e', 'f')] },
        { role: 'user', content: ['g', 'h'] },
        // One part alone is no run; neither are the texts of two messages.
        { role: 'user', content: parts('i') },
        { role: 'user', content: parts('j') },
      ],
    };
    expect(runsOf(payload)).toEqual([
      ['/messages/0/content/0/text', '/messages/0/content/1/text', '/messages/0/content/2/text'],
      ['/messages/2/content/2/text', '/messages/2/content/3/text'],
      ['/messages/3/content/0', '/messages/3/content/1'],
    ]);
  });
});

describe('matchesAcrossParts', () => {
  const run = (...texts: string[]) =>
    contentPartRuns(extractTexts({ messages: [{ role: 'user', content: parts(...texts) }] }, 'request'))[0]!;

  it('finds only what crosses a join, cut into the pieces of each part', () => {
    const found = matchesAcrossParts(run('xx secret-va', 'l', 'ue yy secret-value zz'), finder('secret-value'));
    expect(found).toHaveLength(1);
    const [{ value, pieces }] = found as [(typeof found)[0]];
    expect(value).toBe('secret-value');
    expect(pieces.map((p) => [p.segment.path, p.start, p.end, p.segment.text.slice(p.start, p.end)])).toEqual([
      ['/messages/0/content/0/text', 3, 12, 'secret-va'],
      ['/messages/0/content/1/text', 0, 1, 'l'],
      ['/messages/0/content/2/text', 0, 2, 'ue'],
    ]);
  });

  it('drops a match cut by the edge of what it read, and keeps one at the ends of the run', () => {
    const long = 'a'.repeat(50);
    // The window reaches 10 units either side of the join: a run of 'a' cut by its edge is not reported.
    expect(matchesAcrossParts(run(long, long), finder('a'.repeat(20)), 10)).toEqual([]);
    const atEnds = matchesAcrossParts(run('ab', 'cd'), finder('abcd'), 10);
    expect(atEnds.map((m) => m.value)).toEqual(['abcd']);
  });

  it('reads a message of many small parts about once, not once per join', () => {
    const seen = { units: 0 };
    const many = Array.from({ length: 20_000 }, (_, k) => String.fromCharCode(97 + (k % 26)));
    matchesAcrossParts(run(...many), finder('zz', seen), 64);
    expect(seen.units).toBeGreaterThan(0);
    expect(seen.units).toBeLessThanOrEqual(many.length);
  });

  it('finds every occurrence that crosses a join, as its pieces, and nothing else', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[ab]{1,5}$/), { minLength: 2, maxLength: 40 }), (texts) => {
        const needle = 'abba';
        const joined = texts.join('');
        const starts: number[] = [0];
        for (const t of texts) starts.push(starts[starts.length - 1]! + t.length);
        const expected: number[] = [];
        for (let at = joined.indexOf(needle); at >= 0; at = joined.indexOf(needle, at + 1))
          if (starts.some((o) => at < o && o < at + needle.length)) expected.push(at);
        const segments = run(...texts);
        const found = matchesAcrossParts(segments, finder(needle), 8);
        const at = found.map(({ pieces }) => starts[segments.indexOf(pieces[0]!.segment)]! + pieces[0]!.start);
        expect(at).toEqual(expected);
        for (const { value, pieces } of found) {
          expect(pieces.length).toBeGreaterThanOrEqual(2);
          expect(pieces.map((p) => p.segment.text.slice(p.start, p.end)).join('')).toBe(value);
        }
      }),
    );
  });

  // Each match walked the window's joins and parts from its first: a message of 80,000 small parts, each
  // a match across joins, took seconds.
  it('looks the joins of each match up, in a message of many small parts', () => {
    const content = Array.from({ length: 80_000 }, (_, k) => ({ type: 'text', text: k % 2 === 0 ? 'x-se' : 'cret ' }));
    const [segments] = contentPartRuns(extractTexts({ messages: [{ role: 'user', content }] } as Payload, 'request'));
    const found = expectWithin(3000, () => matchesAcrossParts(segments!, finder('secret')));
    expect(found).toHaveLength(40_000);
  });
});
