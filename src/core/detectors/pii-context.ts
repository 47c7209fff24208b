/**
 * Small helpers shared by the PII recognizers: context-word windows and character classes. Context
 * words lift weak patterns (a bare 9-digit number is an SSN only when "SSN" is nearby), the same idea
 * as Presidio's context enhancer, but checked on a character window so it costs O(window) per match.
 */

/** A compiled, case-insensitive context test over a window of text around a match. */
export interface ContextWords {
  /**
   * True when one of the words occurs within `before` chars before or `after` chars after the span.
   * `floor` stops the backward window (e.g. at the end of a previous date, so one "born on" does not
   * qualify every later date in the sentence).
   */
  near(text: string, start: number, end: number, floor?: number): boolean;
  /**
   * Characters between the end of the closest context word before `start` (same clause, not before
   * `floor`) and `start`, or -1 when there is none. Lets the nearest context decide between rivals.
   */
  distance(text: string, start: number, floor?: number): number;
  /**
   * `distance` on a clause window already cut (see clauseBefore with this test's `before`): callers
   * asking several context tests about the same position cut the window once.
   */
  distanceIn(window: string): number;
  /** True when any of the words occurs anywhere in `text` (a cheap pre-check before scanning). */
  any(text: string): boolean;
  /**
   * Regions of `text` that start at an occurrence of a context word and extend `reach` chars past it,
   * merged and sorted. Recognizers that need context scan only these, so their cost follows the number
   * of context words rather than the size of the text.
   */
  windows(text: string, reach: number): Array<[number, number]>;
  /** True when the words occur inside `value` itself (a prefixed identifier such as "MRN-1234567"). */
  inside(value: string): boolean;
}

/**
 * Builds a context test. Words are matched on word boundaries, case-insensitively; multi-word phrases
 * may be separated by any run of spaces, dots, hyphens or underscores ("date of birth", "d.o.b").
 */
export function contextWords(words: readonly string[], before = 48, after = 0): ContextWords {
  const alternatives = words.map((w) =>
    w
      .split(/[\s._-]+/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\/#']/g, '\\$&'))
      .join('[\\s._-]{0,3}'),
  );
  // Latin-1 and Latin Extended letters count as word characters too ("né" is not a word in "aîné").
  const re = new RegExp(`(?:^|[^a-z0-9\\u00c0-\\u024f])(?:${alternatives.join('|')})(?![a-z0-9\\u00c0-\\u024f])`, 'i');
  const globalRe = new RegExp(re.source, 'gi');
  const distanceIn = (window: string): number => {
    let lastEnd = -1;
    globalRe.lastIndex = 0;
    for (let m = globalRe.exec(window); m !== null; m = globalRe.exec(window)) {
      lastEnd = m.index + m[0].length;
      if (m[0].length === 0) globalRe.lastIndex++;
    }
    return lastEnd < 0 ? -1 : window.length - lastEnd;
  };
  // Each word is found through its longest part (an anchor of at least two letters), so windows()
  // never degenerates into "every 'd' in the text" for abbreviations like d.o.b.
  const firstTokens = [
    ...new Set(
      words
        .map((w) => w.toLowerCase().split(/[\s._-]+/).sort((a, b) => b.length - a.length)[0] ?? '')
        .filter((anchor) => anchor.length >= 2),
    ),
  ];
  // Words made only of single letters ("d.o.b.") have no such anchor: they are found by their own
  // pattern (it starts with a letter, so the scan still skips ahead on it).
  const letterWords = words
    .map((w, i) => [w.toLowerCase().split(/[\s._-]+/).filter((part) => part.length > 0), alternatives[i]!] as const)
    .filter(([parts]) => parts.length > 1 && parts.every((part) => part.length < 2))
    .map(([, alternative]) => alternative);
  // One pass over the lower-cased text finds every anchor (longest first within the alternation).
  const anchorRe = new RegExp(
    [
      ...firstTokens.sort((a, b) => b.length - a.length).map((t) => t.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')),
      ...letterWords,
    ].join('|'),
    'g',
  );
  return {
    windows(text, reach) {
      const lower = lowerOf(text);
      const found: Array<[number, number]> = [];
      anchorRe.lastIndex = 0;
      for (let m = anchorRe.exec(lower); m !== null; m = anchorRe.exec(lower)) {
        // Start a little before the anchor so multi-word phrases ("date of birth") are inside.
        found.push([Math.max(0, m.index - 16), Math.min(text.length, m.index + m[0].length + reach)]);
        if (found.length > 20000) return [[0, text.length]];
      }
      found.sort((a, b) => a[0] - b[0]);
      const merged: Array<[number, number]> = [];
      for (const w of found) {
        const last = merged[merged.length - 1];
        if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
        else merged.push([w[0], w[1]]);
      }
      return merged;
    },
    distance(text, start, floor = 0) {
      return distanceIn(clauseBefore(text, start, before, floor));
    },
    distanceIn,
    any(text) {
      return re.test(text);
    },
    inside(value) {
      return re.test(value);
    },
    near(text, start, end, floor = 0) {
      // Context counts only within the same clause: "born on ...; meeting on 2024-01-15" must not
      // make the meeting date a date of birth.
      if (re.test(clauseBefore(text, start, before, floor))) return true;
      if (after > 0 && re.test(text.slice(end, Math.min(text.length, end + after)))) return true;
      return false;
    },
  };
}

/**
 * The clause before `start`: the `before` characters before it (not before `floor`), cut after the
 * last clause break in them (see CLAUSE_BREAK).
 */
export function clauseBefore(text: string, start: number, before: number, floor = 0): string {
  const from = Math.max(0, floor, start - before);
  // Every break holds ';', a newline or '.'; most windows have none, and this look (on the text
  // itself, cheaper to read than the slice) costs less than one run of the Unicode-aware regex.
  let mark = false;
  for (let i = from; i < start && !mark; i++) {
    const c = text.charCodeAt(i);
    mark = c === 59 || c === 10 || c === 46;
  }
  const window = text.slice(from, start);
  if (!mark) return window;
  const cut = lastClauseBreak(window);
  return cut >= 0 ? window.slice(cut) : window;
}

const CLAUSE_BREAK = /[;\n]|\.\s+(?=\p{Lu})/gu;

function lastClauseBreak(window: string): number {
  let last = -1;
  // exec() on the shared regex (matchAll would clone it per call); every match is non-empty.
  CLAUSE_BREAK.lastIndex = 0;
  for (let m = CLAUSE_BREAK.exec(window); m !== null; m = CLAUSE_BREAK.exec(window)) last = m.index + m[0].length;
  return last;
}

let cachedText = '';
let cachedLower = '';

/** Lower-cased copy of `text`, cached for the last text seen (the recognizers of one scan share it). */
export function lowerOf(text: string): string {
  if (text !== cachedText) {
    cachedText = text;
    cachedLower = text.toLowerCase();
  }
  return cachedLower;
}

/** ASCII digit test on a UTF-16 code unit. */
export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** ASCII letter or digit test on a UTF-16 code unit. */
export function isAlnumCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Keeps only the ASCII digits of a string. */
export function digitsOf(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) out += s[i];
  }
  return out;
}

/** True when every character of `s` is the same (e.g. 000000000, 1111-1111). */
export function allSameDigit(digits: string): boolean {
  for (let i = 1; i < digits.length; i++) if (digits[i] !== digits[0]) return false;
  return true;
}
