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
  const kept: TextMatch[] = [];
  for (const candidate of ranked) {
    if (!kept.some((k) => candidate.start < k.end && k.start < candidate.end)) kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}
