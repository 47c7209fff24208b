import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useGatewaySandbox } from '../../helpers/gateway-sandbox.js';
import { runKt } from '../../helpers/run-kt.js';
import { hex64 } from '../../helpers/fake-gateway.js';

const SECRET = 'sk-rotated-Zq8vN3xLw2Pp5Tt7Yy9';
const sandbox = useGatewaySandbox({ prefix: 'kt-cv-' });
const env = (extra: Record<string, string> = {}) => sandbox.env(extra);

const noSecret = (...texts: string[]) => {
  for (const t of texts) expect(t).not.toContain(SECRET);
};

describe('kt config-vars', () => {
  it('set reads the value from stdin (one trailing newline dropped) and never prints it', async () => {
    const r = await runKt(['config-vars', 'set', 'OPENAI_API_KEY', '--description', 'prod key', '--debug'], {
      env: env(),
      stdin: `${SECRET}\n`,
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('created OPENAI_API_KEY (version 1)\n');
    expect(sandbox.gw.vars.get('OPENAI_API_KEY')!.value).toBe(SECRET);
    expect(sandbox.gw.requests.at(-1)!.method).toBe('PUT');
    noSecret(r.stdout, r.stderr);
    const again = await runKt(['config-vars', 'set', 'OPENAI_API_KEY', '--stdin'], { env: env(), stdin: 'second' });
    expect(again.stdout).toBe('updated OPENAI_API_KEY (version 2)\n');
  });

  it('--from-file and --from-env', async () => {
    const file = join(sandbox.home, 'key.txt');
    await writeFile(file, `${SECRET}\r\n`);
    expect((await runKt(['config-vars', 'set', 'A', '--from-file', file], { env: env() })).exitCode).toBe(0);
    expect(sandbox.gw.vars.get('A')!.value).toBe(SECRET);
    expect(
      (await runKt(['config-vars', 'set', 'B', '--from-env', 'MY_KEY'], { env: env({ MY_KEY: SECRET }) })).exitCode,
    ).toBe(0);
    expect(sandbox.gw.vars.get('B')!.value).toBe(SECRET);
    const missing = await runKt(['config-vars', 'set', 'C', '--from-file', join(sandbox.home, 'nope')], { env: env() });
    expect(missing.exitCode).toBe(3);
    expect(missing.stderr).toMatch(/error\[input\.not_found\]: .*nope: cannot read the value of C: no such file\n/);
  });

  it('the value given where its variable or file belongs is not echoed in the error', async () => {
    // `--from-env "$KEY"`: no variable name, so not repeated; a usage error (exit 2), nothing sent.
    const before = sandbox.gw.requests.length;
    const env1 = await runKt(['config-vars', 'set', 'C', '--from-env', SECRET], { env: env() });
    expect([env1.exitCode, env1.stdout]).toEqual([2, '']);
    expect(env1.stderr).toMatch(
      /^kt: error\[usage\.invalid_env_name\]: --from-env takes the name of an environment variable/,
    );
    noSecret(env1.stderr);
    // A set variable is read whatever its name; an unset plain name is still named.
    const odd = await runKt(['config-vars', 'set', 'C', '--from-env', 'MY-KEY'], { env: env({ 'MY-KEY': SECRET }) });
    expect(odd.exitCode).toBe(0);
    const unset = await runKt(['config-vars', 'set', 'C', '--from-env', 'NOPE_KEY'], { env: env() });
    expect([unset.exitCode, unset.stderr]).toEqual([
      3,
      'kt: error[input.missing_env]: environment variable NOPE_KEY is not set\n',
    ]);
    // `--from-file "$KEY"`: the path is named, redacted when shaped like a key.
    const file = await runKt(['config-vars', 'set', 'C', '--from-file', SECRET], { env: env() });
    expect([file.exitCode, file.stderr]).toEqual([
      3,
      'kt: error[input.not_found]: [REDACTED]: cannot read the value of C: no such file\n',
    ]);
    const auth = await runKt(['auth', 'login', '--api-url', sandbox.gw.url, '--from-env', SECRET], { env: env() });
    expect(auth.exitCode).toBe(2);
    noSecret(auth.stdout, auth.stderr);
    expect(sandbox.gw.requests.length).toBe(before + 1);
  });

  it('an API URL ending in /v1 (an OpenAI base URL) is said to be wrong, not a variable that does not exist', async () => {
    sandbox.gw.vars.set('THERE', {
      value: SECRET,
      version: 1,
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
    });
    for (const argv of [
      ['config-vars', 'get', 'THERE'],
      ['config-vars', 'delete', 'THERE', '--yes'],
      ['config-vars', 'list'],
    ]) {
      const r = await runKt([...argv, '--api-url', `${sandbox.gw.url}/v1/`], { env: env() });
      expect([r.exitCode, r.stdout]).toEqual([2, '']);
      expect(r.stderr).toMatch(
        new RegExp(
          `^kt: error\\[usage\\.invalid_api_url\\]: the API URL ${sandbox.gw.url}/v1 ends in /v1, which kt adds to every path itself: `,
        ),
      );
      expect(r.stderr).toContain(`  hint: give the server's root: --api-url ${sandbox.gw.url} `);
    }
    expect(sandbox.gw.vars.has('THERE')).toBe(true);
  });

  it('--from-file is capped by the bytes read, not by its size: /dev/zero (0 bytes by stat) stops at 64 KiB with input.too_large (exit 3)', async () => {
    const zero = await runKt(['config-vars', 'set', 'Z', '--from-file', '/dev/zero'], { env: env() });
    expect(zero.exitCode).toBe(3);
    expect(zero.stderr).toBe('kt: error[input.too_large]: /dev/zero: the value of Z is larger than 65536 bytes\n');
    const big = join(sandbox.home, 'big.txt');
    await writeFile(big, 'x'.repeat(65_537));
    expect((await runKt(['config-vars', 'set', 'Z', '--from-file', big], { env: env() })).stderr).toContain(
      'error[input.too_large]',
    );
    await writeFile(big, 'x'.repeat(65_536));
    expect((await runKt(['config-vars', 'set', 'Z', '--from-file', big], { env: env() })).exitCode).toBe(0);
    expect(sandbox.gw.vars.get('Z')!.value).toHaveLength(65_536);
    expect(sandbox.gw.requests.filter((q) => q.method === 'PUT')).toHaveLength(1);
  });

  it('refuses --value without --force (exit 2, value not echoed); warns with --force', async () => {
    const r = await runKt(['config-vars', 'set', 'A', '--value', SECRET], { env: env() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('usage.secret_on_argv');
    noSecret(r.stdout, r.stderr);
    expect(sandbox.gw.vars.size).toBe(0);
    const f = await runKt(['config-vars', 'set', 'A', '--value', SECRET, '--force'], { env: env() });
    expect(f.exitCode).toBe(0);
    expect(f.stderr).toContain('warning: --value --force');
    noSecret(f.stdout, f.stderr);
  });

  it("the public docs' `kt config-var create|update --name N` are set: the value still never from argv", async () => {
    const argv = await runKt(['config-var', 'create', '--name', 'openai-api-key', '--value', SECRET], { env: env() });
    expect([argv.exitCode, argv.stderr]).toEqual([2, expect.stringContaining('usage.secret_on_argv')]);
    noSecret(argv.stdout, argv.stderr);
    expect(sandbox.gw.vars.size).toBe(0);
    const created = await runKt(['config-var', 'create', '--name', 'openai-api-key'], { env: env(), stdin: SECRET });
    expect([created.exitCode, created.stdout]).toEqual([0, 'created openai-api-key (version 1)\n']);
    const updated = await runKt(['config-vars', 'update', 'openai-api-key', '--stdin'], { env: env(), stdin: 'new' });
    expect([updated.exitCode, updated.stdout]).toEqual([0, 'updated openai-api-key (version 2)\n']);
    expect(sandbox.gw.vars.get('openai-api-key')!.value).toBe('new');
  });

  it('--description with a control character is refused (exit 2) naming the option, before the value is read or anything sent', async () => {
    // They were sent and stored: a line break made a line of its own in `list`, an ESC sequence recoloured it.
    for (const description of [
      'prod\nkey',
      'prod \u001b[31mkey',
      'bell\u0007',
      'tab\tkey',
      'del\u007f',
      'x'.repeat(2001),
    ]) {
      for (const command of [
        ['config-vars', 'set', 'A'],
        ['config-var', 'create', '--name', 'A'],
        ['config-vars', 'update', 'A'],
        ['config-vars', 'rotate', 'A'],
      ]) {
        const r = await runKt([...command, '--description', description, '--stdin'], { env: env(), stdin: SECRET });
        expect([r.exitCode, r.stdout, r.stderr], command.join(' ')).toEqual([
          2,
          '',
          'kt: error[usage.invalid_option]: --description must be at most 2000 characters without control characters\n' +
            '  hint: a description is shown on one line of `kt config-vars list` and `get`\n',
        ]);
      }
    }
    const json = await runKt(['config-vars', 'set', 'A', '--description', 'a\rb', '--stdin', '--json'], {
      env: env(),
      stdin: SECRET,
    });
    expect([json.exitCode, json.stderr, JSON.parse(json.stdout).error.code]).toEqual([2, '', 'usage.invalid_option']);
    noSecret(json.stdout);
    expect(sandbox.gw.requests).toHaveLength(0);
    // Spaces and any script are a description; so is an empty one (and one of 2000 characters).
    for (const description of ['prod key (rotated monthly)', 'clé de production – 本番', '', 'x'.repeat(2000)])
      expect(
        (
          await runKt(['config-vars', 'set', 'A', '--description', description, '--stdin'], {
            env: env(),
            stdin: SECRET,
          })
        ).exitCode,
        description.slice(0, 20),
      ).toBe(0);
    expect(sandbox.gw.vars.get('A')!.description).toBe('x'.repeat(2000));
  });

  it('a value typed as an argument is refused as a secret on argv (exit 2), not as one argument too many, and not echoed', async () => {
    for (const args of [
      ['config-vars', 'set', 'A', SECRET],
      ['config-vars', 'rotate', 'A', SECRET],
      ['config-var', 'set', 'A', SECRET, '--stdin'],
      ['auth', 'login', SECRET],
    ]) {
      const r = await runKt(args, { env: env(), stdin: 'from-stdin' });
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/error\[usage\.secret_on_argv\]: 'kt [a-z -]+' never takes a secret as an argument/);
      expect(r.stderr).toMatch(/hint: pipe it with --(token-)?stdin, use --from-file or --from-env/);
      noSecret(r.stdout, r.stderr);
    }
    expect(sandbox.gw.requests).toHaveLength(0);
    // Other commands keep the plain message.
    const other = await runKt(['config-vars', 'list', 'extra'], { env: env() });
    expect(other.stderr).toContain('usage.too_many_arguments');
  });

  it('--from-file - reads standard input, as --stdin does', async () => {
    const r = await runKt(['config-vars', 'set', 'A', '--from-file', '-'], { env: env(), stdin: `${SECRET}\n` });
    expect(r.exitCode).toBe(0);
    expect(sandbox.gw.vars.get('A')!.value).toBe(SECRET);
    const both = await runKt(['config-vars', 'set', 'B', '--from-file', '-', '--from-env', 'X'], {
      env: env({ X: 'y' }),
      stdin: 'x',
    });
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain('usage.conflicting_sources');
  });

  it('rejects bad names before any request, and two sources at once', async () => {
    const r = await runKt(['config-vars', 'set', 'openai/api/key'], { env: env(), stdin: 'x' });
    expect(r.exitCode).toBe(2);
    expect(sandbox.gw.requests).toHaveLength(0);
    const two = await runKt(['config-vars', 'set', 'A', '--stdin', '--from-env', 'X'], { env: env(), stdin: 'x' });
    expect(two.exitCode).toBe(2);
    const empty = await runKt(['config-vars', 'set', 'A'], { env: env(), stdin: '\n' });
    expect(empty.exitCode).toBe(3);
  });

  it('a key or token given where the name belongs (`set "$OPENAI_API_KEY"`) is refused without repeating it, before any request (exit 2)', async () => {
    const keys = [
      'sk-proj-Q2x9LmN4pR7tV1wY3zA5bC8dE0fG6hJ',
      'sk-ant-api03-Zy8Xw7Vu6Ts5Rq4Po3Nm2Lk1Ji0Hg',
      'ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R',
      'AKIAIOSFODNN7EXAMPLE',
      'kt_gk_Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4f',
    ];
    for (const key of keys) {
      for (const command of ['set', 'get', 'rotate']) {
        const r = await runKt(['config-vars', command, key], { env: env(), stdin: SECRET });
        expect([r.exitCode, r.stderr.split('\n')[0]]).toEqual([
          2,
          'kt: error[usage.invalid_name]: the config variable name is shaped like a key or token (not repeated here); values are never taken from the command line',
        ]);
        expect(r.stderr + r.stdout).not.toContain(key);
      }
    }
    expect(sandbox.gw.requests).toHaveLength(0);
    // Names that merely start like one are names.
    for (const name of ['sk-openai-production-key', 'AKIA_KEY', 'ghp_token', 'SK-PROD-2024'])
      expect((await runKt(['config-vars', 'set', name, '--stdin'], { env: env(), stdin: SECRET })).exitCode).toBe(0);
  });

  it('"." and ".." alone are not names: a URL reads them as path steps (PUT /v1/ answered 404, exit 5)', async () => {
    for (const name of ['.', '..']) {
      for (const command of ['set', 'get', 'delete', 'resolve', 'rotate']) {
        const yes = command === 'delete' ? ['--yes'] : [];
        const r = await runKt(['config-vars', command, '--name', name, ...yes], { env: env(), stdin: SECRET });
        expect(r.exitCode).toBe(2);
        expect(r.stderr).toContain(`error[usage.invalid_name]: config variable name "${name}" is not valid`);
        noSecret(r.stdout, r.stderr);
      }
    }
    expect(sandbox.gw.requests).toHaveLength(0);
    // Dots inside a name, or more than two, are a name like any other.
    for (const name of ['...', 'a..b', '.env'])
      expect((await runKt(['config-vars', 'set', name, '--stdin'], { env: env(), stdin: SECRET })).exitCode).toBe(0);
  });

  it('list and get show metadata only; get of a missing name exits 3', async () => {
    await runKt(['config-vars', 'set', 'OPENAI_API_KEY', '--description', 'prod'], { env: env(), stdin: SECRET });
    const list = await runKt(['config-vars', 'list', '--format', 'text'], { env: env() });
    expect(list.stdout.split('\n')[0]!.split(/\s+/)).toEqual(['NAME', 'VERSION', 'UPDATED', 'DESCRIPTION']);
    expect(list.stdout).toMatch(/^OPENAI_API_KEY\s+1\s+\S+\s+prod$/m);
    const get = await runKt(['config-vars', 'get', 'OPENAI_API_KEY'], { env: env() });
    expect(get.stdout).toContain('value        ******** (write-only: the API never returns values)');
    expect(get.stdout).toContain('version      1');
    const json = JSON.parse(
      (await runKt(['config-var', 'get', 'OPENAI_API_KEY', '--json'], { env: env() })).stdout,
    ) as Record<string, unknown>;
    expect(json.name).toBe('OPENAI_API_KEY');
    expect(json).not.toHaveProperty('value');
    noSecret(list.stdout, get.stdout, JSON.stringify(json));
    const missing = await runKt(['config-vars', 'get', 'NOPE'], { env: env() });
    expect(missing.exitCode).toBe(3);
    expect(missing.stderr).toContain('config variable NOPE does not exist');
  });

  it('list: a table on a terminal, NDJSON into a pipe (as events list), --format json|ndjson|csv|text', async () => {
    await runKt(['config-vars', 'set', 'OPENAI_API_KEY', '--description', '=HYPERLINK("x"), prod'], {
      env: env(),
      stdin: SECRET,
    });
    await runKt(['config-vars', 'set', 'B_KEY'], { env: env(), stdin: SECRET });
    const { run } = await import('../../../src/cli/main.js');
    let tty = '';
    const code = await run(['config-vars', 'list'], {
      env: { NO_COLOR: '1', ...env() },
      streams: {
        stdout: { write: (s: string) => ((tty += s), true), isTTY: true },
        stderr: { write: () => true },
        stdin: process.stdin,
      },
    });
    expect(code).toBe(0);
    expect(tty.split('\n')[0]!.split(/\s+/)).toEqual(['NAME', 'VERSION', 'UPDATED', 'DESCRIPTION']);

    const piped = await runKt(['config-vars', 'list'], { env: env() });
    expect(piped.exitCode).toBe(0);
    const lines = piped.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { name: string; version: number });
    expect(lines.map((v) => [v.name, v.version])).toEqual([
      ['OPENAI_API_KEY', 1],
      ['B_KEY', 1],
    ]);
    expect((await runKt(['config-vars', 'list', '--format', 'ndjson'], { env: env() })).stdout).toBe(piped.stdout);

    const csv = await runKt(['config-vars', 'list', '--format', 'csv'], { env: env() });
    const rows = csv.stdout.split('\r\n');
    expect(rows[0]).toBe('name,version,created_at,updated_at,description,sensitive');
    expect(csv.stdout).toMatch(/\r\nOPENAI_API_KEY,1,[^,]+,[^,]+,"'=HYPERLINK\(""x""\), prod",[^,\r]*\r\n/);
    expect(rows.at(-1)).toBe('');

    const json = JSON.parse((await runKt(['config-vars', 'list', '--format', 'json'], { env: env() })).stdout) as {
      variables: unknown[];
    };
    expect(json.variables).toHaveLength(2);
    expect((await runKt(['config-vars', 'list', '--format', 'text'], { env: env() })).stdout).toMatch(
      /^NAME\s+VERSION/,
    );
    noSecret(tty, piped.stdout, csv.stdout);
  });

  it('takes the name as --name too (the public docs write `kt config-var get --name X`); a missing or conflicting name is a usage error', async () => {
    await runKt(['config-vars', 'set', '--name', 'OPENAI_API_KEY'], { env: env(), stdin: SECRET });
    expect(sandbox.gw.vars.has('OPENAI_API_KEY')).toBe(true);
    const get = await runKt(['config-var', 'get', '--name', 'OPENAI_API_KEY', '--json'], { env: env() });
    expect((JSON.parse(get.stdout) as { name: string }).name).toBe('OPENAI_API_KEY');
    const r = await runKt(['config-var', 'resolve', '--name', 'OPENAI_API_KEY'], { env: env() });
    expect(r.stdout).toMatch(/^OPENAI_API_KEY resolves/);
    const both = await runKt(['config-vars', 'get', 'OPENAI_API_KEY', '--name', 'OTHER'], { env: env() });
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain('error[usage.conflicting_name]');
    const none = await runKt(['config-vars', 'get'], { env: env() });
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('error[usage.missing_argument]');
    // The hint's example is the command that was run (it said `kt config-vars get` for every one).
    for (const command of ['get', 'set', 'rotate', 'delete', 'resolve']) {
      const missing = await runKt(['config-vars', command], { env: env(), stdin: SECRET });
      expect([missing.exitCode, missing.stderr]).toEqual([
        2,
        `kt: error[usage.missing_argument]: missing the config variable name\n  hint: e.g. kt config-vars ${command} OPENAI_API_KEY (or --name OPENAI_API_KEY)\n`,
      ]);
    }
    const del = await runKt(['config-vars', 'delete', '--name', 'OPENAI_API_KEY', '--yes'], { env: env() });
    expect(del.stdout).toBe('deleted OPENAI_API_KEY\n');
  });

  it('resolve reports the provider targets that use it; delete needs --yes off a terminal', async () => {
    await runKt(['config-vars', 'set', 'OPENAI_API_KEY'], { env: env(), stdin: SECRET });
    const r = await runKt(['config-vars', 'resolve', 'OPENAI_API_KEY'], { env: env() });
    expect(r.stdout).toMatch(/^OPENAI_API_KEY resolves \(version 1, updated .*\)\nused by: openai\n$/);
    const refused = await runKt(['config-vars', 'delete', 'OPENAI_API_KEY'], { env: env() });
    expect(refused.exitCode).toBe(2);
    expect(sandbox.gw.vars.has('OPENAI_API_KEY')).toBe(true);
    const del = await runKt(['config-vars', 'delete', 'OPENAI_API_KEY', '--yes'], { env: env() });
    expect(del.stdout).toBe('deleted OPENAI_API_KEY\n');
    expect(sandbox.gw.vars.has('OPENAI_API_KEY')).toBe(false);
  });

  it('rotate: set, reload, check the provider that uses it; each step reported', async () => {
    const r = await runKt(['config-vars', 'rotate', 'OPENAI_API_KEY', '--debug'], { env: env(), stdin: SECRET });
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('[1/3] set    ok    created OPENAI_API_KEY, version 1');
    expect(lines[1]).toBe(
      '[2/3] reload ok    gateway reloaded: zero-trust 1.0.0 (sha256:' + hex64('zero-trust 1.0.0') + ')',
    );
    expect(lines[2]).toBe('[3/3] check  ok    gateway healthy; provider openai reachable (4 ms)');
    expect(sandbox.gw.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
      'PUT /v1/config-variables/OPENAI_API_KEY',
      'POST /keeptrusts/config/reload',
      'POST /v1/config-variables/OPENAI_API_KEY/resolve',
      'GET /health',
    ]);
    // The served pack is activated again (its secrets re-resolved), not re-read from the gateway's file.
    expect(JSON.parse(sandbox.gw.requests[1]!.body)).toEqual({ keep_pack: true });
    noSecret(r.stdout, r.stderr);
  });

  it('the value it already has: set says unchanged (no new version), rotate reports rotated: false but still reloads and checks', async () => {
    await runKt(['config-vars', 'set', 'OPENAI_API_KEY', '--description', 'prod'], { env: env(), stdin: SECRET });
    const again = await runKt(['config-vars', 'set', 'OPENAI_API_KEY'], { env: env(), stdin: SECRET });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toBe('unchanged OPENAI_API_KEY (version 1): it already has this value\n');
    expect(again.stderr).toBe('');
    const json = JSON.parse(
      (
        await runKt(['config-vars', 'set', 'OPENAI_API_KEY', '--description', 'prod', '--json'], {
          env: env(),
          stdin: SECRET,
        })
      ).stdout,
    ) as Record<string, unknown>;
    expect(json).toMatchObject({ name: 'OPENAI_API_KEY', version: 1, created: false, changed: false });
    expect(sandbox.gw.vars.get('OPENAI_API_KEY')!.version).toBe(1);

    sandbox.gw.requests.length = 0;
    const r = await runKt(['config-vars', 'rotate', 'OPENAI_API_KEY'], { env: env(), stdin: SECRET });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(
      '[1/3] set    ok    unchanged OPENAI_API_KEY, version 1 (it already had this value)',
    );
    expect(r.stderr).toBe(
      'warning: OPENAI_API_KEY already had this value: nothing was rotated (the gateway was reloaded and checked)\n',
    );
    expect(sandbox.gw.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
      'PUT /v1/config-variables/OPENAI_API_KEY',
      'POST /keeptrusts/config/reload',
      'POST /v1/config-variables/OPENAI_API_KEY/resolve',
      'GET /health',
    ]);
    const doc = JSON.parse(
      (await runKt(['config-vars', 'rotate', 'OPENAI_API_KEY', '--json'], { env: env(), stdin: SECRET })).stdout,
    ) as { rotated: boolean; changed: boolean };
    expect(doc).toMatchObject({ rotated: false, changed: false });
    const fresh = JSON.parse(
      (await runKt(['config-vars', 'rotate', 'OPENAI_API_KEY', '--json'], { env: env(), stdin: `${SECRET}-2` })).stdout,
    ) as { rotated: boolean; changed: boolean };
    expect(fresh).toMatchObject({ rotated: true, changed: true });
    expect(sandbox.gw.vars.get('OPENAI_API_KEY')!.version).toBe(2);
    noSecret(again.stdout, again.stderr, r.stdout, r.stderr);
  });

  it('rotate stops at the first failure with that step named and its exit code', async () => {
    sandbox.gw.faults.push({
      path: '/keeptrusts/config/reload',
      status: 403,
      body: { error: { type: 'access_denied', code: 'forbidden', message: 'no' } },
    });
    const r = await runKt(['config-vars', 'rotate', 'OPENAI_API_KEY'], { env: env(), stdin: SECRET });
    expect(r.exitCode).toBe(4);
    expect(r.stdout).toBe('[1/3] set    ok    created OPENAI_API_KEY, version 1\n[2/3] reload FAIL  auth.forbidden\n');
    expect(r.stderr).toContain('rotation stopped at step 2/3 (reload)');
    expect(sandbox.gw.requests.some((q) => q.path === '/health')).toBe(false);
    noSecret(r.stdout, r.stderr);
  });

  it('rotate exits 1 when the provider using the key is not reachable', async () => {
    sandbox.gw.faults.push({
      path: '/health',
      status: 200,
      body: {
        status: 'degraded',
        version: '0.1.0',
        uptime_seconds: 5,
        pack: sandbox.gw.pack,
        policies_loaded: 3,
        requests_processed: 0,
        providers: { openai: { status: 'unreachable', latency_ms: null, error: 'HTTP 401 from upstream' } },
        tls: { enabled: false },
        auth: { admin_token: true },
      },
    });
    const r = await runKt(['config-vars', 'rotate', 'OPENAI_API_KEY', '--json'], { env: env(), stdin: SECRET });
    expect(r.exitCode).toBe(1);
    const doc = JSON.parse(r.stdout) as {
      rotated: boolean;
      steps: Array<{ step: string; ok: boolean; detail: string }>;
    };
    expect(doc.rotated).toBe(false);
    expect(doc.steps[2]).toEqual({
      step: 'check',
      ok: false,
      detail: 'gateway degraded; provider openai unreachable: HTTP 401 from upstream',
    });
  });
});
