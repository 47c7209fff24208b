/**
 * The common subset of regex syntax that JavaScript and RE2 read the same way: literals, the escapes
 * below, classes without nested brackets, `(...)`, `(?:...)`, `|`, `^`, `$`, and the quantifiers
 * `* + ? {n} {n,} {n,m}` (counts up to 1000, RE2's limit), each optionally lazy. For a pattern in this
 * subset, JavaScript's parser (built in) decides validity exactly as RE2 would, so lint can skip
 * loading the RE2 engine (~10 ms of start-up). Anything outside it is compiled with re2js.
 */

// Escapes both dialects read alike (RE2 escapes only punctuation, so no `\ ` or `\u`).
const atomEscapes = new Set([...'dDwWsSbBnrtfv.\\-/()[]{}*+?|^$:#,\'"&=!<>@%~`;_']);
const classEscapes = new Set([...'dDwWsSnrtfv.\\-/()[]{}*+?|^$:#,\'"&=!<>@%~`;_']);

/**
 * RE2 refuses a parse tree more than 1000 nodes deep ("expression nests too deeply") - nested groups, and
 * the nesting its parser makes by factoring common prefixes of alternatives (`a|aa|aaa|...`) - and one too
 * large; JavaScript has neither limit, so lint passed such patterns that then failed every evaluation
 * (policy.config_error). RE2 only checks them once a pattern has 1000 nodes, and a pattern of fewer
 * characters has fewer nodes: longer ones are compiled by RE2 itself.
 */
const MAX_PORTABLE_LENGTH = 1000;

/** True when the pattern only uses syntax JavaScript and RE2 interpret identically. */
export function isPortableRegex(pattern: string): boolean {
  if (pattern.length >= MAX_PORTABLE_LENGTH) return false;
  let i = 0;
  let depth = 0;
  let canQuantify = false;
  // A counted repeat of a group leaves the subset: RE2 multiplies nested counts against its limit of
  // 1000 (`(a{500}){500}` is invalid there, valid in JavaScript), so such patterns go to RE2 itself.
  let groupClosed = false;
  const n = pattern.length;
  while (i < n) {
    const ch = pattern[i]!;
    const afterGroup = groupClosed;
    groupClosed = false;
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === undefined || !atomEscapes.has(next)) return false;
      canQuantify = next !== 'b' && next !== 'B';
      i += 2;
    } else if (ch === '[') {
      i++;
      if (pattern[i] === '^') i++;
      if (pattern[i] === ']') return false; // `[]` / `[^]` mean different things in the two dialects
      let closed = false;
      while (i < n) {
        const c = pattern[i]!;
        if (c === ']') {
          closed = true;
          i++;
          break;
        }
        if (c === '[') return false; // POSIX classes and nesting differ
        if (c === '\\') {
          const e = pattern[i + 1];
          if (e === undefined || !classEscapes.has(e)) return false;
          i += 2;
        } else i++;
      }
      if (!closed) return false;
      canQuantify = true;
    } else if (ch === '(') {
      if (pattern[i + 1] === '?') {
        if (pattern[i + 2] !== ':') return false;
        i += 3;
      } else i++;
      depth++;
      canQuantify = false;
    } else if (ch === ')') {
      if (depth === 0) return false;
      depth--;
      i++;
      canQuantify = true;
      groupClosed = true;
    } else if (ch === '*' || ch === '+' || ch === '?') {
      if (!canQuantify) return false;
      i++;
      if (pattern[i] === '?') i++;
      canQuantify = false;
    } else if (ch === '{') {
      const m = /^\{(\d{1,4})(,(\d{0,4}))?\}/.exec(pattern.slice(i, i + 12));
      if (m === null || !canQuantify || afterGroup) return false;
      const min = Number(m[1]);
      const max = m[3] === undefined || m[3] === '' ? min : Number(m[3]);
      if (min > 1000 || max > 1000 || max < min) return false;
      i += m[0].length;
      if (pattern[i] === '?') i++;
      canQuantify = false;
    } else if (ch === '}' || ch === ']') {
      return false;
    } else if (ch === '|' || ch === '^' || ch === '$') {
      canQuantify = false;
      i++;
    } else {
      if (ch.charCodeAt(0) < 0x20) return false;
      canQuantify = true;
      i++;
    }
  }
  return depth === 0;
}

/**
 * The first JavaScript-only construct of a pattern, outside character classes: lookbehind, lookahead,
 * a backreference (`\1`, `\k<name>`). Undefined when there is none (then RE2's message is used).
 */
export function re2MissingConstruct(pattern: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) return `a backreference \`\\${next}\``;
      if (!inClass && next === 'k' && pattern[i + 2] === '<') return 'a named backreference `\\k<...>`';
      i++;
    } else if (inClass) {
      if (ch === ']') inClass = false;
    } else if (ch === '[') {
      inClass = true;
    } else if (ch === '(' && pattern[i + 1] === '?') {
      const kind = pattern.slice(i + 2, i + 4);
      if (kind === '<=' || kind === '<!') return `a lookbehind \`(?${kind}\``;
      if (kind[0] === '=' || kind[0] === '!') return `a lookahead \`(?${kind[0]}\``;
    }
  }
  return undefined;
}
