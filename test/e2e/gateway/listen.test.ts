// `kt gateway run --listen HOST:PORT` on an address it cannot use: one line naming HOST:PORT as given and
// the reason in words (src/io/fs-errors.ts describeListenError), exit 3 (a local configuration error).
// It printed a bare `(EADDRNOTAVAIL)`, and a host name that does not resolve was an internal error (70).
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKtProcess } from '../../helpers/run-kt.js';
import { mockEchoPack, tempDir } from './helpers.js';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const pack = mockEchoPack('e2e-listen', '', { kind: 'audit-logger', config: '{log_all_access: true}' });
let dir: string;
beforeAll(async () => {
  dir = await tempDir('kt-listen-');
  await writeFile(join(dir, 'pack.yaml'), pack);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const gatewayRun = (listen: string, env: NodeJS.ProcessEnv = {}) =>
  runKtProcess(['gateway', 'run', '-c', 'pack.yaml', '--state-dir', 'state', ...(listen ? ['--listen', listen] : [])], {
    cwd: dir,
    env: { HOME: dir, ...env },
  });

describe('kt gateway run --listen on an address it cannot use', () => {
  it('a port already in use: exit 3, config.address_in_use, one line naming HOST:PORT as given, no errno alone', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const r = await gatewayRun(`127.0.0.1:${port}`);
      expect([r.exitCode, r.stdout, r.stderr]).toEqual([
        3,
        '',
        `kt: error[config.address_in_use]: cannot listen on 127.0.0.1:${port}: the address is already in use (EADDRINUSE)\n` +
          '  hint: pass another --listen HOST:PORT (port 0 picks a free one)\n',
      ]);
      // From KEEPTRUSTS_LISTEN: the same line; the hint says where the address came from.
      const fromEnv = await gatewayRun('', { KEEPTRUSTS_LISTEN: `127.0.0.1:${port}` });
      expect([fromEnv.exitCode, fromEnv.stderr]).toEqual([
        3,
        `kt: error[config.address_in_use]: cannot listen on 127.0.0.1:${port}: the address is already in use (EADDRINUSE)\n` +
          '  hint: the address comes from KEEPTRUSTS_LISTEN; pass another --listen HOST:PORT (port 0 picks a free one)\n',
      ]);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
    // The failed start left the state directory free for the next gateway.
    expect(existsSync(join(dir, 'state', 'gateway.lock'))).toBe(false);
  });

  it('an address that is not on this machine (TEST-NET-1): exit 3, config.cannot_listen, in words', async () => {
    const r = await gatewayRun('192.0.2.1:41002');
    expect([r.exitCode, r.stdout, r.stderr.split('\n')[0]]).toEqual([
      3,
      '',
      'kt: error[config.cannot_listen]: cannot listen on 192.0.2.1:41002: no network interface of this machine has this address (EADDRNOTAVAIL)',
    ]);
  });

  it('a host name that does not resolve: exit 3 (it was an internal error, exit 70), named as given', async () => {
    const r = await gatewayRun('no-such-host.invalid:41002');
    expect([r.exitCode, r.stdout]).toEqual([3, '']);
    // Without a resolver the lookup fails as a temporary error instead: either is worded.
    expect(r.stderr.split('\n')[0]).toMatch(
      /^kt: error\[config\.cannot_listen\]: cannot listen on no-such-host\.invalid:41002: the host name (does not resolve \(ENOTFOUND\)|could not be resolved \(temporary DNS failure\) \(EAI_AGAIN\))$/,
    );
  });

  // Binding a port below the unprivileged start needs privileges: as root (the sandbox's tests), it succeeds.
  const unprivilegedStart = (() => {
    try {
      return Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8').trim());
    } catch {
      return 1024;
    }
  })();
  it.skipIf(process.getuid?.() === 0 || unprivilegedStart <= 1)(
    'a privileged port without privileges: exit 3, permission denied in words',
    async () => {
      const r = await gatewayRun('127.0.0.1:1');
      expect([r.exitCode, r.stderr.split('\n')[0]]).toEqual([
        3,
        'kt: error[config.cannot_listen]: cannot listen on 127.0.0.1:1: permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE) (EACCES)',
      ]);
    },
  );
});
