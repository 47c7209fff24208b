// The URL a gateway writes in gateway.json (and its ready line) is the one kt's own commands connect to.
// It was the address bound: `--listen localhost:41002` with a certificate for `localhost` (no IP entry, as
// `openssl req -subj /CN=localhost -addext subjectAltName=DNS:localhost` makes it) wrote
// https://127.0.0.1:PORT, which that certificate does not verify, so every `kt health`/`reload`/... failed
// with network.tls (exit 5): over TLS the URL now names what the certificate verifies. And `--listen
// 0.0.0.0:PORT` wrote http://0.0.0.0:PORT, so every command warned that the token went over plain HTTP to
// another host, though it went over loopback.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runKtProcess } from '../../helpers/run-kt.js';
import { waitFor } from '../../helpers/wait.js';
import {
  cleanup,
  makeLocalhostOnlyCert,
  makePki,
  mockEchoPack,
  startGateway,
  tempDir,
  type RunningGateway,
} from './helpers.js';

let gw: RunningGateway | undefined;
afterEach(async () => {
  await cleanup(gw);
  gw = undefined;
});

const kt = (running: RunningGateway, argv: string[]) =>
  runKtProcess(argv, {
    cwd: running.dir,
    env: { HOME: running.dir, XDG_CONFIG_HOME: join(running.dir, 'config'), KT_STATE_DIR: running.stateDir },
    timeoutMs: 30_000,
  });

/** A fresh directory holding `server.crt`, a certificate for `localhost` only (no IP entry), and its key. */
async function localhostOnlyCertDir(): Promise<string> {
  const dir = await tempDir();
  const { cert, key } = makeLocalhostOnlyCert();
  await writeFile(join(dir, 'server.crt'), cert);
  await writeFile(join(dir, 'server.key'), key, { mode: 0o600 });
  return dir;
}

const gatewayJson = async (running: RunningGateway) =>
  JSON.parse(await readFile(join(running.stateDir, 'gateway.json'), 'utf8')) as { url: string };

describe('the URL kt commands find in gateway.json', () => {
  it('keeps the host name given to --listen: a certificate for localhost only verifies', async () => {
    const dir = await localhostOnlyCertDir();
    gw = await startGateway(
      mockEchoPack(
        'e2e-client-url-tls',
        `  tls:
    enabled: true
    cert_file: server.crt
    key_file: server.key`,
        { kind: 'pii-detector', config: '{action: redact}' },
      ),
      { dir, listen: 'localhost:0' },
    );
    expect(gw.url).toMatch(/^https:\/\/localhost:\d+$/);
    expect((await gatewayJson(gw)).url).toBe(gw.url);
    const health = await kt(gw, ['health', '--ca-cert', 'server.crt']);
    expect([health.exitCode, health.stderr]).toEqual([0, '']);
    expect(health.stdout).toMatch(new RegExp(`^healthy  ${gw.url}  e2e-client-url-tls@1\\.0\\.0`));
    const reload = await kt(gw, ['gateway', 'reload', '--ca-cert', 'server.crt']);
    expect([reload.exitCode, reload.stderr]).toEqual([0, '']);
  }, 60_000);

  it('a wildcard bind over TLS with a certificate for localhost only: localhost; one that names 127.0.0.1 keeps it', async () => {
    const dir = await localhostOnlyCertDir();
    gw = await startGateway(
      mockEchoPack(
        'e2e-client-url-tls-any',
        `  tls:
    cert_file: server.crt
    key_file: server.key`,
        { kind: 'pii-detector', config: '{action: redact}' },
      ),
      { dir, listen: '0.0.0.0:0' },
    );
    expect(gw.url).toMatch(/^https:\/\/localhost:\d+$/);
    const health = await kt(gw, ['health', '--ca-cert', 'server.crt']);
    expect([health.exitCode, health.stderr]).toEqual([0, '']);
    await cleanup(gw);
    // The test PKI's server certificate names 127.0.0.1 and localhost: the address bound, as before.
    const pki = makePki();
    gw = await startGateway(
      mockEchoPack(
        'e2e-client-url-tls-ip',
        `  tls:
    cert_file: server.crt
    key_file: server.key`,
        { kind: 'pii-detector', config: '{action: redact}' },
      ),
      { files: { 'server.crt': pki.serverCert, 'server.key': pki.serverKey }, listen: 'localhost:0' },
    );
    expect(gw.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  }, 60_000);

  it('a certificate reload that names other hosts rewrites the URL in gateway.json, and kt commands follow it', async () => {
    // Started with a certificate for 127.0.0.1 and localhost: the URL names the address bound.
    const pki = makePki();
    gw = await startGateway(
      mockEchoPack(
        'e2e-client-url-rotate',
        `  tls:
    cert_file: server.crt
    key_file: server.key`,
        { kind: 'pii-detector', config: '{action: redact}' },
      ),
      {
        files: { 'server.crt': pki.serverCert, 'server.key': pki.serverKey, 'ca.crt': pki.caCert },
        listen: 'localhost:0',
      },
    );
    expect(gw.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const port = new URL(gw.url).port;
    // Rotated to a certificate for localhost alone, which does not verify at 127.0.0.1.
    const { cert, key } = makeLocalhostOnlyCert();
    await writeFile(join(gw.dir, 'new.crt'), cert);
    await writeFile(join(gw.dir, 'server.key'), key, { mode: 0o600 });
    await writeFile(join(gw.dir, 'server.crt'), cert);
    const reload = await kt(gw, ['gateway', 'reload', '--ca-cert', 'ca.crt']);
    expect([reload.exitCode, reload.stderr]).toEqual([0, '']);
    expect((await gatewayJson(gw)).url).toBe(`https://localhost:${port}`);
    const health = await kt(gw, ['health', '--ca-cert', 'new.crt']);
    expect([health.exitCode, health.stderr]).toEqual([0, '']);
    expect(health.stdout).toContain(`https://localhost:${port}`);
    const running = gw;
    expect(await waitFor(() => running.stderr().includes(`kt's commands now use https://localhost:${port}`))).toBe(
      true,
    );
  }, 60_000);

  it('names loopback for a gateway on every interface: no plain-HTTP warning for a local call', async () => {
    gw = await startGateway(
      mockEchoPack('e2e-client-url-any', '', { kind: 'pii-detector', config: '{action: redact}' }),
      { listen: '0.0.0.0:0' },
    );
    expect(gw.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await gatewayJson(gw)).url).toBe(gw.url);
    // The start still says what it is: bound beyond loopback, in clear.
    expect(gw.stderr()).toContain(`listening on ${gw.url} and every other interface`);
    const running = gw;
    await waitFor(() => running.stderr().includes('warning: listening on'));
    expect(gw.stderr()).toContain('warning: listening on a non-loopback address without TLS');
    const health = await kt(gw, ['health']);
    expect([health.exitCode, health.stderr]).toEqual([0, '']);
    const list = await kt(gw, ['config-vars', 'list', '--json']);
    expect([list.exitCode, list.stderr]).toEqual([0, '']);
  }, 60_000);
});
