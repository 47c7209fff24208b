/**
 * Finds encoded runs in a text (base64, hex, binary octets, URL escapes, HTML entities, \u and octal escapes) and
 * decodes those that turn into readable text. Pure, no Buffer/atob: the decoders are small and total.
 * Each run-finding regex is a single repeated character class or fixed-width group, so matching is linear.
 * Where a run may start is found by normalize-run-starts.ts.
 */

import {
  B64_UNIT,
  BASE64_ONLY,
  HEX_NOT_BINARY,
  hexDigitsFrom,
  knownRunEnds,
  markerStartsOf,
  morseGroupResumes,
  mightBeEncoded,
  mightBeEncodedUtf8,
  notedRunStarts,
  possibleRunStarts,
  possibleRunStartsUtf8,
  RUN_UNIT,
  runEndsFrom,
  runEndsTo,
  START_UNIT,
  URL_SEGMENT,
} from './normalize-run-starts.js';
import { foldHomoglyph, isInvisible } from './normalize-tables.js';

export type EncodingKind =
  'base64' | 'hex' | 'binary' | 'url' | 'html' | 'unicode_escape' | 'octal_escape' | 'morse' | 'tags';

export interface DecodedRun {
  kind: EncodingKind;
  /** Original span of the encoded run. */
  start: number;
  end: number;
  /** The decoded text. */
  text: string;
  /** True when the decoded text looks like natural language (words and spaces), not just bytes. */
  readable: boolean;
  /** A URL-escaped run with plain words between its escapes (escaped spaces and punctuation only). */
  plainSegments?: boolean;
  /** A few escapes that spell letters inside a word ("%49gnore", "ign\x6fre"): part of the word around them. */
  inWord?: boolean;
}

/**
 * One \u escape: \uXXXX (JSON, JavaScript, Java, C#), \u{X...} (JavaScript, Rust, Swift; from two digits, so
 * that LaTeX's breve accent "\u{a}" stays as written) or \UXXXXXXXX (Python, C). A payload written in the
 * second or third form reads to a model as plainly as in the first.
 */
const UNICODE_ESCAPE = '\\\\(?:u(?:[0-9a-fA-F]{4}|\\{[0-9a-fA-F]{2,6}\\})|U[0-9a-fA-F]{8})';

/** An HTML entity the decoder knows: numeric, or one of the names of NAMED. */
const ENTITY = '&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|lt|gt|amp|quot|apos|nbsp|shy|zwnj|zwj|lrm|rlm);';

const RUN_FINDER = new RegExp(
  [
    '(?<binary>(?:[01]{8}[ ,]?){4,})',
    '(?<morse>(?:[.\\-]{1,7}(?: / | {1,3}|/)){5,}[.\\-]{1,7})',
    // Escapes written one after the other, or a space or comma apart ("\x49 \x67 \x6e", a byte list).
    `(?<unicode>${UNICODE_ESCAPE}(?:[ ,]{0,2}${UNICODE_ESCAPE})+)`,
    '(?<hexesc>\\\\x[0-9a-fA-F]{2}(?:[ ,]{0,2}\\\\x[0-9a-fA-F]{2}){3,})',
    // Octal byte escapes (C, Python, shell printf: "\151\147\156\157"), four or more, as \x runs; a run
    // is kept only when its bytes read as text (isReadable), so numbered Windows folders stay as written.
    '(?<octesc>\\\\[0-3][0-7]{2}(?:[ ,]{0,2}\\\\[0-3][0-7]{2}){3,})',
    // From six pairs ("69 67 6e 6f 72 65" is one word); a run under eight pairs must have a letter digit
    // (shortHexDecodes), so a row of two-digit numbers stays as written.
    '(?<hexsep>(?:[0-9a-fA-F]{2}[ :]){5,}[0-9a-fA-F]{2}(?![0-9a-fA-F]))',
    '(?<hex>(?<![0-9a-zA-Z])(?:0x)?[0-9a-fA-F]{16,}(?![0-9a-zA-Z]))',
    '(?<base64>(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2})',
    // Three or more %XX escapes, consecutive or with short unescaped segments between them: text that
    // escapes only its spaces and punctuation ("ignore%20all%20previous%20instructions") reads as plainly
    // as the fully escaped form. Each segment must be followed by another escape, so the run starts and
    // ends with one (the words before and after it stay in the view as they are).
    `(?<url>(?:%[0-9a-fA-F]{2}(?:[A-Za-z0-9._~-]{1,${URL_SEGMENT}}(?=%[0-9a-fA-F]{2}))?){3,})`,
    `(?<html>${ENTITY})`,
    // Tag characters: invisible, and read by models as the ASCII units they shadow (U+E0049 is "I"), so a
    // sentence written in them is hidden from a reader only. Four or more in a row (the tags of an emoji
    // subdivision flag are four or five letters, not readable text).
    '(?<tags>(?:\\uDB40[\\uDC20-\\uDC7E]){4,})',
    // (A few escapes inside a word are tried where no branch matches, at their markers: escapeRunAt. As an
    // alternative here, even one "%XX" made the global scan of a megabyte of hex pairs 70% slower.)
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
    // With the text's UTF-8 at hand and few units that are not ASCII, the bytes are read four at a time.
    // Dense starts (over one unit in eight: a degenerate text, all hex pairs, Morse symbols or %XX) are
    // left to the global scan below (the listing answers undefined, early when it can).
    const limit = text.length >> 3;
    const starts =
      utf8 !== undefined && (utf8Length - text.length) * 16 <= text.length && utf8.byteOffset % 4 === 0
        ? possibleRunStartsUtf8(text, utf8, utf8Length, limit)
        : possibleRunStarts(text, limit);
    if (starts !== undefined) return decodeAtStarts(text, starts, runs);
  }
  return decodeAllRuns(text, runs);
}

/**
 * The positions decodeEncodedRuns tries the run finder at on a long text, read from the string or (given
 * the text's UTF-8 in bytes[0, n)) from the bytes; undefined when they are dense. For tests and tools.
 */
export function possibleRunStartsOf(text: string, bytes?: Uint8Array, n = text.length): Int32Array | undefined {
  return bytes === undefined
    ? possibleRunStarts(text, text.length >> 3)
    : possibleRunStartsUtf8(text, bytes, n, text.length >> 3);
}

/**
 * decodeEncodedRuns at the possible starts of a run (see possibleRunStarts): the runs of the global scan.
 * At the start of a base64-alphabet run 16 or more long, RUN_FINDER's earlier branches can match only
 * when the first unit is 0/1 (binary), "-" (Morse) or a hex digit followed by 15 more (hex; separated
 * hex needs a space or colon as the third unit, and url, html and the escapes begin with % & or a
 * backslash): otherwise the match is the base64 branch's, the whole run and up to two "=", decoded here
 * without the alternation. A run shorter than 16 that begins with g-z, G-Z, + / or _ matches nothing.
 * Every other start is tried with the sticky copy.
 */
function decodeAtStarts(text: string, starts: Int32Array, runs: DecodedRun[]): DecodedRun[] {
  const n = text.length;
  let from = 0;
  // The escape markers among the starts (all of them are: see the listings), and the next one.
  const markers = markerStartsOf(text) ?? NO_MARKERS;
  let marker = 0;
  // The base64-alphabet runs the listing walked (see runEnds), read along with the starts.
  const known = knownRunEnds(text);
  let next = 0;
  for (let k = 0; k < starts.length; k++) {
    let at = starts[k]!;
    if (at < from) {
      if (!morseGroupResumes(text, at, from)) continue;
      at = from;
    }
    const unit = START_UNIT[text.charCodeAt(at)]!;
    if (
      (unit & (BASE64_ONLY | HEX_NOT_BINARY)) !== 0 &&
      (at === 0 || (RUN_UNIT[text.charCodeAt(at - 1)]! & B64_UNIT) === 0)
    ) {
      while (next < known && runEndsFrom[next]! < at) next++;
      let e = at + 1;
      if (next < known && runEndsFrom[next] === at) e = runEndsTo[next]!;
      else while (e < n && (RUN_UNIT[text.charCodeAt(e)]! & B64_UNIT) !== 0) e++;
      if (e - at >= 16 && ((unit & BASE64_ONLY) !== 0 || hexDigitsFrom(text, at) < 16)) {
        let end = e;
        if (text.charCodeAt(end) === 61) end++;
        if (text.charCodeAt(end) === 61) end++;
        from = end;
        decodeBase64Run(text, at, e, end, runs);
        continue;
      }
      if ((unit & BASE64_ONLY) !== 0) continue;
    }
    // An escape marker's attempt may have been made for this text before (see markerAttempts).
    while (marker < markers.length && markers[marker]! < at) marker++;
    const end =
      marker < markers.length && markers[marker] === at
        ? attemptAtMarker(text, marker, runs)
        : attemptAt(text, at, runs);
    if (end === OVERFLOW) {
      // A run of millions of units overflowed the backtrack stack: the rest of the text in windows.
      decodeWindows(text, at, runs);
      return runs;
    }
    if (end >= 0) from = end;
  }
  return runs;
}

/** attemptAt's answer when the run finder overflowed its backtrack stack (a run of millions of units). */
const OVERFLOW = -2;

/**
 * Tries the run finder (and the escapes inside a word, at a "%" or backslash) at `at`: decodes what matches
 * into `runs` and returns where the scan goes on, -1 when nothing matched, OVERFLOW when the finder ran out
 * of backtrack stack (nothing is decoded then).
 */
function attemptAt(text: string, at: number, runs: DecodedRun[]): number {
  RUN_FINDER_AT.lastIndex = at;
  let m: RegExpExecArray | null;
  try {
    m = RUN_FINDER_AT.exec(text);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return OVERFLOW;
  }
  if (m !== null) return decodeRun(m, text, runs);
  const c = text.charCodeAt(at);
  return c === 37 || c === 92 ? escapeRunAt(text, at, runs) : -1;
}

/**
 * What attemptAt gave at each escape marker of one text (markerStartsOf's list, `of`): where the scan goes on
 * (-1: nothing matched, OVERFLOW; UNTRIED before the first attempt) and the runs it decoded. An attempt
 * depends on the text and the position alone (not on the starts tried before it), and one text's markers
 * are tried again and again: by markerRunMayDecode, by the listing's decodeAtStarts, and by each
 * decodeEncodedRunsIn a scanner asks about one run (up to 32 per walk, see injection-run-notes.ts), which
 * tried every marker of the text each time (a megabyte of entities that decode to nothing among base64
 * runs that begin printable took 2.5 to 6 times as long as without those runs).
 */
const markerAttempts: {
  of: Int32Array;
  ends: Int32Array;
  runs: Array<DecodedRun[] | undefined>;
  /** Attempts made so far, and the markers whose attempt matched something or is not made yet as of `liveAt` of them. */
  tried: number;
  live: Int32Array | undefined;
  liveAt: number;
} = { of: new Int32Array(0), ends: new Int32Array(0), runs: [], tried: 0, live: undefined, liveAt: 0 };
const UNTRIED = -3;

/** attemptAt at the marker-th escape marker of `text` (markerStartsOf(text)), made once per text (markerAttempts). */
function attemptAtMarker(text: string, marker: number, runs: DecodedRun[]): number {
  const markers = markerStartsOf(text)!;
  const kept = markerAttempts;
  if (kept.of !== markers) {
    kept.of = markers;
    kept.ends = new Int32Array(markers.length).fill(UNTRIED);
    kept.runs = [];
    kept.tried = 0;
    kept.live = undefined;
  }
  const known = kept.ends[marker]!;
  if (known !== UNTRIED) {
    // Copies: the runs end up in views, which are not to share them.
    const found = kept.runs[marker];
    if (found !== undefined) for (const run of found) runs.push({ ...run });
    return known;
  }
  const before = runs.length;
  const end = attemptAt(text, markers[marker]!, runs);
  kept.ends[marker] = end;
  kept.tried++;
  if (runs.length > before) kept.runs[marker] = runs.slice(before).map((run) => ({ ...run }));
  return end;
}

/** The global scan: every match of RUN_FINDER in `text`, decoded into `runs`. */
function decodeAllRuns(text: string, runs: DecodedRun[]): DecodedRun[] {
  RUN_FINDER.lastIndex = 0;
  // The escapes inside words are tried at the markers before each match, where no branch matched: the
  // order of a scan with them as its last branch (see escapeRunAt). A match the escapes do not reach is
  // kept (scanning again from each escape would read the rest of the text again and again).
  const next = Int32Array.of(text.indexOf('%'), text.indexOf('\\'));
  let marker = nextEscapeMarker(text, 0, next);
  try {
    let m = RUN_FINDER.exec(text);
    for (;;) {
      const at = m === null ? text.length : m.index;
      let resumeAt = -1;
      for (; marker >= 0 && marker < at; marker = nextEscapeMarker(text, marker + 1, next)) {
        resumeAt = escapeRunAt(text, marker, runs);
        if (resumeAt >= 0) break;
      }
      if (resumeAt >= 0) {
        marker = nextEscapeMarker(text, resumeAt, next);
        if (m !== null && m.index < resumeAt) {
          // The match began inside the escapes (their layers read on into it): the scan goes on after them.
          RUN_FINDER.lastIndex = resumeAt;
          m = RUN_FINDER.exec(text);
        }
        continue;
      }
      if (m === null) break;
      RUN_FINDER.lastIndex = decodeRun(m, text, runs);
      marker = nextEscapeMarker(text, RUN_FINDER.lastIndex, next);
      m = RUN_FINDER.exec(text);
    }
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    // A run of millions of units overflowed the backtrack stack: the rest of the text in windows.
    const from = RUN_FINDER.lastIndex;
    while (runs.length > 0 && runs[runs.length - 1]!.end > from) runs.pop();
    decodeWindows(text, from, runs);
  }
  return runs;
}

/**
 * Decodes every run of text[from, end of text) in windows of HUGE_RUN_WINDOW units, each matched on its
 * own: for texts with a run of millions of units, on which RUN_FINDER ran out of backtrack stack (V8
 * throws a RangeError; a payload must not turn that into a step error, which the fail mode could turn
 * into an allow). A run that crosses a window edge is decoded as two runs: the same text for hex, base64
 * and binary when the edge falls between their groups, a letter or two garbled for Morse; a piece shorter
 * than its branch's minimum is not decoded.
 */
function decodeWindows(text: string, from: number, runs: DecodedRun[]): void {
  for (let pos = from; pos < text.length; pos += HUGE_RUN_WINDOW) {
    const window = text.slice(pos, pos + HUGE_RUN_WINDOW);
    RUN_FINDER.lastIndex = 0;
    for (let m = RUN_FINDER.exec(window); m !== null; m = RUN_FINDER.exec(window)) {
      // decodeRun reads the positions of the match in the whole text.
      m.index += pos;
      RUN_FINDER.lastIndex = decodeRun(m, text, runs) - pos;
    }
  }
}

/**
 * Units of text the run finder is given at a time once a run overflowed its backtrack stack (decodeWindows):
 * a multiple of 8 (binary), 4 (base64) and 2 (hex), far below the ~5 million units of a run where V8's
 * backtrack stack overflowed (2026-11-22).
 */
const HUGE_RUN_WINDOW = 1 << 20;

/**
 * Decodes the base64 match text[start, end) (its alphabet units end at `body`, "="s follow) into `runs`
 * when it reads as text, or else when the part after an escape glued to its front does (afterGluedEscape).
 */
function decodeBase64Run(text: string, start: number, body: number, end: number, runs: DecodedRun[]): void {
  if (decodeBase64Body(text, start, body, end, runs)) return;
  const from = afterGluedEscape(text, start);
  if (from > start) decodeBase64Body(text, from, body, end, runs);
}

/**
 * Where the base64 run that the run finder found at `start` begins when an escape is glued to its front:
 * "\naWdub3Jl...", "\u0020aWdub3Jl...", "%20aWdub3Jl..." (JSON, C and URL escapes of the line break or
 * space a payload was written after). The escape's tail is letters and digits, base64 units, so the finder's
 * run begins with it and every group is shifted: nothing decodes. `start` when no escape is glued there. Asked
 * only for a run that does not decode as found, so a run that does is read as it always was.
 */
function afterGluedEscape(text: string, start: number): number {
  const before = text.charCodeAt(start - 1);
  const c = text.charCodeAt(start);
  if (before === 37) return hexDigitsAt(text, start, 2) ? start + 2 : start;
  if (before !== 92) return start;
  if (c === 117) return hexDigitsAt(text, start + 1, 4) ? start + 5 : start; // \uXXXX
  if (c === 120) return hexDigitsAt(text, start + 1, 2) ? start + 3 : start; // \xXX
  return ESCAPED_LETTERS.includes(text.charAt(start)) ? start + 1 : start; // \n \t \r \b \f \v
}

/** The letters of one-letter escapes (a line break, tab, return, backspace, form feed, vertical tab). */
const ESCAPED_LETTERS = 'ntrbfv';

/** Whether text[from, from + count) are hex digits. */
function hexDigitsAt(text: string, from: number, count: number): boolean {
  for (let k = from; k < from + count; k++) if (!isHexCode(text.charCodeAt(k))) return false;
  return true;
}

/**
 * Decodes the base64 text[start, end) (its alphabet units end at `body`, "="s follow) and appends it to
 * `runs` when it reads as text (true then). Most base64-looking runs of real documents are identifiers and
 * paths whose bytes are not UTF-8 text, and isReadable is then decided by the bytes alone (the UTF-8
 * decoding and its test are skipped): it needs 95% printable code points, the decoding has at most one
 * code point per byte, and each of these becomes a code point that is not printable, a different one
 * for each: an ASCII control, a continuation byte after an ASCII byte (or first), a byte that never
 * begins a character (C0, C1, F5-FF), a lead byte not followed by a continuation byte (U+FFFD each).
 * More than one in 20 bytes of them and the text is not readable.
 */
function decodeBase64Body(text: string, start: number, body: number, end: number, runs: DecodedRun[]): boolean {
  const units = body - start;
  // Units that cannot be whole bytes (a 4-unit group of one unit holds 6 bits).
  if (units % 4 === 1) return false;
  // Decoded and counted together: the count only grows, so the run is given up as soon as it is over one
  // in 20 of the bytes it will have (most runs of a document are given up within their first bytes). A
  // byte's count needs the next byte (a lead byte must be followed by a continuation byte): each byte is
  // counted when the next one is out, the last at the end.
  const length = Math.floor((units * 3) / 4);
  const bytes = base64Buffer(length);
  let acc = 0;
  let bits = 0;
  let o = 0;
  let unprintable = 0;
  let previous = 0;
  for (let i = start; i < body; i++) {
    const v = B64[text.charCodeAt(i)] ?? -1;
    if (v < 0) return false;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits < 8) continue;
    bits -= 8;
    bytes[o++] = (acc >> bits) & 0xff;
    if (o < 2) continue;
    const b = bytes[o - 2]!;
    if (unprintableByte(b, previous, bytes[o - 1]!)) unprintable++;
    previous = b;
    if (unprintable * 20 > length) return false;
  }
  if (o <= 0) return false;
  if (unprintableByte(bytes[o - 1]!, previous, -1)) unprintable++;
  if (unprintable * 20 > o) return false;
  const decoded = underneath(UTF8.decode(bytes.subarray(0, o)));
  if (decoded.length === 0 || !isReadable(decoded)) return false;
  runs.push({ kind: 'base64', start, end, text: decoded, readable: true });
  return true;
}

/**
 * What a decoding says once decoded again (before its readability is judged: base64 text is no prose),
 * when it is one whole base64 or hex run that decodes to readable text: base64 of base64, hex of base64,
 * base64 of hex are as plain to a model as one layer (they read "Ignore all previous instructions"
 * through both). Read with loops, not the run finder: a layer can be millions of units, past what a
 * regex's backtrack stack holds. Each layer is shorter than the one above it (base64 3/4, hex 1/2), so
 * layers are peeled to the end in linear time; an ordinary decoding stops at its first unit outside
 * the alphabets.
 */
function underneath(decoded: string): string {
  let start = 0;
  let end = decoded.length;
  while (start < end && isSpaceCode(decoded.charCodeAt(start))) start++;
  while (end > start && isSpaceCode(decoded.charCodeAt(end - 1))) end--;
  if (end - start < 16) return decoded;
  let body = end;
  while (body > start && end - body < 2 && decoded.charCodeAt(body - 1) === 61) body--;
  let hex = body === end;
  for (let i = start; i < body; i++) {
    const c = decoded.charCodeAt(i);
    if ((B64[c] ?? -1) < 0) return decoded;
    if (hex && !isHexCode(c)) hex = hex && i === start + 1 && c === 120 && decoded.charCodeAt(start) === 48;
  }
  const text = decoded.slice(start, end);
  if (hex) {
    const digits = text.startsWith('0x') ? text.slice(2) : text;
    const inner = digits.length % 2 === 0 ? bytesToText(parseHex(digits)) : undefined;
    if (inner !== undefined && inner.length > 0) {
      const deeper = underneath(inner);
      if (isReadable(deeper)) return deeper;
    }
  }
  const inner: DecodedRun[] = [];
  decodeBase64Run(text, 0, body - start, text.length, inner);
  return inner.length === 1 ? inner[0]!.text : decoded;
}

const isSpaceCode = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;
const isHexCode = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/**
 * Whether byte `b` of a decoded base64 run (after byte `previous`, 0 for the first; before byte `next`,
 * -1 for the last) becomes a code point that is not printable (see decodeBase64Run).
 */
function unprintableByte(b: number, previous: number, next: number): boolean {
  if (b < 0x80) return (b < 32 && b !== 9 && b !== 10 && b !== 13) || b === 0x7f;
  if (b < 0xc0) return previous < 0x80;
  if (b < 0xc2 || b > 0xf4) return true;
  return next < 0 || (next & 0xc0) !== 0x80;
}

/**
 * Decodes the run `m` of RUN_FINDER and appends it to `runs` when its decoding is meaningful; returns where
 * the finder goes on: the run's end (past the match when a layer of escapes reads on into the text after
 * it: "&amp;" then "#73;").
 */
function decodeRun(m: RegExpExecArray, text: string, runs: DecodedRun[]): number {
  const g = m.groups!;
  const start = m.index;
  let end = start + m[0].length;
  let decoded: string | undefined;
  let kind: EncodingKind;
  if (g.morse !== undefined) {
    kind = 'morse';
    decoded = decodeMorse(g.morse);
  } else if (g.binary !== undefined) {
    kind = 'binary';
    decoded = bytesToText(parseBinary(g.binary));
  } else if (g.tags !== undefined) {
    kind = 'tags';
    decoded = '';
    for (let k = 1; k < g.tags.length; k += 2) decoded += String.fromCharCode(g.tags.charCodeAt(k) - 0xdc00);
  } else if (g.unicode !== undefined) {
    kind = 'unicode_escape';
    const escapes = g.unicode.replace(/[ ,]/g, '');
    decoded = unescaped(escapes);
    // Escapes past U+10FFFF stay as written: a run of only those decodes nothing.
    if (decoded === escapes) return end;
  } else if (g.hexesc !== undefined) {
    kind = 'hex';
    decoded = bytesToText(parseHex(g.hexesc.replace(/\\x|[ ,]/g, '')));
  } else if (g.octesc !== undefined) {
    kind = 'octal_escape';
    decoded = bytesToText(parseOctal(g.octesc));
  } else if (g.hexsep !== undefined || g.hex !== undefined) {
    kind = 'hex';
    if (g.hexsep !== undefined && g.hexsep.length < LONG_HEX_SEP && !/[a-fA-F]/.test(g.hexsep)) return end;
    decoded = bytesToText(parseHex((g.hexsep ?? g.hex!).replace(/^0x|[ :]/g, '')));
    if (decoded !== undefined) decoded = underneath(decoded);
  } else if (g.base64 !== undefined) {
    // Long words and identifiers also match the alphabet; decoding and the readability test sort them out.
    let body = end;
    while (body > start && text.charCodeAt(body - 1) === 61) body--;
    decodeBase64Run(text, start, body, end, runs);
    return end;
  } else if (g.url !== undefined) {
    kind = 'url';
    decoded = bytesToText(percentDecode(g.url));
    // Escaped spaces between plain words is how URLs and form data carry ordinary text: decoded for the
    // view, but not an attempt to hide anything by itself (no evasion finding, see injection.ts). Escapes
    // of escapes are decoded in turn ("%2569%2567..." reads "ignore", "%26%2373%3B" "I"); a double-escaped
    // link ("%253D%26srv") is as ordinary as a single one, so the segments decide as for one layer.
    if (/[A-Za-z0-9._~-]/.test(g.url.replace(/%[0-9a-fA-F]{2}/g, ''))) {
      if (decoded === undefined || decoded.length === 0) return end;
      if (MARKER.test(decoded)) ({ text: decoded, end } = escapeLayers(decoded, text, end));
      runs.push({ kind, start, end, text: decoded, readable: true, plainSegments: true });
      return end;
    }
  } else {
    kind = 'html';
    decoded = decodeEntity(g.html!);
  }
  if (decoded === undefined || decoded.length === 0) return end;
  // Escapes spelt by escapes: "&amp;#73;", "&#37;49", "\x25\x34\x39...".
  if (MARKER.test(decoded)) ({ text: decoded, end } = escapeLayers(decoded, text, end));
  const readable = kind === 'html' || kind === 'url' || kind === 'unicode_escape' ? true : isReadable(decoded);
  if (!readable) return end;
  runs.push({ kind, start, end, text: decoded, readable });
  return end;
}

/**
 * Units of a separated-hex run of eight pairs: a shorter one (six or seven pairs) is decoded only when one
 * of its digits is a letter. Rows of six two-digit numbers (ages, scores, a table's cells) are ordinary,
 * and their bytes are letters when every number lies between 65 and 79; hex of a word has a letter digit
 * ("69 67 6e": n is 6e) but for rare words.
 */
const LONG_HEX_SEP = 23;

/** A few escapes one after the other (%XX, \xXX, \uXXXX), at one position. */
const ESCAPE_RUN_AT = new RegExp(`(?:%[0-9a-fA-F]{2}|\\\\x[0-9a-fA-F]{2}|${UNICODE_ESCAPE})+`, 'y');

/**
 * At a "%" or backslash where no branch of RUN_FINDER matches: the escapes there when they spell letters
 * inside a word (spellsInWord: "%49gnore", "ign\x6fre", "\u0049gnore", "ig\u200bnore", "%2549gnore"),
 * appended to `runs`; returns the run's end, or -1 (then they cover nothing, and the finder goes on at the
 * next unit).
 */
function escapeRunAt(text: string, at: number, runs: DecodedRun[]): number {
  ESCAPE_RUN_AT.lastIndex = at;
  const m = ESCAPE_RUN_AT.exec(text);
  if (m === null) return -1;
  const escapes = m[0];
  const end = at + escapes.length;
  const once = asciiEscapes(escapes) ?? unescaped(escapes);
  const layers = MARKER.test(once) ? escapeLayers(once, text, end) : { text: once, end };
  if (!spellsInWord(text, at, layers.end, layers.text)) return -1;
  const kind = escapes.charCodeAt(0) === 37 ? 'url' : escapes.charCodeAt(1) === 120 ? 'hex' : 'unicode_escape';
  runs.push({ kind, start: at, end: layers.end, text: layers.text, readable: true, inWord: true });
  return layers.end;
}

/** The next "%" or backslash of `text` at or after `from` (-1 when none), from the last ones found (`next`). */
function nextEscapeMarker(text: string, from: number, next: Int32Array): number {
  if (next[0]! >= 0 && next[0]! < from) next[0] = text.indexOf('%', from);
  if (next[1]! >= 0 && next[1]! < from) next[1] = text.indexOf('\\', from);
  const a = next[0]!;
  const b = next[1]!;
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}

/** A unit that begins an escape (%, & or a backslash). */
const MARKER = /[%&\\]/;

/** Every escape of `s` that the run finder's escape branches read (%XX runs as UTF-8, \xXX runs, \u escapes, entities), decoded. */
const ESCAPES = new RegExp(`(?:%[0-9a-fA-F]{2})+|(?:\\\\x[0-9a-fA-F]{2})+|${UNICODE_ESCAPE}|${ENTITY}`, 'g');

function unescaped(s: string): string {
  return s.replace(ESCAPES, (e) => {
    const c = e.charCodeAt(0);
    const text =
      c === 37
        ? bytesToText(percentDecode(e))
        : c === 38
          ? decodeEntity(e)
          : e.charCodeAt(1) === 120
            ? bytesToText(parseHex(e.replace(/\\x/g, '')))
            : codePointOf(e);
    // A byte sequence that is no UTF-8 stays as it was written.
    return text === undefined || text.includes('\ufffd') ? e : text;
  });
}

/** The character of a \u escape (UNICODE_ESCAPE); undefined past U+10FFFF. */
function codePointOf(e: string): string | undefined {
  const cp = parseInt(e.charCodeAt(2) === 123 ? e.slice(3, -1) : e.slice(2), 16);
  return cp <= 0x10ffff ? String.fromCodePoint(cp) : undefined;
}

/** Layers of escapes peeled at most (each is shorter than the one above it, or reads on into the text). */
const MAX_LAYERS = 4;

/**
 * A decoding of the run that ends at `end` with the escapes inside it decoded in turn (escapes of escapes:
 * "%2569" gives "%69", then "i"), and an escape it begins that the text after the run completes ("%25"
 * then "49gnore": "%49", then "I"; "&amp;" then "#73;"), layer after layer; and the run's end past what the
 * layers read of the text.
 */
function escapeLayers(decoded: string, text: string, end: number): { text: string; end: number } {
  let s = decoded;
  for (let layer = 0; layer < MAX_LAYERS && MARKER.test(s); layer++) {
    const inner = unescaped(s);
    if (inner !== s) {
      s = inner;
      continue;
    }
    const at = Math.max(s.lastIndexOf('%'), s.lastIndexOf('&'), s.lastIndexOf('\\'));
    if (s.length - at > ESCAPE_HEAD) break;
    const head = s.slice(at);
    const joined = head + text.slice(end, end + ESCAPE_TAIL);
    ESCAPE_AT.lastIndex = 0;
    const e = ESCAPE_AT.exec(joined);
    if (e === null || e[0].length <= head.length) break;
    const read = unescaped(e[0]);
    if (read === e[0]) break;
    s = s.slice(0, at) + read;
    end += e[0].length - head.length;
  }
  return { text: s, end };
}

/** The longest start of an escape a decoding may end with ("&#x1f6", "\U0000004"), and the longest escape. */
const ESCAPE_HEAD = 9;
const ESCAPE_TAIL = 12;

/** One escape at the start of a string (sticky). */
const ESCAPE_AT = new RegExp(`%[0-9a-fA-F]{2}|\\\\x[0-9a-fA-F]{2}|${UNICODE_ESCAPE}|${ENTITY}`, 'y');

/**
 * Whether `decoded`, the decoding of a few escapes at text[start, end), spells part of a word: ASCII letters
 * or letters that look like them ("%49gnore", "ign\x6fre", "\u0456gnore") glued to an ASCII letter on
 * either side, or characters that are not seen between letters on both sides ("ig\u200bnore"). An escape
 * of a space, a sign or an accented letter ("100%25", "caf%C3%A9", "m\u00fcller") is left as written, and
 * so is a lone escape between spaces ("the byte \x41").
 */
function spellsInWord(text: string, start: number, end: number, decoded: string): boolean {
  if (decoded.length === 0) return false;
  // The brackets and bar of a chat-template token next to the rest of one ("\u003c|im_start|\u003e").
  if (TEMPLATE_UNITS.test(decoded))
    return TEMPLATE_UNIT.test(text.charAt(start - 1)) || TEMPLATE_UNIT.test(text.charAt(end));
  let invisible = false;
  for (const ch of decoded) {
    const cp = ch.codePointAt(0)!;
    if (isAsciiLetter(cp)) continue;
    if (isInvisible(cp)) invisible = true;
    else if (foldHomoglyph(cp) === undefined) return false;
  }
  const before = isAsciiLetter(text.charCodeAt(start - 1));
  const after = isAsciiLetter(text.charCodeAt(end));
  return invisible ? before && after : before || after;
}

const isAsciiLetter = (c: number): boolean => (c | 32) >= 97 && (c | 32) <= 122;

/** Units of a chat-template token's brackets ("<|", "|>"), alone and as a whole decoding. */
const TEMPLATE_UNIT = /^[<>|]$/;
const TEMPLATE_UNITS = /^[<>|]+$/;

const NO_MARKERS = new Int32Array(0);

/**
 * The escape markers of `text` (markerStartsOf) but those whose attempt is known to match nothing: such a
 * start decodes nothing and moves the scan on by nothing, so the starts without it give the same runs.
 * Filtered again only after new attempts.
 */
function liveMarkers(text: string): Int32Array | undefined {
  const markers = markerStartsOf(text);
  const kept = markerAttempts;
  if (markers === undefined || kept.of !== markers) return markers;
  if (kept.live === undefined || kept.liveAt !== kept.tried) {
    const live: number[] = [];
    for (let k = 0; k < markers.length; k++) if (kept.ends[k] !== -1) live.push(markers[k]!);
    kept.live = live.length === markers.length ? markers : Int32Array.from(live);
    kept.liveAt = kept.tried;
  }
  return kept.live;
}

/** From this length on, RUN_FINDER is tried at the possible starts only (see possibleRunStarts). */
const WINDOWED_TEXT = 4096;

/** RUN_FINDER with the sticky flag: tried at one position. */
const RUN_FINDER_AT = new RegExp(RUN_FINDER.source, 'y');

/**
 * decodeEncodedRuns(text) (the same runs) for a text a scanner has read: `spans` holds `count` triples
 * (class, from, to), the class one of RUN_CLASS.base64, binaryDigit (for the runs of 0/1 digits and
 * separators), hexSeparated and morse. Every run of the class's units in the text that is long enough to
 * hold a match of its branches (base64 16 units, binary 32 digits, separated hex 17 units, Morse 11) must
 * lie inside a span of its class, and spans of one class must be in ascending order and not overlap.
 * Only the spans (and the escape markers, found with indexOf) are read: the runs listed there are the
 * runs possibleRunStarts lists, but for those that hold no match, and trying the run finder at their
 * starts gives the global scan's matches (see possibleRunStarts), whatever the text's length.
 */
export function decodeEncodedRunsIn(text: string, spans: Int32Array, count: number): DecodedRun[] {
  const runs: DecodedRun[] = [];
  const starts = notedRunStarts(text, spans, count, liveMarkers(text));
  // Dense starts (a degenerate text): the global scan, as decodeEncodedRuns leaves them to it.
  return starts !== undefined ? decodeAtStarts(text, starts, runs) : decodeAllRuns(text, runs);
}

/**
 * False when no run at an escape marker ("%", "&", backslash) decodes, i.e. decodeEncodedRuns(text) has
 * none there; true when one does, or when the markers are too many to try cheaply (over one unit in
 * eight). The marker runs do not depend on the rest of the text: the other branches match none of these
 * units, so no other match covers a marker, and the marker runs of the whole scan are those of the
 * markers alone, tried in order.
 */
export function markerRunMayDecode(text: string): boolean {
  const markers = markerStartsOf(text);
  if (markers === undefined) return true;
  const runs: DecodedRun[] = [];
  let from = 0;
  for (let k = 0; k < markers.length; k++) {
    if (markers[k]! < from) continue;
    const end = attemptAtMarker(text, k, runs);
    // A run of millions of units overflowed the run finder's backtrack stack: the whole scan decides (it
    // reads such a run in windows); thrown from here, the RangeError made the injection step an error.
    if (runs.length > 0 || end === OVERFLOW) return true;
    if (end >= 0) from = end;
  }
  return false;
}

const MORSE: Readonly<Record<string, string>> = {
  '.-': 'a',
  '-...': 'b',
  '-.-.': 'c',
  '-..': 'd',
  '.': 'e',
  '..-.': 'f',
  '--.': 'g',
  '....': 'h',
  '..': 'i',
  '.---': 'j',
  '-.-': 'k',
  '.-..': 'l',
  '--': 'm',
  '-.': 'n',
  '---': 'o',
  '.--.': 'p',
  '--.-': 'q',
  '.-.': 'r',
  '...': 's',
  '-': 't',
  '..-': 'u',
  '...-': 'v',
  '.--': 'w',
  '-..-': 'x',
  '-.--': 'y',
  '--..': 'z',
  '-----': '0',
  '.----': '1',
  '..---': '2',
  '...--': '3',
  '....-': '4',
  '.....': '5',
  '-....': '6',
  '--...': '7',
  '---..': '8',
  '----.': '9',
  '..--..': '?',
  '.-.-.-': '.',
  '--..--': ',',
  '.----.': "'",
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

/** The bytes of a URL-escaped run: each %XX its byte, every other (ASCII) unit itself. */
function percentDecode(run: string): Uint8Array {
  const out = new Uint8Array(run.length);
  let n = 0;
  for (let i = 0; i < run.length; i++) {
    if (run.charCodeAt(i) === 37) {
      out[n++] = hexByte(run, i + 1);
      i += 2;
    } else out[n++] = run.charCodeAt(i);
  }
  return out.subarray(0, n);
}

/** The value of the hex digit c (-1 for another unit). */
export function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** The byte of the two hex digits at s[at] (valid digits: the run finder matched them). */
function hexByte(s: string, at: number): number {
  return (hexDigit(s.charCodeAt(at)) << 4) | hexDigit(s.charCodeAt(at + 1));
}

/**
 * The escape branch's escapes (%XX, \xXX, \uXXXX one after the other) decoded when each stands for one
 * ASCII unit, without allocating bytes (a text can hold hundreds of thousands of them); undefined when one
 * does not (a UTF-8 sequence: unescaped decodes it).
 */
function asciiEscapes(run: string): string | undefined {
  let out = '';
  for (let i = 0; i < run.length;) {
    let code: number;
    if (run.charCodeAt(i) === 37) {
      code = hexByte(run, i + 1);
      i += 3;
    } else if (run.charCodeAt(i + 1) === 120) {
      code = hexByte(run, i + 2);
      i += 4;
    } else {
      // \u{X...} and \UXXXXXXXX are rare: unescaped reads them.
      if (run.charCodeAt(i + 1) !== 117 || run.charCodeAt(i + 2) === 123) return undefined;
      code = (hexByte(run, i + 2) << 8) | hexByte(run, i + 4);
      i += 6;
    }
    if (code >= 0x80) return undefined;
    out += String.fromCharCode(code);
  }
  return out;
}

function parseBinary(s: string): Uint8Array {
  const bits = s.replace(/[^01]/g, '');
  const out = new Uint8Array(Math.floor(bits.length / 8));
  for (let i = 0; i < out.length; i++) out[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
  return out;
}

/** The bytes of a run of octal escapes ("\151 \147"): each backslash and its three digits. */
function parseOctal(s: string): Uint8Array {
  const digits = s.replace(/[^0-7]/g, '');
  const out = new Uint8Array(digits.length / 3);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.slice(i * 3, i * 3 + 3), 8);
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

/**
 * Where decodeBase64Run writes: reused (most runs are rejected without their bytes leaving this module) up to
 * RETAINED_BASE64 bytes; a longer run's bytes get an array of their own, let go with the next run.
 */
let base64Bytes = new Uint8Array(256);

const RETAINED_BASE64 = 1 << 16;

let retainedBase64 = base64Bytes;

/** A buffer of at least `size` bytes for a decoded base64 run (base64Bytes, grown up to RETAINED_BASE64). */
function base64Buffer(size: number): Uint8Array {
  if (retainedBase64.length < size && size <= RETAINED_BASE64)
    retainedBase64 = new Uint8Array(Math.min(RETAINED_BASE64, Math.max(size, retainedBase64.length * 2)));
  base64Bytes = retainedBase64.length >= size ? retainedBase64 : new Uint8Array(size);
  return base64Bytes;
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
    const cp = c.codePointAt(0)!;
    // Zero-width characters between the letters do not make a sentence unreadable (the view drops them).
    if (cp >= 0xad && isInvisible(cp)) continue;
    n++;
    if (cp === 0xfffd || (cp < 32 && cp !== 9 && cp !== 10 && cp !== 13) || (cp >= 0x7f && cp < 0xa0)) continue;
    printable++;
    // The ASCII letters are exactly the ASCII code points of \p{L}; the regex (hoisted: the bundle builds
    // it with new RegExp) only for the rest. Decoded base64-looking identifiers of real documents come here.
    if (cp < 0x80 ? (cp | 32) >= 97 && (cp | 32) <= 122 : UNICODE_LETTER.test(c)) letters++;
    else if (c === ' ' || c === '\n') spaces++;
  }
  return printable / n >= 0.95 && letters / n >= 0.5 && (spaces > 0 || n <= 24);
}

// The invisible ones too: "ig&shy;nore" and "ig&zwnj;nore" hide a word as the characters themselves do.
const NAMED: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  shy: '\u00ad',
  zwnj: '\u200c',
  zwj: '\u200d',
  lrm: '\u200e',
  rlm: '\u200f',
};

/** The character(s) of an HTML character reference (`&#105;`, `&#x69;`, a NAMED one), or undefined. */
export function decodeEntity(e: string): string | undefined {
  const body = e.slice(1, -1);
  if (body[0] === '#') {
    const cp = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    if (!Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
    return String.fromCodePoint(cp);
  }
  return NAMED[body.toLowerCase()];
}
