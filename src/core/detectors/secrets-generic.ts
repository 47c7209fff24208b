/**
 * Generic credential assignments: `password = "..."`, `api_key: ...`, `<add key="DbPassword" value="..."/>`,
 * "the password is '...'", credentials on a command line. The key names the kind of secret; the value
 * must look like a literal (not a placeholder, a variable reference or code) and, for token-like keys,
 * be random enough. This is what catches credentials that have no provider prefix.
 */
import type { TextMatch } from './match.js';
import {
  BLANK_SEP,
  BQ,
  BQ_NL,
  DQ,
  ESCQ,
  EntropyWindow,
  G6_END,
  GT,
  isSpaceCode,
  LCURLY,
  LPAREN,
  LSQ,
  LT,
  newWork,
  NL,
  RCURLY,
  RPAREN,
  RSQ,
  SQ,
  SQ_NL,
  STOP,
  TRAILING,
  NOT_UNIT,
  ValueIndex,
  type ScanWork,
} from './secrets-index.js';
import {
  anonymousLoginNear,
  camelNamesASecret,
  isReference,
  LoginFields,
  looksLikeCode,
  looksLikePlaceholder,
  mixedClasses,
  namesPasswordField,
  randomEnough,
} from './secrets-values.js';
import { scoreWin, type KeyInfo } from './secrets-window.js';

export type KeyClass = 'password' | 'secret' | 'key';

export const DENY_PARTS = new Set([
  'label',
  'placeholder',
  'prompt',
  'hint',
  'field',
  'input',
  'url',
  'uri',
  'path',
  'file',
  'filename',
  'dir',
  'name',
  'type',
  'length',
  'len',
  'min',
  'max',
  'policy',
  'reset',
  'forgot',
  'change',
  'confirm',
  'confirmation',
  'regex',
  'pattern',
  'format',
  'rule',
  'rules',
  'validation',
  'validator',
  'hash',
  'hashed',
  'salt',
  'expiry',
  'expires',
  'expiration',
  'ttl',
  'timeout',
  'count',
  'enabled',
  'required',
  'header',
  'param',
  'ref',
  'endpoint',
  'strength',
  'icon',
  'button',
  'visible',
  'show',
  'error',
  'errors',
  'message',
  'column',
  'attempts',
  'help',
  'text',
  'title',
  'class',
  'style',
  'template',
  'mode',
  'store',
  'manager',
  'provider',
  'service',
  'handler',
  'generator',
  'dialog',
  'form',
  'route',
  'page',
  'view',
  'selector',
  'id',
  'ids',
  'length',
  'size',
  'index',
  'version',
  'method',
  'algorithm',
  'alg',
  'scope',
  'scopes',
  'location',
  'source',
  'lifetime',
  'duration',
  'limit',
  'prefix',
  'suffix',
  'usage',
  'kind',
  'storage',
  'cache',
  'event',
  'stdin',
  'env',
  'command',
  'cmd',
  'prompt',
  'manager',
  'helper',
]);

export const FUNCTION_NAME_RE =
  /^(?:get|set|generate|create|make|fetch|load|parse|compute|build|find|resolve|is|has|handle|on)[A-Z]/;
/** First characters of those verbs. */
const FUNCTION_FIRST = new Set([...'gscmflpbrhio'].map((c) => c.charCodeAt(0)));

export const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'private',
  'secret',
  'license',
  'signing',
  'encryption',
  'master',
  'app',
  'client',
  'consumer',
  'auth',
  'account',
  'subscription',
  'service',
  'io',
  'developer',
  'dev',
  'admin',
  'write',
  'read',
  'ingest',
  'insert',
  'query',
  'deploy',
  'preshared',
  'shared',
  'storage',
  'session',
]);

/** A word of a key that names a password: password, passwd, passphrase, passcode within it, or pwd, pw. */
function namesPassword(p: string): boolean {
  if (p === 'pwd' || p === 'pw') return true;
  return (
    p.includes('pass') &&
    (p.includes('password') || p.includes('passwd') || p.includes('passphrase') || p.includes('passcode'))
  );
}

/** A word of a key that names a secret: secret, credential, apikey, accesskey, privatekey or token within it, crumb, pat. */
function namesSecret(p: string): boolean {
  if (p === 'crumb' || p === 'pat') return true;
  if (
    p.includes('secret') ||
    p.includes('credential') ||
    p.includes('apikey') ||
    p.includes('accesskey') ||
    p.includes('privatekey')
  )
    return true;
  // token, but not a tokenizer's word: /^(?:de)?tokeni[sz]/
  return (
    p.includes('token') &&
    !(p.startsWith('tokenis') || p.startsWith('tokeniz') || p.startsWith('detokenis') || p.startsWith('detokeniz'))
  );
}

/**
 * The words of a key, lower case: `key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/)
 * .filter(Boolean)` read in one pass (an ASCII key; a site of a text dense with assignments names a key each).
 */
function keyParts(key: string): string[] {
  const parts: string[] = [];
  let from = -1; // start of the current word (ASCII lower case and digits as they stand, capitals lowered)
  let lowered = false;
  let afterLowerOrDigit = false;
  for (let i = 0; i <= key.length; i++) {
    const c = i < key.length ? key.charCodeAt(i) : -1;
    const upper = c >= 65 && c <= 90;
    const word = upper || (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    // a word ends before a character that is neither a letter nor a digit, and before a capital that follows
    // a lower-case letter or a digit
    if (from >= 0 && (!word || (upper && afterLowerOrDigit))) {
      parts.push(lowered ? key.slice(from, i).toLowerCase() : key.slice(from, i));
      from = -1;
      lowered = false;
    }
    if (word && from < 0) from = i;
    if (upper) lowered = true;
    afterLowerOrDigit = word && !upper;
  }
  return parts;
}

/** Classifies an assignment key by the kind of secret it names, or null when it names none. */
export function keyClass(key: string): KeyClass | null {
  // (keys come from patterns of ASCII characters; anything else is split as first written)
  let ascii = true;
  for (let i = 0; i < key.length && ascii; i++) ascii = key.charCodeAt(i) < 128;
  const parts = ascii
    ? keyParts(key)
    : key
        .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter(Boolean);
  if (parts.length === 0 || parts.length > 12) return null;
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
  const name = key.lastIndexOf('.') + 1;
  if (FUNCTION_FIRST.has(key.charCodeAt(name)) && FUNCTION_NAME_RE.test(key.slice(name))) return null;
  // "pass" alone is usually pass/fail; it names a password as the last word (db_pass, smtpPass) or as PASS.
  const passWord = last === 'pass' && (parts.length > 1 || key === 'PASS' || key === 'Pass');
  if (passWord || parts.some(namesPassword)) return 'password';
  // "tokenizer", "detokenize", "tokenization": a text tokenizer's setting, not a token.
  if (parts.some(namesSecret)) return 'secret';
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
  {
    key: /new_?relic|license_?key|licen[cs]eKey/i,
    value: /^(?:[a-f0-9]{40}|[a-f0-9]{36}NRAL|NR[A-Z]{2}-[A-Za-z0-9_-]{27,42})$/,
  },
];

const FETCH_CREDENTIALS_MODES = new Set(['omit', 'same-origin', 'include']);
const IDENTIFIER_WORDS = /^[?#@$]?(?:[a-z]{3,}|[A-Z][a-z]{2,})(?:[A-Z][a-z]+){0,5}[A-Z][a-z]{2,}$/;

/** Decides whether `value` assigned to a key of class `cls` is reported, and with which score (0 = not). */
export function scoreAssignment(
  key: string,
  cls: KeyClass,
  rawValue: string,
  quoted: boolean,
  comparison = false,
): number {
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

// Setter calls with the name first and a literal second: define('DB_PASSWORD', '...'),
// props.put("password", "..."), setProperty("db.password", "...").
export const CALL_PAIR_RE =
  /(?:\bdefine|\bput|\bset[A-Za-z]{0,20}|\bputenv|\bsetenv|\badd|\bstore|\bsave)\s{0,4}\(\s{0,8}["']([\w.-]{1,80})["']\s{0,8},\s{0,8}["']([^"'\n]{1,256})["']\s{0,8}\)/dg;

// Android Gradle build fields: buildConfigField "String", "API_KEY", "\"...\"" and resValue "string", "name", "...".
export const GRADLE_FIELD_RE =
  /\b(?:buildConfigField|resValue)\s{0,4}\(?\s{0,4}["']\w{1,40}["']\s{0,8},\s{0,8}["']([\w.-]{1,80})["']\s{0,8},\s{0,8}["']\\?"?([^"'\n\\]{1,256})/dg;

// <password>...</password>, <ApiKey>...</ApiKey>: an element named after a credential.
export const XML_ELEMENT_RE = /<([A-Za-z][\w.-]{0,60})>([^<\n]{1,256})<\/\1>/dg;

// Command-line flags: --password=..., --api-key ..., --token=...
export const CLI_FLAG_RE =
  /(?<![\w-])--?([A-Za-z][\w-]{0,40})(?:=|[ \t]{1,4})(["']?)([^\s"'-][^\s"']{0,255})\2(?![^\s])/dg;

export const XML_SETTING_RE =
  /(?:key|name)\s{0,4}=\s{0,4}"([\w.:-]{1,80})"\s{1,8}value\s{0,4}=\s{0,4}"([^"\n]{1,256})"/dg;

export const PROSE_RE =
  /\b(?:password|passphrase|passcode|pwd)\b(?:\s{1,3}for\s{1,3}(?:the\s{1,3})?(?:user\s{1,3})?["'“]?[\w@.-]{1,64}["'”]?)?\s{1,3}(?:is|was)\s{1,3}["'“`]([^"'”`\s]{4,64})["'”`]/dgi;

/**
 * The same sentence with the password unquoted ("my password is" and the password as a bare word).
 * Prose says much else after "password is" ("incorrect", "too short", "case-sensitive", "128-bit"), so
 * only a word that holds letters and digits counts (see bareProsePassword).
 */
export const PROSE_BARE_RE =
  /\b(?:password|passphrase|passcode|pwd)\b(?:\s{1,3}for\s{1,3}(?:the\s{1,3})?(?:user\s{1,3})?[\w@.-]{1,64})?\s{1,3}(?:is|was)(?:\s{1,3}now)?:?\s{1,3}([^\s"'“”`]{6,80})/dgi;
/** Technical words with digits that follow "password is" in prose: sizes, hash and cipher names, encodings. */
const PROSE_TECHNICAL =
  /^(?:\d+[-_]?[a-z]+|[a-z]*(?:sha|md|aes|rsa|utf|base|des|crc|pbkdf|argon|bcrypt|hmac|ripemd|blake)[-_]?\d+(?:[-_][a-z]+)*)$/i;

/**
 * The password of a PROSE_BARE_RE match without the sentence's closing punctuation, or null when it is
 * not one: fewer than 6 characters, no letter or no digit, a size or algorithm name, a placeholder, a
 * reference or code.
 */
export function bareProsePassword(raw: string): string | null {
  const value = raw.replace(/[.,;:?)\]}]+$/, '');
  if (value.length < 6 || !/[A-Za-z]/.test(value) || !/\d/.test(value)) return null;
  if (PROSE_TECHNICAL.test(value) || looksLikePlaceholder(value) || isReference(value) || looksLikeCode(value, false))
    return null;
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

export const GENERIC_KEYWORDS = ['pass', 'pwd', 'secret', 'token', 'key', 'credential', 'auth', 'crumb', 'pw', 'pat'];
export const COMMAND_KEYWORDS = ['psexec', 'viserver', 'curl', 'networkcredential', 'directoryentry', 'credentials'];

/**
 * Appends a generic finding, except a password of the anonymous account (its user name nearby is
 * "anonymous"): that password is a published convention, not a secret.
 */
export function report(text: string, out: TextMatch[], cls: KeyClass, start: number, end: number, score: number): void {
  if (cls === 'password' && anonymousLoginNear(text, start, end)) return;
  out.push({ type: cls === 'password' ? 'password' : 'generic_secret', start, end, score, detector: 'secrets' });
}

/** A (key name, value) capture (groups 1 and 2) whose key names a credential and whose value scores. */
function pushKeyValue(text: string, m: RegExpMatchArray, out: TextMatch[]): void {
  const cls = keyEntry(m[1]!)?.cls ?? null; // (a text of many such pairs repeats its keys)
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
      const cls = keyEntry(m[1]!)?.cls ?? null;
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
export const KEY_WORD_RE = /pass|pwd|secret|token|key|credential|auth|crumb|pw|pat/gi;
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
 * What a key says about its value, worked out when a check first asks (most values of a text dense with
 * assignments are turned away before any check about their key).
 */
class KeyFacts implements KeyInfo {
  private words: string | undefined;
  private formats: RegExp[] | undefined;
  private credentials: boolean | undefined;
  constructor(private readonly key: string) {}
  get keyWords(): string {
    return (this.words ??= this.key.toLowerCase().replace(/[^a-z]/g, ''));
  }
  get keyLength(): number {
    return this.key.length;
  }
  get keyLetters(): number {
    if (this.words !== undefined) return this.words.length;
    let n = 0;
    for (let i = 0; i < this.key.length; i++) {
      const c = this.key.charCodeAt(i) | 32;
      if (c >= 97 && c <= 122) n++;
    }
    return n;
  }
  get bounds(): readonly RegExp[] {
    // (each key pattern of FORMAT_BOUND holds one of these words)
    return (this.formats ??= /aws|okta|twitch|stream|relic|licen/i.test(this.key)
      ? FORMAT_BOUND.filter((b) => b.key.test(this.key)).map((b) => b.value)
      : []);
  }
  get credentialsKey(): boolean {
    return (this.credentials ??= /(?:^|[._$])credentials$/i.test(this.key));
  }
}

/** What a key says, kept per key (an assignment-dense text repeats its keys). */
export interface KeyEntry {
  cls: KeyClass;
  info: KeyInfo;
}
/** A few keys and their entries, by a hash of their length and ends (a text dense with keys that all differ gains nothing from more). */
const KEY_SLOTS = 16;
const slotKeys: Array<string | undefined> = new Array<string | undefined>(KEY_SLOTS);
const slotEntries: Array<KeyEntry | null> = new Array<KeyEntry | null>(KEY_SLOTS).fill(null);

/** The class of a key and what it says about its value, or null when it names no secret (exported for tests). */
export function keyEntry(key: string): KeyEntry | null {
  const slot = (key.length * 31 + key.charCodeAt(0) * 7 + key.charCodeAt(key.length - 1)) & (KEY_SLOTS - 1);
  if (slotKeys[slot] === key) return slotEntries[slot]!;
  const cls = keyClass(key);
  const e = cls === null ? null : { cls, info: new KeyFacts(key) };
  slotKeys[slot] = key;
  slotEntries[slot] = e;
  return e;
}

/*
 * The assignment pattern (ASSIGNMENT_RE below), matched by hand at the start of a token for a site that
 * asks the index (matchAssignment). Read with the regular expression, each value is read to its end (256
 * characters at each `token=` of `token=token=...`); here the value's end comes from the index. No part of
 * the pattern can give characters back to the one before it (a key character cannot start what follows a
 * key, a blank cannot start a value), so the only choices are the operators (=== !== == != := => = :),
 * tried in the pattern's order.
 */

/** Characters that cannot start a bare value: \s " ' ` , ; ) } ] < > & ? */
const BARE_FIRST_EXCLUDED = new Set([34, 39, 96, 44, 59, 41, 125, 93, 60, 62, 38, 63]);

/** The parts of the last assignment matched (matchAssignment; exported for tests). */
export const match = { keyEnd: 0, opStart: 0, opEnd: 0, group: 0, valueStart: 0, valueEnd: 0 };

/** Matches the assignment pattern at the token start `start`; its parts go to `match` (exported for tests). */
export function matchAssignment(ix: ValueIndex, start: number): boolean {
  const text = ix.text;
  const n = text.length;
  const c0 = text.charCodeAt(start);
  if (!((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122) || c0 === 95 || c0 === 36 || c0 === 64)) return false;
  let k = start + 1;
  while (k < n && k - start <= 81 && isKeyChar(text.charCodeAt(k))) k++;
  if (k - start > 81) return false;
  let p = k;
  const q0 = text.charCodeAt(p);
  if (q0 === 92 && (text.charCodeAt(p + 1) === 34 || text.charCodeAt(p + 1) === 39)) p += 2;
  else if (q0 === 34 || q0 === 39) p++;
  if (text.charCodeAt(p) === 93) p++;
  let op = p;
  while (op < n && op - p < 32 && (text.charCodeAt(op) === 32 || text.charCodeAt(op) === 9)) op++;
  const oc = text.charCodeAt(op);
  if (oc !== 61 && oc !== 33 && oc !== 58) return false;
  const c1 = text.charCodeAt(op + 1);
  const c2 = text.charCodeAt(op + 2);
  // the operators that start with this character, in the pattern's order
  let tried = 0;
  if (oc === 61) {
    if (c1 === 61 && c2 === 61) tried = tryOperator(ix, start, k, op, 3);
    if (tried === 0 && c1 === 61) tried = tryOperator(ix, start, k, op, 2);
    if (tried === 0 && c1 === 62) tried = tryOperator(ix, start, k, op, 2);
    if (tried === 0) tried = tryOperator(ix, start, k, op, 1);
  } else if (oc === 33) {
    if (c1 === 61 && c2 === 61) tried = tryOperator(ix, start, k, op, 3);
    if (tried === 0 && c1 === 61) tried = tryOperator(ix, start, k, op, 2);
  } else {
    if (c1 === 61) tried = tryOperator(ix, start, k, op, 2);
    if (tried === 0) tried = tryOperator(ix, start, k, op, 1);
  }
  return tried === 1;
}

/** 1 when a value follows the operator of `length` characters at `op` (the match is then complete), else 0. */
function tryOperator(ix: ValueIndex, start: number, keyEnd: number, op: number, length: number): number {
  if (!matchValue(ix, start, op + length)) return 0;
  match.keyEnd = keyEnd;
  match.opStart = op;
  match.opEnd = op + length;
  return 1;
}

/** The value alternatives after an operator ending at `from`; sets match.group and the value's span. */
function matchValue(ix: ValueIndex, start: number, from: number): boolean {
  const text = ix.text;
  const n = text.length;
  let r = from;
  while (r < n && r - from < 32 && (text.charCodeAt(r) === 32 || text.charCodeAt(r) === 9)) r++;
  if (r >= n) return false;
  ix.beginSite(start);
  const c = text.charCodeAt(r);
  if (c === 34 || (c === 92 && text.charCodeAt(r + 1) === 34)) {
    const vs = r + (c === 34 ? 1 : 2);
    const ve = doubleQuotedEnd(ix, vs);
    if (ve >= 0) return setValue(3, vs, ve);
  }
  if (c === 39 || c === 96) {
    const e = ix.first(c === 39 ? SQ_NL : BQ_NL, r + 1, Math.min(n, r + 258));
    if (e < n && text.charCodeAt(e) === c && e < r + 258) return setValue(c === 39 ? 4 : 5, r + 1, e);
  }
  if (BARE_FIRST_EXCLUDED.has(c) || isSpaceCode(c)) return false;
  return setValue(6, r, ix.first(G6_END, r + 1, Math.min(n, r + 256)));
}

function setValue(group: number, vs: number, ve: number): boolean {
  match.group = group;
  match.valueStart = vs;
  match.valueEnd = ve;
  return true;
}

/**
 * End of the content of a double-quoted value from `vs` (just after its quote), or -1: up to 256 units
 * (a character, or a backslash and the character it escapes), closed by a quote, or else by the last
 * escaped quote among them (the pattern's `\\?"` after giving units back).
 */
function doubleQuotedEnd(ix: ValueIndex, vs: number): number {
  const text = ix.text;
  const n = text.length;
  let stop = ix.first(STOP, vs, Math.min(n, vs + 513));
  let end = stop;
  if (stop === Math.min(n, vs + 513) || stop - vs - ix.count(NOT_UNIT, vs, stop) > 256) {
    end = ix.nth(NOT_UNIT, vs, 256, n, true);
    stop = -1;
  }
  if (end < n) {
    const c = text.charCodeAt(end);
    if (c === 34 && end === stop) return end;
    if (c === 92 && end + 1 < n && text.charCodeAt(end + 1) === 34) return end;
  }
  const last = ix.last(ESCQ, vs, end);
  return last >= vs ? last : -1;
}

/** Start of the window openQuoteBefore reads: the line start, at most 256 characters back. */
export function lineWindowStart(ix: ValueIndex, at: number): number {
  const w = Math.max(0, at - UNQUOTED_MAX);
  if (w >= ix.lo && at <= ix.hi) return ix.last(NL, w, at) + 1;
  const text = ix.text;
  let i = at;
  while (i > w && text.charCodeAt(i - 1) !== 10) i--;
  ix.work.read += at - i;
  return i;
}

/** Longest unquoted password or secret value, in characters. */
const UNQUOTED_MAX = 256;
const QUOTE_CLASS = [0, DQ, SQ, BQ];
const OPENERS: ReadonlyArray<readonly [number, number]> = [
  [LPAREN, RPAREN],
  [LSQ, RSQ],
  [LCURLY, RCURLY],
  [LT, GT],
];

/**
 * End of an unquoted password or secret that starts at `from`: the next blank or line end, less trailing
 * separators (`password=x;`, `{pw: x}`). It also ends before `;`, `,` or `&` that starts another
 * assignment (`password=x&user=y`, `Pwd=x;Database=y`), and at the quote that opened the key
 * (`"token=x"`, `quote`: 0 none, 1-3 the quote of openQuoteBefore). A trailing closer goes too when the
 * value does not open it; the characters of that trailing run are all `,;)]}>`, so whether the value opens
 * a closer's bracket is whether one lies before the run.
 */
export function unquotedSecretEndAt(ix: ValueIndex, from: number, quote: number): number {
  const limit = Math.min(ix.n, from + UNQUOTED_MAX);
  let end = ix.first(BLANK_SEP, from, limit);
  if (quote !== 0) end = ix.first(QUOTE_CLASS[quote]!, from, end);
  if (end - 1 <= from || !ix.has(TRAILING, end - 1)) return end;
  const run = ix.last(TRAILING, from, end, true) + 1; // start of the trailing run of ,;)]}>
  let keep = Math.max(from + 1, run);
  if (run < end) {
    for (const [open, close] of OPENERS) {
      if (ix.count(open, from, Math.max(from, run)) === 0) continue;
      const last = ix.last(close, keep, end);
      if (last >= keep) keep = last + 1;
    }
  }
  return keep;
}

/** Where blanks after an offset end (one-entry memo: the values of a run of assignments share their end). */
let blanksFrom = -1;
let blanksTo = -1;
function afterBlanks(ix: ValueIndex, at: number): number {
  if (at === blanksFrom) return blanksTo;
  const text = ix.text;
  let i = at;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  ix.work.read += i - at;
  blanksFrom = at;
  blanksTo = i;
  return i;
}

/**
 * An unquoted value is code, not a literal, when it is followed on its line by an operator or separator
 * (`secrets: string[];`, `token = a || b`, `apiKey: provider ?? x`). Config values (.env, INI, YAML) end
 * at the line end or a comment.
 */
function followedByCodeAt(ix: ValueIndex, end: number): boolean {
  const i = afterBlanks(ix, end);
  return i < ix.n && ';,).[(?|<>+*=!:'.includes(ix.text[i]!);
}

/**
 * More words on the same line after an unquoted value: prose ("Password: reset it via the portal") or
 * a command line. Password-like keys accept plain words, so for them this means "not a literal";
 * token-like keys already need a random-looking value and keep it.
 */
function followedByWordsAt(ix: ValueIndex, end: number): boolean {
  const i = afterBlanks(ix, end);
  if (i === end || i >= ix.n) return false;
  const c = ix.text.charCodeAt(i);
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
}

/** True when the last non-blank character before `at` is `?`. */
function precededByQuestionMarkAt(ix: ValueIndex, at: number): boolean {
  const text = ix.text;
  let i = at - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  ix.work.read += at - 1 - i;
  return i >= 0 && text.charCodeAt(i) === 63;
}

/** One index, login-field list and set of entropy windows, reused by every scan (scans are never nested). */
const index = new ValueIndex();
const logins = new LoginFields();
/**
 * Entropy windows per way of finding the value end (bare value ended by each open quote, bare value of the
 * pattern, double, single and back quotes): along the text, each one's ends only move forward, nearly.
 */
const entropyWindows = Array.from({ length: 8 }, () => new EntropyWindow(index));

/** What the last site checked decided: a finding of class `cls` over [start, end) when score > 0. */
const verdict = { cls: 'secret' as KeyClass, start: 0, end: 0, score: 0 };

/**
 * A site is checked from scratch (regular expressions over its value, as first written) while the reading
 * that way stays within a budget: DIRECT_ALLOWANCE characters, plus one per character of the text passed;
 * beyond, a site asks the index. A check from scratch is counted as its pattern match, the line read back
 * for an open quote, DIRECT_SITE characters, and its value's length 24 times (the checks read it some
 * twenty times). Texts whose assignments are few for their length (nearly every text) keep the first
 * way, which the regular expression engine runs fast from the first call on; the index serves texts dense
 * with assignments, whose values overlap, and reading from scratch never exceeds about one character per
 * character of the text, plus the allowance.
 */
const DIRECT_ALLOWANCE = 8192;
const DIRECT_SITE = 256;

/**
 * Tries the assignment pattern only at the start of tokens that contain a key word, so the cost
 * follows the number of such words, not the size of the text. Values of URLs and other assignments
 * are covered too, because their inner key words (`?token=`) are sites of their own. What a site costs
 * does not follow the length of its value either where values crowd: those sites ask the index
 * (secrets-window.ts), so `token=` repeated to a megabyte, where each of 170,000 values runs over the next
 * 256 characters, costs about what a megabyte of prose does per site. `work` counts what was read;
 * `indexed` (tests) makes every site take one way (true: the index, false: from scratch).
 */
export function scanAssignments(text: string, out: TextMatch[], work: ScanWork = newWork(), indexed?: boolean): void {
  index.reset(text, work);
  logins.reset(text);
  lastKey = '';
  lastEntry = null;
  blanksFrom = -1;
  KEY_WORD_RE.lastIndex = 0;
  let lastTokenStart = -1;
  let coveredUntil = 0;
  let directRead = 0; // what the checks from scratch read (see DIRECT_ALLOWANCE)
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
    let found: boolean;
    if (indexed ?? directRead >= DIRECT_ALLOWANCE + start) found = indexedSite(index, start);
    else {
      const read = work.read;
      found = siteFromScratch(text, start, work);
      directRead += work.read - read;
    }
    if (!found || verdict.score === 0) continue;
    // A value that scores covers the sites inside it, also when it is the password of an anonymous login
    // and is not reported.
    coveredUntil = verdict.end;
    if (verdict.cls === 'password' && logins.near(verdict.start, verdict.end)) continue;
    out.push({
      type: verdict.cls === 'password' ? 'password' : 'generic_secret',
      start: verdict.start,
      end: verdict.end,
      score: verdict.score,
      detector: 'secrets',
    });
  }
}

/** The key of the last assignment and its entry, kept: dense texts repeat one key. */
let lastKey = '';
let lastEntry: KeyEntry | null = null;

function keyAt(text: string, start: number, keyEnd: number): KeyEntry | null {
  if (keyEnd - start !== lastKey.length || !text.startsWith(lastKey, start)) {
    lastKey = text.slice(start, keyEnd);
    lastEntry = keyEntry(lastKey);
  }
  return lastEntry;
}

/** The site at `start` checked through the index: sets `verdict`; false when the pattern does not match there. */
function indexedSite(ix: ValueIndex, start: number): boolean {
  if (!matchAssignment(ix, start)) return false;
  const text = ix.text;
  const { keyEnd, opStart, opEnd, group } = match;
  const valueStart = match.valueStart;
  let valueEnd = match.valueEnd;
  verdict.score = 0;
  const entry = keyAt(text, start, keyEnd);
  if (entry === null) return true;
  const cls = entry.cls;
  ix.work.sites++;
  const before = start > 0 ? text.charCodeAt(start - 1) : -1;
  let family = group + 1; // 4-6: quoted, 7: the bare value of the pattern; 0-3: below
  let unquoted = false;
  if (
    group === 6 &&
    cls !== 'key' &&
    before !== 63 &&
    before !== 38 &&
    before !== 92 &&
    text.charCodeAt(valueStart) !== 92
  ) {
    // A bare password or secret runs to the end of its word (see siteFromScratch).
    const quote = ix.openQuote(start, lineWindowStart(ix, start));
    valueEnd = unquotedSecretEndAt(ix, valueStart, quote);
    family = quote;
    unquoted = true; // unquotedSecretIsCode: checked with the value (scoreWin)
  } else if (
    group === 6 &&
    ix.count(LPAREN, valueStart, valueEnd) +
      ix.count(RPAREN, valueStart, valueEnd) +
      ix.count(LSQ, valueStart, valueEnd) +
      ix.count(RSQ, valueStart, valueEnd) +
      ix.count(LCURLY, valueStart, valueEnd) +
      ix.count(RCURLY, valueStart, valueEnd) >
      0
  )
    return true;
  if (group === 6 && followedByCodeAt(ix, valueEnd)) return true;
  const glued = opEnd - opStart === 1 && text.charCodeAt(opStart) === 61 && opStart === keyEnd && opEnd === valueStart;
  if (group === 6 && cls === 'password' && !glued && followedByWordsAt(ix, valueEnd)) return true;
  const sameQuote = (before === 34 && group === 3) || (before === 39 && group === 4) || (before === 96 && group === 5);
  if (sameQuote && !text.slice(keyEnd, opStart).includes(text[start - 1]!)) return true;
  if ((before === 34 || before === 39) && precededByQuestionMarkAt(ix, start - 1)) return true;
  const comparison = opEnd - opStart >= 2 && !text.startsWith(':=', opStart) && !text.startsWith('=>', opStart);
  verdict.score = scoreWin(
    ix,
    entropyWindows[family]!,
    entry.info,
    cls,
    valueStart,
    valueEnd,
    group !== 6,
    comparison,
    unquoted,
  );
  verdict.cls = cls;
  verdict.start = valueStart;
  verdict.end = valueEnd;
  return true;
}

// key, optional closing quote, operator, value (double, single, back-quoted or bare)
const ASSIGNMENT_RE =
  /(?<![\w.$@-])([A-Za-z_$@][\w.$@-]{0,80})(?:\\?["'])?\]?[ \t]{0,32}(===|!==|==|!=|:=|=>|=|:)[ \t]{0,32}(?:\\?"((?:[^"\n\\]|\\.){0,256})\\?"|'([^'\n]{0,256})'|`([^`\n]{0,256})`|([^\s"'`,;)}\]<>&?][^\s"'`,;)}\]<>&]{0,255}))/dg;
export const STICKY_ASSIGNMENT_RE = new RegExp(ASSIGNMENT_RE.source, 'dy');

/**
 * The site at `start` checked from scratch, as first written: the pattern, then each check reading the
 * value. Sets `verdict`; false when the pattern does not match there. Counts its reading in work.read (see
 * DIRECT_ALLOWANCE).
 */
function siteFromScratch(text: string, start: number, work: ScanWork): boolean {
  STICKY_ASSIGNMENT_RE.lastIndex = start;
  const m = STICKY_ASSIGNMENT_RE.exec(text);
  if (!m) return false;
  verdict.score = 0;
  work.read += m[0].length;
  const key = m[1]!;
  const cls = keyClass(key);
  if (!cls) return true;
  work.sites++;
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
    work.read += DIRECT_SITE + Math.min(start, UNQUOTED_MAX) + 24 * value.length;
    if (unquotedSecretIsCode(value)) return true;
  } else {
    work.read += DIRECT_SITE + 24 * value.length;
    if (group === 6 && /[[\](){}]/.test(value)) return true;
  }
  if (group === 6 && followedByCode(text, valueEnd)) return true;
  // `KEY=value` glued together is shell or env syntax even with words after it (`PGPASSWORD=x psql -h db`,
  // `DB_PASSWORD=x # comment`): prose writes `password: x` or `password is x`, not a glued `=`.
  const glued = m[2] === '=' && m.indices![2]![0] === start + key.length && m.indices![2]![1] === valueStart;
  if (group === 6 && cls === 'password' && !glued && followedByWords(text, valueEnd)) return true;
  // A key that opens a quoted string must close it before the operator ("password": "..."); when it
  // does not, and the value seems to start with the same quote, the key is text inside a string
  // ("Password:") and the "value" runs between two unrelated strings.
  // (The same holds for a Markdown code span: "`Password=` strings".)
  const opener = text[start - 1];
  const sameQuote =
    (opener === '"' && group === 3) || (opener === "'" && group === 4) || (opener === '`' && group === 5);
  if (sameQuote && !text.slice(start + key.length, m.indices![2]![0]).includes(opener)) return true;
  // A quoted string after `?` is the first branch of a conditional (`a ? 'password' : 'other'`), not a key.
  if ((opener === '"' || opener === "'") && precededByQuestionMark(text, start - 1)) return true;
  const comparison = m[2]!.length >= 2 && m[2] !== ':=' && m[2] !== '=>';
  verdict.score = scoreAssignment(key, cls, value, group !== 6, comparison);
  verdict.cls = cls;
  verdict.start = valueStart;
  verdict.end = valueEnd;
  return true;
}

/** True when the last non-blank character before `at` is `?`. */
export function precededByQuestionMark(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return i >= 0 && text[i] === '?';
}

/**
 * End of an unquoted password or secret that starts at `from`: the next blank or line end, less trailing
 * separators (`password=x;`, `{pw: x}`). It also ends before `;`, `,` or `&` that starts another
 * assignment (`password=x&user=y`, `Pwd=x;Database=y`), and at the quote that opened the key
 * (`"token=x"`).
 */
export function unquotedSecretEnd(text: string, from: number, quote: string): number {
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
    if (
      end - 1 > from &&
      (c === ',' || c === ';' || (opener !== undefined && !text.slice(from, end - 1).includes(opener)))
    )
      end--;
    else break;
  }
  return end;
}

/**
 * The quote still open on the line before `at` (`echo 'export PW=x' >> .env`, `"password=x"`): the value
 * of a key inside a string ends at that quote. Empty when none is open.
 */
export function openQuoteBefore(text: string, at: number): string {
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
export function unquotedSecretIsCode(value: string): boolean {
  if (looksLikeCode(value, false)) return true;
  if (/^[A-Za-z_][\w.]*\[.*\]$/.test(value) || /^[A-Za-z_][\w.]*<\w/.test(value)) return true;
  if (/(?:\[\]|\(\)|\{\})$/.test(value)) return true;
  // An expression the blank cut in two: a name and an index or call left open (`list[list.length`), a
  // type annotation closing a signature (`Buffer):`), a keyword closing a condition in minified code
  // (`null)throw`). Names have no digits; other unbalanced brackets belong to the password.
  if (
    !bracketsBalanced(value) &&
    ((EXPRESSION_CUT.test(value) && !/\d/.test(value)) || /^(?:null|undefined|true|false|this)\)/.test(value))
  )
    return true;
  // A regular expression literal (`/^[A-Za-z0-9._-]+$/u`).
  if (/^\/[[^(].*\/[dgimsuyv]*$/.test(value)) return true;
  // A negation (`!isHTML`, `!!match[7]`), a comment (`46/*.*/`) or a statement after `;` (`x;function`).
  if (/^!+[A-Za-z_$][\w$.]*$/.test(value.replace(/\[[^\]]*\]/g, '')) && !/\d/.test(value.replace(/\[[^\]]*\]/g, '')))
    return true;
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
export function followedByCode(text: string, end: number): boolean {
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
export function followedByWords(text: string, end: number): boolean {
  let i = end;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i > end && i < text.length && /[A-Za-z0-9]/.test(text[i]!);
}

/** Credentials written into commands and constructors: any literal counts, variables do not. */
export function scanCommandLines(text: string, out: TextMatch[]): void {
  for (const pattern of COMMAND_LINE_RES) {
    for (const m of text.matchAll(pattern)) {
      const value = m[1]!;
      if (isReference(value)) continue;
      const [s, e] = m.indices![1]!;
      report(text, out, 'password', s, e, 0.85);
    }
  }
}
