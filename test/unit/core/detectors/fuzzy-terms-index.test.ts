import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildNeighbourhoodIndex, indexable } from '../../../../src/core/detectors/edit-neighbourhood.js';
import { boundedLevenshtein, prepareTermMatcher } from '../../../../src/core/detectors/fuzzy-terms.js';
import { referenceLevenshtein, referenceTermMatcher } from '../../../helpers/fuzzy-terms-reference.js';

// Small alphabets, so that near matches (and near misses) are frequent.
const letters = fc.constantFrom('a', 'b', 'c', 'a', 'b', 'é', 'A', 'İ', '0');
const wordArb = fc.array(letters, { minLength: 1, maxLength: 14 }).map((cs) => cs.join(''));
const punct = fc.constantFrom('', '', '', '.', '#', '+', '-', "'", '&');
const termArb = fc
  .oneof(
    {
      weight: 8,
      arbitrary: fc.tuple(
        punct,
        fc.array(wordArb, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(' ', '  ', '.', '-'),
        punct,
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constant(''), fc.constant(['']), fc.constant(''), fc.constantFrom('$', '$$', '++', '')),
    },
  )
  .map(([lead, words, sep, trail]) => `${lead}${words.join(sep)}${trail}`);
const separator = fc.constantFrom(' ', ' ', ' ', '  ', '\n', '.', ', ', '-', "'", '#', '+', '$', ' $$ ');
const textArb = fc
  .array(fc.tuple(wordArb, separator), { maxLength: 40 })
  .map((parts) => parts.map(([w, s]) => w + s).join(''));
/** Text made of the terms themselves with a few edits: what the fuzzy path must find. */
const nearTextArb = (terms: string[]) =>
  fc
    .array(fc.tuple(fc.constantFrom(...terms), fc.nat(), fc.constantFrom('', 'a', 'b', 'x'), separator), {
      maxLength: 20,
    })
    .map((parts) =>
      parts
        .map(([t, at, ch, sep]) => {
          const i = t.length === 0 ? 0 : at % t.length;
          return t.slice(0, i) + ch + t.slice(i + (at % 3 === 0 ? 1 : 0)) + sep;
        })
        .join(''),
    );

describe('deletion-neighbourhood index', () => {
  // Few keys in reach of a length are listed as they are; many go through the deletion strings.
  it.each([
    ['few', 1, 30],
    ['many', 80, 160],
  ])('finds every key within its budget, %s keys (property)', (_, minLength, maxLength) => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(wordArb, fc.integer({ min: 0, max: 2 })), { minLength, maxLength }),
        fc.array(wordArb, { maxLength: 20 }),
        (keys, queries) => {
          const usable = keys.filter(([k, b]) => indexable(k, b));
          const index = buildNeighbourhoodIndex(usable.map(([key, budget], id) => ({ id, key, budget })));
          for (const q of [...queries, ...usable.map(([k]) => k)]) {
            const out: number[] = [];
            index.candidates(` ${q} `, 1, q.length + 1, out);
            expect(new Set(out).size).toBe(out.length);
            usable.forEach(([key, budget], id) => {
              if (boundedLevenshtein(q, key, budget) <= budget) expect(out).toContain(id);
            });
          }
        },
      ),
    );
  });

  it('does not offer the many keys that share only a prefix with the query', () => {
    const names = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
    const keys = Array.from({ length: 200 }, (_, i) => `project${names[i % 5]}${i}`);
    const index = buildNeighbourhoodIndex(keys.map((key, id) => ({ id, key, budget: 2 })));
    const out: number[] = [];
    index.candidates('projectalpha0', 0, 13, out);
    // Deletions on both sides meet within 4 edits at most.
    for (const id of out) expect(boundedLevenshtein('projectalpha0', keys[id]!, 4)).toBeLessThanOrEqual(4);
    expect(out.length).toBeGreaterThan(0);
    for (const id of out) expect(keys[id]).toMatch(/^projectalpha/);
  });

  it('leaves keys over 2 edits, or too long to index, to the caller', () => {
    expect(indexable('a'.repeat(40), 2)).toBe(true);
    expect(indexable('a'.repeat(60), 2)).toBe(false);
    expect(indexable('a'.repeat(60), 1)).toBe(true);
    expect(indexable('abcdefghijkl', 3)).toBe(false);
  });
});

describe('boundedLevenshtein (banded, reused rows)', () => {
  it("gives the full-row version's result (property)", () => {
    fc.assert(
      fc.property(wordArb, wordArb, fc.integer({ min: 0, max: 9 }), (a, b, max) => {
        expect(boundedLevenshtein(a, b, max)).toBe(referenceLevenshtein(a, b, max));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('prepareTermMatcher against the brute-force reference', () => {
  it('gives the same matches (term, span, distance, order) on random texts (property)', () => {
    fc.assert(
      fc.property(fc.array(termArb, { maxLength: 12 }), textArb, fc.integer({ min: 0, max: 4 }), (terms, text, d) => {
        expect(prepareTermMatcher(terms, d).scan(text)).toEqual(referenceTermMatcher(terms, d).scan(text));
      }),
    );
  });

  it('gives the same matches on texts of near misses of the terms (property)', () => {
    fc.assert(
      fc.property(
        fc
          .array(termArb, { minLength: 1, maxLength: 12 })
          .chain((terms) => fc.tuple(fc.constant(terms), nearTextArb(terms), fc.integer({ min: 0, max: 4 }))),
        ([terms, text, d]) => {
          expect(prepareTermMatcher(terms, d).scan(text)).toEqual(referenceTermMatcher(terms, d).scan(text));
        },
      ),
    );
  });

  it('gives the same matches with many similar terms (the index, not the short lists) (property)', () => {
    const manyTerms = fc.array(
      fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 4, maxLength: 12 }).map((cs) => cs.join('')),
      { minLength: 60, maxLength: 120 },
    );
    fc.assert(
      fc.property(
        manyTerms.chain((terms) => fc.tuple(fc.constant(terms), nearTextArb(terms), fc.integer({ min: 1, max: 3 }))),
        ([terms, text, d]) => {
          expect(prepareTermMatcher(terms, d).scan(text)).toEqual(referenceTermMatcher(terms, d).scan(text));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('gives the same matches for long terms compared one by one', () => {
    const terms = ['abcabcabcabcabcabc', `${'ab'.repeat(30)}c`, 'project alpha bravo charlie delta echo'];
    const text = `xabcabcabcabcabcab ${'ab'.repeat(30)} ${'ab'.repeat(29)}cc project alpha bravo charlie delta ech0.`;
    for (const d of [1, 2, 3, 5, 8]) {
      const ref = referenceTermMatcher(terms, d).scan(text);
      expect(prepareTermMatcher(terms, d).scan(text)).toEqual(ref);
    }
    expect(referenceTermMatcher(terms, 3).scan(text).length).toBeGreaterThan(1);
  });

  it('each() calls back the same matches with the index of the term', () => {
    const terms = ['', 'bluebird', '$$', 'bluebird'];
    const m = prepareTermMatcher(terms, 1);
    const text = 'a bluebirds $$ bluebird';
    const seen: string[] = [];
    m.each(text, (term, start, end, distance) => seen.push(`${term} ${text.slice(start, end)} ${distance}`));
    expect(seen).toEqual(['1 bluebirds 1', '3 bluebirds 1', '2 $$ 0', '1 bluebird 0', '3 bluebird 0']);
  });
});
