import { chmod, lstat, mkdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useGatewaySandbox } from '../../helpers/gateway-sandbox.js';
import { runKt } from '../../helpers/run-kt.js';
import { startFakeGateway } from '../../helpers/fake-gateway.js';

const sandbox = useGatewaySandbox({ prefix: 'kt-auth-' });
const base = () => sandbox.homeEnv();

describe('kt auth', () => {
  it('login checks the token, stores it 0600 with the URL; status then uses it; logout removes it', async () => {
    const login = await runKt(['auth', 'login', '--api-url', sandbox.gw.url, '--token-stdin'], {
      env: base(),
      stdin: `${sandbox.gw.token}\n`,
    });
    expect(login.exitCode).toBe(0);
    expect(login.stdout).toMatch(
      /^logged in to http:\/\/127\.0\.0\.1:\d+ as admin \(admin\); profile "default" saved in .*config\.json\n$/,
    );
    const path = join(sandbox.home, 'config', 'kt', 'config.json');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(sandbox.home, 'config', 'kt'))).mode & 0o777).toBe(0o700);
    const saved = JSON.parse(await readFile(path, 'utf8')) as {
      current_profile: string;
      profiles: Record<string, { api_url: string; token: string }>;
    };
    expect(saved.profiles.default).toEqual({ api_url: sandbox.gw.url, token: sandbox.gw.token });
    expect(login.stdout + login.stderr).not.toContain(sandbox.gw.token);

    const status = await runKt(['auth', 'status'], { env: base() });
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toContain(`api       ${sandbox.gw.url} (from profile)`);
    expect(status.stdout).toContain('token     from profile');
    expect(status.stdout).toContain('identity  admin (admin)');
    expect(status.stdout).not.toContain(sandbox.gw.token);
    // Other commands pick the profile up too.
    expect((await runKt(['config-vars', 'list'], { env: base() })).exitCode).toBe(0);

    const logout = await runKt(['auth', 'logout'], { env: base() });
    expect(logout.stdout).toBe('logged out: removed the token of profile "default"\n');
    const after = await runKt(['auth', 'status', '--json'], { env: base() });
    expect(after.exitCode).toBe(4);
    expect(JSON.parse(after.stdout)).toMatchObject({
      api_url: sandbox.gw.url,
      token_source: 'none',
      authenticated: false,
    });
  });

  it('status: a rejected token is "not authenticated"; an API that cannot be asked is "not checked", with why (exit 4, 5)', async () => {
    const token = 'kt_status_token_0123456789';
    const rejected = await runKt(['auth', 'status', '--api-url', sandbox.gw.url], {
      env: { ...base(), KEEPTRUSTS_API_TOKEN: token },
    });
    expect(rejected.exitCode).toBe(4);
    expect(rejected.stdout).toMatch(/\nidentity {2}not authenticated: .*\(auth\.\w+\)\n$/);
    const down = await runKt(['auth', 'status', '--api-url', 'http://127.0.0.1:1'], {
      env: { ...base(), KEEPTRUSTS_API_TOKEN: token },
    });
    expect(down.exitCode).toBe(5);
    expect(down.stdout).toMatch(
      /\nidentity {2}not checked: GET \S+\/v1\/whoami: connection refused \(network\.unreachable\)\n$/,
    );
    for (const r of [rejected, down]) expect(r.stdout + r.stderr).not.toContain(token);
  });

  it('a config.json that is a symbolic link (dotfiles) is written through: the link stays, the file it names gets the profile', async () => {
    const dotfiles = join(sandbox.home, 'dotfiles');
    await mkdir(dotfiles, { recursive: true });
    await mkdir(join(sandbox.home, 'config', 'kt'), { recursive: true, mode: 0o700 });
    const target = join(dotfiles, 'kt-config.json');
    await writeFile(target, '{"current_profile": "default", "profiles": {}}\n', { mode: 0o600 });
    const path = join(sandbox.home, 'config', 'kt', 'config.json');
    await symlink(target, path);
    const login = await runKt(['auth', 'login', '--api-url', sandbox.gw.url, '--token-stdin'], {
      env: base(),
      stdin: `${sandbox.gw.token}\n`,
    });
    expect(login.exitCode).toBe(0);
    expect((await lstat(path)).isSymbolicLink()).toBe(true);
    expect(await readlink(path)).toBe(target);
    expect(JSON.parse(await readFile(target, 'utf8')).profiles.default.api_url).toBe(sandbox.gw.url);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect((await runKt(['auth', 'logout'], { env: base() })).exitCode).toBe(0);
    expect((await lstat(path)).isSymbolicLink()).toBe(true);
    expect(JSON.parse(await readFile(target, 'utf8')).profiles.default.token).toBeUndefined();
  });

  it('a rejected token exits 4 and nothing is saved', async () => {
    const r = await runKt(['auth', 'login', '--api-url', sandbox.gw.url], {
      env: base(),
      stdin: 'kt_admin_badbadbadbad',
    });
    expect(r.exitCode).toBe(4);
    expect(r.stderr).not.toContain('badbadbad');
    // Not "run `kt auth login`", the command that just ran.
    expect(r.stderr.split('\n')[1]).toBe(
      `  hint: check the token, and that it is one for ${sandbox.gw.url}; nothing was saved`,
    );
    await expect(stat(join(sandbox.home, 'config', 'kt', 'config.json'))).rejects.toThrow();
  });

  it('a gateway refusing this client\'s address says so, not "check the token" (exit 4, nothing saved)', async () => {
    sandbox.gw.faults.push({
      path: '/v1/whoami',
      status: 403,
      body: { error: { type: 'access_denied', code: 'ip_not_allowed', message: 'client address not allowed' } },
    });
    const r = await runKt(['auth', 'login', '--api-url', sandbox.gw.url, '--token-stdin'], {
      env: base(),
      stdin: sandbox.gw.token,
    });
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toMatch(/^kt: error\[auth\.network_denied\]: /);
    expect(r.stderr.split('\n')[1]).toMatch(/^ {2}hint: nothing was saved; this machine's address is outside/);
    expect(r.stderr).not.toContain('check the token');
    expect(r.stderr).not.toContain(sandbox.gw.token);
    await expect(stat(join(sandbox.home, 'config', 'kt', 'config.json'))).rejects.toThrow();
  });

  it('a server it cannot reach exits 5, and the hint says nothing was saved', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const { port } = closed.address() as AddressInfo;
    await new Promise((done) => closed.close(done));
    const r = await runKt(['auth', 'login', '--api-url', `http://127.0.0.1:${port}`, '--token-stdin'], {
      env: { ...base(), KT_HTTP_MAX_ATTEMPTS: '1' },
      stdin: 'kt_admin_unreachable',
    });
    expect(r.exitCode).toBe(5);
    expect(r.stderr).toMatch(/^kt: error\[network\.unreachable\]: /);
    expect(r.stderr.split('\n')[1]).toBe(
      '  hint: nothing was saved; is the gateway running? start it with `kt gateway run`, or pass --api-url',
    );
    expect(r.stderr).not.toContain('kt_admin_unreachable');
    await expect(stat(join(sandbox.home, 'config', 'kt', 'config.json'))).rejects.toThrow();
  });

  it('KEEPTRUSTS_API_TOKEN beats the profile; --profile selects a named profile', async () => {
    const other = await startFakeGateway();
    try {
      await runKt(['auth', 'login', '--api-url', other.url], { env: base(), stdin: other.token });
      const login = await runKt(['auth', 'login', '--api-url', sandbox.gw.url, '--profile', 'prod'], {
        env: base(),
        stdin: sandbox.gw.token,
      });
      expect(login.exitCode).toBe(0);
    } finally {
      await other.close();
    }
    const unknown = await runKt(['auth', 'status', '--profile', 'staging'], { env: base() });
    expect(unknown.exitCode).toBe(3);
    expect(unknown.stderr).toContain('profile "staging" does not exist');
    const s = await runKt(['auth', 'status', '--profile', 'prod'], { env: base() });
    expect(s.stdout).toContain('profile   prod (from flag');
    expect(s.exitCode).toBe(0);
    const env = await runKt(['auth', 'status', '--profile', 'prod', '--json'], {
      env: { ...base(), KEEPTRUSTS_API_TOKEN: 'kt_admin_fromenv' },
    });
    expect(JSON.parse(env.stdout)).toMatchObject({
      token_source: 'env',
      authenticated: false,
      error: 'auth.unauthorized',
    });
  });

  it('a stored token is not sent to a different --api-url', async () => {
    await runKt(['auth', 'login', '--api-url', sandbox.gw.url], { env: base(), stdin: sandbox.gw.token });
    const other = await startFakeGateway();
    try {
      await runKt(['config-vars', 'list', '--api-url', other.url], { env: base() });
      expect(other.requests[0]!.authorization).toBeUndefined();
      // auth status says why there is no token, rather than to log in again.
      const status = await runKt(['auth', 'status', '--api-url', other.url], { env: base() });
      expect(status.exitCode).toBe(4);
      expect(status.stdout).toContain(
        `token     none (profile "default" has a token for ${sandbox.gw.url}, which is not sent to ${other.url})\n`,
      );
    } finally {
      await other.close();
    }
  });

  it('the local gateway admin token is read from the state dir when no token is given', async () => {
    await mkdir(join(sandbox.home, 'state'), { recursive: true });
    await writeFile(join(sandbox.home, 'state', 'admin-token'), `${sandbox.gw.token}\n`, { mode: 0o600 });
    await writeFile(
      join(sandbox.home, 'state', 'gateway.json'),
      JSON.stringify({ url: sandbox.gw.url, pid: process.pid, tls: false }),
    );
    const s = await runKt(['auth', 'status', '--json'], { env: base() });
    expect(JSON.parse(s.stdout)).toMatchObject({
      api_url: sandbox.gw.url,
      api_url_source: 'gateway.json',
      token_source: 'state-dir',
      authenticated: true,
    });
  });

  it('a rejected token: the hint names where it came from (env, profile, state dir), not the generic "run kt auth login" that a set KEEPTRUSTS_API_TOKEN overrides', async () => {
    const hintOf = async (env: Record<string, string>) => {
      const r = await runKt(['config-vars', 'list'], { env: { ...base(), ...env } });
      expect(r.exitCode, r.stderr).toBe(4);
      expect(r.stderr).toMatch(/^kt: error\[auth\.unauthorized\]: /);
      return r.stderr.split('\n')[1];
    };
    expect(await hintOf({ KEEPTRUSTS_API_URL: sandbox.gw.url, KEEPTRUSTS_API_TOKEN: 'kt_stale_env_token' })).toBe(
      '  hint: the token came from KEEPTRUSTS_API_TOKEN, which comes before any profile and the local admin token: correct it, or unset it to use them',
    );
    const config = join(sandbox.home, 'config', 'kt');
    await mkdir(config, { recursive: true, mode: 0o700 });
    await writeFile(
      join(config, 'config.json'),
      JSON.stringify({
        profiles: { ci: { api_url: sandbox.gw.url, token: 'kt_stale_profile_token' } },
        current_profile: 'ci',
      }),
      { mode: 0o600 },
    );
    expect(await hintOf({})).toBe(
      `  hint: the token came from profile "ci" (${join(config, 'config.json')}): log in again with \`kt auth login --profile ci\`, or set KEEPTRUSTS_API_TOKEN`,
    );
    await writeFile(join(config, 'config.json'), '{}', { mode: 0o600 });
    const state = join(sandbox.home, 'state');
    await mkdir(state, { recursive: true, mode: 0o700 });
    await writeFile(join(state, 'admin-token'), 'kt_stale_admin_token\n', { mode: 0o600 });
    await writeFile(join(state, 'gateway.json'), JSON.stringify({ url: sandbox.gw.url, pid: process.pid, tls: false }));
    expect(await hintOf({})).toBe(
      `  hint: the token came from ${join(state, 'admin-token')}: is that the state directory of the gateway at ${sandbox.gw.url}? (--state-dir or KT_STATE_DIR)`,
    );
  });

  it('a credential file others can read is refused as the gateway refuses its key (exit 3, chmod 600 it): the profile file holding a token, the state dir admin-token', async () => {
    const path = join(sandbox.home, 'config', 'kt', 'config.json');
    await mkdir(join(sandbox.home, 'config', 'kt'), { recursive: true, mode: 0o700 });
    await writeFile(
      path,
      JSON.stringify({ profiles: { default: { api_url: sandbox.gw.url, token: sandbox.gw.token } } }),
    );
    await chmod(path, 0o644);
    for (const argv of [
      ['auth', 'status'],
      ['config-vars', 'list'],
      ['config', 'show'],
    ]) {
      const r = await runKt(argv, { env: base() });
      expect([argv, r.exitCode, r.stdout, r.stderr.split('\n')[0]]).toEqual([
        argv,
        3,
        '',
        `kt: error[config.profile_unsafe]: ${path}: is readable by its group and others (mode 644); it holds API tokens, which anyone who can read it may use`,
      ]);
      expect(r.stderr).toContain('hint: chmod 600 it;');
      expect(r.stderr).not.toContain(sandbox.gw.token);
    }
    // kt auth login rewrites the file 0600 (a repair), and logout still removes a token.
    const login = await runKt(['auth', 'login', '--api-url', sandbox.gw.url, '--token-stdin'], {
      env: base(),
      stdin: `${sandbox.gw.token}\n`,
    });
    expect(login.exitCode).toBe(0);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await runKt(['auth', 'status'], { env: base() })).exitCode).toBe(0);
    await chmod(path, 0o640);
    expect((await runKt(['auth', 'logout'], { env: base() })).exitCode).toBe(0);
    // Without a token the file is no credential: a warning only.
    await chmod(path, 0o640);
    const noToken = await runKt(['config', 'show'], { env: base() });
    expect([noToken.exitCode, noToken.stderr]).toEqual([
      0,
      `warning: ${path} is readable by its group (mode 640); run: chmod 600 ${path}\n`,
    ]);

    // The local gateway's admin-token, read by kt, is held to the same rule.
    await chmod(path, 0o600);
    await mkdir(join(sandbox.home, 'state'), { recursive: true });
    await writeFile(join(sandbox.home, 'state', 'admin-token'), `${sandbox.gw.token}\n`);
    await chmod(join(sandbox.home, 'state', 'admin-token'), 0o644);
    await writeFile(
      join(sandbox.home, 'state', 'gateway.json'),
      JSON.stringify({ url: sandbox.gw.url, pid: process.pid, tls: false }),
    );
    const local = await runKt(['config-vars', 'list'], { env: { ...base(), KEEPTRUSTS_API_URL: '' } });
    expect([local.exitCode, local.stderr.split('\n')[0]]).toEqual([
      3,
      `kt: error[config.state_file_unsafe]: ${join(sandbox.home, 'state', 'admin-token')}: is readable by its group and others (mode 644); anyone who can read it administers the gateway`,
    ]);
    expect(local.stderr).not.toContain(sandbox.gw.token);
  });

  it('login to the local gateway found in gateway.json saves no URL: the profile follows the gateway to its next port, and its token goes to no other server', async () => {
    await mkdir(join(sandbox.home, 'state'), { recursive: true });
    const gatewayJson = (url: string) =>
      writeFile(join(sandbox.home, 'state', 'gateway.json'), JSON.stringify({ url, pid: process.pid, tls: false }));
    await gatewayJson(sandbox.gw.url);
    const login = await runKt(['auth', 'login', '--token-stdin'], { env: base(), stdin: `${sandbox.gw.token}\n` });
    expect(login.exitCode).toBe(0);
    expect(login.stdout).toContain('(the local gateway: the profile follows it, its URL is not saved)');
    const path = join(sandbox.home, 'config', 'kt', 'config.json');
    const saved = JSON.parse(await readFile(path, 'utf8')) as { profiles: Record<string, Record<string, string>> };
    expect(saved.profiles.default).toEqual({ token: sandbox.gw.token });

    // The gateway restarted on another port: the profile's commands reach it there.
    const moved = await startFakeGateway({ token: sandbox.gw.token });
    try {
      await gatewayJson(moved.url);
      const status = await runKt(['auth', 'status', '--json'], { env: base() });
      expect([status.exitCode, JSON.parse(status.stdout)]).toEqual([
        0,
        expect.objectContaining({
          api_url: moved.url,
          api_url_source: 'gateway.json',
          token_source: 'profile',
          authenticated: true,
        }),
      ]);
      // A server elsewhere does not get the local gateway's token.
      const elsewhere = await runKt(['auth', 'status', '--api-url', 'https://api.example.invalid'], { env: base() });
      expect(elsewhere.stdout).toContain(
        'token     none (profile "default" has a token for the local gateway, which is not sent to https://api.example.invalid)',
      );
    } finally {
      await moved.close();
    }

    // An explicit URL is saved, as before.
    const pinned = await runKt(['auth', 'login', '--token-stdin'], {
      env: { ...base(), KEEPTRUSTS_API_URL: sandbox.gw.url },
      stdin: `${sandbox.gw.token}\n`,
    });
    expect(pinned.exitCode).toBe(0);
    expect((JSON.parse(await readFile(path, 'utf8')) as typeof saved).profiles.default).toEqual({
      api_url: sandbox.gw.url,
      token: sandbox.gw.token,
    });
  });

  it('XDG_CONFIG_HOME / XDG_STATE_HOME: an absolute path is used, a relative one is ignored as the XDG spec says (~/.config, ~/.local/state)', async () => {
    const home = join(sandbox.home, 'home');
    const cwd = join(sandbox.home, 'work');
    await mkdir(cwd, { recursive: true });
    const login = (xdg: Record<string, string>) =>
      runKt(['auth', 'login', '--api-url', sandbox.gw.url, '--token-stdin'], {
        env: { HOME: home, ...xdg },
        cwd,
        stdin: sandbox.gw.token,
      });
    const show = async (xdg: Record<string, string>) =>
      JSON.parse((await runKt(['config', 'show', '--json'], { env: { HOME: home, ...xdg }, cwd })).stdout) as {
        config_file: string;
        state_dir: string;
      };

    // Relative: the profile went to <cwd>/relative-config/kt/config.json, a different file in every directory.
    const relative = { XDG_CONFIG_HOME: 'relative-config', XDG_STATE_HOME: 'relative-state' };
    expect((await login(relative)).exitCode).toBe(0);
    const fallback = join(home, '.config', 'kt', 'config.json');
    expect((await stat(fallback)).mode & 0o777).toBe(0o600);
    expect(existsSync(join(cwd, 'relative-config'))).toBe(false);
    expect(await show(relative)).toMatchObject({
      config_file: fallback,
      state_dir: join(home, '.local', 'state', 'kt'),
    });

    const absolute = {
      XDG_CONFIG_HOME: join(sandbox.home, 'xdg-config'),
      XDG_STATE_HOME: join(sandbox.home, 'xdg-state'),
    };
    expect((await login(absolute)).exitCode).toBe(0);
    const chosen = join(sandbox.home, 'xdg-config', 'kt', 'config.json');
    expect((await stat(chosen)).mode & 0o777).toBe(0o600);
    expect(await show(absolute)).toMatchObject({
      config_file: chosen,
      state_dir: join(sandbox.home, 'xdg-state', 'kt'),
    });
  });

  it('a malformed profile file is a config error naming the file (exit 3)', async () => {
    await mkdir(join(sandbox.home, 'config', 'kt'), { recursive: true });
    await writeFile(join(sandbox.home, 'config', 'kt', 'config.json'), '{"profiles": [}');
    const r = await runKt(['auth', 'status'], { env: base() });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/config\.json:1:15: invalid JSON: unexpected token/);
  });

  it('profile names that are Object.prototype members are ordinary names: unknown until saved, then saved for real', async () => {
    expect(
      (
        await runKt(['auth', 'login', '--api-url', sandbox.gw.url, '--token-stdin', '--profile', 'ops'], {
          env: base(),
          stdin: sandbox.gw.token,
        })
      ).exitCode,
    ).toBe(0);
    for (const name of ['constructor', 'toString', '__proto__']) {
      const unknown = await runKt(['auth', 'status', '--profile', name], { env: base() });
      expect(unknown.exitCode).toBe(3);
      expect(unknown.stderr).toContain(`profile "${name}" does not exist`);
      expect((await runKt(['auth', 'logout', '--profile', name], { env: base() })).exitCode).toBe(3);
    }
    const login = await runKt(
      ['auth', 'login', '--api-url', sandbox.gw.url, '--token-stdin', '--profile', '__proto__'],
      { env: base(), stdin: sandbox.gw.token },
    );
    expect(login.exitCode).toBe(0);
    const saved = JSON.parse(await readFile(join(sandbox.home, 'config', 'kt', 'config.json'), 'utf8')) as {
      current_profile: string;
      profiles: Record<string, unknown>;
    };
    expect(saved.current_profile).toBe('__proto__');
    expect(Object.keys(saved.profiles).sort()).toEqual(['__proto__', 'ops']);
    expect(Object.hasOwn(saved.profiles, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(saved.profiles, '__proto__')?.value).toEqual({
      api_url: sandbox.gw.url,
      token: sandbox.gw.token,
    });
    const status = await runKt(['auth', 'status', '--profile', '__proto__'], { env: base() });
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toContain('token     from profile');
    const logout = await runKt(['auth', 'logout', '--profile', '__proto__'], { env: base() });
    expect(logout.stdout).toBe('logged out: removed the token of profile "__proto__"\n');
  });

  it('logins and logouts running at the same time do not undo each other: every profile is kept, a removed token stays removed', async () => {
    const path = join(sandbox.home, 'config', 'kt', 'config.json');
    const login = (profile: string) =>
      runKt(['auth', 'login', '--api-url', sandbox.gw.url, '--token-stdin', '--profile', profile], {
        env: base(),
        stdin: sandbox.gw.token,
      });
    expect((await login('old')).exitCode).toBe(0);
    // Each login reads the file, waits for the server's answer, then writes: in one process the runs
    // interleave exactly there.
    const names = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    const runs = await Promise.all([
      ...names.map(login),
      runKt(['auth', 'logout', '--profile', 'old'], { env: base() }),
    ]);
    expect(runs.map((r) => r.exitCode)).toEqual(names.map(() => 0).concat(0));
    const saved = JSON.parse(await readFile(path, 'utf8')) as { profiles: Record<string, { token?: string }> };
    expect(Object.keys(saved.profiles).sort()).toEqual(['old', ...names]);
    for (const name of names) expect(saved.profiles[name]!.token).toBe(sandbox.gw.token);
    expect(saved.profiles.old!.token).toBeUndefined();
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('a profile-file lock left by a process that is gone is taken over', async () => {
    const dir = join(sandbox.home, 'config', 'kt');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // Above any pid the kernel hands out (pid_max is at most 2^22).
    await writeFile(join(dir, 'config.json.lock'), '99999999 crashed\n', { mode: 0o600 });
    const login = await runKt(['auth', 'login', '--api-url', sandbox.gw.url, '--token-stdin'], {
      env: base(),
      stdin: sandbox.gw.token,
    });
    expect(login.exitCode).toBe(0);
    expect(existsSync(join(dir, 'config.json.lock'))).toBe(false);
    expect(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')).profiles.default.api_url).toBe(sandbox.gw.url);
  });

  it('login reads the token from --from-env or --from-file too (as config-vars set does), never from argv', async () => {
    const path = join(sandbox.home, 'config', 'kt', 'config.json');
    const stored = async () =>
      (JSON.parse(await readFile(path, 'utf8')) as { profiles: Record<string, { token?: string }> }).profiles;
    const fromEnv = await runKt(['auth', 'login', '--api-url', sandbox.gw.url, '--from-env', 'CI_KT_TOKEN', '--json'], {
      env: { ...base(), CI_KT_TOKEN: sandbox.gw.token },
    });
    expect(fromEnv.exitCode).toBe(0);
    expect(fromEnv.stdout + fromEnv.stderr).not.toContain(sandbox.gw.token);
    expect((await stored()).default!.token).toBe(sandbox.gw.token);

    const file = join(sandbox.home, 'token.txt');
    await writeFile(file, `${sandbox.gw.token}\n`, { mode: 0o600 });
    const fromFile = await runKt(
      ['auth', 'login', '--api-url', sandbox.gw.url, '--from-file', file, '--profile', 'ci'],
      { env: base() },
    );
    expect(fromFile.exitCode).toBe(0);
    expect((await stored()).ci!.token).toBe(sandbox.gw.token);

    const unset = await runKt(['auth', 'login', '--api-url', sandbox.gw.url, '--from-env', 'NOPE', '--profile', 'x'], {
      env: base(),
    });
    expect([unset.exitCode, unset.stderr]).toEqual([
      3,
      'kt: error[input.missing_env]: environment variable NOPE is not set\n',
    ]);
    const both = await runKt(
      ['auth', 'login', '--api-url', sandbox.gw.url, '--from-env', 'CI_KT_TOKEN', '--token-stdin', '--profile', 'x'],
      { env: { ...base(), CI_KT_TOKEN: sandbox.gw.token }, stdin: sandbox.gw.token },
    );
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain('give one source for the API token, not --from-env and --token-stdin');
    expect(Object.keys(await stored()).sort()).toEqual(['ci', 'default']);
  });

  it('a server that echoes the token as the identity does not get it printed (login, status; text and --json)', async () => {
    const token = sandbox.gw.token;
    const echo = () =>
      sandbox.gw.faults.push({
        path: '/v1/whoami',
        status: 200,
        body: { subject: `key ${token}`, token_type: 'admin', gateway_id: `gw-${token}` },
      });
    const outputs: string[] = [];
    for (const json of [[], ['--json']]) {
      echo();
      const login = await runKt(['auth', 'login', '--api-url', sandbox.gw.url, '--token-stdin', ...json], {
        env: base(),
        stdin: token,
      });
      expect(login.exitCode).toBe(0);
      echo();
      const status = await runKt(['auth', 'status', '--debug', ...json], { env: base() });
      expect(status.exitCode).toBe(0);
      outputs.push(login.stdout, login.stderr, status.stdout, status.stderr);
    }
    expect(outputs[0]).toContain(' as key [REDACTED] (admin);');
    expect(JSON.parse(outputs[6]!)).toMatchObject({ subject: 'key [REDACTED]', gateway_id: 'gw-[REDACTED]' });
    for (const text of outputs) expect(text).not.toContain(token);
  });

  it('no terminal and nothing on stdin (CI, < /dev/null): says so and how to give the token (exit 3, nothing written)', async () => {
    const r = await runKt(['auth', 'login', '--api-url', sandbox.gw.url], { env: base() });
    expect([r.exitCode, r.stderr]).toEqual([
      3,
      'kt: error[input.empty_value]: no API token: stdin is not a terminal and gave nothing\n' +
        '  hint: pipe it in (--token-stdin), or use --from-file or --from-env; there is no prompt without a terminal\n',
    ]);
    // Asked for stdin and given an empty one: the value is empty.
    const flagged = await runKt(['auth', 'login', '--api-url', sandbox.gw.url, '--token-stdin'], { env: base() });
    expect([flagged.exitCode, flagged.stderr]).toEqual([
      3,
      'kt: error[input.empty_value]: the API token on stdin is empty\n',
    ]);
    // From a file or a variable: the error names which.
    await writeFile(join(sandbox.home, 'empty.txt'), '\n', { mode: 0o600 });
    const fromFile = await runKt(['auth', 'login', '--api-url', sandbox.gw.url, '--from-file', 'empty.txt'], {
      env: base(),
      cwd: sandbox.home,
    });
    expect([fromFile.exitCode, fromFile.stderr]).toEqual([
      3,
      'kt: error[input.empty_value]: empty.txt: the API token is empty\n',
    ]);
    const fromEnv = await runKt(['auth', 'login', '--api-url', sandbox.gw.url, '--from-env', 'KT_EMPTY'], {
      env: { ...base(), KT_EMPTY: '' },
    });
    expect([fromEnv.exitCode, fromEnv.stderr]).toEqual([
      3,
      "kt: error[input.empty_value]: the API token is empty: environment variable KT_EMPTY is set to ''\n",
    ]);
    expect(existsSync(join(sandbox.home, 'config', 'kt'))).toBe(false);
    expect(sandbox.gw.requests).toEqual([]);
  });

  it('a token that cannot go in an HTTP header (two lines, a space) is refused before any request, naming its source, not the token (exit 3)', async () => {
    const file = join(sandbox.home, 'two-lines.txt');
    await writeFile(file, 'kt_first_line_part\nsecond_line_part\n', { mode: 0o600 });
    const login = await runKt(['auth', 'login', '--api-url', sandbox.gw.url, '--from-file', file], { env: base() });
    expect([login.exitCode, login.stderr.split('\n')[0]]).toEqual([
      3,
      'kt: error[input.invalid_token]: the token given has a space, a line break or a character that is not ASCII; a token is one word',
    ]);
    const env = await runKt(['auth', 'status', '--api-url', sandbox.gw.url], {
      env: { ...base(), KEEPTRUSTS_API_TOKEN: 'first_line_part\nsecond_line_part' },
    });
    expect([env.exitCode, env.stderr.split('\n')[0]]).toEqual([
      3,
      'kt: error[input.invalid_token]: KEEPTRUSTS_API_TOKEN has a space, a line break or a character that is not ASCII; a token is one word',
    ]);
    expect(login.stderr + env.stderr).not.toContain('line_part');
    expect(sandbox.gw.requests).toEqual([]);
    expect(existsSync(join(sandbox.home, 'config', 'kt'))).toBe(false);
  });

  it('a control plane whose whoami names no gateway (its tokens belong to none) is logged in to', async () => {
    for (const json of [[], ['--json']]) {
      sandbox.gw.faults.push({ path: '/v1/whoami', status: 200, body: { subject: 'ci-bot', token_type: 'admin' } });
      const login = await runKt(['auth', 'login', '--api-url', sandbox.gw.url, '--token-stdin', ...json], {
        env: base(),
        stdin: sandbox.gw.token,
      });
      expect([login.exitCode, login.stderr]).toEqual([0, '']);
      sandbox.gw.faults.push({ path: '/v1/whoami', status: 200, body: { subject: 'ci-bot', token_type: 'admin' } });
      const status = await runKt(['auth', 'status', ...json], { env: base() });
      expect(status.exitCode).toBe(0);
      if (json.length > 0) expect(JSON.parse(status.stdout)).toMatchObject({ subject: 'ci-bot', gateway_id: null });
    }
  });

  it("kt auth whoami (the public docs' name) is kt auth status", async () => {
    await runKt(['auth', 'login', '--api-url', sandbox.gw.url, '--token-stdin'], {
      env: base(),
      stdin: sandbox.gw.token,
    });
    const whoami = await runKt(['auth', 'whoami', '--json'], { env: base() });
    const status = await runKt(['auth', 'status', '--json'], { env: base() });
    expect(whoami.exitCode).toBe(0);
    expect(JSON.parse(whoami.stdout)).toEqual(JSON.parse(status.stdout));
    expect(JSON.parse(whoami.stdout)).toMatchObject({ authenticated: true, subject: 'admin' });
  });

  it("the public docs' kt auth login --email --password is refused with what to do instead, never echoing the password (exit 2)", async () => {
    for (const argv of [
      ['--email', 'ana@example.com', '--password', 'hunter2-secret'],
      ['--email=ana@example.com', '--password=hunter2-secret', '--json'],
    ]) {
      const r = await runKt(['auth', 'login', '--api-url', sandbox.gw.url, ...argv], { env: base() });
      expect(r.exitCode).toBe(2);
      expect(r.stdout + r.stderr).toContain('kt auth login takes an API token, not an email and password');
      expect(r.stdout + r.stderr).not.toContain('hunter2');
    }
    expect(sandbox.gw.requests).toEqual([]);
    expect(existsSync(join(sandbox.home, 'config', 'kt'))).toBe(false);
  });
});
