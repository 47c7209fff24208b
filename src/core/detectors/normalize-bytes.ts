/**
 * The bytes scanners read instead of a view's text (a byte buffer is walked about twice as fast as a
 * string, and four bytes at a time): asciiViewBytes and viewBytes, and asciiBytesOf, the one encoding of
 * the original text that tells whether it is plain ASCII and gives normalize.ts the UTF-8 its encoded-run
 * check and view builder read.
 *
 * The buffers are retained from call to call and shared by normalize.ts, normalize-sinks.ts (PieceBuilder
 * writes a view's bytes as it builds it) and this module, so they and their owner marks live in one object
 * here, `buffers` (an imported binding cannot be assigned). Each field is read once per call, never per
 * byte: the loops read the buffer from a local. A buffer handed out is valid until the next call into
 * normalize.
 */
import { AsciiView, BuiltView, type NormalizedText } from './normalize-views.js';

export const ENCODER = new TextEncoder();
/** Texts up to this many units keep their byte buffer for the next call; longer ones get a fresh one. */
export const RETAINED_BYTES = 1 << 22;

interface ByteBuffers {
  scratchBytes: Uint8Array;
  /** The ASCII view whose text scratchBytes holds, if any. */
  scratchOwner: NormalizedText | undefined;
  /**
   * After asciiBytesOf answered undefined: how many bytes of utf8Buffer hold the text's whole UTF-8, or -1
   * when it did not fit. A text too long for the retained buffer gets a buffer of its own (utf8Buffer, let
   * go once the encoded-run check has read it): the measure must not depend on retention, or every text
   * past RETAINED_BYTES with a single curly quote would take the unit-by-unit path, ~5x the cost per unit.
   */
  utf8Length: number;
  utf8Buffer: Uint8Array | undefined;
  /**
   * The text whose asciiBytesOf answer (and utf8Length) the retained buffer still holds, and that answer:
   * a text uncheckedView declined is encoded once, not again by the normalizeForMatching call that
   * follows (about a millisecond per MB that is not ASCII). Whatever else writes scratchBytes forgets it.
   */
  encodedText: string | undefined;
  encodedAnswer: Uint8Array | undefined;
  /** The bytes (viewBytes) of the view PieceBuilder built last, and that view (undefined when none is valid). */
  builtBytes: Uint8Array;
  builtBytesOwner: NormalizedText | undefined;
  /** A spare buffer for withoutRuns' bytes (it reads the view's bytes from builtBytes while it writes these). */
  spareBytes: Uint8Array;
}

/** A set of byte buffers holding nothing yet (the module's own, and one per withSeparateViews). */
export function freshBuffers(): ByteBuffers {
  return {
    scratchBytes: new Uint8Array(4096),
    scratchOwner: undefined,
    utf8Length: -1,
    utf8Buffer: undefined,
    encodedText: undefined,
    encodedAnswer: undefined,
    builtBytes: new Uint8Array(4096),
    builtBytesOwner: undefined,
    spareBytes: new Uint8Array(4096),
  };
}

export const buffers: ByteBuffers = freshBuffers();

/**
 * The units of `s` as bytes when every unit is ASCII (< 0x80; byte `s.length` is then 0, and the buffer
 * has at least 8 bytes past the text), else undefined (see utf8Length). The buffer is shared: valid until
 * the next call into normalize.
 */
export function asciiBytesOf(s: string): Uint8Array | undefined {
  if (s === buffers.encodedText) return buffers.encodedAnswer;
  buffers.encodedText = undefined;
  const n = s.length;
  let buf = buffers.scratchBytes;
  // Room for 8 bytes past the end: scanners read words four bytes at a time.
  if (buf.length < n + 8) {
    buf = new Uint8Array(n + 8 + (n >> 2));
    if (buf.length <= RETAINED_BYTES) buffers.scratchBytes = buf;
  }
  buffers.scratchOwner = undefined;
  // Every unit below 0x80 is one byte; any other unit (lone surrogates too) takes two or more, so the text
  // is ASCII exactly when all of it was read and as many bytes were written as it has units.
  const { read, written } = ENCODER.encodeInto(s, buf);
  if (read !== n || written !== n) {
    buffers.utf8Length = read === n ? written : -1;
    buffers.utf8Buffer = read === n ? buf : undefined;
    if (buffers.utf8Buffer === undefined || buffers.utf8Buffer === buffers.scratchBytes) remember(s, undefined);
    return undefined;
  }
  buf[n] = 0;
  if (buf === buffers.scratchBytes) remember(s, buf);
  return buf;
}

function remember(s: string, answer: Uint8Array | undefined): void {
  buffers.encodedText = s;
  buffers.encodedAnswer = answer;
}

/**
 * The matching text of an ASCII view (isAsciiView) as bytes, equal unit for unit, with a 0 byte after
 * the last and at least 8 bytes of buffer past the text: scanners walk bytes about twice as fast as a
 * string. A shared buffer, valid until the next call into normalize.
 */
export function asciiViewBytes(view: NormalizedText): Uint8Array {
  if (buffers.scratchOwner === view) return buffers.scratchBytes;
  const bytes = asciiBytesOf(view.text);
  if (bytes === undefined) throw new Error('asciiViewBytes: not an ASCII view');
  if (bytes === buffers.scratchBytes) buffers.scratchOwner = view;
  return bytes;
}

/**
 * The ASCII view of `original`, given the bytes asciiBytesOf just wrote for it. When lower-casing changed
 * no unit (a text without capitals) those bytes are the view's too: asciiViewBytes then returns them
 * instead of encoding the view's text a second time.
 */
export function asciiViewOf(original: string, bytes: Uint8Array): NormalizedText {
  const view = new AsciiView(original);
  if (bytes === buffers.scratchBytes && view.text === original) buffers.scratchOwner = view;
  return view;
}

/** The byte that stands for a unit that is not ASCII in viewBytes. */
export const OTHER_UNIT = 0x7f;

/**
 * The matching text of `view` as bytes, unit for unit: ASCII units as themselves and every other unit as
 * OTHER_UNIT (a reader tells those from a real DEL by the text's unit), with a 0 byte after the last and
 * at least 8 bytes of buffer past the text, as asciiViewBytes gives for an ASCII view. For a view that is
 * not ASCII, only while at most one unit in `sparse` is not ASCII (texts with an occasional curly quote,
 * dash or accent); undefined otherwise. A shared buffer, valid until the next call into normalize.
 */
export function viewBytes(view: NormalizedText, sparse = 16): Uint8Array | undefined {
  if (view instanceof AsciiView) return asciiViewBytes(view);
  if (!(view instanceof BuiltView)) return undefined;
  if (buffers.scratchOwner === view) return buffers.scratchBytes;
  const text = view.text;
  const n = text.length;
  const others = view.otherUnits;
  if (others === undefined || others.length * sparse > n) return undefined;
  if (buffers.builtBytesOwner === view) return buffers.builtBytes;
  // UTF-8 first (one native call), then each unit that took more than one byte is closed up into one
  // OTHER_UNIT: every unit is at most three bytes, so n + 2 per listed unit (and the 8 of slack) is room enough.
  const need = n + 2 * others.length + 8;
  let buf = buffers.scratchBytes;
  if (buf.length < need) {
    buf = new Uint8Array(need + (need >> 2));
    if (buf.length <= RETAINED_BYTES) buffers.scratchBytes = buf;
  }
  buffers.scratchOwner = undefined;
  buffers.encodedText = undefined;
  ENCODER.encodeInto(text, buf);
  let src = 0; // byte offset in the UTF-8 of the next unit not placed yet
  let dst = 0; // that unit
  for (let k = 0; k < others.length; k++) {
    const p = others[k]!;
    const c = text.charCodeAt(p);
    if (c < 0x80) continue; // a look-alike folded to ASCII after it was listed
    if (p > dst) {
      if (src !== dst) buf.copyWithin(dst, src, src + p - dst);
      src += p - dst;
      dst = p;
    }
    // A surrogate pair is four bytes (two per unit); a lone surrogate becomes U+FFFD (three).
    let width = 3;
    if (c < 0x800) width = 2;
    else if (c >= 0xd800 && c <= 0xdbff) width = isLowSurrogate(text.charCodeAt(p + 1)) ? 2 : 3;
    else if (c >= 0xdc00 && c <= 0xdfff) width = p > 0 && isHighSurrogate(text.charCodeAt(p - 1)) ? 2 : 3;
    buf[dst++] = OTHER_UNIT;
    src += width;
  }
  if (src !== dst) buf.copyWithin(dst, src, src + n - dst);
  buf[n] = 0;
  if (buf === buffers.scratchBytes) buffers.scratchOwner = view;
  return buf;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

export function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * Whether the text whose UTF-8 was last encoded (utf8Length bytes; negative when it did not fit) has
 * about one unit in 16 or more that is not ASCII: such a view is built unit by unit, not from its UTF-8.
 */
export function denseUtf8(original: string): boolean {
  return buffers.utf8Length < 0 || (buffers.utf8Length - original.length) * 16 > original.length;
}
