// --ca-cert, --client-cert/--client-key and proxy variables against a real `kt gateway run` serving
// HTTPS with mTLS (certificates generated at test time by the gateway tests' helper).
import { createServer, type Server } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKtProcess, type KtRun } from '../../helpers/run-kt.js';
import { cleanup, makePki, mockEchoPack, startGateway, type RunningGateway, type TestPki } from '../gateway/helpers.js';

let pki: TestPki;
let gw: RunningGateway;
let files: { ca: string; cert: string; key: string; rogueCert: string; rogueKey: string };

beforeAll(async () => {
  pki = makePki();
  gw = await startGateway(
    mockEchoPack(
      'e2e-operator-tls',
      `  tls:
    enabled: true
    cert_file: server.crt
    key_file: server.key
    min_version: "1.2"
  mtls:
    enabled: true
    ca_cert: ca.crt`,
      { kind: 'pii-detector', config: '{action: redact}' },
    ),
    { files: { 'server.crt': pki.serverCert, 'server.key': pki.serverKey, 'ca.crt': pki.caCert } },
  );
  files = {
    ca: join(gw.dir, 'ca.crt'),
    cert: join(gw.dir, 'client.crt'),
    key: join(gw.dir, 'client.key'),
    rogueCert: join(gw.dir, 'rogue.crt'),
    rogueKey: join(gw.dir, 'rogue.key'),
  };
  await writeFile(files.cert, pki.clientCert);
  await writeFile(files.key, pki.clientKey, { mode: 0o600 });
  await writeFile(files.rogueCert, pki.rogueCert);
  await writeFile(files.rogueKey, pki.rogueKey, { mode: 0o600 });
}, 120_000);

afterAll(async () => {
  await cleanup(gw);
});

/**
 * A CONNECT proxy on loopback: records each tunnel (target, and the decoded Proxy-Authorization), wants
 * `credentials` when given (407 otherwise), and connects every host name to 127.0.0.1.
 */
async function connectProxy(credentials?: string) {
  const tunnels: Array<{ target: string; auth: string | undefined }> = [];
  const proxy: Server = createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, client, head) => {
    const header = req.headers['proxy-authorization'];
    const auth = header === undefined ? undefined : Buffer.from(header.replace(/^Basic /, ''), 'base64').toString();
    tunnels.push({ target: req.url ?? '', auth });
    if (credentials !== undefined && auth !== credentials) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n');
      return;
    }
    const upstream = netConnect(Number((req.url ?? '').split(':').pop()), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    tunnels,
    close: () => new Promise((r) => proxy.close(r)),
  };
}

const kt = (argv: string[], env: Record<string, string> = {}): Promise<KtRun> =>
  runKtProcess(argv, {
    env: { HOME: gw.dir, XDG_CONFIG_HOME: join(gw.dir, 'config'), KT_STATE_DIR: gw.stateDir, ...env },
    timeoutMs: 30_000,
  });

describe('kt against an HTTPS + mTLS gateway', () => {
  it('finds the https gateway via gateway.json and verifies it with --ca-cert and a client certificate', async () => {
    const r = await kt([
      'health',
      '--verbose',
      '--ca-cert',
      files.ca,
      '--client-cert',
      files.cert,
      '--client-key',
      files.key,
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^healthy {2}https:\/\/127\.0\.0\.1:\d+ {2}e2e-operator-tls@1\.0\.0/);
    expect(r.stdout).toMatch(/tls {18}enabled, certificate expires \S+ \(0 days left, renew soon\)/);
    expect(r.exitCode).toBe(0);
  });

  it('refuses an unverified server certificate (no --ca-cert): exit 5, network.tls', async () => {
    const r = await kt(['health', '--client-cert', files.cert, '--client-key', files.key]);
    expect(r.exitCode).toBe(5);
    expect(r.stderr).toMatch(/^kt: error\[network\.tls\]: GET https:\/\/127\.0\.0\.1:\d+\/health: TLS failure \(\w+\)/);
    expect(r.stderr).toContain('--ca-cert');
  });

  it('without a client certificate, or with one from another CA, the gateway refuses: exit 5', async () => {
    const none = await kt(['health', '--ca-cert', files.ca, '--timeout', '5s']);
    expect(none.exitCode).toBe(5);
    const rogue = await kt([
      'health',
      '--ca-cert',
      files.ca,
      '--client-cert',
      files.rogueCert,
      '--client-key',
      files.rogueKey,
      '--timeout',
      '5s',
    ]);
    expect(rogue.exitCode).toBe(5);
    // A client certificate was given: the hint does not ask for one, it says this one may not be accepted.
    expect(rogue.stderr).toContain('it may not accept this one: give a --client-cert issued by the CA it trusts');
    const half = await kt(['health', '--ca-cert', files.ca, '--client-cert', files.cert]);
    expect(half.exitCode).toBe(2);
    expect(half.stderr).toContain('--client-cert and --client-key go together');
  });

  it("a client key that is not the certificate's own is an input error naming the key file (exit 3), nothing sent", async () => {
    const r = await kt(['health', '--ca-cert', files.ca, '--client-cert', files.cert, '--client-key', files.rogueKey]);
    expect([r.exitCode, r.stdout]).toEqual([3, '']);
    expect(r.stderr).toBe(
      `kt: error[input.mtls_key_mismatch]: ${files.rogueKey}: the client key (--client-key) is not the key of the client certificate (--client-cert)\n  hint: give the private key that was issued with ${files.cert}\n`,
    );
  });

  it('a --ca-cert holding another CA is said as such (exit 5), not "pass the server CA with --ca-cert"', async () => {
    const r = await kt([
      'health',
      '--ca-cert',
      files.rogueCert,
      '--client-cert',
      files.cert,
      '--client-key',
      files.key,
    ]);
    expect(r.exitCode).toBe(5);
    expect(r.stderr).toMatch(/error\[network\.tls\]: .*: the server's certificate is not issued by a CA kt trusts\n/);
    expect(r.stderr).toContain("hint: the --ca-cert file does not hold the CA that issued the server's certificate");
  });

  it('auth login saves the TLS files it was given (absolute) in the profile: later commands verify and authenticate without them', async () => {
    const home = join(gw.dir, 'login-home');
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), KT_STATE_DIR: join(home, 'state') };
    const cwd = gw.dir;
    const login = await runKtProcess(
      [
        'auth',
        'login',
        '--api-url',
        gw.url,
        '--from-file',
        join(gw.stateDir, 'admin-token'),
        '--ca-cert',
        'ca.crt',
        '--client-cert',
        'client.crt',
        '--client-key',
        'client.key',
      ],
      { env, cwd, timeoutMs: 30_000 },
    );
    expect([login.exitCode, login.stderr]).toEqual([0, '']);
    const saved = JSON.parse(await readFile(join(home, 'config', 'kt', 'config.json'), 'utf8')) as {
      profiles: Record<string, Record<string, string>>;
    };
    expect(saved.profiles.default).toEqual({
      api_url: gw.url,
      token: gw.adminToken,
      ca_cert: files.ca,
      client_cert: files.cert,
      client_key: files.key,
    });
    // From another directory, with no TLS option and no state dir to find the gateway by.
    const status = await runKtProcess(['auth', 'status', '--json'], { env, cwd: home, timeoutMs: 30_000 });
    expect(status.exitCode).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ api_url: gw.url, token_source: 'profile', authenticated: true });
  });

  it('an unreadable --ca-cert is an input error naming the file (exit 3)', async () => {
    const r = await kt(['health', '--ca-cert', join(gw.dir, 'missing.pem')]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(
      /error\[input\.not_found\]: .*missing\.pem: cannot read the CA certificate \(--ca-cert\): no such file/,
    );
  });

  it('HTTPS_PROXY: the call tunnels through the proxy (CONNECT) and still verifies end to end; loopback goes direct', async () => {
    const proxy = await connectProxy('ops:p@ss word');
    // The gateway by a name that is not loopback (its certificate lists it; the proxy resolves it).
    const remote = `https://gateway.kt.test:${new URL(gw.url).port}`;
    const tls = ['--ca-cert', files.ca, '--client-cert', files.cert, '--client-key', files.key];
    const through = {
      HTTPS_PROXY: proxy.url.replace('//', '//ops:p%40ss%20word@'),
      KEEPTRUSTS_API_TOKEN: gw.adminToken,
    };
    try {
      const r = await kt(['health', '--api-url', remote, ...tls], through);
      expect([r.exitCode, r.stderr]).toEqual([0, '']);
      expect(proxy.tunnels).toEqual([{ target: new URL(remote).host, auth: 'ops:p@ss word' }]);
      // The export reads its pages through its own path in the client (undici's dispatch): it must take
      // the same tunnel with the same TLS settings.
      const out = join(gw.dir, 'through-proxy.csv');
      const exported = await kt(
        ['events', 'export', '--from', '1h', '--format', 'csv', '--output', out, '--api-url', remote, ...tls],
        through,
      );
      expect(exported.stderr).toMatch(/^exported \d+ rows/);
      expect(exported.exitCode).toBe(0);
      expect(proxy.tunnels.map((t) => t.target)).toEqual([new URL(remote).host, new URL(remote).host]);
      expect((await readFile(out, 'utf8')).startsWith('id,timestamp,event_type,verdict,')).toBe(true);
      // The local gateway (found by gateway.json, on 127.0.0.1) is not sent to the proxy, which could
      // not reach this machine's loopback: it was, and `kt health` failed behind a corporate proxy.
      const local = await kt(['health', ...tls], through);
      expect([local.exitCode, local.stderr]).toEqual([0, '']);
      expect(proxy.tunnels).toHaveLength(2);
      // NO_PROXY names the host: connected to directly, so the name must resolve here (it does not).
      const bypass = await kt(['health', '--api-url', remote, ...tls], { ...through, no_proxy: '.kt.test' });
      expect(bypass.exitCode).toBe(5);
      expect(bypass.stderr).toContain('error[network.dns]');
      expect(proxy.tunnels).toHaveLength(2);
    } finally {
      await proxy.close();
    }
  });

  it('a proxy refusing its credentials is exit 4 naming the proxy, once, never echoing the password', async () => {
    const proxy = await connectProxy('ops:right-password');
    try {
      const r = await kt(
        ['config-vars', 'list', '--api-url', `https://gateway.kt.test:${new URL(gw.url).port}`, '--ca-cert', files.ca],
        { HTTPS_PROXY: proxy.url.replace('//', '//ops:wrong-password@'), KEEPTRUSTS_API_TOKEN: gw.adminToken },
      );
      expect([r.exitCode, r.stdout]).toEqual([4, '']);
      expect(r.stderr).toBe(
        `kt: error[auth.proxy_rejected]: GET https://gateway.kt.test:${new URL(gw.url).port}/v1/config-variables: the proxy ${proxy.url} (HTTPS_PROXY) asks for credentials (407)\n` +
          '  hint: the proxy refused the user and password in HTTPS_PROXY: check them (special characters percent-encoded)\n',
      );
      expect(proxy.tunnels).toHaveLength(1);
      // `kt auth login` through it: the token never reached the API, so its advice is the proxy's, not
      // "check the token".
      const login = await kt(
        [
          'auth',
          'login',
          '--api-url',
          `https://gateway.kt.test:${new URL(gw.url).port}`,
          '--ca-cert',
          files.ca,
          '--from-env',
          'KT_LOGIN_TOKEN',
        ],
        { HTTPS_PROXY: proxy.url.replace('//', '//ops:wrong-password@'), KT_LOGIN_TOKEN: gw.adminToken },
      );
      expect(login.exitCode).toBe(4);
      expect(login.stderr).toContain('error[auth.proxy_rejected]');
      expect(login.stderr).toContain('hint: nothing was saved; the proxy refused the user and password in HTTPS_PROXY');
      expect(login.stderr).not.toContain('wrong-password');
    } finally {
      await proxy.close();
    }
  });
});
