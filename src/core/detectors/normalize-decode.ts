/**
 * Finds encoded runs in a text (base64, hex, binary octets, URL escapes, HTML entities, \u escapes) and
 * decodes those that turn into readable text. Pure, no Buffer/atob: the decoders are small and total.
 * Each run-finding regex is a single repeated character class or fixed-width group, so matching is linear.
 */

export type EncodingKind = 'base64' | 'hex' | 'binary' | 'url' | 'html' | 'unicode_escape' | 'morse';

export interface DecodedRun {
  kind: EncodingKind;
  /** Original span of the encoded run. */
  start: number;
  end: number;
  /** The decoded text. */
  text: string;
  /** True when the decoded text looks like natural language (words and spaces), not just bytes. */
  readable: boolean;
}

const RUN_FINDER = new RegExp(
  [
    '(?<binary>(?:[01]{8}[ ,]?){4,})',
    '(?<morse>(?:[.\\-]{1,7}(?: / | {1,3}|/)){5,}[.\\-]{1,7})',
    '(?<unicode>(?:\\\\u[0-9a-fA-F]{4}){2,})',
    '(?<hexesc>(?:\\\\x[0-9a-fA-F]{2}){4,})',
    '(?<hexsep>(?:[0-9a-fA-F]{2}[ :]){7,}[0-9a-fA-F]{2}(?![0-9a-fA-F]))',
    '(?<hex>(?<![0-9a-zA-Z])(?:0x)?[0-9a-fA-F]{16,}(?![0-9a-zA-Z]))',
    '(?<base64>(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2})',
    '(?<url>(?:%[0-9a-fA-F]{2}){3,})',
    '(?<html>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|lt|gt|amp|quot|apos|nbsp);)',
  ].join('|'),
  'g',
);

const UTF8 = new TextDecoder('utf-8', { fatal: false });

/**
 * All encoded runs of `text`, in order, non-overlapping; only those whose decoding is meaningful.
 * `utf8`, when given, holds the text's UTF-8 in its first `utf8Length` bytes (default text.length: an
 * ASCII text, unit for unit): the cheap pre-check then reads bytes, which is about twice as fast as
 * reading the string.
 */
export function decodeEncodedRuns(text: string, utf8?: Uint8Array, utf8Length = text.length): DecodedRun[] {
  const runs: DecodedRun[] = [];
  if (!(utf8 !== undefined ? mightBeEncodedUtf8(text, utf8, utf8Length) : mightBeEncoded(text))) return runs;
  // Cheap pre-check: most prompts contain none of the markers, and the alternation would still walk them.
  if (text.length >= WINDOWED_TEXT) {
    // A long text (a document) passes the pre-check almost always (one long identifier is enough), and the
    // alternation would try its nine branches at every unit: it is tried only where a match can start.
    const starts = possibleRunStarts(text);
    // Dense starts (a degenerate text, all hex pairs or Morse symbols) are left to the global scan below.
    if (starts.length <= text.length >> 3) return decodeAtStarts(text, starts, runs);
  }
  RUN_FINDER.lastIndex = 0;
  for (let m = RUN_FINDER.exec(text); m !== null; m = RUN_FINDER.exec(text)) decodeRun(m, text, runs);
  return runs;
}

/**
 * decodeEncodedRuns at the possible starts of a run (see possibleRunStarts): the runs of the global scan.
 * At the start of a base64-alphabet run whose first unit is a letter g-z or G-Z or one of + / _ (not a
 * hex digit, not "-"), only the base64 branch can match (the earlier branches start with 0/1, . or -,
 * a backslash or a hex digit; url and html with % and &): its match is the whole run and up to two "=",
 * decoded without the alternation. Every other start is tried with the sticky copy.
 */
function decodeAtStarts(text: string, starts: Int32Array, runs: DecodedRun[]): DecodedRun[] {
  const n = text.length;
  let from = 0;
  for (let k = 0; k < starts.length; k++) {
    const at = starts[k]!;
    if (at < from) continue;
    const c = text.charCodeAt(at);
    if ((START_UNIT[c]! & BASE64_ONLY) !== 0 && (at === 0 || (RUN_UNIT[text.charCodeAt(at - 1)]! & B64_UNIT) === 0)) {
      let e = at + 1;
      while (e < n && (RUN_UNIT[text.charCodeAt(e)]! & B64_UNIT) !== 0) e++;
      if (e - at < 16) continue; // base64 fails here, and no other branch can start with this unit
      let end = e;
      if (text.charCodeAt(end) === 61) end++;
      if (text.charCodeAt(end) === 61) end++;
      from = end;
      decodeBase64Run(text, at, e, end, runs);
      continue;
    }
    RUN_FINDER_AT.lastIndex = at;
    const m = RUN_FINDER_AT.exec(text);
    if (m === null) continue;
    from = at + m[0].length;
    decodeRun(m, text, runs);
  }
  return runs;
}

/**
 * Decodes the base64 match text[start, end) (its alphabet units end at `body`, "="s follow) and appends
 * it to `runs` when it reads as text. Most base64-looking runs of real documents are identifiers and
 * paths whose bytes are not text: when more than one byte in 20 is an ASCII control (each becomes one
 * code point that is not printable, and there are at most as many code points as bytes), isReadable
 * would say no, so the UTF-8 decoding and its test are skipped.
 */
function decodeBase64Run(text: string, start: number, body: number, end: number, runs: DecodedRun[]): void {
  const bytes = parseBase64(text, start, body);
  if (bytes === undefined || bytes.length === 0) return;
  let controls = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if ((b < 32 && b !== 9 && b !== 10 && b !== 13) || b === 0x7f) controls++;
  }
  if (controls * 20 > bytes.length) return;
  const decoded = UTF8.decode(bytes);
  if (decoded.length === 0 || !isReadable(decoded)) return;
  runs.push({ kind: 'base64', start, end, text: decoded, readable: true });
}

/** Decodes the run `m` of RUN_FINDER and appends it to `runs` when its decoding is meaningful. */
function decodeRun(m: RegExpExecArray, text: string, runs: DecodedRun[]): void {
  const g = m.groups!;
  const start = m.index;
  const end = start + m[0].length;
  let decoded: string | undefined;
  let kind: EncodingKind;
  if (g.morse !== undefined) {
    kind = 'morse';
    decoded = decodeMorse(g.morse);
  } else if (g.binary !== undefined) {
    kind = 'binary';
    decoded = bytesToText(parseBinary(g.binary));
  } else if (g.unicode !== undefined) {
    kind = 'unicode_escape';
    decoded = g.unicode.replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  } else if (g.hexesc !== undefined) {
    kind = 'hex';
    decoded = bytesToText(parseHex(g.hexesc.replace(/\\x/g, '')));
  } else if (g.hexsep !== undefined || g.hex !== undefined) {
    kind = 'hex';
    decoded = bytesToText(parseHex((g.hexsep ?? g.hex!).replace(/^0x|[ :]/g, '')));
  } else if (g.base64 !== undefined) {
    // Long words and identifiers also match the alphabet; decoding and the readability test sort them out.
    let body = end;
    while (body > start && text.charCodeAt(body - 1) === 61) body--;
    decodeBase64Run(text, start, body, end, runs);
    return;
  } else if (g.url !== undefined) {
    kind = 'url';
    decoded = bytesToText(parseHex(g.url.replace(/%/g, '')));
  } else {
    kind = 'html';
    decoded = decodeEntity(g.html!);
  }
  if (decoded === undefined || decoded.length === 0) return;
  const readable = kind === 'html' || kind === 'url' || kind === 'unicode_escape' ? true : isReadable(decoded);
  if (!readable) return;
  runs.push({ kind, start, end, text: decoded, readable });
}

/** From this length on, RUN_FINDER is tried at the possible starts only (see possibleRunStarts). */
const WINDOWED_TEXT = 4096;
/** RUN_FINDER with the sticky flag: tried at one position. */
const RUN_FINDER_AT = new RegExp(RUN_FINDER.source, 'y');

/**
 * Every position where a branch of RUN_FINDER can match, in increasing order (possibly repeated). Each
 * branch matches units of one class only, at least so many of them, or starts with a marker unit:
 *  - base64: [A-Za-z0-9+/_-]{16,} (then "="s) after a unit outside that class: the start of a run of
 *    16 or more units of the class; hex: (0x)?[0-9a-fA-F]{16,} after a unit that is not [0-9a-zA-Z], all
 *    units of the same class: the start of such a run or a position after its + / _ or -;
 *  - binary: 32 or more of [01 ,], starting with 0 or 1; Morse: 11 or more of [.- /], starting with . or
 *    -; separated hex: 23 or more of [0-9a-fA-F :], starting with a hex digit: those units, inside runs
 *    of their class that long;
 *  - \\u and \\x escapes, %XX and entities: at a backslash, "%" or "&".
 * Trying the sticky copy at each of them in turn, skipping those inside the previous match, gives exactly
 * the matches of the global scan, which fails at every other position.
 */
function possibleRunStarts(text: string): Int32Array {
  const out: number[] = [];
  // A marker that cannot begin its branch (a "%" not followed by hex pairs, as in "50%") is left out.
  for (let i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) if (isUrlRun(text, i)) out.push(i);
  for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) if (entityEndsSoon(text, i)) out.push(i);
  for (let i = text.indexOf('\\'); i >= 0; i = text.indexOf('\\', i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (next === 117 || next === 120) out.push(i); // \u, \x
  }
  forEachRun(text, B64_UNIT, 16, (s, e) => {
    out.push(s);
    // After a separator only the hex branch can start ((0x)? and 16 hex digits; binary and Morse starts
    // are listed with their own runs below): paths and dashed names have many separators and few such.
    for (let p = s + 1; p < e; p++) if ((START_UNIT[text.charCodeAt(p - 1)]! & B64_SEPARATOR) !== 0 && hexDigitsFrom(text, p) >= 16) out.push(p);
  });
  // A binary match starts with two 0/1 digits (of eight), a separated-hex one with two hex digits and a
  // space or colon: positions that fail this cannot start one (a run of hex letters or of "0 " has none).
  forEachRun(text, BIN_DIGIT | BIN_SEPARATOR, 32, (s, e) => {
    for (let p = s; p < e - 1; p++) if (isBinaryDigit(text.charCodeAt(p)) && isBinaryDigit(text.charCodeAt(p + 1))) out.push(p);
  });
  forEachRun(text, HEX_SEP_UNIT, 23, (s, e) => {
    for (let p = s; p < e - 2; p++) {
      const sep = text.charCodeAt(p + 2);
      if ((sep === 32 || sep === 58) && (START_UNIT[text.charCodeAt(p)]! & HEX_DIGIT) !== 0 && (START_UNIT[text.charCodeAt(p + 1)]! & HEX_DIGIT) !== 0) out.push(p);
    }
  });
  forEachRun(text, MORSE_UNIT, 11, (s, e) => {
    for (let p = s; p < e; p++) if ((START_UNIT[text.charCodeAt(p)]! & MORSE_SYMBOL) !== 0) out.push(p);
  });
  return Int32Array.from(out).sort();
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

const MORSE: Readonly<Record<string, string>> = {
  '.-': 'a', '-...': 'b', '-.-.': 'c', '-..': 'd', '.': 'e', '..-.': 'f', '--.': 'g', '....': 'h', '..': 'i', '.---': 'j',
  '-.-': 'k', '.-..': 'l', '--': 'm', '-.': 'n', '---': 'o', '.--.': 'p', '--.-': 'q', '.-.': 'r', '...': 's', '-': 't',
  '..-': 'u', '...-': 'v', '.--': 'w', '-..-': 'x', '-.--': 'y', '--..': 'z', '-----': '0', '.----': '1', '..---': '2',
  '...--': '3', '....-': '4', '.....': '5', '-....': '6', '--...': '7', '---..': '8', '----.': '9', '..--..': '?',
  '.-.-.-': '.', '--..--': ',', '.----.': "'",
};

/** Morse with letters separated by spaces and words by " / " (or three spaces); unknown codes fail. */
function decodeMorse(s: string): string | undefined {
  const words = s.trim().split(/\s*\/\s*| {3,}/);
  const out: string[] = [];
  for (const w of words) {
    let word = '';
    for (const code of w.trim().split(/\s+/)) {
      if (code === '') continue;
      const ch = MORSE[code];
      if (ch === undefined) return undefined;
      word += ch;
    }
    if (word) out.push(word);
  }
  return out.join(' ');
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
    hasRun(text, HEX_SEP_UNIT, 23) ||
    hasRun(text, MORSE_UNIT, 12) ||
    hasBinaryRun(text, 32)
  );
}

/**
 * The encoded-run prefilter's run checks, for a scanner that reads every unit of a text anyway: the
 * minimum run lengths and the unit classes of hasRun / hasBinaryRun (see mightBeEncoded). A text passes
 * the prefilter exactly when it has a special marker (hasSpecialMarker) or one of these runs.
 */
export const ENCODED_RUN = {
  /** Units of the base64 alphabet in a row. */
  base64: 16,
  /** Hex digits, spaces and colons in a row. */
  hexSeparated: 23,
  /** Morse units (. - space /) in a row. */
  morse: 12,
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
function mightBeEncodedUtf8(text: string, bytes: Uint8Array, n: number): boolean {
  return (
    hasSpecialMarker(text) ||
    hasByteRun(bytes, n, B64_UNIT, 16) ||
    hasByteRun(bytes, n, HEX_SEP_UNIT, 23) ||
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
  for (let i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
    if (isHex(text.charCodeAt(i + 1)) && isHex(text.charCodeAt(i + 2))) return true;
  }
  for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) if (entityEndsSoon(text, i)) return true;
  for (let i = text.indexOf('\\'); i >= 0; i = text.indexOf('\\', i + 1)) {
    if (text[i + 1] === 'u' || text[i + 1] === 'x') return true;
  }
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

const B64_UNIT = 1; // A-Z a-z 0-9 + / _ -
const BIN_DIGIT = 2; // 0 1
const BIN_SEPARATOR = 4; // space and comma keep a binary run going without counting
const HEX_SEP_UNIT = 8; // hex digits, space, colon
const MORSE_UNIT = 16; // . - space /
const SPECIAL = 32; // % & backslash
const RUN_UNIT = (() => {
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
const BASE64_ONLY = 8; // g-z G-Z + / _: of RUN_FINDER's branches, only base64 starts with one (see decodeAtStarts)
const START_UNIT = (() => {
  const t = new Uint8Array(65536);
  const mark = (chars: string, flag: number): void => {
    for (const ch of chars) t[ch.charCodeAt(0)]! |= flag;
  };
  mark('0123456789ABCDEFabcdef', HEX_DIGIT);
  mark('.-', MORSE_SYMBOL);
  mark('+/_-', B64_SEPARATOR);
  mark('ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ+/_', BASE64_ONLY);
  return t;
})();

/** Whether "%XX" repeats three times from `at` (the url branch's shortest match). */
function isUrlRun(text: string, at: number): boolean {
  for (let k = at; k < at + 9; k += 3) {
    if (text.charCodeAt(k) !== 37 || !isHex(text.charCodeAt(k + 1)) || !isHex(text.charCodeAt(k + 2))) return false;
  }
  return true;
}

/** How many hex digits follow `at` (after a "0x" there), counting up to 16. */
function hexDigitsFrom(text: string, at: number): number {
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

function parseBinary(s: string): Uint8Array {
  const bits = s.replace(/[^01]/g, '');
  const out = new Uint8Array(Math.floor(bits.length / 8));
  for (let i = 0; i < out.length; i++) out[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
  return out;
}

function parseHex(s: string): Uint8Array {
  const out = new Uint8Array(Math.floor(s.length / 2));
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const B64 = (() => {
  const t = new Int16Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < alphabet.length; i++) t[alphabet.charCodeAt(i)] = i;
  t[43] = 62; // +
  t[45] = 62; // - (URL-safe)
  t[47] = 63; // /
  t[95] = 63; // _ (URL-safe)
  return t;
})();

/** The bytes of the base64 units text[from, to) (any "="s excluded), or undefined when they cannot be whole bytes. */
function parseBase64(text: string, from: number, to: number): Uint8Array | undefined {
  const length = to - from;
  if (length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = from; i < to; i++) {
    const v = B64[text.charCodeAt(i)] ?? -1;
    if (v < 0) return undefined;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  // Six bits a unit give floor(3n/4) bytes, the array's length: a view of it (costly to make, and the
  // documents' base64-looking identifiers come here by the thousand) is needed only if that ever differs.
  return o === out.length ? out : out.subarray(0, o);
}

function bytesToText(bytes: Uint8Array | undefined): string | undefined {
  if (!bytes || bytes.length === 0) return undefined;
  return UTF8.decode(bytes);
}

const UNICODE_LETTER = /\p{L}/u;

/**
 * Readable = mostly letters, digits, spaces and punctuation, with word structure. Random bytes from a
 * decoded identifier fail this almost always (high share of control and replacement characters).
 */
export function isReadable(s: string): boolean {
  if (s.length < 6) return false;
  let printable = 0;
  let letters = 0;
  let spaces = 0;
  let n = 0; // code points, as [...s].length
  for (const c of s) {
    n++;
    const cp = c.codePointAt(0)!;
    if (cp === 0xfffd || (cp < 32 && cp !== 9 && cp !== 10 && cp !== 13) || (cp >= 0x7f && cp < 0xa0)) continue;
    printable++;
    // The ASCII letters are exactly the ASCII code points of \p{L}; the regex (hoisted: the bundle builds
    // it with new RegExp) only for the rest. Decoded base64-looking identifiers of real documents come here.
    if (cp < 0x80 ? ((cp | 32) >= 97 && (cp | 32) <= 122) : UNICODE_LETTER.test(c)) letters++;
    else if (c === ' ' || c === '\n') spaces++;
  }
  return printable / n >= 0.95 && letters / n >= 0.5 && (spaces > 0 || n <= 24);
}

const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntity(e: string): string | undefined {
  const body = e.slice(1, -1);
  if (body[0] === '#') {
    const cp = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    if (!Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
    return String.fromCodePoint(cp);
  }
  return NAMED[body.toLowerCase()];
}
