/**
 * Small helpers shared by the PII recognizers: context-word windows and character classes. Context
 * words lift weak patterns (a bare 9-digit number is an SSN only when "SSN" is nearby), the same idea
 * as Presidio's context enhancer, but checked on a character window so it costs O(window) per match.
 */

/** A compiled, case-insensitive context test over a window of text around a match. */
export interface ContextWords {
  /** True when one of the words occurs within `before` chars before or `after` chars after the span. */
  near(text: string, start: number, end: number): boolean;
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
  const re = new RegExp(`(?:^|[^a-z0-9])(?:${alternatives.join('|')})(?![a-z0-9])`, 'i');
  return {
    near(text, start, end) {
      // Context counts only within the same clause: "born on ...; meeting on 2024-01-15" must not
      // make the meeting date a date of birth.
      let window = text.slice(Math.max(0, start - before), start);
      const cut = lastClauseBreak(window);
      if (cut >= 0) window = window.slice(cut);
      if (re.test(window)) return true;
      if (after > 0 && re.test(text.slice(end, Math.min(text.length, end + after)))) return true;
      return false;
    },
  };
}

const CLAUSE_BREAK = /[;\n]|\.\s+(?=\p{Lu})/gu;

function lastClauseBreak(window: string): number {
  let last = -1;
  for (const m of window.matchAll(CLAUSE_BREAK)) last = m.index + m[0].length;
  return last;
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
