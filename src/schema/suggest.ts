/** "Did you mean" suggestions: the closest candidate by edit distance, when it is close enough. */

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), computed with three
 * reusable rows. Stops early and returns a value above `limit` once every cell of a row exceeds it.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2 = new Uint16Array(b.length + 1);
  let prev = new Uint16Array(b.length + 1);
  let row = new Uint16Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let best = row[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      row[j] = v;
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    [prev2, prev, row] = [prev, row, prev2];
  }
  return prev[b.length]!;
}

const norm = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');

/** The closest candidate within a distance that scales with the word's length, or undefined. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > 200) return undefined;
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase(), bestDistance - 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined) return best;
  // Separator slips (`pii_detector` for `pii-detector`) count as close whatever the distance.
  const key = norm(word);
  return candidates.find((c) => norm(c) === key);
}

/** "Did you mean 'x'?" for the closest candidate, if one is close enough. */
export const didYouMeanHint = (word: string, candidates: readonly string[]): string | undefined => {
  const guess = didYouMean(word, candidates);
  return guess === undefined ? undefined : `Did you mean '${guess}'?`;
};
