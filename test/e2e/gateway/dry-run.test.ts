// `kt gateway run --config FILE --dry-run --timeout 30s` (the public CI guide's form): the start-up checks of a
// real start, the address bound and released, a summary, and nothing served, written or left behind.
// It was refused as an unknown option (exit 2).
import { existsSync } from 'node:fs';
import { appendFile, chmod, cp, lstat, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import schema from '../../../schemas/operator-output.schema.json' with { type: 'json' };
import { ConfigStore } from '../../../src/runtime/config-store.js';
import { segmentName } from '../../../src/runtime/event-log.js';
import { mkfifo } from '../../helpers/odd-files.js';
import { runKtProcess } from '../../helpers/run-kt.js';
import { cleanup, startGateway, tempDir } from './helpers.js';

const pack = `
pack: {name: e2e-dry, version: 1.2.0, enabled: true}
providers:
  targets:
    - {id: echo, provider: mock, model: mock-echo}
    - {id: remote, provider: openai, model: gpt-4o, secret_key_ref: {store: DRY_RUN_KEY}}
policies:
  chain: [audit-logger]
policy:
  audit-logger: {log_all_access: true}
`;
const badPack = `pack: {name: e2e-bad, version: 1.0.0, enabled: true}
policies:
  chain: [no-such-kind]
`;
const tlsPack = `pack: {name: e2e-tls, version: 1.0.0, enabled: true}
gateway:
  tls: {enabled: true, cert_file: certs/server.pem, key_file: certs/server-key.pem}
policies:
  chain: [audit-logger]
policy:
  audit-logger: {log_all_access: true}
`;

let dir: string;
beforeAll(async () => {
  dir = await tempDir('kt-dry-run-');
  await writeFile(join(dir, 'pack.yaml'), pack);
  await writeFile(join(dir, 'bad.yaml'), badPack);
  await writeFile(join(dir, 'tls.yaml'), tlsPack);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const kt = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runKtProcess(['gateway', 'run', ...args], { cwd: dir, env: { HOME: dir, ...env } });

/** A port free now (bound by the test and released). */
async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/** Whether 127.0.0.1:`port` can be bound (nothing holds it). */
async function bindable(port: number): Promise<boolean> {
  const s = net.createServer();
  const ok = await new Promise<boolean>((resolve) => {
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (ok) await new Promise((resolve) => s.close(resolve));
  return ok;
}

describe('kt gateway run --dry-run', () => {
  it('a good pack: exit 0, a summary on stdout, the port released, no state directory created', async () => {
    const port = await freePort();
    const r = await kt([
      '--config',
      'pack.yaml',
      '--dry-run',
      '--timeout',
      '30s',
      '--listen',
      `127.0.0.1:${port}`,
      '--state-dir',
      'state',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = r.stdout.split('\n');
    expect(out[0]).toBe('dry run: the gateway would start (nothing was served or written)');
    expect(out).toContain(`listen: 127.0.0.1:${port} can be bound (bound and released)`);
    expect(out).toContain('state directory: state does not exist yet (a first start creates it)');
    // The missing config variable is reported by name, as a start reports it: a warning, not a failure.
    expect(r.stdout).toContain('remote (openai, key from config variable DRY_RUN_KEY: NOT SET');
    expect(r.stderr).toContain('warning: provider remote: config variable DRY_RUN_KEY is not set');
    expect(await bindable(port)).toBe(true);
    expect(existsSync(join(dir, 'state'))).toBe(false);
  });

  it('no -c: the ./policy-config.yaml of the current directory (as kt init writes it), else a usage error saying so', async () => {
    const here = await tempDir('kt-dry-run-default-');
    const run = (cwd: string) =>
      runKtProcess(['gateway', 'run', '--dry-run', '--listen', '127.0.0.1:0', '--state-dir', 'state'], {
        cwd,
        env: { HOME: here, KEEPTRUSTS_POLICY_CONFIG: '' },
      });
    const none = await run(here);
    expect([none.exitCode, none.stderr]).toEqual([
      2,
      'kt: error[usage.missing_option]: --policy-config is required (no ./policy-config.yaml here)\n  hint: kt gateway run --policy-config pack.yaml\n',
    ]);
    await writeFile(join(here, 'policy-config.yaml'), pack);
    const found = await run(here);
    expect(found.exitCode, found.stderr).toBe(0);
    expect(found.stdout).toContain('pack: policy-config.yaml');
    await rm(here, { recursive: true, force: true });
  });

  it('an existing state directory: read, nothing written in it (no lock, token, key or gateway.json left)', async () => {
    const state = join(dir, 'state-existing');
    await mkdir(state, { mode: 0o700 });
    const r = await kt(['-c', 'pack.yaml', '--dry-run', '--listen', '127.0.0.1:0', '--state-dir', 'state-existing']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('state directory: state-existing (0 gateway key(s), 0 config variable(s))');
    expect(r.stdout).toContain('admin token: none yet (a first start generates one)');
    expect(await readdir(state)).toEqual([]);
  });

  it('a pack with errors: exit 3, each error at file:line:col, as a start refuses it', async () => {
    const r = await kt(['--config', 'bad.yaml', '--dry-run', '--listen', '127.0.0.1:0', '--state-dir', 'state']);
    expect([r.exitCode, r.stdout]).toEqual([3, '']);
    expect(r.stderr).toMatch(/^bad\.yaml:3:11: error\[E001\]: .*no-such-kind/m);
    expect(r.stderr).toContain(
      'kt: error[config.invalid_pack]: bad.yaml: the pack has 1 error(s); the gateway would not start',
    );
  });

  it('a TLS certificate file that is missing: exit 3 naming it', async () => {
    const r = await kt(['--config', 'tls.yaml', '--dry-run', '--listen', '127.0.0.1:0', '--state-dir', 'state']);
    expect([r.exitCode, r.stdout]).toEqual([3, '']);
    expect(r.stderr).toMatch(
      /^tls\.yaml:3:\d+: error\[gateway\.tls\]: gateway\.tls\.cert_file: cannot read certs\/server\.pem: no such file or directory \(ENOENT\)$/m,
    );
  });

  it('a port in use: exit 3, config.address_in_use, as a start', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const r = await kt([
        '--config',
        'pack.yaml',
        '--dry-run',
        '--listen',
        `127.0.0.1:${port}`,
        '--state-dir',
        'state',
      ]);
      expect([r.exitCode, r.stdout]).toEqual([3, '']);
      expect(r.stderr).toContain(
        `kt: error[config.address_in_use]: cannot listen on 127.0.0.1:${port}: the address is already in use (EADDRINUSE)`,
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('the state directory of a running gateway: exit 3, config.state_dir_in_use, and that gateway keeps its lock', async () => {
    const gw = await startGateway(pack, { args: ['--timeout', '30s'] });
    try {
      const r = await kt(['-c', gw.packFile, '--dry-run', '--listen', '127.0.0.1:0', '--state-dir', gw.stateDir]);
      expect(r.exitCode).toBe(3);
      expect(r.stderr).toMatch(/^kt: error\[config\.state_dir_in_use\]: another gateway \(pid \d+\) is using /m);
      expect(existsSync(join(gw.stateDir, 'gateway.lock'))).toBe(true);
      expect((await gw.admin('/health')).status).toBe(200);
    } finally {
      await cleanup(gw);
    }
  });

  it('--config and -c: the same file is one pack; two different ones are a usage error', async () => {
    const same = await kt(['--config', 'pack.yaml', '-c', './pack.yaml', '--dry-run', '--listen', '127.0.0.1:0']);
    expect(same.exitCode, same.stderr).toBe(0);
    const differ = await kt(['--config', 'pack.yaml', '-c', 'bad.yaml', '--dry-run']);
    expect([differ.exitCode, differ.stdout]).toEqual([2, '']);
    expect(differ.stderr.split('\n')[0]).toBe(
      'kt: error[usage.conflicting_options]: --config "pack.yaml" and --policy-config "bad.yaml" name different packs; give one of them',
    );
    // --config wins over KEEPTRUSTS_POLICY_CONFIG, as the flag does.
    const env = await kt(['--config', 'pack.yaml', '--dry-run', '--listen', '127.0.0.1:0'], {
      KEEPTRUSTS_POLICY_CONFIG: 'bad.yaml',
    });
    expect(env.exitCode, env.stderr).toBe(0);
  });

  it('--json: one document matching schemas/operator-output.schema.json; no value of a secret in it', async () => {
    const r = await kt(
      ['--config', 'pack.yaml', '--dry-run', '--json', '--listen', '127.0.0.1:0', '--state-dir', 'state'],
      {
        DRY_RUN_KEY: 'sk-not-a-config-variable',
      },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    ajv.addSchema(schema);
    const validate = ajv.getSchema(`${schema.$id}#/$defs/gatewayDryRun`)!;
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.providers).toEqual([
      { id: 'echo', provider: 'mock', secret: 'none' },
      { id: 'remote', provider: 'openai', store: 'DRY_RUN_KEY', secret: 'missing' },
    ]);
    expect(r.stdout + r.stderr).not.toContain('sk-not-a-config-variable');
    // An error in JSON mode is the error document.
    const bad = await kt(['--config', 'bad.yaml', '--dry-run', '--json']);
    expect(bad.exitCode).toBe(3);
    expect(validateError(JSON.parse(bad.stdout))).toBe(true);
  });

  it('--json or --format without --dry-run: a usage error (a running gateway prints no data)', async () => {
    const r = await kt(['--config', 'pack.yaml', '--format', 'json', '--listen', '127.0.0.1:0']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toContain('"usage.invalid_option"');
  });

  it('--timeout: a bad duration is a usage error; a start-up that passes it exits 5 and leaves nothing', async () => {
    const bad = await kt(['--config', 'pack.yaml', '--dry-run', '--timeout', 'soon']);
    expect([bad.exitCode, bad.stderr.split('\n')[0]]).toEqual([
      2,
      'kt: error[usage.invalid_timeout]: --timeout: "soon" is not a duration',
    ]);
    // 1 ms: the start-up (loading the runtime, reading the pack, preparing the chain) takes longer.
    const port = await freePort();
    const r = await kt([
      '--config',
      'pack.yaml',
      '--timeout',
      '1ms',
      '--listen',
      `127.0.0.1:${port}`,
      '--state-dir',
      'timeout-parent/state',
    ]);
    // The error is the last word: the abandoned start-up's warnings (the pack's unset DRY_RUN_KEY) came after it.
    expect([r.exitCode, r.stdout, r.stderr.trimEnd().split('\n')]).toEqual([
      5,
      '',
      [
        'kt: error[server.start_timeout]: the start-up checks did not finish within 1ms (--timeout)',
        '  hint: a large pack or a slow disk or name lookup can take longer: pass a larger --timeout',
      ],
    ]);
    expect(await bindable(port)).toBe(true);
    // Nothing left: the abandoned start ran on to its check of the signal (creating the directory, its
    // parent, an admin token, a hash key, a store key, the event log) and then took all of it back.
    expect(existsSync(join(dir, 'timeout-parent'))).toBe(false);
  });

  it('--timeout: an abandoned start leaves an existing state directory as it was (its files kept, none added)', async () => {
    const state = join(dir, 'state-kept');
    await mkdir(state, { mode: 0o700 });
    const token = 'kt_admin_kept-token-0123456789abcdef';
    await writeFile(join(state, 'admin-token'), `${token}\n`, { mode: 0o600 });
    await writeFile(join(state, 'notes.txt'), "the operator's own file\n");
    const r = await kt(['--config', 'pack.yaml', '--timeout', '1ms', '--listen', '127.0.0.1:0', '--state-dir', state]);
    expect([r.exitCode, r.stderr.split('\n')[0]]).toEqual([
      5,
      'kt: error[server.start_timeout]: the start-up checks did not finish within 1ms (--timeout)',
    ]);
    expect((await readdir(state)).sort()).toEqual(['admin-token', 'notes.txt']);
    expect(await readFile(join(state, 'admin-token'), 'utf8')).toBe(`${token}\n`);
  });
});

function validateError(doc: unknown): boolean {
  const ajv = new Ajv2020.default({ strict: false });
  ajv.addSchema(schema);
  return ajv.getSchema(`${schema.$id}#/$defs/error`)!(doc) === true;
}

/** Every entry under `root` (the root too): type, size, mode and mtime, what any write would change. */
async function tree(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (path: string, shown: string): Promise<void> => {
    const s = await lstat(path);
    const type = s.isDirectory() ? 'dir' : s.isFile() ? 'file' : 'other';
    out.push(`${shown} ${type} ${s.size} ${(s.mode & 0o7777).toString(8)} ${s.mtimeMs}`);
    if (s.isDirectory())
      for (const name of (await readdir(path)).sort()) await walk(join(path, name), `${shown}/${name}`);
  };
  await walk(root, '.');
  return out;
}

describe('kt gateway run --dry-run on a used state directory (event log and config-variable store opened read-only)', () => {
  const SECRET = 'sk-dry-run-secret-value-0123456789';
  let gwDir: string;
  /** A state directory a gateway served a request from, with DRY_RUN_KEY in its store: copied for each case. */
  let used: string;
  beforeAll(async () => {
    const gw = await startGateway(pack, { args: ['--timeout', '30s'] });
    gwDir = gw.dir;
    try {
      const res = await fetch(`${gw.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: 'hello' }] }),
      });
      expect(res.status).toBe(200);
    } finally {
      expect(await gw.stop()).toBe(0);
    }
    await (await ConfigStore.open(join(gw.stateDir, 'config-vars'))).put('DRY_RUN_KEY', SECRET);
    used = gw.stateDir;
    expect(await readdir(join(used, 'events'))).toContain(segmentName(1));
  }, 60_000);
  afterAll(async () => {
    await rm(gwDir, { recursive: true, force: true });
  });

  let n = 0;
  const copy = async (): Promise<string> => {
    const state = join(dir, `used-${++n}`);
    await cp(used, state, { recursive: true, preserveTimestamps: true });
    return state;
  };
  const dryRun = (state: string, extra: string[] = []) =>
    kt(['-c', 'pack.yaml', '--dry-run', '--listen', '127.0.0.1:0', '--state-dir', state, ...extra]);
  /** A real start on `state`: exits at its first refusal (a start that serves is a failed expectation). */
  const realStart = (state: string) =>
    kt(['-c', 'pack.yaml', '--listen', '127.0.0.1:0', '--state-dir', state, '--timeout', '30s']);

  it("writes nothing (every file, mode and mtime, the directories' own, as they were) and prints no secret value", async () => {
    const state = await copy();
    // A crash mid-write: a last record without its end, which a start cuts and the dry run only reports.
    await appendFile(join(state, 'events', segmentName(1)), '{"id":"evt_cut","verd');
    const before = await tree(state);
    for (const json of [[], ['--json']]) {
      const r = await dryRun(state, json);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout + r.stderr).not.toContain(SECRET);
      expect(r.stderr).toContain(
        'warning: event log: an incomplete last record (21 bytes) left by an interrupted write; a start removes it',
      );
      expect(await tree(state)).toEqual(before);
    }
    const text = await dryRun(state);
    expect(text.stdout).toContain('key from config variable DRY_RUN_KEY: set');
    expect(text.stdout).toContain('(0 gateway key(s), 1 config variable(s))');
    // The secret's name is no secret; its value, in any encoding, never shows.
    expect(text.stdout + text.stderr).not.toContain(Buffer.from(SECRET).toString('base64'));
  });

  // Each damage makes a real start refuse the state: the dry run refuses it with the same status and line.
  const damages: Array<[string, (state: string) => Promise<unknown>]> = [
    ['the last event record is not JSON', (s) => appendFile(join(s, 'events', segmentName(1)), 'not json\n')],
    ['events/head.json is not JSON', (s) => writeFile(join(s, 'events', 'head.json'), '{')],
    [
      'a segment is a named pipe',
      async (s) => {
        await rm(join(s, 'events', segmentName(1)));
        mkfifo(join(s, 'events', segmentName(1)));
      },
    ],
    [
      'events is a file',
      async (s) => {
        await rm(join(s, 'events'), { recursive: true });
        await writeFile(join(s, 'events'), '');
      },
    ],
    ['the store key is missing while store.json holds values', (s) => rm(join(s, 'config-vars', 'key'))],
    ['the store key is readable by others', (s) => chmod(join(s, 'config-vars', 'key'), 0o644)],
    [
      'the store key is not the one that wrote store.json',
      (s) => writeFile(join(s, 'config-vars', 'key'), `${Buffer.alloc(32, 9).toString('base64')}\n`, { mode: 0o600 }),
    ],
  ];
  it.each(damages)(
    '%s: the dry run fails as a start fails (exit 3, the same error line), writing nothing',
    async (_, damage) => {
      const state = await copy();
      await damage(state);
      const before = await tree(state);
      const dry = await dryRun(state);
      expect(await tree(state)).toEqual(before);
      const real = await realStart(state);
      const errorLine = (stderr: string) => stderr.split('\n').find((l) => l.startsWith('kt: error')) ?? stderr;
      expect([dry.exitCode, dry.stdout, errorLine(dry.stderr)]).toEqual([3, '', errorLine(real.stderr)]);
      expect(real.exitCode).toBe(3);
      expect(dry.stdout + dry.stderr + real.stderr).not.toContain(SECRET);
    },
  );

  it('a provider whose config variable is not in the store: named, never valued, a warning as at a start', async () => {
    const state = await copy();
    await writeFile(join(dir, 'other-name.yaml'), pack.replace('{store: DRY_RUN_KEY}', '{store: NOT_THERE}'));
    const r = await kt(['-c', 'other-name.yaml', '--dry-run', '--listen', '127.0.0.1:0', '--state-dir', state]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning: provider remote: config variable NOT_THERE is not set');
    expect(r.stdout).toContain('key from config variable NOT_THERE: NOT SET');
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(await readFile(join(state, 'config-vars', 'key'), 'utf8')).toBe(
      await readFile(join(used, 'config-vars', 'key'), 'utf8'),
    );
  });
});
