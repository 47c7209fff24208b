/**
 * Value heuristics shared by the secrets rules: what a real credential value looks like, and what a
 * placeholder, a variable reference or a piece of code looks like. These are what let the generic
 * `password = ...` / `api_key: ...` rules report hard-coded values and stay quiet on templates.
 */
import { shannonEntropy } from './checksums.js';

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
