import { describe, expect, it } from 'vitest';
import { DEFAULT_API_URL, parseDuration, resolveSettings } from '../../../src/config/settings.js';

const file = {
  current_profile: 'work',
  profiles: {
    work: { api_url: 'https://api.example.com', token: 'kt_profile_token', timeout: '10s' },
    other: { api_url: 'https://other.example.com/', token: 'kt_other' },
  },
};

describe('resolveSettings', () => {
  it('flag > env > profile > gateway.json > default for the URL', () => {
    expect(
      resolveSettings(
        { apiUrl: 'https://flag.example.com/' },
        { KEEPTRUSTS_API_URL: 'https://env.example.com' },
        file,
        { url: 'http://127.0.0.1:5000' },
      ),
    ).toMatchObject({ apiUrl: 'https://flag.example.com', apiUrlSource: 'flag' });
    expect(resolveSettings({}, { KEEPTRUSTS_API_URL: 'https://env.example.com' }, file)).toMatchObject({
      apiUrl: 'https://env.example.com',
      apiUrlSource: 'env',
    });
    expect(resolveSettings({}, {}, file)).toMatchObject({
      apiUrl: 'https://api.example.com',
      apiUrlSource: 'profile',
      profile: 'work',
      profileSource: 'profile',
    });
    expect(resolveSettings({}, {}, undefined, { url: 'http://127.0.0.1:5000' })).toMatchObject({
      apiUrl: 'http://127.0.0.1:5000',
      apiUrlSource: 'gateway.json',
      localTarget: true,
      tokenSource: 'state-dir',
    });
    expect(resolveSettings({}, {}, undefined)).toMatchObject({
      apiUrl: DEFAULT_API_URL,
      apiUrlSource: 'default',
      localTarget: true,
      tokenSource: 'state-dir',
    });
  });

  it('env token > profile token > local admin token; the profile token only goes to its own URL', () => {
    expect(resolveSettings({}, { KEEPTRUSTS_API_TOKEN: 'kt_env' }, file)).toMatchObject({
      token: 'kt_env',
      tokenSource: 'env',
    });
    expect(resolveSettings({}, {}, file)).toMatchObject({ token: 'kt_profile_token', tokenSource: 'profile' });
    const elsewhere = resolveSettings({ apiUrl: 'https://evil.example.net' }, {}, file);
    expect(elsewhere.token).toBeUndefined();
    expect(elsewhere.tokenSource).toBe('none');
    expect(resolveSettings({ apiUrl: 'https://api.example.com/' }, {}, file).token).toBe('kt_profile_token');
  });

  it('--profile and KT_PROFILE pick the profile; an unknown one from either is a config error', () => {
    expect(resolveSettings({}, { KT_PROFILE: 'other' }, file)).toMatchObject({
      profile: 'other',
      profileSource: 'env',
      apiUrl: 'https://other.example.com',
      token: 'kt_other',
    });
    expect(resolveSettings({ profile: 'other' }, { KT_PROFILE: 'work' }, file)).toMatchObject({
      profile: 'other',
      profileSource: 'flag',
    });
    expect(() => resolveSettings({ profile: 'nope' }, {}, file)).toThrow(/profile "nope" does not exist/);
    // The same typo in KT_PROFILE is the same error, naming the variable (it was an empty profile).
    expect(() => resolveSettings({}, { KT_PROFILE: 'nope' }, file)).toThrow(
      expect.objectContaining({
        code: 'config.unknown_profile',
        message: 'profile "nope" (from KT_PROFILE) does not exist',
      }),
    );
    expect(resolveSettings({}, { KT_PROFILE: 'nope' }, file, {}, { allowNewProfile: true }).profile).toBe('nope');
    expect(resolveSettings({ profile: 'work' }, { KT_PROFILE: 'nope' }, file).profile).toBe('work');
    expect(resolveSettings({ profile: 'nope' }, {}, file, {}, { allowNewProfile: true }).profile).toBe('nope');
  });

  it('timeout: flag > profile > 30s default; TLS file flags; mTLS needs both halves', () => {
    expect(resolveSettings({}, {}, file)).toMatchObject({ timeoutMs: 10_000, timeoutSource: 'profile' });
    expect(resolveSettings({ timeout: '500ms' }, {}, file)).toMatchObject({ timeoutMs: 500, timeoutSource: 'flag' });
    expect(resolveSettings({}, {}, undefined)).toMatchObject({ timeoutMs: 30_000, timeoutSource: 'default' });
    expect(resolveSettings({ caCert: 'ca.pem', clientCert: 'c.pem', clientKey: 'k.pem' }, {}, undefined)).toMatchObject(
      { caCert: 'ca.pem', clientCert: 'c.pem', clientKey: 'k.pem' },
    );
    expect(() => resolveSettings({ clientCert: 'c.pem' }, {}, undefined)).toThrow(/go together/);
  });

  it('rejects non-http URLs and credentials in the URL', () => {
    expect(() => resolveSettings({ apiUrl: 'ftp://x' }, {}, undefined)).toThrow(/only http and https/);
    expect(() => resolveSettings({ apiUrl: 'https://u:p@x.example' }, {}, undefined)).toThrow(/credentials in the URL/);
    expect(() => resolveSettings({ apiUrl: 'not a url' }, {}, undefined)).toThrow(/is not a URL/);
    // A URL with credentials that is no URL either (port out of range) is echoed without them.
    expect(() =>
      resolveSettings({}, { KEEPTRUSTS_API_URL: 'https://ops:pa/ss@cp.example:99999/api' }, undefined),
    ).toThrow(
      expect.objectContaining({ message: 'KEEPTRUSTS_API_URL: "https://***@cp.example:99999/api" is not a URL' }),
    );
    // The variable is a bad value as the flag is (usage, exit 2; it was config.invalid_api_url, exit 3);
    // a bad URL in the profile file stays a configuration error.
    expect(() => resolveSettings({}, { KEEPTRUSTS_API_URL: 'nope' }, undefined)).toThrow(
      expect.objectContaining({ code: 'usage.invalid_api_url', message: 'KEEPTRUSTS_API_URL: "nope" is not a URL' }),
    );
    expect(() => resolveSettings({}, {}, { profiles: { default: { api_url: 'nope' } } })).toThrow(
      expect.objectContaining({ code: 'config.invalid_api_url' }),
    );
  });

  it('an option given an empty value is a usage error, not a fall-back to the next source (--api-url "$UNSET" ran against the local gateway)', () => {
    const cases: Array<[Parameters<typeof resolveSettings>[0], string]> = [
      [{ apiUrl: '' }, '--api-url'],
      [{ profile: '' }, '--profile'],
      [{ timeout: '' }, '--timeout'],
      [{ caCert: '' }, '--ca-cert'],
      [{ clientCert: '', clientKey: 'k.pem' }, '--client-cert'],
      [{ clientKey: '' }, '--client-key'],
    ];
    for (const [flags, option] of cases)
      expect(() => resolveSettings(flags, { KEEPTRUSTS_API_URL: 'https://env.example.com' }, file)).toThrow(
        expect.objectContaining({ code: 'usage.empty_option', message: `${option} is empty` }),
      );
    // An empty variable is an unset one, as usual.
    expect(resolveSettings({}, { KEEPTRUSTS_API_URL: '', KT_PROFILE: '' }, file)).toMatchObject({
      apiUrl: 'https://api.example.com',
      profile: 'work',
    });
  });

  it('a URL without its scheme says which one it needs (localhost:41002 was "only http and https URLs are supported")', () => {
    const hintFor = (apiUrl: string): unknown => {
      try {
        resolveSettings({ apiUrl }, {}, undefined);
      } catch (error) {
        return (error as { details: { hint?: string } }).details.hint;
      }
      return 'accepted';
    };
    expect(hintFor('localhost:41002')).toBe('a URL starts with its scheme: did you mean http://localhost:41002?');
    expect(hintFor('127.0.0.1:41002')).toBe('a URL starts with its scheme: did you mean http://127.0.0.1:41002?');
    expect(hintFor('api.example.com/kt')).toBe(
      'a URL starts with its scheme: did you mean https://api.example.com/kt?',
    );
    expect(hintFor('ftp://x')).toBeUndefined();
    expect(hintFor('user:pw@api.example.com')).toBeUndefined();
  });
});

describe('parseDuration', () => {
  it('parses units and bare seconds; rejects nonsense', () => {
    expect(parseDuration('250ms', 'x')).toBe(250);
    expect(parseDuration('2', 'x')).toBe(2000);
    expect(parseDuration('1.5s', 'x')).toBe(1500);
    expect(parseDuration('2m', 'x')).toBe(120_000);
    expect(() => parseDuration('0', 'x')).toThrow();
    expect(() => parseDuration('fast', 'x')).toThrow(/not a duration/);
    expect(() => parseDuration('48h', 'x')).toThrow(/between/);
    // A number with a unit kt does not take names the unit and the ones it does (was "not a duration").
    for (const text of ['25d', '1w', '5min'])
      expect(() => parseDuration(text, '--timeout', 'usage.invalid_timeout')).toThrow(
        expect.objectContaining({
          code: 'usage.invalid_timeout',
          message: expect.stringMatching(/^--timeout: "\w+": unit "[a-z]+" is not one of ms, s, m, h$/),
          details: expect.objectContaining({ hint: expect.stringContaining('from 1ms to 24h') }),
        }),
      );
  });
  it('reads units in either case, as --from does, but refuses a lone M (minutes or months?) there too', () => {
    expect(parseDuration('30S', 'x')).toBe(30_000);
    expect(parseDuration('500MS', 'x')).toBe(500);
    expect(parseDuration('1H', 'x')).toBe(3_600_000);
    expect(() => parseDuration('2M', '--timeout', 'usage.invalid_timeout')).toThrow(
      expect.objectContaining({ code: 'usage.invalid_timeout', message: '--timeout: "2M" is not a duration' }),
    );
  });
});

describe('isPlainHttpRemote', () => {
  it('warns only for http:// beyond loopback', async () => {
    const { isPlainHttpRemote } = await import('../../../src/cli/connect.js');
    expect(isPlainHttpRemote('http://127.0.0.1:41002')).toBe(false);
    expect(isPlainHttpRemote('http://localhost:8080')).toBe(false);
    expect(isPlainHttpRemote('http://[::1]:8080')).toBe(false);
    expect(isPlainHttpRemote('https://api.example.com')).toBe(false);
    expect(isPlainHttpRemote('http://api.example.com')).toBe(true);
    expect(isPlainHttpRemote('http://10.0.0.5:41002')).toBe(true);
  });
});
