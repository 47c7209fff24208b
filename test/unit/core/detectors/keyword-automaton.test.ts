import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileKeywordAutomaton } from '../../../../src/core/detectors/keyword-automaton.js';
import { SECRET_RULES } from '../../../../src/core/detectors/secrets-catalogue.js';

const present = (keywords: readonly string[], text: string): number[] => {
  const found: number[] = [];
  compileKeywordAutomaton(keywords).eachPresent(text, (k) => found.push(k));
  return found.sort((a, b) => a - b);
};
const naive = (keywords: readonly string[], text: string): number[] =>
  keywords.flatMap((k, i) => (text.includes(k) ? [i] : []));

describe('keyword automaton', () => {
  it('finds overlapping keywords, keywords inside keywords and keywords that are suffixes of others', () => {
    const keywords = ['sk', 'sk-ant-', 'ant', 'he', 'she', 'hers', 'his', 'ab', 'bab', 'é'];
    expect(present(keywords, 'ushers')).toEqual([3, 4, 5]);
    expect(present(keywords, 'xsk-ant-1')).toEqual([0, 1, 2]);
    expect(present(keywords, 'babab')).toEqual([7, 8]);
    expect(present(keywords, 'café')).toEqual([9]);
    expect(present(keywords, '')).toEqual([]);
  });

  it('reports each keyword once however often it occurs', () => {
    const found: number[] = [];
    compileKeywordAutomaton(['ab', 'b']).eachPresent('ab'.repeat(10_000), (k) => found.push(k));
    expect(found).toEqual([0, 1]);
  });

  it('is reusable: one pass does not leak into the next', () => {
    const automaton = compileKeywordAutomaton(['aws', 'ghp_']);
    const run = (text: string): number[] => {
      const found: number[] = [];
      automaton.eachPresent(text, (k) => found.push(k));
      return found;
    };
    expect(run('x aws y')).toEqual([0]);
    expect(run('nothing')).toEqual([]);
    expect(run('ghp_ and aws')).toEqual([1, 0]);
  });

  it('agrees with a search for each keyword on generated texts over a small alphabet', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[abc-]{1,5}$/), { minLength: 1, maxLength: 12 }),
        fc.stringMatching(/^[abcd\- é]{0,60}$/),
        (keywords, text) => {
          expect(present(keywords, text)).toEqual(naive(keywords, text));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('agrees with a search for each keyword on the secrets catalogue keywords', () => {
    const keywords = [...new Set(SECRET_RULES.flatMap((r) => r.keywords))];
    const automaton = compileKeywordAutomaton(keywords);
    // Texts made of keyword pieces, cut and joined, so keywords occur whole, overlapped and broken.
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...keywords), fc.nat(), fc.nat()), { maxLength: 8 }), (pieces) => {
        const text = pieces.map(([k, a, b]) => k.slice(a % (k.length + 1), k.length - (b % 3))).join('');
        const found: number[] = [];
        automaton.eachPresent(text, (k) => found.push(k));
        expect(found.sort((x, y) => x - y)).toEqual(naive(keywords, text));
      }),
      { numRuns: 2000 },
    );
  });

  it('locates every occurrence of the located keywords, overlapping ones too, in the same pass', () => {
    const keywords = ['sk', 'sk-ant-', 'ant', 'he', 'she', 'hers'];
    const automaton = compileKeywordAutomaton(keywords, [true, false, true, false, true, true]);
    const run = (text: string, most = 100): { present: number[]; starts: Array<number[] | null> } => {
      const present: number[] = [];
      const located = automaton.eachPresentLocating(
        text,
        (k) => present.push(k),
        keywords.map(() => most),
      );
      const starts = keywords.map((_, k) => {
        const s = located.starts(k);
        return s === null ? null : [...s];
      });
      return { present: present.sort((a, b) => a - b), starts };
    };
    expect(run('ushers sk-ant-x')).toEqual({
      present: [0, 1, 2, 3, 4, 5],
      starts: [[7], [], [10], [], [1], [2]],
    });
    expect(run('sksk she').starts).toEqual([[0, 2], [], [], [], [5], []]);
    // at most `most` of them, else null; and nothing left over from the pass before
    expect(run('sk sk sk', 3).starts[0]).toEqual([0, 3, 6]);
    expect(run('sk sk sk sk', 3).starts[0]).toBeNull();
    expect(run('x sk', 3).starts[0]).toEqual([2]);
    expect(run('nothing', 3).starts).toEqual([[], [], [], [], [], []]);
  });

  it('locates the keywords named by locate() from then on', () => {
    const automaton = compileKeywordAutomaton(['ab', 'b']);
    const starts = (): Array<number[] | null> => {
      const found = automaton.eachPresentLocating('abab', () => {}, [9, 9]);
      return [0, 1].map((k) => {
        const s = found.starts(k);
        return s === null ? null : [...s];
      });
    };
    expect(starts()).toEqual([[], []]);
    automaton.locate([false, true]);
    expect(starts()).toEqual([[], [1, 3]]);
    automaton.locate([true, false]);
    expect(starts()).toEqual([[0, 2], []]);
  });

  it('locates as a search for each keyword does, on generated texts', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[abc-]{1,5}$/), { minLength: 1, maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        fc.stringMatching(/^[abcd\- é]{0,60}$/),
        fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 12, maxLength: 12 }),
        (keywords, located, text, most) => {
          const automaton = compileKeywordAutomaton(keywords, located);
          const found = automaton.eachPresentLocating(text, () => {}, most);
          keywords.forEach((k, i) => {
            if (located[i] !== true) return;
            const want: number[] = [];
            for (let s = text.indexOf(k); s !== -1; s = text.indexOf(k, s + 1)) want.push(s);
            const starts = found.starts(i);
            expect(starts === null ? null : [...starts]).toEqual(want.length > most[i]! ? null : want);
          });
        },
      ),
      { numRuns: 2000 },
    );
  });
});
