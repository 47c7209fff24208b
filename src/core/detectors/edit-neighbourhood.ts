/**
 * A deletion-neighbourhood index (as SymSpell): finds, among many keys, those that may lie within a few
 * edits of a string, at a cost that does not grow with the number of keys.
 *
 * If lev(a, b) <= k, deleting at most k characters from a and at most k from b gives the same string (a
 * substitution is a deletion on both sides, an insertion one on the other). So each key is stored under
 * every string its own deletions (up to its budget) give, and a query looks up the strings its deletions
 * give: every key within its budget is found, with some further off (deletions at different places), which
 * the caller verifies with the real distance. The strings are stored as 32-bit hashes (computed in O(1)
 * per deletion from prefix hashes), so a collision only adds a candidate to verify.
 *
 * Budgets of up to MAX_INDEXED_BUDGET edits, on keys of at most MAX_VARIANTS deletion strings, are
 * indexed; the caller compares any other key with every candidate string itself (`loose`).
 */

/** Edits per key the index covers: 2 deletions of a 40-character key are 821 strings, 3 would be 10,701. */
export const MAX_INDEXED_BUDGET = 2;
/** Deletion strings per key at most (a key of 45 units with budget 2 has 1,036). */
const MAX_VARIANTS = 1100;

const BASE = 0x01000193;

/** Grows the powers of BASE (mod 2^32) to cover `n`. */
const POWERS: number[] = [1];
function power(n: number): number {
  while (POWERS.length <= n) POWERS.push(Math.imul(POWERS[POWERS.length - 1]!, BASE));
  return POWERS[n]!;
}

/** Final mix of a polynomial hash, so that its low bits (the filter's) depend on every character. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 15)) | 0;
}

/**
 * Calls `visit(hash, length)` for `s[from, to)` and each string given by deleting up to `deletions`
 * (0-2) of its characters (the same string may come more than once). `pre` is scratch, grown as needed.
 */
function eachDeletion(
  s: string,
  from: number,
  to: number,
  deletions: number,
  pre: Int32Array,
  visit: (hash: number, length: number) => void,
): void {
  const n = to - from;
  pre[0] = 0;
  for (let i = 0; i < n; i++) pre[i + 1] = (Math.imul(pre[i]!, BASE) + s.charCodeAt(from + i)) | 0;
  power(n);
  const sub = (i: number, j: number): number => (pre[j]! - Math.imul(pre[i]!, POWERS[j - i]!)) | 0;
  visit(mix(pre[n]!), n);
  if (deletions >= 1 && n >= 1)
    for (let i = 0; i < n; i++) visit(mix((Math.imul(pre[i]!, POWERS[n - i - 1]!) + sub(i + 1, n)) | 0), n - 1);
  if (deletions >= 2 && n >= 2)
    for (let i = 0; i < n - 1; i++)
      for (let j = i + 1; j < n; j++) {
        const left = (Math.imul(pre[i]!, POWERS[j - i - 1]!) + sub(i + 1, j)) | 0;
        visit(mix((Math.imul(left, POWERS[n - j - 1]!) + sub(j + 1, n)) | 0), n - 2);
      }
}

function variantCount(length: number, budget: number): number {
  let count = 1;
  if (budget >= 1) count += length;
  if (budget >= 2) count += (length * (length - 1)) / 2;
  return count;
}

export interface NeighbourhoodIndex {
  /**
   * Adds to `out` the ids of the keys that may be within their budget of `s[from, to)`, each once per
   * call (verify each with the real distance); unordered.
   */
  candidates(s: string, from: number, to: number, out: number[]): void;
  /** Whether a string of `length` units can be near a key (a test before building a window). */
  reaches(length: number): boolean;
}

/** A key to index: its id (returned by candidates), text and edit budget. */
export interface NeighbourhoodKey {
  id: number;
  key: string;
  budget: number;
}

/** Whether `key` is indexed (else the caller compares it itself). */
export function indexable(key: string, budget: number): boolean {
  return budget <= MAX_INDEXED_BUDGET && variantCount(key.length, budget) <= MAX_VARIANTS;
}

/** Builds the index of `keys` (each indexable; ids distinct, below 2^24). */
export function buildNeighbourhoodIndex(keys: readonly NeighbourhoodKey[]): NeighbourhoodIndex {
  let longest = 0;
  for (const k of keys) longest = Math.max(longest, k.key.length);
  let pre = new Int32Array(longest + 1);
  // Per query length: how many deletions from the query can meet a key (-1: none can). A key of length m
  // and budget k meets a query of length L only with L - m + d deletions on its own side, d on the query's.
  const deletionsFor = new Int8Array(longest + MAX_INDEXED_BUDGET + 2).fill(-1);
  // Per key length: the keys (ids), for the query lengths that have few keys in reach (see `direct`).
  const byLength = new Map<number, Array<{ id: number; budget: number }>>();
  // Keys alike (many topics that begin with the same word) are stored once: a group of ids.
  const groups: number[][] = [];
  const groupOf = new Map<string, number>();
  // Every (deletion string's hash, group * 128 + its length) pair, once per group, in flat arrays: a Map
  // of an array per hash took ~100 bytes an entry, and 20,000 terms have ~2 million entries (seconds
  // of building and collecting at compile time).
  let hashes: Int32Array = new Int32Array(1024);
  let packeds: Int32Array = new Int32Array(1024);
  let entries = 0;
  const fresh = new VariantSet();
  for (const { id, key, budget } of keys) {
    const m = key.length;
    const same = byLength.get(m);
    if (same === undefined) byLength.set(m, [{ id, budget }]);
    else same.push({ id, budget });
    const known = groupOf.get(`${budget} ${key}`);
    if (known !== undefined) {
      groups[known]!.push(id);
      continue;
    }
    const group = groups.length;
    groups.push([id]);
    groupOf.set(`${budget} ${key}`, group);
    fresh.reset(variantCount(m, budget));
    eachDeletion(key, 0, m, budget, pre, (hash, length) => {
      // The deletion string's length (its low 7 bits) rides along: a hash alike at another length is no match.
      if (!fresh.add(hash, length & 127)) return;
      if (entries === hashes.length) {
        hashes = grow(hashes);
        packeds = grow(packeds);
      }
      hashes[entries] = hash;
      packeds[entries++] = group * 128 + (length & 127);
    });
    for (let L = Math.max(0, m - budget); L <= m + budget; L++) {
      const need = Math.min(budget, budget + L - m);
      if (need > deletionsFor[L]!) deletionsFor[L] = need;
    }
  }
  const table = new HashLists(hashes, packeds, entries);
  // Per query length: the keys within reach when they are few enough that verifying each costs less than
  // the query's deletion strings (a bounded Levenshtein of a word costs about 8 probes): a pack of 10 terms.
  const direct: Array<number[] | undefined> = [];
  for (let L = 0; L < deletionsFor.length; L++) {
    if (deletionsFor[L]! < 0) continue;
    const near: number[] = [];
    for (let m = Math.max(0, L - MAX_INDEXED_BUDGET); m <= L + MAX_INDEXED_BUDGET; m++)
      for (const k of byLength.get(m) ?? []) if (Math.abs(m - L) <= k.budget) near.push(k.id);
    if (near.length * 8 <= variantCount(L, deletionsFor[L]!)) direct[L] = near;
  }
  // A bit per hash bucket, read before the map: most of a query's deletion strings match no key.
  let bits = 1 << 12;
  while (bits < entries * 8 && bits < 1 << 24) bits <<= 1;
  const shift = 32 - Math.log2(bits);
  const filter = new Int32Array(bits >>> 5);
  for (let e = 0; e < entries; e++) {
    const b = hashes[e]! >>> shift;
    filter[b >>> 5]! |= 1 << (b & 31);
  }
  let stamp = 0;
  const seenAt = new Int32Array(groups.length);
  return {
    reaches: (length) => length < deletionsFor.length && deletionsFor[length]! >= 0,
    candidates(s, from, to, out) {
      const n = to - from;
      if (n >= deletionsFor.length) return;
      const deletions = deletionsFor[n]!;
      if (deletions < 0) return;
      const few = direct[n];
      if (few !== undefined) {
        for (const id of few) out.push(id);
        return;
      }
      if (pre.length <= n) pre = new Int32Array(n + 1);
      stamp++;
      eachDeletion(s, from, to, deletions, pre, (hash, length) => {
        const b = hash >>> shift;
        if ((filter[b >>> 5]! & (1 << (b & 31))) === 0) return;
        const slot = table.find(hash);
        if (slot < 0) return;
        const values = table.values;
        for (let v = table.first[slot]!; v < table.first[slot + 1]!; v++) {
          const packed = values[v]!;
          const group = packed >>> 7;
          if ((packed & 127) !== (length & 127) || seenAt[group] === stamp) continue;
          seenAt[group] = stamp;
          for (const id of groups[group]!) out.push(id);
        }
      });
    },
  };
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** The first slot tried for `hash` in a table of 2^bits slots: its top bits (the hashes are mixed). */
function home(hash: number, bits: number): number {
  return hash >>> (32 - bits);
}

/**
 * A multimap from hash to values, in typed arrays: an open-addressing table of the distinct hashes, each
 * slot's values in values[first[slot] .. first[slot + 1]).
 */
class HashLists {
  private readonly keys: Int32Array;
  private readonly bits: number;
  private readonly mask: number;
  readonly first: Int32Array;
  readonly values: Int32Array;

  constructor(hashes: Int32Array, values: Int32Array, n: number) {
    let bits = 4;
    while (1 << bits < n * 2) bits++;
    this.bits = bits;
    this.mask = (1 << bits) - 1;
    this.keys = new Int32Array(1 << bits);
    const count = new Int32Array((1 << bits) + 1);
    const slotOf = new Int32Array(n);
    for (let e = 0; e < n; e++) {
      const h = hashes[e]!;
      let s = home(h, bits);
      while (count[s]! > 0 && this.keys[s] !== h) s = (s + 1) & this.mask;
      this.keys[s] = h;
      count[s]!++;
      slotOf[e] = s;
    }
    // count becomes first: the values of slot s start where those of the slots before it end.
    let sum = 0;
    for (let s = 0; s <= this.mask + 1; s++) {
      const c = count[s]!;
      count[s] = sum;
      sum += c;
    }
    this.first = count;
    this.values = new Int32Array(n);
    const next = count.slice(0, this.mask + 1);
    for (let e = 0; e < n; e++) this.values[next[slotOf[e]!]!++] = values[e]!;
  }

  /** The slot of `hash`, or -1 when no value has it. */
  find(hash: number): number {
    for (let s = home(hash, this.bits); ; s = (s + 1) & this.mask) {
      if (this.first[s + 1] === this.first[s]) return -1;
      if (this.keys[s] === hash) return s;
    }
  }
}

/** The distinct (hash, length) pairs of one key's deletion strings (a string may come more than once). */
class VariantSet {
  private hashes = new Int32Array(64);
  private lengths = new Int32Array(64);
  private stamps = new Int32Array(64);
  private stamp = 0;
  private bits = 6;

  /** Empties the set, for up to `n` pairs. */
  reset(n: number): void {
    if (n * 2 > this.hashes.length) {
      while (1 << this.bits < n * 2) this.bits++;
      this.hashes = new Int32Array(1 << this.bits);
      this.lengths = new Int32Array(1 << this.bits);
      this.stamps = new Int32Array(1 << this.bits);
      this.stamp = 0;
    }
    this.stamp++;
  }

  /** Adds the pair; false when it was there. */
  add(hash: number, length: number): boolean {
    const mask = this.hashes.length - 1;
    for (let s = home(hash, this.bits); ; s = (s + 1) & mask) {
      if (this.stamps[s] !== this.stamp) {
        this.stamps[s] = this.stamp;
        this.hashes[s] = hash;
        this.lengths[s] = length;
        return true;
      }
      if (this.hashes[s] === hash && this.lengths[s] === length) return false;
    }
  }
}
