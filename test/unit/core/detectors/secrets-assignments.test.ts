import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TextMatch } from '../../../../src/core/detectors/match.js';
import {
  lineWindowStart,
  match,
  matchAssignment,
  scanAssignments,
  unquotedSecretEndAt,
} from '../../../../src/core/detectors/secrets-assignments.js';
import { keyClass, keyEntry } from '../../../../src/core/detectors/secrets-keys.js';
import {
  BLANK_SEP,
  DIGIT,
  ESCQ,
  FLAG,
  K1C,
  K2,
  LOWER,
  newWork,
  NOT_UNIT,
  OCCREF,
  Q8V,
  R12V,
  R15V,
  SPACE,
  STEPALL,
  STEPDIG,
  STEPLET,
  STOP,
  URL3,
  ValueIndex,
} from '../../../../src/core/detectors/secrets-index.js';
import { EntropyWindow } from '../../../../src/core/detectors/secrets-entropy-window.js';
import { isPlaceholderWordAt, LoginFields } from '../../../../src/core/detectors/secrets-values.js';
import {
  dropTrailingSpace,
  isReferenceWin,
  looksLikeCodeWin,
  looksLikePlaceholderWin,
  scoreWin,
  sequentialWin,
  skipSpace,
  unquotedIsCodeWin,
} from '../../../../src/core/detectors/secrets-window.js';
import * as ref from '../../../helpers/secrets-reference.js';

/** Our findings, each site taking the way the scan picks (auto), the index, or the check from scratch. */
function ours(text: string, indexed?: boolean): TextMatch[] {
  const out: TextMatch[] = [];
  scanAssignments(text, out, undefined, indexed);
  return out;
}

function reference(text: string): TextMatch[] {
  const out: TextMatch[] = [];
  ref.scanAssignments(text, out);
  return out;
}

const KEYS = [
  'token',
  'TOKEN',
  'Token',
  'password',
  'PASSWORD',
  'passwd',
  'pw',
  'pwd',
  'PWD',
  'pass',
  'PASS',
  'db_pass',
  'secret',
  'client_secret',
  'api_key',
  'apiKey',
  'API_KEY',
  'auth',
  'key',
  'KEY',
  'crumb',
  'pat',
  'credentials',
  'DB_PASSWORD',
  'x.token',
  '$token',
  '@key',
  'tokenizer',
  'keyId',
  'my-secret',
  'aws_secret',
  'okta_token',
  'license_key',
  'stream_key',
  'access_token',
  'signing_key',
  'getToken',
  'glpat-',
  'secret_key_ref',
  'passphrase',
  'user',
  'username',
  'login',
  'uid',
];
const SEPARATORS = [
  // a sentence's period, an ellipsis, and dots that are not one
  '. ',
  '.',
  '...',
  '....',
  ').',
  '=',
  ':',
  ' = ',
  ': ',
  '==',
  '===',
  '!=',
  '!==',
  ':=',
  '=>',
  ' => ',
  '"',
  "'",
  '`',
  '\\"',
  "\\'",
  ']',
  '"]',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  ';',
  ',',
  '&',
  '?',
  '(',
  ')',
  '[',
  '{',
  '}',
  '<',
  '>',
  '/',
  '//',
  '://',
  '#',
  '$',
  '%',
  '!',
  '*',
  '.',
  '-',
  '_',
  '@',
  '\\',
  '|',
  '+',
  '\u00a0',
  '\u2028',
  '\v',
  'é',
  '\u0130',
  '\u212a',
  '😀',
  '\ud800',
  '\udc00',
  '"x"',
  ' ? ',
  '/*',
  ';function',
  ';var ',
];
const VALUES = [
  'Zq8vR2mX7pL4nK9w',
  'hunter2',
  'Xk9mQ2vLpR7t',
  'abcdefgh',
  'abcdef123456',
  'a1b2c3d4e5f6',
  '0x1f2e3d',
  'deadbeefcafe',
  '123456',
  '1234567890123',
  'true',
  'null',
  'None',
  'your_key',
  'changeme',
  'anonymous',
  'user=anonymous',
  'password',
  'secret',
  'token',
  'xxx',
  '***',
  '...',
  'XXXX',
  '${X}',
  '{{x}}',
  'process.env.X',
  '%(name)s',
  '$ABC_DEF',
  'os.environ',
  '&lt;',
  'getPass()',
  'a.b.c',
  'a?.b',
  'x[1]',
  'x<y',
  '!x',
  '!!m[7]',
  '/[a-z]/g',
  'null)',
  'Buffer):',
  'list[list.length',
  'arn:aws:x',
  'a:b:c:d',
  '#main',
  '.cls',
  '--flag',
  '/api/v1/',
  'users/show#edit',
  'Password:',
  'MY_TOKEN',
  'DB_PASSWORD',
  'new Foo',
  'SuperSecretToken',
  'myApiKey',
  'beforeAttributeName',
  '?NonParenKeyword',
  'same-origin',
  'omit',
  'include',
  'a b',
  'my-app-secret-name',
  'x-token-y',
  'api-token-ref',
  'Qm8zT4vR2xW9kL3pN7sD5fG1hJ6bV0cX4yZ2',
  'sk_live_abc',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'live_123456789_abcdefghijabcdefghijabcdefghij',
  '00abcdefghijabcdefghijabcdefghijabcdefghij',
  'Pa$$w0rd',
  'Summer2024$',
  '46/*.*/',
  'x;function',
  '[]',
  '()',
  '{}',
  'a(b',
  'x.y?.z',
  'Xk9(mQ2)vL',
  'db_password2',
  'token_v2',
  'types$1.starstar',
  'ed25519.Ed25519Key',
  'xsalsa20(key',
  'TOperator',
  'Uint8Array',
  'sha256',
  'secp256k1',
  'TEST_DATA_BASE64',
  'Zq8vT3kLm9Rw2XyP4nB7), ',
  'Zq8vT3kLm9Rw2Xy, ',
  'Zq8vT3kLm9Rw2Xy;\n',
  '1&rdquo;, ',
  '&#39;',
  'é\u212aİ😀',
  'ΣΑΣ',
  '\u2028x',
];

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...KEYS) },
  { weight: 4, arbitrary: fc.constantFrom(...SEPARATORS) },
  { weight: 3, arbitrary: fc.constantFrom(...VALUES) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{1,24}$/) },
  { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
);

/** Texts made of key words, separators, quotes and values: short ones, and long ones built by repeating. */
const textOf = (maxLength: number): fc.Arbitrary<string> =>
  fc.array(piece, { maxLength }).map((parts) => parts.join(''));
const repeated = fc
  .tuple(textOf(8), fc.integer({ min: 2, max: 120 }), textOf(6))
  .map(([unit, times, tail]) => unit.repeat(times) + tail);

describe('assignment sites: the indexed checks find what each site checked from scratch found', () => {
  it('on generated texts mixing key words, separators, quotes and values', () => {
    fc.assert(
      fc.property(textOf(40), (text) => {
        const want = reference(text);
        expect(ours(text)).toEqual(want);
        expect(ours(text, true)).toEqual(want);
        expect(ours(text, false)).toEqual(want);
      }),
      { numRuns: 4000 },
    );
  });

  it('the key=value pairs of a connection string (`;` or `,` before the next key): the value is reported both ways, statements are not', () => {
    const pairs = [
      'password=Xk9mQ2vL7pR4;user=bob',
      'password=X9k2,user=bob',
      'pwd=Xk9mQ2vL7pR4; uid=bob',
      'secret=Zq8vR2mX7pL4nK9w,region=eu',
    ];
    // (a statement's value too short to look random: one that does is reported, see endsStatement)
    const statements = ['password = X9k2; user = bob', 'f(password = X9k2, user = bob)'];
    for (const text of [...pairs, ...statements]) {
      // Repeated past the allowance of checks from scratch, so that the scan takes the index (auto) too.
      const dense = `${text}\n`.repeat(600);
      for (const t of [text, dense]) {
        const want = reference(t);
        expect(ours(t), text).toEqual(want);
        expect(ours(t, true), text).toEqual(want);
        expect(ours(t, false), text).toEqual(want);
      }
      const values = ours(text).map((m) => text.slice(m.start, m.end));
      expect(values, text).toEqual(pairs.includes(text) ? [/=([^;,]*)/.exec(text)![1]] : []);
    }
  });

  it('a random-looking bare value that ends a statement or a sentence at `)`, `,` or `;` is reported both ways; names and expressions are not', () => {
    const values = [
      ['my password=Zq8vT3kLm9Rw2Xy, please check', 'Zq8vT3kLm9Rw2Xy'],
      ['(api_token=Zq8vT3kLm9Rw2XyP4nB7)', 'Zq8vT3kLm9Rw2XyP4nB7'],
      ['Client(api_key=Zq8vT3kLm9Rw2XyP4nB7)', 'Zq8vT3kLm9Rw2XyP4nB7'],
      ['export API_KEY=Zq8vT3kLm9Rw2XyP4nB7;', 'Zq8vT3kLm9Rw2XyP4nB7'],
      ['connect(host, password = Xk9mQ2vL7pR4, user = bob)', 'Xk9mQ2vL7pR4'],
      ['run(login(token=Zq8vT3kLm9Rw2XyP4nB7))\n', 'Zq8vT3kLm9Rw2XyP4nB7'],
      ['f(g(token=Zq8vT3kLm9Rw2XyP4nB7), y)', 'Zq8vT3kLm9Rw2XyP4nB7'],
      ['auth(password=P@ssw0rd1)', 'P@ssw0rd1'],
    ];
    const code = [
      'f(password=get_password(), x)',
      'token=req.token;',
      "api_key=os.environ['X'])",
      'f(password=None, x)',
      'token = a + b',
      'password = getPassword(x)',
      'connect(user=u, password=db_password2)',
      'tokentype = types$1.starstar;',
      'f(private_key: ed25519.Ed25519PrivateKey, x)',
      'const authKey = xsalsa20(key, nonce);',
      'def f(self, tokens: Iterable[Tuple[str, int]]):',
      'readonly operatorToken: TOperator;',
      'using arrival_token = __barrier_phase_t;',
      'function f(secretKey: Uint8Array, x) {}',
      'interface K { privateKey: Uint8Array; token: uint64; }',
      'f(token=sha256)',
      'f(token=abc123)',
      'run(password=hunter2)',
      '"user": {"token": TEST_DATA_BASE64, "name": x}',
      // still followed by code after the `)`, `,` or `;`
      'f(token=Zq8vT3kLm9Rw2XyP4nB7).then(g)',
      'f(token=Zq8vT3kLm9Rw2XyP4nB7)).then(g)',
      // the `;` of an HTML entity
      'keys like &ldquo;secret:1&rdquo;, &ldquo;secret:2&rdquo;, and so on',
      'token=Zq8vT3kLm9Rw2&#x4F;',
      'token = Zq8vT3kLm9Rw2XyP4nB7;x = 1',
    ];
    for (const [text, value] of [...values, ...code.map((t) => [t, undefined] as const)]) {
      const dense = `${text}\n`.repeat(600);
      for (const t of [text!, dense]) {
        const want = reference(t);
        expect(ours(t), text).toEqual(want);
        expect(ours(t, true), text).toEqual(want);
        expect(ours(t, false), text).toEqual(want);
      }
      expect(
        ours(text!).map((m) => text!.slice(m.start, m.end)),
        text,
      ).toEqual(value === undefined ? [] : [value]);
    }
  });

  it('a password of an anonymous login still covers the sites inside its value (found by splicing hostile shapes)', () => {
    const text = 'pw=user=anonymous pw=user=password=passw';
    expect(ours(text)).toEqual(reference(text));
    expect(ours(text).map((m) => text.slice(m.start, m.end))).toEqual(['user=anonymous']);
  });

  it('on generated texts repeated past the 256 characters a value can run', () => {
    fc.assert(
      fc.property(repeated, (text) => {
        const want = reference(text);
        expect(ours(text)).toEqual(want);
        expect(ours(text, true)).toEqual(want);
      }),
      { numRuns: 1500 },
    );
  });
});

// ---- the checks one by one, on windows of generated texts ----

const CHARS = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...' \t\n\r\v\f=:;,&?!"\'`()[]{}<>/\\#$%*.-_@|+~^',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\u3000',
  '\ufeff',
  'é',
  '\u0130',
  '\u212a',
  'Σ',
  '😀',
  '\ud83d',
  '\ude00',
  '\ud800',
  '\udc00',
];
const WINDOW_PIECES = [
  ...VALUES,
  ...KEYS,
  'user=anonymous',
  'login: bob',
  'uid="anonymous"',
  'USER_NAME = anonymous',
  '%(a)s',
  '%(a)d',
  '$a[',
  '$_b[',
  'env.',
  'ENV[',
  'System.getenv',
  '&gt;',
  'secrets.',
  '#{',
  '<%',
  '$(',
  '{{',
  '${',
  '://',
  'f(',
  '](',
  '-key-',
  '.token.',
  '_secret_',
  'apikey',
  '-credentials.',
  'Credential-',
  'PASSWORD ',
  ' key ',
  'token.',
  '/*',
  ';return',
  ';if(',
  ';iffy',
  '0123456789',
  'zyxwvu',
  'qwerty',
  '13579',
  'abcdefghij',
  'aBcDeF',
  'FooBarBaz',
  'xX',
  '!![a]',
  '![b]c',
  '[x]!abc',
  '/^[a-z]+$/gi',
  '/(a)/',
  'null)',
  'this)',
  'a.b?.c',
  'x(y',
  'a)]}:',
  'user_name',
  '::',
  'Hello world:',
  '--x',
  '-y',
  '#abc-d',
  '.a',
  '[a]',
  '<b>',
  '{c}',
  '(d)',
  'MY_SECRET',
  'A_KEY',
  'new',
  'async x',
  '. ',
  '...\n',
  '....',
  'Zq8vT3kLm9Rw2Xy.',
];
const windowText = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...CHARS) },
      { weight: 2, arbitrary: fc.constantFrom(...WINDOW_PIECES) },
    ),
    { maxLength: 120 },
  )
  .map((p) => p.join(''));
/** A text and up to 12 windows [vs, ve) of it, in order of their starts (as a scan asks). */
const windows = windowText.chain((text) =>
  fc.array(fc.tuple(fc.nat(text.length), fc.nat(300)), { maxLength: 12 }).map((ws) => ({
    text,
    ws: ws.map(([s, l]) => [s, Math.min(text.length, s + l)] as const).sort((x, y) => x[0] - y[0]),
  })),
);

/** Runs `check` on each window of each generated text, through one index per text (windows asked in order). */
function eachWindow(
  numRuns: number,
  check: (ix: ValueIndex, entropy: EntropyWindow, vs: number, ve: number) => void,
): void {
  fc.assert(
    fc.property(windows, ({ text, ws }) => {
      const ix = new ValueIndex();
      ix.reset(text, newWork());
      const entropy = new EntropyWindow(ix);
      for (const [vs, ve] of ws) {
        ix.beginSite(vs);
        check(ix, entropy, vs, ve);
      }
    }),
    { numRuns },
  );
}

const QUOTES = ['', '"', "'", '`'];
const ASSIGNMENT_STICKY =
  /(?<![\w.$@-])([A-Za-z_$@][\w.$@-]{0,80})(?:\\?["'])?\]?[ \t]{0,32}(===|!==|==|!=|:=|=>|=|:)[ \t]{0,32}(?:\\?"((?:[^"\n\\]|\\.){0,256})\\?"|'([^'\n]{0,256})'|`([^`\n]{0,256})`|([^\s"'`,;)}\]<>&?][^\s"'`,;)}\]<>&]{0,255}))/dy;

/**
 * Values made of the pieces the whole-value shapes are made of (camelCase and constant names, member paths,
 * routes, regular expression literals, negations, hex, labels...), so that each shape is met often, set in
 * a text between other characters: [vs, ve) is the value exactly.
 */
const VALUE_PIECES = [
  'a',
  'ab',
  'abc',
  'token',
  'secret',
  'key',
  'Foo',
  'Bar',
  'Baz',
  'X',
  'AB',
  'KEY',
  'PASSWORD',
  'SECRET',
  'TOKEN',
  '_KEY',
  '_TOKEN',
  '_',
  '1',
  '12',
  '2024',
  '0x',
  '0X',
  'dead',
  'BEEF',
  'f00d',
  '.',
  '?.',
  '..',
  '-',
  '/',
  '//',
  '#',
  ':',
  '::',
  '!',
  '!!',
  '[',
  ']',
  '[x]',
  '[]',
  '(',
  ')',
  '()',
  '{',
  '}',
  '{}',
  '<',
  '>',
  '$',
  '${',
  '%',
  '%(a)s',
  '*',
  'x',
  'xx',
  ' ',
  'g',
  'gi',
  'i',
  'null',
  'this',
  'true',
  ';',
  'function',
  'new ',
  'arn:',
  '--',
  'your_',
  'Hello',
  'world',
  'anonymous',
  'passw',
  'é',
  '\u212a',
  '😀',
  '\u00a0',
  'qwerty',
  'abcdef',
  '123456',
  'Zq8vR2mX7pL4nK9w',
  'same-origin',
  'include',
];
const valueText = fc
  .tuple(
    fc.string({ maxLength: 3 }),
    fc.array(fc.constantFrom(...VALUE_PIECES), { minLength: 1, maxLength: 7 }),
    fc.string({ maxLength: 3 }),
  )
  .map(([before, parts, after]) => ({
    text: before + parts.join('') + after,
    vs: before.length,
    ve: before.length + parts.join('').length,
  }));

/** The whole-value shapes themselves, built, then perhaps bent by one character (a near miss). */
const lower = fc.stringMatching(/^[a-z]{1,6}$/);
const upper = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,5}$/);
const word = fc.stringMatching(/^\w{1,6}$/);
const capital = fc.oneof(
  fc.stringMatching(/^[A-Z][a-z]{1,5}$/),
  fc.constantFrom('Secret', 'Secrets', 'Token', 'Key', 'Keys', 'Password', 'Passwd', 'Credential', 'Api', 'Apikey'),
);
const camel = fc
  .tuple(
    fc.oneof(lower, capital, fc.constantFrom('my', 'demo', 'super')),
    fc.array(capital, { maxLength: 6 }),
    fc.stringMatching(/^\d{0,5}$/),
  )
  .map(([a, b, d]) => a + b.join('') + d);
const SHAPED = [
  camel,
  fc.tuple(fc.constantFrom('', '?', '#', '@', '$'), camel).map(([s, c]) => s + c),
  fc.tuple(upper, fc.constantFrom('_PASSWORD', '_SECRET', '_TOKEN', '_KEY', 'KEY', '_KEYS')).map(([a, b]) => a + b),
  fc
    .tuple(word, fc.array(fc.stringMatching(/^[\w-]{1,5}$/), { minLength: 1, maxLength: 3 }), word)
    .map(([a, segs, b]) => `${a}/${segs.join('/')}#${b}`),
  fc
    .tuple(
      fc.constantFrom('[', '^', '(', 'a'),
      fc.stringMatching(/^[^\n/]{0,8}$/),
      fc.stringMatching(/^[dgimsuyv]{0,3}$/),
    )
    .map(([a, b, f]) => `/${a}${b}/${f}`),
  fc.tuple(fc.stringMatching(/^[A-Z]$/), fc.stringMatching(/^[a-z ]{1,8}$/)).map(([a, b]) => `${a}${b}:`),
  fc.tuple(fc.constantFrom('0x', '0X'), fc.stringMatching(/^[0-9a-fA-F]{1,8}$/)).map(([a, b]) => a + b),
  fc
    .tuple(
      fc.stringMatching(/^!{1,3}$/),
      fc.array(fc.constantFrom('[x]', '[1]', '[', ']', 'a', 'B', '_', '$', '.', '!', '1'), { maxLength: 6 }),
    )
    .map(([a, b]) => a + b.join('')),
  fc
    .tuple(
      fc.stringMatching(/^[A-Za-z_$][\w$]{0,4}$/),
      fc.array(
        fc.tuple(fc.constantFrom('.', '?.'), fc.stringMatching(/^[\w$]{1,4}$/)).map(([d, w]) => d + w),
        { maxLength: 3 },
      ),
      fc.constantFrom('', '[a', '(b.c', ')', ']]', '}:', ')]:', '['),
    )
    .map(([a, b, c]) => a + b.join('') + c),
  fc
    .tuple(fc.constantFrom('null', 'undefined', 'true', 'false', 'this', 'nul'), fc.constantFrom(')', ')x', '', '('))
    .map(([a, b]) => a + b),
  fc
    .tuple(fc.stringMatching(/^[A-Za-z_][\w.]{0,5}$/), fc.constantFrom('[', '<', '[]', '<x', '[1]', '(', '()', '{}'))
    .map(([a, b]) => a + b),
];
const bend = (v: string, at: number, c: string, how: number): string => {
  const i = v.length === 0 ? 0 : at % v.length;
  return how === 0
    ? v
    : how === 1
      ? v.slice(0, i) + c + v.slice(i + 1)
      : how === 2
        ? v.slice(0, i) + c + v.slice(i)
        : v.slice(0, i) + v.slice(i + 1);
};
const shapedText = fc
  .tuple(
    fc.string({ maxLength: 3 }),
    fc.oneof(...SHAPED),
    fc.nat(),
    fc.constantFrom('a', 'A', '1', '_', '-', '.', ':', '/', '#', '!', '[', ']', ' ', '$'),
    fc.nat(3),
    fc.string({ maxLength: 3 }),
  )
  .map(([before, v0, at, c, how, after]) => {
    const v = bend(v0, at, c, how);
    return { text: before + v + after, vs: before.length, ve: before.length + v.length };
  });

describe('the value checks over the index say what the string functions say of the slice', () => {
  it('on values built from the pieces of the shapes they look for, and on those shapes bent by a character', () => {
    const keys = KEYS.filter((k) => keyEntry(k) !== null);
    fc.assert(
      fc.property(fc.oneof(valueText, shapedText), fc.constantFrom(...keys), ({ text, vs, ve }, key) => {
        const ix = new ValueIndex();
        ix.reset(text, newWork());
        ix.beginSite(vs);
        const raw = text.slice(vs, ve);
        const a = skipSpace(ix, vs, ve);
        if (a < ve) {
          const b = dropTrailingSpace(ix, a, ve);
          const v = text.slice(a, b);
          expect(looksLikePlaceholderWin(ix, a, b), JSON.stringify(v)).toBe(ref.looksLikePlaceholder(v));
          expect(looksLikeCodeWin(ix, a, b, false), JSON.stringify(v)).toBe(ref.looksLikeCode(v, false));
          expect(looksLikeCodeWin(ix, a, b, true), JSON.stringify(v)).toBe(ref.looksLikeCode(v, true));
        }
        // (an unquoted secret starts with neither a blank nor a quote)
        if (raw !== '' && !/^[\s"'`]/.test(raw))
          expect(unquotedIsCodeWin(ix, vs, ve, vs, dropTrailingSpace(ix, vs, ve)), JSON.stringify(raw)).toBe(
            ref.unquotedSecretIsCode(raw),
          );
        const { cls, info } = keyEntry(key)!;
        const entropy = new EntropyWindow(ix);
        for (const quoted of [false, true])
          expect(scoreWin(ix, entropy, info, cls, vs, ve, quoted, false), `${key} ${JSON.stringify(raw)}`).toBe(
            ref.scoreAssignment(key, cls, raw, quoted, false),
          );
      }),
      { numRuns: 20000 },
    );
  });

  it('isReference, looksLikePlaceholder, looksLikeCode, looksSequential', () => {
    eachWindow(3000, (ix, _e, vs, ve) => {
      const a = skipSpace(ix, vs, ve);
      if (a === ve) return;
      const b = dropTrailingSpace(ix, a, ve);
      const v = ix.text.slice(a, b);
      expect(isReferenceWin(ix, a, b), JSON.stringify(v)).toBe(ref.isReference(v));
      expect(looksLikePlaceholderWin(ix, a, b), JSON.stringify(v)).toBe(ref.looksLikePlaceholder(v));
      expect(looksLikeCodeWin(ix, a, b, false), JSON.stringify(v)).toBe(ref.looksLikeCode(v, false));
      expect(looksLikeCodeWin(ix, a, b, true), JSON.stringify(v)).toBe(ref.looksLikeCode(v, true));
      expect(sequentialWin(ix, a, b), JSON.stringify(v)).toBe(ref.looksSequential(v));
    });
  });

  it('unquotedSecretIsCode and unquotedSecretEnd', () => {
    eachWindow(3000, (ix, _e, vs, ve) => {
      const text = ix.text;
      for (let q = 0; q < 4; q++)
        expect(unquotedSecretEndAt(ix, vs, q), `${JSON.stringify(text.slice(vs, vs + 300))} ${q}`).toBe(
          ref.unquotedSecretEnd(text, vs, QUOTES[q]!),
        );
      if (ve <= vs || /\s/.test(text[vs]!)) return;
      const v = text.slice(vs, ve);
      expect(unquotedIsCodeWin(ix, vs, ve, vs, dropTrailingSpace(ix, vs, ve)), JSON.stringify(v)).toBe(
        ref.unquotedSecretIsCode(v),
      );
    });
  });

  it('scoreAssignment, for every class of key, quoted or not, compared or assigned', () => {
    const keys = KEYS.filter((k) => keyEntry(k) !== null);
    eachWindow(1500, (ix, entropy, vs, ve) => {
      if (ve <= vs) return;
      const v = ix.text.slice(vs, ve);
      for (const key of [keys[vs % keys.length]!, keys[ve % keys.length]!]) {
        const { cls, info } = keyEntry(key)!;
        for (const quoted of [false, true])
          for (const comparison of [false, true])
            expect(
              scoreWin(ix, entropy, info, cls, vs, ve, quoted, comparison),
              `${key} ${JSON.stringify(v)} ${quoted} ${comparison}`,
            ).toBe(ref.scoreAssignment(key, cls, v, quoted, comparison));
        // an unquoted secret (it starts with neither a blank nor a quote): unquotedSecretIsCode first
        if (!/^[\s"'`]/.test(v))
          for (const comparison of [false, true])
            expect(
              scoreWin(ix, entropy, info, cls, vs, ve, false, comparison, true),
              `${key} ${JSON.stringify(v)} unquoted ${comparison}`,
            ).toBe(ref.unquotedSecretIsCode(v) ? 0 : ref.scoreAssignment(key, cls, v, false, comparison));
      }
    });
  });

  it('entropy thresholds, at and around the exact entropy (a window moving along the text)', () => {
    eachWindow(3000, (ix, entropy, vs, ve) => {
      if (ve <= vs) return;
      const h = ref.shannonEntropy(ix.text.slice(vs, ve));
      for (const needed of [h, h + 1e-12, h - 1e-12, h + 1e-7, h - 1e-7, 2.4, 2.7, 3, 3.1, 3.4])
        expect(entropy.atLeast(vs, ve, needed), `${JSON.stringify(ix.text.slice(vs, ve))} ${needed}`).toBe(h >= needed);
    });
  });

  it('the extended classes give the same counts whether filled with the basic ones or after them', () => {
    fc.assert(
      fc.property(windowText, fc.nat(2000), fc.nat(2000), (text, x, y) => {
        const late = new ValueIndex();
        late.reset(text, newWork());
        late.beginSite(0);
        late.count(SPACE, 0, Math.min(text.length, x)); // the basic classes first, some way
        const early = new ValueIndex();
        early.reset(text, newWork());
        early.beginSite(0);
        early.count(STOP, 0, 1); // both together from the start
        const b = Math.min(text.length, y);
        for (const c of [
          STOP,
          ESCQ,
          NOT_UNIT,
          OCCREF,
          K2,
          STEPALL,
          STEPLET,
          STEPDIG,
          R12V,
          R15V,
          Q8V,
          K1C,
          URL3,
          FLAG,
          SPACE,
          LOWER,
          DIGIT,
          BLANK_SEP,
        ])
          expect(late.count(c, 0, b), `${c} ${JSON.stringify(text.slice(0, b))}`).toBe(early.count(c, 0, b));
      }),
      { numRuns: 2000 },
    );
  });

  it('openQuoteBefore', () => {
    eachWindow(3000, (ix, _e, vs) => {
      expect(QUOTES[ix.openQuote(vs, lineWindowStart(ix, vs))]).toBe(ref.openQuoteBefore(ix.text, vs));
    });
  });

  it('the assignment pattern at each token start', () => {
    fc.assert(
      fc.property(fc.oneof(textOf(40), windowText, repeated), (text) => {
        const ix = new ValueIndex();
        ix.reset(text, newWork());
        for (let t = 0; t < text.length; t++) {
          if (t > 0 && /[\w.$@-]/.test(text[t - 1]!)) continue;
          ASSIGNMENT_STICKY.lastIndex = t;
          const m = ASSIGNMENT_STICKY.exec(text);
          const ok = matchAssignment(ix, t);
          expect(ok, JSON.stringify(text.slice(t, t + 80))).toBe(m !== null);
          if (!m) continue;
          const group = m[3] !== undefined ? 3 : m[4] !== undefined ? 4 : m[5] !== undefined ? 5 : 6;
          expect([match.keyEnd, match.opStart, match.opEnd, match.group, match.valueStart, match.valueEnd]).toEqual([
            m.indices![1]![1],
            m.indices![2]![0],
            m.indices![2]![1],
            group,
            m.indices![group]![0],
            m.indices![group]![1],
          ]);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('anonymousLoginNear, called for many passwords of one text', () => {
    fc.assert(
      fc.property(windows, ({ text, ws }) => {
        const logins = new LoginFields();
        logins.reset(text);
        for (const [s, e] of [...ws, ...ws, ...ws])
          expect(logins.near(s, e), JSON.stringify(text)).toBe(ref.anonymousLoginNear(text, s, e));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('placeholder words', () => {
  it('isPlaceholderWordAt says what a lower-cased slice says of the set (cases, U+212A, U+0130, other lengths)', () => {
    // The words as written in secrets-values.ts (the reference copies them too).
    const WORDS = [
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
    ];
    const set = new Set(WORDS);
    const variant = fc
      .tuple(
        fc.constantFrom(...WORDS),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom('upper', 'kelvin', 'dotted', 'drop', 'add')), { maxLength: 2 }),
      )
      .map(([w, edits]) => {
        let v = w;
        for (const [at, how] of edits) {
          const i = at % v.length;
          const ch = v[i]!;
          v =
            v.slice(0, i) +
            (how === 'upper'
              ? ch.toUpperCase()
              : how === 'kelvin' && ch === 'k'
                ? '\u212a'
                : how === 'dotted' && ch === 'i'
                  ? '\u0130'
                  : how === 'drop'
                    ? ''
                    : how === 'add'
                      ? `${ch}e`
                      : ch) +
            v.slice(i + 1);
        }
        return v;
      });
    fc.assert(
      fc.property(fc.string({ maxLength: 2 }), variant, fc.string({ maxLength: 2 }), (before, v, after) => {
        const text = before + v + after;
        expect(isPlaceholderWordAt(text, before.length, before.length + v.length), JSON.stringify(v)).toBe(
          set.has(v.toLowerCase()),
        );
      }),
      { numRuns: 5000 },
    );
  });
});

describe('keys', () => {
  it('keyClass splits a key into words as the first-written regular expressions did', () => {
    const part = fc.oneof(
      fc.constantFrom(
        ...KEYS,
        'Id',
        'ID',
        'ids',
        'Api',
        'API',
        'x',
        'X',
        '1',
        '_',
        '.',
        '-',
        '$',
        '@',
        'aB',
        'A1b',
        'tokenizer',
        'detokenize',
        'getKey',
        'isSecret',
      ),
      fc.stringMatching(/^[A-Za-z0-9_.$@-]{1,6}$/),
      fc.string({ maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), (parts) => {
        const key = parts.join('');
        expect(keyClass(key), key).toBe(ref.keyClass(key));
      }),
      { numRuns: 20000 },
    );
  });
});
