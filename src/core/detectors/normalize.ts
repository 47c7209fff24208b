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
import { decodeEncodedRuns, decodeEncodedRunsIn, encodedRunClasses, markerRunMayDecode, RUN_CLASS, type DecodedRun } from './normalize-decode.js';
import { foldHomoglyph, isInvisible } from './normalize-tables.js';
import { grownInt32 } from './typed-arrays.js';

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
  const key = viewKey(opts);
  const last = lastView.of(original, key);
  if (!opts.decode && last !== undefined) return last;
  const withRuns = decodedView.of(original, key);
  if (!opts.decode && withRuns !== undefined) {
    // The view with decoded runs of this text was built a moment ago (the injection step, before safety
    // asks for the view without them): the view without them is that one with each run's own units put
    // back, when no word that a fold decides on touches a run (see withoutRuns).
    const view = withoutRuns(original, withRuns);
    if (view !== undefined) return keepView(original, key, view);
  }
  if (opts.decode && runsView !== undefined && runsView === uncheckedAnswer.of(original, key)) {
    // A scanner of the view uncheckedView answered told where its runs are: only those stretches are read
    // (see uncheckedView). That view stands when no run decodes.
    const view = runsView;
    const spans = spansOfNotedRuns(view);
    runsView = undefined;
    const runs = decodeEncodedRunsIn(original, spans, spans.length / 3);
    if (runs.length > 0) {
      const bytes = asciiBytesOf(original);
      return keepRunsView(original, key, viewWithRuns(original, runs, opts, bytes), bytes !== undefined);
    }
    return keepView(original, key, view);
  }
  // One encodeInto both tells whether the text is plain ASCII and gives the encoded-run check bytes to read
  // (the text's UTF-8 when it is not ASCII and fits the buffer: utf8Length bytes of utf8Buffer).
  const bytes = asciiBytesOf(original);
  const runs = !opts.decode ? [] : bytes !== undefined ? decodeEncodedRuns(original, bytes) : utf8Length >= 0 ? decodeEncodedRuns(original, utf8Buffer, utf8Length) : decodeEncodedRuns(original);
  if (utf8Buffer !== scratchBytes) utf8Buffer = undefined;
  if (runs.length > 0) return keepRunsView(original, key, viewWithRuns(original, runs, opts, bytes), bytes !== undefined);
  if (last !== undefined) return last;
  const view = bytes !== undefined ? asciiViewOf(original, bytes) : (uncheckedBuilt.of(original, key) ?? buildView(original, runs, opts, denseUtf8(original), utf8Buffer, utf8Length));
  return keepView(original, key, view);
}

const ENCODER = new TextEncoder();
/** Texts up to this many units keep their byte buffer for the next call; longer ones get a fresh one. */
const RETAINED_BYTES = 1 << 22;
let scratchBytes = new Uint8Array(4096);
/** The ASCII view whose text scratchBytes holds, if any. */
let scratchOwner: NormalizedText | undefined;

/**
 * After asciiBytesOf answered undefined: how many bytes of utf8Buffer hold the text's whole UTF-8, or -1
 * when it did not fit. A text too long for the retained buffer gets a buffer of its own (utf8Buffer, let
 * go once the encoded-run check has read it): the measure must not depend on retention, or every text
 * past RETAINED_BYTES with a single curly quote would take the unit-by-unit path, ~5x the cost per unit.
 */
let utf8Length = -1;
let utf8Buffer: Uint8Array | undefined;

/**
 * The units of `s` as bytes when every unit is ASCII (< 0x80; byte `s.length` is then 0, and the buffer
 * has at least 8 bytes past the text), else undefined (see utf8Length). The buffer is shared: valid until
 * the next call into this module.
 */
function asciiBytesOf(s: string): Uint8Array | undefined {
  if (s === encodedText) return encodedAnswer;
  encodedText = undefined;
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
  if (read !== n || written !== n) {
    utf8Length = read === n ? written : -1;
    utf8Buffer = read === n ? buf : undefined;
    if (utf8Buffer === undefined || utf8Buffer === scratchBytes) remember(s, undefined);
    return undefined;
  }
  buf[n] = 0;
  if (buf === scratchBytes) remember(s, buf);
  return buf;
}

/**
 * The text whose asciiBytesOf answer (and utf8Length) the retained buffer still holds, and that answer:
 * a text uncheckedView declined is encoded once, not again by the normalizeForMatching call that
 * follows (about a millisecond per MB that is not ASCII). Whatever else writes scratchBytes forgets it.
 */
let encodedText: string | undefined;
let encodedAnswer: Uint8Array | undefined;

function remember(s: string, answer: Uint8Array | undefined): void {
  encodedText = s;
  encodedAnswer = answer;
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
 * The ASCII view of `original`, given the bytes asciiBytesOf just wrote for it. When lower-casing changed
 * no unit (a text without capitals) those bytes are the view's too: asciiViewBytes then returns them
 * instead of encoding the view's text a second time.
 */
function asciiViewOf(original: string, bytes: Uint8Array): NormalizedText {
  const view = new AsciiView(original);
  if (bytes === scratchBytes && view.text === original) scratchOwner = view;
  return view;
}

/** The byte that stands for a unit that is not ASCII in viewBytes. */
export const OTHER_UNIT = 0x7f;

/**
 * The view positions of the units of `view` that may not be ASCII (every unit that is not is listed, in
 * ascending order; a listed unit may since have folded to ASCII), when normalize kept such a list (views
 * built with segments); undefined otherwise (then search the text or viewBytes' OTHER_UNIT bytes).
 */
export function nonAsciiUnits(view: NormalizedText): Int32Array | undefined {
  return view instanceof BuiltView ? view.otherUnits : undefined;
}

/**
 * The matching text of `view` as bytes, unit for unit: ASCII units as themselves and every other unit as
 * OTHER_UNIT (a reader tells those from a real DEL by the text's unit), with a 0 byte after the last and
 * at least 8 bytes of buffer past the text, as asciiViewBytes gives for an ASCII view. For a view that is
 * not ASCII, only while at most one unit in `sparse` is not ASCII (texts with an occasional curly quote,
 * dash or accent); undefined otherwise. A shared buffer, valid until the next call into this module.
 */
export function viewBytes(view: NormalizedText, sparse = 16): Uint8Array | undefined {
  if (view instanceof AsciiView) return asciiViewBytes(view);
  if (!(view instanceof BuiltView)) return undefined;
  if (scratchOwner === view) return scratchBytes;
  const text = view.text;
  const n = text.length;
  const others = view.otherUnits;
  if (others === undefined || others.length * sparse > n) return undefined;
  if (builtBytesOwner === view) return builtBytes;
  // UTF-8 first (one native call), then each unit that took more than one byte is closed up into one
  // OTHER_UNIT: every unit is at most three bytes, so n + 2 per listed unit (and the 8 of slack) is room enough.
  const need = n + 2 * others.length + 8;
  let buf = scratchBytes;
  if (buf.length < need) {
    buf = new Uint8Array(need + (need >> 2));
    if (buf.length <= RETAINED_BYTES) scratchBytes = buf;
  }
  scratchOwner = undefined;
  encodedText = undefined;
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
  if (buf === scratchBytes) scratchOwner = view;
  return buf;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * The first half of normalizeForMatching(original, opts) with `opts.decode`, for a scanner that reads
 * every unit of the view anyway and can tell where the runs of the encoded-run classes are on the way.
 * Answers the view normalizeForMatching gives when no run decodes (undefined for a text whose escape
 * markers decode, see markerRunMayDecode, or whose units are dense in other scripts). The scanner then
 * either finds no run of the classes long enough to hold a match (ENCODED_RUN; a unit that is not ASCII
 * breaks every run) and the view stands (acceptUncheckedView), or hands the runs it found to
 * noteEncodedRuns and normalizeForMatching decides, reading only there. That holds whatever the view
 * changed (a folded look-alike, a dropped invisible, NFKC's "..." for an ellipsis): such a change can
 * join runs of the view, never split one, and each unit of the text that is in a class is one unit of
 * the view in that class (lower-casing moves no unit between classes), so every run of the text lies
 * inside a run of the view at least as long.
 */
export function uncheckedView(original: string, opts: NormalizeOptions): NormalizedText | undefined {
  // Runs noted before this call are of another view (or of this one, walked again: noted again).
  runsView = undefined;
  // (markerRunMayDecode lists the markers that can begin a run; a text without any lists none: no separate
  // marker test first, which read the text's markers a second time.)
  if (!opts.decode || markerRunMayDecode(original)) return undefined;
  const key = viewKey(opts);
  let view: NormalizedText;
  // The view of a text without decoded runs is kept (lastView): the same text again is not read again.
  const last = lastView.of(original, key);
  if (last !== undefined) view = last;
  else {
    const bytes = asciiBytesOf(original);
    if (bytes !== undefined) view = asciiViewOf(original, bytes);
    else {
      if (denseUtf8(original)) return undefined;
      view = uncheckedBuilt.keep(original, key, buildView(original, [], opts, false, utf8Buffer, utf8Length));
    }
  }
  return uncheckedAnswer.keep(original, key, view);
}

/**
 * One view kept for one text under one folding key (viewKey): the views below each keep the last of their
 * kind, so that the detectors scanning the same text one after the other (injection, then safety) build it once.
 */
class KeptView<V extends NormalizedText> {
  private text: string | undefined = undefined;
  private key = -1;
  private view: V | undefined = undefined;

  /** The kept view when it is of `text` under `key`. */
  of(text: string, key: number): V | undefined {
    return this.view !== undefined && this.key === key && this.text === text ? this.view : undefined;
  }

  keep(text: string, key: number, view: V): V {
    this.text = text;
    this.key = key;
    this.view = view;
    return view;
  }

  drop(): void {
    this.text = undefined;
    this.view = undefined;
  }
}

// The view uncheckedView built last (not an ASCII one), for normalizeForMatching of the same text when it has no runs.
const uncheckedBuilt = new KeptView<NormalizedText>();
// The view uncheckedView answered last.
const uncheckedAnswer = new KeptView<NormalizedText>();

// The runs a scanner found in the view uncheckedView answered (see noteEncodedRuns).
let runsView: NormalizedText | undefined;
let runsFound: Int32Array = new Int32Array(0);
let runsCount = 0;

/**
 * Tells normalizeForMatching where the runs of the encoded-run classes are in `view` (an uncheckedView
 * answer): `runs` holds `count` pairs (class, last), `last` a unit of a run of that class (a bit of
 * RUN_CLASS; binaryDigit for the runs of 0/1 digits and separators), among them one unit of every run
 * long enough to hold a match (see decodeEncodedRunsIn), in ascending order for each class. Read by the
 * normalizeForMatching call for the same text that follows (nothing is copied: the scanner must not
 * change `runs` before that).
 */
export function noteEncodedRuns(view: NormalizedText, runs: Int32Array, count: number): void {
  runsView = view;
  runsFound = runs;
  runsCount = count;
}

/** Records `view` (from uncheckedView, whose text had none of the runs) as normalizeForMatching would have. */
export function acceptUncheckedView(original: string, opts: NormalizeOptions, view: NormalizedText): void {
  const key = viewKey(opts);
  if (lastView.of(original, key) === undefined) lastView.keep(original, key, view);
}

/**
 * The spans of the original text (triples class, from, to; see decodeEncodedRunsIn) of the runs noted
 * for `view`: each noted unit's whole run of its class in the view, mapped back. A run of the view maps
 * onto a stretch of the text whose runs of the class are maximal there too (the units on either side of
 * it are outside the class, or not ASCII); a run noted twice is taken once.
 */
function spansOfNotedRuns(view: NormalizedText): Int32Array {
  const text = view.text;
  const n = text.length;
  const spans = new Int32Array(3 * runsCount);
  const ascii = view instanceof AsciiView;
  const built = view instanceof BuiltView && view.segments !== undefined ? view : undefined;
  // The end of the last run taken, per class bit.
  const taken = new Int32Array(RUN_CLASS.morse + 1).fill(-1);
  let count = 0;
  for (let k = 0; k < 2 * runsCount; k += 2) {
    const cls = runsFound[k]!;
    const at = runsFound[k + 1]!;
    if (at < taken[cls]!) continue;
    const flag = cls === RUN_CLASS.binaryDigit ? RUN_CLASS.binaryDigit | RUN_CLASS.binarySeparator : cls;
    let s = at;
    while (s > 0 && (encodedRunClasses(text.charCodeAt(s - 1)) & flag) !== 0) s--;
    let e = at;
    while (e < n && (encodedRunClasses(text.charCodeAt(e)) & flag) !== 0) e++;
    if (e <= at) continue;
    taken[cls] = e;
    spans[count * 3] = cls;
    spans[count * 3 + 1] = ascii ? s : built !== undefined ? built.startOf(s) : view.starts[s]!;
    spans[count * 3 + 2] = ascii ? e : built !== undefined ? built.endOf(e - 1) : view.ends[e - 1]!;
    count++;
  }
  return spans.subarray(0, 3 * count);
}

// The last view built without decoded runs (one entry: the next text replaces it).
const lastView = new KeptView<NormalizedText>();

/** The folding options a view without decoded runs depends on, as the key of the kept views. */
function viewKey(opts: NormalizeOptions): number {
  return (opts.unicode ? 1 : 0) | (opts.homoglyphs ? 2 : 0);
}

/** Keeps `view` as the last view of `original` (and drops uncheckedView's built one); returns it. */
function keepView(original: string, key: number, view: NormalizedText): NormalizedText {
  uncheckedBuilt.drop();
  return lastView.keep(original, key, view);
}

// The last view built with decoded runs (by pieces), for the view without them of the same text (withoutRuns).
// Kept while other texts come between (the injection step reads the system prompt too): one view, as lastView.
const decodedView = new KeptView<BuiltView>();

/**
 * Keeps `view`, the view of `original` with its decoded runs, for withoutRuns; returns it. Not for an
 * ASCII text (whose view without runs is an AsciiView, cheap to make).
 */
function keepRunsView(original: string, key: number, view: NormalizedText, ascii: boolean): NormalizedText {
  const pieces = !ascii && view instanceof BuiltView && view.segments !== undefined;
  if (pieces) decodedView.keep(original, key, view);
  else decodedView.drop();
  return view;
}

/** A spare buffer for withoutRuns' bytes (it reads the view's bytes from builtBytes while it writes these). */
let spareBytes: Uint8Array = new Uint8Array(4096);

/**
 * The view buildView gives `original` without decoded runs, made from `view`, its view with them (built by
 * pieces): the same text with each run's own units lower-cased in place of the decoded text, the same
 * offsets (a run's units map one to one again), the same other units, folds, invisibles and bytes. That
 * holds because a run is ASCII and a decoded run only ends a word (the word before it and the one after
 * it): the views differ nowhere else when every word touching a run is ASCII alone, i.e. the ASCII word
 * units on either side of each run reach an ASCII unit that is not one, another run, or an end of the text,
 * not a unit that is not ASCII (a look-alike's fold is decided per word). Undefined otherwise (and for a
 * run that decoded to nothing, which has no segment): then the view is built. Rebuilding costs several
 * passes and a per-piece string build; this costs one join of the view's pieces and a byte copy.
 */
function withoutRuns(original: string, view: BuiltView): BuiltView | undefined {
  const runs = view.decoded;
  const n = original.length;
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r]!;
    const floor = r > 0 ? runs[r - 1]!.end : 0;
    let p = run.start - 1;
    while (p >= floor && isAsciiWordUnit(original.charCodeAt(p))) p--;
    if (p >= floor && original.charCodeAt(p) >= 0x80) return undefined;
    const ceiling = r + 1 < runs.length ? runs[r + 1]!.start : n;
    p = run.end;
    while (p < ceiling && isAsciiWordUnit(original.charCodeAt(p))) p++;
    if (p < ceiling && original.charCodeAt(p) >= 0x80) return undefined;
  }
  const { view: segView, start: segStart, end: segEnd } = view.segments!;
  const vText = view.text;
  const segments = segView.length;
  const newView = new Int32Array(segments);
  const newStart = new Int32Array(segments);
  const newEnd = new Int32Array(segments);
  // Each run's view units [runFrom, runTo) in `view`, and how many more units the view without runs has after it.
  const runFrom = new Int32Array(runs.length);
  const runTo = new Int32Array(runs.length);
  const shift = new Int32Array(runs.length);
  const parts: string[] = [];
  let r = 0;
  let delta = 0;
  let copied = 0;
  for (let s = 0; s < segments; s++) {
    const at = segView[s]!;
    newView[s] = at + delta;
    const run = runs[r];
    if (run !== undefined && segStart[s] === run.start && segEnd[s] === run.end) {
      const to = s + 1 < segments ? segView[s + 1]! : vText.length;
      if (at > copied) parts.push(vText.slice(copied, at));
      parts.push(original.slice(run.start, run.end).toLowerCase());
      copied = to;
      newStart[s] = run.start;
      newEnd[s] = -1;
      runFrom[r] = at;
      runTo[r] = to;
      delta += run.end - run.start - (to - at);
      shift[r] = delta;
      r++;
    } else {
      newStart[s] = segStart[s]!;
      newEnd[s] = segEnd[s]!;
    }
  }
  if (r !== runs.length) return undefined;
  if (copied < vText.length) parts.push(vText.slice(copied));
  const text = parts.join('');
  // Other units: those of decoded runs go, the rest move by the units the runs before them gained.
  const others = view.otherUnits!;
  const kept = new Int32Array(others.length);
  let count = 0;
  r = 0;
  for (let k = 0; k < others.length; k++) {
    const p = others[k]!;
    while (r < runs.length && runTo[r]! <= p) r++;
    if (r < runs.length && runFrom[r]! <= p) continue;
    kept[count++] = p + (r > 0 ? shift[r - 1]! : 0);
  }
  const result = new BuiltView(text, n, { view: newView, start: newStart, end: newEnd }, undefined, kept.slice(0, count), [], view.invisible.slice(), view.mixedScriptWords.slice());
  if (builtBytesOwner === view) {
    // The bytes: the view's outside the runs, each run's units lower-cased (all ASCII) in its place.
    const src = builtBytes;
    const need = text.length + 8;
    let dst = spareBytes;
    if (dst.length < need) dst = new Uint8Array(need + (need >> 2));
    let from = 0;
    for (let k = 0; k < runs.length; k++) {
      const run = runs[k]!;
      const at = runFrom[k]! + (k > 0 ? shift[k - 1]! : 0);
      dst.set(src.subarray(from, runFrom[k]!), at - (runFrom[k]! - from));
      for (let u = run.start, v = at; u < run.end; u++, v++) {
        const c = original.charCodeAt(u);
        dst[v] = c >= 65 && c <= 90 ? c + 32 : c;
      }
      from = runTo[k]!;
    }
    const tail = runs.length > 0 ? shift[runs.length - 1]! : 0;
    dst.set(src.subarray(from, vText.length), from + tail);
    dst[text.length] = 0;
    if (dst.length <= RETAINED_BYTES) {
      spareBytes = src;
      builtBytes = dst;
      builtBytesOwner = result;
    }
  }
  return result;
}

/**
 * Whether the text whose UTF-8 was last encoded (utf8Length bytes; negative when it did not fit) has
 * about one unit in 16 or more that is not ASCII: such a view is built unit by unit, not from its UTF-8.
 */
function denseUtf8(original: string): boolean {
  return utf8Length < 0 || (utf8Length - original.length) * 16 > original.length;
}

/**
 * The view of `original` with `runs` decoded; `bytes` is the text itself when ASCII (asciiBytesOf), else
 * undefined and its UTF-8 is read from utf8Buffer. Unit by unit when the text is dense in other units.
 */
function viewWithRuns(original: string, runs: DecodedRun[], opts: NormalizeOptions, bytes: Uint8Array | undefined): NormalizedText {
  return buildView(original, runs, opts, bytes === undefined && denseUtf8(original), bytes ?? utf8Buffer, bytes !== undefined ? original.length : utf8Length);
}

/**
 * The view of `original` with `runs` decoded. `utf8`, when given, holds the text's UTF-8 from its first
 * byte (asciiBytesOf's bytes, or utf8Buffer), `utf8Bytes` of them: the ASCII pieces are then read from it
 * (see PieceBuilder), and the next unit that is not ASCII is searched for there (see nextNonAsciiByte).
 */
function buildView(original: string, runs: DecodedRun[], opts: NormalizeOptions, dense: boolean, utf8?: Uint8Array, utf8Bytes = -1): NormalizedText {
  const out: ViewSink = dense ? new UnitBuilder(original.length + 16) : new PieceBuilder(utf8);
  const invisible: Span[] = [];
  const mixedScriptWords: Span[] = [];

  // Look-alike folding is decided per word: a word that mixes ASCII letters with look-alikes ("pаssword"
  // with a Cyrillic а), or consists only of look-alikes inside mostly-Latin text, is folded to ASCII and
  // reported; an ordinary Russian or Greek word is left alone so that language's own patterns still match.
  // Letters are written as they are and the folds of the current word are applied when it ends.
  // Whether the text is mostly Latin matters only for a word of look-alikes alone: decided at the first.
  let latinText: boolean | undefined;
  let wordOpen = false;
  let wordStart = 0;
  let wordEnd = 0;
  let wordAscii = false;
  let wordForeign = false;
  /** The current word's look-alike letters (ViewSink.pushString handles) and their ASCII folds. */
  const pendingAt: number[] = [];
  const pendingCode: number[] = [];
  const flushWord = (): void => {
    if (!wordOpen) return;
    if (pendingAt.length > 0 && (wordAscii || (!wordForeign && (latinText ??= mostlyLatin(original))))) {
      for (let k = 0; k < pendingAt.length; k++) out.fold(pendingAt[k]!, pendingCode[k]!);
      mixedScriptWords.push({ start: wordStart, end: wordEnd });
    }
    wordOpen = false;
    wordAscii = false;
    wordForeign = false;
    pendingAt.length = 0;
    pendingCode.length = 0;
  };
  const inWord = (start: number, end: number): void => {
    if (!wordOpen) {
      wordOpen = true;
      wordStart = start;
    }
    wordEnd = end;
  };

  let runIndex = 0;
  let i = 0;
  /** The UTF-8 bytes before unit i past one per unit (the runs decoded and the ASCII pieces add none). */
  let extra = 0;
  const n = original.length;
  /** The first unit at or after i that is not ASCII (n when none), or -1 before it is searched. */
  let nextOther = -1;
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
    // ASCII up to the next other unit or run: lower-cased and copied as one piece (one view unit per
    // original unit); only its first and last words can belong to words that continue past it.
    // In the UTF-8 the units from i up to the next other one are one byte each, at i + extra onwards.
    if (nextOther < i) nextOther = utf8 !== undefined && utf8Bytes >= 0 ? nextNonAsciiByte(original, i, utf8, i + extra, utf8Bytes) - extra : nextNonAscii(original, i);
    const stop = run !== undefined && run.start > i && run.start < nextOther ? run.start : nextOther;
    if (stop > i) {
      let lead = i;
      let letters = false;
      for (let c = original.charCodeAt(lead); lead < stop && isAsciiWordUnit(c); c = original.charCodeAt(++lead)) if (c >= 65) letters = true;
      if (lead > i) {
        inWord(i, lead);
        if (letters) wordAscii = true;
      }
      if (lead < stop) {
        flushWord();
        let trail = stop;
        letters = false;
        for (let c = original.charCodeAt(trail - 1); isAsciiWordUnit(c); c = original.charCodeAt(--trail - 1)) if (c >= 65) letters = true;
        if (trail < stop) {
          inWord(trail, stop);
          if (letters) wordAscii = true;
        }
      }
      out.pushAscii(original, i, stop, i + extra);
      i = stop;
      continue;
    }
    const cp = original.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    // UTF-8 bytes past one per unit: 2-byte characters one, 3-byte ones (lone surrogates too: U+FFFD) and pairs two.
    extra += cp < 0x800 ? 1 : 2;
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
      const piece = out.pushString(info.plain, i, i + width);
      if (folded !== undefined && info.plain.length === 1) {
        pendingAt.push(piece);
        pendingCode.push(folded.charCodeAt(0));
      } else if (info.asciiWord) wordAscii = true;
      else wordForeign = true;
    } else if (info.plain.length > 0 && !info.mark) {
      flushWord();
      out.pushString(info.plain, i, i + width);
    }
    // A lone combining mark (or a character that normalises to nothing) belongs to the word it decorates.
    i += width;
  }
  flushWord();
  return out.finish(n, runs, invisible, mixedScriptWords);
}

const NON_ASCII_UNIT = /[\u0080-\uffff]/g;

/** The first unit of `s` at or after `from` that is not ASCII, or s.length. */
function nextNonAscii(s: string, from: number): number {
  // Stretches between other units are often short (spaces between words of another script): a few units
  // are read before the regex (fast over long stretches) takes over.
  const near = Math.min(s.length, from + 16);
  for (let i = from; i < near; i++) if (s.charCodeAt(i) >= 0x80) return i;
  if (near === s.length) return near;
  NON_ASCII_UNIT.lastIndex = near;
  return NON_ASCII_UNIT.test(s) ? NON_ASCII_UNIT.lastIndex - 1 : s.length;
}

/**
 * nextNonAscii(s, from) read from the text's UTF-8 (`utf8`, `end` bytes), where unit `from` is byte
 * `at` and every unit before the answer is one byte: answers the byte of that unit (`end` when none).
 * The regex reads a text with other units as two bytes per unit (about 1.7 ms per MB); the bytes are
 * read a 32-bit word at a time (a word with a byte >= 0x80 holds the answer).
 */
function nextNonAsciiByte(s: string, from: number, utf8: Uint8Array, at: number, end: number): number {
  const near = Math.min(s.length, from + 16);
  for (let i = from; i < near; i++) if (s.charCodeAt(i) >= 0x80) return at + i - from;
  let b = at + near - from;
  if (utf8.byteOffset % 4 === 0) {
    const words = utf8Words(utf8);
    while (b < end && (b & 3) !== 0) {
      if (utf8[b]! >= 0x80) return b;
      b++;
    }
    let w = b >> 2;
    const lastWord = end >> 2;
    while (w < lastWord && (words[w]! & 0x80808080) === 0) w++;
    b = w << 2;
  }
  while (b < end && utf8[b]! < 0x80) b++;
  return b;
}

/** A 32-bit view of `bytes`' whole words (kept for the last buffer asked). */
function utf8Words(bytes: Uint8Array): Int32Array {
  if (wordsOf !== bytes) {
    wordsOf = bytes;
    wordsView = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  }
  return wordsView;
}
let wordsOf: Uint8Array | undefined;
let wordsView: Int32Array = new Int32Array(0);

/** [A-Za-z0-9]: the ASCII units that make words while building a view (A-Z lower-cased). */
function isAsciiWordUnit(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
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

/** Where buildView writes the view: PieceBuilder for texts with a few units that are not ASCII, UnitBuilder for the rest. */
interface ViewSink {
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

class PieceBuilder implements ViewSink {
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
    builtBytesOwner = undefined;
    if (utf8 !== undefined) this.bytes = builtBytes;
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
    const piece = (utf8 !== undefined && end - start >= DECODED_PIECE ? ASCII_PIECE.decode(utf8.subarray(byteStart, byteStart + end - start)) : original.slice(start, end)).toLowerCase();
    this.pieces.push(piece);
    this.pieceAt.push(this.length);
    if (utf8 !== undefined) ENCODER.encodeInto(piece, this.byteRoom(end - start).subarray(this.length, this.length + end - start));
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
    const segments = { view: segViewScratch.slice(0, this.segments), start: segStartScratch.slice(0, this.segments), end: segEndScratch.slice(0, this.segments) };
    const view = new BuiltView(text, originalLength, segments, undefined, otherScratch.slice(0, this.others), decoded, invisible, mixedScriptWords);
    const bytes = this.bytes;
    if (bytes !== undefined) {
      bytes[this.length] = 0;
      // A buffer grown past RETAINED_BYTES is let go: viewBytes encodes such a view as before.
      if (bytes.length <= RETAINED_BYTES) {
        builtBytes = bytes;
        builtBytesOwner = view;
      }
    }
    return view;
  }
}


/** The bytes (viewBytes) of the view PieceBuilder built last, and that view (undefined when none is valid). */
let builtBytes: Uint8Array = new Uint8Array(4096);
let builtBytesOwner: NormalizedText | undefined;

/** ASCII pieces at least this long are read from the text's UTF-8 (see PieceBuilder). */
const DECODED_PIECE = 64;
const ASCII_PIECE = new TextDecoder('utf-8');

/** A view dense in units that are not ASCII (other scripts): unit by unit, with the offset tables filled as it goes. */
class UnitBuilder implements ViewSink {
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
      for (let k = 0; k < n; k += 8192) parts.push(String.fromCharCode.apply(null, units.subarray(k, Math.min(n, k + 8192)) as unknown as number[]));
      text = parts.join('');
    }
    const starts = new Int32Array(n + 1);
    starts.set(this.starts.subarray(0, n));
    starts[n] = originalLength;
    const ends = new Int32Array(n + 1);
    ends.set(this.ends.subarray(0, n));
    ends[n] = originalLength;
    return new BuiltView(text, originalLength, undefined, { starts, ends }, undefined, decoded, invisible, mixedScriptWords);
  }
}

// ignoreBOM: a leading U+FEFF is a unit of the view like any other (the decoder would drop it otherwise).
const UTF16 = new TextDecoder('utf-16le', { ignoreBOM: true });
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * A view that is not plain ASCII (normalizeForMatching of a text with other units, or with decoded runs).
 * Built by UnitBuilder, it has its offset tables. Built by PieceBuilder, its offsets are kept as
 * segments of view units: a segment with end -1 maps its k-th unit onto original unit start + k (an
 * ASCII stretch), any other maps all its units onto original [start, end); the tables are built from them
 * on first read, and mapSpan reads the segments directly.
 */
class BuiltView implements NormalizedText {
  constructor(
    readonly text: string,
    /** Units of the original text (what starts[text.length] and ends[text.length] hold). */
    readonly originalLength: number,
    readonly segments: { view: Int32Array; start: Int32Array; end: Int32Array } | undefined,
    private tables: { starts: Int32Array; ends: Int32Array } | undefined,
    /** With segments: the view positions of units that may not be ASCII (every one that is not is listed, ascending). */
    readonly otherUnits: Int32Array | undefined,
    readonly decoded: DecodedRun[],
    readonly invisible: Span[],
    readonly mixedScriptWords: Span[],
  ) {}

  get starts(): Int32Array {
    return (this.tables ??= this.buildTables()).starts;
  }

  get ends(): Int32Array {
    return (this.tables ??= this.buildTables()).ends;
  }

  private buildTables(): { starts: Int32Array; ends: Int32Array } {
    const len = this.text.length;
    const starts = new Int32Array(len + 1);
    const ends = new Int32Array(len + 1);
    const { view, start, end } = this.segments!;
    for (let s = 0; s < view.length; s++) {
      const to = s + 1 < view.length ? view[s + 1]! : len;
      const from = view[s]!;
      const origin = start[s]!;
      const last = end[s]!;
      if (last < 0) {
        for (let v = from; v < to; v++) {
          starts[v] = origin + v - from;
          ends[v] = origin + v - from + 1;
        }
      } else {
        starts.fill(origin, from, to);
        ends.fill(last, from, to);
      }
    }
    starts[len] = this.originalLength;
    ends[len] = this.originalLength;
    return { starts, ends };
  }

  /** starts[v] for 0 <= v < text.length, from the segments. */
  startOf(v: number): number {
    const seg = this.segments!;
    const s = this.segmentOf(v);
    return seg.end[s]! < 0 ? seg.start[s]! + v - seg.view[s]! : seg.start[s]!;
  }

  /** ends[v] for 0 <= v < text.length, from the segments. */
  endOf(v: number): number {
    const seg = this.segments!;
    const s = this.segmentOf(v);
    const last = seg.end[s]!;
    return last < 0 ? seg.start[s]! + v - seg.view[s]! + 1 : last;
  }

  /** The last segment whose first view unit is at or before v. */
  private segmentOf(v: number): number {
    const view = this.segments!.view;
    let lo = 0;
    let hi = view.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (view[mid]! <= v) lo = mid;
      else hi = mid - 1;
    }
    return lo;
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
  if (view instanceof BuiltView && view.segments !== undefined) {
    // The table values, read from the segments (the same clamping; a span of an empty view reads the tables).
    const n = view.text.length;
    const from = Math.max(0, Math.min(start, n));
    const last = Math.min(end, n) - 1;
    if (n > 0 && (end <= start || last >= 0)) {
      const s = from < n ? view.startOf(from) : view.originalLength;
      const e = end > start ? view.endOf(last) : s;
      return { start: s, end: Math.max(s, e) };
    }
  }
  const s = view.starts[Math.max(0, Math.min(start, view.text.length))]!;
  const e = end > start ? view.ends[Math.min(end, view.text.length) - 1]! : s;
  return { start: s, end: Math.max(s, e) };
}
