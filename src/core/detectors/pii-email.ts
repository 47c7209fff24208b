/**
 * The email recognizer (see pii-recognizers.ts): addresses found outwards from each '@', ASCII or
 * internationalised, less the logins written like addresses (URL userinfo, the scp / git form, the target
 * of an ssh-like command). A module of its own because nothing else reads text this way: its character
 * tables, domain rules and the forward-only cursors of LoginLookback serve emails alone.
 */
import { isAlnumCode } from './pii-context.js';
import { push, type Recognizer } from './pii-recognizers.js';
import { loginPasswordStart } from './login-authority.js';

/** ASCII membership tables (one code unit each): local part [A-Za-z0-9._%+'-], domain [A-Za-z0-9.-]. */
const LOCAL_CHARS = new Uint8Array(128);
const DOMAIN_CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  LOCAL_CHARS[c] = alnum || "._%+'-".includes(String.fromCharCode(c)) ? 1 : 0;
  DOMAIN_CHARS[c] = alnum || c === 46 || c === 45 ? 1 : 0;
}
/**
 * Internationalised addresses (RFC 6531 local parts, IDN domains) hold letters, marks and digits of any
 * script: `müller@beispiel.de`, `josé.garcía@empresa.es`, `info@münchen.de`. Scripts written without
 * spaces (Han, kana, Thai, ...) are left out: there the letters around an address are the sentence
 * (`请联系john@example.com获取`), not the address.
 */
const INTL_UNIT = /[\p{L}\p{M}\p{N}]/u;
const NO_SPACE_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
function isIntlUnit(c: number): boolean {
  if (c < 0xc0 || (c >= 0xd800 && c <= 0xdfff)) return false;
  const ch = String.fromCharCode(c);
  return INTL_UNIT.test(ch) && !NO_SPACE_SCRIPT.test(ch);
}
const isLocalChar = (c: number): boolean => (c < 128 ? LOCAL_CHARS[c] === 1 : isIntlUnit(c));
const isDomainChar = (c: number): boolean => (c < 128 ? DOMAIN_CHARS[c] === 1 : isIntlUnit(c));
const isAsciiDomainChar = (c: number): boolean => c < 128 && DOMAIN_CHARS[c] === 1;

/**
 * Emails are found from each '@' outwards (at most 64 chars of local part, 253 of domain), which is
 * linear in the input, unlike a left-anchored regex retried at every start offset. An '@' written as
 * '%40' (an address percent-encoded in a URL's query or path, `?email=jane%40example.com`, as request logs
 * and tool arguments carry it) counts as one: the address is reported with its encoded '@'.
 */
export const scanEmails: Recognizer = (text, out) => {
  let nextSign = text.indexOf('@');
  let nextEncoded = text.indexOf(ENCODED_AT);
  let floor = 0;
  // The end of the last '%40' read: the local part of an encoded address does not run back over it (an
  // encoded '@' is no local-part character), so a run of them costs one step each, not 64.
  let encodedFloor = 0;
  const before = new LoginLookback(text);
  while (nextSign !== -1 || nextEncoded !== -1) {
    const encoded = nextEncoded !== -1 && (nextSign === -1 || nextEncoded < nextSign);
    const at = encoded ? nextEncoded : nextSign;
    const domain = at + (encoded ? ENCODED_AT.length : 1);
    let s = at;
    let percent = false;
    const lowest = encoded ? Math.max(floor, encodedFloor) : floor;
    if (encoded) encodedFloor = domain;
    while (s > lowest && at - s < 64 && isLocalChar(text.charCodeAt(s - 1))) {
      s--;
      if (text.charCodeAt(s) === 37) percent = true;
    }
    if (percent && encoded) s = afterEncodedSeparator(text, s, at);
    while (s < at && (text[s] === '.' || text[s] === "'")) s++;
    if (s === at) {
      // No local part (`@scope/package`, `@param`, a lone '@'): no address. The domain it would have is
      // not read either: it holds no '@' nor '%', so the next candidate is the next '@' or '%40' anyway.
      if (nextSign !== -1 && nextSign <= at) nextSign = text.indexOf('@', at + 1);
      if (nextEncoded !== -1 && nextEncoded <= at) nextEncoded = text.indexOf(ENCODED_AT, at + 1);
      continue;
    }
    let e = domainEnd(text, domain, isDomainChar);
    // A domain that is not valid with the letters after it may be an ASCII one glued to a word.
    if (!domainValidAt(text, domain, e)) e = domainEnd(text, domain, isAsciiDomainChar);
    // Or one with a number glued to its end (`jane@example.com4111111111111111`, a form's fields pasted
    // without their separators): a top-level label holds no digit, so the address ends before it.
    if (!domainValidAt(text, domain, e)) e = beforeGluedDigits(text, domain, e);
    // Or the local part of a next address glued to it (`jane@example.comjohn@example.org`).
    if (text.charCodeAt(e) === 64 && domainValidAt(text, domain, e)) e = beforeGluedAddress(text, domain, e);
    if (
      s < at &&
      !hasDoubleDot(text, s, at) &&
      domainValidAt(text, domain, e) &&
      !isLoginNotEmail(text, s, e, before.at(s))
    ) {
      push(out, 'email', encoded ? s : loginPasswordStart(text, s, at, e), e, 0.9);
      floor = e;
    }
    const next = Math.max(at + 1, e);
    if (nextSign !== -1 && nextSign < next) nextSign = text.indexOf('@', next);
    if (nextEncoded !== -1 && nextEncoded < next) nextEncoded = text.indexOf(ENCODED_AT, next);
  }
};

/**
 * Whether an address scanEmails finds in `text` can cover or touch [from, to) (given as the end points of
 * a span; what lies between them counts whatever it is). An address is a stretch of local-part and domain
 * characters around its '@' or '%40', so it lies in the stretch of those characters, '@' and any non-ASCII
 * unit through the span's neighbours: without an '@' or a '%40' there, nothing is found that reaches it.
 */
export function emailCanReach(text: string, from: number, to: number): boolean {
  let a = from;
  let b = to;
  while (a > 0 && isEmailUnit(text.charCodeAt(a - 1))) a--;
  while (b < text.length && isEmailUnit(text.charCodeAt(b))) b++;
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c === 64 || (c === 37 && text.startsWith('40', i + 1))) return true;
  }
  // The whole password of a schemeless login is taken with its address (loginPasswordStart): one with
  // characters no local part has (`admin:hunter!2@db.example.com`) reaches back over them to its ':'.
  for (let i = to, n = Math.min(text.length, to + 64); i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 64) return true;
    if (c <= 32 || c === 47 || c === 39 || c === 34 || c === 96 || c === 60 || c === 62) break;
  }
  return false;
}

/** A unit an address can hold (a superset: every non-ASCII unit counts). */
function isEmailUnit(c: number): boolean {
  return c >= 128 || c === 64 || LOCAL_CHARS[c] === 1;
}

/** The percent-encoded '@'. */
const ENCODED_AT = '%40';

/**
 * The start of the local part text[s, at) of an address whose '@' is encoded, once the percent-encoded
 * ASCII characters that are not local-part characters are left out: in an encoded URL, `%20`, `%3A`,
 * `%2F`, `%3D` ... are the spaces, colons, slashes and '=' before the address (`by%20%40nicolas.example`
 * holds no address; `to%3Ajane%40example.com` is `jane%40example.com`), while `%2B` ('+') and the UTF-8
 * bytes of a letter (`%C3%A9`) stay in it. With a plain '@' the text is not encoded, and a '%' there is
 * the address's own.
 */
function afterEncodedSeparator(text: string, s: number, at: number): number {
  let start = s;
  for (let i = s; i + 2 < at; i++) {
    if (text.charCodeAt(i) !== 37) continue;
    const code = hexValue(text.charCodeAt(i + 1)) * 16 + hexValue(text.charCodeAt(i + 2));
    if (code >= 0 && code < 128 && LOCAL_CHARS[code] !== 1) start = i + 3;
  }
  return start;
}

/** The value of a hex digit, or -256 (a negative code whatever the other digit) for another character. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 32;
  return lower >= 97 && lower <= 102 ? lower - 87 : -256;
}

/** End of the domain candidate that starts at `from`: domain characters, less trailing '.' and '-'. */
function domainEnd(text: string, from: number, isChar: (c: number) => boolean): number {
  let e = from;
  while (e < text.length && e - from < 253 && isChar(text.charCodeAt(e))) e++;
  while (e > from && (text[e - 1] === '.' || text[e - 1] === '-')) e--;
  return e;
}

/** Characters of a URL's userinfo (RFC 3986: unreserved, pct-encoded, sub-delims and ':'). */
const USERINFO_CHARS = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%!$&'()*+,;=:")
  USERINFO_CHARS[c.charCodeAt(0)] = 1;
/** How far back from a candidate's local part the userinfo of a URL is looked for. */
const USERINFO_REACH = 256;
/** A path after `user@host:` in the scp / git form (`git@github.com:acme/repo.git`). */
const SCP_PATH_START = /[\w~./-]/;
/** `ssh user@host`, `sftp -P 2222 user@host`: a login command (with options) right before the candidate. */
const LOGIN_COMMAND_BEFORE =
  /(?:^|[\s`'"(;|&$])(?:ssh|sftp|scp|mosh|autossh)(?:\s+-{1,2}[A-Za-z][\w-]*(?:[ =](?!-)[^\s@]+)?)*\s+$/;

/** The login commands LOGIN_COMMAND_BEFORE names, one of which its match must contain ('autossh' holds 'ssh'). */
const LOGIN_COMMANDS = ['ssh', 'sftp', 'scp', 'mosh'];

/**
 * What isLoginNotEmail reads before a candidate, kept as cursors that only move forward: a candidate's
 * local part starts after the previous candidate's '@', so the starts increase. Looking back from each
 * candidate instead (up to 256 characters of userinfo, the line up to 128 characters back, and a regex
 * over that line) made 150k short addresses cost ~50 ms a megabyte.
 */
export class LoginLookback {
  /** The last character before `checked` that cannot be in a URL's userinfo (-1: none). */
  private notUserinfo = -1;
  private checked = 0;
  /** The last newline before the current candidate, and the next one after it (-2: not looked for yet). */
  private newline = -1;
  private nextNewline = -2;
  /** Where holdsCommand has read to, and the start of the last command it found there (-1: none). */
  private commandsRead = 0;
  private lastCommand = -1;

  /** The last candidate asked about: the cursors are valid for it and the ones after it. */
  private last = 0;

  constructor(private readonly text: string) {}

  /** Moves to candidate `s`; a candidate before the last one (never seen) starts the cursors over. */
  at(s: number): this {
    if (s < this.last) {
      this.notUserinfo = -1;
      this.checked = 0;
      this.newline = -1;
      this.nextNewline = -2;
      this.commandsRead = 0;
      this.lastCommand = -1;
    }
    this.last = s;
    return this;
  }

  /** Start of the userinfo-character run that ends at `s`, at most `reach` characters back. */
  userinfoStart(s: number, reach: number): number {
    const text = this.text;
    // Characters more than `reach` back do not matter.
    let i = Math.max(this.checked, s - reach);
    for (; i < s; i++) {
      const c = text.charCodeAt(i);
      if (c >= 128 || USERINFO_CHARS[c] !== 1) this.notUserinfo = i;
    }
    this.checked = Math.max(this.checked, s);
    return Math.max(s - reach, this.notUserinfo + 1, 0);
  }

  /** Start of the line `s` is on, at most `reach` characters back. */
  lineStart(s: number, reach: number): number {
    const floor = Math.max(0, s - reach);
    // Newlines before `floor` do not matter: the search jumps there instead of stepping through every line
    // of a document whose addresses are far apart (or reading a text for its first line break when no
    // candidate ever asks).
    if (this.nextNewline !== -1 && this.nextNewline < floor) {
      this.newline = -1;
      this.nextNewline = this.text.indexOf('\n', floor);
    }
    while (this.nextNewline !== -1 && this.nextNewline < s) {
      this.newline = this.nextNewline;
      this.nextNewline = this.text.indexOf('\n', this.newline + 1);
    }
    return Math.max(floor, this.newline + 1);
  }

  /**
   * Whether text[from, to) holds one of LOGIN_COMMANDS whole (from and to only grow between calls). The
   * text is read once: each call reads on from where the last one stopped (less the three characters a
   * command could start in and end past it), never more than the line; an indexOf per command instead
   * read a whole megabyte of docs for commands no address was near (2.6 ms).
   */
  holdsCommand(from: number, to: number): boolean {
    const text = this.text;
    for (let i = Math.max(from, this.commandsRead - 3); i < to; i++) {
      const c = text.charCodeAt(i);
      // Every command starts with 's' or 'm'.
      if (c !== 115 && c !== 109) continue;
      for (const command of LOGIN_COMMANDS)
        if (i + command.length <= to && text.startsWith(command, i)) this.lastCommand = i;
    }
    if (to > this.commandsRead) this.commandsRead = to;
    return this.lastCommand >= from;
  }
}

/**
 * True when the candidate text[s, e) is a login rather than an email: the userinfo of a URL
 * (`postgres://admin:S3cr3t@db.example.com`, `https://user@host`), the scp / git form `user@host:path`
 * or the target of an ssh-like command (`ssh ubuntu@ec2-...`). A URL's password there is a
 * credential for the secrets scanner, not an email to redact.
 */
export function isLoginNotEmail(text: string, s: number, e: number, before: LoginLookback): boolean {
  // URL userinfo: userinfo characters back to '://' after a scheme.
  const u = before.userinfoStart(s, USERINFO_REACH);
  // u stops at the '/' of '://'; the scheme before it starts with a letter.
  if (u >= 3 && text.charCodeAt(u - 1) === 47 && text.charCodeAt(u - 2) === 47 && text.charCodeAt(u - 3) === 58) {
    let k = u - 3;
    while (k > 0 && /[A-Za-z0-9+.-]/.test(text[k - 1]!)) k--;
    if (k < u - 3 && /[A-Za-z]/.test(text[k]!)) return true;
  }
  // scp / git: 'user@host:path' with a path (no further '@' in it: 'a@x.com:b@y.com' is a list).
  if (e + 1 < text.length && text.charCodeAt(e) === 58 && SCP_PATH_START.test(text[e + 1]!)) {
    let k = e + 1;
    const end = Math.min(text.length, e + 1 + USERINFO_REACH);
    while (k < end && !/\s/.test(text[k]!) && text.charCodeAt(k) !== 64) k++;
    if ((k >= end || text.charCodeAt(k) !== 64) && looksLikePath(text, e + 1, k)) return true;
  }
  // ssh-like command: look at the same line, at most 128 characters back. The pattern ends in
  // whitespace and names a command: without both, it cannot match.
  const lineStart = before.lineStart(s, 128);
  if (s <= lineStart || !/\s/.test(text[s - 1]!) || !before.holdsCommand(lineStart, s)) return false;
  return LOGIN_COMMAND_BEFORE.test(text.slice(lineStart, s));
}

/**
 * Whether text[from, to), what follows 'user@host:', is a path as scp, rsync and git write one: it holds a
 * '/' or a '~' (`acme/repo.git`, `~/data`, `/srv/backups/`), or names a file (`dump.sql`, `.env`: a '.'
 * before a letter or digit). A port (`jane@mail.example.com:587`) or a word glued on by the sentence
 * (`write to jane@example.com:thanks`) is none, and the address before it is an email.
 */
function looksLikePath(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 47 || c === 126) return true;
    if (c === 46 && i + 1 < to && isAlnumCode(text.charCodeAt(i + 1))) return true;
  }
  return false;
}

/**
 * The end of the domain text[from, to) cut before the digits glued to its last label (`example.com4111`:
 * before the '4'), when that leaves a valid domain; else `to`.
 */
function beforeGluedDigits(text: string, from: number, to: number): number {
  let dot = to - 1;
  while (dot > from && text.charCodeAt(dot) !== 46) dot--;
  if (dot <= from) return to;
  let k = dot + 1;
  while (k < to && (text.charCodeAt(k) | 32) >= 97 && (text.charCodeAt(k) | 32) <= 122) k++;
  return k < to && isDigitCode(text.charCodeAt(k)) && domainValidAt(text, from, k) ? k : to;
}

/**
 * Top-level labels common enough to tell where a domain ends when the next address's local part is glued
 * to it, longest first (`comjohn` is `com` + `john`, not `co` + `mjohn`).
 */
export const GLUE_TLDS = (
  'online,email,cloud,store,info,mobi,name,site,tech,biz,com,edu,gov,int,mil,net,org,pro,xyz,' +
  'ai,app,au,br,ca,cc,ch,cn,co,de,dev,es,eu,fr,in,io,it,jp,me,nl,nz,ru,se,tv,uk,us'
)
  .split(',')
  .sort((a, b) => b.length - a.length);
/** GLUE_TLDS by the code of their first letter (longest first still). */
const GLUE_TLDS_BY_FIRST: readonly (readonly string[])[] = Array.from({ length: 128 }, (_, c) =>
  GLUE_TLDS.filter((tld) => tld.charCodeAt(0) === c),
);

/**
 * The end of the domain text[from, to) of an address followed at `to` by the '@' of another one whose
 * local part is glued to it (`jane@example.comjohn@example.org`, two addresses pasted without their
 * separator): the domain ends after the known top-level label at the start of its last label that holds
 * more (`com` of `comjohn`), looked for from the right (`example.comjohn.smith` ends at `com`). With no
 * known one it ends after the first two letters of its last label: the two addresses are then found side
 * by side, so both are redacted whole whichever split is right. `to` when the text after the '@' is no
 * domain or no split leaves a valid domain and a local part.
 */
function beforeGluedAddress(text: string, from: number, to: number): number {
  if (!domainValidAt(text, to + 1, domainEnd(text, to + 1, isAsciiDomainChar))) return to;
  let fallback = -1;
  for (let end = to; end > from;) {
    let dot = end - 1;
    while (dot > from && text.charCodeAt(dot) !== 46) dot--;
    if (dot <= from) break;
    // Labels are compared ignoring ASCII case (`JANE@EXAMPLE.COMJOHN@...`, as forms in capitals write them).
    const first = lowerAscii(text.charCodeAt(dot + 1));
    for (const tld of first < 128 ? GLUE_TLDS_BY_FIRST[first]! : []) {
      if (!startsWithLower(text, tld, dot + 1)) continue;
      const cut = dot + 1 + tld.length;
      // A label that is a known one whole holds no glued local part (`a@b.com@c.org` is no `co` + `m`).
      if (cut === end) {
        if (end === to) return to;
        break;
      }
      if (text.charCodeAt(cut) !== 45 && domainValidAt(text, from, cut)) return cut;
    }
    if (fallback === -1 && end === to && dot + 3 < end && domainValidAt(text, from, dot + 3)) fallback = dot + 3;
    end = dot;
  }
  return fallback === -1 ? to : fallback;
}

const lowerAscii = (c: number): number => (c >= 65 && c <= 90 ? c | 32 : c);

/** Whether text at `at` starts with `lower` (lower-case ASCII), ignoring the case of ASCII letters. */
function startsWithLower(text: string, lower: string, at: number): boolean {
  if (at + lower.length > text.length) return false;
  for (let i = 0; i < lower.length; i++) if (lowerAscii(text.charCodeAt(at + i)) !== lower.charCodeAt(i)) return false;
  return true;
}

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

/** True when text[from, to) holds '..' (a local part may not). */
function hasDoubleDot(text: string, from: number, to: number): boolean {
  for (let i = from + 1; i < to; i++) if (text.charCodeAt(i) === 46 && text.charCodeAt(i - 1) === 46) return true;
  return false;
}

/**
 * Domain check on text[from, to) (domain characters only, see DOMAIN_CHARS) without slicing or
 * splitting: at least two dot-separated labels, each of 1 to 63 characters that neither starts nor ends
 * with '-', and a top-level label of 2 to 24 letters (see below).
 */
function domainValidAt(text: string, from: number, to: number): boolean {
  let labels = 0;
  let labelStart = from;
  for (let i = from; i <= to; i++) {
    if (i < to && text.charCodeAt(i) !== 46) continue;
    const length = i - labelStart;
    if (length === 0 || length > 63 || text.charCodeAt(labelStart) === 45 || text.charCodeAt(i - 1) === 45)
      return false;
    labels++;
    if (i < to) labelStart = i + 1;
  }
  if (labels < 2 || to - labelStart < 2 || to - labelStart > 24) return false;
  // The top-level label: ASCII letters, an IDN label in its punycode form (xn--p1ai) or in letters of
  // one other script (рф, ελ), not a mix.
  if (to - labelStart > 4 && text.startsWith('xn--', labelStart)) return true;
  const ascii = text.charCodeAt(labelStart) < 128;
  for (let i = labelStart; i < to; i++) {
    const u = text.charCodeAt(i);
    if (ascii ? (u | 32) < 97 || (u | 32) > 122 : u < 128 || !INTL_LETTER.test(text[i]!)) return false;
  }
  return true;
}
const INTL_LETTER = /\p{L}/u;
