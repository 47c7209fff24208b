/**
 * The key side of the generic credential rules (secrets-generic.ts), shared by every form they read: the
 * key names the kind of secret; the value must look like a literal (not a placeholder, a variable
 * reference or code) and, for token-like keys, be random enough. keyClass says which kind a key names
 * (or none), keyEntry keeps that per key with what the key says about its value (KeyFacts, for the checks
 * over a window), and scoreAssignment judges a value by the kind of its key.
 */
import {
  camelNamesASecret,
  FETCH_CREDENTIALS_MODES,
  IDENTIFIER_WORDS,
  looksLikeCode,
  looksLikePlaceholder,
  mixedClasses,
  namesPasswordField,
  randomEnough,
} from './secrets-values.js';
import type { KeyInfo } from './secrets-window.js';

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
  // how passwords are stored, not one (PostgreSQL's `password_encryption = scram-sha-256`, a `password_encoder`)
  'encryption',
  'encoder',
  'encoding',
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
  'event',
  'stdin',
  'env',
  'command',
  'cmd',
  'prompt',
  'manager',
  'helper',
  // where a token or key sits in a text or a tree (a lexer's `tokenStart`, a parser's `privateKeyLoc`,
  // YAML's `keyTag`, `key_node`), and why or in which state it is (`MediaKeySessionClosedReason`)
  'loc',
  'pos',
  'position',
  'start',
  'end',
  'offset',
  'node',
  'tag',
  'tags',
  'reason',
  'status',
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

/** Words of a key that make its token a place in a listing (pagination, sync), not a credential. */
const LISTING_POSITION = new Set(['page', 'next', 'continuation', 'cursor', 'sync', 'resume']);
/** Words of a key that make its `key` a published key or the name of a record. */
const NOT_A_SECRET_KEY = new Set([
  'public',
  'publishable',
  'idempotency',
  'partition',
  'sort',
  'primary',
  'foreign',
  'dedup',
  'deduplication',
  'routing',
  'translation',
  'i18n',
]);

/** A word that can name a credential somewhere in a key (the assignment scan's sites are where one is). */
export const KEY_WORD = /pass|pwd|secret|token|key|credential|auth|crumb|pw|pat/i;

/** Classifies an assignment key by the kind of secret it names, or null when it names none. */
export function keyClass(key: string): KeyClass | null {
  // "password@localhost" in `postgres://user:password@localhost:5432/db`: the user-info of a URL (or an
  // address) runs into the host, and the port and path after its colon are no value. (The URL's password
  // is the connection-string rule's.) A leading '@' (an annotation, `@Password`) is part of a name.
  if (key.indexOf('@', 1) !== -1) return null;
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
  // "Token.String", "tokenData.cidr_whitelist", "ExtendedKeyUsageOID.OCSP_SIGNING": a member path names what
  // its last member holds; the objects before it say where (`spring.datasource.password`, `db.pass` do name one).
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
  const name = key.lastIndexOf('.') + 1;
  if (FUNCTION_FIRST.has(key.charCodeAt(name)) && FUNCTION_NAME_RE.test(key.slice(name))) return null;
  // "pass" alone is usually pass/fail; it names a password as the last word (db_pass, smtpPass) or as PASS.
  const passWord = last === 'pass' && (parts.length > 1 || key === 'PASS' || key === 'Pass');
  if (passWord || parts.some(namesPassword)) return 'password';
  // "pageToken", "nextPageToken", "continuation_token", "sync_token": a position in a listing, which an
  // API hands to whoever lists (tool results are full of them), not a credential.
  if (parts.some((p) => LISTING_POSITION.has(p))) return null;
  // "tokenizer", "detokenize", "tokenization": a text tokenizer's setting, not a token.
  if (parts.some(namesSecret)) return 'secret';
  const keyAt = parts.indexOf('key');
  // "keyId", "signing_key_id", "localKeyIdHex": the identifier of a key, published beside it, not the key.
  if (keyAt >= 0 && parts.slice(keyAt + 1).some((p) => p === 'id' || p === 'ids')) return null;
  // "public_key", "publishable_key", "idempotency_key", "partition_key": keys that are
  // published or that name a record, not keys that open anything.
  if (keyAt >= 0 && parts.some((p) => NOT_A_SECRET_KEY.has(p))) return null;
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
