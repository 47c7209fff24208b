/**
 * Allocation-free word lookups for the scanners that walk the matching view word by word. A scanner
 * hashes each word's characters while it finds the word's end (FNV-1a over UTF-16 units, the same step
 * as `hashStep`), then asks a WordTable whether the word at [start, end) is one of its words: the hash
 * picks a bucket and the candidate is confirmed character by character, so a collision can never make
 * a different word count. No substring is cut for the (many) words that are not in the table.
 */

/** FNV-1a 32-bit offset basis: the hash of the empty word. */
export const HASH_SEED = 0x811c9dc5;

/** Adds one UTF-16 unit to a running FNV-1a hash (any int32; `bucketKey` maps it to a table key). */
export function hashStep(h: number, code: number): number {
  return Math.imul(h ^ code, 0x01000193);
}

/** FNV-1a of a whole string (folding `hashStep` over its units from HASH_SEED). */
export function hashWord(word: string): number {
  let h = HASH_SEED;
  for (let i = 0; i < word.length; i++) h = hashStep(h, word.charCodeAt(i));
  return h;
}

/**
 * The map key of a running hash: its low 30 bits, a small integer V8 keeps unboxed (a full 32-bit hash
 * would be a heap number, which makes every Map lookup several times slower). Entries are confirmed
 * against the word, so the lost bits cost nothing but a rare extra comparison.
 */
export function bucketKey(hash: number): number {
  return hash & 0x3fffffff;
}

const FILTER_BITS = 1 << 16;

interface Entry<T> {
  word: string;
  value: T;
}

/** A fixed set of words, each with a value, looked up by a span of a text and the span's hash. */
export class WordTable<T> {
  private readonly buckets = new Map<number, Array<Entry<T>>>();
  /**
   * One bit per value of the key's low 16 bits, set for the table's words: most words of a text are
   * not in the table, and this answers "no" for them without a Map lookup.
   */
  private readonly present = new Uint8Array(FILTER_BITS / 8);

  constructor(entries: Iterable<readonly [string, T]>) {
    for (const [word, value] of entries) {
      const h = bucketKey(hashWord(word));
      this.present[(h & (FILTER_BITS - 1)) >>> 3]! |= 1 << (h & 7);
      const bucket = this.buckets.get(h);
      if (bucket) bucket.push({ word, value });
      else this.buckets.set(h, [{ word, value }]);
    }
  }

  /** False when no word of the table has running hash `hash` (true: it may have one; `get` confirms). */
  mayHave(hash: number): boolean {
    return (this.present[(hash & (FILTER_BITS - 1)) >>> 3]! & (1 << (hash & 7))) !== 0;
  }

  /** The value of the word text[start, end), whose running hash is `hash`, or undefined. */
  get(text: string, start: number, end: number, hash: number): T | undefined {
    if ((this.present[(hash & (FILTER_BITS - 1)) >>> 3]! & (1 << (hash & 7))) === 0) return undefined;
    const bucket = this.buckets.get(bucketKey(hash));
    if (bucket === undefined) return undefined;
    for (const e of bucket) if (e.word.length === end - start && text.startsWith(e.word, start)) return e.value;
    return undefined;
  }
}
