/**
 * Static check for regexes whose matches, found one after another, each need a read far past their end
 * (W010). Searching match by match (RE2, Go, Rust's regex, re2js) takes quadratic time over a run of such
 * text; kt finds all the matches in linear time (src/core/detectors/regex-dfa.ts), but on a slower
 * two-pass path, and packs are read by other engines too.
 *
 * The class flagged (cheap, and sound enough to act on): an alternation in which
 * - an earlier alternative starts with an unbounded repeat that can run through a run of one character
 *   c, and then needs more input that no run of c can give (`[a-z]*x`, `\w+@`, `a*b`), so on a run of c
 *   it reads to the run's end without matching;
 * - a later alternative matches a string of c alone (possibly empty), of bounded length (`a`, `\w`,
 *   `[a-z]{32}`), so a match ends early inside the run and the next search starts there again.
 * Only top-level alternations are read (the whole pattern, groups included); a repeat whose body needs
 * several different characters, an alternative behind a prefix, lazy quantifiers and the optional-suffix
 * shape (`a(?:[a-z]*x)?`) are not analysed. Anchors and \b count as matching anywhere.
 */
import { nullable, parseRegex, sampleCodePoints, type Regex } from './backtracking.js';

type Rep = Extract<Regex, { t: 'rep' }>;

/** Whether r can match some string made only of the sample character at `c` (the empty string too). */
function matchesRunOf(r: Regex, c: number): boolean {
  switch (r.t) {
    case 'char':
      return r.set[c] === 1;
    case 'empty':
      return true;
    case 'seq':
      return r.items.every((item) => matchesRunOf(item, c));
    case 'alt':
      return r.items.some((item) => matchesRunOf(item, c));
    case 'rep':
      return r.min === 0 || matchesRunOf(r.body, c);
  }
}

/** The longest match of r (Infinity when unbounded). */
function maxLength(r: Regex): number {
  switch (r.t) {
    case 'char':
      return 1;
    case 'empty':
      return 0;
    case 'seq':
      return r.items.reduce((sum, item) => sum + maxLength(item), 0);
    case 'alt':
      return Math.max(...r.items.map(maxLength));
    case 'rep': {
      const body = maxLength(r.body);
      return body === 0 ? 0 : r.max === Infinity ? Infinity : r.max * body;
    }
  }
}

/** The alternative as its first consuming item (when an unbounded repeat) and what must follow it. */
function leadingRepeat(branch: Regex): { rep: Rep; rest: Regex } | undefined {
  const items = (branch.t === 'seq' ? branch.items : [branch]).filter((item) => item.t !== 'empty');
  const first = items[0];
  if (first === undefined || first.t !== 'rep' || first.max !== Infinity) return undefined;
  const rest: Regex = { t: 'seq', items: items.slice(1) };
  return nullable(rest) ? undefined : { rep: first, rest };
}

const describeChar = (cp: number): string =>
  cp >= 33 && cp <= 126 ? `'${String.fromCodePoint(cp)}'` : `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Why finding all the matches of `pattern` one after another reads far past each of them (see the
 * header), or undefined when the pattern is not of that shape (or is not analysed).
 */
export function quadraticFindAll(pattern: string): string | undefined {
  const tree = parseRegex(pattern);
  if (tree === undefined || tree.t !== 'alt') return undefined;
  const samples = sampleCodePoints();
  const branches = tree.items;
  // Bounded work for generated patterns: the first 64 alternatives.
  const n = Math.min(branches.length, 64);
  for (let i = 0; i < n; i++) {
    const lead = leadingRepeat(branches[i]!);
    if (lead === undefined) continue;
    for (let j = i + 1; j < n; j++) {
      const later = branches[j]!;
      if (maxLength(later) === Infinity) continue;
      for (let c = 0; c < samples.length; c++) {
        if (!consumes(lead.rep.body, c) || matchesRunOf(lead.rest, c) || !matchesRunOf(later, c)) continue;
        const most = maxLength(later);
        return `alternative ${i + 1} reads a whole run of ${describeChar(samples[c]!)} without matching, while alternative ${j + 1} matches ${most === 0 ? 'the empty string' : `at most ${most} character${most === 1 ? '' : 's'}`} in it`;
      }
    }
  }
  return undefined;
}

/** Whether r can match a non-empty string made only of the sample character at `c`. */
function consumes(r: Regex, c: number): boolean {
  switch (r.t) {
    case 'char':
      return r.set[c] === 1;
    case 'empty':
      return false;
    case 'seq':
      return r.items.every((item) => matchesRunOf(item, c)) && r.items.some((item) => consumes(item, c));
    case 'alt':
      return r.items.some((item) => consumes(item, c));
    case 'rep':
      return r.max > 0 && consumes(r.body, c);
  }
}
