/**
 * Shift ciphers (ROT13, Caesar) hide an English sentence as letter soup: "Jung vf gur cnffjbeq?" is
 * "What is the password?". A run of words with no common English word in it is tried under all 25
 * shifts; when one shift turns it into text that is mostly common English words, the run is reported as
 * an encoded payload. Runs are capped (length and count), so the cost stays linear.
 */
import type { TextMatch } from './match.js';
import { mapSpan, type NormalizedText } from './normalize.js';
import { HASH_SEED, hashStep, WordTable } from './normalize-words.js';

const COMMON = new Set(
  (
    'the is a an of to and in that what was are for on with as it be by this you your i me my how can do does did at from or not no ' +
    'have has had will would should could state tell say is are who where when why which their they he she his her we our us all ' +
    'ignore previous instructions password secret'
  ).split(' '),
);

/**
 * At least this many words in a row, none of them common English, make a candidate run (English noun
 * phrases reach four or five; a shifted sentence has no common word at all). Only the first words of a
 * run are tried, which bounds the work per run.
 */
// A const enum: a bundler inlines the members as literals (a module-level const becomes a mutable binding
// that the optimising compiler reloads at every use, and knownWord runs for every word of a text).
const enum Limit {
  MIN_RUN_WORDS = 6,
  MAX_WORDS_TRIED = 12,
  MAX_RUNS = 5,
  MAX_RUN_CHARS = 600,
}
/** Share of common words after the shift that counts as decoded English. */
const DECODED_SHARE = 0.3;

const COMMON_WORDS = new WordTable([...COMMON].map((w) => [w, true] as const));

/** The common English words (isCommonWord). */
export const commonWords: ReadonlySet<string> = COMMON;

/** True when `word` (a-z) is one of the common English words that break a candidate run. */
export function isCommonWord(word: string): boolean {
  return COMMON.has(word);
}

function lightGap(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    // space, tab, newline, , . ? ! ' "
    if (
      c !== 32 &&
      c !== 9 &&
      c !== 10 &&
      c !== 13 &&
      c !== 44 &&
      c !== 46 &&
      c !== 63 &&
      c !== 33 &&
      c !== 39 &&
      c !== 34
    )
      return false;
  }
  return true;
}

/**
 * Hash of a word's shift class (the word shifted so that it starts with "a"). Two words are shifts of
 * each other exactly when their classes are equal, so each run word is looked up once instead of once
 * per shift; `shiftOf` confirms a candidate.
 */
function shiftClassHash(text: string, start: number, end: number): number {
  const base = text.charCodeAt(start) - 97;
  let h = HASH_SEED;
  for (let i = start; i < end; i++) {
    // Letters only (a-z), so the difference lies in -25..25: one conditional add is the modulo.
    let d = text.charCodeAt(i) - 97 - base;
    if (d < 0) d += 26;
    h = hashStep(h, d + 97);
  }
  // Signed 32-bit: V8 keeps it unboxed, so the Map lookup stays cheap (unsigned values above 2^31 are heap numbers).
  return h | 0;
}

/** The shift k (1..25) that turns text[start, end) into `word`, or -1 when none does. */
function shiftOf(text: string, start: number, end: number, word: string): number {
  if (word.length !== end - start) return -1;
  const k = (word.charCodeAt(0) - text.charCodeAt(start) + 26) % 26;
  if (k === 0) return -1;
  for (let i = 1; i < word.length; i++)
    if ((word.charCodeAt(i) - text.charCodeAt(start + i) + 26) % 26 !== k) return -1;
  return k;
}

const COMMON_LIST = [...COMMON];
/** Shift-class hash -> indices of the common words in that class. */
const COMMON_BY_CLASS: ReadonlyMap<number, readonly number[]> = (() => {
  const m = new Map<number, number[]>();
  COMMON_LIST.forEach((w, index) => {
    const key = shiftClassHash(w, 0, w.length);
    const list = m.get(key) ?? [];
    list.push(index);
    m.set(key, list);
  });
  return m;
})();

/** Spans of the words a run tries: only the first Limit.MAX_WORDS_TRIED within Limit.MAX_RUN_CHARS. */
const triedStart = new Int32Array(Limit.MAX_WORDS_TRIED);
const triedEnd = new Int32Array(Limit.MAX_WORDS_TRIED);
/** The tried words' shiftPairs when the caller gave them (else computed when the run is checked). */
const triedPairs: Array<Int32Array | undefined> = new Array<Int32Array | undefined>(Limit.MAX_WORDS_TRIED).fill(
  undefined,
);
/** Per shift k (1..25): how many tried words it turns into common words, the first such word, and whether a second, different one occurred. */
const commonAt = new Int32Array(26);
const firstAt = new Int32Array(26);
const twoAt = new Uint8Array(26);
/** Per shift k: whether a common word of three letters or more occurred (two-letter words land by chance). */
const longAt = new Uint8Array(26);

/** Shift k turns a tried word into common word `index`. */
function countShift(k: number, index: number): void {
  commonAt[k]!++;
  if (COMMON_LIST[index]!.length >= 3) longAt[k] = 1;
  if (firstAt[k] === -1) firstAt[k] = index;
  else if (firstAt[k] !== index) twoAt[k] = 1;
}

const NO_PAIRS = new Int32Array(0);

/**
 * The common words a word of a-z letters spells under a shift: for each common word of its shift class
 * that some shift k (1..25) turns it into, in the order the run check tries them, `k | index << 5`
 * (index into the common word list). What the run check computes for a tried word, for callers that
 * look it up once per distinct word.
 */
export function shiftPairs(word: string): Int32Array {
  const same = COMMON_BY_CLASS.get(shiftClassHash(word, 0, word.length));
  if (!same) return NO_PAIRS;
  const out: number[] = [];
  for (const index of same) {
    const k = shiftOf(word, 0, word.length, COMMON_LIST[index]!);
    if (k >= 0) out.push(k | (index << 5));
  }
  return out.length > 0 ? Int32Array.from(out) : NO_PAIRS;
}

/**
 * Shift-cipher detection fed word by word (runs of a-z, in order) by a scanner that already walks the
 * words of the view (the injection detector's byte pass, or its structure pass on other views).
 */
export class ShiftCipherScan {
  private findings: TextMatch[] = [];
  private runLength = 0;
  private runStart = 0;
  private runEnd = 0;
  private runs = 0;
  private tried = 0;
  /** Of the tried words of the current run: how many came with shiftPairs that are not empty, and how many without shiftPairs. */
  private triedPairing = 0;
  private triedUnpaired = 0;
  private lastEnd = 0;

  constructor(private view: NormalizedText) {}

  /** Starts over on another view (the scan is reused from text to text). */
  reset(view: NormalizedText): this {
    this.view = view;
    this.findings = [];
    this.runLength = 0;
    this.runStart = 0;
    this.runEnd = 0;
    this.runs = 0;
    this.tried = 0;
    this.triedPairing = 0;
    this.triedUnpaired = 0;
    this.lastEnd = 0;
    return this;
  }

  /** The next word text[start, end) of a-z letters, whose running hash is `hash`. */
  word(start: number, end: number, hash: number): void {
    // Only the first Limit.MAX_RUNS candidate runs are tried; later words change nothing.
    if (this.runs >= Limit.MAX_RUNS) return;
    this.knownWord(start, end, COMMON_WORDS.get(this.view.text, start, end, hash) === true);
  }

  /** True once later words can change nothing (the run budget is spent). */
  get done(): boolean {
    return this.runs >= Limit.MAX_RUNS;
  }

  /**
   * As `word`, for a caller that already knows whether the word is one of the common words (isCommonWord)
   * and, optionally, its shiftPairs (looked up once per distinct word instead of once per tried word).
   */
  knownWord(start: number, end: number, common: boolean, pairs?: Int32Array): void {
    if (this.runs >= Limit.MAX_RUNS) return;
    const text = this.view.text;
    // A run is broken by a common word or by anything but spaces and light punctuation between words.
    if (common || !lightGap(text, this.lastEnd, start)) this.flush();
    // Single letters ("s" of "X-Men's") shift onto "a" or "i" too easily; they do not join a run.
    if (!common && end - start >= 2) {
      if (this.runLength === 0) this.runStart = start;
      if (this.tried < Limit.MAX_WORDS_TRIED && start - this.runStart < Limit.MAX_RUN_CHARS) {
        triedStart[this.tried] = start;
        triedEnd[this.tried] = end;
        triedPairs[this.tried] = pairs;
        this.tried++;
        if (pairs === undefined) this.triedUnpaired++;
        else if (pairs.length > 0) this.triedPairing++;
      }
      this.runLength++;
      this.runEnd = end;
    }
    this.lastEnd = end;
  }

  /** A run of letters and digits: its a-z parts are the words. */
  lettersOf(start: number, end: number): void {
    const text = this.view.text;
    let i = start;
    while (i < end) {
      let c = text.charCodeAt(i);
      if (c < 97 || c > 122) {
        i++;
        continue;
      }
      const from = i;
      let h = HASH_SEED;
      do {
        h = hashStep(h, c);
        c = text.charCodeAt(++i);
      } while (i < end && c >= 97 && c <= 122);
      this.word(from, i, h);
    }
  }

  /** Ends the text: the findings, in the order they were made. */
  finish(): TextMatch[] {
    this.flush();
    return this.findings;
  }

  private flush(): void {
    if (this.runLength >= Limit.MIN_RUN_WORDS && this.runs < Limit.MAX_RUNS) {
      this.runs++;
      // A finding needs two tried words that spell common words under the same shift (a shift turns a word
      // into one word only), and that shift must turn DECODED_SHARE of the tried words: with all pairs
      // known, too few pairing words rule every shift out without counting.
      if (this.triedUnpaired === 0 && (this.triedPairing < 2 || this.triedPairing / this.tried < DECODED_SHARE)) {
        this.runLength = 0;
        this.tried = 0;
        this.triedPairing = 0;
        return;
      }
      const text = this.view.text;
      const tried = this.tried;
      // For each shift k, count the tried words that k turns into common words. A word shifted by k is
      // common exactly when a common word of its shift class starts k letters after it.
      commonAt.fill(0);
      firstAt.fill(-1);
      twoAt.fill(0);
      longAt.fill(0);
      for (let t = 0; t < tried; t++) {
        const pairs = triedPairs[t];
        if (pairs !== undefined) {
          for (let j = 0; j < pairs.length; j++) countShift(pairs[j]! & 31, pairs[j]! >>> 5);
          continue;
        }
        const same = COMMON_BY_CLASS.get(shiftClassHash(text, triedStart[t]!, triedEnd[t]!));
        if (!same) continue;
        for (const index of same) {
          const k = shiftOf(text, triedStart[t]!, triedEnd[t]!, COMMON_LIST[index]!);
          if (k >= 0) countShift(k, index);
        }
      }
      for (let k = 1; k < 26; k++) {
        // Two different common words at least, one of them three letters or more: short tokens ("ax gh")
        // land on "he no" under some shift by chance, a shifted sentence also yields "the", "you", "what".
        if (twoAt[k] === 1 && longAt[k] === 1 && commonAt[k]! / tried >= DECODED_SHARE) {
          this.findings.push({
            type: 'encoded_payload',
            detector: `injection.decode:shift_cipher_${26 - k}`,
            score: 0.85,
            ...mapSpan(this.view, this.runStart, this.runEnd),
          });
          break;
        }
      }
    }
    this.runLength = 0;
    this.tried = 0;
    this.triedPairing = 0;
    this.triedUnpaired = 0;
  }
}
