// A start of `kt gateway run` that fails (an invalid pack, an address in use, a refused admin token) leaves the
// state directory as it found it, as an abandoned one (--timeout, dry-run.test.ts) does: it left a newly made
// directory behind with a generated admin token, hash key, store key and event log in it. A directory that
// was there keeps exactly what it had, and one another gateway is using is not touched.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKtProcess } from '../../helpers/run-kt.js';
import { cleanup, mockEchoPack, startGateway, tempDir } from './helpers.js';

const goodPack = mockEchoPack('e2e-failed-start', '', { kind: 'audit-logger', config: '{log_all_access: true}' });
const badPack = `pack: {name: e2e-bad, version: 1.0.0, enabled: true}
policies:
  chain: [no-such-kind]
`;

let dir: string;
beforeAll(async () => {
  dir = await tempDir('kt-failed-start-');
  await writeFile(join(dir, 'good.yaml'), goodPack);
  await writeFile(join(dir, 'bad.yaml'), badPack);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const kt = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runKtProcess(['gateway', 'run', ...(args.includes('--listen') ? [] : ['--listen', '127.0.0.1:0']), ...args], {
    cwd: dir,
    env: { HOME: dir, ...env },
  });

/** Every path under `root` with its type, mode and (for a file) a digest of its content, sorted. */
async function tree(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (path: string, shown: string): Promise<void> => {
    for (const name of (await readdir(path)).sort()) {
      const full = join(path, name);
      const info = await stat(full);
      const mode = (info.mode & 0o777).toString(8);
      if (info.isDirectory()) {
        out.push(`${shown}${name}/ ${mode}`);
        await walk(full, `${shown}${name}/`);
      } else {
        const digest = createHash('sha256')
          .update(await readFile(full))
          .digest('hex')
          .slice(0, 16);
        out.push(`${shown}${name} ${mode} ${digest}`);
      }
    }
  };
  await walk(root, '');
  return out;
}

describe('a failed kt gateway run takes back what it created in the state directory', () => {
  it('an invalid pack: a new state directory (and its new parent) is removed, exit 3 with the diagnostics', async () => {
    const r = await kt(['-c', 'bad.yaml', '--state-dir', 'bad-parent/state']);
    expect([r.exitCode, r.stdout, r.stderr.trimEnd().split('\n')]).toEqual([
      3,
      '',
      [
        "bad.yaml:3:11: error[E001]: Unknown policy kind 'no-such-kind'",
        'kt: error[config.invalid_pack]: bad.yaml: the pack has 1 error(s); the gateway did not start',
      ],
    ]);
    // It had made bad-parent/state with admin-token, hash-key, config-vars/key and events/ in it.
    expect(existsSync(join(dir, 'bad-parent'))).toBe(false);
  });

  it('an address in use and a refused admin token: nothing left either', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as AddressInfo).port;
    try {
      const r = await kt(['-c', 'good.yaml', '--state-dir', 'busy-port', '--listen', `127.0.0.1:${port}`]);
      expect([r.exitCode, r.stderr.split('\n')[0]]).toEqual([
        3,
        `kt: error[config.address_in_use]: cannot listen on 127.0.0.1:${port}: the address is already in use (EADDRINUSE)`,
      ]);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
    expect(existsSync(join(dir, 'busy-port'))).toBe(false);
    // Refused before the lock is taken (the directory was made for it).
    await writeFile(join(dir, 'short-token'), 'short\n', { mode: 0o600 });
    const token = await kt(['-c', 'good.yaml', '--state-dir', 'short/state', '--admin-token-file', 'short-token']);
    expect([token.exitCode, token.stderr]).toEqual([
      3,
      'kt: error[config.admin_token]: short-token: the admin token file (--admin-token-file) holds fewer than 16 characters\n',
    ]);
    expect(existsSync(join(dir, 'short'))).toBe(false);
  });

  it('a state directory that existed keeps what it had, and only that: the operator’s files, an earlier run’s state', async () => {
    // Empty but for the operator's own file, mode 0700 kept.
    const own = join(dir, 'own-state');
    await mkdir(own, { mode: 0o700 });
    await writeFile(join(own, 'notes.txt'), "the operator's own file\n");
    const before = await tree(own);
    expect((await kt(['-c', 'bad.yaml', '--state-dir', own])).exitCode).toBe(3);
    expect(await tree(own)).toEqual(before);

    // The state of an earlier run (token, keys, store, event log): every file as it was, nothing added.
    const earlier = await startGateway(goodPack, { dir: await tempDir('kt-failed-start-earlier-') });
    try {
      const res = await fetch(`${earlier.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: 'hello' }] }),
      });
      expect(res.status).toBe(200);
      await res.text();
      expect(await earlier.stop()).toBe(0);
      // And a gateway key file (a start writes none; one it finds stays).
      await writeFile(join(earlier.stateDir, 'gateway-keys.json'), '{"keys": []}\n', { mode: 0o600 });
      const kept = await tree(earlier.stateDir);
      expect(kept.map((l) => l.split(' ')[0])).toEqual(
        expect.arrayContaining(['admin-token', 'hash-key', 'config-vars/', 'events/', 'gateway-keys.json']),
      );
      for (const args of [
        ['-c', 'bad.yaml'],
        ['-c', 'good.yaml', '--admin-token-file', 'short-token'],
      ]) {
        const r = await kt([...args, '--state-dir', earlier.stateDir]);
        expect(r.exitCode, args.join(' ')).toBe(3);
        expect(await tree(earlier.stateDir), args.join(' ')).toEqual(kept);
      }
    } finally {
      await cleanup(earlier);
    }
  });

  it('a state directory another gateway uses: config.state_dir_in_use, and that gateway keeps every file and its lock', async () => {
    const running = await startGateway(goodPack);
    try {
      const before = await tree(running.stateDir);
      const lock = await readFile(join(running.stateDir, 'gateway.lock'), 'utf8');
      const r = await kt(['-c', 'good.yaml', '--state-dir', running.stateDir]);
      expect([r.exitCode, r.stderr.split('\n')[0]]).toEqual([
        3,
        `kt: error[config.state_dir_in_use]: another gateway (pid ${running.proc.pid}) is using ${running.stateDir}`,
      ]);
      expect(await tree(running.stateDir)).toEqual(before);
      expect(await readFile(join(running.stateDir, 'gateway.lock'), 'utf8')).toBe(lock);
      expect((await fetch(`${running.url}/health`)).status).toBe(200);
    } finally {
      await cleanup(running);
    }
  });
});
