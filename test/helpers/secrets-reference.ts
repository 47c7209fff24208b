/**
 * The reference the assignment-site tests compare with: the generic secret rules (src/core/detectors/
 * secrets-generic.ts), the value heuristics they call (secrets-values.ts) and Shannon entropy (checksums.ts)
 * exactly as they were before the assignment sites were indexed (commit 2e02af6), each site checking its
 * value candidate from scratch; and a scanner that runs them where the production scanner runs its
 * generic rules (the catalogue, folding and wrapped-line joining are the production modules: unchanged).
 * Copied, not imported, so the production code can change while this stays what it was.
 */
import type { TextMatch } from '../../src/core/detectors/match.js';
import { resolveOverlaps } from '../../src/core/detectors/match.js';
export { shannonEntropy } from '../../src/core/detectors/checksums.js';
import { shannonEntropy } from '../../src/core/detectors/checksums.js';
import { SECRET_FAMILIES, SECRET_RULES, type SecretRule } from '../../src/core/detectors/secrets-catalogue.js';
import { scanFolded } from '../../src/core/detectors/pii-fold.js';
import { joinWrappedSecrets } from '../../src/core/detectors/secrets-wrapped.js';


// shannonEntropy (checksums.ts) is not part of what changed: the reference uses the product's own.

// ---- secrets-values.ts ----

const REFERENCE_MARKERS = ['${', '{{', '#{', '<%', '$(', 'ENV[', 'env.', 'process.env', 'os.environ', 'getenv', 'System.getenv', '&lt;', '&gt;', 'secrets.'];

const PLACEHOLDER_WORDS = new Set([
  'null', 'none', 'nil', 'undefined', 'true', 'false', 'password', 'passwd', 'passphrase', 'token', 'string', 'str',
  'required', 'optional', 'empty', 'default', 'value', 'example', 'sample', 'placeholder', 'redacted', 'hidden', 'masked', 'changeit_here',
  'xxx', 'todo', 'tbd', 'fixme', 'replace_me', 'replaceme', 'dummy', 'apikey', 'api_key', 'key', 'secretkey', 'secret_key',
  'accesstoken', 'access_token', 'private', 'public', 'bearer', 'basic', 'auth', 'credentials', 'credential',
  'text', 'number', 'integer', 'boolean', 'object', 'array', 'function', 'symbol', 'bigint',
]);

/**
 * True when `value` is a variable reference or template rather than a literal: `$VAR`, `%VAR%`,
 * `${...}`, `{{...}}`, `#{...}`, `<%= ... %>`, `%(name)s`, `process.env.X`. Used on its own by
 * structural rules (connection strings, command lines) where any literal counts, even a weak one.
 */
export function isReference(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (v[0] === '$' || /^%\w+%$/.test(v)) return true;
  for (const marker of REFERENCE_MARKERS) if (v.includes(marker)) return true;
  if (/%\(\w+\)[sd]/.test(v) || /\$[A-Z_][A-Z0-9_]{2,}/.test(v)) return true;
  if (/^[<[{(].*[>\]})]$/s.test(v)) return true;
  return false;
}

/** True when `value` is a template, variable reference, placeholder or code rather than a literal secret. */
export function looksLikePlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (isReference(v)) return true;
  if (/^your[_-]|^<|^\*+$|^x{3,}$|^\.{3,}$/i.test(v)) return true;
  if (PLACEHOLDER_WORDS.has(v.toLowerCase().replace(/[\s:]+$/, ''))) return true;
  if (distinctChars(v) <= 2) return true;
  if (looksSequential(v)) return true;
  return false;
}

/**
 * Alphabet or keyboard walks used as fake values ("abcdefg12346", "a1b2c3d4e5f6", "d4c3b2a1"): most
 * neighbouring characters differ by one, in the whole value or in its letters or digits alone.
 */
export function looksSequential(value: string): boolean {
  if (isAscii(value)) return asciiSequential(value);
  const alnum = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  const letters = alnum.replace(/[0-9]/g, '');
  // Hex values draw letters from a-f only, where neighbours often differ by one by chance.
  const candidates = /^[0-9a-f]*$/.test(alnum) ? [alnum] : [alnum, letters, alnum.replace(/[a-z]/g, '')];
  for (const seq of candidates) {
    const pairs = seq.length - 1;
    if (pairs < 6) continue;
    let steps = 0;
    for (let i = 1; i < seq.length; i++) {
      const d = Math.abs(seq.charCodeAt(i) - seq.charCodeAt(i - 1));
      if (d === 1 || (d === 9 && /\d/.test(seq[i]!))) steps++;
    }
    if (steps / pairs >= 0.6) return true;
  }
  return false;
}

/** True when `value` reads like source code (a call, a member path, a concatenation, a selector, a route). */
export function looksLikeCode(value: string, quoted: boolean): boolean {
  const v = value.trim();
  if (/[A-Za-z_\]]\(/.test(v) || /\$\w+\[/.test(v) || /^\.\$/.test(v)) return true;
  if (/^arn:/.test(v) || (v.match(/:/g)?.length ?? 0) >= 3) return true;
  if (/^[#.][A-Za-z-]/.test(v) && !quoted) return true;
  if (/^#[a-z][\w-]*$/.test(v)) return true; // CSS id selector used as a value
  if (/^\/[\w-]+\/|^\w+(?:\/[\w-]+)+#\w+$/.test(v)) return true; // routes and controller#action
  if (/:$/.test(v) && /^[A-Z][a-z ]+:$/.test(v)) return true; // a UI label such as "Password:"
  if (/^--?[a-z]/.test(v)) return true; // a command-line flag named in prose or docs
  if (!quoted) {
    // `$name` is a variable, also inside a word as a shell expands it (`pre$fix`); `Pa$$w0rd`, `Summer2024$` are literals.
    if (/(?<!\$)\$[A-Za-z_{(]/.test(v) || /^[[<{(]/.test(v)) return true;
    if (/^(?:[a-z]+|[A-Z][a-z]+)(?:[A-Z][a-z]+)+$/.test(v)) return true; // camelCase identifier: a variable
    if (/^[A-Za-z_]\w*(?:\??\.\w+)+$/.test(v) && !/\d/.test(v)) return true; // member access: env.SECRET, opts?.password
    if (/^[A-Z][A-Z0-9_]*_(?:PASSWORD|SECRET|TOKEN|KEY)$/.test(v)) return true; // constant name
    if (/^(?:new|this|self|function|class|typeof|void|async|yield|lambda|await|require|import)\b/.test(v)) return true;
  }
  return false;
}

/** Words that name a password field. */
const PASSWORD_FIELD_NAMES = new Set(['pass', 'password', 'passwd', 'pwd', 'pw', 'passphrase', 'passcode']);

/**
 * True when `value` is nothing but the name of a password field ("pass", "password", "PASSWD"): the
 * field's name written where its value goes (`redis://user:pass@localhost`), as documentation does.
 * A weak word that is not the field's name ("secret", "letmein") is still a literal password.
 */
export function namesPasswordField(value: string): boolean {
  return PASSWORD_FIELD_NAMES.has(value.trim().toLowerCase());
}

/** Words that name a credential, when they stand as a whole word of an identifier. */
const CREDENTIAL_WORDS = new Set(['secret', 'secrets', 'token', 'tokens', 'key', 'keys', 'apikey', 'credential', 'credentials', 'password', 'passwd', 'passphrase']);

/**
 * True when `value` is an identifier spelled in camelCase or PascalCase words ("SuperSecretToken",
 * "myApiKey", "DemoPassword1") one of which names a credential: it names a secret rather than holding
 * one. Random tokens do not split into such words: after the first, every word is a capital followed by
 * lower-case letters only, with at most a short number at the end.
 */
export function camelNamesASecret(value: string): boolean {
  const v = value.trim();
  if (v.length > 64 || !/^(?:[a-z]{2,}|[A-Z][a-z]+)(?:[A-Z][a-z]+){1,5}\d{0,4}$/.test(v)) return false;
  for (const word of v.match(/[A-Z]?[a-z]+/g) ?? []) if (CREDENTIAL_WORDS.has(word.toLowerCase())) return true;
  return false;
}

// A user-name field and its value (`user = "anonymous"`, `User ID=anonymous`, `login: deploy`).
const LOGIN_FIELD_RE = /(?<![A-Za-z])(?:user(?:[ _]?(?:name|id))?|login|uid)["'\]]?[ \t]{0,4}(?:=>|=|:)[ \t]{0,4}["']?([^\s"'`;,&)]{1,64})/gi;
/** How far around a password the user-name field of the same login is looked for. */
const LOGIN_WINDOW = 240;

/**
 * True when the login that a password at [start, end) belongs to is the anonymous account: its user-name
 * field - the last one before the password within a few lines, else the first one after it - says
 * "anonymous" (a field of another login does not count). By convention (RFC 1635, anonymous FTP) that
 * account's password is an arbitrary ident such as an e-mail address, published in code and docs, not a
 * secret.
 */
export function anonymousLoginNear(text: string, start: number, end: number): boolean {
  const from = Math.max(0, start - LOGIN_WINDOW);
  const window = text.slice(from, Math.min(text.length, end + LOGIN_WINDOW));
  let before: string | undefined; // the last user-name field before the password
  let after: string | undefined; // else the first one after it
  LOGIN_FIELD_RE.lastIndex = 0;
  for (let m = LOGIN_FIELD_RE.exec(window); m !== null; m = LOGIN_FIELD_RE.exec(window)) {
    if (from + m.index < start) before = m[1];
    else if (from + m.index >= end && after === undefined) after = m[1];
  }
  return (before ?? after ?? '').toLowerCase() === 'anonymous';
}

/** Number of distinct characters (Set size). */
export function distinctChars(value: string): number {
  if (isAscii(value)) {
    // A bit per ASCII code instead of a Set of one-character strings.
    const seen = [0, 0, 0, 0];
    let n = 0;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      const bit = 1 << (c & 31);
      if ((seen[c >>> 5]! & bit) === 0) {
        seen[c >>> 5]! |= bit;
        n++;
      }
    }
    return n;
  }
  return new Set(value).size;
}

function isAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) >= 128) return false;
  return true;
}

/** Where looksSequential reads an ASCII value's alphanumerics (scratch, reused: never nested). */
let ALNUM = new Int32Array(256);

/**
 * looksSequential of an ASCII value without the lower-cased copies: its letters and digits (letters lower
 * case) read in place, and the three sequences it judges (all of them, the letters, the digits) walked
 * from that one list. The same steps and the same ratios.
 */
function asciiSequential(value: string): boolean {
  if (ALNUM.length < value.length) ALNUM = new Int32Array(value.length);
  let n = 0;
  let hex = true;
  for (let i = 0; i < value.length; i++) {
    let c = value.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      ALNUM[n++] = c;
      if (c > 102) hex = false;
    }
  }
  // 0: every alphanumeric, 1: the letters, 2: the digits (hex values: the first alone).
  for (let kind = 0; kind < (hex ? 1 : 3); kind++) {
    let length = 0;
    let steps = 0;
    let previous = -1;
    for (let i = 0; i < n; i++) {
      const c = ALNUM[i]!;
      const digit = c <= 57;
      if ((kind === 1 && digit) || (kind === 2 && !digit)) continue;
      if (length > 0) {
        const d = Math.abs(c - previous);
        if (d === 1 || (d === 9 && digit)) steps++;
      }
      previous = c;
      length++;
    }
    const pairs = length - 1;
    if (pairs < 6) continue;
    if (steps / pairs >= 0.6) return true;
  }
  return false;
}

/** Shannon entropy threshold check with a length-aware floor (short random strings have low entropy). */
export function randomEnough(value: string, bitsPerChar: number): boolean {
  const needed = value.length < 12 ? bitsPerChar - 0.6 : value.length < 20 ? bitsPerChar - 0.3 : bitsPerChar;
  return shannonEntropy(value) >= needed;
}

/** True when `value` mixes at least two of: lower case, upper case, digits, symbols. */
export function mixedClasses(value: string): boolean {
  let classes = 0;
  if (/[a-z]/.test(value)) classes++;
  if (/[A-Z]/.test(value)) classes++;
  if (/\d/.test(value)) classes++;
  if (/[^A-Za-z0-9]/.test(value)) classes++;
  return classes >= 2;
}

const BASE64_CHARS = /^[A-Za-z0-9+/_-]+=*$/;

/** Decodes standard or URL-safe base64 to a binary string, or null when it is not base64. */
export function decodeBase64(value: string): string | null {
  const v = value.trim();
  if (v.length < 4 || !BASE64_CHARS.test(v)) return null;
  const std = v.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const padded = std + '='.repeat((4 - (std.length % 4)) % 4);
  try {
    return atob(padded);
  } catch {
    return null;
  }
}

// ---- secrets-generic.ts ----

export type KeyClass = 'password' | 'secret' | 'key';

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
export function precededByQuestionMark(text: string, at: number): boolean {
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
    if (end - 1 > from && (c === ',' || c === ';' || (opener !== undefined && !text.slice(from, end - 1).includes(opener)))) end--;
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
  if (!bracketsBalanced(value) && ((EXPRESSION_CUT.test(value) && !/\d/.test(value)) || /^(?:null|undefined|true|false|this)\)/.test(value))) return true;
  // A regular expression literal (`/^[A-Za-z0-9._-]+$/u`).
  if (/^\/[[^(].*\/[dgimsuyv]*$/.test(value)) return true;
  // A negation (`!isHTML`, `!!match[7]`), a comment (`46/*.*/`) or a statement after `;` (`x;function`).
  if (/^!+[A-Za-z_$][\w$.]*$/.test(value.replace(/\[[^\]]*\]/g, '')) && !/\d/.test(value.replace(/\[[^\]]*\]/g, ''))) return true;
  return value.includes('/*') || /;(?:function|var|let|const|return|if|for|while|class|new|throw)\b/.test(value);
}

const EXPRESSION_CUT = /^[A-Za-z_$][\w$]*(?:\??\.[\w$]+)*(?:[[(][A-Za-z_$][\w$.]*|[)\]}]+:?)$/;

/** True when every (, [ and { in `value` is closed, in order. */
export function bracketsBalanced(value: string): boolean {
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

// ---- secrets.ts (the scanner, with the generic rules above) ----

/** PEM blocks are reported from the BEGIN line through the END line, capped so a missing END stays cheap. */
const PEM_MAX = 16384;

function pemSpan(text: string, start: number, headerEnd: number): number {
  const end = text.indexOf('-----END', headerEnd);
  if (end !== -1 && end - start < PEM_MAX) {
    const close = text.indexOf('-----', end + 8);
    if (close !== -1 && close - end < 60) return close + 5;
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
function puttySpan(text: string, headerEnd: number): number {
  const limit = Math.min(text.length, headerEnd + PEM_MAX);
  // "Private-Lines: 14": with its count (code that writes such files concatenates the count instead).
  const linesAt = /Private-Lines:[ \t]{0,4}\d/.exec(text.slice(headerEnd, limit));
  if (linesAt === null) return -1;
  const lines = headerEnd + linesAt.index;
  const lineEnd = (from: number): number => {
    let i = from;
    while (i < limit && text[i] !== '\n' && text[i] !== '\r') i++;
    return i;
  };
  const mac = text.indexOf('Private-MAC:', lines);
  if (mac !== -1 && mac < limit) return lineEnd(mac);
  let end = lineEnd(lines);
  const count = Math.min(Number(/^Private-Lines:\s*(\d{1,4})/.exec(text.slice(lines, lines + 24))?.[1] ?? 0), 200);
  for (let n = 0; n < count && end < limit; n++) end = lineEnd(end + (text.startsWith('\r\n', end) ? 2 : 1));
  return end;
}

function runRule(rule: SecretRule, text: string, out: TextMatch[]): void {
  // exec() on the prepared regex (matchAll would clone it on every call).
  const pattern = rule.pattern;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (m[0].length === 0) pattern.lastIndex++;
    const g = rule.group ?? 0;
    const span = m.indices?.[g];
    if (!span) continue;
    const start = span[0];
    let end = span[1];
    const secret = text.slice(start, end);
    if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) continue;
    let score = rule.score;
    if (rule.check) {
      score = rule.check(secret, m);
      if (score <= 0) continue;
    }
    if (rule.id === 'private_key' && secret.startsWith('-----BEGIN')) {
      if (!pemHasBody(text, end)) continue;
      end = pemSpan(text, start, end);
    } else if (rule.id === 'private_key' && secret.startsWith('PuTTY-User-Key-File-')) {
      end = puttySpan(text, end);
      if (end === -1) continue;
    }
    out.push({ type: rule.id, start, end, score, detector: 'secrets' });
  }
}

/**
 * Prepares a scanner. `families` limits the catalogue (default: all families, including `generic`
 * assignments and `infrastructure` identifiers such as ARNs and bucket hosts). Unknown family names are
 * returned in `unknownFamilies`.
 */
export function prepareReferenceSecretScanner(opts: { families?: readonly string[] } = {}): { scan(text: string): TextMatch[] } {
  const requested = opts.families ?? SECRET_FAMILIES;
  const families = SECRET_FAMILIES.filter((f) => requested.includes(f));
  const unknownFamilies = requested.filter((f) => !(SECRET_FAMILIES as readonly string[]).includes(f));
  const rules = SECRET_RULES.filter((r) => families.includes(r.family));
  const generic = families.includes('generic');
  // One pass over the lower-cased text finds every keyword present (longest first, so a short keyword
  // cannot hide a longer one at the same offset); rules whose keywords are absent are skipped.
  const allKeywords = [...new Set(rules.flatMap((r) => r.keywords))].sort((a, b) => b.length - a.length);
  const keywordRe = new RegExp(allKeywords.map((k) => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'g');
  // keyword -> indices of the rules it switches on (a keyword also switches on its own prefixes' rules).
  const rulesOf = new Map<string, number[]>();
  for (const k of allKeywords) {
    const ids: number[] = [];
    rules.forEach((r, i) => {
      if (r.keywords.some((rk) => rk === k || k.startsWith(rk))) ids.push(i);
    });
    rulesOf.set(k, ids);
  }
  const alwaysOn = rules.map((r, i) => (r.keywords.length === 0 ? i : -1)).filter((i) => i >= 0);
  const rulesToRun = (lower: string): Uint8Array => {
    const on = new Uint8Array(rules.length);
    for (const i of alwaysOn) on[i] = 1;
    keywordRe.lastIndex = 0;
    for (let m = keywordRe.exec(lower); m !== null; m = keywordRe.exec(lower)) {
      for (const i of rulesOf.get(m[0]) ?? []) on[i] = 1;
      // Keywords can overlap ("sk" inside "sk-ant-"); step one char so shorter ones are seen too.
      keywordRe.lastIndex = m.index + 1;
    }
    return on;
  };
  void unknownFamilies;
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
