/**
 * How the PII detector (pii.ts) settles values read twice: overlapping readings are ranked and the
 * best kept (resolvePiiOverlaps), a phone reading of a rival type never hides a requested value
 * (dropSwallowingPhones), and a requested value that lost to a reading of another requested type is
 * still covered (coverLostValues).
 */
import { firstEndingAfter, type TextMatch } from './match.js';
import { RUN_PLUS } from './pii-numeric-runs.js';

/**
 * Removes from `found` the phone readings at and after `first` (rivals: phone is not a requested type)
 * that would hide a requested value in found[0, first) without being a better reading of its characters.
 *
 * A phone reading is a layout guess: it has no checksum (cards have Luhn, IBANs mod-97, NPIs their Luhn,
 * SSNs the SSA rules) and its reader joins digit groups across blanks, so it can take a value together
 * with the digits written next to it ("call 001-01-0010  5555": "00" 1 and ten digits). As a rival it is
 * there to say "these digits are a phone, not your value". It can say so of the value's own characters:
 * a phone reading with exactly the value's span competes as any reading does (the higher score, then
 * the longer span, wins). It can also say so when it extends the value with a leading '+' country code
 * ("+49 301-23-4567"): nothing but a phone number is written that way. Any other overlap - a reading that
 * adds groups joined by blanks, cuts the value, or lies inside it - is not a reading of the value but of
 * it and its neighbours, and letting it win would leave the value unredacted: a leak, where the opposite
 * mistake (a phone's digits redacted as the requested type) only costs readability. Such a reading is
 * dropped, so the value is reported. Where phone is a requested type this never applies: the phone
 * reading then wins as itself and its span, the value included, is redacted.
 */
export function dropSwallowingPhones(text: string, found: TextMatch[], first: number): void {
  // The requested values by start; the longest bounds how far back an overlapping one can start.
  const values = found.slice(0, first).sort(byOffset);
  let longest = 0;
  for (const v of values) if (v.end - v.start > longest) longest = v.end - v.start;
  let kept = first;
  for (let i = first; i < found.length; i++) {
    const m = found[i]!;
    if (m.type !== 'phone' || !swallowsValue(text, m, values, longest)) found[kept++] = m;
  }
  found.length = kept;
}

/** Whether the phone reading `phone` overlaps a value of `values` (sorted by start) other than as a rival may. */
function swallowsValue(text: string, phone: TextMatch, values: readonly TextMatch[], longest: number): boolean {
  let lo = 0;
  let hi = values.length;
  const from = phone.start - longest;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]!.start <= from) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < values.length && values[k]!.start < phone.end; k++) {
    const v = values[k]!;
    if (v.end <= phone.start) continue;
    if (v.start === phone.start && v.end === phone.end) continue;
    if (phone.start <= v.start && phone.end >= v.end && leadingPlus(text, phone.start, v.start)) continue;
    return true;
  }
  return false;
}

/** A '+' (or '(+') starts the phone reading at `start`, before the value at `valueStart`. */
function leadingPlus(text: string, start: number, valueStart: number): boolean {
  const at = text.charCodeAt(start) === 40 ? start + 1 : start;
  return at < valueStart && text.charCodeAt(at) === RUN_PLUS;
}

/**
 * Widens, in `resolved` (resolvePiiOverlaps' answer for `found`: sorted and disjoint), the requested
 * values that a requested value lost to (in `found`, not kept) partially overlaps, so that both are
 * redacted. Two requested readings can share digits: a card read from the last group of an SSN written
 * with blanks (`SSN 001 01 5730 5555 5555 5555 4444`, where `5730 5555 5555 5555` passes Luhn), or a count
 * before a card that makes a valid card with its first groups. Overlap resolution keeps one, and the part
 * of the other outside it was left in the text. Now the kept value's span grows to cover the lost one (the
 * finding keeps the kept value's type and score): the disjoint spans stay disjoint, as a lost value only
 * touches the kept values it overlaps. A value that lost to a rival of a type not requested is left
 * alone: the rival's reading decided that it is no such value.
 */
export function coverLostValues(
  found: readonly TextMatch[],
  resolved: TextMatch[],
  isWanted: (m: TextMatch) => boolean,
): void {
  const n = resolved.length;
  const kept = new Set(resolved);
  // joined[i]: resolved[i] and resolved[i + 1] become one span; from/to: the span's reach past them.
  let joined: Uint8Array | null = null;
  let from: Float64Array | null = null;
  let to: Float64Array | null = null;
  for (const lost of found) {
    if (kept.has(lost) || !isWanted(lost) || lost.end <= lost.start) continue;
    // The kept spans it overlaps: resolved[a, b).
    const a = firstEndingAfter(resolved, lost.start);
    let b = a;
    let requested = true;
    for (; b < n && resolved[b]!.start < lost.end; b++) if (!isWanted(resolved[b]!)) requested = false;
    if (b === a || !requested) continue;
    if (lost.start >= resolved[a]!.start && lost.end <= resolved[b - 1]!.end && b - a === 1) continue;
    joined ??= new Uint8Array(n);
    from ??= Float64Array.from(resolved, (m) => m.start);
    to ??= Float64Array.from(resolved, (m) => m.end);
    for (let i = a; i < b - 1; i++) joined[i] = 1;
    if (lost.start < from[a]!) from[a] = lost.start;
    if (lost.end > to[b - 1]!) to[b - 1] = lost.end;
  }
  if (joined === null || from === null || to === null) return;
  let w = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j < n - 1 && joined[j] === 1) j++;
    // The best-ranked of the joined values names the finding.
    let best = resolved[i]!;
    for (let k = i + 1; k <= j; k++) if (byRank(resolved[k]!, best) < 0) best = resolved[k]!;
    const start = from[i]!;
    const end = to[j]!;
    resolved[w++] = start === best.start && end === best.end ? best : { ...best, start, end };
    i = j + 1;
  }
  resolved.length = w;
}

const byRank = (a: TextMatch, b: TextMatch): number =>
  b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start;
const byOffset = (a: TextMatch, b: TextMatch): number => a.start - b.start || a.end - b.end;

/** First index of `sorted` (ascending, length n) whose value is >= x. */
function lowerBound(sorted: Float64Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Same result as resolveOverlaps (match.ts): the same ranking, the same greedy keep-if-free, the same
 * final order. Its byte map spans the text between the first and last match (a megabyte for a
 * document with PII at both ends); here the map has one cell per elementary interval between the
 * distinct match boundaries, which is exact because every kept span is a union of whole cells.
 */
export function resolvePiiOverlaps(matches: readonly TextMatch[]): TextMatch[] {
  const n = matches.length;
  if (n < 2) return [...matches];
  // Usual case: no two spans overlap, so every match is kept and the result is the matches in offset
  // order (non-empty disjoint spans have distinct starts, so that order does not depend on ranking).
  const inOrder = [...matches].sort(byOffset);
  let disjoint = true;
  for (let i = 0; i < n && disjoint; i++) {
    const m = inOrder[i]!;
    if (m.end <= m.start || (i > 0 && m.start < inOrder[i - 1]!.end)) disjoint = false;
  }
  if (disjoint) return inOrder;
  const ranked = [...matches].sort(byRank);
  const raw = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    raw[2 * i] = matches[i]!.start;
    raw[2 * i + 1] = matches[i]!.end;
  }
  raw.sort();
  let k = 0;
  for (let i = 0; i < raw.length; i++) if (k === 0 || raw[i] !== raw[k - 1]) raw[k++] = raw[i]!;
  const covered = new Uint8Array(k);
  const kept: TextMatch[] = [];
  for (const candidate of ranked) {
    const a = lowerBound(raw, k, candidate.start);
    const b = lowerBound(raw, k, candidate.end);
    let free = true;
    for (let i = a; i < b; i++) {
      if (covered[i] === 1) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    if (a < b) covered.fill(1, a, b);
    kept.push(candidate);
  }
  return kept.sort(byOffset);
}
