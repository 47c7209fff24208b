/**
 * The words the safety templates read, as a table a token of scan bytes (safety-scan-bytes.ts) is looked up
 * in without a string: the token's id, or -1. The cue scanner asks it at each template start word and for
 * the tokens read around one (safety-tokens.ts).
 */
import { FOLD } from './safety-scan-bytes.js';
import type { Vocabulary } from './safety-tokens.js';

const enum Size {
  /** Bits of the filter (`filter`): 2^15 bits for about 1,200 words, some 4% set. */
  FILTER_BITS = 15,
  /** The longest word (the templates' longest has 14 letters): a longer token is none. */
  MAX_WORD = 255,
}

/** A word's length (at most MAX_WORD), first byte and last byte (word characters, below 128), as one number. */
function keyOf(len: number, first: number, last: number): number {
  return (len << 14) | (first << 7) | last;
}

/** The folded bytes b[start, start + 4) of a word of `len` bytes as one number, little-endian; those past the word read 0. */
function headOf(b: Uint8Array, start: number, len: number): number {
  let head = 0;
  for (let k = 0; k < 4 && k < len; k++) head |= FOLD[b[start + k]!]! << (k << 3);
  return head;
}

function slotOf(key: number): number {
  return Math.imul(key ^ (key >>> 11), 0x45d9f3b) >>> 0;
}

export class TokenVocabulary implements Vocabulary {
  /**
   * The words by id, as given, except that a word no token can equal (not word characters with inner
   * apostrophes only) is '': it is never found.
   */
  readonly words: readonly string[];
  /**
   * Bit set over a hash of keyOf (the top FILTER_BITS of slotOf): most tokens that are not words here are
   * ruled out by one bit. 4 KB: it was a bit per key (64 KB), read where the cache held little of it.
   */
  private readonly filter = new Uint32Array(1 << (Size.FILTER_BITS - 5));
  /**
   * An open-addressing table by keyOf, one word per slot, the slot's four numbers side by side: key (-1 for
   * an empty slot), word id, the word's first four bytes (headOf), offset of the word's folded bytes in
   * `bytes`. Why one array, and the head in it: a lookup at a template start reads one slot, and the word's
   * bytes only for a word of six characters or more (the key has the length and the last character), where
   * a key table, a list of ids per key, per-id offsets and lengths and the bytes were six places in memory
   * (the lookups of a document's template starts missed the cache at each).
   */
  private readonly slots: Int32Array;
  private readonly slotMask: number;
  /** The words as folded bytes (lower case, straight apostrophes), at the offsets `slots` gives. */
  private readonly bytes: Uint8Array;

  constructor(vocabulary: readonly string[]) {
    // Only words a token can equal (word characters and inner apostrophes) are indexed.
    const words = vocabulary.map((w) => (/^[a-z0-9](?:[a-z0-9']*[a-z0-9])?$/.test(w) ? w : ''));
    this.words = words;
    this.bytes = new Uint8Array(words.reduce((s, w) => s + w.length, 0));
    let size = 16;
    while (size < words.length * 2) size <<= 1;
    this.slotMask = size - 1;
    this.slots = new Int32Array(size * 4).fill(-1);
    let offset = 0;
    words.forEach((w, id) => {
      if (w === '') return;
      if (w.length > Size.MAX_WORD)
        throw new Error(`safety-cues: vocabulary word longer than ${Size.MAX_WORD} characters`);
      for (let k = 0; k < w.length; k++) this.bytes[offset + k] = w.charCodeAt(k);
      const key = keyOf(w.length, w.charCodeAt(0), w.charCodeAt(w.length - 1));
      const hash = slotOf(key);
      this.filter[hash >>> (32 - Size.FILTER_BITS + 5)]! |= 1 << (hash & 31);
      let slot = hash & this.slotMask;
      while (this.slots[slot * 4] !== -1) slot = (slot + 1) & this.slotMask;
      this.slots[slot * 4] = key;
      this.slots[slot * 4 + 1] = id;
      this.slots[slot * 4 + 2] = headOf(this.bytes, offset, w.length);
      this.slots[slot * 4 + 3] = offset;
      offset += w.length;
    });
  }

  /** Id of the token buf[start, end) of scan bytes, or -1. */
  known(buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    if (len > Size.MAX_WORD) return -1;
    const key = keyOf(len, buf[start]!, buf[end - 1]!);
    const hash = slotOf(key);
    if ((this.filter[hash >>> (32 - Size.FILTER_BITS + 5)]! & (1 << (hash & 31))) === 0) return -1;
    const slots = this.slots;
    const head = headOf(buf, start, len);
    // Words with the same key lie in the slots that follow; an empty slot ends them.
    for (let at = (hash & this.slotMask) << 2; slots[at] !== -1; at = (at + 4) & ((this.slotMask << 2) | 3)) {
      if (slots[at] !== key || slots[at + 2] !== head) continue;
      // The same length, first four bytes and last byte: the bytes between are compared.
      const off = slots[at + 3]!;
      let k = 4;
      while (k < len - 1 && FOLD[buf[start + k]!] === this.bytes[off + k]) k++;
      if (k >= len - 1) return slots[at + 1]!;
    }
    return -1;
  }
}
