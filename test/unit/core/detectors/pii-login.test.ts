import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emailCanReach, isLoginNotEmail, LoginLookback, scanEmails } from '../../../../src/core/detectors/pii-email.js';
import type { TextMatch } from '../../../../src/core/detectors/match.js';

/** The login test as first written: every candidate looks back on its own (userinfo run, line, regex). */
function reference(text: string, s: number, e: number): boolean {
  const USERINFO = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%!$&'()*+,;=:";
  let u = s;
  const limit = Math.max(0, s - 256);
  while (u > limit && USERINFO.includes(text[u - 1]!)) u--;
  if (u >= 3 && text.slice(u - 3, u) === '://') {
    let k = u - 3;
    while (k > 0 && /[A-Za-z0-9+.-]/.test(text[k - 1]!)) k--;
    if (k < u - 3 && /[A-Za-z]/.test(text[k]!)) return true;
  }
  if (e + 1 < text.length && text[e] === ':' && /[\w~./-]/.test(text[e + 1]!)) {
    let k = e + 1;
    const end = Math.min(text.length, e + 1 + 256);
    while (k < end && !/\s/.test(text[k]!) && text[k] !== '@') k++;
    // A path, not a port or a word glued on by the sentence.
    if ((k >= end || text[k] !== '@') && /[/~]|\.[A-Za-z0-9]/.test(text.slice(e + 1, k))) return true;
  }
  let lineStart = s;
  while (lineStart > 0 && s - lineStart < 128 && text[lineStart - 1] !== '\n') lineStart--;
  return (
    s > lineStart &&
    /(?:^|[\s`'"(;|&$])(?:ssh|sftp|scp|mosh|autossh)(?:\s+-{1,2}[A-Za-z][\w-]*(?:[ =](?!-)[^\s@]+)?)*\s+$/.test(
      text.slice(lineStart, s),
    )
  );
}

const PIECES = [
  'ssh ',
  'sftp -P 2222 ',
  'autossh -M 0 ',
  'scp ',
  'mosh ',
  'ssh\t',
  'user',
  'x!',
  '@',
  'db.example.com',
  ':',
  '/',
  '://',
  'https',
  'git',
  '587',
  '~',
  '.sql',
  '+',
  ' ',
  '\n',
  'a',
  '.',
  'é',
  '"',
  'x'.repeat(130),
  'admin',
  's3cret',
  '10.0.0.1',
  ':5432',
  'localhost',
  'Email',
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((a) => a.join(''));

describe('scanEmails', () => {
  it('passes an @ without a local part (a scoped package, a doc tag) and finds the addresses after it', () => {
    const t = 'npm i @acme/pkg.js; @param to jane@example.com; @@x@y.io; %40a.com then b%40c.org @ end';
    const out: TextMatch[] = [];
    scanEmails(t, out);
    expect(out.map((m) => t.slice(m.start, m.end))).toEqual(['jane@example.com', 'x@y.io', 'b%40c.org']);
  });
});

describe('schemeless logins and glued addresses', () => {
  const emails = (t: string): string[] => {
    const out: TextMatch[] = [];
    scanEmails(t, out);
    return out.map((m) => t.slice(m.start, m.end));
  };

  it('reads the password@host of user:password@host[:port] as an address, so a pack without detect_secrets still redacts the password', () => {
    // Decision (session 28): the secrets scanner reports these logins as connection_string, but dlp's
    // detect_secrets is off unless a pack turns it on; the pii step claiming `s3cret@db.example.com` keeps the
    // password from reaching the provider under the seed pack. Its type label is wrong; a leak would be worse.
    expect(emails('connect with admin:s3cret@db.example.com:5432 please')).toEqual(['s3cret@db.example.com']);
    expect(emails('root:toor99@10.0.0.1.example.org')).toEqual(['toor99@10.0.0.1.example.org']);
    // A password with characters no local part has is taken whole (the local part alone would be `2`).
    expect(emails('use admin:hunter!2@db.example.com:5432 now')).toEqual(['hunter!2@db.example.com']);
    expect(emails('admin:p#ss+w*rd9@db.example.com')).toEqual(['p#ss+w*rd9@db.example.com']);
    // Folded windows are skipped where no address can reach (emailCanReach): a password's own characters are in reach.
    const login = 'use admin:p!!x#2@db.example.com now';
    expect(emailCanReach(login, login.indexOf('!'), login.indexOf('!') + 1)).toBe(true);
    expect(emailCanReach('a ! b', 2, 3)).toBe(false);
    // Not a login: the ':' belongs to an address or a path before it, or a placeholder is the password.
    expect(emails('a@b.com:pw!2@db.example.com')).toEqual(['a@b.com', '2@db.example.com']);
    expect(emails('see /srv/x:y!2@db.example.com')).toEqual(['2@db.example.com']);
  });

  it('still reads addresses after a label, a URI scheme, a name or a time', () => {
    expect(emails('Email:jane@example.com')).toEqual(['jane@example.com']);
    expect(emails('mailto:jane.doe2@example.com')).toEqual(['jane.doe2@example.com']);
    expect(emails('sip:alice@atlanta.example.com')).toEqual(['alice@atlanta.example.com']);
    expect(emails('Bob:jane.doe@example.com')).toEqual(['jane.doe@example.com']);
    expect(emails('meet at 10:30@venue.example.com')).toEqual(['30@venue.example.com']);
    // A placeholder password is documentation's layout, not a login.
    expect(emails('user:pass@db.example.com')).toEqual(['pass@db.example.com']);
  });

  it('reads two addresses glued together as two, side by side', () => {
    expect(emails('write to jane@example.comjohn@example.org now')).toEqual(['jane@example.com', 'john@example.org']);
    expect(emails('jane@example.comjohn.smith@example.org')).toEqual(['jane@example.com', 'john.smith@example.org']);
    expect(emails('jane@example.co.ukbob@example.org')).toEqual(['jane@example.co.uk', 'bob@example.org']);
    expect(emails('JANE@EXAMPLE.COMJOHN@EXAMPLE.ORG')).toEqual(['JANE@EXAMPLE.COM', 'JOHN@EXAMPLE.ORG']);
    // An unknown top-level label: split after two letters, so the two findings still cover both whole.
    const t = 'x jane@example.qqqbob@example.org y';
    const out: TextMatch[] = [];
    scanEmails(t, out);
    expect(out.map((m) => [m.start, m.end])).toEqual([
      [2, t.indexOf('qbob')],
      [t.indexOf('qbob'), t.indexOf(' y')],
    ]);
    // A whole known label is no glue: nothing changes for `a@b.com@c.org`.
    expect(emails('a@b.com@c.org')).toEqual(['a@b.com']);
  });
});

describe('isLoginNotEmail', () => {
  it('says what a look-back per candidate says, with its cursors shared by candidates in text order', () => {
    fc.assert(
      fc.property(text, fc.array(fc.tuple(fc.nat(400), fc.nat(20)), { maxLength: 12 }), (t, raw) => {
        // Candidates in increasing order of start (as scanEmails asks), plus one going back (cursors restart).
        const starts = [...new Set(raw.map(([s]) => Math.min(s, t.length)))].sort((a, b) => a - b);
        const candidates = starts.map((s, i) => [s, Math.min(t.length, s + raw[i]![1])] as const);
        if (candidates.length > 1) candidates.push(candidates[0]!);
        const shared = new LoginLookback(t);
        for (const [s, e] of candidates) expect(isLoginNotEmail(t, s, e, shared.at(s))).toBe(reference(t, s, e));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps ssh targets and URL logins out of a megabyte of short addresses, and finds the addresses', () => {
    const unit = 'a@b.co x!y@b.co ssh u@h.io https://u:p@h.io ';
    const t = unit.repeat(Math.ceil((1 << 20) / unit.length));
    const out: TextMatch[] = [];
    scanEmails(t, out);
    // Per unit: a@b.co and x!y@b.co's 'y@b.co' are addresses; the ssh target and the URL login are not.
    expect(out.length).toBe(2 * Math.ceil((1 << 20) / unit.length));
    expect(out.slice(0, 2).map((m) => t.slice(m.start, m.end))).toEqual(['a@b.co', 'y@b.co']);
  });
});
