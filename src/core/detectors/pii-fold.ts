/**
 * A scanning view for the PII detector and the secrets scanner that undoes the cheap disguises a value
 * can wear without changing what a reader (or a model) sees in it:
 * - invisible characters inside it are dropped, the same set the injection normaliser drops (isInvisible):
 *   soft hyphen, zero-width space / joiners, word joiner, invisible operators, BOM, bidi controls,
 *   variation selectors, tag characters, fillers (`john\u200b.smith@example.com`, `AKIA\u00adZ3MS...`);
 * - fullwidth ASCII (U+FF01-FF5E, as CJK input methods type it) becomes ASCII, the ideographic space a
 *   space, Arabic-Indic and Extended Arabic-Indic digits ASCII digits (`４１１１ １１１１ ...`);
 * - the Unicode hyphens and minus (U+2010-U+2013, U+2212) become '-' (`536‑22‑1234`);
 * - JSON `\uXXXX` escapes become the character they stand for (`jane\u0040example.org`,
 *   `M\u00fcller@beispiel.de` as Python's json.dumps writes it), then fold as above.
 *
 * Matches on the view are mapped back to the original offsets, so findings and redaction cover the
 * disguised value whole, invisible characters included. Texts with none of these characters (nearly all)
 * cost one native character-class search and are scanned as they are.
 *
 * The prompt-injection normaliser (normalize.ts) builds a lower-cased, look-alike-folded view for words;
 * PII and credentials are case-sensitive and need none of its decoding, so they use this one.
 */
import type { TextMatch } from './match.js';
import { isInvisible } from './normalize-tables.js';

/**
 * The units the view changes: the invisible characters of normalize-tables.ts (isInvisible) that are in
 * the BMP, fullwidth ASCII and the ideographic space, Arabic-Indic digits and the Unicode hyphens and
 * minus (the combining characters are listed one by one, to be dropped, not combined: hence the lint
 * exception). INVISIBLE_PAIR: the invisible characters past the BMP, as surrogate pairs (tag characters,
 * used to smuggle text, variation selectors, musical formatting controls).
 */
// eslint-disable-next-line no-misleading-character-class
const FOLDABLE_CLASS = /[\u00ad\u034f\u061c\u0660-\u0669\u06f0-\u06f9\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2010-\u2013\u202a-\u202e\u2060-\u206f\u2212\u3000\u3164\ufe00-\ufe0f\ufeff\uff01-\uff5e\uffa0\ufff0-\ufff8]/.source;
const INVISIBLE_PAIR = /\ud834[\udd73-\udd7a]|\udb40[\udc00-\udc7f\udd00-\uddef]/.source;
/** Runs of foldable units, invisible pairs and JSON `\uXXXX` escapes: what foldForScan rebuilds. */
// eslint-disable-next-line no-misleading-character-class
const FOLDABLE = new RegExp(`(?:${FOLDABLE_CLASS}|${INVISIBLE_PAIR}|\\\\u[0-9A-Fa-f]{4})+`, 'g');

/** The unit a kept character becomes in the view. */
function foldUnit(c: number): number {
  if (c >= 0xff01 && c <= 0xff5e) return c - 0xfee0;
  if (c >= 0x660 && c <= 0x669) return c - 0x660 + 48;
  if (c >= 0x6f0 && c <= 0x6f9) return c - 0x6f0 + 48;
  if (c === 0x3000) return 32;
  if ((c >= 0x2010 && c <= 0x2013) || c === 0x2212) return 45;
  return c;
}

export interface FoldedView {
  text: string;
  /**
   * Where characters were dropped, as view offsets, ascending: a dropped character sat just before the
   * view unit at that offset. A view unit v came from original offset v + (drops at offsets <= v).
   */
  drops: number[];
}

/** The view of `text`, or null when it has nothing to fold (scan the text itself). */
export function foldForScan(text: string): FoldedView | null {
  FOLDABLE.lastIndex = 0;
  if (!FOLDABLE.test(text)) return null;
  const drops: number[] = [];
  // Only the runs that change are rebuilt; the text between them is copied by the engine.
  const view = text.replace(FOLDABLE, (run: string, offset: number) => {
    let out = '';
    for (let k = 0; k < run.length; k++) {
      // The view offset this unit would take.
      const at = offset + k - drops.length;
      let c = run.codePointAt(k)!;
      let width = c > 0xffff ? 2 : 1;
      if (c === 92) {
        // A JSON escape (tool-call arguments and tool results are JSON text; what the tool or the
        // reader gets is the character): `jane\u0040example.org`, `M\u00fcller`.
        c = parseInt(run.slice(k + 2, k + 6), 16);
        width = 6;
      }
      if (isInvisible(c)) {
        for (let d = 0; d < width; d++) drops.push(at);
      } else {
        out += String.fromCharCode(foldUnit(c));
        // The escape's other units come after the unit it became.
        for (let d = 1; d < width; d++) drops.push(at + 1);
      }
      k += width - 1;
    }
    return out;
  });
  return { text: view, drops };
}

/** Original offset of view unit `v`. */
export function originOf(view: FoldedView, v: number): number {
  const d = view.drops;
  let lo = 0;
  let hi = d.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (d[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return v + lo;
}

/**
 * Runs `scan` over the folded view of `text` when it has one, and maps the matches back to `text`:
 * a match starts at its first unit's original offset and ends where the unit after it came from, so the
 * invisible characters and escapes inside it are covered.
 *
 * A long text with a few foldable runs (a megabyte of documentation has dozens: dash ranges "22–50",
 * minus signs, an escape quoted in prose) is not folded whole: rebuilding it cost more than the PII scan
 * itself (2.9 ms per MB of docs against 1.8). It is scanned as it is, and each run is scanned again in
 * the folded view of a window `margin` units either side of it; a window match that covers a run takes
 * the place of the plain matches it overlaps. `margin` is above the longest value the scanner reports
 * whole, so a value that holds a run lies inside its window with its context.
 */
export function scanFolded(text: string, scan: (text: string) => TextMatch[], margin = 512): TextMatch[] {
  const runs = foldableRuns(text, Math.floor(text.length / (8 * margin)));
  if (runs === null) return scan(text);
  if (runs === WHOLE) return scanWhole(text, foldForScan(text)!, scan);
  const plain = scan(text);
  const found: TextMatch[] = [];
  const n = text.length;
  for (let r = 0; r < runs.length; ) {
    // A window: the runs whose margins meet, each `margin` units either side.
    const from = Math.max(0, runs[r]! - margin);
    let to = Math.min(n, runs[r + 1]! + margin);
    const first = r;
    r += 2;
    while (r < runs.length && runs[r]! - margin <= to) {
      to = Math.min(n, runs[r + 1]! + margin);
      r += 2;
    }
    const window = text.slice(from, to);
    const view = foldForScan(window);
    if (view === null) continue;
    for (const m of scanWhole(window, view, scan)) {
      const start = m.start + from;
      const end = m.end + from;
      // A match at a cut edge may be a part of a longer value: the plain scan has that one.
      if ((start === from && from > 0) || (end === to && to < n)) continue;
      if (coversRun(runs, first, r, start, end)) found.push({ ...m, start, end });
    }
  }
  if (found.length === 0) return plain;
  const kept = plain.filter((p) => !found.some((f) => f.start < p.end && p.start < f.end));
  return [...kept, ...found].sort((a, b) => a.start - b.start || a.end - b.end);
}

/** scan over `view` (the folded view of `text`), its matches mapped back to `text`. */
function scanWhole(text: string, view: FoldedView, scan: (text: string) => TextMatch[]): TextMatch[] {
  return scan(view.text).map((m) => {
    const start = originOf(view, m.start);
    // The end is where the next unit came from: the whole escape of the last unit is inside.
    return {
      ...m,
      start,
      end: m.end <= m.start ? start : m.end < view.text.length ? originOf(view, m.end) : text.length,
    };
  });
}

/** foldableRuns' answer for a text to fold whole. */
const WHOLE: Int32Array = new Int32Array(0);
/** Runs of FOLDABLE's character class (its escapes are found by nextEscape). */
// eslint-disable-next-line no-misleading-character-class
const FOLDABLE_UNIT = new RegExp(`(?:${FOLDABLE_CLASS}|${INVISIBLE_PAIR})+`, 'g');
const HEX4 = /^[0-9A-Fa-f]{4}$/;

/**
 * Where `text` has something to fold, as [start, end) pairs in order, or null when nowhere (nearly every
 * text: one native class search, and an indexOf for escapes); WHOLE when there are more than `most`
 * runs (fold the whole text). A run here is a stretch of foldable units or one JSON escape.
 */
function foldableRuns(text: string, most: number): Int32Array | null {
  FOLDABLE_UNIT.lastIndex = 0;
  let unit = FOLDABLE_UNIT.exec(text);
  let escape = nextEscape(text, 0);
  if (unit === null && escape < 0) return null;
  const runs: number[] = [];
  while (unit !== null || escape >= 0) {
    if (runs.length >= 2 * most) return WHOLE;
    if (unit !== null && (escape < 0 || unit.index < escape)) {
      runs.push(unit.index, unit.index + unit[0].length);
      unit = FOLDABLE_UNIT.exec(text);
    } else {
      runs.push(escape, escape + 6);
      escape = nextEscape(text, escape + 6);
    }
  }
  return Int32Array.from(runs);
}

/** The next JSON `\uXXXX` escape at or after `from`, or -1. */
function nextEscape(text: string, from: number): number {
  for (let at = text.indexOf('\\u', from); at >= 0; at = text.indexOf('\\u', at + 1)) {
    if (HEX4.test(text.slice(at + 2, at + 6))) return at;
  }
  return -1;
}

/** Whether [start, end) overlaps one of the runs runs[first..last) (pairs). */
function coversRun(runs: Int32Array, first: number, last: number, start: number, end: number): boolean {
  for (let r = first; r < last; r += 2) if (runs[r]! < end && start < runs[r + 1]!) return true;
  return false;
}
