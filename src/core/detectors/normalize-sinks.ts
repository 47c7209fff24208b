/**
 * Where buildView (normalize-build.ts) writes a view, through ViewSink: PieceBuilder for a text with a few
 * units that are not ASCII (the view as pieces and segments, and its bytes as viewBytes gives them when the
 * text's UTF-8 is at hand), UnitBuilder for a text dense in other units (unit by unit, with the offset
 * tables). Both finish a BuiltView (normalize-views.ts).
 */
import type { DecodedRun } from './normalize-decode.js';
import { buffers, ENCODER, isLowSurrogate, OTHER_UNIT, RETAINED_BYTES } from './normalize-bytes.js';
import { BuiltView, type NormalizedText, type Span } from './normalize-views.js';
import { grownInt32 } from './typed-arrays.js';
import { keepShape } from '../keep-shape.js';

/** Where buildView writes the view: PieceBuilder for texts with a few units that are not ASCII, UnitBuilder for the rest. */
export interface ViewSink {
  /** original[start, end), all ASCII: one view unit per original unit, lower-cased. */
  pushAscii(original: string, start: number, end: number, byteStart: number): void;
  /** `s`, every unit of which maps onto original[start, end); returns a handle for `fold` (-1 when `s` is empty). */
  pushString(s: string, start: number, end: number): number;
  /** Replaces the one-unit string pushed as `handle` by the ASCII letter `code`. */
  fold(handle: number, code: number): void;
  finish(originalLength: number, decoded: DecodedRun[], invisible: Span[], mixedScriptWords: Span[]): NormalizedText;
}

/**
 * A view with few units that are not ASCII: its text as pieces (lower-cased ASCII stretches of the
 * original, and the forms of other characters and decoded runs), and where each piece came from as
 * segments, from which the offset tables are built only when read (most texts never map a span).
 */
// PieceBuilder's segments and other-unit positions while it builds (shared: builders are never nested).
let segViewScratch: Int32Array = new Int32Array(256);
let segStartScratch: Int32Array = new Int32Array(256);
let segEndScratch: Int32Array = new Int32Array(256);
let otherScratch: Int32Array = new Int32Array(256);

export class PieceBuilder implements ViewSink {
  private readonly pieces: string[] = [];
  /** Each piece's first view unit. */
  private readonly pieceAt: number[] = [];
  /**
   * The view's bytes as viewBytes gives them, written as the pieces come when the text's UTF-8 is at hand
   * (undefined otherwise): an ASCII piece is its lower-cased string encoded (a one-byte string when read
   * from the UTF-8: a copy), any other unit is OTHER_UNIT, a folded look-alike its letter. viewBytes would
   * otherwise encode the finished view, a two-byte string as soon as one unit is past U+00FF, which
   * TextEncoder reads at 1.1-1.7 ms per MB.
   */
  private bytes: Uint8Array | undefined;

  /**
   * The text's UTF-8, if at hand. A piece of ASCII sliced from a text with other units is a two-byte string,
   * whose toLowerCase is several times slower than a one-byte string's; read from the bytes (the same units),
   * the piece is one-byte. Short pieces are sliced (the decoder's call costs more than it saves).
   */
  constructor(private readonly utf8?: Uint8Array) {
    buffers.builtBytesOwner = undefined;
    if (utf8 !== undefined) this.bytes = buffers.builtBytes;
  }

  /** Room in `bytes` for `units` more view units and the 8 bytes after the last. */
  private byteRoom(units: number): Uint8Array {
    let bytes = this.bytes!;
    const need = this.length + units + 8;
    if (need > bytes.length) {
      const grown = new Uint8Array(need + (need >> 2));
      grown.set(bytes.subarray(0, this.length));
      bytes = grown;
      this.bytes = bytes;
    }
    return bytes;
  }

  /** View units so far. */
  private length = 0;
  // Per segment (in the shared scratch arrays, copied out by finish): its first view unit, its original
  // start, and its original end or -1 (see BuiltView). Builders are never nested, so one set serves all.
  private segments = 0;
  /** How many view positions of units that are not ASCII otherScratch holds (candidates: a later fold may have made one ASCII). */
  private others = 0;

  private segment(view: number, start: number, end: number): void {
    if (this.segments === segViewScratch.length) {
      segViewScratch = grownInt32(segViewScratch);
      segStartScratch = grownInt32(segStartScratch);
      segEndScratch = grownInt32(segEndScratch);
    }
    segViewScratch[this.segments] = view;
    segStartScratch[this.segments] = start;
    segEndScratch[this.segments] = end;
    this.segments++;
  }

  pushAscii(original: string, start: number, end: number, byteStart: number): void {
    const utf8 = this.utf8;
    const piece = (
      utf8 !== undefined && end - start >= DECODED_PIECE
        ? ASCII_PIECE.decode(utf8.subarray(byteStart, byteStart + end - start))
        : original.slice(start, end)
    ).toLowerCase();
    this.pieces.push(piece);
    this.pieceAt.push(this.length);
    if (utf8 !== undefined)
      ENCODER.encodeInto(piece, this.byteRoom(end - start).subarray(this.length, this.length + end - start));
    this.segment(this.length, start, -1);
    this.length += end - start;
  }

  pushString(s: string, start: number, end: number): number {
    if (s.length === 0) return -1;
    this.segment(this.length, start, end);
    const bytes = this.bytes !== undefined ? this.byteRoom(s.length) : undefined;
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (bytes !== undefined) bytes[this.length + k] = c < 0x80 ? c : OTHER_UNIT;
      if (c < 0x80) continue;
      if (this.others === otherScratch.length) otherScratch = grownInt32(otherScratch);
      otherScratch[this.others++] = this.length + k;
    }
    this.pieceAt.push(this.length);
    this.pieces.push(s);
    this.length += s.length;
    return this.pieces.length - 1;
  }

  fold(handle: number, code: number): void {
    this.pieces[handle] = String.fromCharCode(code);
    if (this.bytes !== undefined) this.bytes[this.pieceAt[handle]!] = code;
  }

  finish(originalLength: number, decoded: DecodedRun[], invisible: Span[], mixedScriptWords: Span[]): NormalizedText {
    const text = this.pieces.length === 1 ? this.pieces[0]! : this.pieces.join('');
    const segments = {
      view: segViewScratch.slice(0, this.segments),
      start: segStartScratch.slice(0, this.segments),
      end: segEndScratch.slice(0, this.segments),
    };
    const view = new BuiltView(
      text,
      originalLength,
      segments,
      undefined,
      otherScratch.slice(0, this.others),
      decoded,
      invisible,
      mixedScriptWords,
    );
    const bytes = this.bytes;
    if (bytes !== undefined) {
      bytes[this.length] = 0;
      // A buffer grown past RETAINED_BYTES is let go: viewBytes encodes such a view as before.
      if (bytes.length <= RETAINED_BYTES) {
        buffers.builtBytes = bytes;
        buffers.builtBytesOwner = view;
      }
    }
    return view;
  }
}

/** ASCII pieces at least this long are read from the text's UTF-8 (see PieceBuilder). */
const DECODED_PIECE = 64;
const ASCII_PIECE = new TextDecoder('utf-8');

/** A view dense in units that are not ASCII (other scripts): unit by unit, with the offset tables filled as it goes. */
export class UnitBuilder implements ViewSink {
  private codes: Uint16Array;
  private starts: Int32Array;
  private ends: Int32Array;
  private length = 0;
  /** Whether a pushed string had a surrogate without its other half (then the text cannot be decoded as UTF-16). */
  private loneSurrogate = false;

  constructor(capacity: number) {
    this.codes = new Uint16Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  private room(units: number): void {
    const min = this.length + units + 1;
    if (min <= this.codes.length) return;
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

  pushAscii(original: string, start: number, end: number, _byteStart: number): void {
    this.room(end - start);
    const { codes, starts, ends } = this;
    let at = this.length;
    for (let i = start; i < end; i++, at++) {
      const c = original.charCodeAt(i);
      codes[at] = c >= 65 && c <= 90 ? c + 32 : c;
      starts[at] = i;
      ends[at] = i + 1;
    }
    this.length = at;
  }

  pushString(s: string, start: number, end: number): number {
    if (s.length === 0) return -1;
    this.room(s.length);
    const at = this.length;
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c >= 0xd800 && c <= 0xdfff) {
        if (c <= 0xdbff && isLowSurrogate(s.charCodeAt(k + 1))) {
          this.codes[this.length] = c;
          this.starts[this.length] = start;
          this.ends[this.length++] = end;
          k++;
          this.codes[this.length] = s.charCodeAt(k);
        } else {
          this.loneSurrogate = true;
          this.codes[this.length] = c;
        }
      } else this.codes[this.length] = c;
      this.starts[this.length] = start;
      this.ends[this.length++] = end;
    }
    return at;
  }

  fold(handle: number, code: number): void {
    this.codes[handle] = code;
  }

  finish(originalLength: number, decoded: DecodedRun[], invisible: Span[], mixedScriptWords: Span[]): NormalizedText {
    const n = this.length;
    const units = this.codes.subarray(0, n);
    let text: string;
    // The UTF-16 decoder is native and fast, and exact when every surrogate has its other half (a lone one
    // would become U+FFFD) and the platform stores the units little-endian.
    if (!this.loneSurrogate && LITTLE_ENDIAN) text = UTF16.decode(units);
    else {
      const parts: string[] = [];
      for (let k = 0; k < n; k += 8192)
        parts.push(String.fromCharCode.apply(null, units.subarray(k, Math.min(n, k + 8192)) as unknown as number[]));
      text = parts.join('');
    }
    const starts = new Int32Array(n + 1);
    starts.set(this.starts.subarray(0, n));
    starts[n] = originalLength;
    const ends = new Int32Array(n + 1);
    ends.set(this.ends.subarray(0, n));
    ends[n] = originalLength;
    return new BuiltView(
      text,
      originalLength,
      undefined,
      { starts, ends },
      undefined,
      decoded,
      invisible,
      mixedScriptWords,
    );
  }
}

// ignoreBOM: a leading U+FEFF is a unit of the view like any other (the decoder would drop it otherwise).
const UTF16 = new TextDecoder('utf-16le', { ignoreBOM: true });
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

// Builders live while one view is built: their hidden classes are kept (see keep-shape.ts).
keepShape(new PieceBuilder());
keepShape(new UnitBuilder(0));
