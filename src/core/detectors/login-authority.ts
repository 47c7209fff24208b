/**
 * A login written without a scheme, `user:password@host[:port]` (`admin:s3cret@db.example.com:5432`, as
 * people paste a database login into a chat, and as .pgpass-like and proxy settings lines hold it): the
 * secrets scanner reports the password (`connection_string`). The email reader of PII still reads
 * `password@host` as an address, on purpose: dlp's detect_secrets is off unless a pack turns it on, and
 * under the seed pack that reading is what keeps the password from the provider (its label is wrong; a
 * leak would be worse).
 *
 * Without a scheme the shape also matches text that is no login, so it counts as one only when:
 * - the user starts with a letter and is not a label or a URI scheme that writes an address after a colon
 *   (`Email:jane@example.com`, `mailto:`, `sip:`, `xmpp:`, `acct:` ...); a time (`10:30@venue.example`)
 *   starts with a digit;
 * - the host is a plausible host: `localhost`, an IPv4 address, or a dotted name whose last label is 2 to
 *   24 letters; a single-label host (`db`) only with a port (`admin:pw@db:5432`; `node:20@sha256:...`, an
 *   image digest, has none);
 * - the password is not a placeholder, a reference, a mask or the field's name (`user:pass@host`);
 * - the password holds a digit or a character an address's local part has not (`s3cret`, `hunter!`), or
 *   a port, an IP address or localhost follows: `Bob:jane.doe@example.com` reads as a name and an address.
 * The scp / git form (`git@github.com:org/repo`) and `ssh user@host` have no colon before the '@' and are
 * not of this shape.
 */
import { looksLikePlaceholder, namesPasswordField } from './secrets-values.js';

/** Labels and colon-terminated URI schemes that write an address, not a password, after the colon. */
const ADDRESS_LABELS = new Set([
  'mailto',
  'email',
  'e-mail',
  'mail',
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'sender',
  'contact',
  'author',
  'by',
  'name',
  'owner',
  're',
  'fw',
  'fwd',
  'sip',
  'sips',
  'xmpp',
  'acct',
  'im',
  'pres',
  'maintainer',
  'committer',
  'reviewer',
  'assignee',
  'reporter',
]);

/** Characters of a user name in this form. */
export const isLoginUserCode = (c: number): boolean =>
  (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 46 || c === 95 || c === 45;

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;
const DOTTED_HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,126}[A-Za-z]{2,24}$/;
const SINGLE_LABEL = /^[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** A password character an address's local part has not (see the module comment), or a digit. */
const NOT_NAME_LIKE = /[^A-Za-z._-]/;

/**
 * Whether `user:password@host` (with `port`, the digits after the host's ':', or undefined) reads as a
 * schemeless login (see the module comment). `host` may end in the '.' or '-' of the sentence.
 */
export function readsAsSchemelessLogin(
  user: string,
  password: string,
  host: string,
  port: string | undefined,
): boolean {
  if (user.length === 0 || !/^[A-Za-z]/.test(user) || ADDRESS_LABELS.has(user.toLowerCase())) return false;
  if (password.length === 0 || /[\s:/@'"`<>]/.test(password)) return false;
  // `user:pass@host`, `admin:<password>@db`, `root:****@host`: documentation's layout, no password.
  if (looksLikePlaceholder(password) || namesPasswordField(password) || /^[*x#]+$/i.test(password)) return false;
  const h = host.replace(/[.-]+$/, '');
  const ip = h.toLowerCase() === 'localhost' || IPV4.test(h);
  if (!ip && !DOTTED_HOST.test(h) && !(port !== undefined && SINGLE_LABEL.test(h))) return false;
  return ip || port !== undefined || NOT_NAME_LIKE.test(password);
}

/** The port after a host ending at `e` (`:5432`, 1 to 5 digits not followed by a letter or digit), or undefined. */
export function portAfter(text: string, e: number): string | undefined {
  if (text.charCodeAt(e) !== 58) return undefined;
  let k = e + 1;
  while (k < text.length && k - e <= 6 && text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57) k++;
  if (k === e + 1 || k - e > 6) return undefined;
  const c = text.charCodeAt(k);
  // A letter, digit or '_' after the digits makes them no port ('.' and '-' may be the sentence's).
  return k < text.length && ((isLoginUserCode(c) && c !== 46 && c !== 45) || c >= 128)
    ? undefined
    : text.slice(e + 1, k);
}

/**
 * Where the password of a schemeless login starts when [s, e) was read as the address `password@host`
 * and the password holds characters an address's local part has not (`admin:hunter!2@db.example.com`:
 * the local part read is `2`), else `s`. The PII email reader then takes the whole password, so that none
 * of it reaches the provider (and none is left for a later step to half-read). At most 128 units back.
 */
export function loginPasswordStart(text: string, s: number, at: number, e: number): number {
  let k = s;
  for (; k > 0 && s - k < 64; k--) {
    const c = text.charCodeAt(k - 1);
    if (c === 58) break;
    // What ends a password in this form (readsAsSchemelessLogin refuses these in one).
    if (c <= 32 || c === 47 || c === 64 || c === 39 || c === 34 || c === 96 || c === 60 || c === 62) return s;
  }
  if (k === s || k === 0 || text.charCodeAt(k - 1) !== 58) return s;
  const colon = k - 1;
  let u = colon;
  while (u > 0 && colon - u < 64 && isLoginUserCode(text.charCodeAt(u - 1))) u--;
  // The user is a whole word: not the end of a path, an address or a longer token.
  if (u > 0 && !/[\s([{<"'`,;=]/.test(text[u - 1]!)) return s;
  return readsAsSchemelessLogin(text.slice(u, colon), text.slice(k, at), text.slice(at + 1, e), portAfter(text, e))
    ? k
    : s;
}
