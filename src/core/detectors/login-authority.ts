/**
 * A login written without a scheme, `user:password@host[:port]` (`admin:s3cret@db.example.com:5432`, as
 * people paste a database login into a chat, and as .pgpass-like and proxy settings lines hold it). One
 * decision for both readers of such text: the secrets scanner reports the password (`connection_string`),
 * and the email reader of PII does not claim `password@host` as an address.
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
