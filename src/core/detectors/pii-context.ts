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
  /**
   * Where the last context word of a clause window starts (with the separator before it), or -1 when
   * there is none: of two tests whose last words end at the same place ("caller id", "order no"), the
   * one that starts earlier matched the longer phrase.
   */
  lastStartIn(window: string): number;
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
 * Several context tests whose windows() a scan asks for on the same long text: `prime` finds the anchors
 * of all of them in one pass over the text, and each member then reads its windows off that pass
 * instead of running its own (one pass over a megabyte costs about as much whatever the number of
 * words, so six members primed together cost a third of six passes). Members join by being built with
 * the index (see contextWords); windows are the same primed or not.
 */
export interface AnchorIndex {
  /** The bit of a member (0 for a context test that is not one), in the order they joined. */
  bitOf(member: ContextWords): number;
  /** Finds the anchors of the members in `mask` (a union of bitOf) in `text`, for their next windows(text). */
  prime(text: string, mask: number): void;
  /** Adds a member (contextWords does, for a test built with this index); returns its bit. */
  join(member: ContextWords, anchors: AnchorMember): number;
  /** The primed anchors of `text` for the member with bit `bit`, or null when it was not primed for it. */
  primedFor(text: string, bit: number): PrimedAnchors | null;
}

/** A member's anchors as its windows() pass reads them. */
export interface AnchorMember {
  /** Its literal anchors in lower case, longest first (its alternation's order). */
  literals: readonly string[];
  /** Its single-letter phrases (`d.o.b.`) as a sticky pattern, tried where none of its literals starts. */
  letters: RegExp | null;
}

export interface PrimedAnchors {
  /** Every offset of the text where an anchor of a primed member starts, ascending. */
  positions: number[];
  /**
   * The anchor the primed alternation matched there, lower-cased: the longest literal, else a letter
   * phrase's match.
   */
  matched: string[];
  /** The literals of the primed alternation. */
  literals: ReadonlySet<string>;
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/** A new, empty anchor index (see AnchorIndex). */
export function anchorIndex(): AnchorIndex {
  const members: AnchorMember[] = [];
  const bits = new Map<ContextWords, number>();
  const patterns = new Map<number, { re: RegExp; literals: Set<string> }>();
  let primedText: string | null = null;
  let primedMask = 0;
  let primed: PrimedAnchors = { positions: [], matched: [], literals: new Set() };
  const patternOf = (mask: number): { re: RegExp; literals: Set<string> } => {
    let p = patterns.get(mask);
    if (p === undefined) {
      const chosen = members.filter((_, i) => (mask & (1 << i)) !== 0);
      const literals = new Set(chosen.flatMap((m) => m.literals));
      const letters = chosen.flatMap((m) => (m.letters ? [m.letters.source] : []));
      // Longest literal first, then the letter phrases: at any offset the match is the longest literal
      // that starts there, of which every member's own choice (its longest literal there) is a prefix.
      const sorted = [...literals].sort((a, b) => b.length - a.length).map((t) => t.replace(REGEX_SPECIAL, '\\$&'));
      p = { re: new RegExp([...sorted, ...letters].join('|'), 'gi'), literals };
      patterns.set(mask, p);
    }
    return p;
  };
  return {
    bitOf: (member) => bits.get(member) ?? 0,
    prime(text, mask) {
      const { re, literals } = patternOf(mask);
      const positions: number[] = [];
      const matched: string[] = [];
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        positions.push(m.index);
        matched.push(m[0].toLowerCase());
        // Every offset where an anchor starts, overlapping ones too: members skip the ones their own
        // pass would have stepped over.
        re.lastIndex = m.index + 1;
      }
      primedText = text;
      primedMask = mask;
      primed = { positions, matched, literals };
    },
    join(member, anchors) {
      if (members.length >= 30) return 0; // beyond a mask's bits: the member keeps its own pass
      const bit = 1 << members.length;
      bits.set(member, bit);
      members.push(anchors);
      patterns.clear();
      return bit;
    },
    primedFor(text, bit) {
      return bit !== 0 && text === primedText && (primedMask & bit) !== 0 ? primed : null;
    },
  };
}

/**
 * Builds a context test. Words are matched on word boundaries, case-insensitively; multi-word phrases
 * may be separated by any run of spaces, dots, hyphens or underscores ("date of birth", "d.o.b").
 * With `index`, its windows() can be read off a pass shared with the index's other members (AnchorIndex).
 */
export function contextWords(words: readonly string[], before = 48, after = 0, index?: AnchorIndex): ContextWords {
  const alternatives = words.map((w) =>
    w
      .split(/[\s._-]+/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\/#']/g, '\\$&'))
      .join('[\\s._-]{0,3}'),
  );
  // Latin-1 and Latin Extended letters count as word characters too ("né" is not a word in "aîné"). A
  // JSON escape's letter is none: in tool-call arguments a word follows `\n` or `\t` ("Jane\nSSN: ...").
  const re = new RegExp(
    `(?:^|[^a-z0-9\\u00c0-\\u024f]|\\\\[nrt])(?:${alternatives.join('|')})(?![a-z0-9\\u00c0-\\u024f])`,
    'i',
  );
  const globalRe = new RegExp(re.source, 'gi');
  /** The start and end of the last match in `window` ([-1, -1]: none), in `lastMatch`. */
  const lastMatch = [-1, -1];
  const findLast = (window: string): void => {
    lastMatch[0] = -1;
    lastMatch[1] = -1;
    globalRe.lastIndex = 0;
    for (let m = globalRe.exec(window); m !== null; m = globalRe.exec(window)) {
      lastMatch[0] = m.index;
      lastMatch[1] = m.index + m[0].length;
      if (m[0].length === 0) globalRe.lastIndex++;
    }
  };
  const distanceIn = (window: string): number => {
    findLast(window);
    return lastMatch[1]! < 0 ? -1 : window.length - lastMatch[1]!;
  };
  const lastStartIn = (window: string): number => {
    findLast(window);
    return lastMatch[0]!;
  };
  // Each word is found through its longest part (an anchor of at least two letters), so windows()
  // never degenerates into "every 'd' in the text" for abbreviations like d.o.b.
  const firstTokens = [
    ...new Set(
      words
        .map(
          (w) =>
            w
              .toLowerCase()
              .split(/[\s._-]+/)
              .sort((a, b) => b.length - a.length)[0] ?? '',
        )
        .filter((anchor) => anchor.length >= 2),
    ),
  ];
  // Words made only of single letters ("d.o.b.") have no such anchor: they are found by their own
  // pattern (it starts with a letter, so the scan still skips ahead on it).
  const letterWords = words
    .map(
      (w, i) =>
        [
          w
            .toLowerCase()
            .split(/[\s._-]+/)
            .filter((part) => part.length > 0),
          alternatives[i]!,
        ] as const,
    )
    .filter(([parts]) => parts.length > 1 && parts.every((part) => part.length < 2))
    .map(([, alternative]) => alternative);
  // One case-insensitive pass over the text finds every anchor (longest first within the alternation).
  // Not over a lower-cased copy: 'İ' lower-cases to two characters, and offsets there drift from the text's.
  const literals = firstTokens.sort((a, b) => b.length - a.length);
  const anchorRe = new RegExp(
    [...literals.map((t) => t.replace(REGEX_SPECIAL, '\\$&')), ...letterWords].join('|'),
    'gi',
  );
  const letters = letterWords.length > 0 ? new RegExp(letterWords.join('|'), 'iy') : null;
  let bit = 0;
  const letterAt = (text: string, at: number): number => {
    if (letters === null) return 0;
    letters.lastIndex = at;
    return letters.exec(text)?.[0].length ?? 0;
  };
  // This member's longest literal that is a prefix of a primed literal match (0: none), by match.
  const ownLength = new Map<string, number>();
  /**
   * The length of this member's own match at `at`, where the primed alternation matched `m` (0: none).
   * A literal `m` is the longest literal starting there, so this member's is its longest literal that
   * is a prefix of `m`, else its letter phrase there; where `m` is a letter phrase, no literal starts.
   */
  const lengthAt = (text: string, at: number, m: string, literal: boolean): number => {
    if (!literal) return letterAt(text, at);
    let n = ownLength.get(m);
    if (n === undefined) {
      n = 0;
      for (const l of literals) {
        if (m.startsWith(l)) {
          n = l.length;
          break;
        }
      }
      ownLength.set(m, n);
    }
    return n > 0 ? n : letterAt(text, at);
  };
  /** Calls `onMatch` for each match of this member's anchor pass over `text`, until it returns false. */
  const ownMatches = (text: string, onMatch: (at: number, length: number) => boolean): void => {
    const primed = index?.primedFor(text, bit) ?? null;
    if (primed === null) {
      anchorRe.lastIndex = 0;
      for (let m = anchorRe.exec(text); m !== null; m = anchorRe.exec(text)) if (!onMatch(m.index, m[0].length)) return;
      return;
    }
    // The same matches from the primed offsets: after each match, the next offset where one of this
    // member's anchors starts.
    let next = 0;
    for (let k = 0; k < primed.positions.length; k++) {
      const at = primed.positions[k]!;
      if (at < next) continue;
      const m = primed.matched[k]!;
      const n = lengthAt(text, at, m, primed.literals.has(m));
      if (n === 0) continue;
      if (!onMatch(at, n)) return;
      next = at + n;
    }
  };
  const member: ContextWords = {
    windows(text, reach) {
      const found: Array<[number, number]> = [];
      let whole = false;
      ownMatches(text, (at, length) => {
        // Start a little before the anchor so multi-word phrases ("date of birth") are inside.
        found.push([Math.max(0, at - 16), Math.min(text.length, at + length + reach)]);
        whole = found.length > 20000;
        return !whole;
      });
      if (whole) return [[0, text.length]];
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
    lastStartIn,
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
  if (index) bit = index.join(member, { literals, letters });
  return member;
}

/**
 * The clause before `start`: the `before` characters before it (not before `floor`), cut after the
 * last clause break in them (see CLAUSE_BREAK).
 */
export function clauseBefore(text: string, start: number, before: number, floor = 0): string {
  const from = Math.max(0, floor, start - before);
  // Every break holds ';', a newline, a backslash or '.'; most windows have none, and this look (on the text
  // itself, cheaper to read than the slice) costs less than one run of the Unicode-aware regex.
  let mark = false;
  for (let i = from; i < start && !mark; i++) {
    const c = text.charCodeAt(i);
    mark = c === 59 || c === 10 || c === 46 || c === 92;
  }
  const window = text.slice(from, start);
  if (!mark) return window;
  const cut = lastClauseBreak(window);
  return cut >= 0 ? window.slice(cut) : window;
}

/** A ';', a line break (also as JSON text writes it, `\n`: tool-call arguments) or a sentence end. */
const CLAUSE_BREAK = /[;\n]|\\[nr]|\.\s+(?=\p{Lu})/gu;

function lastClauseBreak(window: string): number {
  let last = -1;
  // exec() on the shared regex (matchAll would clone it per call); every match is non-empty.
  CLAUSE_BREAK.lastIndex = 0;
  for (let m = CLAUSE_BREAK.exec(window); m !== null; m = CLAUSE_BREAK.exec(window)) last = m.index + m[0].length;
  return last;
}

/**
 * An extension after a number (`x1234`, ` ext. 12`, `, extension 4410`), as a sticky pattern. It belongs to
 * the number's span (decided in session 36, as libphonenumber's matcher does): behind a switchboard the
 * extension is the part that reaches one person, and `[PHONE_REDACTED] ext. 12` read as half a redaction.
 */
const EXTENSION = /(?:,?[ \t\u00a0]?(?:ext[.:]?|extension)|[ \t\u00a0]?x)[ \t\u00a0]?\d{1,6}(?!\w)/iy;

/** The length of the extension that starts at `at` (0: none). */
export function extensionAt(text: string, at: number): number {
  EXTENSION.lastIndex = at;
  return EXTENSION.exec(text)?.[0].length ?? 0;
}

/** The longest extension: a comma, a blank, `extension`, a blank and six digits. */
const EXTENSION_MAX = 18;

/**
 * Where a number ends whose extension covers or touches `at` (the offset after its last digit), or -1:
 * the number's span reaches that far (see EXTENSION).
 */
export function extendedNumberEnd(text: string, at: number): number {
  for (let k = Math.max(1, at - EXTENSION_MAX); k <= at; k++) {
    if (!isDigitCode(text.charCodeAt(k - 1))) continue;
    const n = extensionAt(text, k);
    if (n > 0 && k + n >= at) return k;
  }
  return -1;
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
