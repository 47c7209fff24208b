/**
 * Tool-name globs for allow/deny lists: `*` matches any run of characters, `?` one character, anything
 * else literally (case-sensitive, as tool names are). Matching is iterative with one backtrack point,
 * so it is linear-times-pattern, never exponential. Deny lists match loosely (compileDenyGlobs).
 */

import { foldHomoglyph, isInvisible, latinForm } from './normalize-tables.js';

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

/**
 * A tool name as deny lists read it: what does not change the name a reader (or a client's tool
 * registry, keyed on what the model meant) sees is folded away: compatibility forms (fullwidth
 * `ｅｘｅｃｕｔｅ`), accents and other combining marks, invisible and control characters (zero-width space
 * and joiners, soft hyphen, bidi controls), and Cyrillic and Greek letters that look like Latin ones
 * (`еxecute_code` with a Cyrillic `е`); spaces and dashes read as `_`. Case is kept here (see looseKeys).
 */
function foldName(name: string): string {
  if (/^[\x21-\x7e]*$/.test(name)) return name.replaceAll('-', '_');
  // Two passes over the name, each calling back only for the characters it rewrites.
  return (
    name
      .normalize('NFKD')
      // Control characters that space words (tab, newline) read as `_`; the rest go (JS's \s counts U+FEFF).
      .replace(/[\p{M}\p{Cf}\p{Cc}]/gu, (ch) => (/[\t-\r\x85]/.test(ch) ? '_' : ''))
      .replace(/[^\x21-\x2c\x2e-\x7e]/gu, (ch) => {
        const cp = ch.codePointAt(0)!;
        if (isInvisible(cp)) return '';
        return foldHomoglyph(cp) ?? latinForm(cp) ?? (/[\s\u2010-\u2015\u2212-]/u.test(ch) ? '_' : ch);
      })
  );
}

/**
 * `name` with a `_` between a lower-case letter or digit and the capital after it (`executeCode` ->
 * `execute_Code`): camelCase as snake_case, before case is folded. Tool names here, argument names in
 * agent-firewall's amountKey.
 */
export const splitCamel = (name: string): string => name.replace(/(?<=[a-z0-9])(?=[A-Z])/g, '_');

/**
 * The keys a folded name is compared by: lower case with each run of `_` as one and none at either end,
 * as written and with camelCase split into snake_case (`executeCode` is `execute_code`).
 * Unlike amountKey, runs of `_` are one and edge `_` go: a deny list must not be passed by `execute__code`.
 */
function looseKeys(folded: string): [string, string] {
  const key = (s: string) => s.toLowerCase().replace(/_+/g, '_').replace(/^_|_$/g, '');
  return [key(folded), key(splitCamel(folded))];
}

/**
 * The last part of a namespaced tool name, the tool's own name (`mcp__sandbox__execute_code`,
 * `sandbox.execute_code`, `fs/write_file`, `github:delete_repo`); undefined for a name without one.
 */
function lastPart(folded: string): string | undefined {
  const parts = folded.split(/__+|[./:]/).filter((p) => p.replace(/_/g, '') !== '');
  const last = parts[parts.length - 1];
  return last === undefined || last === folded ? undefined : last;
}

/**
 * A deny list's predicate, matching loosely (foldName, looseKeys): a client that declares `Execute_Code`,
 * `execute-code`, `executeCode`, `еxecute_code` (Cyrillic `е`) or `execute\u200b_code` does not get past
 * `blocked_tools: [execute_code]` (2026-11-24: the look-alike and invisible spellings did). A namespaced
 * name is also compared by its last part, the tool's own name: an MCP client's `mcp__sandbox__execute_code`
 * and `sandbox.execute_code` are `execute_code` served from elsewhere, and a deny list names a capability
 * wherever it is served (a glob naming the namespace, `mcp__github__delete_*`, matches the whole name).
 * Allow lists stay exact (compileGlobs): a near name is not allowed, which fails closed.
 */
export function compileDenyGlobs(patterns: readonly string[]): GlobMatcher {
  const keys = patterns.map((p) => looseKeys(foldName(p)));
  const plain = compileGlobs(keys.map((k) => k[0]));
  const words = compileGlobs(keys.map((k) => k[1]));
  const matches = (folded: string): boolean => {
    const [p, w] = looseKeys(folded);
    return plain(p) || words(w);
  };
  return (name) => {
    const folded = foldName(name);
    if (matches(folded)) return true;
    const last = lastPart(folded);
    return last !== undefined && matches(last);
  };
}

/** The keys a call is counted under by per-tool limits (toolKeys). */
export interface ToolKeys {
  whole: string;
  own: string;
}

/**
 * What the per-tool limits (agent-firewall's `rate_limits`, the gateway's session ledger) count a call of
 * `name` as: folded as deny lists fold names (foldName), each part of a namespaced name lower case without
 * its `_` (one key for `search_docs`, `searchDocs`, `Search-Docs`, and for `GitHub` and `github`, which
 * looseKeys' camelCase split keeps apart), so that `Search`, `ѕearch` with a Cyrillic `ѕ` and `search`
 * are `search`. `whole` is the parts joined by `__` (`MCP__X__Search` and `x.search` are `mcp__x__search`
 * and `x__search`); `own` is the tool's own name, the last part (`search` for both; `whole` for a name
 * without a namespace). Both are their own keys (toolKeys(whole) gives the same `whole` and `own`).
 */
export function toolKeys(name: string): ToolKeys {
  const parts = foldName(name)
    .split(/__+|[./:]/)
    .map((p) => p.toLowerCase().replaceAll('_', ''))
    .filter((p) => p !== '');
  return { whole: parts.join('__'), own: parts[parts.length - 1] ?? '' };
}

/** Longest tool name a message or preview shows whole. */
const SHOWN_NAME = 64;

/**
 * A tool name as messages and previews (agent-firewall's, rbac's) show it: characters outside printable ASCII written as `\u{...}`,
 * so an operator sees why `\u{435}xecute_code` (a Cyrillic `е`) or `execute\u{200b}_code` was held, and a
 * name past SHOWN_NAME characters cut with its length (a 4 MB name went whole into each message, preview,
 * event and error answer, four times over).
 */
export function shownName(name: string): string {
  // Not inside a surrogate pair: half an emoji would show as \u{d83d}, a character the name does not have.
  const at = /[\ud800-\udbff]/.test(name[SHOWN_NAME - 1] ?? '') ? SHOWN_NAME - 1 : SHOWN_NAME;
  const cut = name.length > SHOWN_NAME ? name.slice(0, at) : name;
  let out = '';
  for (const ch of cut) out += /[\x20-\x7e]/.test(ch) ? ch : `\\u{${ch.codePointAt(0)!.toString(16)}}`;
  return cut === name ? out : `${out}... (${name.length} characters)`;
}
