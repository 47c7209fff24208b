/**
 * The one result shape every text scanner in src/core/detectors returns, so policies can merge,
 * redact and report matches from PII, secrets and custom patterns the same way.
 */

/** A span of the scanned text that a detector flagged. Offsets are UTF-16 code units, end exclusive. */
export interface TextMatch {
  /** Stable entity or rule id, e.g. `email`, `credit_card`, `aws_access_key`, `github_token`. */
  type: string;
  start: number;
  end: number;
  /** Confidence in [0, 1] after validation and context. */
  score: number;
  /** Which scanner produced it, e.g. `pii`, `secrets`. */
  detector: string;
}

/**
 * Drops matches that overlap a better one, keeping the result sorted by start offset. "Better" is the
 * higher score, then the longer span, then the earlier start: a Luhn-valid card wins over the phone
 * number pattern that also matched its digits, and redaction never has to cut overlapping spans.
 * Cost is O(n log n + total span length): covered offsets are marked in a byte map, so thousands of
 * matches in a large document do not turn into quadratic bookkeeping.
 */
export function resolveOverlaps(matches: readonly TextMatch[]): TextMatch[] {
  if (matches.length < 2) return [...matches];
  const ranked = [...matches].sort(
    (a, b) => b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  let lo = Infinity;
  let hi = 0;
  for (const m of matches) {
    if (m.start < lo) lo = m.start;
    if (m.end > hi) hi = m.end;
  }
  const covered = new Uint8Array(Math.max(0, hi - lo));
  const kept: TextMatch[] = [];
  for (const candidate of ranked) {
    let free = true;
    for (let i = candidate.start - lo; i < candidate.end - lo; i++) {
      if (covered[i] === 1) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    covered.fill(1, candidate.start - lo, candidate.end - lo);
    kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * The index of the first of the rising `values[lo..hi)` above `x` (`hi` when none). Per-match work on a
 * text of many parts, line breaks or matches looks its neighbours up with this instead of walking them
 * from the first: a walk per match is quadratic in their number.
 */
export function firstAbove(values: ArrayLike<number>, x: number, lo = 0, hi = values.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the first of `spans` (sorted and disjoint, so their ends rise too) that ends after `start`. */
export function firstEndingAfter(spans: readonly { end: number }[], start: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (spans[mid]!.end <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
