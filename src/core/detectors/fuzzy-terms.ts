/**
 * Blocked-term matching: case-insensitive, on word boundaries, optionally fuzzy (Levenshtein distance up
 * to `maxDistance` per term). Each term is compared with the word windows of the same word count (plus
 * the term's own leading and trailing punctuation). Terms matched as written are looked up by window; the
 * others are found through a deletion-neighbourhood index (edit-neighbourhood.ts), so that a window is
 * compared only with the terms that may be near it: the cost is linear in the text and does not grow
 * with the number of terms (only terms over 2 edits, or very long ones, are compared one by one).
 */
import {
  buildNeighbourhoodIndex,
  indexable,
  type NeighbourhoodIndex,
  type NeighbourhoodKey,
} from './edit-neighbourhood.js';
import { firstAbove } from './match.js';
import { mapSpan, normalizeForMatching, type NormalizeOptions } from './normalize.js';

export interface TermMatch {
  term: string;
  start: number;
  end: number;
  distance: number;
}

interface PreparedTerm {
  term: string;
  /** Its position in the list given (duplicates and empty terms keep theirs). */
  index: number;
  /** Lower-cased, trimmed, inner whitespace collapsed to one space. */
  lower: string;
  /** Word tokens in the term (0: the term is punctuation only, matched as a substring). */
  words: number;
  /** Punctuation the term has before its first word and after its last (`.net`, `c++`, `#internal`). */
  lead: number;
  trail: number;
}

// Words as grep -w and regex \b see them: letters (with their combining marks), digits and '_'. An
// apostrophe, a hyphen or a quote ends a word, so 'Bluebird' (quoted), bluebird's and -bluebird hold the
// term bluebird; a term that itself spans such characters (don't, AT&T, node.js, e-mail) is compared
// over the same number of words, punctuation between them included.
const WORD = /[\p{L}\p{M}\p{N}_]+/gu;
const WORD_UNIT = /[\p{L}\p{M}\p{N}_]/u;
const SPACE = /\s/;

/**
 * Lower case with the offsets of the text: toLowerCase lengthens U+0130 (Turkish dotted capital I) to
 * two units, which would shift every offset after it; it is lowered to a plain i instead.
 */
function lowerKeepingOffsets(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (const ch of text.replace(/\u0130/g, 'I')) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

/**
 * Edits a word or term of `length` units may differ by under `maxDistance`: at most a quarter of its
 * length, so that a short word keeps its meaning (one edit turns most 3-letter words into others).
 * blocked_terms and safety-filter's blocked_topics both use it.
 */
export function editBudget(length: number, maxDistance: number): number {
  return Math.min(maxDistance, Math.floor(length / 4));
}

/** Rows of boundedLevenshtein, reused (grown as needed): a scan compares many windows. */
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/**
 * Bounded Levenshtein: returns the distance, or `max + 1` when it exceeds `max`. Only the band of cells
 * within `max` of the diagonal is computed; the cells either side of it read as `max + 1`.
 */
export function boundedLevenshtein(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const m = b.length;
  if (rowA.length < m + 2) {
    rowA = new Int32Array(m + 2);
    rowB = new Int32Array(m + 2);
  }
  let prev = rowA;
  let cur = rowB;
  const over = max + 1;
  for (let j = 0; j <= m; j++) prev[j] = j <= max ? j : over;
  prev[m + 1] = over;
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(m, i + max);
    // The band's left neighbour: column 0 (i edits) or a cell outside the band.
    cur[lo - 1] = lo === 1 ? Math.min(i, over) : over;
    let rowMin = cur[lo - 1]!;
    const ca = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const diagonal = prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const up = prev[j]! + 1;
      const left = cur[j - 1]! + 1;
      let v = diagonal < up ? diagonal : up;
      if (left < v) v = left;
      if (v > over) v = over;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    // The cell right of the band reads as over in the next row (its `up`).
    if (hi < m) cur[hi + 1] = over;
    if (rowMin > max) return over;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return Math.min(prev[m]!, over);
}

export interface TermMatcher {
  /**
   * Every match, by start (then by word count, then in the order of the terms); with `fold`, the matches
   * of words spelled out letter by letter follow the others (by start among themselves).
   */
  scan(text: string): TermMatch[];
  /**
   * The same matches in the same order, without a list: `found(term, start, end, distance)`, `term` the
   * index in the list given to prepareTermMatcher (a hostile text near many terms holds a million matches).
   */
  each(text: string, found: (term: number, start: number, end: number, distance: number) => void): void;
}

/** A term compared with windows other than by their exact text: fuzzy, or with its own punctuation around it. */
interface Slot {
  t: PreparedTerm;
  budget: number;
  group: Group;
}

/**
 * The slots of one word count that read the same window: the term's own leading and trailing punctuation
 * (as much as the text has there) around the words. Indexed by their deletion neighbourhoods, so that a
 * window is compared only with the terms that may be near it; `loose` slots (budget over 2, or a long
 * term) are compared with every window of a length within their budget.
 */
interface Group {
  lead: number;
  trail: number;
  index: NeighbourhoodIndex;
  /** The loose slots (ordinals) by the length of their term. */
  loose: Map<number, number[]>;
  /** The shortest window that can be near a slot. */
  shortest: number;
  /** Whether a window of this length can be near a slot (for one word: no blanks to collapse). */
  reaches: (length: number) => boolean;
  /** Window text -> its near slots (see nearSlots), for the current scan's repeated windows. */
  memo: Map<string, readonly number[]>;
}

/**
 * Windows memoised per group and scan at most (a megabyte of distinct words clears it now and then), and
 * their length at most (a longer one is rarely repeated).
 */
const MEMO_WINDOWS = 4096;
const MEMO_LONGEST = 64;
const MEMO_FROM = 8192;
/** Edits a term may differ by at most (max_distance is capped there). */
const MAX_DISTANCE = 8;

/** The slots of `g` within their budget of window `w`: ordinal * 16 + distance, in ordinal order. */
function nearSlots(g: Group, w: string, slots: readonly Slot[]): readonly number[] {
  const ids = scratchIds;
  if (ids.length > 0) ids.length = 0;
  g.index.candidates(w, 0, w.length, ids);
  if (g.loose.size > 0)
    for (let m = Math.max(0, w.length - MAX_DISTANCE); m <= w.length + MAX_DISTANCE; m++)
      for (const id of g.loose.get(m) ?? []) ids.push(id);
  let out: number[] | undefined;
  for (const id of ids) {
    const { t, budget } = slots[id]!;
    const d = budget === 0 ? (w === t.lower ? 0 : 1) : boundedLevenshtein(w, t.lower, budget);
    if (d <= budget) (out ??= []).push(id * 16 + d);
  }
  if (out === undefined) return NONE;
  return out.length > 1 ? out.sort((a, b) => a - b) : out;
}
const scratchIds: number[] = [];
const NONE: readonly number[] = Object.freeze([]);

/**
 * The view blocked terms are read in with `fold` (safety-filter's: the same view, built once per text):
 * invisible characters (zero-width, soft hyphen, bidi controls) dropped, NFKC (fullwidth forms), diacritics
 * dropped, look-alike letters of words that mix scripts folded to ASCII. Escapes are not decoded.
 */
const FOLD: NormalizeOptions = { decode: false, unicode: true, homoglyphs: true };

/**
 * Prepares a matcher for `terms`; `maxDistance` 0 means exact (case-insensitive) word matches. With `fold`,
 * a text that is not plain ASCII is read in its matching view (FOLD), the terms too, and the matches are
 * mapped back onto the text: "Nigh\u200btingale", "Nightingаle" (a Cyrillic а) or a fullwidth spelling hold
 * the term, and each match covers the original units it came from.
 */
export function prepareTermMatcher(terms: readonly string[], maxDistance: number, fold = false): TermMatcher {
  const prepared: PreparedTerm[] = [];
  terms.forEach((term, index) => {
    const lower = lowerKeepingOffsets(fold ? normalizeForMatching(term, FOLD).text : term)
      .trim()
      .replace(/\s+/g, ' ');
    if (lower.length === 0) return;
    const tokens = [...lower.matchAll(WORD)];
    const first = tokens[0];
    const last = tokens[tokens.length - 1];
    prepared.push({
      term,
      index,
      lower,
      words: tokens.length,
      lead: first === undefined ? 0 : first.index,
      trail: last === undefined ? 0 : lower.length - (last.index + last[0].length),
    });
  });
  const maxWords = Math.max(1, ...prepared.map((t) => t.words));
  const dist = Math.max(0, Math.min(MAX_DISTANCE, Math.floor(maxDistance)));
  // Per word count: terms compared as written (a map from window text), and the rest (fuzzy, or with
  // their own punctuation around them), grouped by the window they read, each group indexed.
  const exact: Array<Map<string, PreparedTerm[]>> = [];
  const others: Slot[][] = [];
  const groups: Group[][] = [];
  for (let n = 0; n <= maxWords; n++) {
    exact.push(new Map());
    others.push([]);
    groups.push([]);
  }
  for (const t of prepared) {
    if (t.words === 0) continue;
    const budget = editBudget(t.lower.length, dist);
    if (budget === 0 && t.lead === 0 && t.trail === 0) {
      const same = exact[t.words]!.get(t.lower);
      if (same === undefined) exact[t.words]!.set(t.lower, [t]);
      else same.push(t);
      continue;
    }
    const n = t.words;
    let group = groups[n]!.find((g) => g.lead === t.lead && g.trail === t.trail);
    if (group === undefined) {
      group = {
        lead: t.lead,
        trail: t.trail,
        index: NO_INDEX,
        loose: new Map(),
        shortest: Infinity,
        reaches: () => false,
        memo: new Map(),
      };
      groups[n]!.push(group);
    }
    others[n]!.push({ t, budget, group });
  }
  for (let n = 1; n <= maxWords; n++) {
    for (const g of groups[n]!) {
      const keys: NeighbourhoodKey[] = [];
      const looseLengths: boolean[] = [];
      others[n]!.forEach((slot, id) => {
        if (slot.group !== g) return;
        const { lower } = slot.t;
        g.shortest = Math.min(g.shortest, lower.length - slot.budget);
        if (indexable(lower, slot.budget)) keys.push({ id, key: lower, budget: slot.budget });
        else {
          const same = g.loose.get(lower.length);
          if (same === undefined) g.loose.set(lower.length, [id]);
          else same.push(id);
          for (let L = lower.length - slot.budget; L <= lower.length + slot.budget; L++) looseLengths[L] = true;
        }
      });
      const index = buildNeighbourhoodIndex(keys);
      g.index = index;
      g.reaches = (length) => looseLengths[length] === true || index.reaches(length);
    }
  }
  const hits: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];

  const each = (text: string, found: (term: number, start: number, end: number, distance: number) => void): void => {
    if (prepared.length === 0 || text.length === 0) return;
    if (fold && !isAscii(text)) {
      const view = normalizeForMatching(text, FOLD);
      // The view maps each of its units to the original ones: a match is reported over the original text.
      eachIn(view.text, (term, start, end, distance) => {
        const span = mapSpan(view, start, end);
        found(term, span.start, span.end, distance);
      });
    } else eachIn(text, found);
  };
  const eachIn = (
    text: string,
    found: (term: number, start: number, end: number, distance: number) => void,
    spelled = fold,
  ): void => {
    const lowerText = lowerKeepingOffsets(text);
    // The memo holds one scan's windows only (no text outlives its request), for a text long enough to
    // repeat its words (on a short one, a miss costs more than the repeats save).
    const memoize = text.length >= MEMO_FROM;
    if (memoize) for (let n = 1; n <= maxWords; n++) for (const g of groups[n]!) if (g.memo.size > 0) g.memo.clear();
    // Punctuation-only terms' matches are listed with the others by start: then all are collected and sorted.
    let sorted: Hit[] | undefined;
    for (const t of prepared) if (t.words === 0) substringMatches(lowerText, t, (sorted ??= []));
    if (sorted !== undefined && sorted.length === 0) sorted = undefined;
    const list = sorted;
    const emit =
      list === undefined
        ? found
        : (index: number, start: number, end: number, distance: number) => list.push({ index, start, end, distance });
    const words: Array<{ s: number; e: number }> = [];
    for (const m of lowerText.matchAll(WORD)) words.push({ s: m.index, e: m.index + m[0].length });
    const spelledOut = spelled ? spelledOutRuns(lowerText, words) : undefined;
    const windowOf = (s: number, e: number, n: number): string => {
      const raw = lowerText.slice(s, e);
      return n === 1 ? raw : raw.replace(/\s+/g, ' ');
    };
    for (let i = 0; i < words.length; i++) {
      for (let n = 1; n <= maxWords && i + n <= words.length; n++) {
        const ws = words[i]!.s;
        const we = words[i + n - 1]!.e;
        let window: string | undefined;
        if (exact[n]!.size > 0) {
          window = windowOf(ws, we, n);
          for (const t of exact[n]!.get(window) ?? []) emit(t.index, ws, we, 0);
        }
        const slots = others[n]!;
        if (slots.length === 0) continue;
        // Per group, the slots near its window (ordinal * 16 + distance), memoised by window text: words
        // repeat, and what is near a window depends on its text only.
        let count = 0;
        let mixed = false;
        for (const g of groups[n]!) {
          let s = ws;
          let e = we;
          if (g.lead !== 0 || g.trail !== 0) {
            // The term's own leading/trailing punctuation, as far as the text has punctuation there.
            s = ws - punctuationRun(lowerText, ws, -1, g.lead);
            e = we + punctuationRun(lowerText, we, 1, g.trail);
          }
          // Blanks only shrink when collapsed: a window already too short for every slot is not built.
          if (e - s < g.shortest || (n === 1 && !g.reaches(e - s))) continue;
          const w = s === ws && e === we && window !== undefined ? window : windowOf(s, e, n);
          const memo = memoize && w.length <= MEMO_LONGEST;
          let near = memo ? g.memo.get(w) : undefined;
          if (near === undefined) {
            near = nearSlots(g, w, slots);
            if (memo) {
              if (g.memo.size >= MEMO_WINDOWS) g.memo.clear();
              g.memo.set(w, near);
            }
          }
          if (near.length === 0) continue;
          if (count > 0) mixed = true;
          for (const packed of near) {
            hits[count] = packed;
            starts[count] = s;
            ends[count++] = e;
          }
        }
        if (count === 0) continue;
        if (mixed) {
          // Several groups: their slots in the terms' order.
          const order = Array.from({ length: count }, (_, k) => k).sort((x, y) => hits[x]! - hits[y]!);
          for (const k of order) emit(slots[hits[k]! >>> 4]!.t.index, starts[k]!, ends[k]!, hits[k]! & 15);
        } else
          for (let k = 0; k < count; k++) emit(slots[hits[k]! >>> 4]!.t.index, starts[k]!, ends[k]!, hits[k]! & 15);
      }
    }
    if (list !== undefined) {
      list.sort((a, b) => a.start - b.start || a.end - b.end);
      for (const m of list) found(m.index, m.start, m.end, m.distance);
    }
    if (spelledOut !== undefined) eachSpelledOut(text, words, spelledOut, found);
  };
  /**
   * The matches of `text` read with the separators of its spelled-out runs removed (see spelledOutRuns),
   * those that hold a removed separator (the others were found in the text as it is), mapped back onto the
   * text. Only around the runs: each run with the words a term can reach on either side of it (runs whose
   * stretches meet are read together), so a text with one run is not read again whole.
   */
  const eachSpelledOut = (
    text: string,
    words: ReadonlyArray<{ s: number; e: number }>,
    spelled: SpelledOut,
    found: (term: number, start: number, end: number, distance: number) => void,
  ): void => {
    const { cuts, runs } = spelled;
    const reach = maxWords - 1;
    for (let r = 0; r < runs.length;) {
      // A stretch of words around runs r.. (word indices first..last), grown while the next run's meets it.
      const first = Math.max(0, runs[r]! - reach);
      let last = Math.min(words.length - 1, runs[r + 1]! + reach);
      r += 2;
      while (r < runs.length && runs[r]! - reach <= last + 1) {
        last = Math.min(words.length - 1, runs[r + 1]! + reach);
        r += 2;
      }
      // With the blanks and punctuation around it (a term's own punctuation is read there).
      const from = first > 0 ? words[first - 1]!.e : 0;
      const to = last + 1 < words.length ? words[last + 1]!.s : text.length;
      let joined = '';
      let at0 = from;
      // at[k]: the position in `joined` of the unit that followed the k-th cut of the stretch.
      const at: number[] = [];
      for (let k = firstAbove(cuts, from - 1); k < cuts.length && cuts[k]! < to; k++) {
        joined += text.slice(at0, cuts[k]);
        at.push(joined.length);
        at0 = cuts[k]! + 1;
      }
      joined += text.slice(at0, to);
      // Cuts at or before joined position i (the units of the stretch removed before unit i).
      const before = (i: number): number => firstAbove(at, i);
      eachIn(
        joined,
        (term, start, end, distance) => {
          const firstCut = before(start);
          const lastCut = before(end - 1);
          if (lastCut > firstCut) found(term, from + start + firstCut, from + end + lastCut, distance);
        },
        false,
      );
    }
  };
  return {
    each,
    scan(text) {
      const out: TermMatch[] = [];
      each(text, (term, start, end, distance) => out.push({ term: terms[term]!, start, end, distance }));
      return out;
    },
  };
}

/** Single letters a word spelled out holds at least ("N-i-g-h-t", not "U.S.A." nor "e.g."). */
const SPELLED_MIN = 4;
const SINGLE_LETTER = /\p{L}/u;

/** Words spelled out letter by letter: the separators to remove, and the runs (first, last word index pairs). */
interface SpelledOut {
  cuts: number[];
  runs: number[];
}

/**
 * The words spelled out letter by letter in `text` ("N-i-g-h-t", "N i g h t", "n_i_g_h_t"): runs of
 * SPELLED_MIN or more single letters, each one unit from the next, the same unit throughout the run (a line
 * break is not one). Their separators' positions, ascending, and the runs; undefined when there are none.
 * Read from the text's words (`words`), not from the text again.
 */
function spelledOutRuns(text: string, words: ReadonlyArray<{ s: number; e: number }>): SpelledOut | undefined {
  let out: SpelledOut | undefined;
  let run = 0;
  let sep = -1;
  const close = (i: number): void => {
    if (run >= SPELLED_MIN) {
      out ??= { cuts: [], runs: [] };
      for (let k = i - run + 1; k < i; k++) out.cuts.push(words[k]!.s - 1);
      out.runs.push(i - run, i - 1);
    }
    run = 0;
  };
  for (let i = 0; i < words.length; i++) {
    const { s, e } = words[i]!;
    if (e - s !== 1) {
      close(i);
      // A word of letters joined by '_' (one word to \w): its underscores.
      if (e - s >= 2 * SPELLED_MIN - 1 && text.charCodeAt(s + 1) === 95 && joinedByUnderscores(text, s, e)) {
        out ??= { cuts: [], runs: [] };
        for (let k = s + 1; k < e; k += 2) out.cuts.push(k);
        out.runs.push(i, i);
      }
      continue;
    }
    if (!isLetterAt(text, s)) {
      close(i);
      continue;
    }
    const gap = i > 0 && words[i - 1]!.e === s - 1 ? text.charCodeAt(s - 1) : -1;
    if (run > 0 && gap !== -1 && gap !== 10 && gap !== 13 && (run === 1 || gap === sep)) {
      sep = gap;
      run++;
    } else {
      close(i);
      run = 1;
    }
  }
  close(words.length);
  return out;
}

/** Whether text[i] is a letter (the text is lower case: ASCII letters are a-z). */
function isLetterAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c < 128 ? c >= 97 && c <= 122 : SINGLE_LETTER.test(text[i]!);
}

/** Whether text[s, e) is SPELLED_MIN or more letters, each joined to the next by one '_'. */
function joinedByUnderscores(text: string, s: number, e: number): boolean {
  if ((e - s) % 2 === 0) return false;
  for (let k = s; k < e; k += 2) if (!isLetterAt(text, k) || (k + 1 < e && text.charCodeAt(k + 1) !== 95)) return false;
  return true;
}

/** Whether `text` is plain ASCII (its view is then the text lower-cased: nothing to fold). */
function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}
const NON_ASCII = /[\u0080-\uffff]/;

const NO_INDEX: NeighbourhoodIndex = buildNeighbourhoodIndex([]);

/** How many units (at most `max`) from `at` in direction `dir` are neither word units nor blanks. */
function punctuationRun(text: string, at: number, dir: 1 | -1, max: number): number {
  let k = 0;
  while (k < max) {
    const i = dir === 1 ? at + k : at - k - 1;
    if (i < 0 || i >= text.length) break;
    const ch = text[i]!;
    if (WORD_UNIT.test(ch) || SPACE.test(ch)) break;
    k++;
  }
  return k;
}

/** A match before it is reported: the term's index in the list given. */
interface Hit {
  index: number;
  start: number;
  end: number;
  distance: number;
}

/** A term of punctuation only (`$$$`): every occurrence, exact. */
function substringMatches(lowerText: string, t: PreparedTerm, out: Hit[]): void {
  for (let i = lowerText.indexOf(t.lower); i !== -1; i = lowerText.indexOf(t.lower, i + t.lower.length))
    out.push({ index: t.index, start: i, end: i + t.lower.length, distance: 0 });
}
