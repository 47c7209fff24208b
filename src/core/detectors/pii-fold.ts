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
 *   `M\u00fcller@beispiel.de` as Python's json.dumps writes it), then fold as above;
 * - for the PII detector (`jsonBreaks`), the JSON escapes `\n`, `\r` and `\t` become the line break or tab
 *   they stand for: in tool-call arguments a value after an escaped line break (`"Contacts:\n415-555-0132"`)
 *   is otherwise glued to the escape's letter and read as the end of a word. The secrets scanner reads
 *   those escapes as it always has.
 *
 * decodeJsonEscapes builds a narrower view for a JSON text (a tool call's `arguments`, a tool's JSON result): every JSON escape
 * decoded (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`, `\uXXXX`) and nothing else changed, so that
 * the detectors read the strings as the tool gets them (`Nigh\u0074ingale` is `Nightingale`); each reads the
 * view as it reads any text (the PII and secrets scanners fold it as above).
 *
 * Matches on the view are mapped back to the original offsets, so findings and redaction cover the
 * disguised value whole, invisible characters included. Texts with none of these characters (nearly all)
 * cost one native character-class search and are scanned as they are.
 *
 * The prompt-injection normaliser (normalize.ts) builds a lower-cased, look-alike-folded view for words;
 * PII and credentials are case-sensitive and need none of its decoding, so they use this one.
 */
import { firstAbove, firstEndingAfter, type TextMatch } from './match.js';
import { isInvisible } from './normalize-tables.js';

/** foldsTable values: a unit the view changes, and the high surrogate of a character to look at as a pair. */
const enum Fold {
  UNIT = 1,
  PAIR = 2,
}

/** foldUnit's foldable units besides the invisible ones: fullwidth ASCII, Arabic-Indic digits, hyphens. */
const FOLDED_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0xff01, 0xff5e],
  [0x3000, 0x3000],
  [0x0660, 0x0669],
  [0x06f0, 0x06f9],
  [0x2010, 0x2013],
  [0x2212, 0x2212],
];
/**
 * The high surrogates of isInvisible's characters past the BMP (U+1D173-1D17A musical formatting, U+E0000-
 * E01EF tags and variation selectors: tag characters smuggle text past a reader). A unit test checks that
 * every such character's high surrogate is here.
 */
export const INVISIBLE_HIGH_SURROGATES: readonly number[] = [0xd834, 0xdb40];

/**
 * Per UTF-16 unit: Fold.UNIT when the view changes it (isInvisible, FOLDED_RANGES), Fold.PAIR for
 * INVISIBLE_HIGH_SURROGATES. Built on first use: the module is loaded by commands that scan nothing (lint).
 */
let folds: Uint8Array | undefined;
function foldsTable(): Uint8Array {
  if (folds !== undefined) return folds;
  const t = new Uint8Array(65536);
  // Every unit isInvisible or foldUnit changes is at or above U+00AD (FIRST_FOLDABLE relies on it).
  for (let c = 0xad; c < 0x10000; c++) if (isInvisible(c)) t[c] = Fold.UNIT;
  for (const [from, to] of FOLDED_RANGES) t.fill(Fold.UNIT, from, to + 1);
  for (const h of INVISIBLE_HIGH_SURROGATES) t[h] = Fold.PAIR;
  return (folds = t);
}
/**
 * The first unit foldsTable marks: foldableRuns passes over the units below it with one comparison each.
 * (Not a regex search for stretches of units from U+00AD on: under V8's regex tier-up that search ran 1 ms
 * per MB of docs in some processes and 7.5 in others, by which texts the process had scanned before; a
 * class of the foldable units themselves ran 0.6 to 3.8 ms, as V8's regex compiler happened to take the
 * ranges.)
 */
const FIRST_FOLDABLE = 0xad;

/** The Unicode hyphens, dashes and minus that foldUnit makes '-'. */
function isUnicodeDash(c: number): boolean {
  return (c >= 0x2010 && c <= 0x2013) || c === 0x2212;
}

/** How many invisible units dashJoins looks through on each side. */
const DASH_REACH = 8;

/**
 * Whether the dash at text[from, to) (a character or its escape) stands between two letters or digits, or
 * between two characters that are neither (`415 – 555`): a hyphen inside a value (`536–22–1234`) or a
 * separator, folded to '-'. A dash with a letter or digit on one side only is punctuation at a value's
 * edge. Invisible characters around it are looked through.
 */
function dashJoins(text: string, from: number, to: number): boolean {
  let b = from - 1;
  while (b >= 0 && from - b <= DASH_REACH && isInvisible(text.charCodeAt(b))) b--;
  let a = to;
  while (a < text.length && a - to < DASH_REACH && isInvisible(text.charCodeAt(a))) a++;
  return isValueUnit(b >= 0 ? text.charCodeAt(b) : -1) === isValueUnit(a < text.length ? text.charCodeAt(a) : -1);
}

/**
 * An ASCII letter or digit, or a unit the view makes one (fullwidth forms, Arabic-Indic digits), or the '+'
 * or '(' a phone number starts with.
 */
function isValueUnit(c: number): boolean {
  if (c < 0) return false;
  const u = foldUnit(c);
  return (u >= 48 && u <= 57) || ((u | 32) >= 97 && (u | 32) <= 122) || u === 43 || u === 40;
}

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

/**
 * Which backslash escapes a view reads: `\uXXXX` only, also `\n`, `\r` and `\t` (the PII scan's
 * jsonBreaks), or every JSON escape (decodeJsonEscapes, which folds nothing else).
 */
const enum Escapes {
  UNICODE = 0,
  BREAKS = 1,
  JSON = 2,
}

/** The view of `text`, or null when it has nothing to fold (scan the text itself). */
export function foldForScan(text: string, jsonBreaks = false): FoldedView | null {
  const escapes = jsonBreaks ? Escapes.BREAKS : Escapes.UNICODE;
  const runs = foldableRuns(text, Infinity, escapes);
  return runs === null ? null : foldRuns(text, runs as Int32Array);
}

/**
 * `text` (a JSON text: a tool call's `arguments`) with its JSON escapes decoded and nothing else changed,
 * or null when it has none. Only the escapes are looked at (one indexOf per backslash); a text without a
 * backslash costs one indexOf. With `strict`, also null when a backslash begins no JSON escape (two
 * indexOf per backslash). Offsets map back with originOf / originEndOf: a match covers the whole
 * escapes of its first and last characters.
 */
export function decodeJsonEscapes(text: string, strict = false): FoldedView | null {
  const escapes: number[] = [];
  for (let from = 0; ;) {
    const at = nextEscape(text, from, Escapes.JSON);
    // strict (a text that only may be JSON, a tool's result): a backslash that begins no JSON escape
    // (`C:\Users`, `\d+`) says it is not JSON, and it is read as it is.
    if (strict && text.indexOf('\\', from) !== at) return null;
    if (at < 0) break;
    escapes.push(at);
    from = at + escapeWidth(text, at);
  }
  if (escapes.length === 0) return null;
  // Not foldRuns' general loop (five times the cost): the text between escapes as slices, each escape as
  // the unit it stands for, its other units dropped after that unit. Where escapes are dense (JSON held in
  // a JSON string, a text escaped whole) the slices cost the garbage collector more than a copy of every
  // unit (3-4x on a megabyte of them): the units are copied instead.
  const units = escapes.length * 16 > text.length ? new Uint16Array(text.length) : null;
  const drops: number[] = [];
  let out = '';
  let n = 0;
  let last = 0;
  for (const at of escapes) {
    const width = escapeWidth(text, at);
    const unit = width === 6 ? parseInt(text.slice(at + 2, at + 6), 16) : escapedUnit(text.charCodeAt(at + 1));
    // Half a character (loneSurrogateEscape) is dropped whole, as an invisible one is.
    const lone = width === 6 && loneSurrogateEscape(text, at, unit);
    if (units === null) out += text.slice(last, at) + (lone ? '' : String.fromCharCode(unit));
    else {
      for (let k = last; k < at; k++) units[n++] = text.charCodeAt(k);
      if (!lone) units[n++] = unit;
    }
    const after = at - drops.length + (lone ? 0 : 1);
    for (let d = lone ? 0 : 1; d < width; d++) drops.push(after);
    last = at + width;
  }
  if (units === null) return { text: out + text.slice(last), drops };
  for (let k = last; k < text.length; k++) units[n++] = text.charCodeAt(k);
  return { text: stringOfUnits(units, n), drops };
}

/** The string of units[0, n), built a chunk at a time (fromCharCode takes its units as arguments). */
function stringOfUnits(units: Uint16Array, n: number): string {
  const parts: string[] = [];
  for (let k = 0; k < n; k += 8192)
    parts.push(String.fromCharCode.apply(null, units.subarray(k, Math.min(n, k + 8192)) as unknown as number[]));
  return parts.join('');
}

/** The view of `text` with the runs `runs` ([start, end) pairs, in order) folded. */
function foldRuns(text: string, runs: Int32Array): FoldedView {
  const table = foldsTable();
  const drops: number[] = [];
  const parts: string[] = [];
  let last = 0;
  for (let r = 0; r < runs.length; r += 2) {
    const end = runs[r + 1]!;
    parts.push(text.slice(last, runs[r]!));
    let out = '';
    for (let k = runs[r]!; k < end; k++) {
      // The view offset this unit would take.
      const at = k - drops.length;
      let c = text.charCodeAt(k);
      let width = 1;
      if (c === 92) {
        // A JSON escape (tool-call arguments and tool results are JSON text; what the tool or the
        // reader gets is the character): `jane\u0040example.org`, `M\u00fcller`, or (jsonBreaks) `\n`.
        const letter = text.charCodeAt(k + 1);
        if (letter === 117) {
          c = parseInt(text.slice(k + 2, k + 6), 16);
          width = 6;
        } else {
          c = escapedUnit(letter);
          width = 2;
        }
      } else if (table[c] === Fold.PAIR && k + 1 < end) {
        c = text.codePointAt(k)!;
        width = 2;
      }
      if (isInvisible(c) || (width === 6 && loneSurrogateEscape(text, k, c))) {
        for (let d = 0; d < width; d++) drops.push(at);
      } else if (isUnicodeDash(c) && !dashJoins(text, k, k + width)) {
        // Punctuation next to a value (`4111 1111 1111 1111– expired`, `see –536-22-1234`): kept as it is,
        // as the plain scan reads it. Read as '-' it would glue on to the value, whose patterns refuse a
        // hyphen there (it continues a longer number or an identifier).
        out += String.fromCharCode(c);
        for (let d = 1; d < width; d++) drops.push(at + 1);
      } else {
        out += String.fromCharCode(foldUnit(c));
        // The escape's other units come after the unit it became.
        for (let d = 1; d < width; d++) drops.push(at + 1);
      }
      k += width - 1;
    }
    parts.push(out);
    last = end;
  }
  parts.push(text.slice(last));
  return { text: parts.join(''), drops };
}

/** Original offset of view unit `v`. */
export function originOf(view: FoldedView, v: number): number {
  return v + firstAbove(view.drops, v);
}

/**
 * Original offset of the end `end` of a view match that starts at view unit `start`, in a text of
 * `length` units: where the unit after it came from, so the whole escape of the last unit is inside.
 */
export function originEndOf(view: FoldedView, start: number, end: number, length: number): number {
  return end <= start ? originOf(view, start) : end < view.text.length ? originOf(view, end) : length;
}

/** The view offset of offset `o` of the text: the first view unit that came from `o` or after it. */
function viewOffset(view: FoldedView, o: number): number {
  let lo = 0;
  let hi = view.text.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (originOf(view, mid) < o) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
 *
 * `mayCover(view, spans)`, when given, says whether a match of `scan` on a window's view can cover or
 * touch one of its runs (`spans`: their [start, end) view offsets, flat pairs), or take a word a run
 * changes for context; a window it answers false for is not scanned: its view reads nothing differently. Most runs of a document
 * (a dash in "pages 22–50", an escaped line break in a code sample) are nowhere near a value.
 */
export function scanFolded(
  text: string,
  scan: (text: string) => TextMatch[],
  margin = 512,
  jsonBreaks = false,
  mayCover?: (view: string, spans: readonly number[]) => boolean,
): TextMatch[] {
  const escapes = jsonBreaks ? Escapes.BREAKS : Escapes.UNICODE;
  const runs = foldableRuns(text, Math.floor(text.length / (8 * margin)), escapes);
  if (runs === null) return scan(text);
  if (runs === WHOLE) return scanWhole(text, foldForScan(text, jsonBreaks)!, scan);
  const plain = scan(text);
  const found: TextMatch[] = [];
  // Around the runs of the windows scanned, `reach` units either side (flat [from, to) pairs, ascending,
  // touching ones joined), the window's reading decides, as a fold of the whole text would: a value
  // touching a run (an escaped '-' after a card refuses it) or near one (a context word glued to an
  // escape) reads differently once the run is folded. The zones lie well inside their windows, so a
  // value there and the context words around it are read whole.
  const reach = margin >> 1;
  const zones: number[] = [];
  const n = text.length;
  for (let r = 0; r < runs.length;) {
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
    const view = foldForScan(window, jsonBreaks);
    if (view === null) continue;
    if (mayCover !== undefined) {
      const spans: number[] = [];
      for (let k = first; k < r; k += 2)
        spans.push(viewOffset(view, runs[k]! - from), viewOffset(view, runs[k + 1]! - from));
      if (!mayCover(view.text, spans)) continue;
    }
    const zonesBefore = zones.length;
    for (let k = first; k < r; k += 2) {
      const zoneFrom = Math.max(from, runs[k]! - reach);
      const zoneTo = Math.min(to, runs[k + 1]! + reach);
      if (zones.length > zonesBefore && zones[zones.length - 1]! >= zoneFrom) zones[zones.length - 1] = zoneTo;
      else zones.push(zoneFrom, zoneTo);
    }
    for (const m of scanWhole(window, view, scan)) {
      const start = m.start + from;
      const end = m.end + from;
      // A match at a cut edge may be a part of a longer value: the plain scan has that one.
      if ((start === from && from > 0) || (end === to && to < n)) continue;
      if (meets(zones, zonesBefore, start, end)) found.push({ ...m, start, end });
    }
  }
  if (zones.length === 0) return plain;
  // The window matches, from windows in text order, are disjoint and ascending.
  const kept = plain.filter((p) => !meets(zones, 0, p.start, p.end) && !overlapsMatch(found, p));
  if (kept.length === plain.length && found.length === 0) return plain;
  return [...kept, ...found].sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Whether [start, end) overlaps or touches one of the spans spans[first..] (flat pairs, disjoint, ascending). */
function meets(spans: readonly number[], first: number, start: number, end: number): boolean {
  // The first span that ends at or after `start`: the only one that can meet [start, end).
  let lo = first >> 1;
  let hi = spans.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (spans[2 * mid + 1]! < start) lo = mid + 1;
    else hi = mid;
  }
  return 2 * lo < spans.length && spans[2 * lo]! <= end;
}

/** Whether `m` overlaps one of `matches` (disjoint, ascending). */
function overlapsMatch(matches: readonly TextMatch[], m: TextMatch): boolean {
  const k = firstEndingAfter(matches, m.start);
  return k < matches.length && matches[k]!.start < m.end;
}

/** scan over `view` (the folded view of `text`), its matches mapped back to `text`. */
function scanWhole(text: string, view: FoldedView, scan: (text: string) => TextMatch[]): TextMatch[] {
  return viewMatches(view, text.length, scan(view.text));
}

/** `matches` found on `view` (a view of a text of `length` units), at their offsets in that text. */
export function viewMatches<M extends { start: number; end: number }>(
  view: FoldedView,
  length: number,
  matches: readonly M[],
): M[] {
  return matches.map((m) => ({
    ...m,
    start: originOf(view, m.start),
    end: originEndOf(view, m.start, m.end, length),
  }));
}

/** foldableRuns' answer for a text to fold whole. */
const WHOLE: Int32Array = new Int32Array(0);
const HEX4 = /^[0-9A-Fa-f]{4}$/;

/**
 * Where `text` has something to fold, as [start, end) pairs in order (touching runs joined), or null when
 * nowhere (nearly every text: one comparison per unit, and an indexOf for escapes);
 * WHOLE when there are more than `most` runs (fold the whole text). A run is a stretch of foldable units,
 * invisible pairs and JSON escapes.
 */
function foldableRuns(text: string, most: number, escapes: Escapes): Int32Array | null {
  const runs: number[] = [];
  const add = (start: number, end: number): boolean => {
    if (runs.length > 0 && runs[runs.length - 1] === start) runs[runs.length - 1] = end;
    else runs.push(start, end);
    return runs.length > 2 * most;
  };
  const table = foldsTable();
  let escape = nextEscape(text, 0, escapes);
  const n = text.length;
  for (let k = 0; k < n; k++) {
    if (text.charCodeAt(k) < FIRST_FOLDABLE) continue;
    const width = unitWidth(table, text, k);
    if (width === 0) continue;
    // The escapes before this unit first (they are ASCII: never foldable).
    for (; escape >= 0 && escape < k; escape = nextEscape(text, escape + escapeWidth(text, escape), escapes))
      if (add(escape, escape + escapeWidth(text, escape))) return WHOLE;
    let end = k + width;
    while (end < n) {
      const w = unitWidth(table, text, end);
      if (w === 0) break;
      end += w;
    }
    if (add(k, end)) return WHOLE;
    k = end - 1;
  }
  for (; escape >= 0; escape = nextEscape(text, escape + escapeWidth(text, escape), escapes))
    if (add(escape, escape + escapeWidth(text, escape))) return WHOLE;
  return runs.length === 0 ? null : Int32Array.from(runs);
}

/** The units of the foldable character at text[k] (2 for an invisible pair), or 0 when it is not one. */
function unitWidth(table: Uint8Array, text: string, k: number): number {
  const f = table[text.charCodeAt(k)]!;
  if (f !== Fold.PAIR) return f;
  return isInvisible(text.codePointAt(k)!) ? 2 : 0;
}

/**
 * The next JSON `\uXXXX` escape at or after `from` (Escapes.BREAKS: also `\n`, `\r`, `\t`; Escapes.JSON:
 * every JSON escape), or -1.
 */
function nextEscape(text: string, from: number, escapes: Escapes): number {
  if (escapes === Escapes.UNICODE) {
    for (let at = text.indexOf('\\u', from); at >= 0; at = text.indexOf('\\u', at + 1)) {
      if (HEX4.test(text.slice(at + 2, at + 6))) return at;
    }
    return -1;
  }
  for (let at = text.indexOf('\\', from); at >= 0; at = text.indexOf('\\', at + 1)) {
    const letter = text.charCodeAt(at + 1);
    if (letter === 92) {
      // An escaped backslash (`C:\\new` is the text C:\new): the letter after it is a letter.
      if (escapes === Escapes.JSON) return at;
      at++;
      continue;
    }
    if (letter === 110 || letter === 114 || letter === 116) return at;
    if (escapes === Escapes.JSON && (letter === 34 || letter === 47 || letter === 98 || letter === 102)) return at;
    if (letter === 117 && HEX4.test(text.slice(at + 2, at + 6))) return at;
  }
  return -1;
}

/**
 * Whether the `\uXXXX` escape at `at`, standing for `unit`, is half a character: a surrogate without its
 * other half in the escape beside it (`john.doe\ud800@example.com`). The view drops it, as an invisible
 * character: read as a unit it split the address, which then went upstream unredacted. (A lone surrogate
 * in a chat body itself never gets here: the gateway and kt policy eval refuse it, io/lone-surrogates.ts;
 * this is one written as an escape inside text, such as a tool call's JSON arguments.)
 */
function loneSurrogateEscape(text: string, at: number, unit: number): boolean {
  if (unit < 0xd800 || unit > 0xdfff) return false;
  const high = unit <= 0xdbff;
  const other = high ? at + 6 : at - 6;
  if (other < 0 || text.charCodeAt(other) !== 92 || text.charCodeAt(other + 1) !== 117) return true;
  const hex = text.slice(other + 2, other + 6);
  if (!HEX4.test(hex)) return true;
  const u = parseInt(hex, 16);
  return high ? u < 0xdc00 || u > 0xdfff : u < 0xd800 || u > 0xdbff;
}

/** The unit the two-unit escape `\` + `letter` stands for (`\n`, `\"`, `\/`, ...). */
function escapedUnit(letter: number): number {
  switch (letter) {
    case 110:
      return 10;
    case 114:
      return 13;
    case 116:
      return 9;
    case 98:
      return 8;
    case 102:
      return 12;
    default:
      // `\"`, `\\`, `\/`: the character itself.
      return letter;
  }
}

/** The units of the escape at `at`: 6 for `\uXXXX`, 2 for the others (`\n`, `\"`, ...). */
function escapeWidth(text: string, at: number): number {
  return text.charCodeAt(at + 1) === 117 ? 6 : 2;
}
