import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useGatewaySandbox } from '../../helpers/gateway-sandbox.js';
import { runKt } from '../../helpers/run-kt.js';

const sandbox = useGatewaySandbox({ prefix: 'kt-config-' });
const base = () => sandbox.homeEnv();
const configPath = () => join(sandbox.home, 'config', 'kt', 'config.json');

/** Two saved profiles: `default` (the current one) and `staging`, each logged in to the fake gateway. */
async function twoProfiles(): Promise<void> {
  for (const profile of ['default', 'staging']) {
    const login = await runKt(['auth', 'login', '--api-url', sandbox.gw.url, '--profile', profile], {
      env: base(),
      stdin: sandbox.gw.token,
    });
    expect(login.exitCode).toBe(0);
  }
  expect((await runKt(['config', 'use-profile', 'default'], { env: base() })).exitCode).toBe(0);
}

describe('kt config show', () => {
  it('prints the settings a remote command would use, each with its source, without contacting the API and never the token', async () => {
    const before = await runKt(['config', 'show', '--json'], { env: base() });
    expect(before.exitCode).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({
      api_url: 'http://127.0.0.1:41002',
      api_url_source: 'default',
      profile: 'default',
      profile_source: 'default',
      token_source: 'none',
      timeout_ms: 30000,
      config_file_exists: false,
      profiles: [],
    });
    await twoProfiles();
    const requests = sandbox.gw.requests.length;
    const shown = await runKt(['config', 'show', '--profile', 'staging', '--timeout', '5s'], { env: base() });
    expect(shown.exitCode).toBe(0);
    expect(shown.stdout).toContain(`api        ${sandbox.gw.url} (from profile)`);
    expect(shown.stdout).toContain('profile    staging (from flag)');
    expect(shown.stdout).toContain('token      from profile');
    expect(shown.stdout).toContain('timeout    5000ms (from flag)');
    expect(shown.stdout).toContain('profiles   default (current), staging');
    expect(shown.stdout + shown.stderr).not.toContain(sandbox.gw.token);
    expect(sandbox.gw.requests.length).toBe(requests);
    const env = await runKt(['config', 'show', '--json'], {
      env: { ...base(), KEEPTRUSTS_API_URL: 'https://cp.example.test', KT_PROFILE: 'staging' },
    });
    expect(JSON.parse(env.stdout)).toMatchObject({
      api_url: 'https://cp.example.test',
      api_url_source: 'env',
      profile: 'staging',
      profile_source: 'env',
    });
  });
});

describe('--debug names the state directory as the operator gave it', () => {
  it('no admin token at <state-dir>/admin-token: as typed with --state-dir or KT_STATE_DIR (relative stays relative), the default as it is (it was always absolute)', async () => {
    const { mkdir, writeFile } = await import('node:fs/promises');
    const { XDG_CONFIG_HOME } = base();
    const debugLines = async (args: string[], env: Record<string, string>) => {
      const r = await runKt(['config', 'show', '--debug', ...args], {
        env: { XDG_CONFIG_HOME, HOME: sandbox.home, ...env },
        cwd: sandbox.home,
      });
      expect(r.exitCode, r.stderr).toBe(0);
      return r.stderr
        .split('\n')
        .filter((line) => line.startsWith('debug: no admin token') || line.startsWith('debug: ignoring'));
    };
    expect(await debugLines(['--state-dir', 'gw/state'], {})).toEqual([
      'debug: no admin token at gw/state/admin-token',
    ]);
    expect(await debugLines([], { KT_STATE_DIR: './state' })).toEqual(['debug: no admin token at ./state/admin-token']);
    const xdgState = join(sandbox.home, 'xdg-state');
    expect(await debugLines([], { XDG_STATE_HOME: xdgState })).toEqual([
      `debug: no admin token at ${join(xdgState, 'kt', 'admin-token')}`,
    ]);
    // The gateway.json lines of the same directory too.
    await mkdir(join(sandbox.home, 'gw', 'state'), { recursive: true });
    await writeFile(join(sandbox.home, 'gw', 'state', 'gateway.json'), '{not json');
    expect(await debugLines(['--state-dir', 'gw/state'], {})).toEqual([
      'debug: ignoring gw/state/gateway.json: not valid JSON',
      'debug: no admin token at gw/state/admin-token',
    ]);
  });
});

describe('a profile named on the command line or in KT_PROFILE', () => {
  it('a key of the profile file kt does not know is named with its line and a did-you-mean (a misspelt api_url let the token go to any URL); a repeated key is an error', async () => {
    await mkdir(join(sandbox.home, 'config', 'kt'), { recursive: true, mode: 0o700 });
    const text = [
      '{',
      '  "current_profile": "prod",',
      '  "profiles": {',
      '    "default": {"api_url": "https://api.example.com"},',
      '    "prod": {',
      `      "api-url": "${sandbox.gw.url}",`,
      '      "token": "kt_admin_secretsecret",',
      '      "zzz": "1"',
      '    }',
      '  },',
      '  "currentProfile": "default"',
      '}',
    ].join('\n');
    await writeFile(configPath(), text, { mode: 0o600 });
    const r = await runKt(['config', 'show', '--json'], { env: base() });
    expect(r.exitCode).toBe(0);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      `warning: ${configPath()}:11:3: 'currentProfile' is not a profile file key; it is ignored (did you mean 'current_profile'?)`,
      `warning: ${configPath()}:6:7: 'api-url' is not a setting of profile 'prod'; it is ignored (did you mean 'api_url'?)`,
      `warning: ${configPath()}:8:7: 'zzz' is not a setting of profile 'prod'; it is ignored (known: api_url, token, ca_cert, client_cert, client_key, timeout)`,
    ]);
    expect(r.stdout + r.stderr).not.toContain('secretsecret');
    // Same-named keys in two profiles: each warning points at its own.
    await writeFile(configPath(), '{"profiles": {"a": {"tokn": "x"}, "b": {"tokn": "y"}}}', { mode: 0o600 });
    const two = await runKt(['config', 'show'], { env: base() });
    expect(two.stderr).toContain(`${configPath()}:1:21: 'tokn' is not a setting of profile 'a'`);
    expect(two.stderr).toContain(`${configPath()}:1:41: 'tokn' is not a setting of profile 'b'`);

    await writeFile(configPath(), '{"profiles": {"a": {"token": "x"}, "a": {}}}', { mode: 0o600 });
    const dup = await runKt(['auth', 'status'], { env: base() });
    expect([dup.exitCode, dup.stderr]).toEqual([
      3,
      `kt: error[config.duplicate_key]: ${configPath()}:1:36: duplicate key 'a' (first at line 1, column 15); a repeated key would silently override the first\n`,
    ]);

    // A value of the wrong type: at its key, never quoting the value (it may be a token).
    for (const [json, error] of [
      ['{"profiles": {"a": {"token": 12345678}}}', ':1:21: profiles.a.token must be a string'],
      ['{\n  "profiles": {\n    "a": ["x"]\n  }\n}', ':3:5: profiles.a must be an object'],
      ['{"current_profile": 7}', ':1:2: current_profile must be a string'],
      ['[]', ': the profile file must hold a JSON object'],
    ] as const) {
      await writeFile(configPath(), json, { mode: 0o600 });
      const wrong = await runKt(['auth', 'status'], { env: base() });
      expect([wrong.exitCode, wrong.stderr]).toEqual([3, `kt: error[config.invalid]: ${configPath()}${error}\n`]);
      expect(wrong.stderr).not.toContain('12345678');
    }
  });

  it('a relative TLS file in a profile is relative to the profile file, not to where the command runs; one given as an option is relative to the working directory', async () => {
    const dir = join(sandbox.home, 'config', 'kt');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const profile = {
      api_url: 'https://api.example.com',
      ca_cert: 'ca.pem',
      client_cert: 'certs/me.pem',
      client_key: 'certs/me.key',
    };
    await writeFile(configPath(), JSON.stringify({ profiles: { default: profile } }), { mode: 0o600 });
    const cwd = join(sandbox.home, 'work');
    await mkdir(cwd);
    const show = JSON.parse((await runKt(['config', 'show', '--json'], { env: base(), cwd })).stdout);
    expect(show).toMatchObject({
      ca_cert: join(dir, 'ca.pem'),
      client_cert: join(dir, 'certs', 'me.pem'),
      client_key: join(dir, 'certs', 'me.key'),
    });
    const flag = JSON.parse(
      (await runKt(['config', 'show', '--json', '--ca-cert', 'mine.pem'], { env: base(), cwd })).stdout,
    );
    expect(flag.ca_cert).toBe('mine.pem');
    // What a remote command reads: the file beside the profile (not a PEM here, so named in the error).
    await writeFile(join(dir, 'ca.pem'), 'not a certificate');
    await mkdir(join(dir, 'certs'));
    const r = await runKt(['health'], { env: base(), cwd });
    expect([r.exitCode, r.stderr.split('\n')[0]]).toEqual([
      3,
      `kt: error[input.invalid_pem]: ${join(dir, 'ca.pem')}: the CA certificate (--ca-cert) is not a PEM certificate kt can read`,
    ]);
  });

  it('a current_profile the file has no profile for (edited by hand) draws a warning naming the file; commands still run', async () => {
    await mkdir(join(sandbox.home, 'config', 'kt'), { recursive: true, mode: 0o700 });
    await writeFile(
      configPath(),
      JSON.stringify({ current_profile: 'prod', profiles: { default: { api_url: 'https://api.example.com' } } }),
      { mode: 0o600 },
    );
    const r = await runKt(['config', 'show', '--json'], { env: base() });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      `warning: ${configPath()}: current_profile "prod" is not one of its profiles, so no profile settings apply; run \`kt config use-profile NAME\`\n`,
    );
    // Not for login, which creates it.
    const login = await runKt(['auth', 'login', '--api-url', sandbox.gw.url, '--token-stdin'], {
      env: base(),
      stdin: sandbox.gw.token,
    });
    expect([login.exitCode, login.stderr]).toEqual([0, '']);
    expect((await runKt(['config', 'show'], { env: base() })).stderr).toBe('');
  });

  it('a profile file saved with a byte-order mark is read; one with invalid UTF-8 is an error at its position (exit 3)', async () => {
    await mkdir(join(sandbox.home, 'config', 'kt'), { recursive: true, mode: 0o700 });
    const json = JSON.stringify({ profiles: { default: { api_url: 'https://api.example.com' } } });
    await writeFile(configPath(), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]), { mode: 0o600 });
    const bom = await runKt(['config', 'show', '--json'], { env: base() });
    expect([bom.exitCode, bom.stderr]).toEqual([0, '']);
    expect(JSON.parse(bom.stdout)).toMatchObject({ api_url: 'https://api.example.com' });
    await writeFile(configPath(), Buffer.from(json.replace('example', 'ex\u00ffample'), 'latin1'), { mode: 0o600 });
    const bad = await runKt(['config', 'show'], { env: base() });
    expect(bad.exitCode).toBe(3);
    expect(bad.stderr).toContain(`error[input.encoding]: ${configPath()}:1:50: invalid UTF-8 at byte offset 49`);
  });

  it('a profile file other users may read or write draws a warning that says which, and how to fix it', async () => {
    const { chmod } = await import('node:fs/promises');
    await mkdir(join(sandbox.home, 'config', 'kt'), { recursive: true, mode: 0o700 });
    await writeFile(configPath(), JSON.stringify({ profiles: { default: { api_url: 'https://api.example.com' } } }));
    for (const [mode, words] of [
      [0o644, 'readable by its group and others (mode 644)'],
      [0o620, 'writable by its group (mode 620)'],
    ] as const) {
      await chmod(configPath(), mode);
      const r = await runKt(['config', 'show', '--json'], { env: base() });
      expect(r.exitCode).toBe(0);
      expect(r.stderr).toBe(`warning: ${configPath()} is ${words}; run: chmod 600 ${configPath()}\n`);
    }
  });

  it('KT_PROFILE naming a profile the file does not have is the error --profile gets (exit 3), naming the variable, for every command that picks a profile', async () => {
    await twoProfiles();
    const byFlag = await runKt(['config', 'show', '--profile', 'stagin'], { env: base() });
    expect([byFlag.exitCode, byFlag.stderr]).toEqual([
      3,
      'kt: error[config.unknown_profile]: profile "stagin" does not exist\n  hint: create it with `kt auth login --profile NAME`\n',
    ]);
    const byEnv = await runKt(['config', 'show'], { env: { ...base(), KT_PROFILE: 'stagin' } });
    expect([byEnv.exitCode, byEnv.stdout]).toEqual([3, '']);
    expect(byEnv.stderr).toBe(
      'kt: error[config.unknown_profile]: profile "stagin" (from KT_PROFILE) does not exist\n  hint: create it with `kt auth login --profile NAME`, or unset KT_PROFILE\n',
    );
    // A remote command fails before sending anything (it used to run against the default gateway with no token).
    const requests = sandbox.gw.requests.length;
    const status = await runKt(['auth', 'status'], { env: { ...base(), KT_PROFILE: 'stagin' } });
    expect([status.exitCode, status.stderr.split('\n')[0]]).toEqual([
      3,
      'kt: error[config.unknown_profile]: profile "stagin" (from KT_PROFILE) does not exist',
    ]);
    expect(sandbox.gw.requests.length).toBe(requests);
    // logout too (it said 'profile "stagin" has no stored token', exit 0), and it leaves the file alone.
    const text = await readFile(configPath(), 'utf8');
    const logout = await runKt(['auth', 'logout'], { env: { ...base(), KT_PROFILE: 'stagin' } });
    expect([logout.exitCode, logout.stdout, logout.stderr.split('\n')[0]]).toEqual([
      3,
      '',
      'kt: error[config.unknown_profile]: profile "stagin" (from KT_PROFILE) does not exist',
    ]);
    expect(await readFile(configPath(), 'utf8')).toBe(text);
    // --profile still wins over the variable, and a profile that exists is used as before.
    expect(
      (await runKt(['config', 'show', '--profile', 'staging'], { env: { ...base(), KT_PROFILE: 'stagin' } })).exitCode,
    ).toBe(0);
    const existing = await runKt(['config', 'show', '--json'], { env: { ...base(), KT_PROFILE: 'staging' } });
    expect(JSON.parse(existing.stdout)).toMatchObject({ profile: 'staging', profile_source: 'env' });
  });

  it('`kt auth login` still creates the profile KT_PROFILE names', async () => {
    const login = await runKt(['auth', 'login', '--api-url', sandbox.gw.url, '--json'], {
      env: { ...base(), KT_PROFILE: 'fresh' },
      stdin: sandbox.gw.token,
    });
    expect([login.exitCode, JSON.parse(login.stdout).profile]).toEqual([0, 'fresh']);
    expect((await runKt(['config', 'show'], { env: { ...base(), KT_PROFILE: 'fresh' } })).exitCode).toBe(0);
  });
});

describe('kt config use-profile', () => {
  it('makes a saved profile current for later commands, keeping the file 0600 and the other profiles', async () => {
    await twoProfiles();
    const use = await runKt(['config', 'use-profile', 'staging'], { env: base() });
    expect([use.exitCode, use.stdout]).toEqual([0, `current profile: staging (${sandbox.gw.url})\n`]);
    const saved = JSON.parse(await readFile(configPath(), 'utf8')) as {
      current_profile: string;
      profiles: Record<string, { token: string }>;
    };
    expect(saved.current_profile).toBe('staging');
    expect(Object.keys(saved.profiles).sort()).toEqual(['default', 'staging']);
    expect(saved.profiles.default!.token).toBe(sandbox.gw.token);
    expect((await stat(configPath())).mode & 0o777).toBe(0o600);
    const status = await runKt(['auth', 'status'], { env: base() });
    expect(status.stdout).toContain('profile   staging (from profile');
    // KT_PROFILE still wins, and the switch says so.
    const withEnv = await runKt(['config', 'use-profile', 'default', '--json'], {
      env: { ...base(), KT_PROFILE: 'staging' },
    });
    expect(JSON.parse(withEnv.stdout)).toMatchObject({ profile: 'default' });
    expect(withEnv.stderr).toContain('KT_PROFILE=staging is set and takes precedence');
  });

  it('refuses a profile the file does not have (exit 3, did-you-mean) and writes nothing', async () => {
    await twoProfiles();
    const text = await readFile(configPath(), 'utf8');
    const typo = await runKt(['config', 'use-profile', 'stagin'], { env: base() });
    expect(typo.exitCode).toBe(3);
    expect(typo.stderr).toContain('kt: error[config.unknown_profile]: profile "stagin" does not exist');
    expect(typo.stderr).toContain('did you mean "staging"?');
    expect(await readFile(configPath(), 'utf8')).toBe(text);
    // A name that only Object.prototype has is not a profile either.
    expect((await runKt(['config', 'use-profile', '__proto__'], { env: base() })).exitCode).toBe(3);
  });

  it('without a profile file, says how to create one', async () => {
    const r = await runKt(['config', 'use-profile', 'prod'], { env: base() });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('create one with `kt auth login --profile NAME`');
  });
});
