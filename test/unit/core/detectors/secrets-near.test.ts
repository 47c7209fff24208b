import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TextMatch } from '../../../../src/core/detectors/match.js';
import { SECRET_RULES, type KeywordAt, type SecretRule } from '../../../../src/core/detectors/secrets-catalogue.js';
import { keywordAtOf, leadingLiterals, startWindows } from '../../../../src/core/detectors/secrets-near.js';
import { prepareSecretScanner, runRule, runRuleNear, switchRules } from '../../../../src/core/detectors/secrets.js';
import { prepareReferenceSecretScanner } from '../../../helpers/secrets-reference.js';

/**
 * Rules that run only near their keywords (keywordAt, given or read from the pattern) find what a scan of
 * the whole text finds: rule by rule against runRule, and the scanner against the reference scanner (which
 * scans every switched-on rule over the whole text).
 */

const NEAR = SECRET_RULES.flatMap((rule) => {
  const at = keywordAtOf(rule);
  return at === undefined ? [] : [{ rule, at, sticky: new RegExp(rule.pattern.source, rule.pattern.flags + 'y') }];
});

/** Every start of each of the rule's keywords in the lower-cased text, ascending (a plain search). */
function keywordStarts(rule: SecretRule, lower: string): number[] {
  const starts: number[] = [];
  for (const k of rule.keywords) for (let i = lower.indexOf(k); i !== -1; i = lower.indexOf(k, i + 1)) starts.push(i);
  return starts.sort((a, b) => a - b);
}

function whole(rule: SecretRule, text: string): TextMatch[] {
  const out: TextMatch[] = [];
  runRule(rule, text, out);
  return out;
}

/** The rule tried near its keywords only, with no budget (as far from them as keywordAt allows). */
function near(rule: SecretRule, at: KeywordAt, sticky: RegExp, text: string): TextMatch[] {
  const lower = text.toLowerCase();
  const out: TextMatch[] = [];
  const windows = startWindows(keywordStarts(rule, lower), at, text.length, Infinity)!;
  runRuleNear(rule, sticky, text, windows, out);
  return out;
}

function expectSame(rule: SecretRule, at: KeywordAt, sticky: RegExp, text: string): void {
  expect(near(rule, at, sticky, text), `${rule.id} ${rule.pattern.source.slice(0, 60)}`).toEqual(whole(rule, text));
}

const A62 = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Deterministic pseudo-random characters. */
function chars(seed: number, n: number, alphabet = A62): string {
  let x = seed >>> 0;
  let s = '';
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    s += alphabet[(x >>> 16) % alphabet.length];
  }
  return s;
}

describe('leadingLiterals: what every match of a regex begins with', () => {
  it('reads literals, groups of alternatives and escaped punctuation, passing over assertions', () => {
    expect(leadingLiterals('abc[0-9]', 'g')).toEqual(['abc']);
    expect(leadingLiterals('(?<![a-z])(?:sk|rk)_(?:live|test)_[A-Z]', 'g')).toEqual([
      'sk_live_',
      'sk_test_',
      'rk_live_',
      'rk_test_',
    ]);
    expect(leadingLiterals('\\bmysql(?:dump|admin)?x', 'gi')).toEqual(['mysql']);
    expect(leadingLiterals('\\$2[abxy]?\\$', 'g')).toEqual(['$2']);
    expect(leadingLiterals('https:\\/\\/hooks\\.slack', 'g')).toEqual(['https://hooks.slack']);
    expect(leadingLiterals('(a|bc)d|e', 'g')).toEqual(['ad', 'bcd', 'e']);
    expect(leadingLiterals('(?<name>ab)c', 'g')).toEqual(['abc']);
  });

  it('stops a prefix at a quantified atom, a class or an escape that is not a literal', () => {
    expect(leadingLiterals('abc?d', 'g')).toEqual(['ab']);
    expect(leadingLiterals('ab{2}', 'g')).toEqual(['a']);
    expect(leadingLiterals('(?:ab|cd)+x', 'g')).toBeNull(); // nothing fixed before the quantified group
    expect(leadingLiterals('x(?:ab|cd)*y', 'g')).toEqual(['x']);
    expect(leadingLiterals('ab\\dc', 'g')).toEqual(['ab']);
    expect(leadingLiterals('ab\\1', 'g')).toEqual(['ab']);
    expect(leadingLiterals('a.b', 'g')).toEqual(['a']);
    expect(leadingLiterals('ab(?=c)?d', 'g')).toEqual(['ab']);
  });

  it('gives null for an empty prefix, an empty alternative, unknown group syntax or the u and v flags', () => {
    expect(leadingLiterals('[a-z]abc', 'g')).toBeNull();
    expect(leadingLiterals('abc|', 'g')).toBeNull();
    expect(leadingLiterals('(?:abc|)x', 'g')).toEqual(['abcx', 'x']);
    expect(leadingLiterals('(?i:abc)', 'g')).toBeNull();
    expect(leadingLiterals('abc', 'gu')).toBeNull();
    expect(leadingLiterals('abc', 'gv')).toBeNull();
    expect(leadingLiterals('(abc', 'g')).toBeNull();
  });
});

describe('keywordAtOf', () => {
  it('reads the offset from a literal start, and gives none where a literal lacks every keyword', () => {
    const rule = (source: string, keywords: string[], flags = 'gd'): SecretRule => ({
      id: 'x',
      family: 'generic',
      pattern: new RegExp(source, flags),
      keywords,
      score: 1,
    });
    expect(keywordAtOf(rule('(?:Sk|rk)_live_[a-z]{8}', ['sk_', 'rk_']))).toEqual({ from: 0, to: 0 });
    expect(keywordAtOf(rule('(?:Unseal Key \\d|operator unseal)x', ['unseal']))).toEqual({ from: 0, to: 9 });
    // `rpccacls` holds neither keyword: a match there has none, so no offset holds for every match.
    expect(keywordAtOf(rule('(?:smb|rpc)c(?:lient|acls)', ['smbclient', 'rpcclient', 'smbcacls']))).toBeUndefined();
    expect(keywordAtOf(rule('[a-z]{3}AZDO', ['azdo']))).toBeUndefined();
    expect(keywordAtOf(rule('abc', []))).toBeUndefined();
    // a given keywordAt wins
    expect(keywordAtOf({ ...rule('[a-z]{3}AZDO', ['azdo']), keywordAt: { from: 3, to: 3 } })).toEqual({
      from: 3,
      to: 3,
    });
  });

  it('covers the rules that cost most over a whole megabyte of documentation', () => {
    const ids = NEAR.map((n) => n.rule.id);
    for (const id of ['azure_devops_pat', 'aws_secret_key', 'connection_string', 'mailchimp_api_key', 'llm_api_key'])
      expect(ids).toContain(id);
    expect(NEAR.length).toBeGreaterThan(140);
  });
});

describe('startWindows', () => {
  it('turns keyword starts into the starts to try, clipped to the text, joined where they touch', () => {
    const at = { from: 2, to: 5 };
    // keyword at 3: starts -2..1 -> 0..1; at 7: 2..5 (touches 0..1); at 20: 15..18
    expect([...startWindows([3, 7, 20], at, 100, 1000)!]).toEqual([0, 5, 15, 18]);
    // a keyword too close to the start for any match: nothing to try
    expect([...startWindows([1], at, 100, 1000)!]).toEqual([]);
    // before the match: starts after the keyword, up to the text's length (an empty match there)
    expect([...startWindows([95], { from: -10, to: -3 }, 100, 1000)!]).toEqual([98, 100]);
  });

  it('gives null beyond the budget of starts', () => {
    expect(startWindows([10, 20], { from: 0, to: 4 }, 100, 10)).not.toBeNull();
    expect(startWindows([10, 20], { from: 0, to: 4 }, 100, 9)).toBeNull();
    expect(startWindows([10, 11, 12], { from: 0, to: 4 }, 100, 7)).not.toBeNull(); // 8..12: 7 starts
  });
});

// ---- generated texts ----

/** The source without its assertions (fast-check cannot generate lookbehinds), for real-looking tokens. */
function withoutAssertions(source: string): string {
  let out = '';
  for (let i = 0; i < source.length;) {
    const c = source[i]!;
    if (c === '\\') {
      if (source[i + 1] !== 'b' && source[i + 1] !== 'B') out += source.slice(i, i + 2);
      i += 2;
    } else if (c === '[') {
      let j = i + 1;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      out += source.slice(i, j + 1);
      i = j + 1;
    } else if (/^\(\?<?[=!]/.test(source.slice(i, i + 4))) {
      let depth = 0;
      let j = i;
      for (; j < source.length; j++) {
        if (source[j] === '\\') {
          j++;
        } else if (source[j] === '[') {
          while (source[++j] !== ']') if (source[j] === '\\') j++;
        } else if (source[j] === '(') {
          depth++;
        } else if (source[j] === ')' && --depth === 0) break;
      }
      i = j + 1;
    } else if (c === '^' || c === '$') i++;
    else out += source[i++];
  }
  return out;
}

/** Strings that look like a rule's matches (its keywords for a pattern fast-check cannot read). */
function tokenOf(rule: SecretRule): fc.Arbitrary<string> {
  try {
    const arbitrary = fc.stringMatching(new RegExp(`^(?:${withoutAssertions(rule.pattern.source)})$`));
    fc.sample(arbitrary, 1);
    return arbitrary;
  } catch {
    return fc
      .tuple(fc.constantFrom(...rule.keywords), fc.stringMatching(/^[A-Za-z0-9/ ]{0,40}$/))
      .map(([k, s]) => k + s);
  }
}

const TOKENS = new Map(SECRET_RULES.map((rule) => [rule, tokenOf(rule)]));

/** Rules whose tokens carry a keyword of `rule` (aws_access_key's ids for the secret key that follows one). */
function related(rule: SecretRule): SecretRule[] {
  return SECRET_RULES.filter(
    (r) =>
      r !== rule && rule.keywords.some((k) => r.keywords.includes(k) || r.pattern.source.toLowerCase().includes(k)),
  );
}

/** One edit: a unit dropped, replaced or doubled, or the string cut short. */
const nearMiss = (token: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(token, fc.nat(), fc.constantFrom('drop', 'swap', 'double', 'cut'), fc.constantFrom(...'aZ9-_./ =:"'))
    .map(([t, n, edit, c]) => {
      const i = t.length === 0 ? 0 : n % t.length;
      if (edit === 'drop') return t.slice(0, i) + t.slice(i + 1);
      if (edit === 'swap') return t.slice(0, i) + c + t.slice(i + 1);
      if (edit === 'double') return t.slice(0, i + 1) + t.slice(i);
      return t.slice(0, i);
    });

const FILLER = fc.stringMatching(/^[a-zA-Z0-9 _\-./:=+"'\n]{0,60}$/);

const random = (alphabet: string, min: number, max = min): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...alphabet), { minLength: min, maxLength: max }).map((cs) => cs.join(''));
const base64 = (s: string): string => Buffer.from(s).toString('base64');
const WORD = random('abcdefghijklmnopqrstuvwxyz0123456789', 1, 12);

/** Shapes a rule reports only in context, or only when a check passes (fast-check's tokens seldom pass). */
function inContext(rule: SecretRule): fc.Arbitrary<string> | undefined {
  const has = (k: string): boolean => rule.keywords.includes(k);
  if (rule.id === 'aws_secret_key' && has('akia'))
    return fc
      .tuple(fc.constantFrom('AKIA', 'ASIA', 'akia'), random('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16))
      .chain(([p, id]) =>
        fc
          .tuple(random(`${A62}  ,/`, 0, 230), random(`${A62}/+`, 40))
          .map(([gap, secret]) => `${p}${id} ${gap} ${secret}`),
      );
  if (rule.id === 'connection_string' && has('://'))
    return fc
      .tuple(fc.constantFrom('https', 'postgres', 'redis', 'x', 'mongodb+srv'), WORD, WORD, WORD)
      .map(([scheme, u, pw, host]) => `${scheme}://${u}:${pw}@${host}.example.com`);
  if (rule.id === 'http_basic_auth')
    return fc
      .tuple(WORD, WORD, fc.constantFrom('Authorization: Basic ', 'authorization="Basic '))
      .map(([u, pw, head]) => head + base64(`${u}:${pw}`));
  if (rule.id === 'private_key' && has('putty-user-key-file'))
    return fc
      .tuple(random(A62, 8, 40), fc.nat(3), fc.boolean())
      .map(
        ([b, n, mac]) =>
          `PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nPrivate-Lines: ${n}\n${`${b}\n`.repeat(n)}${mac ? `Private-MAC: ${b}` : ''}`,
      );
  if (rule.id === 'private_key' && has('ls0tls1crudjti'))
    return random(A62, 40, 80).map((b) => base64(`-----BEGIN PRIVATE KEY-----\n${b}`));
  if (rule.id === 'password' && has('<<<'))
    return fc
      .tuple(fc.constantFrom('docker login -u ci --password-stdin', 'sudo -S ls', 'passwd --stdin root'), WORD)
      .map(([cmd, pw]) => `${cmd} <<< '${pw}'`);
  if (rule.id === 'password' && has('sqlplus'))
    return fc
      .tuple(WORD, WORD, fc.constantFrom('', '@db', '"@db', ' as sysdba'))
      .map(([u, pw, tail]) => (tail === '"@db' ? `sqlplus "${u}/${pw}"@db` : `sqlplus ${u}a/${pw}x${tail}`));
  if (rule.id === 'password' && has('htpasswd'))
    return fc.tuple(WORD, WORD).map(([u, pw]) => `htpasswd -b .htpasswd ${u} ${pw}x`);
  return undefined;
}

/**
 * Texts around `rule`: its tokens, its keywords in either case, tokens of related rules and of any rule,
 * near misses and filler, joined by separators or spliced into one another at random offsets.
 */
function textAround(rule: SecretRule, extraSeparators: readonly string[] = []): fc.Arbitrary<string> {
  const own = TOKENS.get(rule)!;
  const relatedRules = related(rule);
  const any = fc.constantFrom(...SECRET_RULES).chain((r) => TOKENS.get(r)!);
  const context = inContext(rule);
  const piece = fc.oneof(
    { arbitrary: own, weight: 5 },
    ...(context === undefined
      ? []
      : [
          { arbitrary: context, weight: 5 },
          { arbitrary: nearMiss(context), weight: 2 },
        ]),
    { arbitrary: nearMiss(own), weight: 3 },
    {
      arbitrary: fc.tuple(fc.constantFrom(...rule.keywords), fc.boolean()).map(([k, up]) => (up ? k.toUpperCase() : k)),
      weight: 2,
    },
    {
      arbitrary: relatedRules.length === 0 ? any : fc.constantFrom(...relatedRules).chain((r) => TOKENS.get(r)!),
      weight: 3,
    },
    { arbitrary: any, weight: 1 },
    { arbitrary: FILLER, weight: 3 },
  );
  const separator = fc.constantFrom('', ' ', '\n', '/', '=', '"', ': ', ', ', ' / ', ...extraSeparators);
  return fc.array(fc.tuple(piece, separator, fc.nat(), fc.nat(3)), { minLength: 1, maxLength: 14 }).map((parts) => {
    let text = '';
    for (const [p, sep, cut, splice] of parts) {
      if (splice === 0 && text.length > 0) {
        const at = cut % (text.length + 1);
        text = text.slice(0, at) + sep + p + text.slice(at);
      } else text += sep + p;
    }
    return text;
  });
}

describe('near the keywords: the findings of the whole-text scan', () => {
  it.each(NEAR.map((n, i) => [`${i} ${n.rule.id} ${JSON.stringify(n.at)}`, n] as const))(
    '%s on generated texts',
    (_name, { rule, at, sticky }) => {
      fc.assert(
        fc.property(textAround(rule), (text) => {
          fc.pre(text.toLowerCase().length === text.length);
          expectSame(rule, at, sticky, text);
        }),
        { numRuns: 60 },
      );
    },
  );

  it('the scanner equals the reference scanner on generated texts (keywords located in the one pass)', () => {
    const scanner = prepareSecretScanner();
    const reference = prepareReferenceSecretScanner();
    fc.assert(
      fc.property(
        fc.nat(NEAR.length - 1).chain((i) => textAround(NEAR[i]!.rule, ['İ', 'İİ '])),
        fc.nat(6),
        (text, copies) => {
          // Long enough to run rules near their keywords (over 4 K units), and for tries there to fit the budget.
          const long = `${text}\n${chars(copies, 4200, `${A62} \n`)}\n${text.repeat(copies)}`;
          expect(scanner.scan(long)).toEqual(reference.scan(long));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('near the keywords: window edges', () => {
  const byId = (id: string, keyword: string) =>
    NEAR.find((n) => n.rule.id === id && n.rule.keywords.includes(keyword))!;
  const azdo = byId('azure_devops_pat', 'azdo');
  const awsSecret = byId('aws_secret_key', 'akia');
  const url = byId('connection_string', '://');
  const pat = (seed: number): string => `${chars(seed, 76)}AZDO${chars(seed + 1, 4)}`;

  // Matches with the keyword at the nearest and at the farthest offset a given keywordAt allows: each is found
  // near the keyword, and no longer found once that end of the range is narrowed by one.
  const b64 = Buffer.from('admin:hunter2').toString('base64');
  const secret40 = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYz9Q2xA7p1L';
  const EXTREMES: Array<[string, string, 'from' | 'to', string]> = [
    ['aws_secret_key', 'secret', 'from', `awsSecret = "${secret40}"`],
    ['aws_secret_key', 'secret', 'to', `AWS${'_'.repeat(24)}SECRET = "${secret40}"`],
    ['aws_session_token', 'session', 'from', `AWSSESSIONTOKEN=${chars(61, 120)}`],
    ['aws_session_token', 'session', 'to', `AWS_SESSION_TOKEN=${chars(62, 120)}`],
    ['google_oauth_client_secret', 'secret', 'from', `clientSecret="${chars(63, 24)}"`],
    ['google_oauth_client_secret', 'secret', 'to', `client_secret: "${chars(64, 24)}"`],
    ['telegram_bot_token', ':aa', 'from', `12345678:AA${chars(65, 32)}`],
    ['telegram_bot_token', ':aa', 'to', `1234567890:AA${chars(66, 32)}`],
    ['connection_string', '://', 'from', 'ab://u:s3cr3tZ9@host.com'],
    ['connection_string', '://', 'to', `${'a'.repeat(25)}://u:s3cr3tZ9@host.com`],
    ['connection_string', 'password', 'from', 'Uid=Password=s3cr3t;'],
    ['connection_string', 'password', 'to', `Initial Catalog  =${'x'.repeat(240)}Password=s3cr3t;`],
    ['http_basic_auth', 'basic', 'from', `Authorization:Basic ${b64}`],
    ['http_basic_auth', 'basic', 'to', `Authorization"    :    "Basic ${b64}`],
    ['bearer_token', 'bearer', 'from', `Authorization:Bearer ${chars(67, 40)}`],
    ['bearer_token', 'bearer', 'to', `Authorization'    =    \`Bearer ${chars(68, 40)}`],
    ['aws_account_id', 'account', 'from', 'account_id=123456789012'],
    ['aws_account_id', 'account', 'to', 'AWS_ACCOUNT_ID = 123456789012'],
    ['cloud_storage_bucket', 'amazonaws.com', 'from', 'see a.storage.googleapis.com now'],
    ['cloud_storage_bucket', 'amazonaws.com', 'to', `${'b'.repeat(63)}.s3-${'r'.repeat(30)}.amazonaws.com now`],
    [
      'google_oauth_client_id',
      'googleusercontent',
      'from',
      `123456-${chars(69, 32, 'abc123')}.apps.googleusercontent.com`,
    ],
    [
      'google_oauth_client_id',
      'googleusercontent',
      'to',
      `12345678901234-${chars(70, 32, 'abc123')}.apps.googleusercontent.com`,
    ],
    ['shopify_domain', 'myshopify.com', 'from', 'a.myshopify.com'],
    ['shopify_domain', 'myshopify.com', 'to', `${'s'.repeat(61)}.myshopify.com`],
    ['openai_api_key', 't3blbkfj', 'from', `sk-${chars(71, 16)}T3BlbkFJ${chars(72, 20)}`],
    ['openai_api_key', 't3blbkfj', 'to', `sk-svcacct-${chars(73, 200)}T3BlbkFJ${chars(74, 20)}`],
    ['discord_webhook', 'discord', 'from', `https://discord.com/api/webhooks/123456789012345678/${chars(75, 68)}`],
    ['discord_webhook', 'discord', 'to', `https://canary.discord.com/api/webhooks/123456789012345678/${chars(76, 68)}`],
    ['private_key', 'private key', 'from', `-----BEGINPRIVATE KEY-----\n${chars(77, 64)}\n-----END PRIVATE KEY-----`],
    [
      'private_key',
      'private key',
      'to',
      `-----BEGIN ${'X'.repeat(39)}PRIVATE KEY-----\n${chars(78, 64)}\n-----END PRIVATE KEY-----`,
    ],
    ['vault_unseal_key', 'unseal', 'to', `operator unseal ${chars(79, 44)}`],
    ['codeclimate_token', 'reporter_id', 'to', `CC_TEST_REPORTER_ID=${chars(80, 64, '0123456789abcdef')}`],
  ];

  it.each(EXTREMES)('%s (%s): the keyword at the %s end of its range', (id, keyword, end, text) => {
    const { rule, at, sticky } = byId(id, keyword);
    const found = whole(rule, text);
    expect(found.length).toBeGreaterThan(0);
    expect(near(rule, at, sticky, text)).toEqual(found);
    const narrowed = end === 'from' ? { from: at.from + 1, to: at.to } : { from: at.from, to: at.to - 1 };
    expect(near(rule, narrowed, sticky, text)).not.toEqual(found);
  });

  it('a token at the very start and at the very end of the text', () => {
    for (const text of [pat(1), `${pat(2)} and ${pat(3)}`, `x ${pat(4)}`]) {
      const found = near(azdo.rule, azdo.at, azdo.sticky, text);
      expect(found.length).toBeGreaterThan(0);
      expect(found).toEqual(whole(azdo.rule, text));
    }
    expect(near(azdo.rule, azdo.at, azdo.sticky, pat(1))).toEqual([
      { type: 'azure_devops_pat', start: 0, end: 84, score: 0.95, detector: 'secrets' },
    ]);
  });

  it('a keyword too close to the start for a match, and a token whose boundary lies just outside its window', () => {
    for (const text of [`${chars(5, 30)}AZDO${chars(6, 4)}`, `_${pat(7)}`, `${pat(8)}-`, `${pat(9)}AZDO`]) {
      expect(near(azdo.rule, azdo.at, azdo.sticky, text)).toEqual([]);
      expect(whole(azdo.rule, text)).toEqual([]);
    }
  });

  it('aws_secret_key: the access key id as far before the secret as the check looks, and one unit further', () => {
    const id = `AKIA${chars(11, 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYz9Q2xA7p1L';
    for (const gap of [1, 2, 179, 180, 181, 250]) {
      const text = `${id}${' '.repeat(gap)}${secret} ${id}`;
      const found = near(awsSecret.rule, awsSecret.at, awsSecret.sticky, text);
      expect(found).toEqual(whole(awsSecret.rule, text));
      // The id's start is 20 + gap before the secret: found while that is at most 200.
      expect(found.length).toBe(20 + gap <= 200 ? 1 : 0);
    }
  });

  it('a match that runs over the next keyword window: the scan resumes after it, as the whole-text scan does', () => {
    // The first URL's password runs over the second '://' (whose own window it covers).
    const texts = [
      'see https://user:pa55word@host and ftp://u:p@h',
      'x://a:b://c:d@e.org',
      'ab://c:d@ef://g:h@ij.com',
      'https://u:https://v:w@x@y.net',
    ];
    for (const text of texts) expect(near(url.rule, url.at, url.sticky, text)).toEqual(whole(url.rule, text));
    expect(near(url.rule, url.at, url.sticky, texts[2]!).map((m) => [m.start, m.end])).toEqual(
      whole(url.rule, texts[2]!).map((m) => [m.start, m.end]),
    );
  });

  it('keyword windows that overlap report each match once', () => {
    // '://' at 2 and 17: tries from 0 to 0 and from 0 to 15, joined
    const text = 'ab://u:p1@h.io cd://v:p2@i.io';
    const found = near(url.rule, url.at, url.sticky, text);
    expect(found).toEqual(whole(url.rule, text));
    expect(found.map((m) => text.slice(m.start, m.end))).toEqual(['p1', 'p2']);
  });

  it('a dotted capital I (two units lower-cased) before a token: the keyword positions are mapped back', () => {
    const scanner = prepareSecretScanner();
    const reference = prepareReferenceSecretScanner();
    const text = `${'İ'.repeat(3)} İstanbul ${chars(31, 64 * 90, `${A62} \n`)} ${pat(32)} İ ${pat(33)}İ`;
    const found = scanner.scan(text);
    expect(found).toEqual(reference.scan(text));
    expect(found.filter((m) => m.type === 'azure_devops_pat').map((m) => text.slice(m.start, m.end))).toEqual([
      pat(32),
      pat(33),
    ]);
  });
});

describe('near the keywords: texts dense with one keyword are scanned whole', () => {
  const rules = SECRET_RULES;
  const switched = switchRules(rules);
  const windowsFor = (text: string, id: string, keyword: string): Int32Array | null => {
    const i = rules.findIndex((r) => r.id === id && r.keywords.includes(keyword));
    const s = switched(text.toLowerCase(), text);
    expect(s.on[i]).toBe(1);
    return s.windows(i);
  };
  const MB = 1 << 20;
  const HOSTILE: Array<[string, string, string]> = [
    ['AZDO ', 'azure_devops_pat', 'azdo'],
    ['akia ', 'aws_secret_key', 'akia'],
    ['-us1 ', 'mailchimp_api_key', '-us'],
    ['NRAL ', 'newrelic_license_key', 'nral'],
    ['http:// ', 'connection_string', '://'],
    ['sk_live_ ', 'stripe_api_key', 'sk_live_'],
  ];

  it.each(HOSTILE)('%j repeated to a megabyte: %s scans the whole text', (unit, id, keyword) => {
    const text = unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
    expect(windowsFor(text, id, keyword)).toBeNull();
  });

  it.each(HOSTILE)('%j every 16 KB of a megabyte of filler: %s runs near them', (unit, id, keyword) => {
    const filler = chars(41, 16384, `${A62}    \n`);
    const text = (filler + unit).repeat(MB / 16384).slice(0, MB);
    const windows = windowsFor(text, id, keyword);
    expect(windows).not.toBeNull();
    let tries = 0;
    for (let w = 0; w < windows!.length; w += 2) tries += windows![w + 1]! - windows![w]! + 1;
    expect(tries).toBeLessThanOrEqual(MB >> 6);
  });

  it('a text under 4 K units is scanned whole', () => {
    const token = `${chars(91, 76)}AZDO${chars(92, 4)}`;
    const short = `${chars(93, 4000, `${A62} `)} ${token}`;
    expect(short.length).toBeLessThan(4096);
    expect(windowsFor(short, 'azure_devops_pat', 'azdo')).toBeNull();
    expect(windowsFor(`${short} ${chars(94, 100, A62)}`, 'azure_devops_pat', 'azdo')).not.toBeNull();
  });

  it('a megabyte of one keyword: the same findings as the whole-text scan', () => {
    const scanner = prepareSecretScanner();
    const reference = prepareReferenceSecretScanner();
    for (const [unit] of HOSTILE.slice(0, 2)) {
      const text = `${unit.repeat(Math.ceil(MB / 8 / unit.length))}${pat2()}`;
      expect(scanner.scan(text)).toEqual(reference.scan(text));
    }
    function pat2(): string {
      return `${chars(51, 76)}AZDO${chars(52, 4)}`;
    }
  });
});
