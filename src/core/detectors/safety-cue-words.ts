/**
 * When a cue of the safety lexicon found at a word start stands as a word (safety-cues.ts): a short cue is
 * a whole word plus a plural or verb ending ("stab", "stabs", "stabbed", not "stability"), a longer one a
 * stem or phrase that matches as a prefix ("decapitat" -> "decapitated") unless written with a final "."
 * ("retard." does not match "retardation").
 */
import { CLASS, Cls, FOLD } from './safety-scan-bytes.js';

/** Cues of this many letters or fewer are whole words (plus an ending). */
const SHORT_CUE_MAX = 5;
const SHORT_CUE_ENDINGS = ['', 's', 'es', 'ed', 'd', 'ing', 'ings', 'er', 'ers', 'en'].map(codes);
/** Endings after a doubled last letter (stab -> stabbed). */
const DOUBLED_ENDINGS = ['ed', 'ing', 'er', 'ers'].map(codes);
/** 1 for the first letters of SHORT_CUE_ENDINGS. */
const ENDING_FIRST = new Uint8Array(256);
for (const e of SHORT_CUE_ENDINGS) if (e.length > 0) ENDING_FIRST[e[0]!] = 1;

function codes(s: string): number[] {
  return Array.from(s, (ch) => ch.charCodeAt(0));
}

export interface CueEntry {
  /** The term as written in the lexicon (the key callers look up). */
  term: string;
  /** The characters to compare (without the whole-word marker). */
  text: string;
  /** Whole word plus an inflection, not a prefix: short cues, and longer ones written with a final ".". */
  wholeWord: boolean;
  /** Some word in NOT_INFLECTIONS starts with this whole-word cue: check the word before accepting it. */
  falseFriends: boolean;
}

/**
 * Words that read as a short cue plus one of its endings but are other words: "number" is not "more
 * numb", "wares" are goods, "bedding" is linen. A whole-word cue does not match them.
 */
const NOT_INFLECTIONS: ReadonlySet<string> = new Set(['number', 'numbers', 'wares', 'bedding', 'beddings']);
const NOT_INFLECTION_LIST: readonly string[] = [...NOT_INFLECTIONS];
const LONGEST_NOT_INFLECTION = Math.max(...NOT_INFLECTION_LIST.map((w) => w.length));
/** NOT_INFLECTIONS as byte codes, compared in place (no string per check: "numbers" is a common word). */
const NOT_INFLECTION_CODES: ReadonlyArray<readonly number[]> = [...NOT_INFLECTIONS].map(codes);

/** The entry of lexicon term `term`, whose characters to compare are `text`; `wholeMark`: written with a final ".". */
export function cueEntryOf(term: string, text: string, wholeMark: boolean): CueEntry {
  const wholeWord = wholeMark || (/^[a-z]+$/.test(text) && text.length <= SHORT_CUE_MAX);
  return {
    term,
    text,
    wholeWord,
    falseFriends: wholeWord && NOT_INFLECTION_LIST.some((w) => w.startsWith(text) && w !== text),
  };
}

/**
 * The endings (byte codes) a whole-word cue whose last character is `last` may be followed by, other than
 * none: the plain ones, then the doubled last letter with the endings that double it.
 */
export function wholeWordEndings(last: number): number[][] {
  return [...SHORT_CUE_ENDINGS.filter((e) => e.length > 0), ...DOUBLED_ENDINGS.map((e) => [last, ...e])];
}

/** Whether a cue matched at [start, rest) stands as a word: any cue that is not whole-word does; a whole-word one needs an inflection after it and a word outside NOT_INFLECTIONS. */
export function cueEndsWord(entry: CueEntry, buf: Uint8Array, n: number, start: number, rest: number): boolean {
  if (!entry.wholeWord) return true;
  if (!inflectionFollows(buf, n, rest, FOLD[buf[rest - 1]!]!)) return false;
  if (!entry.falseFriends) return true;
  let end = rest;
  while (end < n && end - start <= LONGEST_NOT_INFLECTION && (CLASS[buf[end]!]! & Cls.LETTER) !== 0) end++;
  return end - start > LONGEST_NOT_INFLECTION || !isNotInflection(buf, start, end);
}

/** Whether buf[start, end) spells a word of NOT_INFLECTIONS. */
function isNotInflection(buf: Uint8Array, start: number, end: number): boolean {
  for (const w of NOT_INFLECTION_CODES) {
    if (w.length !== end - start) continue;
    let k = 0;
    while (k < w.length && buf[start + k] === w[k]) k++;
    if (k === w.length) return true;
  }
  return false;
}

/** True when buf[from, from + e.length) is the ending `e` and no letter follows it (digits may). */
function endingAt(buf: Uint8Array, n: number, from: number, e: readonly number[]): boolean {
  if (from + e.length > n) return false;
  for (let k = 0; k < e.length; k++) if (buf[from + k] !== e[k]) return false;
  const after = from + e.length;
  return after >= n || (CLASS[buf[after]!]! & Cls.LETTER) === 0;
}

/**
 * Whole word plus an inflection, including a doubled final consonant (stab -> stabbed, stabbing).
 * `last` is the cue's final character (folded); the doubled one is compared as it stands in the text.
 */
function inflectionFollows(buf: Uint8Array, n: number, rest: number, last: number): boolean {
  // Shortcuts with the same answers: the empty ending accepts any non-letter next, and every other
  // ending starts with a letter in ENDING_FIRST (or doubles `last`).
  if (rest >= n || (CLASS[buf[rest]!]! & Cls.LETTER) === 0) return true;
  if (ENDING_FIRST[buf[rest]!] === 0 && buf[rest] !== last) return false;
  for (const e of SHORT_CUE_ENDINGS) if (endingAt(buf, n, rest, e)) return true;
  if (rest >= n || buf[rest] !== last) return false;
  for (const e of DOUBLED_ENDINGS) if (endingAt(buf, n, rest + 1, e)) return true;
  return false;
}
