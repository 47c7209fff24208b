/**
 * The reference the assignment-site tests compare with: the generic secret rules (src/core/detectors/
 * secrets-generic.ts) as they were before the assignment sites were indexed (commit 2e02af6), each site
 * checking its value candidate from scratch, and a scanner that runs them where the production scanner runs
 * its generic rules. Only what the indexing replaced is copied here (the key classifier, the assignment
 * scan, the generic-rule driver and the scanner around them); the string heuristics it left in the product
 * unchanged (secrets-values.ts, the rest of the generic rules - now split into secrets-generic.ts,
 * secrets-keys.ts and secrets-assignments.ts -, Shannon entropy, the catalogue, folding, wrapped-line
 * joining) are imported, and they are what the window versions (secrets-window.ts) must equal.
 */
import type { TextMatch } from '../../src/core/detectors/match.js';
import { resolveOverlaps } from '../../src/core/detectors/match.js';
export { shannonEntropy } from '../../src/core/detectors/checksums.js';
import { SECRET_FAMILIES, SECRET_RULES } from '../../src/core/detectors/secrets-catalogue.js';
import { scanFolded } from '../../src/core/detectors/pii-fold.js';
import { joinWrappedSecrets } from '../../src/core/detectors/secrets-wrapped.js';
import {
  isReference,
  looksLikePlaceholder,
  looksSequential,
  looksLikeCode,
  anonymousLoginNear,
  notACredentialValue,
} from '../../src/core/detectors/secrets-values.js';
import {
  DENY_PARTS,
  FUNCTION_NAME_RE,
  KEY_QUALIFIERS,
  KEY_WORD,
  scoreAssignment,
  type KeyClass,
} from '../../src/core/detectors/secrets-keys.js';
import {
  CALL_PAIR_RE,
  GRADLE_FIELD_RE,
  XML_ELEMENT_RE,
  CLI_FLAG_RE,
  XML_SETTING_RE,
  PROSE_RE,
  PROSE_BARE_RE,
  PROSE_TOKEN_RE,
  proseToken,
  bareProsePassword,
  GENERIC_KEYWORDS,
  COMMAND_KEYWORDS,
  report,
  scanCommandLines,
} from '../../src/core/detectors/secrets-generic.js';
import {
  KEY_WORD_RE,
  STICKY_ASSIGNMENT_RE,
  keyTokenStart,
  precededByQuestionMark,
  unquotedSecretEnd,
  lessSentencePeriod,
  openQuoteBefore,
  unquotedSecretIsCode,
  followedByCode,
  followedByWords,
  endsStatement,
  literalAtStatementEnd,
  randomAtStatementEnd,
  separatesPairs,
} from '../../src/core/detectors/secrets-assignments.js';
import { rulesSwitchedOn, runRule } from '../../src/core/detectors/secrets.js';
export {
  isReference,
  looksLikePlaceholder,
  looksLikeCode,
  looksSequential,
  anonymousLoginNear,
  openQuoteBefore,
  unquotedSecretEnd,
  unquotedSecretIsCode,
  scoreAssignment,
};

// ---- secrets-generic.ts ----

const TOKENIZER_WORD = /^(?:de)?tokeni[sz]/;

/** Classifies an assignment key by the kind of secret it names, or null when it names none. */
export function keyClass(key: string): KeyClass | null {
  // Since the dlp hunt (2026-11-23), as the product: a key with '@' after its first character is URL
  // user-info running into a host (`user:password@localhost:5432`), not a name.
  if (key.indexOf('@', 1) !== -1) return null;
  const parts = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (parts.length === 0 || parts.length > 12) return null;
  // Since the secrets precision work (session 26), as the product: a dotted key names what its last member holds.
  const dot = key.lastIndexOf('.');
  if (dot > 0 && dot < key.length - 1 && !KEY_WORD.test(key.slice(dot + 1))) return null;
  const last = parts[parts.length - 1]!;
  if (
    DENY_PARTS.has(last) ||
    parts.some(
      (p) =>
        p === 'label' ||
        p === 'placeholder' ||
        p === 'forgot' ||
        p === 'reset' ||
        p === 'confirm' ||
        p === 'hint' ||
        p === 'policy',
    )
  )
    return null;
  // "generateKey", "s.getToken", "isSecret": a camelCase (property) name that starts with one of these verbs
  // names a function or a flag. (Verbs that also start real credential names - sign, encrypt, verify, refresh - are not here.)
  if (FUNCTION_NAME_RE.test(key.slice(key.lastIndexOf('.') + 1))) return null;
  // "pass" alone is usually pass/fail; it names a password as the last word (db_pass, smtpPass) or as PASS.
  const passWord = last === 'pass' && (parts.length > 1 || key === 'PASS' || key === 'Pass');
  if (parts.some((p) => /(?:password|passwd|passphrase|passcode)/.test(p) || p === 'pwd' || p === 'pw') || passWord)
    return 'password';
  // Since the dlp hunt, as the product: pagination and sync tokens are positions in a listing.
  if (parts.some((p) => ['page', 'next', 'continuation', 'cursor', 'sync', 'resume'].includes(p))) return null;
  // "tokenizer", "detokenize", "tokenization": a text tokenizer's setting, not a token.
  if (
    parts.some(
      (p) =>
        /secret|credential|apikey|accesskey|privatekey/.test(p) ||
        (/token/.test(p) && !TOKENIZER_WORD.test(p)) ||
        p === 'crumb' ||
        p === 'pat',
    )
  )
    return 'secret';
  const keyAt = parts.indexOf('key');
  // "keyId", "signing_key_id", "localKeyIdHex": the identifier of a key, published beside it, not the key.
  if (keyAt >= 0 && parts.slice(keyAt + 1).some((p) => p === 'id' || p === 'ids')) return null;
  // Since the dlp hunt, as the product: published keys and keys that name a record.
  const notSecret =
    /^(?:public|publishable|idempotency|partition|sort|primary|foreign|dedup|deduplication|routing|translation|i18n)$/;
  if (keyAt >= 0 && parts.some((p) => notSecret.test(p))) return null;
  if (keyAt >= 0) return parts.some((p) => KEY_QUALIFIERS.has(p)) ? 'secret' : 'key';
  if (parts.includes('auth') && parts.length <= 2) return 'secret';
  return null;
}

/** A (key name, value) capture (groups 1 and 2) whose key names a credential and whose value scores. */
function pushKeyValue(text: string, m: RegExpMatchArray, out: TextMatch[]): void {
  const cls = keyClass(m[1]!);
  if (!cls) return;
  const score = scoreAssignment(m[1]!, cls, m[2]!, true);
  if (score === 0 || notACredentialValue(m[2]!, m[1]!, cls, true, false)) return;
  const [s, e] = m.indices![2]!;
  report(text, out, cls, s, e, score);
}

/** Scans for generic assignments and command-line credentials; appends matches of type `generic_secret`/`password`. */
export function scanGenericSecrets(text: string, lower: string, out: TextMatch[]): void {
  if (COMMAND_KEYWORDS.some((k) => lower.includes(k))) scanCommandLines(text, out);
  if (!GENERIC_KEYWORDS.some((k) => lower.includes(k))) return;
  scanAssignments(text, out);
  // Setter calls, Gradle fields and XML elements all capture (key name, value): one scoring path.
  const pairs = lower.includes('(') ? [...text.matchAll(CALL_PAIR_RE)] : [];
  if (lower.includes('buildconfigfield') || lower.includes('resvalue')) pairs.push(...text.matchAll(GRADLE_FIELD_RE));
  if (lower.includes('</')) pairs.push(...text.matchAll(XML_ELEMENT_RE));
  for (const m of pairs) pushKeyValue(text, m, out);
  if (lower.includes('--') || /(?:^|\s)-[a-z]/.test(lower)) {
    for (const m of text.matchAll(CLI_FLAG_RE)) {
      const cls = keyClass(m[1]!);
      if (!cls || cls === 'key') continue;
      const [s, e0] = m.indices![3]!;
      // unquoted, it ends before a sentence's period (`run it with --password=X.`)
      const e = m[2] === '' ? lessSentencePeriod(text, s, e0) : e0;
      const value = text.slice(s, e);
      if (isReference(value)) continue;
      const score = scoreAssignment(m[1]!, cls, value, m[2] !== '');
      if (score === 0 || notACredentialValue(value, m[1]!, cls, m[2] !== '', false)) continue;
      report(text, out, cls, s, e, score);
    }
  }
  for (const m of lower.includes('value') ? text.matchAll(XML_SETTING_RE) : []) pushKeyValue(text, m, out);
  // Since the prose token rule (session 30), as the product (which reads the key-word sites instead).
  for (const m of text.matchAll(PROSE_TOKEN_RE)) {
    const found = proseToken(m[1]!, m[2]!);
    if (found === null) continue;
    const s = m.indices![2]![0];
    report(text, out, 'secret', s, s + found.value.length, found.score);
  }
  if (lower.includes('pass') || lower.includes('pwd')) {
    for (const m of text.matchAll(PROSE_RE)) {
      const value = m[1]!;
      if (looksLikePlaceholder(value)) continue;
      const [s, e] = m.indices![1]!;
      report(text, out, 'password', s, e, 0.75);
    }
    for (const m of text.matchAll(PROSE_BARE_RE)) {
      const value = bareProsePassword(m[1]!);
      if (value === null) continue;
      const s = m.indices![1]![0];
      report(text, out, 'password', s, s + value.length, 0.7);
    }
  }
}

/**
 * Tries the assignment pattern only at the start of tokens that contain a key word, so the cost
 * follows the number of such words, not the size of the text. Values of URLs and other assignments
 * are covered too, because their inner key words (`?token=`) are sites of their own.
 */
export function scanAssignments(text: string, out: TextMatch[]): void {
  KEY_WORD_RE.lastIndex = 0;
  let lastTokenStart = -1;
  let coveredUntil = 0;
  // The previous hit and the start of its token: a hit whose token reaches back to the previous hit has
  // the same start. Reading back to the token start from every hit made a long token full of key words
  // quadratic ("glpat-" repeated: 16 KB took 0.27 s, a megabyte would have taken about twenty minutes).
  let previousHit = -1;
  let previousStart = -1;
  for (let hit = KEY_WORD_RE.exec(text); hit !== null; hit = KEY_WORD_RE.exec(text)) {
    const start = keyTokenStart(text, hit.index, previousHit, previousStart);
    previousHit = hit.index;
    previousStart = start;
    if (start === lastTokenStart || start < coveredUntil) continue;
    lastTokenStart = start;
    STICKY_ASSIGNMENT_RE.lastIndex = start;
    const m = STICKY_ASSIGNMENT_RE.exec(text);
    if (!m) continue;
    const key = m[1]!;
    const cls = keyClass(key);
    if (!cls) continue;
    const group = m[3] !== undefined ? 3 : m[4] !== undefined ? 4 : m[5] !== undefined ? 5 : 6;
    const valueStart = m.indices![group]![0];
    let valueEnd = m.indices![group]![1];
    let value = m[group]!;
    if (group === 6 && cls !== 'key' && !/[?&\\]/.test(text[start - 1] ?? '') && value[0] !== '\\') {
      // A bare password or secret runs to the end of its word: `&`, `]`, `}`, quotes and `$` are common
      // in them, and stopping there left the rest of the secret in the text. (URL query values keep
      // ending at `&` or a quote; an escaped quote starts a quoted string.)
      valueEnd = unquotedSecretEnd(text, valueStart, openQuoteBefore(text, start));
      value = text.slice(valueStart, valueEnd);
      if (unquotedSecretIsCode(value)) continue;
    } else if (group === 6) {
      // Since the sentence-period fix (session 30), as the product: a bare value's closing '.' is the sentence's.
      valueEnd = lessSentencePeriod(text, valueStart, valueEnd);
      value = text.slice(valueStart, valueEnd);
      if (/[[\](){}]/.test(value)) continue;
    }
    // `KEY=value` glued together is shell or env syntax even with words after it (`PGPASSWORD=x psql -h db`,
    // `DB_PASSWORD=x # comment`): prose writes `password: x` or `password is x`, not a glued `=`.
    const glued = m[2] === '=' && m.indices![2]![0] === start + key.length && m.indices![2]![1] === valueStart;
    // The `;` or `,` of connection-string pairs (`password=x;user=y`) is not code after the value.
    // Since session 29, as the product: a value that ends a statement or sentence (`f(token=x)`,
    // `password=x, please`) is not followed by code when it looks like a literal and random enough.
    const statementEnd = group === 6 && followedByCode(text, valueEnd) && !(glued && separatesPairs(text, valueEnd));
    if (statementEnd && (!endsStatement(text, valueEnd) || !literalAtStatementEnd(value))) continue;
    if (group === 6 && cls === 'password' && !glued && followedByWords(text, valueEnd)) continue;
    // A key that opens a quoted string must close it before the operator ("password": "..."); when it
    // does not, and the value seems to start with the same quote, the key is text inside a string
    // ("Password:") and the "value" runs between two unrelated strings.
    // (The same holds for a Markdown code span: "`Password=` strings".)
    const opener = text[start - 1];
    const sameQuote =
      (opener === '"' && group === 3) || (opener === "'" && group === 4) || (opener === '`' && group === 5);
    if (sameQuote && !text.slice(start + key.length, m.indices![2]![0]).includes(opener)) continue;
    // A quoted string after `?` is the first branch of a conditional (`a ? 'password' : 'other'`), not a key.
    if ((opener === '"' || opener === "'") && precededByQuestionMark(text, start - 1)) continue;
    const comparison = m[2]!.length >= 2 && m[2] !== ':=' && m[2] !== '=>';
    const score = scoreAssignment(key, cls, value, group !== 6, comparison);
    if (score === 0 || (statementEnd && !randomAtStatementEnd(key, cls, value, score, comparison))) continue;
    coveredUntil = valueEnd;
    // Since session 27, as the product: an unquoted value of one of several assignment targets
    // (`user, password = parse(url)`, Go's `a, b := f()`) is an expression, not a literal.
    if (group === 6 && isUnpackingTarget(text, start, start + key.length, valueStart)) continue;
    // Since the secrets precision work (session 26), as the product: the last check of every generic form.
    if (notACredentialValue(value, key, cls, group !== 6, comparison)) continue;
    report(text, out, cls, valueStart, valueEnd, score);
  }
}

/** The key at [keyStart, keyEnd) follows `name, name, ` from its line start (at most 128 back), with `=` in its operator. */
function isUnpackingTarget(text: string, keyStart: number, keyEnd: number, valueStart: number): boolean {
  if (!text.slice(keyEnd, valueStart).includes('=')) return false;
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  if (keyStart - lineStart > 128 || lineStart === keyStart) return false;
  return /^[ \t]*(?:[A-Za-z_][\w.]{0,63}[ \t]{0,4},[ \t]{0,4}){1,8}$/.test(text.slice(lineStart, keyStart));
}

// ---- secrets.ts (the scanner, with the generic rules above) ----

/** prepareSecretScanner (secrets.ts) with the generic rules above. */
export function prepareReferenceSecretScanner(opts: { families?: readonly string[] } = {}): {
  scan(text: string): TextMatch[];
} {
  const requested = opts.families ?? SECRET_FAMILIES;
  const families = SECRET_FAMILIES.filter((f) => requested.includes(f));
  const rules = SECRET_RULES.filter((r) => families.includes(r.family));
  const generic = families.includes('generic');
  const rulesToRun = rulesSwitchedOn(rules);
  return {
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
    const on = rulesToRun(lower);
    for (let i = 0; i < rules.length; i++) if (on[i] === 1) runRule(rules[i]!, text, found);
    if (generic) scanGenericSecrets(text, lower, found);
    return resolveOverlaps(found);
  }
}
