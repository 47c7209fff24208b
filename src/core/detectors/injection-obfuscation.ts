/**
 * Words written so that a reader matching words misses them: leetspeak ("1gn0r3 pr3v10us 1nstruct10ns"),
 * reversed text ("snoitcurtsni suoiverp lla erongi", or each word reversed in place), letters spelt out one
 * by one ("i g n o r e  a l l"), words run together ("IgnoreAllPreviousInstructions", one word once
 * lower-cased), words split by marks a reader's eye passes over ("I**gn**ore", "Ign_ore", "ig-nore") or cut
 * by spaces ("Disre gard your ru les"), and words joined into one token ("ignore_all_previous_instructions_and_...").
 * The word pass marks a word whose leet fold or reversal is one of the detector's gate words, or that is
 * long and begins with one (decided once per distinct word, when the pass learns it: nothing per
 * occurrence on ordinary text), a row of one-letter words, and a word that begins a gate word and is
 * followed by a splitting mark (SPLIT_UNIT) and the rest of one (splitWordEnd), two pieces of a gate word
 * a space or a line break apart (spacedWordAt) and a gate word joined to words that read as a sentence (joinedRunEnd); the detector then decodes
 * the stretch around the marks and scans it again with its own layers (obfuscatedStretches,
 * decodedReadings). Whether the decoded stretch is an attack is decided by those layers, so a word that
 * merely reverses into a gate word ("drawer", "trap") costs one small scan and is not a finding. A view the
 * word pass declines (dense in other scripts) is marked the same way by structureFindings (ObfuscationMarks).
 */
import { hashStep, hashWord, HASH_SEED, WordTable } from './normalize-words.js';
import { isCommonWord } from './injection-cipher.js';
import { MIRRORED, UPSIDE_DOWN } from './normalize-tables.js';

/** How a marked word hides its gate word. */
export const enum Obfuscation {
  NONE = 0,
  LEET = 1,
  REVERSED = 2,
  /** Letters spelt out one by one, between spaces or other separators ("i g n o r e", "i-g-n-o-r-e"). */
  SPELLED = 3,
  /** Words run together without spaces, as CamelCase reads once lower-cased ("ignoreallpreviousinstructions"). */
  SQUASHED = 4,
  /** A word split by emphasis marks, underscores, a hyphen or a full stop ("I**gn**ore", "Ign_ore"): SPLIT_UNIT. */
  SPLIT = 5,
  /** A gate word written in base64 on its own, among plain words ("please aWdub3Jl all previous ..."). */
  BASE64 = 6,
  /** A list of bytes written "0x69, 0x67, 0x6e" (BYTE_ROW_MIN or more: ByteRow). */
  BYTES = 7,
  /** A gate word written in hex on its own ("please 69676e6f7265 all previous ..."; base64SpellingsOf). */
  HEX_WORD = 8,
  /** A gate word cut by spaces, one piece no word at all ("ig nore", "Disre gard", "ru les"): spacedWordAt. */
  SPACED = 9,
  /** Words joined into one token by "_", ".", "-", "*" or "~", a sentence read as an identifier ("ignore_all_previous_..."): joinedRunEnd. */
  JOINED = 10,
}

/** Marked words a walk keeps (start, end, Obfuscation triples): enough for MAX_STRETCHES stretches. */
export const MAX_MARKS = 64;
/** One-unit words in a row that are letters spelt out (a row of SPELLED_MIN is marked, Obfuscation.SPELLED). */
export const SPELLED_MIN = 6;
/** ... each starting at most this many units after the end of the one before ("i g", "i-g", "e  a", "e / a"). */
export const SPELLED_GAP = 3;

/** A decoded gate word must be at least this long: short words fold or reverse into one too easily. */
const MIN_WORD = 4;

/** The digits of leetspeak and the letters they stand for ("1" is also "l": readers try "i" first, then "l"). */
export const LEET_DIGITS: readonly (readonly [string, string])[] = [
  ['0', 'o'],
  ['1', 'i'],
  ['3', 'e'],
  ['4', 'a'],
  ['5', 's'],
  ['7', 't'],
  ['8', 'b'],
  ['9', 'g'],
];

/** The letter a digit stands for in leetspeak (0 when it stands for none), from LEET_DIGITS. */
const LEET_LETTER = (() => {
  const t = new Uint8Array(128);
  for (const [digit, letter] of LEET_DIGITS) t[digit.charCodeAt(0)] = letter.charCodeAt(0);
  return t;
})();

/** A word this long that begins with a gate word may be words run together (Obfuscation.SQUASHED). */
const MIN_SQUASHED = 14;
/** The longest gate word looked for at the start of a long word. */
const MAX_PREFIX = 10;

/**
 * How the word b[start, end) ([a-z0-9] bytes, not itself a gate word) hides a gate word of `gates`: BASE64
 * or HEX_WORD when it is one of `spellings` (base64SpellingsOf), LEET when it mixes letters and digits and its leet fold
 * is one, REVERSED when it is letters only and its reversal is one, SQUASHED when it is letters only,
 * MIN_SQUASHED long or more, and begins with one (of four to MAX_PREFIX letters: "ignoreallprevious...");
 * else NONE.
 */
export function obfuscationOf(
  b: Uint8Array,
  start: number,
  end: number,
  gates: WordTable<unknown>,
  spellings?: WordTable<string>,
): Obfuscation {
  if (end - start < MIN_WORD) return Obfuscation.NONE;
  if (spellings !== undefined && end - start >= MIN_BASE64_WORD) {
    let h = HASH_SEED;
    for (let k = start; k < end; k++) h = hashStep(h, b[k]!);
    if (spellings.mayHave(h) && spellings.get(String.fromCharCode(...b.subarray(start, end)), 0, end - start, h))
      return isHexWord(b, start, end) ? Obfuscation.HEX_WORD : Obfuscation.BASE64;
  }
  let digits = 0;
  for (let k = start; k < end; k++) if (b[k]! < 97) digits++;
  if (digits === 0 && end - start >= MIN_SQUASHED) {
    let h = HASH_SEED;
    for (let k = start; k < start + MAX_PREFIX; k++) {
      h = hashStep(h, b[k]!);
      if (k - start + 1 >= MIN_WORD && gates.mayHave(h)) {
        const prefix = String.fromCharCode(...b.subarray(start, k + 1));
        if (gates.get(prefix, 0, prefix.length, h) !== undefined) return Obfuscation.SQUASHED;
      }
    }
  }
  if (digits === 0) {
    let h = HASH_SEED;
    for (let k = end - 1; k >= start; k--) h = hashStep(h, b[k]!);
    if (!gates.mayHave(h)) return Obfuscation.NONE;
    let reversed = '';
    for (let k = end - 1; k >= start; k--) reversed += String.fromCharCode(b[k]!);
    return gates.get(reversed, 0, reversed.length, h) !== undefined ? Obfuscation.REVERSED : Obfuscation.NONE;
  }
  if (digits === end - start) return Obfuscation.NONE;
  for (const one of [105, 108]) {
    let h = HASH_SEED;
    let folded = '';
    for (let k = start; k < end; k++) {
      const c = b[k]!;
      const letter = c >= 97 ? c : c === 49 ? one : LEET_LETTER[c]!;
      if (letter === 0) return Obfuscation.NONE;
      h = hashStep(h, letter);
      folded += String.fromCharCode(letter);
    }
    if (gates.mayHave(h) && gates.get(folded, 0, folded.length, h) !== undefined) return Obfuscation.LEET;
  }
  return Obfuscation.NONE;
}

/** The shortest base64 spelling of a gate word (four letters: six units, the padding dropped). */
const MIN_BASE64_WORD = 6;

/**
 * The base64 spellings of `words` (the gate words and common English words) of MIN_WORD letters or more,
 * lower-cased as the view reads them
 * and without their padding ("aWdub3Jl", "SWdub3Jl" and "SUdOT1JF" are "awdub3jl", "swdub3jl" and
 * "sudot1jf"), each with its word: the word pass notes a word that is one when it learns it, so a gate
 * word encoded on its own among plain words ("please aWdub3Jl all previous instructions", too short for
 * the run finder's 16 units) costs ordinary text nothing per occurrence. Base64 of letters has no "+" or
 * "/", so each spelling is one word of the view. Cased as written, as capitalised and in capitals: the
 * three ways a word is written. Another casing of the view's spelling decodes to other bytes, but nobody
 * writes one: a word the table holds is at worst a stretch scanned again (decodedReadings), and only
 * what that reading says is reported.
 *
 * The words under MAX_HEX_WORD letters are spelt in hex too, with and without "0x" ("69676e6f7265",
 * "0x49676e6f7265"): a longer word's hex is 16 digits or more, which the run finder decodes. Only a
 * whole word that is the hex of one of these words is read, so colour codes, hashes and ids (whose hex
 * does not spell a word in one of three casings) stay as written.
 */
export function base64SpellingsOf(words: Iterable<string>): WordTable<string> {
  const spellings = new Map<string, string>();
  for (const w of words) {
    if (w.length < MIN_WORD || !/^[a-z]+$/.test(w)) continue;
    for (const cased of [w, w[0]!.toUpperCase() + w.slice(1), w.toUpperCase()]) {
      spellings.set(base64Of(cased).replace(/=+$/, '').toLowerCase(), w);
      const hex = hexOf(cased);
      // A hex spelling of digits only ("TRUST" is 5452555354) is a number in the text, not an evasion.
      if (w.length < MAX_HEX_WORD && /[a-f]/.test(hex)) {
        spellings.set(hex, w);
        spellings.set(`0x${hex}`, w);
      }
    }
  }
  return new WordTable(spellings);
}

/** Whether the word b[start, end) is hex digits, after "0x" or not (a spelling of base64SpellingsOf's hex). */
function isHexWord(b: Uint8Array, start: number, end: number): boolean {
  if (b[start] === 48 && b[start + 1] === 120) start += 2;
  for (let k = start; k < end; k++) if (!isHexDigit(b[k]!)) return false;
  return true;
}

/** Words this long or longer are 16 hex digits or more: the run finder's hex branch decodes them. */
const MAX_HEX_WORD = 8;

/** The lower-case hex of an ASCII string. */
function hexOf(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += s.charCodeAt(i).toString(16).padStart(2, '0');
  return out;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The base64 of an ASCII string (pure: no Buffer, no btoa in src/core). */
function base64Of(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i += 3) {
    const n = (s.charCodeAt(i) << 16) | ((s.charCodeAt(i + 1) || 0) << 8) | (s.charCodeAt(i + 2) || 0);
    const units = Math.min(4, s.length - i + 1);
    for (let k = 0; k < 4; k++) out += k < units ? BASE64_ALPHABET[(n >> (18 - 6 * k)) & 63] : '=';
  }
  return out;
}

/** A stretch of the view around marked words, and how most of them hide. */
export interface ObfuscatedStretch {
  start: number;
  end: number;
  kind: Obfuscation;
}

/** Marked words closer than this (in units) belong to one stretch. */
const JOIN_GAP = 120;
/** A stretch reaches this far past its first and last marked word, within their lines. */
const CONTEXT = 200;
/** At most this many stretches of a text are decoded and scanned again (the cost stays bounded). */
export const MAX_STRETCHES = 4;

/**
 * The stretches of `text` to decode, from the marked words in `marks` (count triples start, end, kind, in
 * text order): words JOIN_GAP apart or closer are one stretch, widened by CONTEXT units within their lines.
 */
export function obfuscatedStretches(text: string, marks: Int32Array, count: number): ObfuscatedStretch[] {
  const out: ObfuscatedStretch[] = [];
  let k = 0;
  while (k < count && out.length < MAX_STRETCHES) {
    const first = marks[k * 3]!;
    let last = marks[k * 3 + 1]!;
    // Marks of each kind (index: Obfuscation); the stretch is read as the most frequent.
    const kinds = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    do {
      last = Math.max(last, marks[k * 3 + 1]!);
      kinds[marks[k * 3 + 2]!]!++;
      k++;
    } while (k < count && marks[k * 3]! - last <= JOIN_GAP);
    let start = first;
    while (start > 0 && first - start < CONTEXT && text.charCodeAt(start - 1) !== 10) start--;
    let end = last;
    while (end < text.length && end - last < CONTEXT && text.charCodeAt(end) !== 10) end++;
    // Letters spelt out one per line end their line: the row goes on over the lines that hold one letter each.
    if (kinds[Obfuscation.SPELLED]! > 0) end = letterLinesEnd(text, end);
    let kind = Obfuscation.LEET;
    for (const other of [
      Obfuscation.REVERSED,
      Obfuscation.SPELLED,
      Obfuscation.SQUASHED,
      Obfuscation.SPLIT,
      Obfuscation.BASE64,
      Obfuscation.BYTES,
      Obfuscation.HEX_WORD,
      Obfuscation.SPACED,
      Obfuscation.JOINED,
    ])
      if (kinds[other]! > kinds[kind]!) kind = other;
    out.push({ start, end, kind });
  }
  return out;
}

/** Lines of one letter that lengthen a stretch of spelt-out letters reach at most this far past its end (letterLinesEnd). */
const LETTER_LINES = 2 * CONTEXT;

/**
 * The end of the lines after `at` (a line break, or not) that hold at most one letter or digit each, with
 * spaces or tabs around it ("i\ng\nn\no\nr\ne\n\na\nl\nl": a phrase spelt one letter per line, a blank or
 * space-only line between its words), at most LETTER_LINES units on; `at` when none follows.
 */
function letterLinesEnd(text: string, at: number): number {
  const limit = Math.min(text.length, at + LETTER_LINES);
  let end = at;
  for (let k = at; k < limit;) {
    if (text.charCodeAt(k) === 13) k++;
    if (text.charCodeAt(k) !== 10) break;
    k++;
    let letters = 0;
    for (let c = text.charCodeAt(k); k < limit && c !== 10 && c !== 13; c = text.charCodeAt(++k))
      if (isWordUnit(c)) letters++;
      else if (c !== 32 && c !== 9) letters = 2;
    if (letters > 1) break;
    end = k;
  }
  return end;
}

/**
 * The readings of a stretch `s` (lower case) to scan: its leet fold; its reversal as a whole and word by
 * word; its spelt-out letters joined, once with a space where the separator was wider (or a slash), and
 * once cut into the words of `isWord` (for letters spelt with one space throughout); its long words cut
 * into the words of `isWord`; its words with the marks inside them dropped (SPLIT); or its base64
 * or hex spellings of gate words (`spellings`, base64SpellingsOf) replaced by the words, their padding dropped.
 */
export function decodedReadings(
  s: string,
  kind: Obfuscation,
  isWord: (word: string) => boolean,
  spellings?: WordTable<string>,
): string[] {
  if (kind === Obfuscation.LEET) return [s.replace(/[a-z0-9]+/g, leetFold)];
  if (kind === Obfuscation.BYTES) return [s.replace(BYTE_LIST, bytesAsText)];
  if (kind === Obfuscation.BASE64 || kind === Obfuscation.HEX_WORD) {
    if (spellings === undefined) return [];
    return [s.replace(/([a-z0-9]+)=*/g, (all, w: string) => spellings.get(w, 0, w.length, hashWord(w)) ?? all)];
  }
  if (kind === Obfuscation.SPLIT) return [s.replace(SPLIT_MARKS, '')];
  if (kind === Obfuscation.SPACED || kind === Obfuscation.JOINED) {
    const read = kind === Obfuscation.SPACED ? joinSpaced(s, isWord) : s.replace(JOINED_RUN, joinedReading);
    return read === s ? [] : [read];
  }
  if (kind === Obfuscation.REVERSED)
    return [[...s].reverse().join(''), s.replace(/[a-z]+/g, (w) => [...w].reverse().join(''))];
  if (kind === Obfuscation.SQUASHED) return [s.replace(SQUASHED_WORD, (w) => wordsOf(w, isWord))];
  // A row of few distinct letters is not a spelt-out phrase ("a*a*a*a*a*a", "0, 0, 0, 0, 0, 1").
  const spelled = (row: string): boolean => new Set(row.replace(/[^a-z]+/g, '')).size >= MIN_SPELLED_LETTERS;
  const joined = s.replace(SPELLED_ROW, (row) => (spelled(row) ? joinSpelled(row) : row));
  if (joined === s) return [];
  const cut = s.replace(SPELLED_ROW, (row) => (spelled(row) ? wordsOf(row.replace(/[^a-z0-9]+/g, ''), isWord) : row));
  return joined === cut ? [joined] : [joined, cut];
}

/** A byte list of a stretch (ByteRow's rows: "0x" and two hex digits, each at most SPELLED_GAP units after the one before). */
const BYTE_LIST = /(?<![a-z0-9])0x[0-9a-f]{2}(?:[^a-z0-9\n]{1,3}0x[0-9a-f]{2}(?![a-z0-9]))+/g;

/** A byte list read as the ASCII text it spells, when every byte is printable (or a line break or tab); else as it is. */
function bytesAsText(row: string): string {
  let out = '';
  for (let k = row.indexOf('0x'); k >= 0; k = row.indexOf('0x', k + 4)) {
    const c = parseInt(row.slice(k + 2, k + 4), 16);
    if ((c < 32 || c > 126) && c !== 9 && c !== 10 && c !== 13) return row;
    out += String.fromCharCode(c);
  }
  return out;
}

/** Bytes in a row that make a byte list worth reading (a word of four letters). */
export const BYTE_ROW_MIN = 4;

/** Whether the word b[start, end) of [a-z0-9] bytes is one byte of a byte list: "0x" and two hex digits. */
export function isHexByteWord(b: Uint8Array, start: number, end: number): boolean {
  return (
    end - start === 4 &&
    b[start] === 48 &&
    b[start + 1] === 120 &&
    isHexDigit(b[start + 2]!) &&
    isHexDigit(b[start + 3]!)
  );
}

const isHexDigit = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 97 && c <= 102);

/**
 * The byte list a walk is in: the bytes ("0x69") in a row, each at most SPELLED_GAP units after the one
 * before (", ", ",", " "). A row is marked (Obfuscation.BYTES) at its BYTE_ROW_MIN-th byte and every
 * sixteen bytes after it, so that the stretch around the marks (CONTEXT past the last) covers a long list.
 * A C array of a firmware image or a hex dump is marked all the same, and its reading says nothing: it
 * costs a few stretches scanned again (MAX_STRETCHES), not a finding.
 */
export class ByteRow {
  private count = 0;
  private from = 0;
  private end = -SPELLED_GAP - 1;

  reset(): this {
    this.count = 0;
    this.end = -SPELLED_GAP - 1;
    return this;
  }

  /** The byte word [start, end), in text order. */
  add(start: number, end: number, marks: ObfuscationMarks): void {
    if (start - this.end > SPELLED_GAP) {
      this.count = 0;
      this.from = start;
    }
    this.end = end;
    if ((++this.count & 15) === BYTE_ROW_MIN) marks.mark(this.from, end, Obfuscation.BYTES);
  }
}

/**
 * Upside-down text read the right way up: turned round (its last unit first, by code point) and each unit
 * read as the letter it is turned from (UPSIDE_DOWN: "ǝɹouƃı" is "ignore"; "n" and "u", "p" and "d", "b"
 * and "q" turn into each other); other units as they are. Two readings, as for reversed text: the whole
 * stretch turned, and each word turned in place (words written upside down in their own order).
 */
export function upsideDownReadings(s: string): string[] {
  return turnedReadings(s, UPSIDE_DOWN);
}

/** Mirrored text read back as upside-down text is (MIRRORED: "ɘɿonϱi" is "ignore"; "b" and "d", "p" and "q" flip into each other). */
export function mirroredReadings(s: string): string[] {
  return turnedReadings(s, MIRRORED);
}

function turnedReadings(s: string, table: ReadonlyMap<string, string>): string[] {
  const turn = (t: string): string =>
    [...t]
      .reverse()
      .map((c) => table.get(c) ?? c)
      .join('');
  return [turn(s), s.replace(/\S+/g, turn)];
}

/** Distinct letters a row of spelt-out letters has at least (see decodedReadings). */
const MIN_SPELLED_LETTERS = 4;

/** A long run of letters (Obfuscation.SQUASHED) in a stretch. */
const SQUASHED_WORD = new RegExp(`(?<![a-z0-9])[a-z]{${MIN_SQUASHED},}(?![a-z0-9])`, 'g');

/**
 * A row of one-character words, each 1 to 3 separators after the one before; a line break ("\n" or
 * "\r\n") is one separator (one letter per line), a blank line between two letters a wider one.
 */
const SPELLED_ROW = /(?<![a-z0-9])[a-z0-9](?:(?:\r\n|[^a-z0-9]){1,3}[a-z0-9](?![a-z0-9]))+/g;

/**
 * A row's letters joined: a one-unit separator (or a line break written "\r\n") joins, a wider one or a
 * slash is a space ("i g n o r e  a l l" -> "ignore all", "i\ng\nn\n\na" -> "ign a").
 */
function joinSpelled(row: string): string {
  const parts = row.split(/([^a-z0-9]+)/);
  let out = parts[0]!;
  for (let k = 1; k + 1 < parts.length; k += 2) {
    const sep = parts[k]!;
    out += ((sep.length === 1 && sep !== '/') || sep === '\r\n' ? '' : ' ') + parts[k + 1]!;
  }
  return out;
}

/** Longest word wordsOf looks up. */
const MAX_WORD = 20;

/**
 * `letters` cut into words of `isWord`, fewest pieces first (a letter no word covers is a piece of its own,
 * costing as much as three words), joined by spaces: "ignoreallpreviousinstructions" -> "ignore all previous
 * instructions". Quadratic in MAX_WORD only: the row is short (a stretch).
 */
function wordsOf(letters: string, isWord: (word: string) => boolean): string {
  const n = letters.length;
  const cost = new Array<number>(n + 1).fill(Infinity);
  const from = new Array<number>(n + 1).fill(0);
  cost[0] = 0;
  for (let i = 1; i <= n; i++) {
    for (let j = Math.max(0, i - MAX_WORD); j < i; j++) {
      const step = isWord(letters.slice(j, i)) ? 1 : i - j === 1 ? 3 : Infinity;
      if (cost[j]! + step < cost[i]!) {
        cost[i] = cost[j]! + step;
        from[i] = j;
      }
    }
  }
  const words: string[] = [];
  for (let i = n; i > 0; i = from[i]!) words.push(letters.slice(from[i]!, i));
  return words.reverse().join(' ');
}

/** The leet fold of a token that mixes letters and digits ("pr3v10us" -> "previous"); other tokens as they are. */
function leetFold(token: string): string {
  if (!/[a-z]/.test(token) || !/[0-9]/.test(token)) return token;
  let out = '';
  for (let k = 0; k < token.length; k++) {
    const c = token.charCodeAt(k);
    const letter = c >= 97 ? c : LEET_LETTER[c]!;
    out += letter === 0 ? token[k] : String.fromCharCode(letter);
  }
  return out;
}

/** The longest piece of a word cut by spaces that is looked at (spacedWordAt, joinSpaced). */
const MAX_SPACED_PIECE = 16;

/**
 * The pieces a space may cut off a gate word that are no word themselves: every proper prefix and suffix
 * of two letters or more of the gate words of MIN_WORD letters or more that `isWord` does not know ("ig",
 * "nore", "disre", "gard", "ru", "les" of "ignore", "disregard" and "rules"). The word pass notes a word
 * that is one when it learns it (Fact.SPACED_PIECE), so ordinary words cost nothing per occurrence; a
 * piece that is a word ("in", "for", "over") is not looked at: "for get" is two words as often as a split.
 */
export function spacedPiecesOf(gateWords: Iterable<string>, isWord: (word: string) => boolean): WordTable<true> {
  const pieces = new Set<string>();
  for (const w of gateWords) {
    if (w.length < MIN_WORD || !/^[a-z]+$/.test(w)) continue;
    for (let k = 2; k < w.length; k++) pieces.add(w.slice(0, k)); // the proper prefixes ...
    for (let k = 1; k < w.length - 1; k++) pieces.add(w.slice(k)); // ... and suffixes of two letters or more
  }
  return new WordTable(
    [...pieces]
      .filter((p) => p.length >= 2 && p.length <= MAX_SPACED_PIECE && !isWord(p))
      .map((p) => [p, true] as const),
  );
}

/**
 * Whether the gap text[from, to) between two pieces is what cuts a word for a matcher and not for a reader:
 * one or two spaces or tabs, or a line break ("\n", "\r\n") with at most a space or tab beside it (a blank
 * line ends a paragraph).
 */
function isPieceGap(text: string, from: number, to: number): boolean {
  if (to - from < 1 || to - from > 2) return false;
  let breaks = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 10) breaks++;
    else if (c !== 32 && c !== 9 && !(c === 13 && text.charCodeAt(k + 1) === 10)) return false;
  }
  return breaks <= 1;
}

/**
 * Whether the pieces text[start, firstEnd) and text[secondStart, end) (two words of Fact.SPACED_PIECE: "ig"
 * and "nore", "disre" and "gard", "ru" and "les") are a gate word of `gates` cut by the gap between them
 * (isPieceGap: a space, two, a tab or a line break). The text is the lower-cased view.
 */
export function spacedWordAt(
  text: string,
  start: number,
  firstEnd: number,
  secondStart: number,
  end: number,
  gates: WordTable<unknown>,
): boolean {
  if (!isPieceGap(text, firstEnd, secondStart) || end - secondStart + firstEnd - start > 2 * MAX_SPACED_PIECE)
    return false;
  let h = HASH_SEED;
  for (let k = start; k < firstEnd; k++) h = hashStep(h, text.charCodeAt(k));
  for (let k = secondStart; k < end; k++) h = hashStep(h, text.charCodeAt(k));
  if (!gates.mayHave(h)) return false;
  const joined = text.slice(start, firstEnd) + text.slice(secondStart, end);
  return gates.get(joined, 0, joined.length, h) !== undefined;
}

/**
 * `s` (lower case) with the words cut by spaces joined: two or three words a space, a tab or a line break apart (isPieceGap) whose letters
 * make a word of `isWord` while one of them is not a word ("ig nore all prev ious instruc tions" -> "ignore
 * all previous instructions"; "in to" stays as written). Tried from the left, three words before two.
 */
function joinSpaced(s: string, isWord: (word: string) => boolean): string {
  const words = [...s.matchAll(/[a-z]+/g)];
  let out = '';
  let written = 0;
  for (let w = 0; w < words.length; w++) {
    for (let count = 3; count >= 2; count--) {
      if (w + count > words.length) continue;
      let joined = words[w]![0];
      let pieceless = isWord(joined);
      let ok = joined.length <= MAX_SPACED_PIECE;
      for (let k = w + 1; ok && k < w + count; k++) {
        const piece = words[k]![0];
        ok =
          piece.length <= MAX_SPACED_PIECE &&
          isPieceGap(s, words[k - 1]!.index + words[k - 1]![0].length, words[k]!.index);
        joined += piece;
        pieceless &&= isWord(piece);
      }
      if (!ok || pieceless || joined.length > MAX_WORD || !isWord(joined)) continue;
      const from = words[w]!.index;
      const last = words[w + count - 1]!;
      out += s.slice(written, from) + joined;
      written = last.index + last[0].length;
      w += count - 1;
      break;
    }
  }
  return out + s.slice(written);
}

/**
 * A joined run (JOINED) is read as a sentence, not an identifier, when it has at least JOINED_MIN words,
 * JOINED_GATES of them gate words, and one of the words a sentence is built with and an identifier seldom
 * has (SENTENCE_WORDS: "reveal_the_system_prompt", "ignore_all_previous_instructions_and_..."): code names
 * things ("IGNORE_SYSTEM_PROMPT_CACHE", "skip_system_checks", "ignore_previous_results") and stays as written.
 */
const JOINED_MIN = 3;
const JOINED_GATES = 2;
const SENTENCE_WORDS = new WordTable(
  ['the', 'a', 'an', 'all', 'any', 'every', 'your', 'my', 'me', 'you', 'and', 'then', 'now', 'please', 'of', 'to'].map(
    (w) => [w, true] as const,
  ),
);
/** Words after a gate word looked at (joinedRunEnd). */
const JOINED_MAX = 12;
/** A joined run of a stretch (one joiner or two, the same throughout) and its joiners (what the reading turns into spaces). */
const JOINED_RUN = /(?<![a-z0-9])[a-z0-9]+([_.*~-]{1,2})[a-z0-9]+(?:\1[a-z0-9]+)+/g;
const JOINERS = /[_.*~-]+/g;

/** A joined run of a stretch as its reading has it: in words when it reads as a sentence (one of SENTENCE_WORDS in it). */
function joinedReading(run: string): string {
  const words = run.split(JOINERS);
  return words.some((w) => SENTENCE_WORDS.get(w, 0, w.length, hashWord(w)) !== undefined) ? words.join(' ') : run;
}

/**
 * The end of the words joined to the gate word text[start, at) by the unit at `at` ("_", ".", "-", "*" or
 * "~", the same between every two words: "ignore_all_previous_instructions_and_reveal..."), when they and
 * the words joined before it read as a sentence (JOINED_MIN, JOINED_GATES, SENTENCE_WORDS); else -1.
 */
export function joinedRunEnd(text: string, start: number, at: number, gates: WordTable<unknown>): number {
  const joiner = text.charCodeAt(at);
  // "_", ".", "-", "*" or "~" (SPLIT_UNIT's backquote and tags are no joiners).
  if (joiner !== 95 && joiner !== 46 && joiner !== 45 && joiner !== 42 && joiner !== 126) return -1;
  let pieces = 1;
  let gated = 1;
  let sentence = false;
  let k = at;
  // The joiner may be doubled ("ignore__all__previous__..."), the same way throughout.
  const width = text.charCodeAt(at + 1) === joiner ? 2 : 1;
  while (pieces < JOINED_MAX && text.charCodeAt(k) === joiner && (width === 1 || text.charCodeAt(k + 1) === joiner)) {
    k += width - 1;
    let h = HASH_SEED;
    let end = k + 1;
    for (let c = text.charCodeAt(end); isWordUnit(c); c = text.charCodeAt(++end)) h = hashStep(h, c);
    if (end === k + 1) break;
    pieces++;
    if (gates.get(text, k + 1, end, h) !== undefined) gated++;
    if (!sentence && SENTENCE_WORDS.get(text, k + 1, end, h) !== undefined) sentence = true;
    k = end;
  }
  if (gated < JOINED_GATES) return -1;
  // The words joined before it ("please_ignore_..."; no gate word among them: the walk met none).
  for (let to = start - width; !sentence && pieces < JOINED_MAX && text.charCodeAt(to) === joiner; pieces++) {
    if (width === 2 && text.charCodeAt(to + 1) !== joiner) break;
    let from = to;
    while (from > 0 && isWordUnit(text.charCodeAt(from - 1))) from--;
    if (from === to) break;
    let h = HASH_SEED;
    for (let u = from; u < to; u++) h = hashStep(h, text.charCodeAt(u));
    sentence = SENTENCE_WORDS.get(text, from, to, h) !== undefined;
    to = from - width;
  }
  return sentence && pieces >= JOINED_MIN ? k : -1;
}

/** SPLIT_UNIT's values, and how many emphasis marks (or inline HTML tags) in a row split a word at most. */
const enum SplitMark {
  EMPHASIS = 1,
  ONE = 2,
  EMPHASIS_MAX = 3,
  /** The "<" of an inline HTML tag ("I<b>gn</b>ore"): afterTags. */
  TAG = 4,
}

/**
 * Units that split a word for a matcher but not for a reader (SplitMark): Markdown's emphasis and code marks,
 * one to three in a row ("I**gn**ore", "Ign_ore", "in~~struc~~tions", "ig`no`re"), one hyphen (at the end
 * of a line too) or full stop ("ig-nore", "ign.ore"), or one to three inline HTML tags without attributes
 * ("I<b>gnore</b>", "ig</i><i>nore": a model reading raw HTML reads the word, as a browser shows it).
 */
export const SPLIT_UNIT = (() => {
  const t = new Uint8Array(256);
  for (const ch of '*_~`') t[ch.charCodeAt(0)] = SplitMark.EMPHASIS;
  for (const ch of '-.') t[ch.charCodeAt(0)] = SplitMark.ONE;
  t['<'.charCodeAt(0)] = SplitMark.TAG;
  return t;
})();

/** An inline HTML tag without attributes, as the lower-cased view has it ("<b>", "</span>"). */
const TAG = '</?[a-z][a-z0-9]{0,9}>';

/** The marks SPLIT_UNIT describes, between two word units (what the SPLIT reading drops). */
const SPLIT_MARKS = new RegExp(`(?<=[a-z0-9])(?:[*_~\`]{1,3}|-(?:\\r?\\n)?|\\.|(?:${TAG}){1,3})(?=[a-z0-9])`, 'g');

/** The tags of a split word, dropped before it is cut into pieces (hidesGateWord). */
const TAGS = new RegExp(TAG, 'g');

/**
 * The end of the one to three inline HTML tags (TAG) that begin at text[at] ("<"), or -1 when no tag
 * begins there.
 */
function afterTags(text: string, at: number): number {
  let tags = 0;
  for (; tags < SplitMark.EMPHASIS_MAX && text.charCodeAt(at) === 60; tags++) {
    let k = at + 1;
    if (text.charCodeAt(k) === 47) k++;
    const first = text.charCodeAt(k);
    if (first < 97 || first > 122) break;
    const nameEnd = k + 10;
    for (k++; k < nameEnd && isWordUnit(text.charCodeAt(k)); k++);
    if (text.charCodeAt(k) !== 62) break;
    at = k + 1;
  }
  return tags === 0 ? -1 : at;
}

/** `at`, or the unit after the line break that begins there ("ig-" at the end of a line, "nore" on the next). */
function afterLineBreak(text: string, at: number): number {
  if (text.charCodeAt(at) === 13) at++;
  return text.charCodeAt(at) === 10 ? at + 1 : at;
}

/** A word split this many times or more, or this long joined, is not looked at further (splitWordEnd). */
const MAX_SPLIT_PIECES = 8;
const MAX_SPLIT_WORD = 24;

const isWordUnit = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

/**
 * Where the split word that begins with the word text[start, at) ends, the unit at `at` being a splitting
 * mark (SPLIT_UNIT): the end of the first piece after which the pieces joined are a gate word of `gates`
 * (four units or more) while one piece of two units or more is no word at all (neither a gate word nor a
 * common English word: "I**gn**ore", "prev_ious"; "e-mail", "pass_word" and "in-formation" are words
 * joined by their author). -1 when there is none. The text is the lower-cased view; a few pieces are read,
 * hashed as they come, while they may still begin a gate word (`heads`, splitHeadsOf): most marks of a text
 * are followed by no word, or join no gate word, and cost no string.
 */
export function splitWordEnd(
  text: string,
  start: number,
  at: number,
  gates: WordTable<unknown>,
  heads: WordTable<unknown>,
): number {
  let h = HASH_SEED;
  for (let k = start; k < at; k++) h = hashStep(h, text.charCodeAt(k));
  let length = at - start;
  let i = at;
  for (let pieces = 1; pieces < MAX_SPLIT_PIECES && length < MAX_SPLIT_WORD; pieces++) {
    const mark = text.charCodeAt(i);
    const kind = mark < 256 ? SPLIT_UNIT[mark]! : 0;
    if (kind === 0) return -1;
    let from = i + 1;
    if (kind === SplitMark.EMPHASIS)
      while (from - i < SplitMark.EMPHASIS_MAX && SPLIT_UNIT[text.charCodeAt(from)] === SplitMark.EMPHASIS) from++;
    else if (kind === SplitMark.TAG) {
      from = afterTags(text, i);
      if (from < 0) return -1;
    } else if (mark === 45) from = afterLineBreak(text, from); // a word hyphenated at the end of a line
    let end = from;
    for (let c = text.charCodeAt(end); isWordUnit(c); c = text.charCodeAt(++end)) h = hashStep(h, c);
    if (end === from) return -1;
    length += end - from;
    if (length >= MIN_WORD && gates.mayHave(h) && hidesGateWord(text, start, end, gates, h)) return end;
    // No gate word begins with the pieces so far ("sk-sk-", "a.b.c"): the next pieces cannot make one.
    if (!heads.mayHave(h)) return -1;
    i = end;
  }
  return -1;
}

/**
 * Whether the pieces of the split word text[start, end) (its word units; `hash` their running hash) are a
 * gate word of `gates` joined, with a piece of two units or more that is no word (see splitWordEnd).
 */
function hidesGateWord(text: string, start: number, end: number, gates: WordTable<unknown>, hash: number): boolean {
  const pieces = text
    .slice(start, end)
    .replace(TAGS, '-')
    .split(/[^a-z0-9]+/);
  const joined = pieces.join('');
  return gates.get(joined, 0, joined.length, hash) !== undefined && pieces.some((piece) => notAWord(piece, gates));
}

/** A piece of two units or more that is neither a gate word nor a common English word (see splitWordEnd). */
function notAWord(piece: string, gates: WordTable<unknown>): boolean {
  return piece.length >= 2 && !isCommonWord(piece) && gates.get(piece, 0, piece.length, hashWord(piece)) === undefined;
}

/**
 * The words a split word may begin with: every proper prefix of the gate words of MIN_WORD units or more
 * ("i", "ig", "ign" ... "ignor" of "ignore"). The word pass keeps the answer per distinct word (a word that
 * is none costs nothing when a mark follows it).
 */
export function splitHeadsOf(gateWords: Iterable<string>): WordTable<true> {
  const heads = new Set<string>();
  for (const w of gateWords) {
    if (w.length < MIN_WORD || !/^[a-z0-9]+$/.test(w)) continue;
    for (let k = 1; k < w.length; k++) heads.add(w.slice(0, k));
  }
  return new WordTable([...heads].map((h) => [h, true] as const));
}

/**
 * The marks of one walk over a view's words, made as the word pass makes them (AsciiWordPass, which keeps
 * its facts per distinct word and counts spelt-out rows inline): for structureFindings, which walks the
 * views the word pass declines (dense in other scripts: a short attack with a few emoji or accented
 * letters added is one). `marks` holds `count` start, end, Obfuscation triples in text order.
 */
export class ObfuscationMarks {
  readonly marks = new Int32Array(MAX_MARKS * 3);
  count = 0;
  private singles = 0;
  private singlesFrom = 0;
  private singleEnd = -SPELLED_GAP - 1;
  private bytes = new Uint8Array(64);
  private readonly byteRow = new ByteRow();
  /** The end of the last JOINED run marked or looked at: the gate words inside it are not looked at again. */
  private joinedEnd = -1;
  /** The last spaced piece (spacedAt). */
  private pieceStart = -1;
  private pieceEnd = -3;

  constructor(
    private readonly gates: WordTable<unknown>,
    private readonly heads: WordTable<unknown>,
    private readonly spellings?: WordTable<string>,
    private readonly spacedPieces?: WordTable<unknown>,
  ) {}

  /** Forgets the last walk's marks. */
  reset(): this {
    this.count = 0;
    this.joinedEnd = -1;
    this.pieceEnd = -3;
    this.singles = 0;
    this.singleEnd = -SPELLED_GAP - 1;
    this.byteRow.reset();
    return this;
  }

  /** Whether there is no room for another mark (a text that hides words everywhere: no need to look further). */
  get full(): boolean {
    return this.count === MAX_MARKS;
  }

  /** Notes [start, end) as hiding words, while there is room. */
  mark(start: number, end: number, kind: Obfuscation): void {
    if (this.count === MAX_MARKS) return;
    const m = this.count++ * 3;
    this.marks[m] = start;
    this.marks[m + 1] = end;
    this.marks[m + 2] = kind;
  }

  /**
   * The word text[start, end), a piece a space may cut off a gate word (spacedPiecesOf), in text order: marks
   * it with the piece just before it when the two are a gate word cut by the gap between them (SPACED).
   */
  spacedAt(text: string, start: number, end: number): void {
    if (start - this.pieceEnd <= 2) this.spacedPair(text, this.pieceStart, this.pieceEnd, start, end);
    this.pieceStart = start;
    this.pieceEnd = end;
  }

  /**
   * Marks the pieces text[start, firstEnd) and text[secondStart, end) (two words apart) when they are a gate
   * word cut by the gap between them (SPACED: spacedWordAt).
   */
  spacedPair(text: string, start: number, firstEnd: number, secondStart: number, end: number): void {
    if (!this.full && spacedWordAt(text, start, firstEnd, secondStart, end, this.gates))
      this.mark(start, end, Obfuscation.SPACED);
  }

  /** Marks the words joined to the gate word text[start, at) by the unit at `at`, when they read as a sentence (JOINED). */
  joinedAt(text: string, start: number, at: number): void {
    if (start < this.joinedEnd || this.full) return;
    const end = joinedRunEnd(text, start, at, this.gates);
    this.joinedEnd = end < 0 ? at : end;
    if (end >= 0) this.mark(start, end, Obfuscation.JOINED);
  }

  /**
   * The word text[start, end) of [a-z0-9] units, in text order (`hash` its running hash, `gated` whether it
   * is a gate word).
   */
  word(text: string, start: number, end: number, hash: number, gated: boolean): void {
    const len = end - start;
    if (len === 1) {
      if (start - this.singleEnd > SPELLED_GAP) {
        this.singles = 0;
        this.singlesFrom = start;
      }
      if (++this.singles === SPELLED_MIN) this.mark(this.singlesFrom, end, Obfuscation.SPELLED);
      this.singleEnd = end;
    } else if (len >= MIN_WORD && !gated) {
      if (this.bytes.length < len) this.bytes = new Uint8Array(len * 2);
      for (let k = 0; k < len; k++) this.bytes[k] = text.charCodeAt(start + k);
      if (isHexByteWord(this.bytes, 0, len)) this.byteRow.add(start, end, this);
      const kind = obfuscationOf(this.bytes, 0, len, this.gates, this.spellings);
      if (kind !== Obfuscation.NONE && !isCommonWord(text.slice(start, end))) this.mark(start, end, kind);
    }
    if (!gated && len >= 2 && this.spacedPieces?.get(text, start, end, hash) !== undefined)
      this.spacedAt(text, start, end);
    const next = text.charCodeAt(end);
    if (gated && next < 256 && SPLIT_UNIT[next] !== 0) this.joinedAt(text, start, end);
    if (next < 256 && SPLIT_UNIT[next] !== 0 && !this.full && this.heads.get(text, start, end, hash) !== undefined) {
      const split = splitWordEnd(text, start, end, this.gates, this.heads);
      if (split >= 0) this.mark(start, split, Obfuscation.SPLIT);
    }
  }
}
