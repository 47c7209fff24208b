/**
 * Event ids as fixed-size keys, and the window of recently written ids against which `kt events export`
 * drops an event the server sends again (pages that overlap: a server whose cursors are timestamps with
 * an inclusive bound, a control plane that replays a replica's batch under a fresh cursor); `kt events
 * list` / `tail --follow` print each id once against the same window.
 *
 * Why a window of ids rather than an ordering rule ("an id at or below the last one written is a
 * repeat"): ids are `evt_` + ULID, time-ordered by their first ten characters, but nothing makes them
 * ascend in page order. The gateway pages in append order (docs/http-api.md), and an id is its event's
 * millisecond plus 80 random bits (src/runtime/ulid.ts, not a monotonic ULID): two events of one
 * millisecond are in random order; the gateway clock may be set back (the contract says so); a control
 * plane merges replicas whose clocks differ. The rule would drop real events, silently.
 *
 * Why this window: WINDOW_IDS (65,536 ids, 65 full pages) of the most recent ids, exact, in typed arrays
 * grown by doubling (an export of a few pages holds a few pages' worth): 36 bytes an id (the key, two
 * table slots of position and hash), 2.3 MiB at most, no object per id for the collector to trace, and
 * the same at 100k events as at 1M (DESIGN.md §8, flat memory). A repeat is a re-send of something
 * recent: the tail of the page before, a replayed batch; 65 pages back is far past any of those. One
 * sent again later than that is written again; nothing that was not written is ever dropped. Measured
 * (2026-11, bench/40-export.mjs, old and new builds alternated on the loaded 2-CPU machine): CPU of a 1M
 * export +2% to +30% (noise), peak RSS +3-7 MiB (1M) and +3.5 MiB (10k); a window of 262k ids had the
 * 1M/10k peak-RSS ratio at the bench's 1.5x limit. A 10k export's CPU beyond its fixed cost was +0.06 s
 * (0.054 -> 0.12 s), most of it the optimising compiler's work on the loops (node --trace-opt); with
 * admitPage, the keys taken after the CSV loop and save copying memory: +0.037 s (0.054 -> 0.091 s).
 */
import { hash } from 'node:crypto';
import { endianness } from 'node:os';
import type { BufferPool } from './export-buffers.js';

/** Saved keys are little-endian words: this machine's own order can be copied as it is. */
const LITTLE_ENDIAN = endianness() === 'LE';

/** Words of one key. */
export const KEY_WORDS = 5;
/** The most recent ids an export remembers. */
export const WINDOW_IDS = 1 << 16;

// The key of `evt_` + 26 Crockford characters is the characters themselves, 5 bits each: exact. Any other
// id (the contract's pattern is checked on one event a page; the rest only need to be strings) is keyed
// by its SHA-256, which two different ids do not share in practice. The tags keep the two kinds apart.
const ULID_TAG = 1 << 30;
const HASH_TAG = 0x80000000;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const digit = new Int8Array(128).fill(-1);
for (let i = 0; i < CROCKFORD.length; i++) digit[CROCKFORD.charCodeAt(i)] = i;

/** Writes the key of `id` at `words[at .. at + KEY_WORDS)`. */
export function writeKey(id: string, words: Uint32Array, at: number): void {
  if (id.length === 30 && id.startsWith('evt_')) {
    let word = 0;
    let k = 0;
    for (let i = 4; i < 30; i++) {
      const c = id.charCodeAt(i);
      const d = c < 128 ? digit[c]! : -1;
      if (d < 0) return hashedKey(id, words, at);
      word = (word << 5) | d;
      // Six characters (30 bits) a word; the last word takes the last two.
      if (++k === 6 || i === 29) {
        words[at++] = word >>> 0;
        word = 0;
        k = 0;
      }
    }
    words[at - 1] = (words[at - 1]! | ULID_TAG) >>> 0;
    return;
  }
  hashedKey(id, words, at);
}

function hashedKey(id: string, words: Uint32Array, at: number): void {
  const digest = hash('sha256', id, 'buffer');
  for (let i = 0; i < 4; i++) words[at + i] = digest.readUInt32LE(i * 4);
  words[at + 4] = HASH_TAG;
}

/**
 * The keys of a page's events, in row order (export-pages.ts ConvertedPage.ids), in a buffer of `pool`
 * when given (the export gives it back once the page's ids are admitted).
 */
export class IdKeys {
  private words: Uint32Array;
  private count = 0;
  private readonly pool: BufferPool | undefined;

  constructor(expected = 1000, pool?: BufferPool) {
    this.pool = pool;
    this.words = this.allocate(Math.max(1, expected) * KEY_WORDS);
  }

  private allocate(words: number): Uint32Array {
    if (this.pool === undefined) return new Uint32Array(words);
    const buffer = this.pool.take(words * 4);
    return new Uint32Array(buffer.buffer, buffer.byteOffset, Math.floor(buffer.length / 4));
  }

  add(id: string): void {
    this.room(1);
    writeKey(id, this.words, this.count * KEY_WORDS);
    this.count++;
  }

  /** add for each of `ids`, in order: the room made once, so the loop the compiler sees is writeKey's. */
  addAll(ids: readonly string[]): void {
    this.room(ids.length);
    const words = this.words;
    let at = this.count * KEY_WORDS;
    for (let i = 0; i < ids.length; i++, at += KEY_WORDS) writeKey(ids[i]!, words, at);
    this.count += ids.length;
  }

  /** Grows the buffer (doubling) until `more` keys fit. */
  private room(more: number): void {
    if ((this.count + more) * KEY_WORDS <= this.words.length) return;
    let size = this.words.length * 2;
    while ((this.count + more) * KEY_WORDS > size) size *= 2;
    const grown = this.allocate(size);
    grown.set(this.words.subarray(0, this.count * KEY_WORDS));
    this.pool?.give(this.words);
    this.words = grown;
  }

  finish(): Uint32Array {
    return this.words.subarray(0, this.count * KEY_WORDS);
  }

  /** Gives the buffer back unused (the page went another way). */
  discard(): void {
    this.pool?.give(this.words);
  }
}

function keyHash(words: Uint32Array, at: number): number {
  let h = 0x9e3779b9;
  for (let i = 0; i < KEY_WORDS; i++) {
    h = Math.imul(h ^ words[at + i]!, 0x85ebca6b);
    h ^= h >>> 13;
  }
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The most recent `max` distinct ids admitted, oldest evicted first: a ring of keys in admission order
 * and an open-addressing table (linear probing, at most half full) of ring positions beside their keys'
 * hashes, so that a probe or the shift after an eviction reads the ring only for a likely match (the
 * ring is megabytes of scattered reads otherwise: ~1 us an id against ~0.2 us, 2026-11, loaded 2-CPU VM).
 */
export class RecentIds {
  private ring: Uint32Array;
  private table: Int32Array;
  private hashes: Uint32Array;
  private capacity: number;
  /** Ids in the window. */
  private size = 0;
  /** Ids ever admitted: the ring position of admission `s` is `s % capacity`. */
  private seq = 0;
  private readonly max: number;

  constructor(max = WINDOW_IDS, initial = 4096) {
    this.max = max;
    this.capacity = Math.min(max, initial);
    this.ring = new Uint32Array(this.capacity * KEY_WORDS);
    this.table = new Int32Array(tableSize(this.capacity));
    this.hashes = new Uint32Array(this.table.length);
  }

  /** How many ids were admitted so far (a position for `save`). */
  get admitted(): number {
    return this.seq;
  }

  /**
   * Whether the key at `keys[i * KEY_WORDS]` is in the window (a repeat); when it is not, it is added.
   */
  admit(keys: Uint32Array, i: number): boolean {
    if (this.size === this.capacity && this.capacity < this.max) this.grow();
    return this.admitOne(keys, i * KEY_WORDS);
  }

  /**
   * Admits a page's keys in row order (a repeat within the page counts too): undefined when none was in
   * the window (nearly every page), else which rows are repeats (1) and how many.
   *
   * Why the room is made first and the loop calls a small admitOne: the optimising compiler compiles a
   * long loop in place (on-stack replacement) together with what it calls. With grow and a call back into
   * admit inside, that compile took ~25 ms of CPU in a 10k export, a quarter of its whole cost (2026-11,
   * node --trace-opt); this loop and admitOne compile in a few ms.
   */
  admitPage(keys: Uint32Array): { drop: Uint8Array; count: number } | undefined {
    const n = keys.length / KEY_WORDS;
    while (this.capacity < this.max && this.size + n > this.capacity) this.grow();
    let drop: Uint8Array | undefined;
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (!this.admitOne(keys, i * KEY_WORDS)) continue;
      (drop ??= new Uint8Array(n))[i] = 1;
      count++;
    }
    return drop === undefined ? undefined : { drop, count };
  }

  /** admit, once the ring has the room it may have (grow is the callers'). */
  private admitOne(keys: Uint32Array, at: number): boolean {
    const table = this.table;
    const hashes = this.hashes;
    const mask = table.length - 1;
    const h = keyHash(keys, at);
    let slot = h & mask;
    for (let entry = table[slot]!; entry !== 0; entry = table[slot]!) {
      if (hashes[slot] === h && this.sameKey(entry - 1, keys, at)) return true;
      slot = (slot + 1) & mask;
    }
    if (this.size === this.capacity) {
      this.evictOldest();
      slot = h & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
    }
    const position = this.seq % this.capacity;
    const ring = this.ring;
    for (let w = 0, p = position * KEY_WORDS; w < KEY_WORDS; w++) ring[p + w] = keys[at + w]!;
    table[slot] = position + 1;
    hashes[slot] = h;
    this.size++;
    this.seq++;
    return false;
  }

  /**
   * The keys of the last `n` ids admitted before admission `upTo` (those still in the window), as base64:
   * what a checkpoint keeps so that a resumed export still drops repeats of the pages just before it.
   * Little-endian words, whatever the machine.
   */
  save(n: number, upTo = this.seq): string {
    const from = Math.max(upTo - n, this.seq - this.size, 0);
    const count = Math.max(0, upTo - from);
    const out = Buffer.allocUnsafe(count * KEY_WORDS * 4);
    if (LITTLE_ENDIAN) {
      // The ring's memory as it is: at most two stretches (where the ring wraps). A word at a time took
      // 10,000 calls a checkpoint, enough for the optimising compiler to compile them in a short export.
      const bytes = new Uint8Array(this.ring.buffer, this.ring.byteOffset, this.ring.byteLength);
      const keyBytes = KEY_WORDS * 4;
      let o = 0;
      for (let s = from; s < upTo;) {
        const at = s % this.capacity;
        const run = Math.min(upTo - s, this.capacity - at);
        out.set(bytes.subarray(at * keyBytes, (at + run) * keyBytes), o);
        o += run * keyBytes;
        s += run;
      }
    } else {
      let o = 0;
      for (let s = from; s < upTo; s++) {
        const at = (s % this.capacity) * KEY_WORDS;
        for (let w = 0; w < KEY_WORDS; w++) o = out.writeUInt32LE(this.ring[at + w]!, o);
      }
    }
    return out.toString('base64');
  }

  /** Admits the keys `save` wrote; false (and nothing admitted) when the text is not such a list. */
  restore(text: string): boolean {
    if (!isSavedIds(text)) return false;
    const bytes = Buffer.from(text, 'base64');
    const keys = new Uint32Array(bytes.length / 4);
    for (let w = 0; w < keys.length; w++) keys[w] = bytes.readUInt32LE(w * 4);
    for (let i = 0; i < keys.length / KEY_WORDS; i++) this.admit(keys, i);
    return true;
  }

  private sameKey(position: number, keys: Uint32Array, at: number): boolean {
    const p = position * KEY_WORDS;
    const ring = this.ring;
    for (let w = 0; w < KEY_WORDS; w++) if (ring[p + w] !== keys[at + w]) return false;
    return true;
  }

  /**
   * Doubles the ring (not yet wrapped: positions are admissions) and rebuilds the table from the old one:
   * each entry moves with the hash it keeps, so no key is read again.
   */
  private grow(): void {
    const capacity = Math.min(this.max, this.capacity * 2);
    const ring = new Uint32Array(capacity * KEY_WORDS);
    ring.set(this.ring);
    this.ring = ring;
    this.capacity = capacity;
    const oldTable = this.table;
    const oldHashes = this.hashes;
    const table = (this.table = new Int32Array(tableSize(capacity)));
    const hashes = (this.hashes = new Uint32Array(table.length));
    const mask = table.length - 1;
    for (let s = 0; s < oldTable.length; s++) {
      const entry = oldTable[s]!;
      if (entry === 0) continue;
      const h = oldHashes[s]!;
      let slot = h & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = entry;
      hashes[slot] = h;
    }
  }

  /** Removes the oldest id: its table entry, closing the gap behind it (backward-shift deletion). */
  private evictOldest(): void {
    const position = (this.seq - this.size) % this.capacity;
    const table = this.table;
    const hashes = this.hashes;
    const mask = table.length - 1;
    let hole = keyHash(this.ring, position * KEY_WORDS) & mask;
    while (table[hole] !== position + 1) hole = (hole + 1) & mask;
    for (let j = (hole + 1) & mask; table[j] !== 0; j = (j + 1) & mask) {
      const home = hashes[j]! & mask;
      // The entry at j may fill the hole unless its home lies cyclically in (hole, j].
      const between = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (!between) {
        table[hole] = table[j]!;
        hashes[hole] = hashes[j]!;
        hole = j;
      }
    }
    table[hole] = 0;
    this.size--;
  }
}

/**
 * The ids of what RecentIds.save wrote, oldest first, for the keys that hold their id (`evt_` + ULID, see
 * writeKey); a key that is a hash of its id is left out. Empty for text that is not such a list.
 */
export function savedEventIds(text: string): string[] {
  if (!isSavedIds(text)) return [];
  const bytes = Buffer.from(text, 'base64');
  const ids: string[] = [];
  for (let at = 0; at < bytes.length; at += KEY_WORDS * 4) {
    const last = bytes.readUInt32LE(at + (KEY_WORDS - 1) * 4);
    if ((last & HASH_TAG) !== 0 || (last & ULID_TAG) === 0) continue;
    let id = 'evt_';
    for (let w = 0; w < KEY_WORDS; w++) {
      const word = w === KEY_WORDS - 1 ? last & ~ULID_TAG : bytes.readUInt32LE(at + w * 4);
      // Six characters a word, the last word two (26 in all).
      for (let k = w === KEY_WORDS - 1 ? 1 : 5; k >= 0; k--) id += CROCKFORD[(word >>> (5 * k)) & 31];
    }
    ids.push(id);
  }
  return ids;
}

/** Whether `text` is what RecentIds.save writes: canonical base64 of whole keys. */
export function isSavedIds(text: string): boolean {
  const bytes = Buffer.from(text, 'base64');
  return bytes.length % (KEY_WORDS * 4) === 0 && bytes.toString('base64') === text;
}

/** Table slots for `capacity` ids: a power of two, at least twice as many. */
function tableSize(capacity: number): number {
  let size = 2;
  while (size < capacity * 2) size *= 2;
  return size;
}
