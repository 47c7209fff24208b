/**
 * The scan bytes of the safety cue scanner (safety-cues.ts): one byte per UTF-16 unit of a text - the unit
 * when ASCII, RIGHT_QUOTE_BYTE for the typographic apostrophe U+2019 (it reads as a straight one), and
 * OTHER_BYTE for any other unit, which is never part of a word or a cue - followed by PAD_BYTES zero bytes,
 * so that the scanner reads four or sixteen bytes at a time without bounds checks. Offsets in the bytes are
 * the text's UTF-16 offsets.
 *
 * An ASCII text is copied in with one TextEncoder.encodeInto. A text with occasional other characters is
 * encoded as UTF-8 and compacted in place to one byte per unit (unitBytesFromUtf8), so a document with a few
 * curly quotes or dashes costs about what an ASCII one does. The bytes live in one buffer shared by every
 * scanner (acquireBytes / releaseBytes), or in a caller's buffer that is adopted for as long as it is the
 * last one seen (adoptForeign).
 */

// Exported const enums: the bundler inlines their members as literals in the scanner's hot loops, across
// modules too, whereas a module-level const would be a binding the optimising compiler reloads at every use.

export const enum ScanByte {
  APOSTROPHE = 39,
  RIGHT_QUOTE = 0x2019,
  /** Byte standing for U+2019 in the scan buffer: it reads as an apostrophe but stays distinguishable. */
  RIGHT_QUOTE_BYTE = 0xa7,
  /** Byte standing for any other non-ASCII unit: never a word character, never in a cue. */
  OTHER_BYTE = 0x80,
}

/** The scan buffer's layout. */
export const enum ScanBuffer {
  /**
   * Zero bytes written past the text: a word start reads four bytes ahead, and the word-start pass reads
   * four words of four bytes per step (up to fifteen bytes past the text's last word).
   */
  PAD_BYTES = 16,
}

/** Character classes of a scan-buffer byte (CLASS). */
export const enum Cls {
  WORD = 1,
  LETTER = 2,
  CLAUSE_END = 4,
}

// Character classes of a scan-buffer byte.
export const CLASS = new Uint8Array(256);
for (let c = 97; c <= 122; c++) CLASS[c] = Cls.WORD | Cls.LETTER;
for (let c = 48; c <= 57; c++) CLASS[c] = Cls.WORD;
// . ! ? ; : , and line breaks end a clause.
for (const c of [46, 33, 63, 59, 58, 44, 10, 13]) CLASS[c] = Cls.CLAUSE_END;

/** 1 for the bytes of word characters. */
export const WORD_BYTE = new Uint8Array(256);
for (let c = 0; c < 256; c++) WORD_BYTE[c] = CLASS[c]! & Cls.WORD;

/** A typographic apostrophe compares equal to a straight one (i’ll = i'll). */
export const FOLD = new Uint8Array(256);
for (let c = 0; c < 256; c++) FOLD[c] = c;
FOLD[ScanByte.RIGHT_QUOTE_BYTE] = ScanByte.APOSTROPHE;

/** Whether an Int32Array reads bytes little-endian (lane 0 = lowest byte), as the four-byte passes assume. */
export const LITTLE_ENDIAN = new Uint8Array(new Int32Array([1]).buffer)[0] === 1;

const encoder = new TextEncoder();

/**
 * The scan bytes live in one buffer shared by all scanners (a scan runs to its end before the next one
 * starts), kept for texts up to this size: writing into a fresh megabyte costs more than scanning it
 * (page faults). A longer text, or a scan started while the buffer is in use, gets a buffer of its own.
 */
const MAX_SHARED_BYTES = 4 << 20;
let sharedBytes = new Uint8Array(4096);
/** The shared buffer read four bytes at a time (see CueScanner.sparsePass). */
let sharedWords = new Int32Array(sharedBytes.buffer);
let sharedBusy = false;

/** A buffer of at least `size` bytes (a multiple of 4). */
export function acquireBytes(size: number): Uint8Array {
  if (sharedBusy || size > MAX_SHARED_BYTES) return new Uint8Array(size);
  if (sharedBytes.length < size) {
    sharedBytes = new Uint8Array(Math.min(MAX_SHARED_BYTES, Math.max(size, sharedBytes.length * 2)));
    sharedWords = new Int32Array(sharedBytes.buffer);
  }
  sharedBusy = true;
  return sharedBytes;
}

/** The shared buffer as a DataView (see CueScanner.sparsePass). */
let sharedView: DataView = new DataView(sharedBytes.buffer);

export function viewOf(buf: Uint8Array): DataView {
  if (buf === sharedBytes) {
    if (sharedView.buffer !== buf.buffer) sharedView = new DataView(buf.buffer);
    return sharedView;
  }
  if (buf === lastForeign) return lastForeignView;
  return new DataView(buf.buffer, buf.byteOffset, buf.length);
}

export function wordsOf(buf: Uint8Array): Int32Array {
  if (buf === sharedBytes) return sharedWords;
  if (buf === lastForeign) return lastForeignWords;
  return new Int32Array(buf.buffer, buf.byteOffset, buf.length >> 2);
}

/**
 * The last caller's buffer scanned (scanSparse's asciiBytes: usually the same array call after call), read
 * as words and through a DataView, so a short text does not pay for two new views. Kept only up to
 * MAX_SHARED_BYTES, so a huge one is not pinned.
 */
let lastForeign: Uint8Array | undefined;
let lastForeignWords: Int32Array = new Int32Array(0);
let lastForeignView: DataView = new DataView(new ArrayBuffer(0));

export function adoptForeign(buf: Uint8Array): void {
  if (buf === lastForeign || buf.length > MAX_SHARED_BYTES) return;
  lastForeign = buf;
  lastForeignWords = new Int32Array(buf.buffer, buf.byteOffset, buf.length >> 2);
  lastForeignView = new DataView(buf.buffer, buf.byteOffset, buf.length);
}

export function releaseBytes(buf: Uint8Array): void {
  if (buf === sharedBytes) sharedBusy = false;
}

/**
 * Writes the PAD_BYTES zero bytes after a text of `n` units, into a buffer of scanBufferSize(n) bytes or more
 * that starts at its ArrayBuffer's start. Not TypedArray.fill, nor a loop of sixteen byte stores: on a short
 * prompt, where this runs at every scan, the builtin's call and then the byte loop each cost several percent
 * of the scan. On a little-endian platform: the word holding byte n keeps its bytes below n, three words are
 * zero, and the next one has its bytes up to n + 15 cleared (the same sixteen bytes; none of the text's).
 */
export function zeroPad(buf: Uint8Array, n: number): void {
  if (!LITTLE_ENDIAN) {
    for (let k = n; k < n + ScanBuffer.PAD_BYTES; k++) buf[k] = 0;
    return;
  }
  const words = wordsOf(buf);
  const at = n >> 2;
  // Bits of the text's bytes in the word holding byte n (none when n is a multiple of four).
  const keep = (1 << ((n & 3) << 3)) - 1;
  words[at] = words[at]! & keep;
  words[at + 1] = 0;
  words[at + 2] = 0;
  words[at + 3] = 0;
  // (When n is a multiple of four, the fourth word ends the sixteen bytes; the buffer may end there too.)
  if (keep !== 0) words[at + 4] = words[at + 4]! & ~keep;
}

/** Bytes of the scan buffer for a text of `n` units: the text and PAD_BYTES, in whole 4-byte words. */
export function scanBufferSize(n: number): number {
  return (n + ScanBuffer.PAD_BYTES + 3) & ~3;
}

/**
 * Writes the scan bytes of `text` (one per UTF-16 unit: the unit when ASCII, RIGHT_QUOTE_BYTE for U+2019,
 * OTHER_BYTE for any other) into `buf` (scanBufferSize(text.length) bytes or more), then PAD_BYTES zero
 * bytes.
 */
export function writeScanBytes(text: string, buf: Uint8Array): void {
  const n = text.length;
  // encodeInto writes exactly n bytes for n units only when every unit is ASCII.
  const r = encoder.encodeInto(text, buf);
  if (r.read !== n || r.written !== n) unitBytesFromUtf8(text, buf, r.read, r.written);
  zeroPad(buf, n);
}

/** The scan bytes of a text (see writeScanBytes), in a fresh array: for tests and tools. */
export function scanBytesOf(text: string): Uint8Array {
  const buf = new Uint8Array(scanBufferSize(text.length));
  writeScanBytes(text, buf);
  return buf.subarray(0, text.length);
}

/** Below this many units left, the rest of a text is converted unit by unit (an encodeInto call costs more). */
const MIN_ENCODE_UNITS = 64;

/**
 * Scan bytes of a text that is not all ASCII, into `buf` (scanBufferSize(n) bytes or more), given what a first
 * encodeInto(text, buf) did: it encoded the text's first `read` units as UTF-8 into [0, written) (whole
 * characters only).
 *
 * Why not one unit-by-unit loop: texts with occasional non-ASCII characters (curly quotes, dashes,
 * accented words) are common, and a charCodeAt loop costs about three times what encodeInto plus a pass
 * over its bytes that copies ASCII runs whole costs. Each UTF-8 sequence is compacted in place to the
 * byte of its unit (RIGHT_QUOTE_BYTE, else OTHER_BYTE; a four-byte sequence is a surrogate pair: two
 * units, two bytes), so the output equals the unit-by-unit mapping. The rest of
 * the text is encoded into the room left past it (at least as many bytes as units left), which takes a
 * share of the rest each round, and its last units go through the plain loop.
 */
function unitBytesFromUtf8(text: string, buf: Uint8Array, read: number, written: number): void {
  const n = text.length;
  const words = wordsOf(buf);
  // One byte per unit: `done` is both the units converted and the bytes written.
  let done = 0;
  // A part dense in non-ASCII characters (CJK, Cyrillic) is cheaper unit by unit: each sequence costs
  // the compaction more than the plain loop costs a unit.
  if (!denseNonAscii(read, written)) {
    done = compactUtf8(buf, words, 0, written);
    while (n - done >= MIN_ENCODE_UNITS) {
      const r = encoder.encodeInto(text.substring(done), buf.subarray(done));
      if (r.read === 0 || denseNonAscii(r.read, r.written)) break;
      done = compactUtf8(buf, words, done, done + r.written);
    }
  }
  for (let k = done; k < n; k++) {
    const c = text.charCodeAt(k);
    buf[k] = c < 128 ? c : c === ScanByte.RIGHT_QUOTE ? ScanByte.RIGHT_QUOTE_BYTE : ScanByte.OTHER_BYTE;
  }
}

/** Whether `read` units that took `written` UTF-8 bytes had more than one non-ASCII unit in sixteen (about). */
function denseNonAscii(read: number, written: number): boolean {
  return (written - read) * 16 > read;
}

/**
 * Rewrites the UTF-8 bytes buf[from, end) in place as one scan byte per UTF-16 unit, from `from` on;
 * returns the end of what it wrote. ASCII runs are found four bytes at a time and moved with copyWithin.
 */
function compactUtf8(buf: Uint8Array, words: Int32Array, from: number, end: number): number {
  let r = from;
  let w = from;
  while (r < end) {
    // The ASCII run from r: bytes up to a word boundary, whole words without a high bit, then bytes.
    let s = r;
    while ((s & 3) !== 0 && s < end && buf[s]! < 0x80) s++;
    if ((s & 3) === 0) {
      let j = s >> 2;
      const lastWord = end >> 2;
      while (j < lastWord && (words[j]! & 0x80808080) === 0) j++;
      s = j << 2;
      while (s < end && buf[s]! < 0x80) s++;
    }
    if (s > r) {
      if (w !== r) buf.copyWithin(w, r, s);
      w += s - r;
      r = s;
      if (r >= end) break;
    }
    // A sequence's lead byte: 110xxxxx (two bytes), 1110xxxx (three), 11110xxx (four: a surrogate pair).
    const lead = buf[r]!;
    if (lead < 0xe0) {
      buf[w++] = ScanByte.OTHER_BYTE;
      r += 2;
    } else if (lead < 0xf0) {
      // U+2019 is E2 80 99.
      buf[w++] =
        lead === 0xe2 && buf[r + 1] === 0x80 && buf[r + 2] === 0x99 ? ScanByte.RIGHT_QUOTE_BYTE : ScanByte.OTHER_BYTE;
      r += 3;
    } else {
      buf[w++] = ScanByte.OTHER_BYTE;
      buf[w++] = ScanByte.OTHER_BYTE;
      r += 4;
    }
  }
  return w;
}
