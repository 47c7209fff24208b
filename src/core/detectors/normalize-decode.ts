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
  RUN_FINDER.lastIndex = 0;
  for (let m = RUN_FINDER.exec(text); m !== null; m = RUN_FINDER.exec(text)) {
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
      kind = 'base64';
      // Long words and identifiers also match the alphabet; decoding and the readability test sort them out.
      decoded = bytesToText(parseBase64(g.base64));
    } else if (g.url !== undefined) {
      kind = 'url';
      decoded = bytesToText(parseHex(g.url.replace(/%/g, '')));
    } else {
      kind = 'html';
      decoded = decodeEntity(g.html!);
    }
    if (decoded === undefined || decoded.length === 0) continue;
    const readable = kind === 'html' || kind === 'url' || kind === 'unicode_escape' ? true : isReadable(decoded);
    if (!readable) continue;
    runs.push({ kind, start, end, text: decoded, readable });
  }
  return runs;
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

function parseBase64(s: string): Uint8Array | undefined {
  const body = s.replace(/=+$/, '');
  if (body.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < body.length; i++) {
    const v = B64[body.charCodeAt(i)] ?? -1;
    if (v < 0) return undefined;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

function bytesToText(bytes: Uint8Array | undefined): string | undefined {
  if (!bytes || bytes.length === 0) return undefined;
  return UTF8.decode(bytes);
}

/**
 * Readable = mostly letters, digits, spaces and punctuation, with word structure. Random bytes from a
 * decoded identifier fail this almost always (high share of control and replacement characters).
 */
export function isReadable(s: string): boolean {
  if (s.length < 6) return false;
  let printable = 0;
  let letters = 0;
  let spaces = 0;
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    if (cp === 0xfffd || (cp < 32 && cp !== 9 && cp !== 10 && cp !== 13) || (cp >= 0x7f && cp < 0xa0)) continue;
    printable++;
    if (/\p{L}/u.test(c)) letters++;
    else if (c === ' ' || c === '\n') spaces++;
  }
  const n = [...s].length;
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
