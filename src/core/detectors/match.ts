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
 */
export function resolveOverlaps(matches: readonly TextMatch[]): TextMatch[] {
  if (matches.length < 2) return [...matches];
  const ranked = [...matches].sort(
    (a, b) => b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  // Kept spans are disjoint and sorted by start, so one binary search finds the only neighbours
  // a candidate could overlap.
  const kept: TextMatch[] = [];
  for (const candidate of ranked) {
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (kept[mid]!.start < candidate.start) lo = mid + 1;
      else hi = mid;
    }
    const prev = kept[lo - 1];
    const next = kept[lo];
    if (prev && prev.end > candidate.start) continue;
    if (next && next.start < candidate.end) continue;
    kept.splice(lo, 0, candidate);
  }
  return kept;
}
