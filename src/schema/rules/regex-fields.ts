/**
 * Lint of the document's regular expressions (E007 invalid, E008 catastrophic backtracking, E009 syntax RE2
 * cannot run, W010 quadratic to find every match), checked with the engine's own compiler.
 */
import type { Finding } from '../finding.js';
import { err, warn } from '../finding.js';
import { catastrophicBacktracking } from './backtracking.js';
import { quadraticFindAll } from './find-all-cost.js';
import { re2MissingConstruct } from './portable-regex.js';

/** Keys whose string values (or list of strings) are regular expressions. */
export const regexKeys = new Set([
  'regex',
  'pattern',
  'detect_patterns',
  'attack_patterns',
  'blocked_patterns',
  'patterns',
  // safety-filter (and legacy content_filter) patterns: an invalid one was matched as literal text, silently.
  'block_if',
]);

export interface StringLeaf {
  segments: string[];
  /** The nearest object key above the value (for list items, the list's key). */
  key: string;
  value: string;
  /** `key` is one of regexKeys. */
  inRegexField: boolean;
  /** How the engine compiles this pattern when its key does not say (a `regex` assertion's case_sensitive). */
  caseInsensitive?: boolean;
}

/** The engine's compiler of user regexes (src/core/detectors/linear-regex.ts), loaded with re2js on demand. */
export type CompileRegex = (
  source: string,
  options?: { caseInsensitive?: boolean },
) => { ok: true } | { ok: false; error: string };

/** JavaScript's parser on a portable pattern: in that subset its errors are RE2's errors. */
export const portableCompile: CompileRegex = (source) => {
  try {
    new RegExp(source);
    return { ok: true };
  } catch (error) {
    return {
      ok: false,
      error: (error instanceof Error ? error.message : String(error)).replace(
        /^Invalid regular expression: \/.*\/: /,
        '',
      ),
    };
  }
};

/** The prompt-injection detector compiles its attack patterns case-insensitively (detectors/injection.ts). */
export const caseInsensitiveField = (leaf: StringLeaf): boolean =>
  leaf.caseInsensitive === true ||
  leaf.key === 'attack_patterns' ||
  leaf.key === 'block_if' ||
  (leaf.key === 'patterns' && leaf.segments[leaf.segments.length - 3] === 'detection');

/** An engine error as one short line (re2js quotes the offending part of the pattern, which may hold newlines). */
const oneLine = (message: string): string => {
  const flat = message
    .replace(/^error parsing regexp: /, '')
    // eslint-disable-next-line no-control-regex -- escaping control characters is the point
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
};

/**
 * The longest pattern kt compiles, in UTF-16 code units. RE2 itself refuses programs past a memory budget;
 * re2js does not, and its compile time and memory grow faster than the pattern: one pattern filling a
 * 1 MiB pack took 10 s and 1.2 GB to lint and twice that for the gateway to load (its event loop blocked,
 * every request waiting). At this length a pattern compiles in well under a second; real DLP patterns are
 * a few hundred characters, and word lists belong in dlp-filter.blocked_terms.
 */
export const MAX_REGEX_LENGTH = 16_384;

export function regexFindings(leaf: StringLeaf, compile: CompileRegex): Finding[] {
  const pattern = leaf.value;
  // Checked before anything compiles or analyses the pattern: that is the cost being capped.
  if (pattern.length > MAX_REGEX_LENGTH)
    return [
      err(
        'E009',
        leaf.segments,
        `Regex is ${pattern.length} characters long, past kt's limit of ${MAX_REGEX_LENGTH}`,
        'Split it into shorter patterns, or list plain words and phrases in dlp-filter.blocked_terms',
      ),
    ];
  const compiled = compile(pattern, { caseInsensitive: caseInsensitiveField(leaf) });
  if (!compiled.ok) {
    const re2Error = oneLine(compiled.error);
    // RE2's own limits (a repeat count above 1000, nested counts multiplied) make the pattern invalid in
    // kt's dialect; E009 is for syntax JavaScript has and RE2 lacks (backreferences, lookaround, \u).
    if (/^invalid repeat count/.test(re2Error)) {
      const bounds = /\{(\d+),(\d+)\}/.exec(re2Error);
      const reversed = bounds !== null && Number(bounds[1]) > Number(bounds[2]);
      return [
        err(
          'E007',
          leaf.segments,
          `Invalid regex: ${re2Error}`,
          reversed
            ? `In {min,max} the minimum cannot exceed the maximum: write {${bounds[2]},${bounds[1]}}`
            : 'RE2 allows at most 1000 repetitions, nested counts multiplied ((a{50}){50} counts 2500); lower the bounds or use + or *',
        ),
      ];
    }
    let jsValid = true;
    try {
      new RegExp(pattern);
    } catch {
      jsValid = false;
    }
    if (!jsValid)
      return [err('E007', leaf.segments, `Invalid regex: ${re2Error}`, 'Fix the pattern; kt uses RE2 syntax')];
    // RE2's own words for these mislead (a lookbehind is an "invalid named capture", a backreference an
    // "invalid escape sequence"): name the construct when it is one of them.
    const construct = re2MissingConstruct(pattern);
    return [
      err(
        'E009',
        leaf.segments,
        construct === undefined
          ? `Regex uses syntax RE2 cannot run (${re2Error})`
          : `Regex uses ${construct}, which RE2 cannot run`,
        'kt runs patterns in linear time with RE2: no backreferences or lookaround',
      ),
    ];
  }
  const reason = catastrophicBacktracking(pattern);
  if (reason !== undefined) {
    return [
      err(
        'E008',
        leaf.segments,
        `Regex can backtrack catastrophically: ${reason}`,
        'Rewrite it without nested or overlapping quantifiers, e.g. (a+)+ -> a+',
      ),
    ];
  }
  const farRead = quadraticFindAll(pattern);
  if (farRead !== undefined) {
    const message = `Finding every match of this regex reads far past each one: ${farRead} (RE2-style engines take quadratic time over such a run; kt stays linear on a slower path)`;
    return [
      warn(
        'W010',
        leaf.segments,
        message,
        'Bound the repeat (e.g. {1,64} for * or +), or put the short alternative first if either order is fine',
      ),
    ];
  }
  return [];
}
