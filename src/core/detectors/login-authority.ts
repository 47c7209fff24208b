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
