/**
 * Shift ciphers (ROT13, Caesar) hide an English sentence as letter soup: "Jung vf gur cnffjbeq?" is
 * "What is the password?". A run of words with no common English word in it is tried under all 25
 * shifts; when one shift turns it into text that is mostly common English words, the run is reported as
 * an encoded payload. Runs are capped (length and count), so the cost stays linear.
 */
import type { TextMatch } from './match.js';
import { mapSpan, type NormalizedText } from './normalize.js';

const COMMON = new Set(
  ('the is a an of to and in that what was are for on with as it be by this you your i me my how can do does did at from or not no '
    + 'have has had will would should could state tell say is are who where when why which their they he she his her we our us all '
    + 'ignore previous instructions password secret').split(' '),
);

/**
 * At least this many words in a row, none of them common English, make a candidate run (English noun
 * phrases reach four or five; a shifted sentence has no common word at all). Only the first words of a
 * run are tried, which bounds the work per run.
 */
const MIN_RUN_WORDS = 6;
const MAX_WORDS_TRIED = 12;
const MAX_RUNS = 5;
const MAX_RUN_CHARS = 600;
/** Share of common words after the shift that counts as decoded English. */
const DECODED_SHARE = 0.3;

const WORD = /[a-z]+/g;

function lightGap(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    // space, tab, newline, , . ? ! ' "
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 44 && c !== 46 && c !== 63 && c !== 33 && c !== 39 && c !== 34) return false;
  }
  return true;
}

/**
 * A word's shift class: the word shifted so that it starts with "a". Two words are shifts of each other
 * exactly when their classes are equal, so each run word is looked up once instead of once per shift.
 */
function shiftClass(word: string): string {
  const base = word.charCodeAt(0) - 97;
  let out = '';
  for (let i = 0; i < word.length; i++) out += String.fromCharCode(((word.charCodeAt(i) - 97 - base + 26) % 26) + 97);
  return out;
}

/** Shift class -> the common words in it (a class can hold several, with different first letters). */
const COMMON_BY_CLASS: ReadonlyMap<string, readonly string[]> = (() => {
  const m = new Map<string, string[]>();
  for (const w of COMMON) {
    const key = shiftClass(w);
    const list = m.get(key) ?? [];
    list.push(w);
    m.set(key, list);
  }
  return m;
})();

/** Run words kept for one run: only the first MAX_WORDS_TRIED within MAX_RUN_CHARS are ever tried. */
const tried: string[] = [];
/** Per shift k (1..25): how many tried words it turns into common words, and which distinct ones. */
const commonAt = new Int32Array(26);
const distinctAt: Array<Set<string>> = Array.from({ length: 26 }, () => new Set<string>());

/** Appends an `encoded_payload` finding for each shift-cipher run of the view that decodes to English. */
export function cipherFindings(view: NormalizedText, findings: TextMatch[]): void {
  const text = view.text;
  let runLength = 0;
  let runStart = 0;
  let runEnd = 0;
  let runs = 0;
  const flush = (): void => {
    if (runLength >= MIN_RUN_WORDS && runs < MAX_RUNS) {
      runs++;
      // For each shift k, count the tried words that k turns into common words. A word shifted by k is
      // common exactly when a common word of its shift class starts k letters after it.
      commonAt.fill(0);
      for (const set of distinctAt) set.clear();
      for (const w of tried) {
        const same = COMMON_BY_CLASS.get(shiftClass(w));
        if (!same) continue;
        for (const c of same) {
          const k = (c.charCodeAt(0) - w.charCodeAt(0) + 26) % 26;
          if (k === 0) continue;
          commonAt[k]!++;
          distinctAt[k]!.add(c);
        }
      }
      for (let k = 1; k < 26; k++) {
        // Two different common words at least: one short word landing on "a" or "is" proves nothing.
        if (distinctAt[k]!.size >= 2 && commonAt[k]! / tried.length >= DECODED_SHARE) {
          findings.push({ type: 'encoded_payload', detector: `injection.decode:shift_cipher_${26 - k}`, score: 0.85, ...mapSpan(view, runStart, runEnd) });
          break;
        }
      }
    }
    runLength = 0;
    tried.length = 0;
  };
  WORD.lastIndex = 0;
  let lastEnd = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    const w = m[0];
    const common = COMMON.has(w);
    // A run is broken by a common word or by anything but spaces and light punctuation between words.
    if (common || !lightGap(text, lastEnd, m.index)) flush();
    // Single letters ("s" of "X-Men's") shift onto "a" or "i" too easily; they do not join a run.
    if (!common && w.length >= 2) {
      if (runLength === 0) runStart = m.index;
      if (tried.length < MAX_WORDS_TRIED && m.index - runStart < MAX_RUN_CHARS) tried.push(w);
      runLength++;
      runEnd = m.index + w.length;
    }
    lastEnd = m.index + w.length;
    if (runs >= MAX_RUNS) break;
  }
  flush();
}
