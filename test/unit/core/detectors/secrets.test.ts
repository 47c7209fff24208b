import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base62, crc32, shannonEntropy } from '../../../../src/core/detectors/checksums.js';
import { prepareSecretScanner, SECRET_FAMILIES, SECRET_RULE_IDS } from '../../../../src/core/detectors/secrets.js';
import { keyTokenStart } from '../../../../src/core/detectors/secrets-assignments.js';
import { keyClass } from '../../../../src/core/detectors/secrets-keys.js';
import {
  anonymousLoginNear,
  camelNamesASecret,
  distinctChars,
  filledTemplate,
  isReference,
  looksLikePlaceholder,
  looksSequential,
  namesPasswordField,
} from '../../../../src/core/detectors/secrets-values.js';
import { expectSortedDisjointSpans } from '../../../helpers/spans.js';
import { expectWithin } from '../../../helpers/hang-guard.js';

const scanner = prepareSecretScanner();

/** Deterministic pseudo-random token body (test fixtures are built, not copied from any corpus). */
function body(
  seed: number,
  length: number,
  alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
): string {
  let x = seed >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out += alphabet[(x >>> 16) % alphabet.length];
  }
  return out;
}

function found(text: string): Array<[string, string]> {
  return scanner.scan(text).map((m) => [m.type, text.slice(m.start, m.end)]);
}

const ghBody = body(7, 30);
const githubToken = `ghp_${ghBody}${base62(crc32(ghBody), 6)}`;
const jwt = [
  Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url'),
  Buffer.from('{"sub":"1234567890","name":"Test User","iat":1516239022}').toString('base64url'),
  body(3, 43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
].join('.');

describe('provider formats', () => {
  it.each([
    ['aws_access_key', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7EXAMPLE'],
    [
      'aws_secret_key',
      `AWS_SECRET_ACCESS_KEY="${body(1, 40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+')}"`,
      null,
    ],
    ['github_token', `token: ${githubToken}`, githubToken],
    ['gitlab_token', `CI_TOKEN=glpat-${body(2, 20)}`, null],
    ['openai_api_key', `OPENAI_API_KEY=sk-proj-${body(4, 20)}T3BlbkFJ${body(5, 20)}`, null],
    ['anthropic_api_key', `key sk-ant-api03-${body(6, 93)}AA`, null],
    ['slack_token', `SLACK=xoxb-123456789012-123456789012-${body(8, 24)}`, null],
    ['stripe_api_key', `stripe.key = "sk_live_${body(9, 24)}"`, null],
    ['google_api_key', `maps key AIza${body(10, 35)}`, null],
    ['npm_token', `//registry.npmjs.org/:_authToken=npm_${body(11, 36)}`, null],
    ['sendgrid_api_key', `SG.${body(12, 22)}.${body(13, 43)}`, null],
    ['jwt', `Authorization: Bearer ${jwt}`, jwt],
  ])('%s', (type, text, value) => {
    const matches = found(text);
    expect(matches.map((m) => m[0])).toContain(type);
    if (value) expect(matches).toContainEqual([type, value]);
  });

  it('reports a GitHub token with a valid CRC-32 checksum with higher confidence than a look-alike', () => {
    const fake = `ghp_${body(99, 36)}`;
    const [real] = scanner.scan(`x ${githubToken}`);
    const [other] = scanner.scan(`x ${fake}`);
    expect(real!.score).toBeGreaterThan(other!.score);
  });

  it('reports a PEM private key block from BEGIN through END, but not a bare header in prose', () => {
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${body(14, 64, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}\n${body(15, 64, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}\n-----END RSA PRIVATE KEY-----`;
    const text = `key:\n${pem}\nrest`;
    expect(found(text)).toEqual([['private_key', pem]]);
    expect(found('Paste the -----BEGIN PRIVATE KEY----- line here.')).toEqual([]);
  });
});

describe('keys that hold no credential in API payloads', () => {
  const v = body(21, 32);
  it.each([
    [`{"nextPageToken": "${v}", "items": []}`],
    [`https://www.googleapis.com/drive/v3/files?pageToken=${v}&fields=files`],
    [`{"NextToken": "${v}"}`],
    [`{"continuationToken": "${v}", "sync_token": "${v}"}`],
    [`{"public_key": "${v}", "stripe_publishable_key": "${v}"}`],
    [`{"idempotency_key": "${v}", "partition_key": "${v}"}`],
  ])('pagination positions, published keys and record keys: %s', (text) => {
    expect(found(text)).toEqual([]);
  });
  it('still reports the tokens and keys beside them', () => {
    expect(found(`{"access_token": "${v}", "api_key": "${v}", "private_key": "${v}"}`)).toHaveLength(3);
  });
});

describe('Azure SAS signatures', () => {
  const sig = `${body(20, 43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}%3D`;
  it('reports the sig of a SAS token (it carries the signed version sv=)', () => {
    const url = `https://acct.blob.core.windows.net/c/f.txt?sv=2021-06-08&ss=b&srt=sco&sp=r&se=2030-01-01&sig=${sig}`;
    expect(found(url)).toEqual([['azure_storage_key', sig]]);
    expect(found(`SharedAccessSignature=sv=2021-06-08&sp=r&sig=${sig}`)).toEqual([['azure_storage_key', sig]]);
  });
  it('leaves the sig parameter of other signed URLs alone, and a parameter that only ends in sig', () => {
    expect(found(`https://cdn.example.net/v.m3u8?expires=1700000000&sig=${sig}`)).toEqual([]);
    expect(found(`https://cdn.example.net/v.m3u8?sv=2021-06-08&hsig=${sig}`)).toEqual([]);
  });
});

describe('Service Bus, Event Hubs and IoT Hub SAS tokens (session 38)', () => {
  const sig = `${body(380, 43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}%3D`;
  const resource = 'https%3A%2F%2Fns-demo.servicebus.windows.net%2Forders';

  it('reports the sig of a `SharedAccessSignature sr=...&sig=...&se=...` token, not the scheme word before it', () => {
    for (const text of [
      `Endpoint=sb://ns-demo.servicebus.windows.net/;SharedAccessSignature=SharedAccessSignature sr=${resource}&sig=${sig}&se=1767225600&skn=Send`,
      `Authorization: SharedAccessSignature sr=hub-demo.azure-devices.net%2Fdevices%2Fdev1&sig=${sig}&se=1767225600`,
      `SharedAccessSignature sig=${sig}&se=1767225600&skn=RootManageSharedAccessKey&sr=${resource}`,
    ])
      expect(found(text), text).toEqual([['azure_storage_key', sig]]);
  });

  it('leaves a sig without the token scheme, sr and a numeric se alone, and the scheme word itself', () => {
    for (const text of [
      `https://tiles.example.net/map?x=1&sig=${sig}&se=1767225600`,
      `SharedAccessSignature sr=${resource}&sig=${sig}`, // no expiry: no SAS token
      `SharedAccessSignature sig=${sig}&se=1767225600`, // no resource
      `SharedAccessSignature sr=${resource}&sig=${sig}&se=tomorrow`,
      `the SharedAccessSignature header; sr=${resource}&sig=${sig}&se=1767225600`,
      'SharedAccessSignature=SharedAccessSignature sr={resource}&sig={signature}&se={expiry}',
    ])
      expect(found(text), text).toEqual([]);
  });
});

describe('signed URLs and signed requests', () => {
  const gcsSignature = body(21, 512, '0123456789abcdef');
  const gcsUrl =
    'https://storage.googleapis.com/media-bucket/cat.jpeg?X-Goog-Algorithm=GOOG4-RSA-SHA256' +
    '&X-Goog-Credential=uploader%40media-project.iam.gserviceaccount.com%2F20250301%2Fauto%2Fstorage%2Fgoog4_request' +
    `&X-Goog-Date=20250301T101500Z&X-Goog-Expires=900&X-Goog-SignedHeaders=host&X-Goog-Signature=${gcsSignature}`;
  it('reports neither the credential scope nor the signature of a GCS V4 signed URL', () => {
    // (the bucket host is an infrastructure identifier, reported as such)
    expect(found(gcsUrl).map(([type]) => type)).toEqual(['cloud_storage_bucket']);
    const slashes =
      'X-Goog-Credential: uploader@media-project.iam.gserviceaccount.com/20250301/auto/storage/goog4_request';
    expect(found(slashes)).toEqual([]);
  });
  it('reports the access key id of an AWS SigV4 credential scope, not the scope', () => {
    const id = 'AKIAQ3EGZ7LXYR2TWN5B';
    const header = `Authorization: AWS4-HMAC-SHA256 Credential=${id}/20250301/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=${body(22, 64, '0123456789abcdef')}`;
    expect(found(header)).toEqual([['aws_access_key', id]]);
    const url = `https://b.s3.amazonaws.com/k?X-Amz-Credential=${id}%2F20250301%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Signature=${body(23, 64, '0123456789abcdef')}`;
    expect(found(url).filter(([type]) => type !== 'cloud_storage_bucket')).toEqual([['aws_access_key', id]]);
  });
  it('still reports a credential value that only ends like a scope', () => {
    const value = `${body(24, 24)}/goog4_request`;
    expect(found(`X-Goog-Credential=${value}`)).toEqual([['generic_secret', value]]);
  });
});

describe('names, versions, paths and translations under credential-named keys', () => {
  it.each([
    // comparisons with a name, not a literal
    'if token == Literal and value == "}":',
    'while data["password"] != data["confirm"]:',
    'if cache_token != current_token:',
    '} else if (token === RIGHT_BRACKET && this.mode === ARRAY) {',
    // scopes, cut expressions, attributes of self and names for the key itself
    'bool parseToken(AsmToken::TokenKind T);',
    'hide node::credentials::HasOnly outside unit',
    'PRIVATE_KEY_TYPES = typing.Union[',
    'self.passwd = password_mgr',
    'self.key_password = key_password',
    'RegEnumKey = win32api.RegEnumKey',
    // capitalised words, colours, lexer kinds, regular expressions
    'token = Punctuation',
    ':param refresh_token: Unicode refresh token string.',
    'Token.String: "#AB0909",',
    'lastSignificantToken = "?NoLineTerminatorHere";',
    'IPV4_PAT = r"(?:[0-9]{1,3}\\.){3}[0-9]{1,3}"',
    // members that are no credential, positions in a text or tree
    'tokenData.cidr_whitelist = validCIDR',
    'if (keyTag === "tag:yaml.org,2002:merge") {',
    'const tokenStart = input.pos7',
    // compact JSON after a number (a line longer than the 256 characters read back for an open quote: the
    // value ran over the quotes), numbers with digit separators
    '{"choices":[{"logprobs":{"content":[{"token":"Hello","logprob":-0.31,"bytes":[72,101,108,108,111]},' +
      '{"token":" world","logprob":-1.2},{"token":"!\\n","logprob":-2.5},{"token":"ing","logprob":-0.2},' +
      '{"token":"Xk9","logprob":-3}]}}],"usage":{"prompt_tokens":123,"completion_tokens":456,"total_tokens":579}}',
    'token_budget: 1_000_000',
    // dependency versions, file paths, translations
    '"js-tokens": "^4.0.0",',
    '"@esfx/canceltoken": "~1.0.0-beta.2",',
    '"bin": { "secretlint": "bin/secretlint.js" }',
    '"Unexpected_token_A_constructor_was_expected_1068": "予期しないトークンです。コンストラクターが必要です。",',
    // how passwords are stored: a setting, not a password
    'password_encryption = scram-sha-256 # or md5',
    'PASSWORD_ENCODER=bcrypt-sha256-v2',
    'passwordEncoding: pbkdf2-sha512',
  ])('reports nothing in %j', (line) => {
    expect(found(line)).toEqual([]);
  });

  it('still reports literals beside them', () => {
    expect(found('if token == "Zt7QmW2xR9vK4pL8":')).toEqual([['generic_secret', 'Zt7QmW2xR9vK4pL8']]);
    expect(found('self.passwd = "Xk9mQ2vL7pR4"')).toEqual([['password', 'Xk9mQ2vL7pR4']]);
    expect(found('spring.datasource.password=Xk9mQ2vL7pR4')).toEqual([['password', 'Xk9mQ2vL7pR4']]);
    expect(found('db.pass = Xk9mQ2vL7pR4')).toEqual([['password', 'Xk9mQ2vL7pR4']]);
    expect(found('api_token = Zt7QmW2xR9vK4pL8')).toEqual([['generic_secret', 'Zt7QmW2xR9vK4pL8']]);
    // a password need not be ASCII, nor anything but a word
    expect(found('password: "Pässwörter-2024"')).toEqual([['password', 'Pässwörter-2024']]);
    expect(found('password = Sommerwind')).toEqual([['password', 'Sommerwind']]);
    // a key for encrypting passwords is a key
    expect(found('db_password_encryption_key = "Zq8vL2mN4pR7sT1w"')).toEqual([['password', 'Zq8vL2mN4pR7sT1w']]);
  });
});

describe('connection strings and generic assignments', () => {
  it('reports the password of a URL and of a key=value connection string, not the whole string', () => {
    expect(found('DATABASE_URL=postgres://app:Sup3r-S3cret@db.internal:5432/app')).toContainEqual([
      'connection_string',
      'Sup3r-S3cret',
    ]);
    expect(found('Server=db1;Database=app;User Id=svc;Password=Wint3r!2024;')).toContainEqual([
      'connection_string',
      'Wint3r!2024',
    ]);
  });

  it('reports a password among key=value pairs separated by `;` or `,` (the text after it is the next pair, not code)', () => {
    expect(found('password=Xk9mQ2vL7pR4;user=bob')).toEqual([['password', 'Xk9mQ2vL7pR4']]);
    expect(found('password=X9k2,user=bob')).toEqual([['password', 'X9k2']]);
    expect(found('pwd=Xk9mQ2vL7pR4,uid=bob')).toEqual([['password', 'Xk9mQ2vL7pR4']]);
    // Still code: a value followed by an operator, or statements with spaced `=`.
    expect(found('password=getPass();user=bob')).toEqual([]);
    expect(found('password = pw; user = bob;')).toEqual([]);
  });

  it('reports a random-looking bare value that ends a call, a statement or a sentence at `)`, `,` or `;`', () => {
    const t = body(29, 20);
    expect(found('my password=Zq8vT3kLm9Rw2Xy, please check')).toEqual([['password', 'Zq8vT3kLm9Rw2Xy']]);
    expect(found(`(api_token=${t})`)).toEqual([['generic_secret', t]]);
    expect(found(`Client(api_key=${t})`)).toEqual([['generic_secret', t]]);
    expect(found(`export API_KEY=${t};\nexport X=1`)).toEqual([['generic_secret', t]]);
    // Names and expressions there are code (a value there needs a digit, and not as a type or algorithm
    // spells it: `TOperator;`, `Uint8Array,`, `sha256)`), and so is a value that code goes on after.
    for (const code of [
      'f(password=get_password(), x)',
      'token=req.token;',
      "Client(api_key=os.environ['X'])",
      'f(password=None, x)',
      'f(password=db_password2)',
      'kind = types$1.starstar;',
      'readonly operatorToken: TOperator;',
      'function sign(secretKey: Uint8Array, message: Uint8Array) {}',
      'const key = derive(hash=sha256, secret=secp256k1);',
      // a Markdown image inside a link: `)](` goes on
      `[![coverage](https://codecov.io/gh/org/repo/graph/badge.svg?token=${body(31, 10)})](https://codecov.io/gh/org/repo)`,
      `f(token=${t}).then(g)`,
    ])
      expect(found(code), code).toEqual([]);
  });

  it('reports hard-coded passwords and tokens in code and config', () => {
    expect(found('db_password = "c0rrect-h0rse"')).toEqual([['password', 'c0rrect-h0rse']]);
    expect(found(`client_secret: ${body(16, 32)}`)).toEqual([['generic_secret', body(16, 32)]]);
    expect(found('<add key="SmtpPassword" value="Tr0ub4dor&amp;3"/>')).toEqual([['password', 'Tr0ub4dor&amp;3']]);
    expect(found('The admin password is "blue-horse-77".')).toEqual([['password', 'blue-horse-77']]);
  });

  it('finds credentials in URL query strings and HTTP headers written as strings', () => {
    const t = body(21, 40);
    expect(found(`GET https://api.example.com/v1/items?limit=10&access_token=${t}&page=2`)).toEqual([
      ['generic_secret', t],
    ]);
    expect(found(`curl --header 'X-Api-Token: ${t}' https://api.example.com`)).toEqual([['generic_secret', t]]);
  });

  it('finds setter calls and subscript assignments', () => {
    const t = body(22, 24);
    expect(found(`define( 'DB_PASSWORD', 'Wq7-rT2p' );`)).toEqual([['password', 'Wq7-rT2p']]);
    expect(found(`os.environ["API_KEY"] = "${t}"`)).toEqual([['generic_secret', t]]);
    expect(found('key = Buffer.from("accountKey", "base64")')).toEqual([]);
  });

  it('finds credentials in XML elements and command-line flags', () => {
    expect(found('<db><password>Wq7-rT2p!</password></db>')).toEqual([['password', 'Wq7-rT2p!']]);
    expect(found('mysqladmin --password=Wq7-rT2p! status')).toEqual([['password', 'Wq7-rT2p!']]);
    expect(found('docker login --password-stdin --username deploy')).toEqual([]);
    expect(found('<name>password</name>')).toEqual([]);
  });

  it('does not read text inside a string as an assignment', () => {
    expect(
      found('labels = {usernameLabel:"User:",passwordLabel:"Password:",rememberLabel:"Keep me signed in"}'),
    ).toEqual([]);
  });

  it('stays quiet on placeholders, references, code and labels', () => {
    for (const text of [
      'password = "${DB_PASSWORD}"',
      'password: <your-password>',
      'PASSWORD=$(cat /run/secrets/db)',
      'api_key = os.environ["API_KEY"]',
      'token = getToken()',
      'secret = process.env.SECRET',
      'passwordLabel: "Password:"',
      'password = "xxxxxxxx"',
      'api_key = "abcdefghij1234567890"',
      'password = ""',
      'token_type: "bearer"',
      'password_min_length = 12',
      'The password policy requires 12 characters.',
      'Password: reset it through the self-service portal',
      'Token: expired yesterday, please renew',
      'secret: "my-app-secret-name"',
      'Authorization: Bearer <token>',
      'export OPENAI_API_KEY=sk-...',
      'sha256sum: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    ]) {
      expect(found(text), text).toEqual([]);
    }
  });

  it('stays quiet on ordinary source code that merely names secrets', () => {
    const code = [
      'class Store {',
      '  private readonly secrets: string[];',
      '  constructor(token: TokenSource | undefined, apiKey = options.apiKey ?? defaultKey) {',
      '    const tokens = text.split(/\\s+/);',
      "    if (typeof apiKey !== 'function') this.key = apiKey;",
      "    this.session = { withCredentials: enumerableProperty, credentials: 'include' };",
      "    const verdicts = { pass: 'allow', fail: 'block' };",
      '    const AUTH_METHODS = { NO_AUTH: 0x00, USERNAME_PASSWORD: 0x02 };',
      '    settings.clientSecret = clientSecret;',
      '  }',
      '}',
    ].join('\n');
    expect(found(code)).toEqual([]);
  });

  it('classifies keys by the secret they name', () => {
    expect(keyClass('DB_PASSWORD')).toBe('password');
    expect(keyClass('smtpPass')).toBe('password');
    expect(keyClass('clientSecret')).toBe('secret');
    expect(keyClass('API_KEY')).toBe('secret');
    expect(keyClass('cache_key')).toBe('key');
    expect(keyClass('passport_number')).toBeNull();
    expect(keyClass('password_label')).toBeNull();
  });

  it('recognises references, placeholders and alphabet walks', () => {
    expect(isReference('$HOME')).toBe(true);
    expect(isReference('%APPDATA%')).toBe(true);
    expect(isReference('{{ secrets.token }}')).toBe(true);
    expect(isReference('hunter2')).toBe(false);
    expect(looksLikePlaceholder('changeme-please-0000')).toBe(false);
    expect(looksLikePlaceholder('<token>')).toBe(true);
    expect(looksSequential('a1b2c3d4e5f6g7h8')).toBe(true);
    expect(looksSequential(body(17, 32))).toBe(false);
  });
});

describe('schemeless logins (user:password@host[:port])', () => {
  const pw = `k${body(31, 10)}7`;

  it('reports the password of a login pasted without a scheme', () => {
    for (const text of [
      `connect with admin:${pw}@db.example.com:5432 please`,
      `deploy:${pw}@10.0.0.12`,
      `app:${pw}@localhost`,
      `admin:${pw}@db:5432`,
      `DATABASE=admin:${pw}@db.example.com.`,
    ])
      expect(found(text), text).toEqual([['connection_string', pw]]);
    // A weak word counts when a port, an IP address or localhost makes it a login.
    expect(found('postgres:postgres@localhost:5432')).toEqual([['connection_string', 'postgres']]);
  });

  it('leaves addresses, scp and ssh targets, times, digests and placeholders alone', () => {
    for (const text of [
      'git@github.com:org/repo.git',
      'ssh ubuntu@host.example.com',
      'Email:jane.doe2@example.com',
      'mailto:jane@example.com',
      'sip:alice1@atlanta.example.com',
      'Bob:jane.doe@example.com',
      'meet at 10:30@venue.example.com',
      'image: node:20-alpine@sha256:4d2c9f0e',
      'npm:lodash@4.17.21',
      'user:pass@db.example.com:5432',
      'admin:<password>@db.example.com',
      'admin:****@db.example.com',
      'admin:${DB_PASSWORD}@db.example.com',
      'admin:s3cret@nohost',
    ])
      expect(found(text), text).toEqual([]);
    // The URL form stays the URL rule's: one finding.
    expect(found(`postgres://admin:${pw}@db.example.com/app`)).toEqual([['connection_string', pw]]);
  });
});

describe('values that name the credential, key identifiers and the anonymous account', () => {
  const pw = `Qv7${body(21, 9)}`;

  it('does not report a connection-string password that is the name of the field', () => {
    for (const text of [
      'redis://user:pass@localhost:6379',
      'socks5://username:password@proxy.local:1080',
      'Server=db1;User ID=app;Password=PASSWORD;',
    ]) {
      expect(found(text), text).toEqual([]);
    }
    // Any other literal, even a weak word, is still a password.
    expect(found(`redis://user:${pw}@localhost:6379`)).toEqual([['connection_string', pw]]);
    expect(found('Server=db1;User ID=app;Password=myPassword;')).toEqual([['connection_string', 'myPassword']]);
    expect(found('mysql://app:secret@db.local/app')).toEqual([['connection_string', 'secret']]);
  });

  it('does not report an assigned value that only names the credential', () => {
    for (const text of [
      "password: 'pass'",
      "headers: { 'X-TOKEN-SECRET': 'SuperSecretToken' }",
      'const apiKey = "myApiKey";',
      'client_secret = "DemoClientSecret1"',
    ]) {
      expect(found(text), text).toEqual([]);
    }
    expect(found(`password: '${pw}'`)).toEqual([['password', pw]]);
    expect(camelNamesASecret('SuperSecretToken')).toBe(true);
    expect(camelNamesASecret('secret')).toBe(false);
    expect(camelNamesASecret('TokenizerMode')).toBe(false);
    expect(camelNamesASecret(body(22, 24))).toBe(false);
    expect(namesPasswordField('Passwd')).toBe(true);
    expect(namesPasswordField('letmein')).toBe(false);
  });

  it('treats a camelCase name that starts with a function verb as a function or flag, not a credential', () => {
    expect(keyClass('generateKey')).toBeNull();
    expect(keyClass('s.getToken')).toBeNull();
    expect(keyClass('hasSecret')).toBeNull();
    // Verbs that also begin real credential names keep them.
    expect(keyClass('verifyToken')).toBe('secret');
    expect(keyClass('signingKey')).toBe('secret');
    expect(keyClass('get_token')).toBe('secret');
    expect(found('s.generateKey=n.pbe.deriveKeyPkcs12v1},function(e){')).toEqual([]);
  });

  it('treats a key id as an identifier, not a key', () => {
    expect(keyClass('localKeyIdHex')).toBeNull();
    expect(keyClass('signing_key_id')).toBeNull();
    expect(keyClass('signing_key')).toBe('secret');
    const hex = body(23, 40, '0123456789abcdef');
    expect(found(`getBags({ localKeyIdHex: '${hex}' })`)).toEqual([]);
  });

  it('does not report the password of the anonymous account', () => {
    const c = (user: string) =>
      `conn = alloc(sizeof(*conn));\nconn->user = "${user}";\nconn->password = "ftpclient@";\n`;
    expect(found(c('anonymous'))).toEqual([]);
    expect(found(c('deploy'))).toEqual([['password', 'ftpclient@']]);
    expect(found('ftp://anonymous:guest%40example.org@ftp.example.org/pub')).toEqual([]);
    expect(found(`ftp://deploy:${pw}@ftp.example.org/pub`)).toEqual([['connection_string', pw]]);
    expect(found('Server=ftp1;User ID=anonymous;Password=me@host;')).toEqual([]);
    expect(anonymousLoginNear('login: anonymous\npassword: x', 27, 28)).toBe(true);
    expect(anonymousLoginNear('login: anonymously\npassword: x', 29, 30)).toBe(false);
    // Only the login the password belongs to counts: the nearest user-name field, not any in the window.
    const twoLogins = `[ftp]\nuser = anonymous\npassword = ftpclient@\n[db]\nuser = app\npassword = ${pw}\n`;
    expect(found(twoLogins)).toEqual([['password', pw]]);
  });
});

describe('CVS roots and netrc templates', () => {
  const pw = `Rm4${body(43, 9)}`;

  it('reads a CVS root as an access method and a user name, not a password', () => {
    expect(found('cvs -d cvs://:pserver:anoncvs@cvs.example.org:/cvs/src login')).toEqual([]);
    expect(found('CVSROOT=cvs://:ext:jdoe@cvs.example.org:/srv/cvs')).toEqual([]);
    // a password given in the root is still reported
    expect(found(`cvs://:pserver:jdoe:${pw}@cvs.example.org:/cvs`)).toEqual([
      ['connection_string', `pserver:jdoe:${pw}`],
    ]);
  });

  it('does not report a netrc line whose password is the field name itself, and reports one at the score of its rule', () => {
    expect(found('echo machine build.example.org login username password password >> ~/.netrc')).toEqual([]);
    const m = scanner.scan(`machine build.example.org login deploy password ${pw}`);
    expect(m.map((x) => [x.type, x.score])).toEqual([['netrc_credentials', 0.9]]);
  });
});

describe('code, markup, unpacking, format strings and flags named in prose', () => {
  const pw = `Rm4${body(43, 9)}`;

  it('does not report minified code or markup that an unquoted token value runs into', () => {
    // a compiled enum, an arrow function, a compiled assignment chain, HTML, an ABNF rule
    expect(found('(x=>(x[x.EofToken=1]="EofToken",x[x.CommaToken=2]="CommaToken",x))(K||{})')).toEqual([]);
    expect(found('Unbound:({token:q})=>`Bad token ${q}. Move it into the body`')).toEqual([]);
    expect(found('function k(r){let n=O(7);return n.token=132,n.flags|=4,n}function z(){}')).toEqual([]);
    expect(found('<li>Only set when <code>opts</code> has <code>tokens: true</code>.</li>')).toEqual([]);
    expect(found('   token = 1*<any CHAR except CTLs or separators>')).toEqual([]);
    // nullish coalescing in minified code, an ABNF repetition, the type of a parameter in a signature
    expect(found('function q(a,_){let c=N(9);return c.token=_??118,c.kind=a,c}')).toEqual([]);
    expect(found('   token          = 1*tchar')).toEqual([]);
    expect(found('  export function unwrapKey(privateKey: pki.Asn1Node): crypto.KeyObject;')).toEqual([]);
    // a Python annotation naming a private key class (forward reference in quotes)
    expect(found('def _sign(backend: "Backend", private_key: "_ECPrivateKey", data: bytes):')).toEqual([]);
    expect(found('    signing_key: "__HMACSecretKey",')).toEqual([]);
    expect(camelNamesASecret('RSAPrivateKey')).toBe(true);
    expect(camelNamesASecret('RSAPRIVATEKEY')).toBe(false);
    // A token without such characters is still one, and a password keeps its quotes and brackets.
    const tok = body(41, 32);
    expect(found(`API_TOKEN=${tok}`)).toEqual([['generic_secret', tok]]);
    expect(found(`DB_PASSWORD=Xk9"mQ2<vL7`)).toEqual([['password', 'Xk9"mQ2<vL7']]);
    expect(found('DB_PASSWORD=Xk9?mQ2*vL7')).toEqual([['password', 'Xk9?mQ2*vL7']]);
    expect(found(`API_TOKEN=4*${tok}`)).toEqual([['generic_secret', `4*${tok}`]]);
  });

  it('does not report the targets of an unpacking, a format string or prose naming a flag', () => {
    expect(found('        username, password = url_user_pw\n')).toEqual([]);
    expect(found('host, _, db_password = parts\nuser, pass := split(creds)')).toEqual([]);
    expect(found("    user_pass = '%s:%s' % (quote(user), quote(pw))")).toEqual([]);
    expect(found('Give the --username and --password options instead of a URL.')).toEqual([]);
    // One target, a sentence with a colon and a flag with a value are still reported.
    expect(found(`password = ${pw}`)).toEqual([['password', pw]]);
    expect(found(`Hi, password: ${pw}`)).toEqual([['password', pw]]);
    expect(found(`user, password = "bob", "x"\nmysql --password ${pw}`)).toEqual([['password', pw]]);
  });
});

describe('keys inside code spans and conditionals, PuTTY key files', () => {
  it('does not read a Markdown code span or the branch of a conditional as an assignment', () => {
    expect(found('Connection strings: ADO.NET `Password=` strings, `.netrc` entries and URLs.')).toEqual([]);
    expect(found("const kind = strict ? 'password' : 'open_text';")).toEqual([]);
    // A quoted key in an object literal still is one.
    expect(found("const creds = { 'password': 'Zx9vQ2mnB7' };")).toEqual([['password', 'Zx9vQ2mnB7']]);
  });

  it('reports a PuTTY key file through its private part, and not a bare header written by code', () => {
    expect(found('out = "PuTTY-User-Key-File-2: ssh-rsa\\r\\n"; out += "Encryption: " + cipher;')).toEqual([]);
    expect(
      found('out = "PuTTY-User-Key-File-2: ssh-rsa\\r\\n"; out += "Private-Lines: " + count + "\\r\\n" + lines;'),
    ).toEqual([]);
    const ppk = [
      'PuTTY-User-Key-File-3: ssh-ed25519',
      'Encryption: none',
      'Comment: build-key',
      'Public-Lines: 2',
      body(31, 64),
      body(32, 20),
      'Private-Lines: 1',
      body(33, 48),
      `Private-MAC: ${body(34, 64, '0123456789abcdef')}`,
    ].join('\n');
    expect(found(`key file:\n${ppk}\nend`)).toEqual([['private_key', ppk]]);
    const noMac = ppk.slice(0, ppk.indexOf('\nPrivate-MAC'));
    expect(found(`${noMac}\nnext line`)).toEqual([['private_key', noMac]]);
  });
});

describe('infrastructure identifiers', () => {
  it('reports account-owned ARNs but not AWS-managed ones', () => {
    expect(found('role arn:aws:iam::123456789012:role/deployer')).toEqual([
      ['aws_arn', 'arn:aws:iam::123456789012:role/deployer'],
    ]);
    expect(found('policy arn:aws:iam::aws:policy/ReadOnlyAccess')).toEqual([]);
  });
});

describe('scanner options and robustness', () => {
  it('limits the catalogue to the requested families and reports unknown ones', () => {
    const cloudOnly = prepareSecretScanner({ families: ['cloud', 'nonsense'] });
    expect(cloudOnly.families).toEqual(['cloud']);
    expect(cloudOnly.unknownFamilies).toEqual(['nonsense']);
    expect(cloudOnly.scan(`AKIAIOSFODNN7EXAMPLE ${githubToken}`).map((m) => m.type)).toEqual(['aws_access_key']);
    expect(SECRET_FAMILIES).toContain('generic');
    expect(SECRET_RULE_IDS).toContain('github_token');
  });

  it('property: arbitrary input never throws and matches are in bounds, sorted and disjoint', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: 'binary' }), (text) => {
        expectSortedDisjointSpans(scanner.scan(text), text.length);
      }),
      { numRuns: 300 },
    );
  });

  it('property: a planted token is found wherever it sits in random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.string({ maxLength: 80 }), (before, after) => {
        const text = `${before.replace(/[\w-]$/, ' ')} ${githubToken} ${after.replace(/^[\w-]/, ' ')}`;
        const hit = scanner.scan(text).find((m) => m.type === 'github_token');
        expect(hit && text.slice(hit.start, hit.end)).toBe(githubToken);
      }),
      { numRuns: 200 },
    );
  });

  it('stays fast on hostile input', () => {
    const hostile = [
      'https://user:Pa55word@'.repeat(20_000),
      'password='.repeat(20_000),
      'a:'.repeat(100_000),
      'eyJ'.repeat(50_000),
      '-----BEGIN PRIVATE KEY-----'.repeat(3_000),
      'x://'.repeat(50_000),
      '$2a$'.repeat(50_000),
      // Schemeless logins: many '@', long blank-free runs before them, hosts of many labels that fail late.
      'a:b@c.d '.repeat(20_000),
      'a@b.cc'.repeat(30_000),
      'x'.repeat(200_000),
      ('a:b@' + 'b.'.repeat(120) + 'c ').repeat(500),
    ].join('\n');
    expectWithin(8000, () => scanner.scan(hostile));
  });

  // Each key header searched for its footer to the end of the text: 1 MB of PEM headers took 16 s.
  it.each([
    ['PEM headers with no footer', '-----BEGIN PRIVATE KEY-----'.repeat(38_000)],
    [
      'PEM headers, a footer with no closing dashes, then prose',
      `${'-----BEGIN PRIVATE KEY-----\nab\n'.repeat(16_000)}-----END${' word'.repeat(100_000)}`,
    ],
    ['PuTTY headers with a line count and no MAC', 'PuTTY-User-Key-File-2: ssh-rsa\nPrivate-Lines: 1\n'.repeat(20_000)],
  ])('searches each stretch once for the end of a key block: %s', (_name, text) => {
    const matches = expectWithin(3000, () => scanner.scan(text));
    expectSortedDisjointSpans(matches, text.length);
  });
});

describe('catalogue values written as fill-in instructions', () => {
  it.each([
    '"client_secret": "REPLACE_WITH_YOUR_SECRET"',
    'MISTRAL_API_KEY=your_mistral_api_key_goes_here_123',
    'vault_token = s.your-vault-token-goes-here-now',
    'SLACK_BOT_TOKEN=xoxb-your-bot-token-goes-here',
    'postgres://user:your_password@localhost/db',
    'Server=db;Database=x;User Id=sa;Password=your_password_here;',
    'mysql://app:example@db.example.com/x',
  ])('reports nothing in %j', (line) => {
    expect(found(line)).toEqual([]);
  });

  it('still reports real values of those rules, a chosen password with the word, and password hashes', () => {
    const slack = `xoxb-123456789012-123456789012-${body(31, 24)}`;
    expect(found(`SLACK_BOT_TOKEN=${slack}`)).toEqual([['slack_token', slack]]);
    expect(found('postgres://u:love_your_dog@db.example.com/x')).toEqual([['connection_string', 'love_your_dog']]);
    const hash = `$1$${body(32, 8)}$${body(33, 22)}`;
    expect(found(`root:${hash}:19000:0:99999:7:::`).map((m) => m[0])).toContain('password_hash');
  });
});

describe('templates written out with a fill-in character', () => {
  const x = (n: number, c = 'x'): string => c.repeat(n);

  it.each([
    ['stripe', `STRIPE_SECRET_KEY=sk_live_${x(24)}`],
    ['github', `export GITHUB_TOKEN=ghp_${x(36, 'X')}`],
    ['aws key id', `aws_access_key_id = AKIA${x(16, 'X')}`],
    ['slack, in groups', `SLACK_BOT_TOKEN=xoxb-${x(12)}-${x(13)}-${x(24)}`],
    ['anthropic, after its version', `ANTHROPIC_API_KEY=sk-ant-api03-${x(95)}`],
    ['openai project key', `OPENAI_API_KEY=sk-proj-${x(64)}`],
    ['digitalocean, zeros', `DO_TOKEN=dop_v1_${x(64, '0')}`],
    ['shopify, zeros', `shpat_${x(32, '0')}`],
    ['a labelled AWS secret key', `aws_secret_access_key = ${x(40)}`],
  ])('does not report a %s template', (_name, text) => {
    expect(found(text)).toEqual([]);
  });

  it('still reports a token with a few fill-in characters, or filled with letters that are not fill-in ones', () => {
    const someX = `sk_live_${body(21, 12)}${x(12)}`;
    expect(found(`key ${someX}`)).toEqual([['stripe_api_key', someX]]);
    const letters = `shpat_${x(32, 'a')}`;
    expect(found(`token ${letters}`)).toEqual([['shopify_token', letters]]);
    // zeros in some groups and x in others: two fill-in characters, left to the format
    const mixed = `xoxb-${x(12, '0')}-${x(13, '0')}-${x(24)}`;
    expect(found(`SLACK=${mixed}`)).toEqual([['slack_token', mixed]]);
  });

  it('leaves a password of zeros to the connection-string rules (a person may choose one)', () => {
    const text = `postgres://app:${x(12, '0')}@db.example.com/orders`;
    expect(found(text)).toEqual([['connection_string', x(12, '0')]]);
  });

  it('reads the fill after the keyword prefix: twelve fill-in characters, and others fewer than half of them and six at most', () => {
    expect(filledTemplate(`sk_live_${x(12)}`, ['sk_live_'])).toBe(true);
    expect(filledTemplate(`sk_live_${x(11)}`, ['sk_live_'])).toBe(false);
    expect(filledTemplate(`sk_live_abc12${x(12)}`, ['sk_live_'])).toBe(true);
    expect(filledTemplate(`sk_live_abc123${x(12)}`, ['sk_live_'])).toBe(false); // others: fewer than half
    expect(filledTemplate(`sk_live_abc1234${x(12)}`, ['sk_live_'])).toBe(false);
    // without the prefix stripped, the letters of `sk_live_` count as others
    expect(filledTemplate(`sk_live_a${x(12)}`, [])).toBe(false);
    expect(filledTemplate(`${x(12, '0')}-${x(12)}`, [])).toBe(false);
  });

  it('property: a random token body with fewer than twelve fill-in characters is still reported', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...alphabet), { minLength: 24, maxLength: 24 }),
        fc.array(fc.nat(23), { maxLength: 11 }),
        fc.constantFrom('x', 'X', '0'),
        (chars, at, fill) => {
          const b = chars.map((c) => (c === 'x' || c === 'X' || c === '0' ? 'q' : c));
          for (const i of at) b[i] = fill;
          const key = `sk_live_${b.join('')}`;
          expect(found(`stripe ${key}`)).toEqual([['stripe_api_key', key]]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('AWS secret access key next to its id or label', () => {
  const id = 'AKIAQ3EGZ7LXYR2TWN5B';
  const secret = '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';
  it.each([
    ['aws configure transcript', `AWS Access Key ID [None]: ${id}\nAWS Secret Access Key [None]: ${secret}`],
    ['console CSV', `Access key ID,Secret access key\n${id},${secret}`],
    ['prose with a slash', `use ${id} / ${secret} for the deploy`],
    ['prose with words', `key id ${id} secret ${secret}`],
    ['aws_secret_access_key label', `aws_secret_access_key = ${secret}`],
    ['SecretAccessKey label', `{"SecretAccessKey": "${secret}"}`],
    ['secret_access_key label', `secret_access_key: ${secret}`],
  ])('%s', (_name, text) => {
    const matches = found(text);
    expect(matches).toContainEqual(['aws_secret_key', secret]);
    if (text.includes(id)) expect(matches).toContainEqual(['aws_access_key', id]);
  });

  it('leaves 40-char look-alikes near an id alone: hex digests, paths, one-case strings, far-away values', () => {
    const sha = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
    expect(found(`${id} commit ${sha}`).map((m) => m[0])).toEqual(['aws_access_key']);
    expect(found(`${id} src/components/header/navigation/Menu2.tsx`).map((m) => m[0])).toEqual(['aws_access_key']);
    expect(found(`${id} ABCDEFGHIJKLMNOPQRSTUVWXYZ01234567890123`).map((m) => m[0])).toEqual(['aws_access_key']);
    expect(found(`${id} ${'lorem ipsum '.repeat(20)} ${secret}`).map((m) => m[0])).toEqual(['aws_access_key']);
  });
});

describe('values wrapped over two lines', () => {
  const id = 'AKIAQ3EGZ7LXYR2TWN5B';
  const secret = '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';
  const wrap = (value: string, at: number, brk = '\n') => value.slice(0, at) + brk + value.slice(at);

  it.each([
    ['an env file', (v: string) => `aws_secret_access_key = ${v}\nregion = eu-west-1`, wrap(secret, 21)],
    ['quoted YAML with indentation', (v: string) => `aws:\n  secret_access_key: "${v}",`, wrap(secret, 12, '\n     ')],
    ['CRLF and indentation', (v: string) => `GITHUB_TOKEN=${v}\r\nNEXT=1`, wrap(githubToken, 23, '\r\n  ')],
    ['prose after the continuation', (v: string) => `my key is ${v} and it stopped working`, wrap(id, 9)],
    ['prose, id and secret', (v: string) => `use ${id} with ${v} please`, wrap(secret, 30)],
  ])('%s: the value is found whole, the line break included', (_name, make, value) => {
    const text = make(value);
    const type = value.startsWith('ghp_')
      ? 'github_token'
      : value.startsWith('AKIA')
        ? 'aws_access_key'
        : 'aws_secret_key';
    expect(found(text)).toContainEqual([type, value]);
    // Nothing is left of the value beside the finding.
    const spans = scanner.scan(text);
    expectSortedDisjointSpans(spans, text.length);
    expect(spans.some((m) => m.start <= text.indexOf(value) && m.end >= text.indexOf(value) + value.length)).toBe(true);
  });

  it('property: a GitHub token broken at any point is found whole', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: githubToken.length - 4 }),
        fc.constantFrom('\n', '\r\n', '\n    ', '\n\t'),
        (at, brk) => {
          const value = wrap(githubToken, at, brk);
          expect(found(`token: ${value}\n`)).toEqual([['github_token', value]]);
        },
      ),
    );
  });

  it('does not join a value complete on its line, words, or a break with nothing token-like around it', () => {
    const hex = '8f3a9b2c7d1e4f5a6b7c8d9e0f1a2b3c';
    expect(found(`api_key = ${hex}\nDEBUG=true`)).toEqual([['generic_secret', hex]]);
    expect(found(`api_key = ${hex}\nLEVEL2 = 3`)).toEqual([['generic_secret', hex]]);
    expect(found(`api_key = ${hex}\n${hex.toUpperCase()}`)).toEqual([['generic_secret', hex]]);
    expect(found('see the internationalization\nconfiguration guide for details')).toEqual([]);
    expect(found('commit 3f9a2b1c4d5e6f7a8b9c\nfixes the login bug')).toEqual([]);
    // the next line's run is the key of an assignment of its own
    expect(found('CO_FUTURE_BARRY_AS_BDFL = 0x400000\nCO_FUTURE_GENERATOR_STOP = 0x800000')).toEqual([]);
    expect(found(`token: ${githubToken}\n${githubToken}`)).toEqual([
      ['github_token', githubToken],
      ['github_token', githubToken],
    ]);
  });

  // Lines close enough make one window, and each of its matches walked every break of the window (and each
  // joined value every plain match): 1.9 MB of short wrapped keys took 4.7 s.
  it('looks up the breaks of a window of many wrapped values, not walks them per match', () => {
    const line = `k ${wrap(id, 8)} .\n`;
    const text = line.repeat(72_000);
    const matches = expectWithin(3000, () => scanner.scan(text));
    expectSortedDisjointSpans(matches, text.length);
    expect(matches.length).toBe(72_000);
    expect(matches.every((m, i) => m.type === 'aws_access_key' && m.start === i * line.length + 2)).toBe(true);
  });
});

describe('unquoted password and secret values with special characters', () => {
  it.each([
    ['password: Xk9mQ2vL&7pR4zz', 'password', 'Xk9mQ2vL&7pR4zz'],
    ['password: Xk9mQ2vL]7pR4zz', 'password', 'Xk9mQ2vL]7pR4zz'],
    ['password: Xk9mQ2vL}7pR4zz', 'password', 'Xk9mQ2vL}7pR4zz'],
    ["password: Xk9mQ2vL'7pR4zz", 'password', "Xk9mQ2vL'7pR4zz"],
    ['password: Xk9mQ2vL"7pR4zz', 'password', 'Xk9mQ2vL"7pR4zz'],
    ['password: Xk9mQ2vL`7pR4zz', 'password', 'Xk9mQ2vL`7pR4zz'],
    ['DB_PASSWORD=Xk9mQ2&vL7pR4', 'password', 'Xk9mQ2&vL7pR4'],
    ['client_secret: Xk9mQ2&vL7pR4aBcD9', 'generic_secret', 'Xk9mQ2&vL7pR4aBcD9'],
    ['password: Summer2024$', 'password', 'Summer2024$'],
    ['DB_PASSWORD=Pa$$w0rd2024', 'password', 'Pa$$w0rd2024'],
    ['SMTP_PASSWORD=Qw7&zR4#kP9m', 'password', 'Qw7&zR4#kP9m'],
    ['password: Xk9(mQ2)vL', 'password', 'Xk9(mQ2)vL'],
    ['password: Xk9[mQ2{vL;q,w<e>r', 'password', 'Xk9[mQ2{vL;q,w<e>r'],
    ['{user: bob, password: hunter22}', 'password', 'hunter22'],
    ["echo 'export DB_PASSWORD=Xk9mQ2vL' >> .env", 'password', 'Xk9mQ2vL'],
    ['body username=admin&password=Secret123&grant_type=password', 'password', 'Secret123'],
  ])('%s', (text, type, value) => {
    expect(found(text)).toEqual([[type, value]]);
  });

  it.each([
    'password = getPassword();',
    'password: string[];',
    'password = args[1];',
    'password = config["pw"]',
    'secrets: Record<string, string>;',
    'password: <password>',
    'password: ${DB_PASSWORD}',
    'password: ****',
    'PASSWORD=$(cat /run/secrets/db)',
    'password = input("Enter: ")',
    'password: Optional[str] = None',
    'password = super$ecret',
    'password: reset it via the portal',
  ])('stays quiet on code and placeholders: %s', (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe("a sentence's period after a secret is the sentence's, not the secret's", () => {
  const bearer = body(61, 32);
  it.each([
    // each of these ate the '.' into the finding, so redaction removed the sentence's period
    ['api_key=Xk9mQ2vL7pR4zT8wYb3n.', 'generic_secret', 'Xk9mQ2vL7pR4zT8wYb3n'],
    ['Use token: Xk9mQ2vL7pR4zT8wYb3nQ5. Thanks', 'generic_secret', 'Xk9mQ2vL7pR4zT8wYb3nQ5'],
    ['password: Summer2024$.', 'password', 'Summer2024$'],
    ['Set DB_PASSWORD=Xk9mQ2&vL7pR4.\nThen restart.', 'password', 'Xk9mQ2&vL7pR4'],
    ['the key: Xk9mQ2vL7pR4zT8wYb3n...', 'generic_secret', 'Xk9mQ2vL7pR4zT8wYb3n'],
    ['see https://api.example.com/v1?token=Xk9mQ2vL7pR4zT8wYb3n. ', 'generic_secret', 'Xk9mQ2vL7pR4zT8wYb3n'],
    ['(my password=Xk9mQ2vL7pR4).', 'password', 'Xk9mQ2vL7pR4'],
    ['run it with --password=Xk9mQ2vL7pR4.', 'password', 'Xk9mQ2vL7pR4'],
    ['curl -u admin:Xk9mQ2vL7pR4. to log in', 'password', 'Xk9mQ2vL7pR4'],
    [`Authorization: Bearer ${bearer}.`, 'bearer_token', bearer],
    ['machine api.example.com login bob password Xk9mQ2vL7pR4.', 'netrc_credentials', 'Xk9mQ2vL7pR4'],
    // ... and a value that a sentence goes on after its period is still one (it was taken for prose)
    ['password: Summer2024$. Then restart the service', 'password', 'Summer2024$'],
  ])('%s', (text, type, value) => {
    expect(found(text)).toEqual([[type, value]]);
  });

  it('keeps a dot that is not a sentence end: inside the value, before another character, or four of them', () => {
    expect(found('api_key=Xk9mQ2vL7pR4zT8wYb3n.v2 ')).toEqual([['generic_secret', 'Xk9mQ2vL7pR4zT8wYb3n.v2']]);
    expect(found('Password=Xk9mQ2vL7pR4.;Database=app')).toEqual([['password', 'Xk9mQ2vL7pR4.']]);
    expect(found('api_key=Xk9mQ2vL7pR4zT8wYb3n....')).toEqual([['generic_secret', 'Xk9mQ2vL7pR4zT8wYb3n....']]);
    // quoted, the quote ends the value
    expect(found('password = "Xk9mQ2vL7pR4."')).toEqual([['password', 'Xk9mQ2vL7pR4.']]);
  });
});

describe('a token-like credential named in a sentence', () => {
  it.each([
    // a support ticket or chat names it in prose, without `=` or `:` (it was left in clear)
    ['The api key is Xk9mQ2vL7pR4zT8wYb3n, please rotate it.', 'Xk9mQ2vL7pR4zT8wYb3n'],
    ['and the secret is 9fK2mZ8qW4xR7tL1vB6n.', '9fK2mZ8qW4xR7tL1vB6n'],
    ['my access token was Zq8vT3kLm9Rw2XyP4nB7cD1e', 'Zq8vT3kLm9Rw2XyP4nB7cD1e'],
    ['the client_secret is now: 9fK2mZ8qW4xR7tL1vB6nXk9m', '9fK2mZ8qW4xR7tL1vB6nXk9m'],
    ['The key is 4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d', '4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d'],
  ])('%s', (text, value) => {
    expect(found(text)).toEqual([['generic_secret', value]]);
  });

  it.each([
    'The token is expired, the key is invalid for this endpoint and the secret is stored in Vault.',
    'the api key is your_api_key_here',
    'The key is to understand the problem first.',
    'The token is abcdefghijklmnop.',
    'The monkey is Xk9mQ2vL7pR4zT8wYb3n',
    'The token is described in RFC6750-section-2.1',
    'the secret is SecretManagerServiceClient',
    'export declare function isArrowToken(token: CommentOrToken): token is ArrowToken$1;',
  ])('stays quiet on what is no credential: %s', (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('a glued KEY=value is an assignment even with words after it', () => {
  it.each([
    ['PGPASSWORD=Xk9mQ2vL7p psql -h db -U app', 'Xk9mQ2vL7p'],
    ['DB_PASSWORD=Xk9mQ2vL7p and then restart the service', 'Xk9mQ2vL7p'],
    ['MYSQL_PWD=hunter2x9 mysql -u root', 'hunter2x9'],
  ])('%s', (text, value) => {
    expect(found(text)).toEqual([['password', value]]);
  });

  it.each([
    'password: Summer2024$ and more',
    'password = hunter22 for the account',
    'Password: reset it via the portal',
  ])('prose with a colon or a spaced operator stays quiet: %s', (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('unquoted passwords in prose', () => {
  it.each([
    ['my password is hunter2!x9', 'hunter2!x9'],
    ['my password is hunter2!x9.', 'hunter2!x9'],
    ['The password for user bob is Xk9mQ2vL7p, thanks', 'Xk9mQ2vL7p'],
    ['the wifi passphrase is now: Summer2024', 'Summer2024'],
  ])('%s', (text, value) => {
    expect(found(text)).toEqual([['password', value]]);
  });

  it.each([
    'the password is incorrect',
    'your password is too short',
    'the password is case-sensitive',
    'the key behind the password is 128-bit',
    'the password was sha256-hashed before storage',
    'the password is 8chars long at least',
    'the password is ${DB_PASSWORD}',
    'the password is <your-password>',
    'the password was changed on 2024-01-05',
    'the password is 12345678', // digits alone: in prose more often a count or a date than a password
  ])('stays quiet on what else prose says after "password is": %s', (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('connection strings without a user name', () => {
  it.each([
    ['REDIS_URL=redis://:Zq7wP2xK9mVb4nT8@redis.internal:6379/0'],
    ['cache: rediss://:Zq7wP2xK9mVb4nT8@redis.internal:6380'],
    ['REDIS_URL=redis://default:Zq7wP2xK9mVb4nT8@redis.internal:6379/0'],
  ])('%s', (text) => {
    expect(found(text)).toContainEqual(['connection_string', 'Zq7wP2xK9mVb4nT8']);
  });

  it('still skips references and masks in the password slot', () => {
    expect(found('REDIS_URL=redis://:${REDIS_PASSWORD}@redis.internal:6379')).toEqual([]);
    expect(found('REDIS_URL=redis://:****@redis.internal:6379')).toEqual([]);
  });

  it.each([
    ['postgres://user:password@localhost:5432/db'],
    ['DATABASE_URL=mysql://root:password@127.0.0.1:3306/app'],
    ['redis://:password@localhost:6379/0'],
  ])('does not read the host and port after a placeholder password as a value: %s', (text) => {
    // `password@localhost` is user-info running into the host, not a key whose value is `5432/db`.
    expect(found(text)).toEqual([]);
  });
});

describe('expressions, type annotations and lexer tokens in ordinary code', () => {
  it.each([
    // Type annotations of parameters (the value runs into the `):` of the signature).
    'verify(token: Buffer): boolean;',
    'sign(privateKey: crypto.KeyObject): Signature;',
    'declare function isOpen(token: ParserToken): token is OpenToken;',
    // Indexing and calls cut by a blank, operators glued to a keyword in minified code.
    'const prevToken = tokenList[tokenList.length - 1];',
    'const lastToken = items[items.length - 1].range[1];',
    'if (this.tokenStart===null)throw new Error("x")',
    'state.tokenizeFlow=Qa;function next(){}',
    // Optional chaining, negation, keywords, regex literals and comments as values.
    'client.connect({ password: opts?.password })',
    'const session = open({ passphrase: settings?.passphrase })',
    'this.tokenizer.closed = !!match[7]',
    'this.tokenizer.inForeign = !isHTML && depth > 0',
    'var QueueAllPass = class {',
    'const tokenPattern = /^[-!#$%&*+.^_|~A-Za-z0-9]+$/u',
    'const tokenRe = /^[\\^_`a-zA-Z\\-0-9!#$%&*+.|~]+$/',
    'if (!(lastToken === 46/*.*/ && next)) return',
  ])('reports nothing in %j', (line) => {
    expect(found(line)).toEqual([]);
  });

  it('a lexer token named by an identifier is not a credential, nor a fetch credentials mode', () => {
    for (const line of [
      'lastSignificantToken = "?NonParenKeyword";',
      'nextToken = "?InterpolationInTemplate";',
      'if (this.token.state !== "beforeAttributeName") return;',
      "if (request.credentials === 'same-origin') {",
      'init.credentials = "include";',
    ]) {
      expect(found(line)).toEqual([]);
    }
  });

  it('still reports literals: unquoted with brackets, glued symbols, and compared secrets', () => {
    expect(found('PASSWORD=Xk9(mQ2)vL')).toEqual([['password', 'Xk9(mQ2)vL']]);
    expect(found('api_token = !Qm8zT4vR2xW9')).toEqual([['generic_secret', '!Qm8zT4vR2xW9']]);
    expect(found('if (creds.Secret != "letmein-42") deny()')).toEqual([['generic_secret', 'letmein-42']]);
    expect(found("if (req.token === 'Zt7QmW2xR9vK4pL8') allow()")).toEqual([['generic_secret', 'Zt7QmW2xR9vK4pL8']]);
  });
});

describe('documentation values that describe a credential', () => {
  it.each([
    "const options = { pfx: data, passphrase: 'sample' };",
    "const password = 'Password used to generate the key';",
    'api_key = "insert your API key here"',
    "token: 'the token from your dashboard'",
  ])('does not report a sample word or a sentence that names the credential it stands for: %s', (line) => {
    expect(found(line)).toEqual([]);
  });

  it('still reports passphrases made of words', () => {
    expect(found("passphrase = 'correct horse battery staple'")).toEqual([
      ['password', 'correct horse battery staple'],
    ]);
    expect(found("password = 'my secret garden'")).toEqual([['password', 'my secret garden']]);
    expect(found("password = 'open sesame'")).toEqual([['password', 'open sesame']]);
  });
});

describe('tokenizers are not tokens', () => {
  it('does not read a tokenizer setting as a credential', () => {
    expect(keyClass('tokenizer')).toBeNull();
    expect(keyClass('hf_tokenizer_name')).toBeNull();
    expect(keyClass('detokenizer')).toBeNull();
    expect(keyClass('tokenization_mode')).toBeNull();
    expect(found('tokenizer: cl100k_base')).toEqual([]);
    expect(found('TOKENIZER_NAME=o200k_base')).toEqual([]);
  });

  it('still reads tokens next to a tokenizer word', () => {
    expect(keyClass('tokenizer_api_token')).toBe('secret');
    expect(keyClass('access_token')).toBe('secret');
    expect(found('tokenizer_hub_token: hf_Qm8zT4vR2xW9kL3pN7sD5fG1hJ6bV0cX4yZ2')).toHaveLength(1);
  });
});

describe('key words in long tokens', () => {
  it('find the token start a read back from every key word finds, reading back to the previous one only', () => {
    const naive = (text: string, at: number): number => {
      let start = at;
      while (start > 0 && /[\w.$@-]/.test(text[start - 1]!)) start--;
      return start;
    };
    const piece = fc.constantFrom(
      'glpat-',
      'pat',
      'token',
      'KEY',
      'a',
      '_',
      '.',
      '$',
      '@',
      '-',
      ' ',
      '=',
      '/',
      'é',
      '\n',
      'x9',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const re = /pass|pwd|secret|token|key|credential|auth|crumb|pw|pat/gi;
        let previousHit = -1;
        let previousStart = -1;
        for (let m = re.exec(text); m !== null; m = re.exec(text)) {
          const start = keyTokenStart(text, m.index, previousHit, previousStart);
          expect(start).toBe(naive(text, m.index));
          previousHit = m.index;
          previousStart = start;
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('scans a megabyte of one token full of key words (it once took quadratic time)', () => {
    const text = 'glpat-'.repeat(174763);
    expect(prepareSecretScanner().scan(text)).toEqual([]);
    // A real assignment at the end of such a token is still found.
    const found = prepareSecretScanner().scan(`${'glpat-'.repeat(2000)} token=Zq8vR2mX7pL4nK9w`);
    expect(found.map((f) => f.type)).toEqual(['generic_secret']);
  });
});

describe('value statistics', () => {
  // As first written: strings per character, a Map and a Set, lower-cased copies.
  const entropyReference = (value: string): number => {
    if (value.length === 0) return 0;
    const counts = new Map<string, number>();
    for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    let bits = 0;
    for (const n of counts.values()) {
      const p = n / value.length;
      bits -= p * Math.log2(p);
    }
    return bits;
  };
  const sequentialReference = (value: string): boolean => {
    const alnum = value.toLowerCase().replace(/[^a-z0-9]/g, '');
    const letters = alnum.replace(/[0-9]/g, '');
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
  };

  it('entropy, sequences and distinct characters are what the first-written functions say (to the last bit)', () => {
    // Walks and repeats (sequential values), hex, mixed case, symbols, and non-ASCII (the general path).
    const piece = fc.oneof(
      fc.constantFrom(
        'abcdef',
        'a1b2c3d4',
        '123456',
        '987',
        'ABCD',
        'fedcba',
        'aaaa',
        'xyz',
        'K',
        '\u212a',
        'é',
        '😀',
        '-',
        '_',
        '=',
        ' ',
        'z9',
        'qwerty',
      ),
      fc.string({ maxLength: 6 }),
      fc.stringMatching(/^[0-9a-f]{1,8}$/),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const v = parts.join('');
        expect(shannonEntropy(v)).toBe(entropyReference(v));
        expect(looksSequential(v)).toBe(sequentialReference(v));
        expect(distinctChars(v)).toBe(new Set(v).size);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('passwords given to command-line tools and HTTP clients (session 33)', () => {
  const pw = body(33, 12);

  it("reports the password a tool's own option takes", () => {
    expect(found(`sshpass -p '${pw}' ssh deploy@10.0.4.17 uptime`)).toEqual([['password', pw]]);
    expect(found(`sshpass -f ~/.pw -p ${pw} scp a.sql root@db:/tmp`)).toEqual([['password', pw]]);
    expect(found(`mysql -h db -u root -p${pw} shop < dump.sql`)).toEqual([['password', pw]]);
    expect(found(`mysqldump -uadmin -p'${pw}' --all-databases`)).toEqual([['password', pw]]);
    expect(found(`redis-cli -h cache -p 6379 -a ${pw} ping`)).toEqual([['password', pw]]);
    expect(found(`docker login -u ci -p ${pw} registry.example.io`)).toEqual([['password', pw]]);
    expect(found(`az login -u ops@example.com -p ${pw}`)).toEqual([['password', pw]]);
    expect(found(`ldapsearch -x -D cn=admin,dc=example,dc=org -w ${pw} -b dc=example,dc=org`)).toEqual([
      ['password', pw],
    ]);
    expect(found(`openssl pkcs12 -export -in c.pem -out c.pfx -passout pass:${pw}`)).toEqual([['password', pw]]);
    expect(found(`keytool -importkeystore -srcstorepass ${pw} -destkeystore x.jks`)).toEqual([['password', pw]]);
  });

  it('leaves prompts, references, placeholders, other commands and published defaults alone', () => {
    for (const text of [
      'mysql -u root -p shop < dump.sql', // `-p` then a blank: prompt; `shop` is the database
      'mysql -u root -p\nEnter password:',
      'mysql -u root -p$MYSQL_ROOT_PASSWORD -e "show databases"',
      'mysql -u root -p<password> shop',
      'mysql -u app -p shop; ssh -p2222 bastion', // the port of the next command
      'start mysql and run mkdir -pv /var/lib/app',
      'sshpass -p "$PASS" ssh deploy@host',
      'sshpass -p password ssh user@host',
      'sshpass -f ~/.pw ssh -p 2222 user@host', // ssh's port, not sshpass's password
      'redis-cli -a "${REDIS_PASS}" ping',
      'docker login -u $USER -p $TOKEN registry.example.io',
      'docker login registry.example.io && ssh -p 22 host',
      'ldapsearch -x -W -D cn=admin,dc=example,dc=org',
      'openssl rsa -in key.pem -passin env:KEY_PASS',
      'openssl rsa -in key.pem -passin pass:$PASSPHRASE',
      'keytool -list -keystore cacerts -storepass changeit',
      'keytool -genkey -storepass:env STORE_PW -keystore ks.jks',
    ])
      expect(found(text), text).toEqual([]);
  });

  it('reports the password of an HTTP basic-auth pair and of a plain-text secure string', () => {
    expect(found(`r = requests.get(url, auth=('svc_reports', '${pw}'))`)).toEqual([['password', pw]]);
    expect(found(`session.auth = HTTPBasicAuth("svc", "${pw}")`)).toEqual([['password', pw]]);
    expect(found(`aiohttp.BasicAuth('svc', '${pw}')`)).toEqual([['password', pw]]);
    expect(found(`$pw = ConvertTo-SecureString "${pw}" -AsPlainText -Force`)).toEqual([['password', pw]]);
    for (const text of [
      'requests.get(url, auth=(user, password))',
      "requests.get(url, auth=('user', 'password'))",
      "HTTPBasicAuth('user', os.environ['PW'])",
      '$pw = ConvertTo-SecureString $env:PW -AsPlainText -Force',
      '$cred = Get-Credential',
    ])
      expect(found(text), text).toEqual([]);
  });

  it('stays fast on texts full of the tools and options it reads', () => {
    const hostile = [
      'mysql '.repeat(40_000),
      'mysql -u a -p '.repeat(20_000),
      'sshpass -f x '.repeat(20_000),
      'docker login '.repeat(20_000),
      'ldapsearch -x '.repeat(20_000),
      'redis-cli -h '.repeat(20_000),
      'pass  -storepass '.repeat(20_000),
      ' -passin '.repeat(20_000),
      'ConvertTo-SecureString "'.repeat(20_000),
      "auth=('a', ".repeat(20_000),
      'twilio ' + `AC${'0123456789abcdef'.repeat(2)}, `.repeat(10_000),
    ].join('\n');
    expectWithin(8000, () => scanner.scan(hostile));
  });

  it('does not take the name of a cmdlet whose output is assigned for the password', () => {
    // Before, `ConvertTo-SecureString` itself was reported and the literal after it was not.
    expect(found('$password = ConvertTo-SecureString $plain -AsPlainText -Force')).toEqual([]);
    expect(found('$secret = Read-Host -AsSecureString')).toEqual([]);
    expect(found(`$password = Summer-${pw}`)).toEqual([['password', `Summer-${pw}`]]);
  });
});

describe('Twilio auth token after its Account SID (session 33)', () => {
  const sid = `AC${body(5, 32, '0123456789abcdef')}`;
  const authToken = body(6, 32, '0123456789abcdef');

  it('reports the token written right after the SID where the text says Twilio, not the SID', () => {
    expect(found(`const client = twilio('${sid}', '${authToken}');`)).toEqual([['twilio_auth_token', authToken]]);
    expect(found(`from twilio.rest import Client\nclient = Client(\n    "${sid}",\n    "${authToken}",\n)`)).toEqual([
      ['twilio_auth_token', authToken],
    ]);
    expect(found(`twilio account ${sid}:${authToken}`)).toEqual([['twilio_auth_token', authToken]]);
  });

  it('leaves two hex strings alone without Twilio, and fill-in templates', () => {
    expect(found(`pair ${sid}, ${authToken}`)).toEqual([]);
    expect(found(`twilio: AC${'0'.repeat(32)}, ${'0'.repeat(32)}`)).toEqual([]);
    expect(found('twilio: Client(account_sid, auth_token)')).toEqual([]);
  });
});

describe('passwords in password files, login arguments and what a login reads (session 33)', () => {
  const pw = body(34, 12);

  it('reports the password of a .pgpass line, an SQL*Plus login, net use, smbclient and htpasswd -b', () => {
    for (const [text, value] of [
      [`my ~/.pgpass:\ndb01.corp.example.net:5432:ledger:ledger_app:${pw}\n`, pw],
      [`*:*:*:replicator:${pw}`, pw],
      [`echo "localhost:6432:*:postgres:${pw}" > ~/.pgpass`, pw],
      [`sqlplus scott/${pw}@ORCLPDB1`, pw],
      [`sqlplus -s hr/${pw}@//db.example.com:1521/XEPDB1 @report.sql`, pw],
      [`SQLPLUS system/${pw} as sysdba`, pw],
      [`net use \\\\fileserver\\share ${pw} /user:CORP\\jdoe`, pw],
      [`NET USE Z: \\\\nas01\\backup /user:backup_svc ${pw} /persistent:yes`, pw],
      [`smbclient //fs01/share -U jdoe%${pw} -c 'ls'`, pw],
      [`smbclient -L //host -U 'CORP\\svc_scan%${pw}'`, pw],
      [`htpasswd -b /etc/nginx/.htpasswd admin ${pw}`, pw],
      [`sudo htpasswd -Bbc .htpasswd deploy '${pw}'`, pw],
      [`htpasswd -nb admin ${pw}`, pw],
    ])
      expect(found(text!), text).toEqual([['password', value]]);
  });

  it('reports a literal echoed into a login that reads stdin, and the SSHPASS that sshpass -e reads', () => {
    expect(found(`echo "${pw}" | docker login --username ci --password-stdin registry.example.com`)).toEqual([
      ['password', pw],
    ]);
    expect(found(`echo '${pw}' | helm registry login ghcr.io -u bot --password-stdin`)).toEqual([['password', pw]]);
    expect(found(`echo ${pw} | gh auth login --with-token`)).toEqual([['password', pw]]);
    expect(found(`printf '%s' '${pw}' | oras login -u bot --password-stdin registry.example.com`)).toEqual([
      ['password', pw],
    ]);
    expect(found(`echo ${pw} | sudo -S systemctl restart nginx`)).toEqual([['password', pw]]);
    expect(found(`echo '${pw}' | passwd --stdin svc_backup`)).toEqual([['password', pw]]);
    expect(found(`SSHPASS='${pw}' sshpass -e ssh deploy@10.0.0.12 uptime`)).toEqual([['password', pw]]);
    expect(found(`export SSHPASS=${pw}\nsshpass -e scp a.sql db:/tmp`)).toEqual([['password', pw]]);
  });

  it('leaves prompts, references, placeholders, prose about the commands and published defaults alone', () => {
    for (const text of [
      'psql -h db.example.com -U app_user orders',
      'Each line of ~/.pgpass has the form hostname:port:database:username:password',
      'hostname:5432:database:username:password',
      'ports:\n  - 5432:5432\n  - 6432:6432',
      '2024-01-01 12:00:01 db:5432:LOG: checkpoint starting',
      'at 12:30:*:*:15',
      'sqlplus /nolog',
      'sqlplus / as sysdba',
      'sqlplus username/password@tns_alias',
      'sqlplus <user>/<password>@<connect_identifier>',
      'sqlplus scott/tiger@orcl', // the demo schema's published password
      'run sqlplus and/or sqldeveloper from the client',
      'net use Z: \\\\nas01\\backup /persistent:yes',
      'net use \\\\fileserver\\share /user:CORP\\jdoe *', // `*` prompts
      'net use \\\\server\\share /user:domain\\user <password>',
      'net use \\\\srv\\ipc$ "" /user:""',
      'net use \\\\server\\share and then open the drive',
      'smbclient -N -L //fileserver',
      'smbclient //fs01/share -U jdoe',
      'smbclient //host/share -U user%password',
      'smbclient //host/share -U $SMB_USER%$SMB_PASS',
      'htpasswd -c /etc/apache2/.htpasswd admin', // prompts
      'htpasswd -b <file> <username> <password>',
      'use htpasswd -b to pass the password on the command line',
      'echo $REGISTRY_TOKEN | docker login -u ci --password-stdin',
      'echo "${{ secrets.REGISTRY_PASSWORD }}" | docker login ghcr.io -u bot --password-stdin',
      'cat ~/token.txt | docker login --username bot --password-stdin ghcr.io',
      "echo 'done' | tee log; docker login --password-stdin",
      'echo hello | git hash-object --stdin',
      'echo hi | prettier --stdin-filepath x.ts',
      'echo "deb https://apt.example.com stable main" | sudo -E tee /etc/apt/sources.list.d/x.list',
      'SSHPASS=$DEPLOY_PW sshpass -e ssh deploy@host',
      'SSHPASS=<password> sshpass -e ssh host',
    ])
      expect(found(text), text).toEqual([]);
  });

  it('stays fast on texts full of the commands and fields it reads', () => {
    const hostile = [
      'net use \\\\a\\b /u:x '.repeat(20_000),
      'sqlplus a/'.repeat(20_000),
      'a:5432:b:c:'.repeat(20_000),
      ':*:*'.repeat(20_000),
      'smbclient  -U '.repeat(20_000),
      'smbclient -c x '.repeat(20_000),
      'htpasswd -b -b -b -b '.repeat(10_000),
      'echo a | '.repeat(20_000) + 'password-stdin',
      "printf '%s' a | sudo -".repeat(20_000),
      'SSHPASS= '.repeat(20_000),
    ].join('\n');
    expectWithin(8000, () => scanner.scan(hostile));
  });
});

describe('quoted logins, here-strings and chpasswd input (session 34)', () => {
  const pw = body(341, 12);
  const spaced = `${body(342, 5)} ${body(343, 6)}`;

  it('reports a quoted SQL*Plus or net use password whole, blanks and @ included, and sqlplus64 logins', () => {
    for (const [text, value] of [
      [`sqlplus "app_user/${spaced}"@ORCLPDB1`, spaced],
      [`sqlplus -s 'hr/${pw}@x ${pw}'@//db.example.com:1521/XEPDB1 @run.sql`, `${pw}@x ${pw}`],
      [`sqlplus 'hr/${pw}@prod'`, pw], // the connect identifier inside the quotes is not the password's
      [`sqlplus "sys/${spaced} as sysdba"`, spaced],
      [`sqlplus64 system/${pw}@prod`, pw],
      [`net use X: \\\\fs01\\share "${spaced}" /user:CORP\\jdoe`, spaced],
      [`net use \\\\nas\\backup /user:svc '${spaced}' /persistent:no`, spaced],
    ])
      expect(found(text!), text).toEqual([['password', value]]);
  });

  it('reports htpasswd -nb before a redirection, a here-string given to a stdin login, and chpasswd input', () => {
    for (const [text, value] of [
      [`htpasswd -nb admin ${pw} >> /etc/nginx/.htpasswd`, pw],
      [`htpasswd -nbB admin '${pw}' | sudo tee -a .htpasswd`, pw],
      [`docker login -u ci --password-stdin <<< '${pw}'`, pw],
      [`gh auth login --with-token <<<${pw}`, pw],
      [`sudo -S apt-get update <<< "${pw}"`, pw],
      [`echo 'deploy:${pw}' | chpasswd`, pw],
      [`echo -e "ops:${pw}\\n" | sudo chpasswd`, pw],
      [`printf '%s\\n' 'ops:${pw}' | chpasswd`, pw],
      [`chpasswd <<< "root:${pw}"`, pw],
    ])
      expect(found(text!), text).toEqual([['password', value]]);
  });

  it('leaves references, placeholders, prompts and prose about these forms alone', () => {
    for (const text of [
      'sqlplus "user/password"@db',
      'sqlplus "scott/tiger"@orcl',
      "sqlplus '/ as sysdba'",
      'sqlplus64 / as sysdba',
      'net use X: \\\\fs01\\share "%SHARE_PW%" /user:x',
      'net use X: \\\\fs01\\share "<password>" /user:x',
      'net use X: \\\\fs01\\share "" /user:""',
      'htpasswd -n admin >> /etc/nginx/.htpasswd',
      'htpasswd -nb admin "$HTPASS" >> .htpasswd',
      'docker login -u ci --password-stdin <<< "$CI_TOKEN"',
      'docker login --password-stdin <<EOF',
      'sudo -S apt-get update <<< "$PW"',
      'echo "deploy:$DEPLOY_PW" | chpasswd',
      "echo 'user:password' | chpasswd",
      "echo 'deploy:Xk9mQ2vL' > users.txt", // not given to chpasswd
      'chpasswd < /root/new-passwords.txt',
      'chpasswd reads user:password pairs from standard input',
    ])
      expect(found(text), text).toEqual([]);
  });

  it('reports a well-known default password in a connection string (it opens the named host)', () => {
    expect(found('amqp://guest:guest@localhost:5672/')).toEqual([['connection_string', 'guest']]);
  });

  it('stays fast on texts full of the forms it reads', () => {
    const hostile = [
      'sqlplus "a/'.repeat(20_000),
      "sqlplus 'a/b@c".repeat(20_000),
      'net use \\\\a\\b "x'.repeat(20_000),
      'htpasswd -nb a >> '.repeat(10_000),
      '--password-stdin '.repeat(20_000) + '<<<',
      ('sudo -S ' + 'x'.repeat(280) + ' <<< ').repeat(2_000),
      '<<< '.repeat(20_000),
      'sudo -S x '.repeat(20_000),
      'echo a:b '.repeat(20_000) + '| chpasswd',
      'chpasswd <<< a:'.repeat(20_000),
    ].join('\n');
    expectWithin(8000, () => scanner.scan(hostile));
  });
});

describe('chpasswd input of several lines (session 38)', () => {
  const [a, b, c] = [body(382, 12), body(383, 10), body(384, 14)];

  it('reports the password of every user:password line echoed or printed into chpasswd', () => {
    expect(found(`echo -e 'alice:${a}\\nbob:${b}' | chpasswd`)).toEqual([
      ['password', a],
      ['password', b],
    ]);
    expect(found(`RUN echo "alice:${a}\\nbob:${b}\\ncarol:${c}\\n" | chpasswd`)).toEqual([
      ['password', a],
      ['password', b],
      ['password', c],
    ]);
    expect(found(`printf 'alice:${a}\\nbob:${b}\\n' | sudo chpasswd`)).toEqual([
      ['password', a],
      ['password', b],
    ]);
  });

  it('leaves references, and lines not given to chpasswd, alone', () => {
    expect(found(`echo -e "alice:$ALICE_PW\\nbob:${b}" | chpasswd`)).toEqual([['password', b]]);
    for (const text of [
      `echo -e 'alice:${a}\\nbob:${b}' > users.txt`,
      `echo -e 'alice:${a}\\nbob:${b}' | tee users.txt`,
      'echo -e "alice:$A\\nbob:$B" | chpasswd',
      "echo -e 'user:password\\nuser2:password' | chpasswd",
    ])
      expect(found(text), text).toEqual([]);
  });

  it('stays fast on texts full of echoed lines', () => {
    const hostile = [
      "echo 'a:b" + '\\na:b'.repeat(20_000) + "' | chpasswd",
      ('echo -e ' + 'a:b\\n'.repeat(20) + ' x ').repeat(2_000) + 'chpasswd',
    ].join('\n');
    expectWithin(8000, () => scanner.scan(hostile));
  });
});

describe("Samba's -U user%password in its other clients, and wbinfo -a (session 38)", () => {
  const pw = body(381, 12);

  it('reports the password of the common -U option of net ads/rpc, samba-tool, smbget, smbtree, smbcquotas, winexe, and of wbinfo -a', () => {
    for (const text of [
      `net ads join -U administrator%${pw}`,
      `net rpc user add jdoe -U 'CORP\\admin%${pw}' -S dc01`,
      `samba-tool user list -H ldap://dc01 -U administrator%${pw}`,
      `smbget -R -U jdoe%${pw} smb://fs01/share/dir`,
      `smbtree --user=jdoe%${pw}`,
      `smbcquotas //fs01/share -U jdoe%${pw} -L`,
      `winexe -U "CORP/jdoe%${pw}" //fs01 cmd.exe`,
      `wbinfo -a jdoe%${pw}`,
      `wbinfo --authenticate=CORP\\jdoe%${pw}`,
    ])
      expect(found(text), text).toEqual([['password', pw]]);
  });

  it('leaves prompts, references, Windows net and prose alone', () => {
    for (const text of [
      'net ads join -U administrator', // prompts
      'net ads join -U administrator%$ADMIN_PW',
      'net ads join -U administrator%<password>',
      `net user jdoe -U x%${pw}`, // Windows net has no -U: not a Samba subcommand
      'samba-tool user list -U administrator',
      'smbget -U jdoe smb://fs01/share/file',
      'wbinfo -u',
      'wbinfo -a jdoe',
      `wbinfo -n jdoe%${pw}`, // -n looks a name up
      'the net ads join command takes -U user%password',
    ])
      expect(found(text), text).toEqual([]);
  });

  it('stays fast on texts full of the forms it reads', () => {
    const hostile = [
      'net ads x '.repeat(20_000),
      'wbinfo '.repeat(20_000) + '-a x%',
      'samba-tool -U '.repeat(20_000),
      'SharedAccessSignature sig='.repeat(20_000),
      'SharedAccessSignature sr=a&sig=' + 'A'.repeat(100) + '&se=1'.repeat(20_000),
    ].join('\n');
    expectWithin(8000, () => scanner.scan(hostile));
  });
});
