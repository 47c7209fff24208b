/**
 * Where an encoded run may be in a text, found without the run finder of normalize-decode.ts: the classes
 * of the units its branches match, cheap pre-checks (mightBeEncoded), and the listings of the positions
 * where a branch can start (possibleRunStarts over the string, possibleRunStartsUtf8 over the text's UTF-8
 * bytes, notedRunStarts from spans a scanner noted). The decoder tries its sticky run finder at those
 * positions only, so a long document is not walked by its nine-branch alternation unit by unit.
 */
import { grownInt32 } from './typed-arrays.js';

/** Longest unescaped segment between two escapes of one URL-escaped run (a long word, not a sentence). */
export const URL_SEGMENT = 40;

/**
 * Units of the shortest separated-hex run the run finder decodes: six pairs and their five separators
 * ("69 67 6e 6f 72 65", one six-letter word). normalize-decode.ts asks more of a run under eight pairs.
 */
export const HEX_SEP_MIN = 17;

/**
 * Every position where a branch of RUN_FINDER can match, in increasing order (possibly repeated). Each
 * branch matches units of one class only, at least so many of them, or starts with a marker unit:
 *  - base64: [A-Za-z0-9+/_-]{16,} (then "="s) after a unit outside that class: the start of a run of
 *    16 or more units of the class; hex: (0x)?[0-9a-fA-F]{16,} after a unit that is not [0-9a-zA-Z], all
 *    units of the same class: the start of such a run or a position after its + / _ or -;
 *  - binary: 32 or more of [01 ,], starting with 0 or 1; separated hex: HEX_SEP_MIN or more of
 *    [0-9a-fA-F :], starting with a hex digit: those units, inside runs of their class that long; Morse:
 *    11 or more of [.- /], starting with . or -: inside runs that long, one position per group of symbols
 *    that stands for the group (see morseGroupStart);
 *  - \\u, \\U, \\x and octal escapes, %XX and entities: at a backslash, "%" or "&".
 * Trying the sticky copy at each of them in turn, skipping those inside the previous match (but for a Morse
 * group's, see morseGroupResumes), gives exactly the matches of the global scan, which fails at every
 * other position.
 */
export function possibleRunStarts(text: string, limit: number): Int32Array | undefined {
  const markers = markersWithin(text, limit);
  if (markers === undefined) return undefined;
  startRunEnds(text);
  const base64: number[] = [];
  forEachRun(text, B64_UNIT, 16, (s, e) => listBase64Run(text, s, e, base64));
  const out: number[] = [];
  forEachRun(text, BIN_DIGIT | BIN_SEPARATOR, 32, (s, e) => listBinaryRun(text, s, e, out));
  forEachRun(text, HEX_SEP_UNIT, HEX_SEP_MIN, (s, e) => listHexSeparatedRun(text, s, e, out));
  forEachRun(text, MORSE_UNIT, 11, (s, e) => listMorseRun(text, s, e, out));
  return base64.length + markers.length + out.length <= limit ? sortedStarts(base64, markers, out) : undefined;
}

/**
 * The starts possibleRunStarts lists for the base64-alphabet run text[s, e) (16 or more long): its start,
 * and after a separator only the hex branch can start ((0x)? and 16 hex digits; binary and Morse starts
 * are listed with their own runs): paths and dashed names have many separators and few such.
 */
function listBase64Run(text: string, s: number, e: number, out: number[]): void {
  out.push(s);
  if (e >= text.length || (RUN_UNIT[text.charCodeAt(e)]! & B64_UNIT) === 0) noteRunEnd(s, e);
  for (let p = s + 1; p < e; p++)
    if ((START_UNIT[text.charCodeAt(p - 1)]! & B64_SEPARATOR) !== 0 && hexDigitsFrom(text, p) >= 16) out.push(p);
}

/**
 * The starts listed for the run text[s, e) of 0/1 digits and separators (32 or more long): a binary match
 * starts with two 0/1 digits (of eight); positions that fail this cannot start one.
 */
function listBinaryRun(text: string, s: number, e: number, out: number[]): void {
  for (let p = s; p < e - 1; p++)
    if (isBinaryDigit(text.charCodeAt(p)) && isBinaryDigit(text.charCodeAt(p + 1))) out.push(p);
}

/** The starts listed for the run text[s, e) of hex digits, spaces and colons (HEX_SEP_MIN or more): two hex digits and a space or colon. */
function listHexSeparatedRun(text: string, s: number, e: number, out: number[]): void {
  for (let p = s; p < e - 2; p++) {
    const sep = text.charCodeAt(p + 2);
    if (
      (sep === 32 || sep === 58) &&
      (START_UNIT[text.charCodeAt(p)]! & HEX_DIGIT) !== 0 &&
      (START_UNIT[text.charCodeAt(p + 1)]! & HEX_DIGIT) !== 0
    )
      out.push(p);
  }
}

/**
 * The starts listed for the run text[s, e) of Morse units (11 or more): one per group of "." and "-" that
 * a separator follows inside the run (see morseGroupStart).
 */
function listMorseRun(text: string, s: number, e: number, out: number[]): void {
  for (let p = s; p < e;) {
    while (p < e && (START_UNIT[text.charCodeAt(p)]! & MORSE_SYMBOL) === 0) p++;
    const g = p;
    while (p < e && (START_UNIT[text.charCodeAt(p)]! & MORSE_SYMBOL) !== 0) p++;
    if (p > g && p < e) out.push(morseGroupStart(g, p));
  }
}

/**
 * The start listed for the group of Morse symbols [g, h) that a separator (space or "/") follows: the
 * Morse branch's first group of one to seven symbols must reach the separator, so only the last seven
 * symbols can begin a match, and from each of them the rest of the match is the same. The first of them
 * stands for all: the others lie inside its match when it has one, and have none when it has none; when
 * an earlier match ends among them, decodeAtStarts goes on at its end (see morseGroupResumes). No other
 * branch matches at a symbol but base64 at a "-" that begins a run of its units, listed with the base64
 * runs; a group with no separator after it begins no match. (Each symbol of a Morse run was a start: a
 * markdown rule or a table's "| ---------- |", a dozen attempts of the run finder that matched nothing.)
 */
function morseGroupStart(g: number, h: number): number {
  return Math.max(g, h - 7);
}

/**
 * Whether the scan, at `from` inside the match before the start `at`, goes on at `from` as a start: when
 * `at` is a Morse symbol of the same group as `from` (all of text[at, from] are symbols, fewer than seven
 * apart), i.e. a group's start (morseGroupStart) that stood for the symbols after it. Trying at `from`,
 * where the whole scan goes on, finds what the whole scan finds whatever `at` was listed for.
 */
export function morseGroupResumes(text: string, at: number, from: number): boolean {
  if (from - at >= 7) return false;
  for (let p = at; p <= from; p++) if ((START_UNIT[text.charCodeAt(p)]! & MORSE_SYMBOL) === 0) return false;
  return true;
}

/**
 * The starts decodeEncodedRunsIn tries the run finder at, for a text a scanner has read (`spans`: `count`
 * class, from, to triples, see there), in ascending order; undefined when they are dense (over one unit in
 * eight: a degenerate text), which is left to the global scan. `markers`: the escape markers to list
 * (markerStartsOf's, less those known to match nothing; undefined when it has none).
 */
export function notedRunStarts(
  text: string,
  spans: Int32Array,
  count: number,
  markers = markerStartsOf(text),
): Int32Array | undefined {
  if (markers === undefined) return undefined;
  startRunEnds(text);
  const base64: number[] = [];
  const out: number[] = [];
  listNotedRunStarts(text, spans, count, base64, out);
  return base64.length + markers.length + out.length <= text.length >> 3
    ? sortedStarts(base64, markers, out)
    : undefined;
}

/**
 * The starts of the runs of the noted spans (class, from, to triples) that are long enough to decode:
 * base64 runs' in `base64` (ascending), the others' in `out`. A function of its own, so that the loop's
 * on-stack-replacement code ends with the loop: compiled that way during a first long text, it held the
 * caller's code after the loop, which had no type feedback yet, and deoptimised at it again and again
 * (7 to 79 times per 150 evaluations of the bench's docs megabyte, --trace-deopt).
 */
function listNotedRunStarts(text: string, spans: Int32Array, count: number, base64: number[], out: number[]): void {
  for (let k = 0; k < 3 * count; k += 3) {
    const cls = spans[k]!;
    const to = spans[k + 2]!;
    const flag = cls === RUN_CLASS.binaryDigit ? BIN_DIGIT | BIN_SEPARATOR : cls;
    const min =
      cls === RUN_CLASS.base64
        ? 16
        : cls === RUN_CLASS.binaryDigit
          ? 32
          : cls === RUN_CLASS.hexSeparated
            ? HEX_SEP_MIN
            : 11;
    for (let p = spans[k + 1]!; p < to;) {
      while (p < to && (RUN_UNIT[text.charCodeAt(p)]! & flag) === 0) p++;
      const s = p;
      while (p < to && (RUN_UNIT[text.charCodeAt(p)]! & flag) !== 0) p++;
      if (p - s < min) continue;
      if (cls === RUN_CLASS.base64) listBase64Run(text, s, p, base64);
      else if (cls === RUN_CLASS.binaryDigit) listBinaryRun(text, s, p, out);
      else if (cls === RUN_CLASS.hexSeparated) listHexSeparatedRun(text, s, p, out);
      else listMorseRun(text, s, p, out);
    }
  }
}

/**
 * The positions of the three lists in one ascending array. `ascending` (the base64 starts, the most) and
 * `markers` (markerStartsOf's list) are in order already; `others` is sorted (a typed-array sort costs
 * about 30 ns an element) and the three are merged.
 */
function sortedStarts(ascending: number[], markers: Int32Array, others: number[]): Int32Array {
  return merged(ascending, others.length === 0 ? markers : merged(markers, new Int32Array(others).sort()));
}

/** The two ascending lists `a` and `b` in one. */
function merged(a: ArrayLike<number>, b: ArrayLike<number>): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]! <= b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/**
 * pushMarkerStarts of `text` with a limit of one unit in eight (undefined past it), in ascending order.
 * Asked again and again for one text (markerRunMayDecode, the listings, each decodeEncodedRunsIn): the last
 * answer is kept, sorted once. Shared: not to be changed.
 */
export function markerStartsOf(text: string): Int32Array | undefined {
  if (text === markerStartsText) return markerStarts;
  const markers: number[] = [];
  markerStartsText = text;
  markerStarts = !pushMarkerStarts(text, markers, text.length >> 3)
    ? undefined
    : markers.length === 0
      ? NO_MARKERS
      : new Int32Array(markers).sort();
  return markerStarts;
}

const NO_MARKERS = new Int32Array(0);

let markerStartsText: string | undefined;
let markerStarts: Int32Array | undefined;

/**
 * The whole base64-alphabet runs [from, to) (unit offsets, ascending) that the last listing of the starts
 * of `runEndsText` walked: decodeAtStarts, at a run's first unit, takes its end from here instead of
 * walking the run a second time, in the string (reading a two-byte text unit by unit was 5% of building
 * the view of a megabyte of dependency docs). Cleared by each listing (startRunEnds).
 */
let runEndsText: string | undefined;
export const runEndsFrom: number[] = [];
export const runEndsTo: number[] = [];

function startRunEnds(text: string): void {
  runEndsText = text;
  runEndsFrom.length = 0;
  runEndsTo.length = 0;
}

function noteRunEnd(from: number, to: number): void {
  runEndsFrom.push(from);
  runEndsTo.push(to);
}

/** How many of the runs in runEndsFrom / runEndsTo are runs of `text` (none when the last listing was of another text). */
export function knownRunEnds(text: string): number {
  return runEndsText === text ? runEndsFrom.length : 0;
}

/**
 * The escape markers of `text` (pushMarkerStarts), ascending, undefined past `limit`. With the usual limit
 * (one unit in eight) the kept list: a text uncheckedView declined had them listed by its marker test a
 * moment ago. The list is shared: not to be changed.
 */
function markersWithin(text: string, limit: number): Int32Array | undefined {
  if (limit === text.length >> 3) return markerStartsOf(text);
  const markers: number[] = [];
  return pushMarkerStarts(text, markers, limit) ? new Int32Array(markers).sort() : undefined;
}

/**
 * Appends the positions of "%", "&" and backslashes that can begin their branch ("50%" cannot) to `out`;
 * false (and stops) once there are more than `limit`.
 */
function pushMarkerStarts(text: string, out: number[], limit: number): boolean {
  for (let i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1))
    if ((isUrlRun(text, i) || isEscapeInWord(text, i)) && out.push(i) > limit) return false;
  for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1))
    if (entityEndsSoon(text, i) && out.push(i) > limit) return false;
  for (let i = text.indexOf('\\'); i >= 0; i = text.indexOf('\\', i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (
      (next === 117 || next === 120 || (next === 85 && isLongUnicodeEscape(text, i)) || isOctalEscape(text, i)) &&
      out.push(i) > limit
    )
      return false; // \u, \x, \UXXXXXXXX, \NNN
  }
  // The first of a row of tag characters (each a surrogate pair: U+E0020 to U+E007E begin with U+DB40).
  for (let i = text.indexOf(TAG_LEAD); i >= 0; i = text.indexOf(TAG_LEAD, i + 2))
    if (isTagAt(text, i) && !isTagAt(text, i - 2) && out.push(i) > limit) return false;
  return true;
}

/**
 * Whether a \UXXXXXXXX escape (Python, C) begins at the backslash text[i]: "U" and eight hex digits, so
 * that a Windows path ("C:\Users") is no marker.
 */
function isLongUnicodeEscape(text: string, i: number): boolean {
  if (text.charCodeAt(i + 1) !== 85) return false;
  for (let k = i + 2; k < i + 10; k++) if (!isHex(text.charCodeAt(k))) return false;
  return true;
}

/** Whether an octal byte escape (\000 to \377) begins at the backslash text[i]. */
function isOctalEscape(text: string, i: number): boolean {
  const a = text.charCodeAt(i + 1);
  const b = text.charCodeAt(i + 2);
  const c = text.charCodeAt(i + 3);
  return a >= 48 && a <= 51 && b >= 48 && b <= 55 && c >= 48 && c <= 55;
}

/** The high surrogate of the tag characters U+E0000 to U+E03FF. */
const TAG_LEAD = '\udb40';

/** Whether text[at, at + 2) is a tag character that shadows a printable ASCII unit (U+E0020 to U+E007E). */
function isTagAt(text: string, at: number): boolean {
  if (text.charCodeAt(at) !== 0xdb40) return false;
  const low = text.charCodeAt(at + 1);
  return low >= 0xdc20 && low <= 0xdc7e;
}

/**
 * possibleRunStarts (the same positions) of a text whose UTF-8 is bytes[0, n), read a word of four bytes
 * at a time. Every class of the run finder is ASCII, so a run of one lies in a stretch of bytes that are
 * all in a wider set a word can be tested against with a few integer operations: base64-alphabet runs in
 * stretches of [0x2b, 0x80), binary, separated-hex and Morse runs (space, 0-9 a-f A-F , - . / :) in
 * stretches of [0x20, 0x47) and [0x60, 0x67) (no letter past f, no control, nothing that is not ASCII).
 * A run of 16 or more units covers three whole aligned words, one of 11 or more two: when that many clean
 * words follow one another, the stretch around them (its end found a word at a time) is searched for its
 * runs by probing and they are listed as possibleRunStarts lists them (most of a text is never read
 * twice: prose has a space every few bytes and letters past f in nearly every word). Byte offsets become unit offsets by subtracting the bytes
 * that the characters before took past one per unit (`extra`: one per continuation byte, less one per
 * four-byte sequence, which is two units); a stretch holds ASCII only, so one value serves all of it.
 */
export function possibleRunStartsUtf8(
  text: string,
  bytes: Uint8Array,
  n: number,
  limit: number,
): Int32Array | undefined {
  const markers = markersWithin(text, limit);
  if (markers === undefined) return undefined;
  startRunEnds(text);
  const base64: number[] = [];
  const out: number[] = [];
  const words = new Int32Array(bytes.buffer, bytes.byteOffset, n >> 2);
  let base64Words = 0; // clean words in a row for the base64 set, and for the other classes' set
  let otherWords = 0;
  let extra = 0;
  otherUnitsText = undefined;
  otherUnitsCount = 0;
  for (let j = 0; j < words.length; j++) {
    const x = words[j]!;
    if ((x & Word.HIGH_BITS) !== 0) extra = noteOtherUnits(bytes, 4 * j, 4 * j + 4, extra);
    // A byte below 0x2b, or any byte with its high bit set: a word outside the base64 set (see Word).
    const outBase64 = (((x - Word.BELOW_2B) | 0) & ~x) | x;
    // A control byte, a byte in (0x46, 0x60) or (0x66, 0x80) (with 0x20 set, the first range becomes the
    // second: a byte above 0x66 then, which adding 0x19 carries into the high bit), or a high bit: a word
    // outside the other set.
    const outOther =
      (((x - Word.BELOW_20) | 0) & ~x) | ((((x | Word.BELOW_20) & Word.LOW_BITS) + Word.OVER_66) | 0) | x;
    // +1 for a clean word, else back to 0 (the sign of v | -v tells whether v has any bit set).
    base64Words = (base64Words + 1) & ((((outBase64 & Word.HIGH_BITS) | -(outBase64 & Word.HIGH_BITS)) >>> 31) - 1);
    otherWords = (otherWords + 1) & ((((outOther & Word.HIGH_BITS) | -(outOther & Word.HIGH_BITS)) >>> 31) - 1);
    // Most stretches of three clean words are a long word or name shorter than any run (12 to 15 bytes of
    // prose: "understanding", "OPENAI_API_KEY"), told by a few bytes on either side without the walk,
    // which would list nothing there (every start it lists is in a run of 16 or more, or 11 or more).
    if (base64Words === 3 && stretchReaches(bytes, n, 4 * j - 8, 4 * j + 4, BASE64_SET, 16))
      base64Stretch(bytes, words, n, 4 * j - 8, extra, base64);
    if (otherWords === 2 && stretchReaches(bytes, n, 4 * j - 4, 4 * j + 4, OTHER_SET, 11))
      otherStretch(bytes, words, n, 4 * j - 4, extra, out);
  }
  noteOtherUnits(bytes, words.length << 2, n, extra);
  otherUnitsText = text;
  return base64.length + markers.length + out.length <= limit ? sortedStarts(base64, markers, out) : undefined;
}

/**
 * The characters that are not ASCII of the text possibleRunStartsUtf8 read last (`otherUnitsText`): the
 * unit offset of each one's first unit, ascending, `otherUnitsCount` of them. The listing reads every word
 * of the UTF-8 and steps through those with a byte of 0x80 or above anyway (for `extra`): buildView of the
 * same text reads where its ASCII stretches end from here instead of searching the bytes a second time
 * (knownOtherUnits).
 */
let otherUnitsText: string | undefined;
let otherUnits: Int32Array = new Int32Array(64);
let otherUnitsCount = 0;

/**
 * Steps `extra` (see possibleRunStartsUtf8) through bytes[from, to) and lists the unit offset of each
 * character's lead byte there in otherUnits; returns the new `extra`.
 */
function noteOtherUnits(bytes: Uint8Array, from: number, to: number, extra: number): number {
  for (let q = from; q < to; q++) {
    const c = bytes[q]!;
    if (c < 0x80) continue;
    if ((c & 0xc0) === 0x80) {
      extra++;
      continue;
    }
    if (otherUnitsCount === otherUnits.length) otherUnits = grownInt32(otherUnits);
    otherUnits[otherUnitsCount++] = q - extra;
    if (c >= 0xf0) extra--;
  }
  return extra;
}

/**
 * The unit offsets of the characters of `text` that are not ASCII (each one's first unit), ascending,
 * when possibleRunStartsUtf8 was the last to read its UTF-8 (a function of the text alone); else undefined.
 * A shared array, valid until the next listing.
 */
export function knownOtherUnits(text: string): Int32Array | undefined {
  return text === otherUnitsText ? otherUnits.subarray(0, otherUnitsCount) : undefined;
}

// Word constants of possibleRunStartsUtf8 (int32). x - k * 0x01010101 sets a byte's high bit (with ~x)
// when the byte is below k (exact for "any byte", the test made: "bit twiddling hacks", hasless); a byte
// below 0x80 plus 0x19 sets it when the byte is above 0x66. A const enum: the bundler inlines its members
// as literals (a module-level const would be a binding the optimiser reloads).
const enum Word {
  HIGH_BITS = 0x80808080 | 0,
  LOW_BITS = 0x7f7f7f7f,
  BELOW_2B = 0x2b2b2b2b,
  BELOW_20 = 0x20202020, // also the case bit of every byte
  OVER_66 = 0x19191919, // (0x7f - 0x66) per byte
}

/**
 * Whether the stretch of bytes of `set` (a bit of BYTE_SET) that holds bytes[from, to), all of them in it,
 * is `min` bytes long or longer; reads at most min - (to - from) bytes on each side.
 */
function stretchReaches(bytes: Uint8Array, n: number, from: number, to: number, set: number, min: number): boolean {
  let need = min - (to - from);
  let a = from;
  while (need > 0 && a > 0 && (BYTE_SET[bytes[a - 1]!]! & set) !== 0) {
    a--;
    need--;
  }
  let z = to;
  while (need > 0 && z < n && (BYTE_SET[bytes[z]!]! & set) !== 0) {
    z++;
    need--;
  }
  return need <= 0;
}

/** Where the stretch of bytes of `set` (BASE64_SET or OTHER_SET) that holds bytes[from] begins. */
function stretchStart(bytes: Uint8Array, from: number, set: number): number {
  let a = from;
  while (a > 0 && (BYTE_SET[bytes[a - 1]!]! & set) !== 0) a--;
  return a;
}

/**
 * Where the stretch of bytes of `set` ends whose clean words (all four bytes in the set, as the caller tests
 * them) go on at word `word`: past its clean words a word at a time, then byte by byte.
 */
function stretchEnd(bytes: Uint8Array, words: Int32Array, n: number, word: number, set: number): number {
  let w = word;
  if (set === BASE64_SET) while (w < words.length && isBase64Word(words[w]!)) w++;
  else while (w < words.length && isOtherWord(words[w]!)) w++;
  let z = w << 2;
  while (z < n && (BYTE_SET[bytes[z]!]! & set) !== 0) z++;
  return z;
}

/**
 * Lists (as unit offsets: byte offset - `extra`) the starts possibleRunStarts gives for the base64-alphabet
 * runs of the stretch of [0x2b, 0x80) bytes that holds bytes[from, from + 12), the first three clean words
 * of a row (`words`: the bytes as words, see possibleRunStartsUtf8).
 */
function base64Stretch(
  bytes: Uint8Array,
  words: Int32Array,
  n: number,
  from: number,
  extra: number,
  out: number[],
): void {
  // The stretch: a few bytes before its first clean word, its clean words (tested as the caller tests
  // them), and a few bytes of the word after.
  const a = stretchStart(bytes, from, BASE64_SET);
  const z = stretchEnd(bytes, words, n, (from >> 2) + 3, BASE64_SET);
  // Its runs of 16 or more base64 units, found by probing (a URL's or a path's words and dots are mostly
  // shorter runs, passed over without reading every byte): each run's start, then the positions after a
  // separator that begin (0x)? and 16 hex digits, as listBase64Run lists them (a run of 16 hex digits
  // after a separator, or after a separator and "0x"), also found by probing.
  for (let s = probeRun(bytes, a, z, BASE64_UNIT, 16), e = probedEnd; s < z;) {
    out.push(s - extra);
    for (let h = probeRun(bytes, s + 1, e, HEX_BYTE, 16); h < e; h = probeRun(bytes, probedEnd, e, HEX_BYTE, 16)) {
      if ((BYTE_SET[bytes[h - 1]!]! & SEPARATOR) !== 0) out.push(h - extra);
      else if (
        h - 3 >= s &&
        bytes[h - 1] === 120 &&
        bytes[h - 2] === 48 &&
        (BYTE_SET[bytes[h - 3]!]! & SEPARATOR) !== 0
      )
        out.push(h - 2 - extra);
    }
    noteRunEnd(s - extra, e - extra);
    s = probeRun(bytes, e, z, BASE64_UNIT, 16);
    e = probedEnd;
  }
}

/** Whether the four bytes of `x` are all in [0x2b, 0x80) (see possibleRunStartsUtf8). */
function isBase64Word(x: number): boolean {
  return (((((x - Word.BELOW_2B) | 0) & ~x) | x) & Word.HIGH_BITS) === 0;
}

/** The end of the run probeRun found last. */
let probedEnd = 0;

/**
 * The start of the first run of `min` or more bytes of `set` (a bit of BYTE_SET) in bytes[from, to), its
 * end in probedEnd; `to` when there is none. Probes as hasRun does: a byte outside the set rules out every
 * run that would hold it, so the next candidate ends `min` bytes after it.
 */
function probeRun(bytes: Uint8Array, from: number, to: number, set: number, min: number): number {
  let p = from + min - 1;
  while (p < to) {
    let k = 0;
    while (k < min && (BYTE_SET[bytes[p - k]!]! & set) !== 0) k++;
    if (k < min) {
      p += min - k;
      continue;
    }
    let s = p - min + 1;
    while (s > from && (BYTE_SET[bytes[s - 1]!]! & set) !== 0) s--;
    let e = p + 1;
    while (e < to && (BYTE_SET[bytes[e]!]! & set) !== 0) e++;
    probedEnd = e;
    return s;
  }
  return to;
}

/**
 * Lists (as unit offsets) the starts possibleRunStarts gives for the binary, separated-hex and Morse runs
 * of the stretch of bytes of the other set around bytes[from, to), two clean words of a row.
 */
function otherStretch(
  bytes: Uint8Array,
  words: Int32Array,
  n: number,
  from: number,
  extra: number,
  out: number[],
): void {
  const a = stretchStart(bytes, from, OTHER_SET);
  const z = stretchEnd(bytes, words, n, (from >> 2) + 2, OTHER_SET);
  // Most stretches are short (an HTML attribute and its tag, a list of numbers, indentation: 18 bytes on
  // average in the dependency docs) and hold no run of a class long enough: the runs are found by probing
  // (probeRun), and only those are read byte by byte.
  for (let s = probeRun(bytes, a, z, BINARY_BYTE, 32), e = probedEnd; s < z;) {
    for (let q = s; q < e - 1; q++) if (isBinaryDigit(bytes[q]!) && isBinaryDigit(bytes[q + 1]!)) out.push(q - extra);
    s = probeRun(bytes, e, z, BINARY_BYTE, 32);
    e = probedEnd;
  }
  for (let s = probeRun(bytes, a, z, HEX_SEP_BYTE, HEX_SEP_MIN), e = probedEnd; s < z;) {
    for (let q = s; q < e - 2; q++) {
      const sep = bytes[q + 2]!;
      if (
        (sep === 32 || sep === 58) &&
        (BYTE_SET[bytes[q]!]! & HEX_BYTE) !== 0 &&
        (BYTE_SET[bytes[q + 1]!]! & HEX_BYTE) !== 0
      )
        out.push(q - extra);
    }
    s = probeRun(bytes, e, z, HEX_SEP_BYTE, HEX_SEP_MIN);
    e = probedEnd;
  }
  for (let s = probeRun(bytes, a, z, MORSE_BYTE, 11), e = probedEnd; s < z;) {
    for (let q = s; q < e;) {
      while (q < e && (START_UNIT[bytes[q]!]! & MORSE_SYMBOL) === 0) q++;
      const g = q;
      while (q < e && (START_UNIT[bytes[q]!]! & MORSE_SYMBOL) !== 0) q++;
      if (q > g && q < e) out.push(morseGroupStart(g, q) - extra);
    }
    s = probeRun(bytes, e, z, MORSE_BYTE, 11);
    e = probedEnd;
  }
}

/** Whether the four bytes of `x` are all in the other set (see possibleRunStartsUtf8). */
function isOtherWord(x: number): boolean {
  const out = (((x - Word.BELOW_20) | 0) & ~x) | ((((x | Word.BELOW_20) & Word.LOW_BITS) + Word.OVER_66) | 0) | x;
  return (out & Word.HIGH_BITS) === 0;
}

/**
 * Calls `emit(start, end)` for each maximal run of units of the class `flag` at least `min` long, in
 * order. Probes as hasRun does (a unit outside the class rules out every run that would cover it), so
 * most units of ordinary text are never read.
 */
function forEachRun(text: string, flag: number, min: number, emit: (start: number, end: number) => void): void {
  const n = text.length;
  let p = min - 1;
  while (p < n) {
    let k = 0;
    while (k < min && (RUN_UNIT[text.charCodeAt(p - k)]! & flag) !== 0) k++;
    if (k < min) {
      p += min - k;
      continue;
    }
    // Units p - min + 1 .. p are in the class; the run extends both ways. Its left end lies after the end
    // of the previous run, which left a unit outside the class behind it.
    let s = p - min + 1;
    while (s > 0 && (RUN_UNIT[text.charCodeAt(s - 1)]! & flag) !== 0) s--;
    let e = p + 1;
    while (e < n && (RUN_UNIT[text.charCodeAt(e)]! & flag) !== 0) e++;
    emit(s, e);
    // The next run starts after e (outside the class), so its min-th unit is at e + min or later.
    p = e + min;
  }
}

/**
 * One cheap pass that says whether any encoded run could be present: a 16-character run of the base64
 * alphabet (which also covers long hex), an 8-character run of 0/1, a run of hex pairs and separators, a
 * run of Morse symbols, or a %, & or backslash. Most prompts fail all of them and skip the run finder.
 */
export function mightBeEncoded(text: string): boolean {
  return (
    hasSpecialMarker(text) ||
    hasRun(text, B64_UNIT, 16) ||
    hasRun(text, HEX_SEP_UNIT, HEX_SEP_MIN) ||
    hasRun(text, MORSE_UNIT, 12) ||
    hasBinaryRun(text, 32)
  );
}

/**
 * The least run lengths that can hold a match of the run finder's branches (of the unit classes of
 * RUN_CLASS), for a scanner that reads every unit of a text anyway (see uncheckedView): a text has a
 * run decodeEncodedRuns can find only where it has one of these runs or an escape marker. The prefilter
 * (mightBeEncoded) asks the same but for Morse, where it asks 12: an 11-unit Morse run ("./././././.")
 * is decoded in a text that passes the prefilter for another reason, and not alone.
 */
export const ENCODED_RUN = {
  /** Units of the base64 alphabet in a row. */
  base64: 16,
  /** Hex digits, spaces and colons in a row. */
  hexSeparated: HEX_SEP_MIN,
  /** Morse units (. - space /) in a row. */
  morse: 11,
  /** 0/1 digits within one run of 0, 1, space and comma. */
  binaryDigits: 32,
} as const;

/** The run classes of a unit (bits: 1 base64, 8 hex with separators, 16 Morse, 2 binary digit, 4 binary separator). */
export function encodedRunClasses(unit: number): number {
  return RUN_UNIT[unit]!;
}

export const RUN_CLASS = { base64: 1, binaryDigit: 2, binarySeparator: 4, hexSeparated: 8, morse: 16 } as const;

/**
 * mightBeEncoded of a text whose UTF-8 is also given (its first `n` bytes): the same answer. The run
 * classes hold ASCII units only, read from the bytes instead of the string; a unit that is not ASCII is
 * in no class, and neither is any byte of its UTF-8 (all are 0x80 or above), so every run of class units
 * is the same in both. The markers are searched in the string, where indexOf is native.
 */
export function mightBeEncodedUtf8(text: string, bytes: Uint8Array, n: number): boolean {
  return (
    hasSpecialMarker(text) ||
    hasByteRun(bytes, n, B64_UNIT, 16) ||
    hasByteRun(bytes, n, HEX_SEP_UNIT, HEX_SEP_MIN) ||
    hasByteRun(bytes, n, MORSE_UNIT, 12) ||
    hasBinaryByteRun(bytes, n, 32)
  );
}

/** hasRun over the first `n` bytes (the same probing; see there). */
function hasByteRun(bytes: Uint8Array, n: number, flag: number, min: number): boolean {
  let p = min - 1;
  while (p < n) {
    let k = 0;
    while (k < min && (RUN_UNIT[bytes[p - k]!]! & flag) !== 0) k++;
    if (k === min) return true;
    p += min - k;
  }
  return false;
}

/** hasBinaryRun over the first `n` bytes (the same probing; see there). */
function hasBinaryByteRun(bytes: Uint8Array, n: number, min: number): boolean {
  const unit = BIN_DIGIT | BIN_SEPARATOR;
  let measuredTo = 0;
  for (let p = min - 1; p < n; p += min) {
    if (p < measuredTo || (RUN_UNIT[bytes[p]!]! & unit) === 0) continue;
    let s = p;
    while (s > 0 && (RUN_UNIT[bytes[s - 1]!]! & unit) !== 0) s--;
    let digits = 0;
    let e = s;
    for (; e < n; e++) {
      const f = RUN_UNIT[bytes[e]!]!;
      if ((f & unit) === 0) break;
      if ((f & BIN_DIGIT) !== 0 && ++digits >= min) return true;
    }
    measuredTo = e;
  }
  return false;
}

/** A %XX escape, an entity-like "&...;" or a \u / \x escape (found with indexOf: most texts have none of the three). */
export function hasSpecialMarker(text: string): boolean {
  // Asked twice per text (uncheckedView, then the prefilter): the last answer is kept.
  if (text === markerText) return markerAnswer;
  markerText = text;
  markerAnswer = findSpecialMarker(text);
  return markerAnswer;
}

let markerText: string | undefined;

let markerAnswer = false;

function findSpecialMarker(text: string): boolean {
  for (let i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
    if (isHex(text.charCodeAt(i + 1)) && isHex(text.charCodeAt(i + 2))) return true;
  }
  for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) if (entityEndsSoon(text, i)) return true;
  for (let i = text.indexOf('\\'); i >= 0; i = text.indexOf('\\', i + 1)) {
    if (text[i + 1] === 'u' || text[i + 1] === 'x' || isLongUnicodeEscape(text, i) || isOctalEscape(text, i))
      return true;
  }
  for (let i = text.indexOf(TAG_LEAD); i >= 0; i = text.indexOf(TAG_LEAD, i + 1)) if (isTagAt(text, i)) return true;
  return false;
}

/**
 * True when the text has `min` consecutive units of the class `flag`. Probes the last unit of a window
 * and walks back (as Boyer-Moore does): a unit outside the class rules out every run that would cover
 * it, so the next window ends `min` units after it. Most units are never read.
 */
function hasRun(text: string, flag: number, min: number): boolean {
  const n = text.length;
  let p = min - 1;
  while (p < n) {
    let k = 0;
    while (k < min && (RUN_UNIT[text.charCodeAt(p - k)]! & flag) !== 0) k++;
    if (k === min) return true;
    p += min - k;
  }
  return false;
}

/**
 * True when one run of 0/1 digits and separators holds `min` digits. The stretch from its first to its
 * min-th digit is at least `min` long, so probing every min-th position finds the run; each run is
 * measured once (probes inside a measured run are skipped), so the work stays linear.
 */
function hasBinaryRun(text: string, min: number): boolean {
  const n = text.length;
  const unit = BIN_DIGIT | BIN_SEPARATOR;
  let measuredTo = 0;
  for (let p = min - 1; p < n; p += min) {
    if (p < measuredTo || (RUN_UNIT[text.charCodeAt(p)]! & unit) === 0) continue;
    let s = p;
    while (s > 0 && (RUN_UNIT[text.charCodeAt(s - 1)]! & unit) !== 0) s--;
    let digits = 0;
    let e = s;
    for (; e < n; e++) {
      const f = RUN_UNIT[text.charCodeAt(e)]!;
      if ((f & unit) === 0) break;
      if ((f & BIN_DIGIT) !== 0 && ++digits >= min) return true;
    }
    measuredTo = e;
  }
  return false;
}

export const B64_UNIT = 1; // A-Z a-z 0-9 + / _ -
const BIN_DIGIT = 2; // 0 1
const BIN_SEPARATOR = 4; // space and comma keep a binary run going without counting
const HEX_SEP_UNIT = 8; // hex digits, space, colon
const MORSE_UNIT = 16; // . - space /
const SPECIAL = 32; // % & backslash
export const RUN_UNIT = (() => {
  const t = new Uint8Array(65536);
  const mark = (chars: string, flag: number): void => {
    for (const ch of chars) t[ch.charCodeAt(0)]! |= flag;
  };
  const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const digits = '0123456789';
  mark(`${upper}${upper.toLowerCase()}${digits}+/_-`, B64_UNIT);
  mark('01', BIN_DIGIT);
  mark(' ,', BIN_SEPARATOR);
  mark(`${digits}ABCDEFabcdef :`, HEX_SEP_UNIT);
  mark('.- /', MORSE_UNIT);
  mark('%&\\', SPECIAL);
  return t;
})();

function isBinaryDigit(c: number): boolean {
  return c === 48 || c === 49;
}

/** Units some branches of RUN_FINDER start with or after (see possibleRunStarts); bits of START_UNIT. */
const HEX_DIGIT = 1; // 0-9 A-F a-f
const MORSE_SYMBOL = 2; // . -
const B64_SEPARATOR = 4; // + / _ - (a hex run may start after one inside a base64 run)
export const BASE64_ONLY = 8; // g-z G-Z + / _: of RUN_FINDER's branches, only base64 starts with one (see decodeAtStarts)
export const HEX_NOT_BINARY = 16; // 2-9 a-f A-F (see decodeAtStarts)
export const START_UNIT = (() => {
  const t = new Uint8Array(65536);
  const mark = (chars: string, flag: number): void => {
    for (const ch of chars) t[ch.charCodeAt(0)]! |= flag;
  };
  mark('0123456789ABCDEFabcdef', HEX_DIGIT);
  mark('.-', MORSE_SYMBOL);
  mark('+/_-', B64_SEPARATOR);
  mark('ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ+/_', BASE64_ONLY);
  mark('23456789abcdefABCDEF', HEX_NOT_BINARY);
  return t;
})();

/** Bytes of the sets possibleRunStartsUtf8 tests words against (bits of BYTE_SET). */
const BASE64_SET = 1; // [0x2b, 0x80): holds the base64 alphabet
const OTHER_SET = 2; // [0x20, 0x47) and [0x60, 0x67): hold the binary, separated-hex and Morse units
const BASE64_UNIT = 4; // the base64 alphabet itself (B64_UNIT of RUN_UNIT)
const SEPARATOR = 8; // + / _ - (B64_SEPARATOR of START_UNIT)
const HEX_BYTE = 16; // 0-9 A-F a-f (HEX_DIGIT of START_UNIT)
const BINARY_BYTE = 32; // 0 1 space comma (BIN_DIGIT and BIN_SEPARATOR of RUN_UNIT)
const HEX_SEP_BYTE = 64; // hex digits, space, colon (HEX_SEP_UNIT of RUN_UNIT)
const MORSE_BYTE = 128; // . - space / (MORSE_UNIT of RUN_UNIT)
const BYTE_SET = (() => {
  const t = new Uint8Array(256);
  for (let c = 0; c < 0x80; c++) {
    if (c >= 0x2b) t[c]! |= BASE64_SET;
    if ((c >= 0x20 && c < 0x47) || (c >= 0x60 && c < 0x67)) t[c]! |= OTHER_SET;
    if ((RUN_UNIT[c]! & B64_UNIT) !== 0) t[c]! |= BASE64_UNIT;
    if ((START_UNIT[c]! & B64_SEPARATOR) !== 0) t[c]! |= SEPARATOR;
    if ((START_UNIT[c]! & HEX_DIGIT) !== 0) t[c]! |= HEX_BYTE;
    if ((RUN_UNIT[c]! & (BIN_DIGIT | BIN_SEPARATOR)) !== 0) t[c]! |= BINARY_BYTE;
    if ((RUN_UNIT[c]! & HEX_SEP_UNIT) !== 0) t[c]! |= HEX_SEP_BYTE;
    if ((RUN_UNIT[c]! & MORSE_UNIT) !== 0) t[c]! |= MORSE_BYTE;
  }
  return t;
})();

/** Whether the url branch's shortest match starts at `at`: three "%XX", with unescaped segments of up to URL_SEGMENT units between. */
function isUrlRun(text: string, at: number): boolean {
  let k = at;
  for (let escapes = 0; ;) {
    if (text.charCodeAt(k) !== 37 || !isHex(text.charCodeAt(k + 1)) || !isHex(text.charCodeAt(k + 2))) return false;
    if (++escapes === 3) return true;
    k += 3;
    const segment = k;
    while (k - segment <= URL_SEGMENT && isUrlUnreserved(text.charCodeAt(k))) k++;
    if (k - segment > URL_SEGMENT) return false;
  }
}

/**
 * Whether the escape branch (a few escapes inside a word or a chat-template token: "%49gnore", "ign%6Fre",
 * "%2549gnore", "%3C|im_start|%3E") may match at the "%" at `at`: a "%XX" with an ASCII letter or a
 * template unit (< > |) before it, or a letter, digit, escape marker or template unit after it.
 */
function isEscapeInWord(text: string, at: number): boolean {
  if (!isHex(text.charCodeAt(at + 1)) || !isHex(text.charCodeAt(at + 2))) return false;
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at + 3);
  return (
    ((before | 32) >= 97 && (before | 32) <= 122) ||
    isTemplateUnit(before) ||
    isUrlUnreserved(after) ||
    isTemplateUnit(after) ||
    after === 37 || // %
    after === 38 || // &
    after === 92 // backslash
  );
}

/** < > or |: the units of a chat-template token's brackets. */
function isTemplateUnit(c: number): boolean {
  return c === 60 || c === 62 || c === 124;
}

/** [A-Za-z0-9._~-]: the units a URL carries unescaped (RFC 3986 "unreserved"). */
function isUrlUnreserved(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 46 ||
    c === 95 ||
    c === 126 ||
    c === 45
  );
}

/** How many hex digits follow `at` (after a "0x" there), counting up to 16. */
export function hexDigitsFrom(text: string, at: number): number {
  let p = text.charCodeAt(at) === 48 && text.charCodeAt(at + 1) === 120 ? at + 2 : at;
  const stop = p + 16;
  while (p < stop && (START_UNIT[text.charCodeAt(p)]! & HEX_DIGIT) !== 0) p++;
  return p - (stop - 16);
}

/** A ';' within the 9 characters after '&' (bounded, so a text full of '&' stays linear). */
function entityEndsSoon(text: string, at: number): boolean {
  const end = Math.min(text.length, at + 10);
  for (let j = at + 2; j < end; j++) if (text.charCodeAt(j) === 59) return true;
  return false;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
