import { describe, expect, it } from 'vitest';
import { bucketKey, HASH_SEED, hashStep, hashWord, WordTable } from '../../../../src/core/detectors/normalize-words.js';

/** Hash of text[start, end) the way the scanners compute it, one unit at a time. */
function spanHash(text: string, start: number, end: number): number {
  let h = HASH_SEED;
  for (let i = start; i < end; i++) h = hashStep(h, text.charCodeAt(i));
  return h;
}

describe('WordTable', () => {
  const table = new WordTable([
    ['ignore', 1],
    ['mode', 2],
  ]);

  it('finds a word by its span and running hash', () => {
    const text = 'please ignore the mode';
    expect(table.get(text, 7, 13, spanHash(text, 7, 13))).toBe(1);
    expect(table.get(text, 18, 22, spanHash(text, 18, 22))).toBe(2);
    expect(table.get(text, 0, 6, spanHash(text, 0, 6))).toBeUndefined();
  });

  it('confirms the characters: a span whose hash collides is not taken for the word', () => {
    // A wrong hash for "please" that lands in ignore's bucket must still not return ignore's value.
    expect(table.get('please', 0, 6, hashWord('ignore'))).toBeUndefined();
    // Same bucket key, different length.
    expect(table.get('ignored', 0, 7, hashWord('ignore'))).toBeUndefined();
  });

  it('bucket keys are small integers and agree between whole-word and running hashes', () => {
    for (const w of ['a', 'ignore', 'instructions', 'ünïcode']) {
      expect(bucketKey(hashWord(w))).toBe(bucketKey(spanHash(w, 0, w.length)));
      expect(bucketKey(hashWord(w))).toBeGreaterThanOrEqual(0);
      expect(bucketKey(hashWord(w))).toBeLessThan(2 ** 30);
    }
  });
});
