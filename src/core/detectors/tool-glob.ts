/**
 * Tool-name globs for allow/deny lists: `*` matches any run of characters, `?` one character, anything
 * else literally (case-sensitive, as tool names are). Matching is iterative with one backtrack point,
 * so it is linear-times-pattern, never exponential. Deny lists match loosely (compileDenyGlobs).
 */

export type GlobMatcher = (name: string) => boolean;

function matchGlob(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let star = -1;
  let mark = 0;
  while (n < name.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === name[n])) {
      p++;
      n++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = n;
    } else if (star >= 0) {
      p = star + 1;
      n = ++mark;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Compiles a list of globs into one predicate (true when any glob matches). */
export function compileGlobs(patterns: readonly string[]): GlobMatcher {
  const exact = new Set<string>();
  const wild: string[] = [];
  for (const p of patterns) {
    if (p.includes('*') || p.includes('?')) wild.push(p);
    else exact.add(p);
  }
  return (name) => exact.has(name) || wild.some((w) => matchGlob(w, name));
}

/** A tool name as deny lists compare it: lower case, `-` read as `_`. */
const looseName = (name: string): string => name.toLowerCase().replaceAll('-', '_');

/**
 * A deny list's predicate: case and `-`/`_` do not count, so a client that declares `Execute_Code` or
 * `execute-code` does not get past `blocked_tools: [execute_code]` (2026-11-24: it did). Allow lists stay
 * exact (compileGlobs): a near name is not allowed, which fails closed.
 */
export function compileDenyGlobs(patterns: readonly string[]): GlobMatcher {
  const match = compileGlobs(patterns.map(looseName));
  return (name) => match(looseName(name));
}
