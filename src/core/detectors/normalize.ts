/**
 * Text normalisation before matching: attackers hide instructions behind encodings (base64, hex, binary,
 * URL and HTML escapes), invisible characters (zero-width, bidi controls, tag characters) and look-alike
 * letters (Cyrillic "а" for Latin "a", fullwidth forms). This module rewrites a text into one lower-case,
 * ASCII-folded "matching view" and keeps, for every UTF-16 unit of that view, the offset in the ORIGINAL
 * text it came from, so detectors can match on the view and still report original positions.
 *
 * Everything here is linear in the input: each pass walks the text once, and the run-finding regexes are
 * single character classes with no nested quantifiers.
 *
 * This file holds the public API and the views kept from call to call (normalizeForMatching, uncheckedView
 * and the runs a scanner notes, withoutRuns); every export its importers use is reachable from here. The
 * parts live beside it: normalize-views.ts (the view classes, mapSpan), normalize-bytes.ts (the shared byte
 * buffers: asciiBytesOf, asciiViewBytes, viewBytes), normalize-build.ts (buildView: decoded runs, NFKC,
 * look-alike folds per word), normalize-sinks.ts (PieceBuilder and UnitBuilder, which buildView writes
 * into), normalize-decode.ts (finding and decoding encoded runs) and normalize-tables.ts (look-alikes and
 * invisible characters).
 */
import { decodeEncodedRuns, decodeEncodedRunsIn, markerRunMayDecode, type DecodedRun } from './normalize-decode.js';
import { encodedRunClasses, RUN_CLASS } from './normalize-run-starts.js';
import { asciiBytesOf, asciiViewOf, buffers, denseUtf8, freshBuffers, RETAINED_BYTES } from './normalize-bytes.js';
import { buildView, isAsciiWordUnit, type NormalizeOptions } from './normalize-build.js';
import { AsciiView, BuiltView, type NormalizedText, type Span } from './normalize-views.js';

export type { DecodedRun } from './normalize-decode.js';
export type { NormalizeOptions } from './normalize-build.js';
export { isAsciiView, mapSpan, nonAsciiUnits, type NormalizedText, type Span } from './normalize-views.js';
export { asciiViewBytes, OTHER_UNIT, viewBytes } from './normalize-bytes.js';

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
  const runs = !opts.decode
    ? []
    : bytes !== undefined
      ? decodeEncodedRuns(original, bytes)
      : buffers.utf8Length >= 0
        ? decodeEncodedRuns(original, buffers.utf8Buffer, buffers.utf8Length)
        : decodeEncodedRuns(original);
  if (buffers.utf8Buffer !== buffers.scratchBytes) buffers.utf8Buffer = undefined;
  if (runs.length > 0)
    return keepRunsView(original, key, viewWithRuns(original, runs, opts, bytes), bytes !== undefined);
  if (last !== undefined) return last;
  const view =
    bytes !== undefined
      ? asciiViewOf(original, bytes)
      : (uncheckedBuilt.of(original, key) ??
        buildView(original, runs, opts, denseUtf8(original), buffers.utf8Buffer, buffers.utf8Length));
  return keepView(original, key, view);
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
      view = uncheckedBuilt.keep(
        original,
        key,
        buildView(original, [], opts, false, buffers.utf8Buffer, buffers.utf8Length),
      );
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

  /** What it keeps, to put back (withSeparateViews). */
  save(): () => void {
    const { text, key, view } = this;
    return () => {
      this.text = text;
      this.key = key;
      this.view = view;
    };
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

/**
 * Runs `fn` (views of other texts, e.g. the injection detector scanning a decoded reading of a stretch)
 * without disturbing what the views of the text at hand rest on: the kept views and the byte buffers
 * (which hold its view's bytes) are set aside, `fn` gets fresh small ones, and they are put back after.
 * Without it the next detector of the chain (safety, on the same text) found another text's view kept and
 * built the megabyte's view again (+16% on the docs megabyte).
 */
export function withSeparateViews<T>(fn: () => T): T {
  const kept = [lastView, uncheckedBuilt, uncheckedAnswer, decodedView].map((k) => k.save());
  const savedRunsView = runsView;
  const savedBuffers = { ...buffers };
  Object.assign(buffers, freshBuffers());
  try {
    return fn();
  } finally {
    for (const restore of kept) restore();
    runsView = savedRunsView;
    Object.assign(buffers, savedBuffers);
  }
}

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

/**
 * The view buildView gives `original` without decoded runs, made from `view`, its view with them (built by
 * pieces): the same text with each run's own units lower-cased in place of the decoded text, the same
 * offsets (a run's units map one to one again), the same other units, folds, invisibles and bytes. That
 * holds because a run is ASCII and a decoded run only ends a word (the word before it and the one after
 * it): the views differ nowhere else when every word touching a run is ASCII alone, i.e. the ASCII word
 * units on either side of each run reach an ASCII unit that is not one, another run, or an end of the text,
 * not a unit that is not ASCII (a look-alike's fold is decided per word). Undefined otherwise: then the
 * view is built. (A run that decoded to invisible characters only has no segment in `view`: its units are
 * put back between the segments around it.) Rebuilding costs several
 * passes and a per-piece string build; this costs one join of the view's pieces and a byte copy.
 */
/**
 * The parts of `spans` outside the runs: what buildView found in a run's decoded text goes with the run
 * (a run of invisible characters only may have been merged with an invisible neighbour's span). Both
 * lists are in text order and without overlaps, so one pass over each.
 */
function outsideRuns(spans: readonly Span[], runs: readonly DecodedRun[]): Span[] {
  const kept: Span[] = [];
  let r = 0;
  for (const span of spans) {
    while (r < runs.length && runs[r]!.end <= span.start) r++;
    let from = span.start;
    for (let k = r; k < runs.length && runs[k]!.start < span.end; k++) {
      if (runs[k]!.start > from) kept.push({ start: from, end: runs[k]!.start });
      from = Math.max(from, runs[k]!.end);
    }
    if (from < span.end) kept.push({ start: from, end: span.end });
  }
  return kept;
}

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
  // A run that decoded to invisible characters only has no segment: it gets one (its own units) here.
  const newView = new Int32Array(segments + runs.length);
  const newStart = new Int32Array(segments + runs.length);
  const newEnd = new Int32Array(segments + runs.length);
  // Each run's view units [runFrom, runTo) in `view`, and how many more units the view without runs has after it.
  const runFrom = new Int32Array(runs.length);
  const runTo = new Int32Array(runs.length);
  const shift = new Int32Array(runs.length);
  const parts: string[] = [];
  let r = 0;
  let delta = 0;
  let copied = 0;
  let w = 0;
  /** The end of the original text the segments so far map onto. */
  let covered = 0;
  /** Puts run r's own units back at view unit `at` of `view`, in place of its decoded units [at, to). */
  const putBack = (at: number, to: number): void => {
    const run = runs[r]!;
    if (at > copied) parts.push(vText.slice(copied, at));
    parts.push(original.slice(run.start, run.end).toLowerCase());
    copied = to;
    newView[w] = at + delta;
    newStart[w] = run.start;
    newEnd[w++] = -1;
    runFrom[r] = at;
    runTo[r] = to;
    delta += run.end - run.start - (to - at);
    shift[r] = delta;
    r++;
  };
  for (let s = 0; s < segments; s++) {
    const at = segView[s]!;
    const to = s + 1 < segments ? segView[s + 1]! : vText.length;
    // Runs that no segment so far reaches and that end before this one begins decoded to nothing.
    while (r < runs.length && covered <= runs[r]!.start && segStart[s]! >= runs[r]!.end) putBack(at, at);
    const run = runs[r];
    if (run !== undefined && segStart[s] === run.start && segEnd[s] === run.end) putBack(at, to);
    else {
      newView[w] = at + delta;
      newStart[w] = segStart[s]!;
      newEnd[w++] = segEnd[s]!;
    }
    covered = segEnd[s]! < 0 ? segStart[s]! + to - at : segEnd[s]!;
  }
  while (r < runs.length && covered <= runs[r]!.start) putBack(vText.length, vText.length);
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
  const result = new BuiltView(
    text,
    n,
    { view: newView.subarray(0, w), start: newStart.subarray(0, w), end: newEnd.subarray(0, w) },
    undefined,
    kept.slice(0, count),
    [],
    outsideRuns(view.invisible, runs),
    outsideRuns(view.mixedScriptWords, runs),
  );
  if (buffers.builtBytesOwner === view) {
    // The bytes: the view's outside the runs, each run's units lower-cased (all ASCII) in its place.
    const src = buffers.builtBytes;
    const need = text.length + 8;
    let dst = buffers.spareBytes;
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
      buffers.spareBytes = src;
      buffers.builtBytes = dst;
      buffers.builtBytesOwner = result;
    }
  }
  return result;
}

/**
 * The view of `original` with `runs` decoded; `bytes` is the text itself when ASCII (asciiBytesOf), else
 * undefined and its UTF-8 is read from utf8Buffer. Unit by unit when the text is dense in other units.
 */
function viewWithRuns(
  original: string,
  runs: DecodedRun[],
  opts: NormalizeOptions,
  bytes: Uint8Array | undefined,
): NormalizedText {
  return buildView(
    original,
    runs,
    opts,
    bytes === undefined && denseUtf8(original),
    bytes ?? buffers.utf8Buffer,
    bytes !== undefined ? original.length : buffers.utf8Length,
  );
}
