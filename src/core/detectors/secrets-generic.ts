/**
 * Generic credential assignments: `password = "..."`, `api_key: ...`, `<add key="DbPassword" value="..."/>`,
 * "the password is '...'", credentials on a command line. The key names the kind of secret; the value
 * must look like a literal (not a placeholder, a variable reference or code) and, for token-like keys,
 * be random enough. This is what catches credentials that have no provider prefix.
 */
import type { TextMatch } from './match.js';
import { anonymousLoginNear, camelNamesASecret, isReference, looksLikeCode, looksLikePlaceholder, mixedClasses, namesPasswordField, randomEnough } from './secrets-values.js';

type KeyClass = 'password' | 'secret' | 'key';

const DENY_PARTS = new Set([
  'label', 'placeholder', 'prompt', 'hint', 'field', 'input', 'url', 'uri', 'path', 'file', 'filename', 'dir', 'name', 'type',
  'length', 'len', 'min', 'max', 'policy', 'reset', 'forgot', 'change', 'confirm', 'confirmation', 'regex', 'pattern',
  'format', 'rule', 'rules', 'validation', 'validator', 'hash', 'hashed', 'salt', 'expiry', 'expires', 'expiration', 'ttl',
  'timeout', 'count', 'enabled', 'required', 'header', 'param', 'ref', 'endpoint', 'strength', 'icon', 'button', 'visible',
  'show', 'error', 'errors', 'message', 'column', 'attempts', 'help', 'text', 'title', 'class', 'style', 'template',
  'mode', 'store', 'manager', 'provider', 'service', 'handler', 'generator', 'dialog', 'form', 'route', 'page', 'view',
  'selector', 'id', 'ids', 'length', 'size', 'index', 'version', 'method', 'algorithm', 'alg', 'scope', 'scopes',
  'location', 'source', 'lifetime', 'duration', 'limit', 'prefix', 'suffix', 'usage', 'kind', 'storage', 'cache', 'event',
  'stdin', 'env', 'command', 'cmd', 'prompt', 'manager', 'helper',
]);

const FUNCTION_NAME_RE = /^(?:get|set|generate|create|make|fetch|load|parse|compute|build|find|resolve|is|has|handle|on)[A-Z]/;

const KEY_QUALIFIERS = new Set(['api', 'access', 'private', 'secret', 'license', 'signing', 'encryption', 'master', 'app', 'client', 'consumer', 'auth', 'account', 'subscription', 'service', 'io', 'developer', 'dev', 'admin', 'write', 'read', 'ingest', 'insert', 'query', 'deploy', 'preshared', 'shared', 'storage', 'session']);

const TOKENIZER_WORD = /^(?:de)?tokeni[sz]/;

/** Classifies an assignment key by the kind of secret it names, or null when it names none. */
export function keyClass(key: string): KeyClass | null {
  const parts = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (parts.length === 0 || parts.length > 12) return null;
  const last = parts[parts.length - 1]!;
  if (DENY_PARTS.has(last) || parts.some((p) => p === 'label' || p === 'placeholder' || p === 'forgot' || p === 'reset' || p === 'confirm' || p === 'hint' || p === 'policy')) return null;
  // "generateKey", "s.getToken", "isSecret": a camelCase (property) name that starts with one of these verbs
  // names a function or a flag. (Verbs that also start real credential names - sign, encrypt, verify, refresh - are not here.)
  if (FUNCTION_NAME_RE.test(key.slice(key.lastIndexOf('.') + 1))) return null;
  // "pass" alone is usually pass/fail; it names a password as the last word (db_pass, smtpPass) or as PASS.
  const passWord = last === 'pass' && (parts.length > 1 || key === 'PASS' || key === 'Pass');
  if (parts.some((p) => /(?:password|passwd|passphrase|passcode)/.test(p) || p === 'pwd' || p === 'pw') || passWord) return 'password';
  // "tokenizer", "detokenize", "tokenization": a text tokenizer's setting, not a token.
  if (parts.some((p) => /secret|credential|apikey|accesskey|privatekey/.test(p) || (/token/.test(p) && !TOKENIZER_WORD.test(p)) || p === 'crumb' || p === 'pat')) return 'secret';
  const keyAt = parts.indexOf('key');
  // "keyId", "signing_key_id", "localKeyIdHex": the identifier of a key, published beside it, not the key.
  if (keyAt >= 0 && parts.slice(keyAt + 1).some((p) => p === 'id' || p === 'ids')) return null;
  if (keyAt >= 0) return parts.some((p) => KEY_QUALIFIERS.has(p)) ? 'secret' : 'key';
  if (parts.includes('auth') && parts.length <= 2) return 'secret';
  return null;
}

/**
 * Keys that name a provider whose credential has a fixed format: when the value does not fit that
 * format, the generic rule stays quiet (the provider rule reports real ones; a wrong-length value next
 * to such a key is a fixture or truncated example).
 */
const FORMAT_BOUND: ReadonlyArray<{ key: RegExp; value: RegExp }> = [
  { key: /aws.*secret|secret.*aws/i, value: /^[A-Za-z0-9/+]{40}$/ },
  { key: /okta/i, value: /^00[A-Za-z0-9_-]{40}$/ },
  { key: /twitch|stream_?key/i, value: /^live_\d{6,12}_[A-Za-z0-9]{30}$/ },
  { key: /new_?relic|license_?key|licen[cs]eKey/i, value: /^(?:[a-f0-9]{40}|[a-f0-9]{36}NRAL|NR[A-Z]{2}-[A-Za-z0-9_-]{27,42})$/ },
];

const FETCH_CREDENTIALS_MODES = new Set(['omit', 'same-origin', 'include']);
const IDENTIFIER_WORDS = /^[?#@$]?(?:[a-z]{3,}|[A-Z][a-z]{2,})(?:[A-Z][a-z]+){0,5}[A-Z][a-z]{2,}$/;

/** Decides whether `value` assigned to a key of class `cls` is reported, and with which score (0 = not). */
export function scoreAssignment(key: string, cls: KeyClass, rawValue: string, quoted: boolean, comparison = false): number {
  const value = rawValue.trim();
  if (value.length === 0 || value.length > 256) return 0;
  if (value.includes('://') || value.startsWith('//')) return 0;
  if (/^0x[0-9a-f]+$/i.test(value)) return 0; // a numeric constant
  for (const bound of FORMAT_BOUND) if (bound.key.test(key) && !bound.value.test(value)) return 0;
  if (looksLikePlaceholder(value) || looksLikeCode(value, quoted)) return 0;
  // The credentials mode of a fetch request (Fetch standard RequestCredentials), not a credential.
  if (FETCH_CREDENTIALS_MODES.has(value) && /(?:^|[._$])credentials$/i.test(key)) return 0;
  const keyWords = key.toLowerCase().replace(/[^a-z]/g, '');
  const valueWords = value.toLowerCase().replace(/[^a-z]/g, '');
  if (valueWords.length > 0 && valueWords === keyWords) return 0;
  // "password: pass", "X-Token-Secret: SuperSecretToken": the value names the credential instead of holding it.
  if (namesPasswordField(value) || camelNamesASecret(value)) return 0;
  if (cls === 'password') {
    if (value.length < 4) return 0;
    if (/^\d{1,5}$/.test(value)) return 0;
    // "Password used to generate the key": words that name the credential describe it (docs, samples).
    if (/\s/.test(value) && /\b(?:password|passphrase|passwd|key|token)\b/i.test(value)) return 0;
    return mixedClasses(value) && value.length >= 8 ? 0.85 : 0.75;
  }
  if (/\s/.test(value)) return 0;
  if (cls === 'secret') {
    if (value.length < 6) return 0;
    // "my-app-secret-name", "api-token-ref": a value that names a secret rather than holding one.
    if (/(?:^|[-_.])(?:secret|token|key|apikey|credentials?)(?:$|[-_.])/i.test(value)) return 0;
    // "beforeAttributeName", "?NonParenKeyword": an identifier spelled in words (a lexer's token kind or
    // state), perhaps after a sigil. Random tokens do not split into capitalised words of 3+ letters.
    if (IDENTIFIER_WORDS.test(value)) return 0;
    if (/^\d+$/.test(value) && value.length < 12) return 0;
    // Short values need digits or mixed case ("include", "same-origin" are settings, not secrets),
    // except when code compares a secret-named variable with a literal: that literal is the secret.
    const variedCase = /\d/.test(value) || (/[a-z]/.test(value) && /[A-Z]/.test(value));
    if (value.length < 16 && !variedCase && !(comparison && value.length >= 8 && mixedClasses(value))) return 0;
    if (value.length < 16 && !mixedClasses(value) && !randomEnough(value, 3.2)) return 0;
    if (value.length >= 16 && !randomEnough(value, 3.0)) return 0;
    return 0.8;
  }
  // A bare "key": only long, random-looking values with letters and digits.
  if (value.length < 12 || !/\d/.test(value) || !/[A-Za-z]/.test(value) || !randomEnough(value, 3.4)) return 0;
  return 0.7;
}

// key, optional closing quote, operator, value (double, single, back-quoted or bare)
const ASSIGNMENT_RE =
  /(?<![\w.$@-])([A-Za-z_$@][\w.$@-]{0,80})(?:\\?["'])?\]?[ \t]{0,32}(===|!==|==|!=|:=|=>|=|:)[ \t]{0,32}(?:\\?"((?:[^"\n\\]|\\.){0,256})\\?"|'([^'\n]{0,256})'|`([^`\n]{0,256})`|([^\s"'`,;)}\]<>&?][^\s"'`,;)}\]<>&]{0,255}))/dg;

// Setter calls with the name first and a literal second: define('DB_PASSWORD', '...'),
// props.put("password", "..."), setProperty("db.password", "...").
const CALL_PAIR_RE = /(?:\bdefine|\bput|\bset[A-Za-z]{0,20}|\bputenv|\bsetenv|\badd|\bstore|\bsave)\s{0,4}\(\s{0,8}["']([\w.-]{1,80})["']\s{0,8},\s{0,8}["']([^"'\n]{1,256})["']\s{0,8}\)/dg;

// Android Gradle build fields: buildConfigField "String", "API_KEY", "\"...\"" and resValue "string", "name", "...".
const GRADLE_FIELD_RE = /\b(?:buildConfigField|resValue)\s{0,4}\(?\s{0,4}["']\w{1,40}["']\s{0,8},\s{0,8}["']([\w.-]{1,80})["']\s{0,8},\s{0,8}["']\\?"?([^"'\n\\]{1,256})/dg;

// <password>...</password>, <ApiKey>...</ApiKey>: an element named after a credential.
const XML_ELEMENT_RE = /<([A-Za-z][\w.-]{0,60})>([^<\n]{1,256})<\/\1>/dg;

// Command-line flags: --password=..., --api-key ..., --token=...
const CLI_FLAG_RE = /(?<![\w-])--?([A-Za-z][\w-]{0,40})(?:=|[ \t]{1,4})(["']?)([^\s"'-][^\s"']{0,255})\2(?![^\s])/dg;

const XML_SETTING_RE = /(?:key|name)\s{0,4}=\s{0,4}"([\w.:-]{1,80})"\s{1,8}value\s{0,4}=\s{0,4}"([^"\n]{1,256})"/dg;

const PROSE_RE = /\b(?:password|passphrase|passcode|pwd)\b(?:\s{1,3}for\s{1,3}(?:the\s{1,3})?(?:user\s{1,3})?["'“]?[\w@.-]{1,64}["'”]?)?\s{1,3}(?:is|was)\s{1,3}["'“`]([^"'”`\s]{4,64})["'”`]/dgi;

/**
 * The same sentence with the password unquoted ("my password is" and the password as a bare word).
 * Prose says much else after "password is" ("incorrect", "too short", "case-sensitive", "128-bit"), so
 * only a word that holds letters and digits counts (see bareProsePassword).
 */
const PROSE_BARE_RE = /\b(?:password|passphrase|passcode|pwd)\b(?:\s{1,3}for\s{1,3}(?:the\s{1,3})?(?:user\s{1,3})?[\w@.-]{1,64})?\s{1,3}(?:is|was)(?:\s{1,3}now)?:?\s{1,3}([^\s"'“”`]{6,80})/dgi;
/** Technical words with digits that follow "password is" in prose: sizes, hash and cipher names, encodings. */
const PROSE_TECHNICAL = /^(?:\d+[-_]?[a-z]+|[a-z]*(?:sha|md|aes|rsa|utf|base|des|crc|pbkdf|argon|bcrypt|hmac|ripemd|blake)[-_]?\d+(?:[-_][a-z]+)*)$/i;

/**
 * The password of a PROSE_BARE_RE match without the sentence's closing punctuation, or null when it is
 * not one: fewer than 6 characters, no letter or no digit, a size or algorithm name, a placeholder, a
 * reference or code.
 */
function bareProsePassword(raw: string): string | null {
  const value = raw.replace(/[.,;:?)\]}]+$/, '');
  if (value.length < 6 || !/[A-Za-z]/.test(value) || !/\d/.test(value)) return null;
  if (PROSE_TECHNICAL.test(value) || looksLikePlaceholder(value) || isReference(value) || looksLikeCode(value, false)) return null;
  return value;
}

const COMMAND_LINE_RES: readonly RegExp[] = [
  /(?:psexec|PsExec|PSEXEC|psExec)(?:\.exe|\.EXE)?[^\n]{0,200}?\s-u\s{1,4}\S{1,128}\s{1,4}-p\s{1,4}([^\s]{1,128})/dg,
  /(?:Connect-VIServer|connect-viserver)[^\n]{0,200}?\s-[Pp]assword\s{1,4}["']?([^\s"']{1,128})/dg,
  /\bcurl\b[^\n]{0,300}?\s(?:-u|--user)\s{1,4}["']?[^\s:"']{1,128}:([^\s"']{1,256})/dg,
  /NetworkCredential\(\s{0,32}"[^"\n]{0,128}"\s{0,32},\s{0,32}"([^"\n]{1,128})"/dg,
  /DirectoryEntry\(\s{0,32}"[^"\n]{0,256}"\s{0,32},\s{0,32}"[^"\n]{0,128}"\s{0,32},\s{0,32}"([^"\n]{1,128})"/dg,
  /credentials\s{0,4}\{[^{}]{0,300}?\bpassword\s{1,4}["']([^"'\n]{1,128})["']/dg,
];

const GENERIC_KEYWORDS = ['pass', 'pwd', 'secret', 'token', 'key', 'credential', 'auth', 'crumb', 'pw', 'pat'];
const COMMAND_KEYWORDS = ['psexec', 'viserver', 'curl', 'networkcredential', 'directoryentry', 'credentials'];

/**
 * Appends a generic finding, except a password of the anonymous account (its user name nearby is
 * "anonymous"): that password is a published convention, not a secret.
 */
function report(text: string, out: TextMatch[], cls: KeyClass, start: number, end: number, score: number): void {
  if (cls === 'password' && anonymousLoginNear(text, start, end)) return;
  out.push({ type: cls === 'password' ? 'password' : 'generic_secret', start, end, score, detector: 'secrets' });
}

/** A (key name, value) capture (groups 1 and 2) whose key names a credential and whose value scores. */
function pushKeyValue(text: string, m: RegExpMatchArray, out: TextMatch[]): void {
  const cls = keyClass(m[1]!);
  if (!cls) return;
  const score = scoreAssignment(m[1]!, cls, m[2]!, true);
  if (score === 0) return;
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
      const value = m[3]!;
      if (isReference(value)) continue;
      const score = scoreAssignment(m[1]!, cls, value, m[2] !== '');
      if (score === 0) continue;
      const [s, e] = m.indices![3]!;
      report(text, out, cls, s, e, score);
    }
  }
  for (const m of lower.includes('value') ? text.matchAll(XML_SETTING_RE) : []) pushKeyValue(text, m, out);
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

/** Where a key that names a secret can be: an occurrence of one of the key words. */
const KEY_WORD_RE = /pass|pwd|secret|token|key|credential|auth|crumb|pw|pat/gi;
const STICKY_ASSIGNMENT_RE = new RegExp(ASSIGNMENT_RE.source, 'dy');
/** 1 for the characters of [\w.$@-] (ASCII letters, digits, '_', '.', '$', '@', '-'): the characters of a key. */
const KEY_CHARS = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.$@-') KEY_CHARS[c.charCodeAt(0)] = 1;
const isKeyChar = (c: number): boolean => c < 128 && KEY_CHARS[c] === 1;

/**
 * Start of the token of key characters that holds `at`, given an earlier position `previousHit` (-1: none)
 * and the start of its token: read back to `previousHit` at most (exported for tests).
 */
export function keyTokenStart(text: string, at: number, previousHit: number, previousStart: number): number {
  let start = at;
  while (start > 0 && start > previousHit && isKeyChar(text.charCodeAt(start - 1))) start--;
  return start === previousHit ? previousStart : start;
}

/**
 * Tries the assignment pattern only at the start of tokens that contain a key word, so the cost
 * follows the number of such words, not the size of the text. Values of URLs and other assignments
 * are covered too, because their inner key words (`?token=`) are sites of their own.
 */
function scanAssignments(text: string, out: TextMatch[]): void {
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
    } else if (group === 6 && /[[\](){}]/.test(value)) continue;
    if (group === 6 && followedByCode(text, valueEnd)) continue;
    // `KEY=value` glued together is shell or env syntax even with words after it (`PGPASSWORD=x psql -h db`,
    // `DB_PASSWORD=x # comment`): prose writes `password: x` or `password is x`, not a glued `=`.
    const glued = m[2] === '=' && m.indices![2]![0] === start + key.length && m.indices![2]![1] === valueStart;
    if (group === 6 && cls === 'password' && !glued && followedByWords(text, valueEnd)) continue;
    // A key that opens a quoted string must close it before the operator ("password": "..."); when it
    // does not, and the value seems to start with the same quote, the key is text inside a string
    // ("Password:") and the "value" runs between two unrelated strings.
    // (The same holds for a Markdown code span: "`Password=` strings".)
    const opener = text[start - 1];
    const sameQuote = (opener === '"' && group === 3) || (opener === "'" && group === 4) || (opener === '`' && group === 5);
    if (sameQuote && !text.slice(start + key.length, m.indices![2]![0]).includes(opener)) continue;
    // A quoted string after `?` is the first branch of a conditional (`a ? 'password' : 'other'`), not a key.
    if ((opener === '"' || opener === "'") && precededByQuestionMark(text, start - 1)) continue;
    const comparison = m[2]!.length >= 2 && m[2] !== ':=' && m[2] !== '=>';
    const score = scoreAssignment(key, cls, value, group !== 6, comparison);
    if (score === 0) continue;
    report(text, out, cls, valueStart, valueEnd, score);
    coveredUntil = valueEnd;
  }
}

/** True when the last non-blank character before `at` is `?`. */
function precededByQuestionMark(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return i >= 0 && text[i] === '?';
}

/** Longest unquoted password or secret value, in characters. */
const UNQUOTED_MAX = 256;

/**
 * End of an unquoted password or secret that starts at `from`: the next blank or line end, less trailing
 * separators (`password=x;`, `{pw: x}`). It also ends before `;`, `,` or `&` that starts another
 * assignment (`password=x&user=y`, `Pwd=x;Database=y`), and at the quote that opened the key
 * (`"token=x"`).
 */
function unquotedSecretEnd(text: string, from: number, quote: string): number {
  let end = from;
  const limit = Math.min(text.length, from + UNQUOTED_MAX);
  while (end < limit) {
    const c = text[end]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === quote) break;
    if ((c === ';' || c === ',' || c === '&') && NEXT_ASSIGNMENT_RE.test(text.slice(end + 1, end + 66))) break;
    end++;
  }
  // Trailing separators and closers without an opener in the value belong to the code around it.
  for (;;) {
    const c = text[end - 1];
    const opener = c === ')' ? '(' : c === ']' ? '[' : c === '}' ? '{' : c === '>' ? '<' : undefined;
    if (end - 1 > from && (c === ',' || c === ';' || (opener !== undefined && !text.slice(from, end - 1).includes(opener)))) end--;
    else break;
  }
  return end;
}

/**
 * The quote still open on the line before `at` (`echo 'export PW=x' >> .env`, `"password=x"`): the value
 * of a key inside a string ends at that quote. Empty when none is open.
 */
function openQuoteBefore(text: string, at: number): string {
  let open = '';
  let i = at;
  while (i > 0 && at - i < UNQUOTED_MAX && text[i - 1] !== '\n') i--;
  for (; i < at; i++) {
    const c = text[i]!;
    if (open === '' && (c === '"' || c === "'" || c === '`')) open = c;
    else if (c === open) open = '';
  }
  return open;
}

const NEXT_ASSIGNMENT_RE = /^[ \t]{0,2}[A-Za-z_][\w.-]{0,60}[ \t]{0,2}[=:]/;

/**
 * An unquoted password or secret that reads as code: a call or index (`getPass()`, `argv[1]`,
 * `config["pw"]`), a generic type (`Record<string, string>`), an empty literal (`[]`, `{}`), or one of the
 * shapes looksLikeCode knows. Brackets alone do not make code: `Xk9(mQ2)vL` is a password.
 */
function unquotedSecretIsCode(value: string): boolean {
  if (looksLikeCode(value, false)) return true;
  if (/^[A-Za-z_][\w.]*\[.*\]$/.test(value) || /^[A-Za-z_][\w.]*<\w/.test(value)) return true;
  if (/(?:\[\]|\(\)|\{\})$/.test(value)) return true;
  // An expression the blank cut in two: a name and an index or call left open (`list[list.length`), a
  // type annotation closing a signature (`Buffer):`), a keyword closing a condition in minified code
  // (`null)throw`). Names have no digits; other unbalanced brackets belong to the password.
  if (!bracketsBalanced(value) && ((EXPRESSION_CUT.test(value) && !/\d/.test(value)) || /^(?:null|undefined|true|false|this)\)/.test(value))) return true;
  // A regular expression literal (`/^[A-Za-z0-9._-]+$/u`).
  if (/^\/[[^(].*\/[dgimsuyv]*$/.test(value)) return true;
  // A negation (`!isHTML`, `!!match[7]`), a comment (`46/*.*/`) or a statement after `;` (`x;function`).
  if (/^!+[A-Za-z_$][\w$.]*$/.test(value.replace(/\[[^\]]*\]/g, '')) && !/\d/.test(value.replace(/\[[^\]]*\]/g, ''))) return true;
  return value.includes('/*') || /;(?:function|var|let|const|return|if|for|while|class|new|throw)\b/.test(value);
}

const EXPRESSION_CUT = /^[A-Za-z_$][\w$]*(?:\??\.[\w$]+)*(?:[[(][A-Za-z_$][\w$.]*|[)\]}]+:?)$/;

/** True when every (, [ and { in `value` is closed, in order. */
function bracketsBalanced(value: string): boolean {
  const open: string[] = [];
  for (const c of value) {
    if (c === '(' || c === '[' || c === '{') open.push(c);
    else if (c === ')' || c === ']' || c === '}') {
      if (open.pop() !== (c === ')' ? '(' : c === ']' ? '[' : '{')) return false;
    }
  }
  return open.length === 0;
}

/**
 * An unquoted value is code, not a literal, when it is followed on its line by an operator or separator
 * (`secrets: string[];`, `token = a || b`, `apiKey: provider ?? x`). Config values (.env, INI, YAML) end
 * at the line end or a comment.
 */
function followedByCode(text: string, end: number): boolean {
  let i = end;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  const next = text[i];
  return next !== undefined && ';,).[(?|<>+*=!:'.includes(next);
}

/**
 * More words on the same line after an unquoted value: prose ("Password: reset it via the portal") or
 * a command line. Password-like keys accept plain words, so for them this means "not a literal";
 * token-like keys already need a random-looking value and keep it.
 */
function followedByWords(text: string, end: number): boolean {
  let i = end;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i > end && i < text.length && /[A-Za-z0-9]/.test(text[i]!);
}

/** Credentials written into commands and constructors: any literal counts, variables do not. */
function scanCommandLines(text: string, out: TextMatch[]): void {
  for (const pattern of COMMAND_LINE_RES) {
    for (const m of text.matchAll(pattern)) {
      const value = m[1]!;
      if (isReference(value)) continue;
      const [s, e] = m.indices![1]!;
      report(text, out, 'password', s, e, 0.85);
    }
  }
}
