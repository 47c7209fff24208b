/**
 * Text normalisation before matching: attackers hide instructions behind encodings (base64, hex, binary,
 * URL and HTML escapes), invisible characters (zero-width, bidi controls, tag characters) and look-alike
 * letters (Cyrillic "а" for Latin "a", fullwidth forms). This module rewrites a text into one lower-case,
 * ASCII-folded "matching view" and keeps, for every UTF-16 unit of that view, the offset in the ORIGINAL
 * text it came from, so detectors can match on the view and still report original positions.
 *
 * Everything here is linear in the input: each pass walks the text once, and the run-finding regexes are
 * single character classes with no nested quantifiers.
 */
import { decodeEncodedRuns, hasSpecialMarker, type DecodedRun } from './normalize-decode.js';
import { foldHomoglyph, isInvisible } from './normalize-tables.js';

export type { DecodedRun } from './normalize-decode.js';

export interface NormalizeOptions {
  /** Decode base64, hex, binary, URL and HTML escape runs and splice the decoded text into the view. */
  decode: boolean;
  /** Apply Unicode NFKC per character, drop combining marks and invisible characters. */
  unicode: boolean;
  /** Fold confusable letters (Cyrillic, Greek, fullwidth, mathematical alphanumerics) to ASCII. */
  homoglyphs: boolean;
}

/** A span of the original text and what normalisation found there. */
export interface Span {
  start: number;
  end: number;
}

export interface NormalizedText {
  /** The matching view: lower case, folded, decoded. */
  text: string;
  /**
   * `starts[i]` is the original offset of view unit i; `ends[i]` the original end of the character it came
   * from (a decoded run maps every unit onto the whole run).
   */
  starts: Int32Array;
  ends: Int32Array;
  /** Runs that decoded to readable text (each becomes an encoded-payload finding upstream). */
  decoded: DecodedRun[];
  /** Original spans of invisible characters that were removed. */
  invisible: Span[];
  /** Original spans of words that mix Latin letters with look-alike letters from other scripts. */
  mixedScriptWords: Span[];
}

// Diacritic marks only: vowel signs of Indic and other scripts are also \p{M}, and dropping them would
// change the word.
const COMBINING_MARK = {
  test(c: string): boolean {
    const cp = c.codePointAt(0) ?? 0;
    return (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x1ab0 && cp <= 0x1aff) || (cp >= 0x1dc0 && cp <= 0x1dff) || (cp >= 0x20d0 && cp <= 0x20ff) || (cp >= 0xfe20 && cp <= 0xfe2f);
  },
};
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]/u;
const ASCII_WORD = /^[a-z0-9]+$/;

/**
 * Builds the matching view of `original`. Pure and linear; never throws on any string (lone surrogates
 * are kept as they are).
 */
export function normalizeForMatching(original: string, opts: NormalizeOptions): NormalizedText {
  // Without decoded runs the view depends only on the text and the two folding options, so the
  // detectors that scan the same text one after the other (injection, then safety) share one view.
  // (Without decoding there are no runs, so the shared view can be answered before anything is read.)
  const key = (opts.unicode ? 1 : 0) | (opts.homoglyphs ? 2 : 0);
  if (!opts.decode && lastView !== undefined && lastKey === key && lastText === original) return lastView;
  // One encodeInto both tells whether the text is plain ASCII and gives the encoded-run check bytes to read.
  const bytes = asciiBytesOf(original);
  const runs = opts.decode ? decodeEncodedRuns(original, bytes) : [];
  if (runs.length > 0) return buildView(original, runs, opts);
  if (lastView !== undefined && lastKey === key && lastText === original) return lastView;
  const view = bytes !== undefined ? new AsciiView(original) : buildView(original, runs, opts);
  lastText = original;
  lastKey = key;
  lastView = view;
  return view;
}

const ENCODER = new TextEncoder();
/** Texts up to this many units keep their byte buffer for the next call; longer ones get a fresh one. */
const RETAINED_BYTES = 1 << 22;
let scratchBytes = new Uint8Array(4096);
/** The ASCII view whose text scratchBytes holds, if any. */
let scratchOwner: NormalizedText | undefined;

/**
 * The units of `s` as bytes when every unit is ASCII (< 0x80; byte `s.length` is then 0, and the buffer
 * has at least 8 bytes past the text), else undefined. The buffer is shared: valid until the next call
 * into this module.
 */
function asciiBytesOf(s: string): Uint8Array | undefined {
  const n = s.length;
  let buf = scratchBytes;
  // Room for 8 bytes past the end: scanners read words four bytes at a time.
  if (buf.length < n + 8) {
    buf = new Uint8Array(n + 8 + (n >> 2));
    if (buf.length <= RETAINED_BYTES) scratchBytes = buf;
  }
  scratchOwner = undefined;
  // Every unit below 0x80 is one byte; any other unit (lone surrogates too) takes two or more, so the text
  // is ASCII exactly when all of it was read and as many bytes were written as it has units.
  const { read, written } = ENCODER.encodeInto(s, buf);
  if (read !== n || written !== n) return undefined;
  buf[n] = 0;
  return buf;
}

/**
 * The matching text of an ASCII view (isAsciiView) as bytes, equal unit for unit, with a 0 byte after
 * the last and at least 8 bytes of buffer past the text: scanners walk bytes about twice as fast as a
 * string. A shared buffer, valid until the next call into this module.
 */
export function asciiViewBytes(view: NormalizedText): Uint8Array {
  if (scratchOwner === view) return scratchBytes;
  const bytes = asciiBytesOf(view.text);
  if (bytes === undefined) throw new Error('asciiViewBytes: not an ASCII view');
  if (bytes === scratchBytes) scratchOwner = view;
  return bytes;
}

/**
 * The first half of normalizeForMatching(original, opts) with `opts.decode`, for a scanner that reads
 * every unit of the text anyway and can answer the encoded-run prefilter's run checks on the way
 * (ENCODED_RUN in normalize-decode.ts, on the view's units: lower-casing changes no unit's run class).
 * When the text is ASCII and has no special marker (%XX, &...;, backslash escape), returns its ASCII view
 * as normalizeForMatching would if the run checks fail; else undefined (use normalizeForMatching).
 * The caller then either finds no run and calls acceptUncheckedView, or calls normalizeForMatching,
 * which decides.
 */
export function uncheckedAsciiView(original: string, opts: NormalizeOptions): NormalizedText | undefined {
  if (!opts.decode) return undefined;
  if (asciiBytesOf(original) === undefined || hasSpecialMarker(original)) return undefined;
  return new AsciiView(original);
}

/** Records `view` (from uncheckedAsciiView, whose text had none of the runs) as normalizeForMatching would have. */
export function acceptUncheckedView(original: string, opts: NormalizeOptions, view: NormalizedText): void {
  const key = (opts.unicode ? 1 : 0) | (opts.homoglyphs ? 2 : 0);
  if (lastView !== undefined && lastKey === key && lastText === original) return;
  lastText = original;
  lastKey = key;
  lastView = view;
}

// The last view built without decoded runs (one entry: the next text replaces it).
let lastText: string | undefined;
let lastKey = -1;
let lastView: NormalizedText | undefined;

function buildView(original: string, runs: DecodedRun[], opts: NormalizeOptions): NormalizedText {
  const out = new ViewBuilder(original.length + 16);
  const invisible: Span[] = [];
  const mixedScriptWords: Span[] = [];

  // Look-alike folding is decided per word: a word that mixes ASCII letters with look-alikes ("pаssword"
  // with a Cyrillic а), or consists only of look-alikes inside mostly-Latin text, is folded to ASCII and
  // reported; an ordinary Russian or Greek word is left alone so that language's own patterns still match.
  // Letters are written as they are and the folds of the current word are applied when it ends.
  const latinText = mostlyLatin(original);
  let wordOut = -1;
  let wordStart = 0;
  let wordEnd = 0;
  let wordAscii = false;
  let wordForeign = false;
  const pendingAt: number[] = [];
  const pendingCode: number[] = [];
  const flushWord = (): void => {
    if (wordOut < 0) return;
    if (pendingAt.length > 0 && (wordAscii || (!wordForeign && latinText))) {
      for (let k = 0; k < pendingAt.length; k++) out.codes[pendingAt[k]!] = pendingCode[k]!;
      mixedScriptWords.push({ start: wordStart, end: wordEnd });
    }
    wordOut = -1;
    wordAscii = false;
    wordForeign = false;
    pendingAt.length = 0;
    pendingCode.length = 0;
  };
  const inWord = (start: number, end: number): void => {
    if (wordOut < 0) {
      wordOut = out.length;
      wordStart = start;
    }
    wordEnd = end;
  };

  let runIndex = 0;
  let i = 0;
  const n = original.length;
  while (i < n) {
    const run = runs[runIndex];
    if (run && i === run.start) {
      flushWord();
      // The decoded text replaces the run; spaces keep base64/hex/binary from gluing onto neighbours.
      const pad = run.kind === 'base64' || run.kind === 'hex' || run.kind === 'binary' || run.kind === 'morse' ? ' ' : '';
      out.pushString(`${pad}${run.text.toLowerCase()}${pad}`, run.start, run.end);
      i = run.end;
      runIndex++;
      continue;
    }
    const cp = original.codePointAt(i)!;
    if (cp < 0x80) {
      // ASCII: lower-case and track words, no allocation.
      const lower = cp >= 65 && cp <= 90 ? cp + 32 : cp;
      if ((lower >= 97 && lower <= 122) || (cp >= 48 && cp <= 57)) {
        inWord(i, i + 1);
        if (lower >= 97) wordAscii = true;
      } else flushWord();
      out.push(lower, i, i + 1);
      i += 1;
      continue;
    }
    const width = cp > 0xffff ? 2 : 1;
    const info = charInfo(cp, original.slice(i, i + width), opts.unicode);
    if (opts.unicode && info.invisible) {
      // Removed without ending the word: "ig\u200bnore" must read as "ignore".
      const last = invisible[invisible.length - 1];
      if (last && last.end === i) last.end = i + width;
      else invisible.push({ start: i, end: i + width });
      i += width;
      continue;
    }
    if (info.letter) {
      const folded = opts.homoglyphs ? foldHomoglyph(cp) : undefined;
      inWord(i, i + width);
      if (folded !== undefined && info.plain.length === 1) {
        pendingAt.push(out.length);
        pendingCode.push(folded.charCodeAt(0));
      } else if (info.asciiWord) wordAscii = true;
      else wordForeign = true;
      out.pushString(info.plain, i, i + width);
    } else if (info.plain.length > 0 && !info.mark) {
      flushWord();
      out.pushString(info.plain, i, i + width);
    }
    // A lone combining mark (or a character that normalises to nothing) belongs to the word it decorates.
    i += width;
  }
  flushWord();
  return { ...out.finish(n), decoded: runs, invisible, mixedScriptWords };
}

interface CharInfo {
  /** Lower-cased, NFKD-without-diacritics form (when unicode normalisation is on). */
  plain: string;
  letter: boolean;
  /** The plain form is ASCII letters/digits (fullwidth "Ａ", accented "é"). */
  asciiWord: boolean;
  invisible: boolean;
  mark: boolean;
}

// Per-code-point facts are costly to compute (Unicode normalisation, property regexes) and repeat a lot
// (curly quotes, dashes, accented letters), so they are memoised. The cache is bounded.
const CHAR_CACHE = new Map<number, CharInfo>();
const CHAR_CACHE_LIMIT = 8192;

function charInfo(cp: number, ch: string, unicode: boolean): CharInfo {
  const key = unicode ? cp : -cp - 1;
  const hit = CHAR_CACHE.get(key);
  if (hit) return hit;
  let plain = ch;
  if (unicode) {
    // NFKD then drop diacritics: fullwidth and ligature forms become ASCII, accents fall away ("ïgnörë").
    let kept = '';
    for (const c of ch.normalize('NFKD')) if (!COMBINING_MARK.test(c)) kept += c;
    plain = kept.normalize('NFKC');
  }
  plain = plain.toLowerCase();
  const info: CharInfo = {
    plain,
    letter: LETTER_OR_DIGIT.test(ch),
    asciiWord: ASCII_WORD.test(plain),
    invisible: isInvisible(cp),
    mark: COMBINING_MARK.test(ch),
  };
  if (CHAR_CACHE.size < CHAR_CACHE_LIMIT) CHAR_CACHE.set(key, info);
  return info;
}

/** Growable UTF-16 output with the original span of every unit. */
class ViewBuilder {
  codes: Uint16Array;
  private starts: Int32Array;
  private ends: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.codes = new Uint16Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  private grow(min: number): void {
    const cap = Math.max(min, this.codes.length * 2);
    const codes = new Uint16Array(cap);
    codes.set(this.codes.subarray(0, this.length));
    const starts = new Int32Array(cap);
    starts.set(this.starts.subarray(0, this.length));
    const ends = new Int32Array(cap);
    ends.set(this.ends.subarray(0, this.length));
    this.codes = codes;
    this.starts = starts;
    this.ends = ends;
  }

  push(code: number, start: number, end: number): void {
    if (this.length + 1 >= this.codes.length) this.grow(this.length + 2);
    this.codes[this.length] = code;
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.length++;
  }

  pushString(s: string, start: number, end: number): void {
    for (let k = 0; k < s.length; k++) this.push(s.charCodeAt(k), start, end);
  }

  finish(originalLength: number): { text: string; starts: Int32Array; ends: Int32Array } {
    const parts: string[] = [];
    for (let k = 0; k < this.length; k += 8192) parts.push(String.fromCharCode(...this.codes.subarray(k, Math.min(this.length, k + 8192))));
    const starts = new Int32Array(this.length + 1);
    starts.set(this.starts.subarray(0, this.length));
    starts[this.length] = originalLength;
    const ends = new Int32Array(this.length + 1);
    ends.set(this.ends.subarray(0, this.length));
    ends[this.length] = originalLength;
    return { text: parts.join(''), starts, ends };
  }
}

/**
 * Fast path for plain ASCII with nothing decoded: the view is the lower-cased text and offsets are the
 * identity, so the offset tables are only built if someone reads them (mapSpan computes spans directly).
 */
class AsciiView implements NormalizedText {
  readonly text: string;
  readonly decoded: DecodedRun[] = [];
  readonly invisible: Span[] = [];
  readonly mixedScriptWords: Span[] = [];
  private startTable: Int32Array | undefined;
  private endTable: Int32Array | undefined;

  constructor(original: string) {
    this.text = original.toLowerCase();
  }

  get starts(): Int32Array {
    if (this.startTable === undefined) {
      const n = this.text.length;
      this.startTable = new Int32Array(n + 1);
      for (let k = 0; k <= n; k++) this.startTable[k] = k;
    }
    return this.startTable;
  }

  get ends(): Int32Array {
    if (this.endTable === undefined) {
      const n = this.text.length;
      this.endTable = new Int32Array(n + 1);
      for (let k = 0; k < n; k++) this.endTable[k] = k + 1;
      this.endTable[n] = n;
    }
    return this.endTable;
  }
}

/** True when ASCII letters outnumber other letters in a sample of the text (linear, capped). */
function mostlyLatin(text: string): boolean {
  let ascii = 0;
  let other = 0;
  const n = Math.min(text.length, 4096);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) ascii++;
    else if (c >= 0xc0 && !(c >= 0x2000 && c <= 0x2bff) && !(c >= 0xd800 && c <= 0xdfff)) other++;
  }
  return ascii >= other;
}

/** True when the view is known to be plain ASCII (an ASCII text with nothing decoded). */
export function isAsciiView(view: NormalizedText): boolean {
  return view instanceof AsciiView;
}

/** Maps a half-open span of the matching view back to the original text. */
export function mapSpan(view: NormalizedText, start: number, end: number): Span {
  if (view instanceof AsciiView) {
    // Identity offsets: the same values the tables would hold, without building them.
    const n = view.text.length;
    const s = Math.max(0, Math.min(start, n));
    const last = Math.min(end, n) - 1;
    if (end <= start) return { start: s, end: s };
    if (last >= 0) return { start: s, end: Math.max(s, last + 1) };
  }
  const s = view.starts[Math.max(0, Math.min(start, view.text.length))]!;
  const e = end > start ? view.ends[Math.min(end, view.text.length) - 1]! : s;
  return { start: s, end: Math.max(s, e) };
}
