/**
 * Where a catalogue rule can match, from where its keywords occur: a rule whose every match has one of its
 * keywords at a known offset from the match start (SecretRule.keywordAt) need only be tried at the starts
 * those offsets allow around each keyword occurrence, instead of over the whole text. On the docs megabyte
 * (this repository's docs repeated) 57 rules qualify: their whole-text scans took ~74 ms, the tries near their
 * keywords take ~1.5 ms; on a megabyte of dependency docs, 27 rules, ~41 ms against ~3.
 */
import type { KeywordAt, SecretRule } from './secrets-catalogue.js';

/** Most literal prefixes followed through alternations before the analysis stops extending them. */
const MAX_PREFIXES = 64;

interface Prefix {
  text: string;
  /** The prefix spans all of its alternative so far, so what follows the alternative may extend it. */
  open: boolean;
}

/** The index just past the character class that starts at `i` ('['). */
function classEnd(source: string, i: number): number {
  let j = i + 1;
  while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** The index of the ')' that closes the group opened at `i`, or source.length. */
function groupEnd(source: string, i: number): number {
  let depth = 0;
  for (let j = i; j < source.length;) {
    const c = source[j]!;
    if (c === '\\') j += 2;
    else if (c === '[') j = classEnd(source, j);
    else {
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return j;
      j++;
    }
  }
  return source.length;
}

/** The index of the '|' or ')' that ends the alternative running at `i`, or source.length. */
function alternativeEnd(source: string, i: number): number {
  let j = i;
  while (j < source.length && source[j] !== '|' && source[j] !== ')') {
    const c = source[j]!;
    if (c === '\\') j += 2;
    else if (c === '[') j = classEnd(source, j);
    else if (c === '(') j = groupEnd(source, j) + 1;
    else j++;
  }
  return j;
}

/** Punctuation that an escape makes literal (letters and digits escape classes, assertions and references). */
const ESCAPED_LITERAL = /^[\\^$.|?*+()[\]{}/\-,:=!<>#&~'"`@%;_ ]$/;

/**
 * The literal prefixes of the alternative that starts at `i` and where it ends: every match of the
 * alternative begins with one of them. Zero-width assertions are passed over (they restrict matches, they
 * add no characters); a prefix stops growing at the first atom that is not a literal character or a group,
 * or that is quantified.
 */
function alternativePrefixes(source: string, i: number): { prefixes: Prefix[]; end: number } | null {
  let prefixes: Prefix[] = [{ text: '', open: true }];
  let j = i;
  const close = (): void => {
    for (const p of prefixes) p.open = false;
  };
  while (j < source.length && source[j] !== '|' && source[j] !== ')') {
    if (!prefixes.some((p) => p.open)) return { prefixes, end: alternativeEnd(source, j) };
    const c = source[j]!;
    let atomEnd: number;
    let literal: string | undefined;
    let group: Prefix[] | undefined;
    let assertion = false;
    if (c === '\\') {
      const e = source[j + 1] ?? '';
      atomEnd = j + 2;
      if (e === 'b' || e === 'B') assertion = true;
      else if (ESCAPED_LITERAL.test(e)) literal = e;
    } else if (c === '[') atomEnd = classEnd(source, j);
    else if (c === '(') {
      const end = groupEnd(source, j);
      if (end === source.length) return null;
      atomEnd = end + 1;
      if (/^\(\?<?[=!]/.test(source.slice(j, j + 4))) assertion = true;
      else {
        // A capturing group, a named one or (?: ... ): the union of its alternatives' prefixes.
        let k = j + 1;
        if (source.startsWith('?:', k)) k += 2;
        else if (source.startsWith('?<', k)) k = source.indexOf('>', k) + 1;
        else if (source[k] === '?') return null; // a modifier group or syntax not known here
        group = [];
        for (;;) {
          const alternative = alternativePrefixes(source, k);
          if (alternative === null) return null;
          group.push(...alternative.prefixes);
          if (source[alternative.end] !== '|') break;
          k = alternative.end + 1;
        }
      }
    } else if (c === '^' || c === '$') {
      atomEnd = j + 1;
      assertion = true;
    } else {
      atomEnd = j + 1;
      // '.', and a quantifier or brace where an atom should be, are not literals.
      if (!'.*+?{}]'.includes(c)) literal = c;
    }
    // Any quantifier ('{' included, even where it would be a literal brace) ends the literal prefixes here.
    const quantified = atomEnd < source.length && '?*+{'.includes(source[atomEnd]!);
    if (quantified) {
      close();
      j = alternativeEnd(source, atomEnd);
      continue;
    }
    if (assertion) {
      // passed over
    } else if (literal !== undefined) {
      for (const p of prefixes) if (p.open) p.text += literal;
    } else if (group !== undefined) {
      const grown: Prefix[] = prefixes.filter((p) => !p.open);
      for (const p of prefixes) if (p.open) for (const g of group) grown.push({ text: p.text + g.text, open: g.open });
      if (grown.length > MAX_PREFIXES) close();
      else prefixes = grown;
    } else close();
    j = atomEnd;
  }
  return { prefixes, end: j };
}

/**
 * Strings one of which begins every match of a regex with this source and these flags, or null when the
 * source does not show such a set plainly (an empty prefix included). With the `i` flag the strings hold for
 * matches up to ASCII case: without `u` or `v`, a regex's ASCII letters match no other characters (ECMA-262
 * Canonicalize keeps a non-ASCII character from folding to ASCII); with them, `ſ` matches `s`, so those flags
 * give null.
 */
export function leadingLiterals(source: string, flags: string): readonly string[] | null {
  if (flags.includes('u') || flags.includes('v') || flags.includes('x')) return null;
  const top = alternativePrefixes(source, 0);
  if (top === null) return null;
  const texts: string[] = [...top.prefixes.map((p) => p.text)];
  let end = top.end;
  while (source[end] === '|') {
    const alternative = alternativePrefixes(source, end + 1);
    if (alternative === null) return null;
    texts.push(...alternative.prefixes.map((p) => p.text));
    end = alternative.end;
  }
  if (end !== source.length || texts.some((t) => t === '')) return null;
  return texts;
}

/**
 * A rule's keywordAt, or the one its pattern proves: when every match begins with a literal that holds one of
 * the rule's keywords (lower-cased) at the same offset j in each, the keyword is at j from every match start.
 */
export function keywordAtOf(rule: SecretRule): KeywordAt | undefined {
  if (rule.keywordAt !== undefined || rule.keywords.length === 0) return rule.keywordAt;
  // Read once per rule (reading the catalogue's patterns took ~5 ms per scanner prepared).
  if (!read.has(rule)) read.set(rule, readKeywordAt(rule));
  return read.get(rule);
}

const read = new WeakMap<SecretRule, KeywordAt | undefined>();

/** Whether a rule's pattern begins with literal text (which the regex engine skips ahead to), read once. */
export function literalStart(rule: SecretRule): boolean {
  if (!literal.has(rule)) literal.set(rule, leadingLiterals(rule.pattern.source, rule.pattern.flags) !== null);
  return literal.get(rule)!;
}

const literal = new WeakMap<SecretRule, boolean>();

function readKeywordAt(rule: SecretRule): KeywordAt | undefined {
  const literals = leadingLiterals(rule.pattern.source, rule.pattern.flags);
  if (literals === null) return undefined;
  let from = Infinity;
  let to = -Infinity;
  for (const literal of literals) {
    // ASCII: lower-casing it is the same, unit for unit, wherever it stands (no final sigma, no dotted I).
    if (![...literal].every((c) => c.charCodeAt(0) < 128)) return undefined;
    const lower = literal.toLowerCase();
    let first = -1;
    for (let j = 0; j < lower.length && first === -1; j++)
      if (rule.keywords.some((k) => lower.startsWith(k, j))) first = j;
    if (first === -1) return undefined;
    from = Math.min(from, first);
    to = Math.max(to, first);
  }
  return { from, to };
}

/**
 * The starts at which to try a rule, as [lo, hi] pairs (inclusive, ascending, disjoint and not adjacent),
 * from the sorted starts of its keywords' occurrences; null when they would be more than `budget` starts.
 */
export function startWindows(
  occurrences: ArrayLike<number>,
  at: KeywordAt,
  length: number,
  budget: number,
): Int32Array | null {
  const windows: number[] = [];
  let covered = 0;
  for (let o = 0; o < occurrences.length; o++) {
    const k = occurrences[o]!;
    const lo = Math.max(0, k - at.to);
    const hi = Math.min(length, k - at.from);
    if (lo > hi) continue;
    const last = windows.length - 1;
    if (last >= 1 && lo <= windows[last]! + 1) {
      if (hi > windows[last]!) {
        covered += hi - windows[last]!;
        windows[last] = hi;
      }
    } else {
      windows.push(lo, hi);
      covered += hi - lo + 1;
    }
    if (covered > budget) return null;
  }
  return Int32Array.from(windows);
}
