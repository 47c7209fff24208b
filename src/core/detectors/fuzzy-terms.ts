/**
 * Blocked-term matching: case-insensitive, on word boundaries, optionally fuzzy (Levenshtein distance up
 * to `maxDistance` per term). Each term is compared with the word windows of the same word count, so the
 * cost is linear in the text (words x terms x term length x distance).
 */

export interface TermMatch {
  term: string;
  start: number;
  end: number;
  distance: number;
}

interface PreparedTerm {
  term: string;
  lower: string;
  words: number;
}

const WORD = /[\p{L}\p{N}_'’-]+/gu;

/** Bounded Levenshtein: returns the distance, or `max + 1` when it exceeds `max`. */
export function boundedLevenshtein(a: string, b: string, max: number): number {
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

export interface TermMatcher {
  scan(text: string): TermMatch[];
}

/** Prepares a matcher for `terms`; `maxDistance` 0 means exact (case-insensitive) word matches. */
export function prepareTermMatcher(terms: readonly string[], maxDistance: number): TermMatcher {
  const prepared: PreparedTerm[] = [];
  for (const term of terms) {
    const lower = term.toLowerCase().trim().replace(/\s+/g, ' ');
    if (lower.length === 0) continue;
    prepared.push({ term, lower, words: lower.split(' ').length });
  }
  const maxWords = Math.max(1, ...prepared.map((t) => t.words));
  const dist = Math.max(0, Math.min(8, Math.floor(maxDistance)));
  return {
    scan(text: string): TermMatch[] {
      const out: TermMatch[] = [];
      if (prepared.length === 0 || text.length === 0) return out;
      const lowerText = text.toLowerCase();
      if (lowerText.length !== text.length) return scanExactFallback(text, prepared);
      const words: Array<{ s: number; e: number }> = [];
      for (const m of lowerText.matchAll(WORD)) words.push({ s: m.index, e: m.index + m[0].length });
      for (let i = 0; i < words.length; i++) {
        for (let n = 1; n <= maxWords && i + n <= words.length; n++) {
          const s = words[i]!.s;
          const e = words[i + n - 1]!.e;
          const window = n === 1 ? lowerText.slice(s, e) : lowerText.slice(s, e).replace(/\s+/g, ' ');
          for (const t of prepared) {
            if (t.words !== n) continue;
            // Very short terms get a smaller budget: one edit turns most 3-letter words into others.
            const budget = Math.min(dist, Math.floor(t.lower.length / 4));
            const d = budget === 0 ? (window === t.lower ? 0 : 1) : boundedLevenshtein(window, t.lower, budget);
            if (d <= budget) {
              out.push({ term: t.term, start: s, end: e, distance: d });
            }
          }
        }
      }
      return out;
    },
  };
}

/** Lowercasing changed the length (rare scripts): fall back to exact case-insensitive search. */
function scanExactFallback(text: string, terms: readonly PreparedTerm[]): TermMatch[] {
  const out: TermMatch[] = [];
  for (const t of terms) {
    const re = new RegExp(t.lower.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&').replace(/ /g, '\\s+'), 'giu');
    for (const m of text.matchAll(re))
      out.push({ term: t.term, start: m.index, end: m.index + m[0].length, distance: 0 });
  }
  return out;
}
