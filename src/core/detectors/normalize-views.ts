/**
 * The matching views normalize.ts answers, and the mapping of a span of a view back to the original text.
 * A plain ASCII text with nothing decoded gets an AsciiView (the lower-cased text, identity offsets); any
 * other a BuiltView, with offset tables (UnitBuilder) or segments the tables are built from when read
 * (PieceBuilder; both in normalize-sinks.ts). mapSpan reads either without building the tables.
 */
import type { DecodedRun } from './normalize-decode.js';
import { keepShape } from '../keep-shape.js';

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
  /**
   * Upside-down text (isUpsideDownLetter: "ǝɹouƃı"): the original start, end pairs of its letters, the
   * first MAX_UPSIDE_DOWN, when the text has UPSIDE_DOWN_MIN or more; else undefined.
   */
  readonly upsideDown?: Int32Array | undefined;
}

/**
 * A view that is not plain ASCII (normalizeForMatching of a text with other units, or with decoded runs).
 * Built by UnitBuilder, it has its offset tables. Built by PieceBuilder, its offsets are kept as
 * segments of view units: a segment with end -1 maps its k-th unit onto original unit start + k (an
 * ASCII stretch), any other maps all its units onto original [start, end); the tables are built from them
 * on first read, and mapSpan reads the segments directly.
 */
export class BuiltView implements NormalizedText {
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

  /** See NormalizedText (set by buildView). */
  upsideDown: Int32Array | undefined = undefined;

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
export class AsciiView implements NormalizedText {
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

/** True when the view is known to be plain ASCII (an ASCII text with nothing decoded). */
export function isAsciiView(view: NormalizedText): boolean {
  return view instanceof AsciiView;
}

/**
 * The view positions of the units of `view` that may not be ASCII (every unit that is not is listed, in
 * ascending order; a listed unit may since have folded to ASCII), when normalize kept such a list (views
 * built with segments); undefined otherwise (then search the text or viewBytes' OTHER_UNIT bytes).
 */
export function nonAsciiUnits(view: NormalizedText): Int32Array | undefined {
  return view instanceof BuiltView ? view.otherUnits : undefined;
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

// Views live while their text is scanned: their hidden classes are kept (see keep-shape.ts).
keepShape(new BuiltView('', 0, undefined, undefined, undefined, [], [], []));
keepShape(new AsciiView(''));
