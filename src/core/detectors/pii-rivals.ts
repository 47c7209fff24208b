/**
 * Rivals of the PII detector (pii.ts): entity types that are not requested but are read around the
 * values found, so that a card is not taken for a phone. They scan windows around the matches
 * (windowsAround), and only when an exact precheck on the window's digits says they can find
 * something there (possibleRivals).
 */
import type { TextMatch } from './match.js';
import type { PiiType } from './pii-types.js';

const isDigitAt = (text: string, i: number, to: number): boolean => {
  if (i >= to) return false;
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
};
const isLetterAt = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i) | 32;
  return c >= 97 && c <= 122;
};

/**
 * Exact answers to "can this rival find anything in the window text[from, to)?" from the window's
 * digit positions (D, ascending, from the numeric scan) instead of a regex pass over the window. Each
 * states the necessary condition its recognizer already tests on the window (or on which its pattern
 * depends), restricted to the window as a slice is:
 * - date_of_birth: DATE_NEED (pii-context-bound.ts) - a digit, separator, one or two digits, the same
 *   separator and a digit; or a digit, a separator and four digits; or four digits, '-' and two digits;
 *   or an apostrophe and two digits; or a digit after spaces that follow a letter, '.' or ','; or a digit after a
 *   '-' or '/' after a letter; or eight digits; or a digit and three letters (letters: ASCII and
 *   U+00C0-U+00FF).
 * - npi: the pattern [12]\d{9} (ten digits in a row, the first 1 or 2).
 * - iban: two ASCII letters and two digits (IBAN_RE asserts [A-Za-z]{2} before its \d{2}).
 * - ip_address: a digit, '.', a digit (inside every IPv4 match) or a ':' (the IPv6 scan starts at colons).
 * `nextColon` is the first ':' at or after `from` (-1: none), so no precheck needs the window's slice.
 */
export type RivalPrecheck = (
  text: string,
  from: number,
  to: number,
  digits: ArrayLike<number>,
  lo: number,
  hi: number,
  nextColon: number,
) => boolean;

/** The date_of_birth condition at the digit at q (see RIVAL_POSSIBLE). */
function dateAt(text: string, q: number, from: number, to: number): boolean {
  const sep = q + 1 < to ? text.charCodeAt(q + 1) : 0;
  if ((sep === 45 || sep === 46 || sep === 47) && isDigitAt(text, q + 2, to)) {
    if (q + 3 < to && text.charCodeAt(q + 3) === sep && isDigitAt(text, q + 4, to)) return true;
    if (isDigitAt(text, q + 3, to) && q + 4 < to && text.charCodeAt(q + 4) === sep && isDigitAt(text, q + 5, to))
      return true;
    // A month and year: 03/1984, and 1984-03 (from the year's last digit).
    if (isDigitAt(text, q + 3, to) && isDigitAt(text, q + 4, to) && isDigitAt(text, q + 5, to)) return true;
    if (
      sep === 45 &&
      isDigitAt(text, q + 3, to) &&
      q - 3 >= from &&
      isDigitAt(text, q - 1, to) &&
      isDigitAt(text, q - 2, to) &&
      isDigitAt(text, q - 3, to)
    )
      return true;
  }
  // A year after an apostrophe ('84).
  if (
    q - 1 >= from &&
    (text.charCodeAt(q - 1) === 39 || text.charCodeAt(q - 1) === 0x2019) &&
    isDigitAt(text, q + 1, to)
  )
    return true;
  if (q - 1 >= from && text.charCodeAt(q - 1) === 32) {
    let j = q - 1;
    while (j > from && text.charCodeAt(j - 1) === 32) j--;
    if (j - 1 >= from) {
      const c = text.charCodeAt(j - 1);
      if (isDateLetter(c) || c === 46 || c === 44) return true;
    }
  }
  if (q - 2 >= from) {
    const b = text.charCodeAt(q - 1);
    if ((b === 45 || b === 47) && isDateLetter(text.charCodeAt(q - 2))) return true;
  }
  if (
    q + 3 < to &&
    isDateLetter(text.charCodeAt(q + 1)) &&
    isDateLetter(text.charCodeAt(q + 2)) &&
    isDateLetter(text.charCodeAt(q + 3))
  )
    return true;
  if (q + 7 < to) {
    let k = 1;
    while (k < 8 && isDigitAt(text, q + k, to)) k++;
    if (k === 8) return true;
  }
  return false;
}

/** DATE_NEED's letters: ASCII and U+00C0-U+00FF. */
function isDateLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xff);
}

/** The npi condition at digits[k] = q. */
function npiAt(text: string, q: number, k: number, digits: ArrayLike<number>, to: number): boolean {
  const c = text.charCodeAt(q);
  return (c === 49 || c === 50) && q + 9 < to && k + 9 < digits.length && digits[k + 9] === q + 9;
}

/** The iban condition at the digit at q. */
function ibanAt(text: string, q: number, from: number, to: number): boolean {
  return q - 2 >= from && isLetterAt(text, q - 2) && isLetterAt(text, q - 1) && isDigitAt(text, q + 1, to);
}

/** The IPv4 part of the ip_address condition at the digit at q. */
function ipv4At(text: string, q: number, to: number): boolean {
  return q + 1 < to && text.charCodeAt(q + 1) === 46 && isDigitAt(text, q + 2, to);
}

export const RIVAL_POSSIBLE: Partial<Record<PiiType, RivalPrecheck>> = {
  date_of_birth(text, from, to, digits, lo, hi) {
    for (let k = lo; k < hi; k++) if (dateAt(text, digits[k]!, from, to)) return true;
    return false;
  },
  npi(text, _from, to, digits, lo, hi) {
    for (let k = lo; k < hi; k++) if (npiAt(text, digits[k]!, k, digits, to)) return true;
    return false;
  },
  iban(text, from, to, digits, lo, hi) {
    for (let k = lo; k < hi; k++) if (ibanAt(text, digits[k]!, from, to)) return true;
    return false;
  },
  ip_address(text, _from, to, digits, lo, hi, nextColon) {
    for (let k = lo; k < hi; k++) if (ipv4At(text, digits[k]!, to)) return true;
    return nextColon >= 0 && nextColon < to;
  },
};

/** One bit per rival that has a precheck (RIVAL_POSSIBLE); 0 for the others. */
export const RIVAL_BIT: Partial<Record<PiiType, number>> = { date_of_birth: 1, npi: 2, iban: 4, ip_address: 8 };

/**
 * The RIVAL_POSSIBLE answers for the rivals in `wanted` (a mask of RIVAL_BIT), as a mask, from one walk
 * over the window's digits instead of one call and one walk per rival; the walk stops once every
 * wanted rival is possible.
 */
export function possibleRivals(
  text: string,
  from: number,
  to: number,
  digits: ArrayLike<number>,
  lo: number,
  hi: number,
  nextColon: number,
  wanted: number,
): number {
  let found = 0;
  if ((wanted & 8) !== 0 && nextColon >= 0 && nextColon < to) found |= 8;
  for (let k = lo; k < hi && found !== wanted; k++) {
    const q = digits[k]!;
    const open = wanted & ~found;
    if ((open & 1) !== 0 && dateAt(text, q, from, to)) found |= 1;
    if ((open & 2) !== 0 && npiAt(text, q, k, digits, to)) found |= 2;
    if ((open & 4) !== 0 && ibanAt(text, q, from, to)) found |= 4;
    if ((open & 8) !== 0 && ipv4At(text, q, to)) found |= 8;
  }
  return found;
}

/** Merged [from, to) windows of RIVAL_MARGIN chars around each match. */
export const RIVAL_MARGIN = 96;

/**
 * The windows as flat pairs [from, to, from, to, ...] in text order; spans that overlap or touch are
 * merged. Starts and ends are sorted apart (no array of pairs): a window closes at the j-th smallest
 * end when exactly j + 1 spans start at or before it, i.e. every span begun so far has ended and the
 * next one starts after it. Same windows as sorting the spans by start and merging.
 */
export function windowsAround(matches: readonly TextMatch[], length: number): number[] {
  const n = matches.length;
  // Offsets fit 32 bits (strings are shorter than 2^30); an Int32Array sorts about twice as fast.
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const m = matches[i]!;
    starts[i] = Math.max(0, m.start - RIVAL_MARGIN);
    ends[i] = Math.min(length, m.end + RIVAL_MARGIN);
  }
  starts.sort();
  ends.sort();
  const merged: number[] = [];
  let begun = 0;
  let first = 0;
  for (let j = 0; j < n; j++) {
    while (begun < n && starts[begun]! <= ends[j]!) begun++;
    if (begun === j + 1) {
      merged.push(starts[first]!, ends[j]!);
      first = j + 1;
    }
  }
  return merged;
}
