// kt's commands find a local gateway's admin token where that gateway took it from (gateway.json says).
// They read `<state-dir>/admin-token` whatever the gateway used: with --admin-token-file there was no
// token (401), and with KT_ADMIN_TOKEN the file an earlier run had generated was sent, stale (401, with a
// hint to look in the state directory, where the stale token was).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runKtProcess } from '../../helpers/run-kt.js';
import { cleanup, mockEchoPack, startGateway, tempDir, type RunningGateway } from '../gateway/helpers.js';

const STALE = 'kt_admin_stale_from_an_earlier_run_0123456789';
const FROM_ENV = 'kt_admin_given_in_the_environment_0123456789';
const FROM_FILE = 'kt_admin_given_in_a_file_of_its_own_0123456789';
const pack = mockEchoPack('e2e-admin-token-source', '', { kind: 'pii-detector', config: '{action: redact}' });

let gw: RunningGateway | undefined;
afterEach(async () => {
  await cleanup(gw);
  gw = undefined;
});

/** A directory whose state directory holds the token an earlier run generated. */
async function withStaleToken(): Promise<string> {
  const dir = await tempDir();
  await mkdir(join(dir, 'state'), { mode: 0o700 });
  await writeFile(join(dir, 'state', 'admin-token'), `${STALE}\n`, { mode: 0o600 });
  return dir;
}

const kt = (running: RunningGateway, argv: string[], env: Record<string, string> = {}) =>
  runKtProcess(argv, {
    cwd: running.dir,
    env: { HOME: running.dir, XDG_CONFIG_HOME: join(running.dir, 'config'), KT_STATE_DIR: running.stateDir, ...env },
    timeoutMs: 30_000,
  });

describe('the admin token of a local gateway', () => {
  it('--admin-token-file: kt commands read that file (gateway.json names it), not the state directory', async () => {
    const dir = await withStaleToken();
    await writeFile(join(dir, 'token.txt'), `${FROM_FILE}\n`, { mode: 0o600 });
    gw = await startGateway(pack, { dir, args: ['--admin-token-file', 'token.txt'] });
    const info = JSON.parse(await readFile(join(gw.stateDir, 'gateway.json'), 'utf8')) as Record<string, unknown>;
    expect(info.admin_token_file).toBe(join(dir, 'token.txt'));
    const list = await kt(gw, ['config-vars', 'list', '--json']);
    expect([list.exitCode, list.stderr, JSON.parse(list.stdout)]).toEqual([0, '', { variables: [] }]);
  }, 60_000);

  it('KT_ADMIN_TOKEN: the stale state-directory file is not sent; the 401 says to set KEEPTRUSTS_API_TOKEN', async () => {
    const dir = await withStaleToken();
    gw = await startGateway(pack, { dir, env: { KT_ADMIN_TOKEN: FROM_ENV } });
    const info = JSON.parse(await readFile(join(gw.stateDir, 'gateway.json'), 'utf8')) as Record<string, unknown>;
    expect(info.admin_token_file).toBeNull();
    const list = await kt(gw, ['config-vars', 'list', '--debug']);
    expect(list.exitCode).toBe(4);
    expect(list.stderr).toContain(
      '  hint: the local gateway takes its admin token from KT_ADMIN_TOKEN: set KEEPTRUSTS_API_TOKEN to the same value here\n',
    );
    expect(list.stderr).toContain('token none');
    // Given the same token, it works; a command that needs no token works without one.
    const given = await kt(gw, ['config-vars', 'list', '--json'], { KEEPTRUSTS_API_TOKEN: FROM_ENV });
    expect([given.exitCode, given.stderr]).toEqual([0, '']);
    const health = await kt(gw, ['health']);
    expect(health.exitCode).toBe(0);
  }, 60_000);
});
