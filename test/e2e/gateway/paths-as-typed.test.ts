// `kt gateway run` given relative paths (`-c pack.yaml --state-dir state --admin-token-file tok`) names
// them as typed in its messages and log lines, as every other command does (it printed the paths it had
// resolved: `admin token in /tmp/.../state/admin-token`, `the admin token file /tmp/.../tok is readable`).
// A reload of a pack file that went missing or turned into a directory says why in words, naming the
// file as typed, in the log line, the admin API's JSON answer and `kt gateway reload` alike (it was
// `cannot read /tmp/.../pack.yaml (ENOENT)`).
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runKtProcess } from '../../helpers/run-kt.js';
import { waitFor } from '../../helpers/wait.js';
import { cleanup, type Json, startGateway, tempDir, type RunningGateway } from './helpers.js';

const pack = (version: string) => `
pack: {name: e2e-paths, version: ${version}, enabled: true}
providers:
  targets:
    - {id: echo, provider: mock, model: mock-echo}
policies:
  chain: [pii-detector]
policy:
  pii-detector: {action: redact}
`;

const gateways: RunningGateway[] = [];
afterAll(async () => {
  await Promise.all(gateways.map((g) => cleanup(g)));
});

describe('kt gateway run names relative paths as typed', () => {
  it('the ready line, the start-up warnings (pack, state directory, token file) and a second gateway on the same state', async () => {
    const dir = await tempDir('kt-paths-');
    // A state directory others can read is warned about; a token file others can read is refused (as the
    // config-variable key is), named as typed.
    await mkdir(join(dir, 'state'), { mode: 0o755 });
    await chmod(join(dir, 'state'), 0o755);
    const token = 'kt_admin_paths_as_typed_0123456789';
    await writeFile(join(dir, 'tok'), `${token}\n`);
    await chmod(join(dir, 'tok'), 0o644);
    await writeFile(join(dir, 'pack.yaml'), pack('"1.0"'));
    const refused = await runKtProcess(
      [
        'gateway',
        'run',
        '-c',
        'pack.yaml',
        '--state-dir',
        'state',
        '--listen',
        '127.0.0.1:0',
        '--admin-token-file',
        'tok',
      ],
      { cwd: dir, env: { HOME: dir } },
    );
    expect([refused.exitCode, refused.stderr.split('\n')[0]]).toEqual([
      3,
      'kt: error[config.state_file_unsafe]: tok: is readable by its group and others (mode 644); anyone who can read it administers the gateway',
    ]);
    expect(refused.stderr).toContain('hint: chmod 600 it;');
    expect(refused.stderr).not.toContain(token);
    await chmod(join(dir, 'tok'), 0o600);
    const gw = await startGateway(pack('"1.0"'), {
      dir,
      relativePaths: true,
      args: ['--admin-token-file', 'tok'],
    });
    gateways.push(gw);
    // The warnings about permissions follow the ready line (the helper returns once that is out).
    expect(await waitFor(() => gw.stderr().includes('(chmod 700 it)'))).toBe(true);
    const log = gw.stderr();
    expect(log).toContain('(pack e2e-paths 1.0, admin token in the --admin-token-file)');
    expect(log).toMatch(/^warning: pack\.yaml:\d+:\d+: W001: /m);
    expect(log).toContain(
      'warning: state is readable by other users; it holds the admin token and keys (chmod 700 it)\n',
    );
    expect(log).not.toContain(dir);
    expect(log).not.toContain(token);

    // A second gateway on the same (relative) state directory is refused naming it as typed.
    const second = await runKtProcess(
      ['gateway', 'run', '-c', 'pack.yaml', '--state-dir', 'state', '--listen', '127.0.0.1:0'],
      { cwd: dir, env: { HOME: dir } },
    );
    expect([second.exitCode, second.stderr]).toEqual([
      3,
      `kt: error[config.state_dir_in_use]: another gateway (pid ${gw.proc.pid}) is using state\n` +
        '  hint: stop that gateway or pass another --state-dir\n',
    ]);
  });

  it('the generated admin token is named under the state directory as typed', async () => {
    const gw = await startGateway(pack('1.0.0'), { relativePaths: true });
    gateways.push(gw);
    expect(gw.stderr()).toContain('(pack e2e-paths 1.0.0, admin token in state/admin-token)\n');
    expect(gw.stderr()).not.toContain(gw.dir);
  });
});

describe('a reload of a pack file the gateway cannot read', () => {
  it('says why in words, naming the file as typed, on SIGHUP, in the admin JSON answer and in kt gateway reload; the old pack keeps serving', async () => {
    const gw = await startGateway(pack('1.0.0'), { relativePaths: true });
    gateways.push(gw);
    const rejected = (n: number) => waitFor(() => gw.stderr().split('reload rejected').length > n);
    const served = async () => ((await (await fetch(`${gw.url}/health`)).json()) as Json).pack.version as string;

    for (const [i, [make, reason]] of (
      [
        [() => rm(gw.packFile), 'no such file or directory (ENOENT)'],
        [() => mkdir(gw.packFile), 'it is a directory (EISDIR)'],
      ] as const
    ).entries()) {
      await make();
      const message = `cannot read the pack file pack.yaml: ${reason}`;
      gw.proc.kill('SIGHUP');
      expect(await rejected(i + 1)).toBe(true);
      expect(gw.stderr()).toContain(`reload rejected, still serving the previous pack: ${message}\n`);

      const answer = await gw.admin('/keeptrusts/config/reload', { method: 'POST' });
      expect(answer.status).toBe(422);
      expect(answer.body.error).toMatchObject({ code: 'invalid_pack', message });
      expect(answer.body.diagnostics).toEqual([expect.objectContaining({ code: 'pack.unreadable', message })]);

      const cli = await runKtProcess(['gateway', 'reload', '--state-dir', gw.stateDir]);
      expect(cli.exitCode).toBe(3);
      expect(cli.stderr).toContain(`: error[pack.unreadable]: ${message}\n`);
      expect(cli.stderr).not.toContain(gw.adminToken);
      expect(await served()).toBe('1.0.0');
      await rm(gw.packFile, { recursive: true, force: true });
    }
    expect(gw.stderr()).not.toContain(gw.adminToken);

    // Back in place, the next reload takes it.
    await writeFile(gw.packFile, pack('2.0.0'));
    gw.proc.kill('SIGHUP');
    expect(await waitFor(async () => (await served()) === '2.0.0')).toBe(true);
  });
});
