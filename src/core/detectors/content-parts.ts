/**
 * A message's content given as several text parts (`content: [{type: 'text', text: 'mail jane@exa'},
 * {type: 'text', text: 'mple.com'}]`) reaches the model as one text, but each part is a segment of its own
 * (payload-text.ts), and a value split over two parts is in neither. This module finds the runs of
 * consecutive text parts of one content list and scans around their joins, the parts joined as they are
 * (no separator: a value is split inside itself), so that a scanner's matches that cross a join are found
 * and can be reported and redacted part by part.
 *
 * Bounded: only JOIN_REACH units on each side of a join are read, the windows of nearby joins merged, so
 * the extra scanning is at most the run's text once whatever the number of parts (a message of 100k
 * one-character parts is read once more, not 100k times a window).
 */
import { firstAbove, type TextMatch } from './match.js';
import type { TextSegment } from './payload-text.js';

/**
 * Units read on each side of a join: longer than the values scanners look for (a PEM private key block of
 * 4096-bit RSA is about 3.2k characters; a JWT rarely passes 2k).
 */
export const JOIN_REACH = 4096;

/** One part's share of a match that crosses joins: [start, end) of that part's text. */
export interface PartPiece {
  segment: TextSegment;
  start: number;
  end: number;
}

/** A match over the joined text of a run of parts, and its pieces, in part order (two or more). */
export interface MatchAcrossParts<M extends TextMatch> {
  match: M;
  /** The matched value (the pieces' texts, joined). */
  value: string;
  pieces: PartPiece[];
}

/**
 * Where `segment` sits in a content list: the tokens of the list (the message's `content`, a Responses-API
 * tool output's `output`) and the part's index, for a part that is a string or a part's `text` (an
 * `output` part's `text` only); undefined for any other segment.
 */
function partOf(segment: TextSegment): { list: ReadonlyArray<string | number>; index: number } | undefined {
  const t = segment.tokens;
  const n = t.length;
  const textKey = t[n - 1] === 'text' ? 1 : 0;
  const index = t[n - 1 - textKey];
  // A message's `content`, or a Responses-API tool output's `output` (a list of `input_text` parts).
  const key = t[n - 2 - textKey];
  if (typeof index !== 'number' || (key !== 'content' && (key !== 'output' || textKey === 0))) return undefined;
  return { list: t.slice(0, n - 1 - textKey), index };
}

function sameTokens(a: ReadonlyArray<string | number>, b: ReadonlyArray<string | number>): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** No runs: what nearly every request has, shared. */
const NO_RUNS: readonly (readonly TextSegment[])[] = Object.freeze([]);

/**
 * The runs of two or more text parts that follow each other in one content list (indices k, k+1, ...), in
 * document order. A part of another kind between two text parts (an image) ends the run: the texts either
 * side of it are not read as one. Nothing is allocated for a request without text parts (every step that
 * reads runs asks; a memo of the answer per segment list cost more than the walk: a WeakMap entry per
 * request, 20% of a 1 KB evaluation, measured 2026-11-23).
 */
export function contentPartRuns(segments: readonly TextSegment[]): readonly (readonly TextSegment[])[] {
  let runs: TextSegment[][] | undefined;
  let run: TextSegment[] | undefined;
  let last: { list: ReadonlyArray<string | number>; index: number } | undefined;
  for (const segment of segments) {
    const part = partOf(segment);
    if (part === undefined) continue;
    if (run !== undefined && last !== undefined && part.index === last.index + 1 && sameTokens(part.list, last.list))
      run.push(segment);
    else {
      if (run !== undefined && run.length > 1) (runs ??= []).push(run);
      run = [segment];
    }
    last = part;
  }
  if (run !== undefined && run.length > 1) (runs ??= []).push(run);
  return runs ?? NO_RUNS;
}

/**
 * The matches of `scan` over the joins of `run` (its parts' texts joined with `separator` between them:
 * none by default) that cross at least one join, each cut into its parts' pieces. A match that reaches the cut edge of a window
 * (not the run's own start or end) is dropped: the value may go on past what was read.
 */
export function matchesAcrossParts<M extends TextMatch>(
  run: readonly TextSegment[],
  scan: (text: string) => readonly M[],
  reach = JOIN_REACH,
  separator = '',
): MatchAcrossParts<M>[] {
  // offsets[j]: where part j begins in the joined text (its parts with `separator` between them);
  // offsets[run.length]: the joined text's length plus one separator.
  const gap = separator.length;
  const offsets = new Array<number>(run.length + 1);
  offsets[0] = 0;
  for (let j = 0; j < run.length; j++) offsets[j + 1] = offsets[j]! + run[j]!.text.length + gap;
  const total = offsets[run.length]! - gap;
  const out: MatchAcrossParts<M>[] = [];
  let j = 1;
  while (j < run.length) {
    // A window around join j, grown over the next joins while their windows overlap it.
    const from = Math.max(0, offsets[j]! - reach);
    let to = Math.min(total, offsets[j]! + reach);
    let k = j + 1;
    while (k < run.length && offsets[k]! - reach <= to) to = Math.min(total, offsets[k++]! + reach);
    // The parts the window reads: j - 1 (the part before join j) up to k - 1, the cut ones from or to its edge.
    let first = j - 1;
    while (first > 0 && offsets[first]! > from) first--;
    const text = joinedSlice(run, offsets, first, k - 1, from, to, separator);
    for (const m of scan(text)) {
      const start = from + m.start;
      const end = from + m.end;
      if ((m.start === 0 && from > 0) || (m.end === text.length && to < total)) continue;
      // The match must begin in a part (not in a separator) before a join and reach into the part after it:
      // the first join past its start, looked up (a window can merge thousands of parts; a walk per match
      // was quadratic in them).
      const join = firstAbove(offsets, start + gap, j, k);
      if (join === k || offsets[join]! >= end) continue;
      out.push({
        match: m,
        value: text.slice(m.start, m.end),
        pieces: piecesOf(run, offsets, first, k - 1, start, end, gap),
      });
    }
    j = k;
  }
  return out;
}

/** The joined text (parts `first` to `last`, `separator` between them) over [from, to). */
function joinedSlice(
  run: readonly TextSegment[],
  offsets: readonly number[],
  first: number,
  last: number,
  from: number,
  to: number,
  separator: string,
): string {
  const pieces: string[] = [];
  for (let p = first; p <= last; p++) {
    const text = run[p]!.text;
    if (p > first) pieces.push(separator);
    pieces.push(text.slice(Math.max(0, from - offsets[p]!), Math.min(text.length, to - offsets[p]!)));
  }
  return pieces.join('');
}

/** The non-empty pieces of [start, end) of the joined text in parts `first` to `last` (separators left out). */
function piecesOf(
  run: readonly TextSegment[],
  offsets: readonly number[],
  first: number,
  last: number,
  start: number,
  end: number,
  gap: number,
): PartPiece[] {
  const pieces: PartPiece[] = [];
  // From the part that ends after `start` (looked up, as the join above) to the last that begins before `end`.
  for (
    let p = Math.max(first, firstAbove(offsets, start + gap, first + 1, last + 2) - 1);
    p <= last && offsets[p]! < end;
    p++
  ) {
    const a = Math.max(start, offsets[p]!);
    const b = Math.min(end, offsets[p + 1]! - gap);
    if (a < b) pieces.push({ segment: run[p]!, start: a - offsets[p]!, end: b - offsets[p]! });
  }
  return pieces;
}
