/**
 * Secrets wrapped over two lines: a config or prose paste that a terminal, an editor or a mail client
 * broke at a fixed width leaves a key as `wJalrXUtnFEMI/K7MDENG` at the end of one line and
 * `bPxRfiCYEXAMPLEKEY` at the start of the next, and neither half has the shape of the credential.
 *
 * The secret scanner's matches on the text as it is come first. Then each line break that may cut a
 * token is looked at (one indexOf per line and a bounded walk either side of it, so a text costs about
 * its number of lines), and where there are some, a window around them is scanned again with those
 * breaks (and the next line's indentation) taken out. A match of that scan counts only when it runs
 * across a joined break; it covers the break in the original text and takes the place of the plain
 * matches it overlaps.
 *
 * A break is joined only when it can be the inside of one value:
 * - a run of token characters ends the line and another starts the next one, each of at least
 *   MIN_PART characters, together at least MIN_JOINED with a letter and a digit (hard-wrapped prose ends
 *   and starts its lines with words: no digits, and rarely that long);
 * - no plain match covers the break already, and not both a plain match ends at it and one starts after it;
 * - and either the next line holds nothing but that run (perhaps closed by a quote, a comma or a
 *   bracket: the rest of a wrapped value), or no plain match ends at the break or starts right after it
 *   and the line before holds more than the run (a value complete on its line, `api_key = ...` followed
 *   by `DEBUG=true`, stays as it is; so does a continuation line followed by `region = ...`);
 * - and the next line's run is not the key of an assignment (`NAME = ...`, `name: ...`).
 * A match across a joined break is kept only when it scores above every plain match it overlaps.
 * Values wrapped inside quotes that are concatenated (`"abc" +` / `"def"`) are not joined.
 */
import { firstAbove, firstEndingAfter, type TextMatch } from './match.js';
import { originOf, type FoldedView } from './pii-fold.js';
import { isDigitCode } from './pii-context.js';

/** Characters of the token runs either side of a break. */
const TOKEN_CHAR = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/_-') TOKEN_CHAR[c.charCodeAt(0)] = 1;
const isToken = (c: number): boolean => c < 128 && TOKEN_CHAR[c] === 1;
const isLetter = (c: number): boolean => (c | 32) >= 97 && (c | 32) <= 122;

/** Fewest token characters on each side of a joined break. */
const MIN_PART = 4;
/** Fewest token characters of both sides together. */
const MIN_JOINED = 16;
/** Longest run read on each side (longer ones are read this far: a key is shorter). */
const MAX_PART = 256;
/** Indentation of the continuation line that is dropped with the break. */
const MAX_INDENT = 16;
/** Text scanned on each side of a joined break (room for the key name and context words). */
const MARGIN = 256;

/** A line break that may cut a token: [start, end) is the break and the next line's indentation. */
interface Break {
  start: number;
  end: number;
  /** End of the token run that starts the next line. */
  runEnd: number;
}

/**
 * The line breaks of `text` that join two token runs (see the module comment), in order, leaving out
 * those that plain matches decide.
 */
function candidateBreaks(text: string, plain: readonly TextMatch[]): Break[] {
  const breaks: Break[] = [];
  const n = text.length;
  let m = 0;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) {
    const start = nl > 0 && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    if (start === 0 || !isToken(text.charCodeAt(start - 1))) continue;
    let end = nl + 1;
    while (end < n && end - nl <= MAX_INDENT && (text.charCodeAt(end) === 32 || text.charCodeAt(end) === 9)) end++;
    if (end >= n || !isToken(text.charCodeAt(end))) continue;
    let before = start;
    let digit = false;
    let letter = false;
    while (before > 0 && start - before < MAX_PART && isToken(text.charCodeAt(before - 1))) {
      const c = text.charCodeAt(--before);
      digit ||= isDigitCode(c);
      letter ||= isLetter(c);
    }
    let runEnd = end;
    while (runEnd < n && runEnd - end < MAX_PART && isToken(text.charCodeAt(runEnd))) {
      const c = text.charCodeAt(runEnd++);
      digit ||= isDigitCode(c);
      letter ||= isLetter(c);
    }
    if (
      start - before < MIN_PART ||
      runEnd - end < MIN_PART ||
      start - before + runEnd - end < MIN_JOINED ||
      !digit ||
      !letter
    )
      continue;
    // The plain matches around this break (they are sorted and disjoint).
    while (m < plain.length && plain[m]!.end < start) m++;
    let covered = false;
    let endsHere = false;
    let startsHere = false;
    for (let k = m; k < plain.length && plain[k]!.start <= end; k++) {
      const p = plain[k]!;
      if (p.start < start && p.end > end) covered = true;
      if (p.end === start) endsHere = true;
      if (p.start === end) startsHere = true;
    }
    // Found whole already, or a complete value on each side.
    if (covered || (endsHere && startsHere)) continue;
    // A value complete on its line, or a line that is all token (the middle of a value wrapped over more
    // lines, or a value of its own), joins only a next line that is nothing but the rest of a value.
    if ((endsHere || startsHere || onlyIndentBefore(text, before)) && !restOfValue(text, runEnd)) continue;
    // A next line whose run is a key (`CO_FUTURE_GENERATOR_STOP = 0x800000` after `X = 0x400000`) starts an
    // assignment of its own, whatever the line before ends with.
    if (startsAssignment(text, runEnd)) continue;
    breaks.push({ start, end, runEnd });
  }
  return breaks;
}

/** True when only blanks stand between the start of the line and `at`. */
function onlyIndentBefore(text: string, at: number): boolean {
  let i = at;
  while (i > 0 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--;
  return i === 0 || text.charCodeAt(i - 1) === 10 || text.charCodeAt(i - 1) === 13;
}

/**
 * True when an assignment operator follows `at` on its line (`:`, `=`, `:=`, `=>`; not the `=` padding that
 * restOfValue allows at the end of a base64 value).
 */
function startsAssignment(text: string, at: number): boolean {
  let i = at;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  const c = text.charCodeAt(i);
  return c === 58 || (c === 61 && !restOfValue(text, at));
}

/**
 * True when the line from `at` on holds nothing but what closes a value: base64 padding, up to three
 * quotes, commas, semicolons or brackets, and blanks.
 */
function restOfValue(text: string, at: number): boolean {
  let i = at;
  const n = text.length;
  for (let k = 0; k < 2 && i < n && text.charCodeAt(i) === 61; k++) i++;
  for (let k = 0; k < 3 && i < n && '"\'`,;)]}'.includes(text[i]!); k++) i++;
  while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i === n || text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13;
}

/**
 * `plain` (the scanner's sorted, disjoint matches on `text`) with the values found across joined line
 * breaks in their place; `scan` is the scanner run on a joined window.
 */
export function joinWrappedSecrets(text: string, plain: TextMatch[], scan: (text: string) => TextMatch[]): TextMatch[] {
  if (text.indexOf('\n') === -1) return plain;
  const breaks = candidateBreaks(text, plain);
  if (breaks.length === 0) return plain;
  const found: TextMatch[] = [];
  const n = text.length;
  for (let b = 0; b < breaks.length;) {
    // A window: the breaks whose margins meet.
    const from = Math.max(0, breaks[b]!.start - MARGIN);
    let to = Math.min(n, breaks[b]!.runEnd + MARGIN);
    const first = b;
    for (b++; b < breaks.length && breaks[b]!.start - MARGIN <= to; b++) to = Math.min(n, breaks[b]!.runEnd + MARGIN);
    // The window without its breaks: drops[] as pii-fold's views keep them (each dropped unit sits just
    // before the view unit at that offset), so originOf maps view offsets back.
    const parts: string[] = [];
    const drops: number[] = [];
    const joins: number[] = [];
    let last = from;
    for (let k = first; k < b; k++) {
      const { start, end } = breaks[k]!;
      parts.push(text.slice(last, start));
      const at = start - from - drops.length;
      joins.push(at);
      for (let u = start; u < end; u++) drops.push(at);
      last = end;
    }
    parts.push(text.slice(last, to));
    const view: FoldedView = { text: parts.join(''), drops };
    for (const match of scan(view.text)) {
      // Only what runs across a joined break is new (joins rise: the first one past the match's start; a
      // window can hold a break on every line of a megabyte, so it is looked up, not walked).
      const j = firstAbove(joins, match.start);
      if (j === joins.length || joins[j]! >= match.end) continue;
      const start = from + originOf(view, match.start);
      // The end is one past the last unit's origin (not the origin of the next unit: a break right
      // after a value is not part of it).
      const end = from + originOf(view, match.end - 1) + 1;
      // A match at a cut edge may be a part of a longer value.
      if ((start === from && from > 0) || (end === to && to < n)) continue;
      // The join must read the text better than the lines alone: a provider token whose first half
      // the generic rule took, not one generic value made of two (`api_key = <hex>` over a hex line).
      if (overlapping(plain, start, end).some((p) => p.score >= match.score)) continue;
      found.push({ ...match, start, end });
    }
  }
  if (found.length === 0) return plain;
  found.sort((a, b) => a.start - b.start || a.end - b.end);
  const kept = plain.filter((p) => overlapping(found, p.start, p.end).length === 0);
  return [...kept, ...found].sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The matches of `spans` (sorted and disjoint, so their ends rise too) that overlap [start, end). */
function overlapping(spans: readonly TextMatch[], start: number, end: number): TextMatch[] {
  const out: TextMatch[] = [];
  for (let k = firstEndingAfter(spans, start); k < spans.length && spans[k]!.start < end; k++) out.push(spans[k]!);
  return out;
}
