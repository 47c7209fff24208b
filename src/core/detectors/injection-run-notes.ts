/**
 * The encoded runs the injection word pass notes as it walks a view (injection-words.ts): the runs of
 * the encoded-run classes (base64, Morse, separated hex, binary digits; normalize-decode.ts) long enough
 * to hold a match, each noted by one of its units, for noteEncodedRuns. normalizeForMatching then reads
 * the text only there (see uncheckedView). On a walk given the original text, a noted run of the view's
 * first half that decodes stops the walk: the text gets another view, and the rest of the walk would be
 * wasted.
 */
import { mapSpan, type NormalizedText } from './normalize.js';
import { decodeEncodedRunsIn, hexDigit } from './normalize-decode.js';
import { ENCODED_RUN, encodedRunClasses, RUN_CLASS } from './normalize-run-starts.js';
import { grownInt32 } from './typed-arrays.js';

/** The encoded-run classes of each byte (normalize-decode.ts), and the class bits the word pass reads. */
export const RUN_CLASSES = Uint8Array.from({ length: 256 }, (_, c) => encodedRunClasses(c));
export const B64 = RUN_CLASS.base64;
export const HEX = RUN_CLASS.hexSeparated;
export const MORSE = RUN_CLASS.morse;
export const BIN = RUN_CLASS.binaryDigit | RUN_CLASS.binarySeparator;

/**
 * Runs a walk given the original text checks for decoding (decodes) at most: a bound on what a text with
 * many mixed-case identifiers costs (a check is about a microsecond).
 */
const MAX_DECODE_CHECKS = 32;

/** The runs one walk noted; one per word pass, reset for each walk (begin). */
export class EncodedRunNotes {
  /**
   * Whether the walk stopped at a run that decodes (see begin's `original`): its findings, flags, tokens
   * and notes are those of a part of the text only, and the view is not the one the text gets.
   */
  stopped = false;
  /** For decodes during a walk given `original`: the text, its view, the units before which a decoding run stops the walk (-1: none), checks left. */
  private original: string | undefined;
  private walked: NormalizedText | undefined;
  private stopBefore = -1;
  private checksLeft = 0;

  /**
   * For the last text: its runs of the encoded-run classes long enough to hold a match (ENCODED_RUN), as
   * pairs (class, a unit of the run) for noteEncodedRuns, `count` of them: normalizeForMatching then
   * reads the text only there (see uncheckedView). A run may be noted more than once.
   */
  runs: Int32Array = new Int32Array(64);
  count = 0;

  /** The bytes of the walked view (viewBytes). */
  private bytes: Uint8Array | undefined;

  /**
   * Starts the notes of a walk of `view` (its bytes `bytes`). Given `original` (the text of a view that
   * uncheckedView answered), a noted run of the view's first half that decodes stops the walk.
   */
  begin(view: NormalizedText, bytes: Uint8Array, original: string | undefined): void {
    this.stopped = false;
    this.original = original;
    this.walked = view;
    this.bytes = bytes;
    this.stopBefore = original !== undefined ? view.text.length >> 1 : -1;
    this.checksLeft = MAX_DECODE_CHECKS;
    this.count = 0;
  }

  /** Ends the walk: the texts and bytes are let go (the runs stay, for noteEncodedRuns). */
  end(): void {
    this.original = undefined;
    this.walked = undefined;
    this.bytes = undefined;
  }

  /**
   * Notes a run of class `cls` (a bit of RUN_CLASS) that has unit `at`; true when the walk is to stop there
   * (see begin's `original`: the run lies in the first half of the text and decodes).
   */
  note(cls: number, at: number): boolean {
    if (2 * this.count + 2 > this.runs.length) this.runs = grownInt32(this.runs);
    this.runs[2 * this.count] = cls;
    this.runs[2 * this.count + 1] = at;
    this.count++;
    return at < this.stopBefore && this.decodes(cls, at);
  }

  /** Notes each run that ends before unit `i` (a unit of no class) and is long enough to hold a match; true to stop (note). */
  noteEndedAt(i: number, b64From: number, morseFrom: number, hexRun: number, binDigits: number): boolean {
    let stop = false;
    if (i - b64From >= ENCODED_RUN.base64) stop = this.note(RUN_CLASS.base64, i - 1);
    if (i - morseFrom >= ENCODED_RUN.morse) stop = this.note(RUN_CLASS.morse, i - 1) || stop;
    if (hexRun >= ENCODED_RUN.hexSeparated) stop = this.note(RUN_CLASS.hexSeparated, i - 1) || stop;
    if (binDigits >= ENCODED_RUN.binaryDigits) stop = this.note(RUN_CLASS.binaryDigit, i - 1) || stop;
    return stop;
  }

  /** Notes each run that unit `i` (of run classes `r`) ends, when it is long enough to hold a match; true to stop (note). */
  noteEndedBy(r: number, i: number, b64From: number, morseFrom: number, hexRun: number, binDigits: number): boolean {
    let stop = false;
    if ((r & B64) === 0 && i - b64From >= ENCODED_RUN.base64) stop = this.note(RUN_CLASS.base64, i - 1);
    if ((r & MORSE) === 0 && i - morseFrom >= ENCODED_RUN.morse) stop = this.note(RUN_CLASS.morse, i - 1) || stop;
    if ((r & HEX) === 0 && hexRun >= ENCODED_RUN.hexSeparated) stop = this.note(RUN_CLASS.hexSeparated, i - 1) || stop;
    if ((r & BIN) === 0 && binDigits >= ENCODED_RUN.binaryDigits)
      stop = this.note(RUN_CLASS.binaryDigit, i - 1) || stop;
    return stop;
  }

  /**
   * Whether the run of class `cls` that has unit `at` of the walked view decodes in the original text
   * (decodeEncodedRunsIn on its span alone), within a budget of checks per walk. Only a guess at what
   * normalizeForMatching will decide (the caller walks again whatever it decides): a run of base64 units
   * is tried only when its first eight units decode to printable text as base64 (printableStart) or as hex
   * (printableHexStart: a plain hex run is a run of base64 units too), as a readable payload's do, and
   * identifiers, paths and hashes (most noted runs of real documents) do not; a Morse or
   * separated-hex run only when it has the symbols a match needs (symbolsEnough: aligned columns of
   * spaces are runs of both classes).
   */
  private decodes(cls: number, at: number): boolean {
    if (this.checksLeft <= 0) return false;
    const b = this.bytes!;
    const view = this.walked!;
    const n = view.text.length;
    const flag = cls === RUN_CLASS.binaryDigit ? BIN : cls;
    if ((RUN_CLASSES[b[at]!]! & flag) === 0) return false;
    let s = at;
    while (s > 0 && (RUN_CLASSES[b[s - 1]!]! & flag) !== 0) s--;
    let e = at + 1;
    while (e < n && (RUN_CLASSES[b[e]!]! & flag) !== 0) e++;
    if ((cls === RUN_CLASS.morse || cls === RUN_CLASS.hexSeparated) && !symbolsEnough(b, s, e, cls)) return false;
    const span = mapSpan(view, s, e);
    const original = this.original!;
    if (
      cls === RUN_CLASS.base64 &&
      !printableStart(original, span.start, span.end) &&
      !printableHexStart(original, span.start, span.end)
    )
      return false;
    this.checksLeft--;
    if (decodeEncodedRunsIn(original, Int32Array.of(cls, span.start, span.end), 1).length === 0) return false;
    this.stopped = true;
    return true;
  }
}

/**
 * Whether the view bytes b[s, e) (a Morse or separated-hex run, class `cls`) have what a match of the run
 * finder needs at least: five groups of dots and dashes each followed by a separator (Morse), or sixteen
 * hex digits (separated hex).
 */
function symbolsEnough(b: Uint8Array, s: number, e: number, cls: number): boolean {
  let count = 0;
  if (cls === RUN_CLASS.morse) {
    for (let k = s; k + 1 < e; k++) if ((b[k] === 46 || b[k] === 45) && (b[k + 1] === 32 || b[k + 1] === 47)) count++;
    return count >= 5;
  }
  for (let k = s; k < e; k++) if ((b[k]! >= 48 && b[k]! <= 57) || (b[k]! >= 97 && b[k]! <= 102)) count++;
  return count >= 16;
}

/**
 * Whether text[start, end) (at least sixteen units) begins with eight hex digits that decode to four bytes
 * of printable ASCII text (a tab, a line feed or 0x20..0x7e), as the run of a readable hex payload does
 * (the finder's plain hex branch, `0x` first or not); a hash or an id almost never does.
 */
function printableHexStart(text: string, start: number, end: number): boolean {
  if (end - start < 16) return false;
  let at = start;
  if (text.charCodeAt(at) === 48 && (text.charCodeAt(at + 1) | 32) === 120) at += 2; // 0x
  for (let k = 0; k < 4; k++) {
    const hi = hexDigit(text.charCodeAt(at + 2 * k));
    const lo = hexDigit(text.charCodeAt(at + 2 * k + 1));
    if (hi < 0 || lo < 0) return false;
    const byte = (hi << 4) | lo;
    if (!((byte >= 32 && byte < 127) || byte === 9 || byte === 10 || byte === 13)) return false;
  }
  return true;
}

/** Base64 digit values (both alphabets) by unit, -1 for other units. */
const BASE64_VALUE = (() => {
  const t = new Int8Array(128).fill(-1);
  const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let v = 0; v < 64; v++) t[digits.charCodeAt(v)] = v;
  t[43] = t[45] = 62; // + -
  t[47] = t[95] = 63; // / _
  return t;
})();

/**
 * Whether the first eight units of text[start, end) (at least sixteen, base64 digits) decode to six bytes
 * of printable ASCII text (a tab, a line feed or 0x20..0x7e): how the run of a readable payload begins.
 */
function printableStart(text: string, start: number, end: number): boolean {
  if (end - start < 16) return false;
  let acc = 0;
  for (let k = 0; k < 8; k++) {
    const u = text.charCodeAt(start + k);
    const v = u < 128 ? BASE64_VALUE[u]! : -1;
    if (v < 0) return false;
    acc = (acc << 6) | v;
    if ((k & 3) === 3) {
      for (let shift = 16; shift >= 0; shift -= 8) {
        const byte = (acc >>> shift) & 255;
        if (!((byte >= 32 && byte < 127) || byte === 9 || byte === 10 || byte === 13)) return false;
      }
      acc = 0;
    }
  }
  return true;
}
