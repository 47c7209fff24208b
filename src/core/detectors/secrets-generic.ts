/**
 * Generic credential assignments: `password = "..."`, `api_key: ...`, `<add key="DbPassword" value="..."/>`,
 * "the password is '...'", credentials on a command line. This is what catches credentials that have no
 * provider prefix.
 *
 * This module is the entry point (scanGenericSecrets) and the forms other than `key = value`: setter
 * calls, Gradle fields, XML elements and settings, command-line flags, the password named in a sentence,
 * credentials in commands and constructors. The `key = value` assignments are read by
 * secrets-assignments.ts; which secret a key names and which values it takes, by secrets-keys.ts.
 */
import type { TextMatch } from './match.js';
import { lessSentencePeriod, literalAtStatementEnd, proseSites, scanAssignments } from './secrets-assignments.js';
import { keyEntry, scoreAssignment, type KeyClass } from './secrets-keys.js';
import {
  anonymousLoginNear,
  isReference,
  looksLikeCode,
  looksLikePlaceholder,
  notACredentialValue,
} from './secrets-values.js';

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

/** Words that prose puts after a flag to say what it is (`the --password option`). */
const FLAG_NOUNS = new Set([
  'option',
  'options',
  'flag',
  'flags',
  'argument',
  'arguments',
  'parameter',
  'parameters',
  'switch',
]);

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
/**
 * A token-like credential named in a sentence (session 30): "the api key is X", "my access token was X",
 * "the client secret is now: X", as support tickets and chats write them. The name is a token that ends
 * with its key word (`key`, `api_key`, `secret`, `client-secret`, `token`, `access_token`, ...), then
 * ` is` or ` was`, perhaps ` now`, perhaps a colon, one space and the value. Groups: the name,
 * the value. The scan does not run this over the text: it reads the sites scanAssignments found
 * (proseSites) with PROSE_TOKEN_AT.
 */
export const PROSE_TOKEN_RE = /(?<![\w.$@-])([A-Za-z_$@][\w.$@-]{0,80}) (?:is|was)(?: now)?:? ([^\s"'“”`]{12,200})/dg;
/** PROSE_TOKEN_RE's tail, from the end of the name: what follows a prose site. */
const PROSE_TOKEN_AT = / (?:is|was)(?: now)?:? ([^\s"'“”`]{12,200})/dy;
/** The names a prose token may have: the key word last, one word of a few before it. */
const PROSE_TOKEN_NAME = /^(?:(?:api|access|client|secret|auth|bearer|refresh|private)[_-]?)?(?:key|secret|token)$/i;

/**
 * The value of a prose token without the sentence's closing punctuation, and its score, or null: it must
 * be what the value of a key of that name must be (length, letters and digits, entropy; no placeholder,
 * reference or code) and read as a literal where a statement ends (literalAtStatementEnd: a letter and a
 * digit, no bracket, no name of words and a number), so "the token is expired", "the key is invalid" and "the secret is stored in Vault"
 * stay quiet.
 */
export function proseToken(name: string, raw: string): { value: string; score: number } | null {
  if (!PROSE_TOKEN_NAME.test(name)) return null;
  const value = raw.replace(/[.,;:?!)\]}]+$/, '');
  // a random token, not a name or type (TypeScript's `token is ArrowToken$1` type predicate)
  if (!literalAtStatementEnd(value)) return null;
  const cls = keyEntry(name)?.cls ?? null;
  if (cls === null || cls === 'password') return null;
  const score = scoreAssignment(name, cls, value, false);
  if (score === 0 || notACredentialValue(value, name, cls, false, false)) return null;
  return { value, score: Math.min(score, 0.7) };
}

/** Reports the prose tokens at the sites of the last scanAssignments (proseSites). */
function scanProseTokens(text: string, out: TextMatch[]): void {
  for (let k = 0; k < proseSites.length; k += 2) {
    PROSE_TOKEN_AT.lastIndex = proseSites[k + 1]!;
    const m = PROSE_TOKEN_AT.exec(text);
    if (m === null) continue;
    const found = proseToken(text.slice(proseSites[k]!, proseSites[k + 1]!), m[1]!);
    if (found === null) continue;
    const s = m.indices![1]![0];
    report(text, out, 'secret', s, s + found.value.length, found.score);
  }
}

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
  if (score === 0 || notACredentialValue(m[2]!, m[1]!, cls, true, false)) return;
  const [s, e] = m.indices![2]!;
  report(text, out, cls, s, e, score);
}

/** Scans for generic assignments and command-line credentials; appends matches of type `generic_secret`/`password`. */
export function scanGenericSecrets(text: string, lower: string, out: TextMatch[]): void {
  if (COMMAND_KEYWORDS.some((k) => lower.includes(k))) scanCommandLines(text, out);
  if (!GENERIC_KEYWORDS.some((k) => lower.includes(k))) return;
  scanAssignments(text, out);
  scanProseTokens(text, out);
  // Setter calls, Gradle fields and XML elements all capture (key name, value): one scoring path.
  const pairs = lower.includes('(') ? [...text.matchAll(CALL_PAIR_RE)] : [];
  if (lower.includes('buildconfigfield') || lower.includes('resvalue')) pairs.push(...text.matchAll(GRADLE_FIELD_RE));
  if (lower.includes('</')) pairs.push(...text.matchAll(XML_ELEMENT_RE));
  for (const m of pairs) pushKeyValue(text, m, out);
  if (lower.includes('--') || /(?:^|\s)-[a-z]/.test(lower)) {
    for (const m of text.matchAll(CLI_FLAG_RE)) {
      const cls = keyEntry(m[1]!)?.cls ?? null;
      if (!cls || cls === 'key') continue;
      const [s, e0] = m.indices![3]!;
      // unquoted, it ends before a sentence's period (`run it with --password=X.`)
      const e = m[2] === '' ? lessSentencePeriod(text, s, e0) : e0;
      const value = text.slice(s, e);
      if (isReference(value)) continue;
      // "the --username and --password options": prose naming the flag, not a command giving it a value
      if (m[2] === '' && FLAG_NOUNS.has(value.toLowerCase())) continue;
      const score = scoreAssignment(m[1]!, cls, value, m[2] !== '');
      if (score === 0 || notACredentialValue(value, m[1]!, cls, m[2] !== '', false)) continue;
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

/** Credentials written into commands and constructors: any literal counts, variables do not. */
export function scanCommandLines(text: string, out: TextMatch[]): void {
  for (const pattern of COMMAND_LINE_RES) {
    for (const m of text.matchAll(pattern)) {
      const value = m[1]!;
      if (isReference(value)) continue;
      const [s, e] = m.indices![1]!;
      // (a value ending the command's sentence, `curl -u bob:X.`, ends before its period)
      report(text, out, 'password', s, lessSentencePeriod(text, s, e), 0.85);
    }
  }
}
