// A state directory another user may write in (mode 1777, as /tmp is): whoever can put files there chose
// the gateway's admin token (an admin-token left before a first start was taken) and, for kt commands,
// where to send it (a gateway.json naming their server and, as the token file, any file the operator can
// read: kt events list sent its contents as the bearer token). Both are refused, exit 3, nothing sent.
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKtProcess } from '../../helpers/run-kt.js';
import { tempDir, mockEchoPack } from '../gateway/helpers.js';

const PRIVATE = 'private-file-contents-0123456789';
const PLANTED = 'kt_admin_planted_by_someone_else_0123456789';

let dir = '';
let server: http.Server;
let url = '';
const received: Array<{ url: string; authorization: string | undefined }> = [];

beforeAll(async () => {
  dir = await tempDir('kt-shared-state-');
  server = http.createServer((req, res) => {
    received.push({ url: req.url ?? '', authorization: req.headers.authorization });
    res.setHeader('content-type', 'application/json');
    res.end('{"events":[],"next_cursor":null}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A file only the operator may read, which the planted gateway.json names as the token file.
  await writeFile(join(dir, 'private'), `${PRIVATE}\n`, { mode: 0o600 });
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await rm(dir, { recursive: true, force: true });
});

/** A state directory as `mode`, holding what another user could have put in a shared one. */
async function plantedStateDir(name: string, mode: number): Promise<string> {
  const state = join(dir, name);
  await mkdir(state);
  await chmod(state, mode);
  const gatewayJson = { url, pid: process.pid, admin_token_file: join(dir, 'private') };
  await writeFile(join(state, 'gateway.json'), JSON.stringify(gatewayJson), { mode: 0o600 });
  await writeFile(join(state, 'admin-token'), `${PLANTED}\n`, { mode: 0o600 });
  return state;
}

const PACK = mockEchoPack('e2e-shared-state', '', { kind: 'audit-logger', config: '{log_all_access: true}' });

describe('a state directory others may write in', () => {
  it('kt events list and kt health refuse it (exit 3) and send nothing anywhere', async () => {
    const state = await plantedStateDir('shared', 0o1777);
    for (const argv of [
      ['events', 'list', '--state-dir', state],
      ['health', '--state-dir', state],
    ]) {
      const run = await runKtProcess(argv, { cwd: dir });
      expect(run.stderr).toBe(
        `kt: error[config.state_dir_unsafe]: ${state}: is writable by its group and others (mode 777): another user may put an admin token or a gateway.json of their own in it\n` +
          '  hint: use a directory only you can write to (chmod 700 it), and check its admin-token and gateway.json\n',
      );
      expect(run.exitCode).toBe(3);
    }
    expect(received).toEqual([]);
  });

  it('with --api-url and a token of its own a command does not use it, and is not refused', async () => {
    const state = await plantedStateDir('shared-unused', 0o777);
    const run = await runKtProcess(['events', 'list', '--state-dir', state, '--api-url', url, '--format', 'json'], {
      cwd: dir,
      env: { KEEPTRUSTS_API_TOKEN: 'kt_admin_the_operators_own_token_0123' },
    });
    expect(run.exitCode).toBe(0);
    expect(received.splice(0).map((r) => r.authorization)).toEqual(['Bearer kt_admin_the_operators_own_token_0123']);
  });

  it('kt gateway run refuses it (exit 3) before taking the admin token found there; so does --dry-run', async () => {
    await plantedStateDir('shared-start', 0o777);
    await writeFile(join(dir, 'pack.yaml'), PACK);
    for (const extra of [[], ['--dry-run']]) {
      const run = await runKtProcess(
        ['gateway', 'run', '-c', 'pack.yaml', '--listen', '127.0.0.1:0', '--state-dir', 'shared-start', ...extra],
        { cwd: dir },
      );
      expect(run.stderr).toBe(
        'kt: error[config.state_dir_unsafe]: shared-start: is writable by its group and others (mode 777): another user may put an admin token or a gateway.json of their own in it\n' +
          '  hint: use a directory only you can write to (chmod 700 it), and check its admin-token and gateway.json\n',
      );
      expect(run.exitCode).toBe(3);
    }
  });

  it('the same files in a directory only the operator may write are used as before', async () => {
    const state = await plantedStateDir('private-state', 0o700);
    const run = await runKtProcess(['events', 'list', '--state-dir', state, '--format', 'json'], { cwd: dir });
    expect(run.exitCode).toBe(0);
    expect(received.splice(0).map((r) => r.authorization)).toEqual([`Bearer ${PRIVATE}`]);
  });
});
