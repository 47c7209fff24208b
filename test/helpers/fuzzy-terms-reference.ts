/**
 * The brute-force blocked-term matcher as it was before the index (every window compared with every term,
 * one by one): the reference model the property tests compare prepareTermMatcher with.
 */
import { editBudget, type TermMatch } from '../../src/core/detectors/fuzzy-terms.js';

interface PreparedTerm {
  term: string;
  /** Lower-cased, trimmed, inner whitespace collapsed to one space. */
  lower: string;
  /** Word tokens in the term (0: the term is punctuation only, matched as a substring). */
  words: number;
  /** Punctuation the term has before its first word and after its last (`.net`, `c++`, `#internal`). */
  lead: number;
  trail: number;
}

const WORD = /[\p{L}\p{M}\p{N}_]+/gu;
const WORD_UNIT = /[\p{L}\p{M}\p{N}_]/u;
const SPACE = /\s/;

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

/** Bounded Levenshtein: returns the distance, or `max + 1` when it exceeds `max`. */
export function referenceLevenshtein(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    const lo = Math.max(1, i - max);
    const hi = Math.min(b.length, i + max);
    for (let j = 1; j < lo; j++) cur[j] = max + 1;
    for (let j = lo; j <= hi; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (cur[j]! < rowMin) rowMin = cur[j]!;
    }
    for (let j = hi + 1; j <= b.length; j++) cur[j] = max + 1;
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return Math.min(prev[b.length]!, max + 1);
}

export function referenceTermMatcher(
  terms: readonly string[],
  maxDistance: number,
): { scan(text: string): TermMatch[] } {
  const prepared: PreparedTerm[] = [];
  for (const term of terms) {
    const lower = lowerKeepingOffsets(term).trim().replace(/\s+/g, ' ');
    if (lower.length === 0) continue;
    const tokens = [...lower.matchAll(WORD)];
    const first = tokens[0];
    const last = tokens[tokens.length - 1];
    prepared.push({
      term,
      lower,
      words: tokens.length,
      lead: first === undefined ? 0 : first.index,
      trail: last === undefined ? 0 : lower.length - (last.index + last[0].length),
    });
  }
  const maxWords = Math.max(1, ...prepared.map((t) => t.words));
  const dist = Math.max(0, Math.min(8, Math.floor(maxDistance)));
  // Per word count: terms compared as written (a map from window text), and the rest (fuzzy, or with
  // their own punctuation around them), which each window is compared with one by one.
  const exact: Array<Map<string, PreparedTerm[]>> = [];
  const others: Array<Array<{ t: PreparedTerm; budget: number }>> = [];
  for (let n = 0; n <= maxWords; n++) {
    exact.push(new Map());
    others.push([]);
  }
  for (const t of prepared) {
    if (t.words === 0) continue;
    const budget = editBudget(t.lower.length, dist);
    if (budget === 0 && t.lead === 0 && t.trail === 0) {
      const same = exact[t.words]!.get(t.lower);
      if (same === undefined) exact[t.words]!.set(t.lower, [t]);
      else same.push(t);
    } else others[t.words]!.push({ t, budget });
  }
  return {
    scan(text: string): TermMatch[] {
      const out: TermMatch[] = [];
      if (prepared.length === 0 || text.length === 0) return out;
      const lowerText = lowerKeepingOffsets(text);
      let substrings = false;
      for (const t of prepared) if (t.words === 0) substrings = substringMatches(lowerText, t, out) || substrings;
      const words: Array<{ s: number; e: number }> = [];
      for (const m of lowerText.matchAll(WORD)) words.push({ s: m.index, e: m.index + m[0].length });
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
            for (const t of exact[n]!.get(window) ?? []) out.push({ term: t.term, start: ws, end: we, distance: 0 });
          }
          for (const { t, budget } of others[n]!) {
            let s = ws;
            let e = we;
            let w: string;
            if (t.lead === 0 && t.trail === 0) {
              // Blanks only shrink when collapsed: a window already too short cannot come within budget.
              if (we - ws < t.lower.length - budget || (n === 1 && we - ws > t.lower.length + budget)) continue;
              w = window ??= windowOf(ws, we, n);
            } else {
              // The term's own leading/trailing punctuation, as far as the text has punctuation there.
              s = ws - punctuationRun(lowerText, ws, -1, t.lead);
              e = we + punctuationRun(lowerText, we, 1, t.trail);
              w = windowOf(s, e, n);
            }
            const d = budget === 0 ? (w === t.lower ? 0 : 1) : referenceLevenshtein(w, t.lower, budget);
            if (d <= budget) out.push({ term: t.term, start: s, end: e, distance: d });
          }
        }
      }
      if (substrings) out.sort((a, b) => a.start - b.start || a.end - b.end);
      return out;
    },
  };
}

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

function substringMatches(lowerText: string, t: PreparedTerm, out: TermMatch[]): boolean {
  const before = out.length;
  for (let i = lowerText.indexOf(t.lower); i !== -1; i = lowerText.indexOf(t.lower, i + t.lower.length))
    out.push({ term: t.term, start: i, end: i + t.lower.length, distance: 0 });
  return out.length > before;
}
