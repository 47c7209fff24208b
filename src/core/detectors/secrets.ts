/**
 * Secret scanner: the built-in credential catalogue (provider token formats, private keys, password
 * hashes, connection strings, JWTs) plus generic credential assignments. Prepared once; `scan(text)`
 * returns non-overlapping matches whose `type` is the stable rule id and whose span covers the secret
 * value itself (not the variable name), so redaction removes exactly the credential.
 */
import { shannonEntropy } from './checksums.js';
import { resolveOverlaps, type TextMatch } from './match.js';
import {
  SECRET_FAMILIES,
  SECRET_RULES,
  type KeywordAt,
  type SecretFamily,
  type SecretRule,
} from './secrets-catalogue.js';
import { scanGenericSecrets } from './secrets-generic.js';
import { scanFolded } from './pii-fold.js';
import { lessSentencePeriod } from './secrets-assignments.js';
import { joinWrappedSecrets } from './secrets-wrapped.js';
import { compileKeywordAutomaton } from './keyword-automaton.js';
import { keywordAtOf, literalStart, startWindows } from './secrets-near.js';
import { catalogueFillIn, filledTemplate } from './secrets-values.js';

export { SECRET_FAMILIES, SECRET_RULES, type SecretFamily, type SecretRule } from './secrets-catalogue.js';

/** Rule ids of the catalogue plus the generic ones, for docs, lint and finding types. */
export const SECRET_RULE_IDS: readonly string[] = [
  ...new Set([...SECRET_RULES.map((r) => r.id), 'password', 'generic_secret']),
];

/** A prepared secret scanner (see prepareSecretScanner). */
export interface SecretScanner {
  readonly families: readonly SecretFamily[];
  /** Configured family names that do not exist (for diagnostics). */
  readonly unknownFamilies: readonly string[];
  scan(text: string): TextMatch[];
}

/** PEM blocks are reported from the BEGIN line through the END line, capped so a missing END stays cheap. */
const PEM_MAX = 16384;

/**
 * The first index at or after `from` where `find(from)` says a marker starts (-1: none), for the rising
 * `from` of one rule's matches in one text: an answer is reused while it still lies ahead, so each
 * stretch of the text is searched once. Searching afresh from every header made a text of many headers
 * and no footer quadratic (1 MB of `-----BEGIN PRIVATE KEY-----` took 16 s).
 */
function forwardSearch(find: (from: number) => number): (from: number) => number {
  let searchedFrom = -1;
  let found = -1;
  return (from) => {
    if (searchedFrom === -1 || from < searchedFrom || (found !== -1 && found < from)) {
      searchedFrom = from;
      found = find(from);
    }
    return found;
  };
}

/** Where the markers that end a key block are, searched forward once per rule and text (see runRule). */
interface KeyBlockMarks {
  pemEnd: (from: number) => number;
  puttyLines: (from: number) => number;
  puttyMac: (from: number) => number;
}

/** "Private-Lines: 14": with its count (code that writes such files concatenates the count instead). */
const PUTTY_LINES = /^Private-Lines:[ \t]{0,4}\d/;

function keyBlockMarks(text: string): KeyBlockMarks {
  const lines = new RegExp(PUTTY_LINES.source.slice(1), 'g');
  return {
    pemEnd: forwardSearch((from) => text.indexOf('-----END', from)),
    puttyLines: forwardSearch((from) => {
      lines.lastIndex = from;
      return lines.exec(text)?.index ?? -1;
    }),
    puttyMac: forwardSearch((from) => text.indexOf('Private-MAC:', from)),
  };
}

function pemSpan(text: string, start: number, headerEnd: number, marks: KeyBlockMarks): number {
  const end = marks.pemEnd(headerEnd);
  if (end !== -1 && end - start < PEM_MAX) {
    // The footer's closing dashes, starting fewer than 60 units after it.
    const close = text.slice(end + 8, end + 64).indexOf('-----');
    if (close !== -1 && close < 52) return end + 8 + close + 5;
  }
  // No footer nearby: cover the header and the encoded body that follows it.
  let i = headerEnd;
  while (i < text.length && i - start < PEM_MAX && /[A-Za-z0-9+/=\s"'\\nr+]/.test(text[i]!)) i++;
  return i;
}

function pemHasBody(text: string, headerEnd: number): boolean {
  let count = 0;
  for (let i = headerEnd; i < text.length && i < headerEnd + 400; i++) {
    const c = text[i]!;
    if (/[A-Za-z0-9+/]/.test(c)) count++;
    if (count >= 40) return true;
    if (c === '-' && text.startsWith('-----END', i)) break;
  }
  return false;
}

/**
 * End of a PuTTY key file whose header ends at `headerEnd`: through its `Private-MAC:` line, or through the
 * lines that `Private-Lines: N` announces; -1 when no private part with its line count follows (a header
 * written by code that produces such files is not a key).
 */
function puttySpan(text: string, headerEnd: number, marks: KeyBlockMarks): number {
  const limit = Math.min(text.length, headerEnd + PEM_MAX);
  const lines = marks.puttyLines(headerEnd);
  if (lines === -1 || !PUTTY_LINES.test(text.slice(lines, Math.min(limit, lines + 24)))) return -1;
  const lineEnd = (from: number): number => {
    let i = from;
    while (i < limit && text[i] !== '\n' && text[i] !== '\r') i++;
    return i;
  };
  const mac = marks.puttyMac(lines);
  if (mac !== -1 && mac < limit) return lineEnd(mac);
  let end = lineEnd(lines);
  const count = Math.min(Number(/^Private-Lines:\s*(\d{1,4})/.exec(text.slice(lines, lines + 24))?.[1] ?? 0), 200);
  for (let n = 0; n < count && end < limit; n++) end = lineEnd(end + (text.startsWith('\r\n', end) ? 2 : 1));
  return end;
}

/**
 * Rules whose value a person chose (the password of a login or given to a tool): they may hold words, and
 * `000000000000` may be one; they keep their own checks of what is no password.
 */
const CHOSEN_VALUE_RULES: ReadonlySet<string> = new Set(['connection_string', 'netrc_credentials', 'password']);

export function runRule(rule: SecretRule, text: string, out: TextMatch[]): void {
  const found = matchReporter(rule, text, out);
  // exec() on the prepared regex (matchAll would clone it on every call).
  const pattern = rule.pattern;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (m[0].length === 0) pattern.lastIndex++;
    found(m);
  }
}

/**
 * runRule for a rule with a keywordAt, trying `sticky` (its pattern with the `y` flag) only at the starts in
 * `windows` (startWindows). Every match that the whole-text scan finds starts in them, and a match does not
 * depend on where the search for it began, so trying them in order, from where the last match ended, finds
 * the same matches. The sticky regex reads the whole text: lookbehinds, lookaheads and `check` see what they
 * see in runRule.
 */
export function runRuleNear(
  rule: SecretRule,
  sticky: RegExp,
  text: string,
  windows: Int32Array,
  out: TextMatch[],
): void {
  const found = matchReporter(rule, text, out);
  // The first start the whole-text scan would try next: the end of the last match (past an empty one).
  let resume = 0;
  for (let w = 0; w < windows.length; w += 2) {
    const hi = windows[w + 1]!;
    for (let p = Math.max(windows[w]!, resume); p <= hi; p++) {
      sticky.lastIndex = p;
      const m = sticky.exec(text);
      if (m === null) continue;
      resume = m.index + Math.max(1, m[0].length);
      p = resume - 1;
      found(m);
    }
  }
}

/** What runRule does with each match of `rule` in `text`: the checks, the span, the report into `out`. */
function matchReporter(rule: SecretRule, text: string, out: TextMatch[]): (m: RegExpExecArray) => void {
  const machineMade = !CHOSEN_VALUE_RULES.has(rule.id);
  let marks: KeyBlockMarks | undefined;
  return (m) => {
    const g = rule.group ?? 0;
    const span = m.indices?.[g] ?? (rule.altGroup === undefined ? undefined : m.indices?.[rule.altGroup]);
    if (!span) return;
    const start = span[0];
    let end = span[1];
    const secret = text.slice(start, end);
    if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) return;
    // `your_password_here`, `REPLACE_WITH_YOUR_SECRET`: what a template asks for, not a credential
    if (catalogueFillIn(secret, machineMade)) return;
    // A token's random part written out with a fill-in character is a template (secrets-values.ts).
    if (machineMade && filledTemplate(secret, rule.keywords)) return;
    let score = rule.score;
    if (rule.check) {
      score = rule.check(secret, m);
      if (score <= 0) return;
    }
    if (rule.id === 'private_key' && secret.startsWith('-----BEGIN')) {
      if (!pemHasBody(text, end)) return;
      end = pemSpan(text, start, end, (marks ??= keyBlockMarks(text)));
    } else if (rule.id === 'private_key' && secret.startsWith('PuTTY-User-Key-File-')) {
      end = puttySpan(text, end, (marks ??= keyBlockMarks(text)));
      if (end === -1) return;
    } else end = lessSentencePeriod(text, start, end); // `Bearer <token>.`: the '.' is the sentence's
    out.push({ type: rule.id, start, end, score, detector: 'secrets' });
  };
}

/**
 * For `rules`, a function from a lower-cased text to the rules to run on it (1 at each index): those
 * without keywords, and those with a keyword present. One pass over the text finds every keyword present.
 */
export function rulesSwitchedOn(rules: readonly SecretRule[]): (lower: string) => Uint8Array {
  const switched = switchRules(rules);
  return (lower) => switched(lower, null).on;
}

/** The rules to run on a text, and for those that can run near their keywords, where (see switchRules). */
export interface Switched {
  on: Uint8Array;
  /** For rule i: the starts to try it at (startWindows), or null to scan the whole text. */
  windows(i: number): Int32Array | null;
}

/**
 * A rule runs near its keywords while that takes at most a 64th of the text's length in tries, or an 8th for
 * a pattern that does not begin with literal text. A try costs ~30 ns; a whole-text scan ~0.5 ns a unit for a
 * pattern that begins with literal text (the engine skips ahead to it), 3 to 10 ns for one that begins with a
 * character class (aws_secret_key's 40-character run, azure_devops_pat, the URL password: ~9 ms a megabyte
 * each, and the URL password tried near the 3,300 `://` of a megabyte of dependency docs ~2 ms). A text
 * where the keywords are denser (one keyword repeated) is scanned whole, as before.
 */
const LITERAL_START_BUDGET_SHIFT = 6;
const OTHER_START_BUDGET_SHIFT = 3;
/** At most this share of a text's length in occurrences of one keyword is located (see keywordShare). */
const MOST_LOCATED_SHIFT = 6;
/**
 * Shorter texts are scanned whole, with no keyword located: over 4 K units the whole-text scans of the rules a
 * text switches on cost well under a millisecond. The first longer text also reads the rules' patterns for
 * their keyword offsets (keywordAtOf: ~4 ms in a fresh process), which a process that never sees one is spared.
 */
const NEAR_MIN_LENGTH = 4096;

/**
 * Where the units of `text.toLowerCase()` came from: null when each came from the unit at its own index,
 * else the indices in the lower-cased text of the units lower-casing added, ascending. Only U+0130 (`İ`)
 * lower-cases to two units ('i' and U+0307), the added one its second.
 */
function addedUnits(text: string, lower: string): number[] | null {
  if (lower.length === text.length) return null;
  const added: number[] = [];
  for (let t = text.indexOf('\u0130'); t !== -1; t = text.indexOf('\u0130', t + 1)) added.push(t + added.length + 1);
  return added;
}

/** The index in the text of the unit at `index` in its lower-cased form (`added`: see addedUnits). */
function textIndex(index: number, added: readonly number[]): number {
  let lo = 0;
  let hi = added.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (added[mid]! < index) lo = mid + 1;
    else hi = mid;
  }
  return index - lo;
}

/**
 * rulesSwitchedOn, and given the text that `lower` lower-cases (null: only which rules to run), where each
 * rule that has a keywordAt (secrets-near.ts) is to be tried: the same pass records where the keywords of
 * such rules occur, each until it occurs more often than the budget allows.
 */
export function switchRules(rules: readonly SecretRule[]): (lower: string, text: string | null) => Switched {
  const allKeywords = [...new Set(rules.flatMap((r) => r.keywords))];
  const indexOf = new Map(allKeywords.map((k, i) => [k, i]));
  const keywordsOf = rules.map((r) => r.keywords.map((k) => indexOf.get(k)!));
  // keyword (index) -> indices of the rules it switches on.
  const rulesOf: number[][] = allKeywords.map(() => []);
  keywordsOf.forEach((ks, i) => ks.forEach((k) => rulesOf[k]!.push(i)));
  const automaton = compileKeywordAutomaton(allKeywords);
  /** What running rules near their keywords needs, made for the first text long enough (NEAR_MIN_LENGTH). */
  const prepareNear = (): {
    keywordAt: Array<KeywordAt | undefined>;
    budgetShift: number[];
    keywordShare: number[];
  } => {
    const keywordAt = rules.map((r) => keywordAtOf(r));
    const budgetShift = rules.map((r) => (literalStart(r) ? LITERAL_START_BUDGET_SHIFT : OTHER_START_BUDGET_SHIFT));
    // How many occurrences of a keyword to locate, as a share of the text's length: past its rules' budget of
    // tries divided by the width of their windows (the largest such share among them), they are scanned whole.
    // Closer occurrences could still fit the budget (windows overlap), but a keyword that dense would cost more
    // tries than it spares. Never more than a 64th of the text, so that locating stops early in a text made of
    // the keyword (a megabyte of `AZDO `: 16 K occurrences located, then none; of `akia `: 724). 0: not located.
    const keywordShare = allKeywords.map((_, k) =>
      Math.min(
        2 ** -MOST_LOCATED_SHIFT,
        Math.max(
          0,
          ...rulesOf[k]!.map((i) => {
            const at = keywordAt[i];
            return at === undefined ? 0 : 2 ** -budgetShift[i]! / (at.to - at.from + 1);
          }),
        ),
      ),
    );
    automaton.locate(keywordShare.map((share) => share > 0));
    return { keywordAt, budgetShift, keywordShare };
  };
  let near: ReturnType<typeof prepareNear> | undefined;
  const alwaysOn = rules.map((r, i) => (r.keywords.length === 0 ? i : -1)).filter((i) => i >= 0);
  return (lower, text) => {
    const on = new Uint8Array(rules.length);
    for (const i of alwaysOn) on[i] = 1;
    const present = (k: number): void => {
      for (const i of rulesOf[k]!) on[i] = 1;
    };
    const added = text === null ? null : addedUnits(text, lower);
    if (
      text === null ||
      text.length < NEAR_MIN_LENGTH ||
      (added !== null && lower.length !== text.length + added.length)
    ) {
      automaton.eachPresent(lower, present);
      return { on, windows: () => null };
    }
    const { keywordAt, budgetShift, keywordShare } = (near ??= prepareNear());
    const n = text.length;
    const most = keywordShare.map((share) => Math.floor(n * share));
    const located = automaton.eachPresentLocating(lower, present, most);
    return {
      on,
      windows(i) {
        const at = keywordAt[i];
        if (at === undefined) return null;
        let occurrences: Int32Array | number[] = [];
        let lists = 0;
        for (const k of keywordsOf[i]!) {
          const starts = located.starts(k);
          if (starts === null) return null;
          if (starts.length === 0) continue;
          occurrences = lists++ === 0 ? starts : [...occurrences, ...starts];
        }
        // Two keywords' lists merged; one keyword's is in order already.
        if (lists > 1) (occurrences as number[]).sort((a, b) => a - b);
        const starts = added === null ? occurrences : Array.from(occurrences, (o) => textIndex(o, added));
        return startWindows(starts, at, n, n >> budgetShift[i]!);
      },
    };
  };
}

/**
 * Prepares a scanner. `families` limits the catalogue (default: all families, including `generic`
 * assignments and `infrastructure` identifiers such as ARNs and bucket hosts). Unknown family names are
 * returned in `unknownFamilies`.
 */
export function prepareSecretScanner(opts: { families?: readonly string[] } = {}): SecretScanner {
  const requested = opts.families ?? SECRET_FAMILIES;
  const families = SECRET_FAMILIES.filter((f) => requested.includes(f));
  const unknownFamilies = requested.filter((f) => !(SECRET_FAMILIES as readonly string[]).includes(f));
  const rules = SECRET_RULES.filter((r) => families.includes(r.family));
  const generic = families.includes('generic');
  const rulesToRun = switchRules(rules);
  // The rules' patterns with the `y` flag, for the tries near keywords (runRuleNear), made when first needed.
  const stickies: Array<RegExp | undefined> = new Array(rules.length);
  const sticky = (i: number): RegExp => {
    const pattern = rules[i]!.pattern;
    return (stickies[i] ??= new RegExp(pattern.source, pattern.flags + 'y'));
  };
  return {
    families,
    unknownFamilies,
    scan(text: string): TextMatch[] {
      // Invisible characters, fullwidth forms and Unicode hyphens inside a value do not hide it, and
      // neither does a line break where a paste wrapped it.
      const scanUnfolded = (t: string): TextMatch[] => scanFolded(t, scanPlain);
      return joinWrappedSecrets(text, scanUnfolded(text), scanUnfolded);
    },
  };

  function scanPlain(text: string): TextMatch[] {
    if (text.length < 8) return [];
    const lower = text.toLowerCase();
    const found: TextMatch[] = [];
    const { on, windows } = rulesToRun(lower, text);
    for (let i = 0; i < rules.length; i++) {
      if (on[i] === 0) continue;
      const near = windows(i);
      if (near === null) runRule(rules[i]!, text, found);
      else runRuleNear(rules[i]!, sticky(i), text, near, found);
    }
    if (generic) scanGenericSecrets(text, lower, found);
    return resolveOverlaps(found);
  }
}
