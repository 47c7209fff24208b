// The entropy check of the secret scanner's assignment rule (secrets-window.ts), on the text a ValueIndex reads.
import { isHigh, isLow, type ValueIndex } from './secrets-index.js';

/** c * log2(c) in units of 2^-40, rounded: sums of these are exact integers. */
const SCALE = 2 ** 40;
const CLOGC = Float64Array.from({ length: 600 }, (_, c) => (c < 2 ? 0 : Math.round(c * Math.log2(c) * SCALE)));
/** CLOGC[c + 1] - CLOGC[c]: what the sum gains when a count goes from c to c + 1. */
const DELTA = Float64Array.from({ length: 599 }, (_, c) => CLOGC[c + 1]! - CLOGC[c]!);
const NO_KEYS: readonly number[] = [];
/** Below this distance from the threshold the entropy is computed in shannonEntropy's own order. */
const MARGIN = 1e-9;

/**
 * The Shannon entropy of a window of the text as shannonEntropy(text.slice(a, b)) computes it (symbols are
 * code points, a lone surrogate its own, probabilities over the number of code units), kept as counts
 * while the window moves: a move costs the characters that enter or leave. The running sum of c*log2(c) is
 * exact (fixed point); when the entropy it gives lies within MARGIN of a threshold, the sum is done again
 * in floating point in the order shannonEntropy uses (first occurrence), so the comparison is the same.
 */
export class EntropyWindow {
  private a = 0;
  private b = 0;
  private epoch = -1;
  private readonly countAscii = new Int32Array(128);
  private readonly headAscii = new Int32Array(128);
  private readonly countOther = new Map<number, number>();
  private readonly headOther = new Map<number, number>();
  /** Symbols in the window, and the sum of c*log2(c) over them (units of 2^-40). */
  private symbols = 0;
  private sum = 0;

  constructor(private readonly ix: ValueIndex) {}

  private clear(): void {
    this.countAscii.fill(0);
    this.countOther.clear();
    this.headOther.clear();
    this.symbols = 0;
    this.sum = 0;
  }

  /** The symbol that starts at p (key, length in units), or null when p is the low half of a pair. */
  private symbolAt(p: number): number {
    const text = this.ix.text;
    const c = text.charCodeAt(p);
    if (isLow(c) && p > 0 && isHigh(text.charCodeAt(p - 1))) return -1;
    if (isHigh(c) && p + 1 < text.length && isLow(text.charCodeAt(p + 1))) return text.codePointAt(p)!;
    return c;
  }

  private add(key: number, p: number): void {
    let c: number;
    if (key < 128) {
      c = this.countAscii[key]!;
      this.countAscii[key] = c + 1;
      if (c === 0) this.headAscii[key] = p;
    } else {
      c = this.countOther.get(key) ?? 0;
      this.countOther.set(key, c + 1);
      if (c === 0) this.headOther.set(key, p);
    }
    this.symbols++;
    this.sum += DELTA[c]!;
  }

  /** Removes the symbol `key` at p; `left` when p is the first symbol of the window (its head moves on). */
  private remove(key: number, p: number, left: boolean): void {
    let c: number;
    if (key < 128) {
      c = this.countAscii[key]!;
      this.countAscii[key] = c - 1;
      if (left && c > 1 && this.headAscii[key] === p) this.headAscii[key] = this.ix.nextSame(p);
    } else {
      c = this.countOther.get(key)!;
      if (c === 1) {
        this.countOther.delete(key);
        this.headOther.delete(key);
      } else {
        this.countOther.set(key, c - 1);
        if (left && this.headOther.get(key) === p) this.headOther.set(key, this.ix.nextSame(p));
      }
    }
    this.symbols--;
    this.sum -= DELTA[c - 1]!;
  }

  /** Symbols wholly inside [a, b): starts in [a, b) whose length fits. */
  private addRange(from: number, to: number, limit: number): void {
    const text = this.ix.text;
    const counts = this.countAscii;
    const heads = this.headAscii;
    let added = 0;
    let sum = 0;
    for (let p = from; p < to; p++) {
      const c = text.charCodeAt(p);
      if (c < 128) {
        const k = counts[c]!;
        counts[c] = k + 1;
        if (k === 0) heads[c] = p;
        sum += DELTA[k]!;
        added++;
        continue;
      }
      const key = this.symbolAt(p);
      if (key < 0) continue;
      const len = key > 0xffff ? 2 : 1;
      if (p + len <= limit) this.add(key, p);
    }
    this.symbols += added;
    this.sum += sum;
    this.ix.work.moved += to - from;
  }

  private moveTo(a: number, b: number): void {
    const text = this.ix.text;
    // heads move on through nextSame, which needs the index filled over the window
    this.ix.fillTo(b);
    if (this.epoch !== this.ix.epoch || a < this.a || a >= this.b || b <= this.a) {
      this.epoch = this.ix.epoch;
      this.clear();
      this.a = a;
      this.b = a;
      this.addRange(a, b, b);
      this.b = b;
      return;
    }
    // right end
    if (b > this.b) {
      // a pair cut by the old end is now whole
      const from =
        this.b > this.a && isHigh(text.charCodeAt(this.b - 1)) && isLow(text.charCodeAt(this.b)) ? this.b - 1 : this.b;
      this.addRange(from, b, b);
    } else if (b < this.b) {
      for (let p = Math.max(this.a, b - 1); p < this.b; p++) {
        const key = this.symbolAt(p);
        if (key < 0) continue;
        const len = key > 0xffff ? 2 : 1;
        // in the window before (p + len <= old b), not after (p + len > b)
        if (p + len <= this.b && p + len > b) this.remove(key, p, false);
      }
      this.ix.work.moved += this.b - b + 1;
    }
    this.b = b;
    // left end
    const counts = this.countAscii;
    const heads = this.headAscii;
    for (let p = this.a; p < a; p++) {
      const c = text.charCodeAt(p);
      if (c < 128) {
        const k = counts[c]!;
        counts[c] = k - 1;
        if (k > 1 && heads[c] === p) heads[c] = this.ix.nextSameFilled(p);
        this.symbols--;
        this.sum -= DELTA[k - 1]!;
        continue;
      }
      const key = this.symbolAt(p);
      if (key < 0) continue;
      const len = key > 0xffff ? 2 : 1;
      if (p + len <= this.b) this.remove(key, p, true);
    }
    this.ix.work.moved += a - this.a;
    this.a = a;
  }

  /** shannonEntropy(text.slice(a, b)) >= needed, for a non-empty window. */
  atLeast(a: number, b: number, needed: number): boolean {
    this.moveTo(a, b);
    const text = this.ix.text;
    const L = b - a;
    // Units cut from their pair by the window's ends count as symbols of their own.
    const lowAtStart = isLow(text.charCodeAt(a)) && a > 0 && isHigh(text.charCodeAt(a - 1)) ? text.charCodeAt(a) : -1;
    const highAtEnd =
      isHigh(text.charCodeAt(b - 1)) && b < text.length && isLow(text.charCodeAt(b)) ? text.charCodeAt(b - 1) : -1;
    let symbols = this.symbols;
    let sum = this.sum;
    // (a low and a high surrogate: never the same unit)
    for (const key of lowAtStart < 0 && highAtEnd < 0 ? NO_KEYS : [lowAtStart, highAtEnd]) {
      if (key < 0) continue;
      const c = this.countOther.get(key) ?? 0;
      sum += CLOGC[c + 1]! - CLOGC[c]!;
      symbols++;
    }
    const h = (symbols * Math.log2(L) - sum / SCALE) / L;
    if (h > needed + MARGIN) return true;
    if (h < needed - MARGIN) return false;
    this.ix.work.exact++;
    return this.exact(a, b, lowAtStart, highAtEnd) >= needed;
  }

  /** The entropy summed as shannonEntropy sums it: per symbol in order of first occurrence, p = count / units. */
  private exact(a: number, b: number, lowAtStart: number, highAtEnd: number): number {
    const entries: Array<[number, number]> = []; // [head, count]
    for (let k = 0; k < 128; k++) if (this.countAscii[k]! > 0) entries.push([this.headAscii[k]!, this.countAscii[k]!]);
    const other = new Map<number, [number, number]>();
    for (const [k, c] of this.countOther) other.set(k, [this.headOther.get(k)!, c]);
    const bumpAt = (key: number, at: number): void => {
      const e = other.get(key);
      if (e === undefined) other.set(key, [at, 1]);
      else other.set(key, [Math.min(e[0], at), e[1] + 1]);
    };
    if (lowAtStart >= 0) bumpAt(lowAtStart, a);
    if (highAtEnd >= 0) bumpAt(highAtEnd, b - 1);
    for (const e of other.values()) entries.push(e);
    entries.sort((x, y) => x[0] - y[0]);
    const L = b - a;
    let bits = 0;
    for (const [, c] of entries) {
      const p = c / L;
      bits -= p * Math.log2(p);
    }
    return bits;
  }
}
