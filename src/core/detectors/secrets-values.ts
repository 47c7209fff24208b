/**
 * Value heuristics shared by the secrets rules: what a real credential value looks like, and what a
 * placeholder, a variable reference or a piece of code looks like. These are what let the generic
 * `password = ...` / `api_key: ...` rules report hard-coded values and stay quiet on templates.
 */
import { shannonEntropy } from './checksums.js';

/** A fetch request's `credentials` modes: the value of a key ending in `credentials` that is no secret. */
export const FETCH_CREDENTIALS_MODES: ReadonlySet<string> = new Set(['omit', 'same-origin', 'include']);
/** A value that is words run together as an identifier (`getApiKey`, `#passwordField`): code, not a secret. */
export const IDENTIFIER_WORDS = /^[?#@$]?(?:[a-z]{3,}|[A-Z][a-z]{2,})(?:[A-Z][a-z]+){0,5}[A-Z][a-z]{2,}$/;

export const REFERENCE_MARKERS = [
  '${',
  '{{',
  '#{',
  '<%',
  '$(',
  'ENV[',
  'env.',
  'process.env',
  'os.environ',
  'getenv',
  'System.getenv',
  '&lt;',
  '&gt;',
  'secrets.',
];

const PLACEHOLDER_WORDS = new Set([
  'null',
  'none',
  'nil',
  'undefined',
  'true',
  'false',
  'password',
  'passwd',
  'passphrase',
  'token',
  'string',
  'str',
  'required',
  'optional',
  'empty',
  'default',
  'value',
  'example',
  'sample',
  'placeholder',
  'redacted',
  'hidden',
  'masked',
  'changeit_here',
  'xxx',
  'todo',
  'tbd',
  'fixme',
  'replace_me',
  'replaceme',
  'dummy',
  'apikey',
  'api_key',
  'key',
  'secretkey',
  'secret_key',
  'accesstoken',
  'access_token',
  'private',
  'public',
  'bearer',
  'basic',
  'auth',
  'credentials',
  'credential',
  'text',
  'number',
  'integer',
  'boolean',
  'object',
  'array',
  'function',
  'symbol',
  'bigint',
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
  if (isFormatString(v)) return true;
  if (/^[<[{(].*[>\]})]$/s.test(v)) return true;
  return false;
}

/** The placeholder words by length (all ASCII: lower case). */
const PLACEHOLDER_BY_LENGTH: string[][] = [];
for (const w of PLACEHOLDER_WORDS) (PLACEHOLDER_BY_LENGTH[w.length] ??= []).push(w);

/**
 * PLACEHOLDER_WORDS.has(text.slice(a, e).toLowerCase()) without the copies: ASCII compared in place. Only
 * two characters from U+0080 on lower-case to something with an ASCII letter (U+212A to `k`, U+0130 to `i`
 * and U+0307; checked over every code point), so a word has the slice's length: a slice with such a
 * character is lowered as it was.
 */
export function isPlaceholderWordAt(text: string, a: number, e: number): boolean {
  const words = PLACEHOLDER_BY_LENGTH[e - a];
  if (words === undefined) return false;
  for (let i = a; i < e; i++)
    if (text.charCodeAt(i) >= 128) return PLACEHOLDER_WORDS.has(text.slice(a, e).toLowerCase());
  for (const w of words) {
    let i = 0;
    for (; i < w.length; i++) {
      const c = text.charCodeAt(a + i);
      if ((c >= 65 && c <= 90 ? c + 32 : c) !== w.charCodeAt(i)) break;
    }
    if (i === w.length) return true;
  }
  return false;
}

/** Longest value isFormatString reads (format strings for a credential are short: `%s`, `%s:%s`). */
export const FORMAT_STRING_MAX = 16;

/**
 * printf conversions and separators only (`user_pass = '%s:%s' % (user, password)`): a format string,
 * filled in later, not a literal. At most FORMAT_STRING_MAX characters.
 */
export function isFormatString(v: string): boolean {
  return v.length <= FORMAT_STRING_MAX && /%[sdr]/.test(v) && !/[A-Za-z0-9]/.test(v.replace(/%[sdr]/g, ''));
}

/** Length of the longest placeholder word. */
export const PLACEHOLDER_WORD_MAX = Math.max(...[...PLACEHOLDER_WORDS].map((w) => w.length));

/**
 * True when `value` spells out a placeholder: `your_...`, `<...>`, a mask (`****`, `xxx`, `...`) or a
 * placeholder word (`replace_me`, `example`, `null`, ...).
 */
export function spellsPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (/^your[_-]|^<|^\*+$|^x{3,}$|^\.{3,}$/i.test(v)) return true;
  return PLACEHOLDER_WORDS.has(v.toLowerCase().replace(/[\s:]+$/, ''));
}

/** True when `value` is a template, variable reference, placeholder or code rather than a literal secret. */
export function looksLikePlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0 || isReference(v) || spellsPlaceholder(v)) return true;
  if (distinctChars(v) <= 2) return true;
  if (looksSequential(v)) return true;
  return false;
}

/** Fewest fill-in characters that make a catalogue value a template (see filledTemplate). */
const FILL_MIN = 12;
/** Most other letters and digits a template may keep beside its fill-in characters (`api03`, `v1`). */
const FILL_OTHERS_MAX = 6;

/**
 * A provider value whose random part is written out with a fill-in character, as documentation and
 * templates write a credential (`sk_live_xxxxxxxxxxxxxxxxxxxxxxxx`, `AKIAXXXXXXXXXXXXXXXX`,
 * `xoxb-xxxxxxxxxxx-xxxxxxxxxxxx-xxxx`, `dop_v1_000...`): after the rule's keyword at the start of the value
 * (its fixed prefix, when a keyword is one), at least FILL_MIN of the letters and digits are one fill-in
 * character - `x` in either case, or `0` - and at most FILL_OTHERS_MAX (and fewer than half) are anything
 * else, the other fill-in character included (a value filled with zeros in some groups and x in others is
 * left to its format's rules). Separators (`-`, `_`, `.`, ...) are not counted. A random body holds twelve
 * fill-in characters next to at most six others less than once in 10^10 values (hex, where `0` is one of
 * 16 characters; base62 with `x` and `X`: once in 10^13), so no issued credential is taken for a template.
 * Other repeated characters (`aaaa...`) are not fill-in characters: the format's own rules decide those.
 */
export function filledTemplate(value: string, keywords: readonly string[]): boolean {
  let from = 0;
  for (const k of keywords) {
    if (k.length > from && value.length > k.length && value.slice(0, k.length).toLowerCase() === k) from = k.length;
  }
  let xs = 0;
  let zeros = 0;
  let alnum = 0;
  for (let i = from; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x78 || c === 0x58) xs++;
    else if (c === 0x30) zeros++;
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) {
      // (more than FILL_OTHERS_MAX characters that are neither x nor 0: no template, whatever follows)
      if (++alnum - xs - zeros > FILL_OTHERS_MAX) return false;
    }
  }
  const fill = Math.max(xs, zeros);
  const others = alnum - fill;
  return fill >= FILL_MIN && others <= FILL_OTHERS_MAX && others * 2 < fill;
}

/**
 * A value of a catalogue rule written as a fill-in instruction instead of a credential: it spells a
 * placeholder (spellsPlaceholder; references such as `${...}` are left to each rule, since a password hash
 * starts with `$`), or, for a machine-made credential, `your` is one of its words
 * (`REPLACE_WITH_YOUR_SECRET`, `s.your-vault-token`, `xoxb-your-token-here`): tokens and keys are drawn at
 * random and hold no words set off by separators. A password a person chose may hold the word and keeps it.
 * Alphabet walks and repeated characters are not turned away here: providers' documentation examples have
 * those shapes, and a value with the exact shape of a credential is treated as one.
 */
export function catalogueFillIn(value: string, machineMade: boolean): boolean {
  return spellsPlaceholder(value) || (machineMade && /(?:^|[_.-])your(?:[_.-]|$)/i.test(value));
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
    // a PowerShell cmdlet whose output is assigned (`$pw = ConvertTo-SecureString "..." -AsPlainText`,
    // `$cred = Get-Credential`): the verbs that make or read a value, then a capitalised noun
    if (/^(?:Get|Read|New|ConvertTo|ConvertFrom|Import|Invoke|Select|Resolve)-[A-Z][A-Za-z]{2,40}$/.test(v))
      return true;
  }
  return false;
}

/**
 * A signed request's credential scope (`<access id>/<yyyymmdd>/<region>/<service>/aws4_request`, or
 * `goog4_request` for Google Cloud Storage), as AWS SigV4 and GCS V4 signed URLs carry it in
 * `X-Amz-Credential` / `X-Goog-Credential` (slashes perhaps percent-encoded): an identity (an access key
 * id or a service account's e-mail address) and the scope of a signature, no secret. The access key id in
 * it is still reported by its own rule (aws_access_key), as anywhere else.
 */
const CREDENTIAL_SCOPE_RE =
  /^[^\s/%]+(?:%40[^\s/%]+)?(?:\/|%2F)\d{8}(?:\/|%2F)[A-Za-z0-9-]{1,40}(?:\/|%2F)[A-Za-z0-9-]{1,40}(?:\/|%2F)(?:aws4|goog4)_request$/i;
/** A version or a version range (`^4.0.0`, `~1.2`, `>=2.1.0-rc.1`, `v1.2.3`): a dependency map's value. */
const VERSION_RE =
  /^(?:[\^~]|[<>]=?|=)?v?\d{1,9}(?:\.(?:\d{1,9}|[xX*])){1,3}(?:-[0-9A-Za-z.-]{1,64})?(?:\+[0-9A-Za-z.-]{1,64})?$/;
/** A CSS colour (`#AB0909`, `#fff`): a theme's value for a key such as `Token.String`. */
const HEX_COLOUR_RE = /^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;
/** Pieces of regular-expression syntax that no token, key or client secret holds. */
const REGEX_SYNTAX_RE = /\(\?[:=!<]|\[\^|\\[dwsbDWSB]/;

/**
 * True when `value` is a file path rather than the secret itself: it starts at the root, the home or the
 * current directory (`/run/secrets/db`, `~/.ssh/id_rsa`, `./certs/key.pem`), or it is path segments whose
 * last one has a file extension (`bin/secretlint.js`, `keys/server.key`). Tokens with slashes (base64) have
 * no dots, and tokens with dots (JWTs) no slashes.
 */
function looksLikeFilePath(v: string): boolean {
  if (!/^[~\w./-]+$/.test(v)) return false;
  if (/^(?:~|\.{1,2})?\/[\w.-]/.test(v)) return true;
  const slash = v.lastIndexOf('/');
  return slash > 0 && /^[\w-][\w.-]*\.[A-Za-z][A-Za-z0-9]{0,5}$/.test(v.slice(slash + 1));
}

/** The last member of a dotted name, lower case (`win32api.RegEnumKey` -> `regenumkey`). */
const lastMember = (name: string): string => name.slice(name.lastIndexOf('.') + 1).toLowerCase();

/**
 * Values that the checks by key class let through but that hold no credential whatever their key says
 * (the last check of every generic form, applied to the value that would be reported; `key` as written):
 * - unquoted, a name or an expression rather than a literal: the operand of a comparison
 *   (`token == Literal`, `if password != confirm:`; only a quoted literal compared with a secret-named
 *   variable is that secret), a scope or a symbol (`AsmToken::TokenKind`, `key::ecdsa-sha2-nistp256`, Ruby's
 *   `token: :bearer`), an expression that the quote around the key cut open (`data['password'] != data[`,
 *   `typing.Union[`), the value of an attribute of `self`/`this` or of a Ruby instance variable
 *   (`self.passwd = password_mgr`), a name for the key itself (`RegEnumKey = win32api.RegEnumKey`), a
 *   number of compact JSON that runs into the next member (`"completion_tokens":456,"total_tokens":579`);
 * - a number with digit separators (`1_000_000`);
 * - a signed request's credential scope (CREDENTIAL_SCOPE_RE), a version range, a file path, a private
 *   class named after a credential (`_RSAPrivateKey`);
 * - for token-like keys (`cls` secret or key): a value with non-ASCII characters (a translation: tokens,
 *   keys and client secrets are ASCII; passwords need not be), an unquoted value holding a quote, `<`, `>`
 *   or `|` (code or markup the value ran into), a single capitalised word (`token = Keyword`,
 *   `:param token: Unicode Bearer token` - one capital at the start is not a mixed-case token), a CSS colour,
 *   a lexer's token kind after a sigil (`?NoLineTerminatorHere`) and regular-expression syntax
 *   (`IPV4_PAT = r"(?:[0-9]{1,3}\.){3}..."`).
 */
export function notACredentialValue(
  value: string,
  key: string,
  cls: 'password' | 'secret' | 'key',
  quoted: boolean,
  comparison: boolean,
): boolean {
  const v = value.trim();
  if (!quoted) {
    if (comparison || /^(?:self\.|this\.|@)/.test(key)) return true;
    if (/^:[A-Za-z_]/.test(v) || /^[A-Za-z_][\w.]*[[({]$/.test(v)) return true;
    if (/^[A-Za-z_][\w.]*$/.test(v) && lastMember(v) === lastMember(key)) return true;
    // compact JSON the blank-free value ran into (`"completion_tokens":456,"total_tokens":579`)
    if (/[,{]"[\w.-]{1,64}":/.test(v)) return true;
  }
  // a number with digit separators (`token_budget: 1_000_000`)
  if (/^\d{1,3}(?:_\d{3})+$/.test(v)) return true;
  if (CREDENTIAL_SCOPE_RE.test(v) || VERSION_RE.test(v) || looksLikeFilePath(v)) return true;
  // a private class named after a credential (`private_key: "_RSAPrivateKey"`, a Python annotation)
  if (v.startsWith('_') && camelNamesASecret(v.replace(/^_{1,2}/, ''))) return true;
  if (cls === 'password') return false;
  if (!isAscii(v)) return true;
  // Unquoted, a quote, back-quote, `<`, `>`, `|` or `?` is syntax: the blank-free run of minified code or
  // markup after the key (`e[e.EndOfFileToken=1]="EndOfFileToken",...`, `{token:a})=>\`...`, `tokens: true</code>`,
  // `_.token=132,_.transformFlags|=4`, `c.token=_??118,...`, ABNF's `token = 1*<any CHAR>`). Tokens, keys and
  // client secrets are drawn from base64, hex and the like (Django's key characters included), which hold none
  // of these; passwords may, and keep them.
  if (!quoted) {
    if (/["'`<>|?]/.test(v)) return true;
    // the type of a parameter in a signature (`privateKey: asn1.Asn1): rsa.PrivateKey;`): a member path
    // closed by `)`; an ABNF repetition of a rule (`token = 1*tchar`, RFC 9110): a count, `*` and a rule name
    if (/^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+\)[:;,]?$/.test(v) || /^\d*\*\d*[A-Za-z][A-Za-z-]{0,31}$/.test(v)) return true;
  }
  return /^[A-Z][a-z]+$/.test(v) || HEX_COLOUR_RE.test(v) || /^\?[A-Za-z]+$/.test(v) || REGEX_SYNTAX_RE.test(v);
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
const CREDENTIAL_WORDS = new Set([
  'secret',
  'secrets',
  'token',
  'tokens',
  'key',
  'keys',
  'apikey',
  'credential',
  'credentials',
  'password',
  'passwd',
  'passphrase',
]);

/**
 * True when `value` is an identifier spelled in camelCase or PascalCase words ("SuperSecretToken",
 * "myApiKey", "DemoPassword1", "RSAPrivateKey" after an acronym) one of which names a credential: it names a secret rather than holding
 * one. Random tokens do not split into such words: after the first, every word is a capital followed by
 * lower-case letters only, with at most a short number at the end.
 */
export function camelNamesASecret(value: string): boolean {
  const v = value.trim();
  if (v.length > 64 || !/^(?:[a-z]{2,}|[A-Z][a-z]+|[A-Z]{2,5}(?=[A-Z][a-z]))(?:[A-Z][a-z]+){1,5}\d{0,4}$/.test(v))
    return false;
  for (const word of v.match(/[A-Z]?[a-z]+/g) ?? []) if (CREDENTIAL_WORDS.has(word.toLowerCase())) return true;
  return false;
}

// A user-name field and its value (`user = "anonymous"`, `User ID=anonymous`, `login: deploy`).
const LOGIN_FIELD_RE =
  /(?<![A-Za-z])(?:user(?:[ _]?(?:name|id))?|login|uid)["'\]]?[ \t]{0,4}(?:=>|=|:)[ \t]{0,4}["']?([^\s"'`;,&)]{1,64})/gi;
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

const LOGIN_FIELD_STICKY = new RegExp(LOGIN_FIELD_RE.source, 'iy');
/** Where a user-name field can start: its word (any case). */
const LOGIN_WORD_RE = /user|login|uid/gi;

/** A user-name field matched at an offset: its end and its value. */
interface LoginField {
  end: number;
  value: string;
}

/**
 * anonymousLoginNear for the passwords of one text. Each call reads a window of some 500 characters with
 * LOGIN_FIELD_RE; a text that is mostly passwords (`pw=Xk9mQ2vL ` repeated) would read each character a
 * hundred times. After a few calls, the words a field starts with are listed once for the whole text,
 * the field matched at each is kept, and a call walks the listed words of its window only, as the window's
 * own search would meet them (a match there is the match on the text, except at the window's first
 * character, where the look-behind sees nothing, and where the text's match runs past the window's end:
 * those two are matched again on the window).
 */
export class LoginFields {
  private text = '';
  private calls = 0;
  private words: Int32Array | null = null;
  /** Per listed word: end of the field matched there on the text (-1 none, -2 not matched yet), and its value. */
  private ends: Int32Array | null = null;
  private values: string[] = [];

  reset(text: string): void {
    this.text = text;
    this.calls = 0;
    this.words = null;
    this.ends = null;
    this.values = [];
  }

  /** anonymousLoginNear(text, start, end) */
  near(start: number, end: number): boolean {
    const text = this.text;
    if (++this.calls <= 8) return anonymousLoginNear(text, start, end);
    if (this.words === null) {
      const at: number[] = [];
      LOGIN_WORD_RE.lastIndex = 0;
      for (let m = LOGIN_WORD_RE.exec(text); m !== null; m = LOGIN_WORD_RE.exec(text)) at.push(m.index);
      this.words = Int32Array.from(at);
      this.ends = new Int32Array(at.length).fill(-2);
    }
    const words = this.words;
    const from = Math.max(0, start - LOGIN_WINDOW);
    const to = Math.min(text.length, end + LOGIN_WINDOW);
    let lo = 0;
    let hi = words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (words[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    let before: string | undefined;
    let after: string | undefined;
    let next = from; // where the window's search goes on
    for (let k = lo; k < words.length && words[k]! < to; k++) {
      const p = words[k]!;
      if (p < next) continue;
      const e = this.fieldEnd(k, p, from, to);
      if (e < 0) continue;
      if (p < start) before = this.edgeValue ?? this.values[k];
      else if (p >= end) {
        after = this.edgeValue ?? this.values[k];
        break;
      }
      next = e;
    }
    return (before ?? after ?? '').toLowerCase() === 'anonymous';
  }

  /** The value of the last field fieldEnd matched on the window itself (at its edges), else undefined. */
  private edgeValue: string | undefined;

  /** End of the field that the window [from, to)'s search matches at the k-th word (at p), or -1. */
  private fieldEnd(k: number, p: number, from: number, to: number): number {
    this.edgeValue = undefined;
    if (p > from) {
      let e = this.ends![k]!;
      if (e === -2) {
        const f = matchField(this.text, p);
        e = f === null ? -1 : f.end;
        this.ends![k] = e;
        if (f !== null) this.values[k] = f.value;
      }
      if (e <= to) return e;
    }
    // A field is at most 86 characters long; the look-behind reads one before it (nothing at the window's start).
    const s = p > from ? p - 1 : p;
    const f = matchField(this.text.slice(s, Math.min(to, p + 96)), p - s);
    if (f === null) return -1;
    this.edgeValue = f.value;
    return f.end + s;
  }
}

function matchField(text: string, p: number): LoginField | null {
  LOGIN_FIELD_STICKY.lastIndex = p;
  const m = LOGIN_FIELD_STICKY.exec(text);
  return m === null ? null : { end: p + m[0].length, value: m[1]! };
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
