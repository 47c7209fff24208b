/**
 * The plain reading of a text that writes harm words so that a word list misses them: leetspeak inside a
 * word ("k1ll", "su1c1de", "r@pe", "b0mb", "ki11") and letters spelt out one by one ("k i l l", "k.i.l.l",
 * "k-i-l-l"). The safety classifier scans the reading too when such a word of the text reads as one of its
 * cues (safety.ts keeps, per category, the higher score, and points the reading's findings at the original
 * words). Ordinary text has identifiers that mix letters and leet characters ("k8s", "sha1") and rows of
 * single letters ("a b c"); they are folded only when one of them reads as a cue, so an ordinary text costs
 * three native searches (replacementsOf) and nothing more.
 *
 * A long text is read in windows around its cues (EVIDENCE_WINDOW units either side, merged where they
 * meet), the reach of the classifier's own evidence: the cost is at most one more scan of the text.
 */
import type { TextMatch } from './match.js';
import { mapSpan, OTHER_UNIT, type NormalizedText } from './normalize.js';
import { SAFETY_CATEGORIES, SAFETY_HARM_VERBS, SAFETY_LEXICON, SAFETY_STEMS } from './safety-lexicon.js';
import { LEET_DIGITS } from './injection-obfuscation.js';

/** A safety scan's result (safety.ts SafetyScan), as the reading merges two of them. */
interface ScanResult {
  scores: Record<string, number>;
  findings: TextMatch[];
}

/**
 * The letter a leet character stands for (0: none): the digits of the injection detector's leet fold
 * (LEET_DIGITS, "1" as i or l) and the symbols harm words are written with: @ a, $ s, | l, ! i.
 */
const LEET = (() => {
  const t = new Uint8Array(128);
  for (const [from, to] of [...LEET_DIGITS, ['@', 'a'], ['$', 's'], ['|', 'l'], ['!', 'i']])
    t[from!.charCodeAt(0)] = to!.charCodeAt(0);
  return t;
})();

/** Byte classes: 0 neither, LETTER, LEET_UNIT (one table read per byte). */
const LETTER = 1;
const LEET_UNIT = 2;
const UNIT_CLASS = (() => {
  const t = new Uint8Array(256);
  for (let c = 0; c < 128; c++) {
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) t[c] = LETTER;
    else if (LEET[c] !== 0) t[c] = LEET_UNIT;
  }
  return t;
})();

/** Shortest and longest leet word read: a cue is that long; a long token of letters and digits is an identifier. */
const MIN_LEET_WORD = 3;
const MAX_LEET_WORD = 24;
/** Letters a spelt-out row needs. */
const MIN_ROW = 3;

export interface PlainReading {
  /** The text (or its windows around the cues, joined by a line break) with its leet words and rows read. */
  text: string;
  /** For each unit of `text` (and one past its end), the unit of the original text it comes from. */
  origin: Int32Array;
}

/** A replacement: original units [start, end) read as `word`, its k-th letter the unit start + k * stride. */
interface Replacement {
  start: number;
  end: number;
  word: string;
  /** 1 for a leet word (unit for unit), 2 for a spelt-out row (a letter and a separator). */
  stride: number;
  /** Whether `word` is a cue. */
  cue: boolean;
}

/** An ASCII letter (the matching view is lower case; the test allows either). */
function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/**
 * The reading of the leet token text[start, end) (letters and leet characters, at least one of each): the
 * whole token or the token less the leet characters that end it (punctuation or a number's digits: "kill!",
 * "mp3"), with "1" read as "i" or as "l" - the first that is a cue, else the trimmed token with "i".
 */
function leetReading(text: string, start: number, end: number, isCue: (w: string) => boolean): Replacement | undefined {
  let trimmed = end;
  while (trimmed > start && !isLetter(text.charCodeAt(trimmed - 1))) trimmed--;
  let fallback: Replacement | undefined;
  for (const stop of trimmed === end ? [end] : [end, trimmed]) {
    if (stop - start < MIN_LEET_WORD || stop - start > MAX_LEET_WORD) continue;
    let leet = false;
    let asI = '';
    let asL = '';
    for (let k = start; k < stop; k++) {
      const c = text.charCodeAt(k);
      if (isLetter(c)) {
        const lower = String.fromCharCode(c | 32);
        asI += lower;
        asL += lower;
      } else {
        leet = true;
        asI += String.fromCharCode(LEET[c]!);
        asL += c === 49 ? 'l' : String.fromCharCode(LEET[c]!);
      }
    }
    if (!leet) continue;
    if (isCue(asI)) return { start, end: stop, word: asI, stride: 1, cue: true };
    if (asL !== asI && isCue(asL)) return { start, end: stop, word: asL, stride: 1, cue: true };
    fallback = { start, end: stop, word: asI, stride: 1, cue: false };
  }
  return fallback;
}

/** Letters that are words of their own ("I", "a"): a row may begin with them ("I k i l l", "a b o m b"). */
const ONE_LETTER_WORD = 'ia';

/**
 * The reading of a spelt-out row of `count` letters from `start` (a letter, then separator and letter), added
 * to `found`: the whole row if it is a cue, or the row less one or two leading one-letter words ("I k i l l",
 * "a b o m b"); else a cue and the word after it, spelt out as one row ("k i l l y o u r s e l f": the
 * longest cue the row begins with, read as a word and a space, then the rest: two letters or more, and no
 * inflection); else the whole row, not a cue. ("k.i.l.l.e.r" is no "kill": letters are not dropped at the end.)
 */
function rowReading(
  text: string,
  start: number,
  count: number,
  isCue: (w: string) => boolean,
  found: Replacement[],
): void {
  let letters = '';
  for (let k = 0; k < count; k++) letters += String.fromCharCode(text.charCodeAt(start + 2 * k) | 32);
  for (let from = 0; from <= Math.min(2, count - MIN_ROW); from++) {
    if (from > 0 && !ONE_LETTER_WORD.includes(letters[from - 1]!)) break;
    const word = letters.slice(from);
    if (isCue(word)) {
      found.push({ start: start + 2 * from, end: start + 2 * count - 1, word, stride: 2, cue: true });
      return;
    }
  }
  for (let split = count - MIN_SPLIT_REST; split >= MIN_ROW; split--) {
    const word = letters.slice(0, split);
    if (INFLECTIONS.has(letters.slice(split)) || !isCue(word)) continue;
    // The cue with the separator after it, read as a space (its origin is the next letter's: no finding
    // begins or ends on a space), then the rest.
    const rest = letters.slice(split);
    found.push({ start, end: start + 2 * split, word: `${word} `, stride: 2, cue: true });
    found.push({ start: start + 2 * split, end: start + 2 * count - 1, word: rest, stride: 2, cue: isCue(rest) });
    return;
  }
  found.push({ start, end: start + 2 * count - 1, word: letters, stride: 2, cue: false });
}

/** Letters after a cue in a spelt-out row for the rest to be read as a word of its own (rowReading). */
const MIN_SPLIT_REST = 2;
/** Endings that make a cue another word, not a cue and a second word ("k.i.l.l.e.r" is a killer). */
const INFLECTIONS: ReadonlySet<string> = new Set(['er', 'ers', 'ed', 'ing', 'ings', 'es', 'able', 'ful', 'ly']);

/** A leet character (the keys of LEET): where a leet word may be (one class, so the native search skips ahead fast). */
const LEET_CHAR = /[013-579@$|!]/g;
/**
 * Three letters with one separator between each: where a spelt-out row may be ("k i l l"; also the end of a
 * word, an article and a word's start, "like a fox", which the row check then turns down).
 */
const SPACED_LETTERS = /[a-z] [a-z] [a-z]/g;
const MARKED_LETTERS = /[a-z]([.*_-])[a-z]\1[a-z]/g;
// Tried (2026-11-24) and not kept: the first leet character and the first row mark found with one indexOf per
// character (a native search that skips ahead), so that a text without any skips the class searches and the
// others start there. The reading of the bench's synthetic 1 KB prompts (no digit, no mark) fell from 1.47 to
// 0.57 µs, but that of the WildGuard and NotInject chat prompts only from 0.66 to 0.61 µs, and that of 1 KB
// pieces of the docs (digits and full stops everywhere) rose from 4.1 to 4.4 µs: the fifteen calls cost more
// than they save wherever the characters occur. A search per character throughout (the next of each kept)
// was slower still where they are frequent (about 90 ns per leet character found, against about 40 for the
// regex).

/** A byte of a word: a letter, a digit or a leet character. */
function isWordByte(c: number | undefined): boolean {
  return c !== undefined && (UNIT_CLASS[c] !== 0 || (c >= 48 && c <= 57));
}

/** Whether the byte at q is a letter standing alone (no word byte on either side). */
function singleLetterAt(b: Uint8Array, n: number, q: number): boolean {
  return UNIT_CLASS[b[q]!] === LETTER && (q === 0 || !isWordByte(b[q - 1])) && (q + 1 >= n || !isWordByte(b[q + 1]));
}

/**
 * Leet tokens and spelt-out rows of `text` (a lower-case matching view), in order, each read (leetReading,
 * rowReading). `b` holds its units as bytes (viewBytes: ASCII as is, any other unit OTHER_UNIT). The native
 * searches above find where to look; only there are the bytes read (a walk over every byte cost 2-3 ns each,
 * more than the safety scan of a short prompt).
 */
function replacementsOf(text: string, b: Uint8Array, isCue: (w: string) => boolean): Replacement[] {
  const found: Replacement[] = [];
  const n = text.length;
  // Leet words: the token around each leet character that has a letter beside it.
  LEET_CHAR.lastIndex = 0;
  for (let m = LEET_CHAR.exec(text); m !== null; m = LEET_CHAR.exec(text)) {
    const p = m.index;
    if (UNIT_CLASS[b[p + 1]!] !== LETTER && (p === 0 || UNIT_CLASS[b[p - 1]!] !== LETTER)) continue;
    let start = p;
    while (start > 0 && UNIT_CLASS[b[start - 1]!] !== 0) start--;
    let end = p + 1;
    while (end < n && UNIT_CLASS[b[end]!] !== 0) end++;
    LEET_CHAR.lastIndex = end;
    if ((end < n && isGlued(b[end]!)) || (start > 0 && isGlued(b[start - 1]!))) continue;
    const r = leetReading(text, start, end, isCue);
    if (r !== undefined) found.push(r);
  }
  // Spelt-out rows: from each candidate, the row of single letters with its separator, both ways.
  for (const search of [SPACED_LETTERS, MARKED_LETTERS]) {
    search.lastIndex = 0;
    for (let m = search.exec(text); m !== null; m = search.exec(text)) {
      const separator = b[m.index + 1]!;
      let first = singleLetterAt(b, n, m.index) ? m.index : m.index + 2;
      if (!singleLetterAt(b, n, first)) continue;
      while (first >= 2 && b[first - 1] === separator && singleLetterAt(b, n, first - 2)) first -= 2;
      let last = first;
      while (last + 2 < n && b[last + 1] === separator && singleLetterAt(b, n, last + 2)) last += 2;
      search.lastIndex = Math.max(search.lastIndex, last + 1);
      const count = (last - first) / 2 + 1;
      if (count >= MIN_ROW) rowReading(text, first, count, isCue, found);
    }
  }
  return found.sort((x, y) => x.start - y.start);
}

/**
 * A unit that glues onto a leet token (a digit that is no leet character, or a unit of another script,
 * OTHER_UNIT in the bytes): the token is part of a longer one ("h264", "2fa").
 */
function isGlued(c: number): boolean {
  return (c >= 48 && c <= 57) || c >= 127;
}

/**
 * The plain reading of `text` (its units as `bytes`, see replacementsOf), or undefined when no leet word or
 * spelt-out row of it reads as a cue (`isCue`: a word of the classifier's lexicon). Every leet word and row in the reading is read, so that a
 * cue's neighbours read as words too ("k1ll y0urs3lf"). A text longer than 2 * `reach` is read in windows of
 * `reach` units either side of each cue, merged where they meet, joined by a line break.
 */
export function plainReading(
  text: string,
  bytes: Uint8Array,
  isCue: (word: string) => boolean,
  reach: number,
): PlainReading | undefined {
  const found = replacementsOf(text, bytes, isCue);
  const windows: number[] = [];
  for (const r of found) {
    if (!r.cue) continue;
    const from = text.length <= 2 * reach ? 0 : Math.max(0, r.start - reach);
    const to = text.length <= 2 * reach ? text.length : Math.min(text.length, r.end + reach);
    if (windows.length > 0 && from <= windows[windows.length - 1]!)
      windows[windows.length - 1] = Math.max(to, windows[windows.length - 1]!);
    else windows.push(from, to);
  }
  if (windows.length === 0) return undefined;
  const parts: string[] = [];
  const origin: number[] = [];
  let f = 0;
  for (let w = 0; w < windows.length; w += 2) {
    if (w > 0) {
      parts.push('\n');
      origin.push(windows[w - 1]!);
    }
    let at = windows[w]!;
    const end = windows[w + 1]!;
    while (f < found.length && found[f]!.start < at) f++;
    for (; f < found.length && found[f]!.end <= end; f++) {
      const r = found[f]!;
      parts.push(text.slice(at, r.start));
      for (let k = at; k < r.start; k++) origin.push(k);
      parts.push(r.word);
      for (let k = 0; k < r.word.length; k++) origin.push(r.start + k * r.stride);
      at = r.end;
    }
    parts.push(text.slice(at, end));
    for (let k = at; k < end; k++) origin.push(k);
  }
  origin.push(windows[windows.length - 1]!);
  return { text: parts.join(''), origin: Int32Array.from(origin) };
}

/** Maps a span [start, end) of a reading back to the original text. */
export function originalSpan(reading: PlainReading, start: number, end: number): { start: number; end: number } {
  const from = reading.origin[start]!;
  const to = end > start ? reading.origin[end - 1]! + 1 : from;
  return { start: from, end: Math.max(from, to) };
}

/** The units of `text` as bytes, as viewBytes gives them (ASCII as is, any other unit OTHER_UNIT), for a view it declines. */
export function unitBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length + 8);
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    bytes[k] = c < 0x80 ? c : OTHER_UNIT;
  }
  return bytes;
}

/** Single-word cue terms of every category and the templates' harm verbs, and the stems by their first four letters. */
let cueWords: Set<string> | undefined;
let stemsByHead: Map<string, string[]> | undefined;

/**
 * Words of the templates that a plain reading looks for besides the cues and harm verbs: a wish to die ("I
 * want to d i e", "d1e") and the self a harm is aimed at ("kill y o u r s e l f"), which no cue word names.
 */
const TEMPLATE_WORDS_READ = ['die', 'yourself', 'urself', 'myself'];

/** Whether `word` (lower case) is a cue of one word: what a plain reading looks for. */
export function isCueWord(word: string): boolean {
  if (cueWords === undefined || stemsByHead === undefined) {
    cueWords = new Set([...SAFETY_HARM_VERBS, ...TEMPLATE_WORDS_READ]);
    for (const cat of SAFETY_CATEGORIES)
      for (const term of Object.keys(SAFETY_LEXICON[cat])) if (!term.includes(' ')) cueWords.add(term);
    stemsByHead = new Map();
    for (const stem of SAFETY_STEMS) {
      if (stem.includes(' ') || stem.length < 4) continue;
      const head = stem.slice(0, 4);
      stemsByHead.set(head, [...(stemsByHead.get(head) ?? []), stem]);
    }
  }
  if (cueWords.has(word)) return true;
  const stems = word.length >= 4 ? stemsByHead.get(word.slice(0, 4)) : undefined;
  return stems !== undefined && stems.some((stem) => word.startsWith(stem));
}

/**
 * The scan of a text with that of its view's plain reading (`other`): per category the higher score, and the
 * reading's findings pointed at the original words (those the text's own scan has are not repeated).
 */
export function withReading(
  own: ScanResult,
  other: ScanResult,
  reading: PlainReading,
  view: NormalizedText,
): ScanResult {
  const scores = { ...own.scores };
  for (const cat in other.scores) if (other.scores[cat]! > (scores[cat] ?? 0)) scores[cat] = other.scores[cat]!;
  const findings = [...own.findings];
  const seen = new Set(findings.map((f) => `${f.detector} ${f.start} ${f.end}`));
  for (const f of other.findings) {
    // The reading's scan points into the reading (its own view mapped onto it), which maps onto `view`.
    const inView = originalSpan(reading, f.start, f.end);
    const span = mapSpan(view, inView.start, inView.end);
    const key = `${f.detector} ${span.start} ${span.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push({ ...f, ...span });
  }
  findings.sort((a, b) => a.start - b.start || b.score - a.score);
  return { scores, findings };
}
