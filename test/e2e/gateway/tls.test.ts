// HTTPS and mTLS with certificates generated at test time (node-forge): the openai client with a
// valid client certificate gets answers; clients without one, or with one from another CA, are refused.
import OpenAI from 'openai';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKtProcess } from '../../helpers/run-kt.js';
import { pollUntil } from '../../helpers/wait.js';
import {
  cleanup,
  type Json,
  makePki,
  makeServerCert,
  mockEchoPack,
  startGateway,
  tempDir,
  type RunningGateway,
  type TestPki,
} from './helpers.js';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

let pki: TestPki;
let gw: RunningGateway;

const tlsPack = (tls: string) => mockEchoPack('e2e-tls', tls, { kind: 'pii-detector', config: '{action: redact}' });

function clientFor(url: string, tls: { ca?: string; cert?: string; key?: string }) {
  const dispatcher = new Agent({ connect: { ...tls } });
  return new OpenAI({
    apiKey: 'unused',
    baseURL: `${url}/v1`,
    maxRetries: 0,
    timeout: 5_000,
    fetch: undiciFetch as unknown as typeof fetch,
    fetchOptions: { dispatcher } as Json,
  });
}

beforeAll(async () => {
  pki = makePki();
  gw = await startGateway(
    tlsPack(`  tls:
    enabled: true
    cert_file: server.crt
    key_file: server.key
    min_version: "1.2"
    cipher_suites: [TLS_AES_256_GCM_SHA384, TLS_AES_128_GCM_SHA256, TLS_CHACHA20_POLY1305_SHA256, ECDHE-RSA-AES128-GCM-SHA256]
  mtls:
    enabled: true
    ca_cert: ca.crt`),
    { files: { 'server.crt': pki.serverCert, 'server.key': pki.serverKey, 'ca.crt': pki.caCert } },
  );
});
afterAll(async () => {
  await cleanup(gw);
});

describe('kt gateway run over HTTPS with mTLS', () => {
  it('serves a client with a valid certificate, verifying the server against the test CA', async () => {
    expect(gw.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const client = clientFor(gw.url, { ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey });
    const res = await client.chat.completions.create({
      model: 'mock-echo',
      messages: [{ role: 'user', content: 'call 555-867-5309 or mail bob@example.org' }],
    });
    const text = res.choices[0]!.message.content!;
    expect(text).toContain('[EMAIL_REDACTED]');
    expect(text).not.toContain('bob@example.org');
  });

  it('records a plain answer over TLS as what it was (200), not as a client that left (499 client.closed)', async () => {
    const tls = { ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey };
    const res = await clientFor(gw.url, tls)
      .chat.completions.create({ model: 'mock-echo', messages: [{ role: 'user', content: 'audit me' }] })
      .withResponse();
    const requestId = res.response.headers.get('x-request-id')!;
    // The event of that request, by its request id, from the newest (it is written once the answer is out).
    const dispatcher = new Agent({ connect: tls });
    const event = await pollUntil(
      async () => {
        const page = (await (
          await undiciFetch(`${gw.url}/v1/events?order=desc&limit=20`, {
            dispatcher,
            headers: { authorization: `Bearer ${gw.adminToken}` },
          })
        ).json()) as Json;
        return (page.events as Json[]).find((e) => e.request_id === requestId);
      },
      (e) => e !== undefined,
    );
    expect(event).toMatchObject({ verdict: 'allow' });
    expect(event.reason_code).not.toBe('client.closed');
    // The request log says the status the client got.
    expect(gw.stderr()).toMatch(new RegExp(` 200 POST /v1/chat/completions allow [0-9.]+ms ${requestId}`));
  });

  it('reports TLS and the certificate expiry in /health', async () => {
    const dispatcher = new Agent({ connect: { ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey } });
    const health = (await (await undiciFetch(`${gw.url}/health`, { dispatcher })).json()) as Json;
    expect(health.tls.enabled).toBe(true);
    expect(Date.parse(health.tls.not_after)).toBeGreaterThan(Date.now());
  });

  it('refuses clients without a certificate or with one from another CA', async () => {
    for (const tls of [{ ca: pki.caCert }, { ca: pki.caCert, cert: pki.rogueCert, key: pki.rogueKey }]) {
      const err = await clientFor(gw.url, tls)
        .chat.completions.create({ model: 'mock-echo', messages: [{ role: 'user', content: 'hi' }] })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.APIConnectionError);
    }
  });

  it('kt health without a client certificate is told mTLS may be why; with one it is healthy', async () => {
    const dir = await tempDir();
    for (const [name, pem] of [
      ['ca.crt', pki.caCert],
      ['client.crt', pki.clientCert],
      ['client.key', pki.clientKey],
    ] as const)
      await writeFile(join(dir, name), pem);
    const env = { KEEPTRUSTS_API_TOKEN: gw.adminToken };
    const without = await runKtProcess(['health', '--api-url', gw.url, '--ca-cert', join(dir, 'ca.crt')], { env });
    expect(without.exitCode).toBe(5);
    expect(without.stderr).toContain(
      'hint: if the gateway requires client certificates (mTLS), give --client-cert and --client-key',
    );
    const withCert = await runKtProcess(
      [
        'health',
        '--api-url',
        gw.url,
        '--ca-cert',
        join(dir, 'ca.crt'),
        '--client-cert',
        join(dir, 'client.crt'),
        '--client-key',
        join(dir, 'client.key'),
      ],
      { env },
    );
    expect(withCert.exitCode).toBe(0);
  });

  it('a client that does not trust the gateway CA refuses the connection (no silent insecure mode)', async () => {
    const err = await clientFor(gw.url, { cert: pki.clientCert, key: pki.clientKey })
      .chat.completions.create({ model: 'mock-echo', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIConnectionError);
  });
});

describe('TLS sections without an enabled line', () => {
  it('tls and mtls that name their files are on, as ip_allowlist and bot_detection are: HTTPS, client certificates required', async () => {
    const g = await startGateway(
      tlsPack('  tls: {cert_file: server.crt, key_file: server.key, min_version: "1.2"}\n  mtls: {ca_cert: ca.crt}'),
      { files: { 'server.crt': pki.serverCert, 'server.key': pki.serverKey, 'ca.crt': pki.caCert } },
    );
    try {
      // It served plain HTTP: the certificates sat in the pack and traffic went in clear.
      expect(g.url).toMatch(/^https:/);
      const noCert = await clientFor(g.url, { ca: pki.caCert })
        .models.list()
        .catch((e: unknown) => e);
      expect(noCert).toBeInstanceOf(OpenAI.APIConnectionError);
      const withCert = clientFor(g.url, { ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey });
      expect((await withCert.models.list()).data.map((m) => m.id)).toContain('mock-echo');
      // `enabled: false` still turns a section off.
      const off = await startGateway(tlsPack('  tls: {enabled: false, cert_file: server.crt, key_file: server.key}'), {
        files: { 'server.crt': pki.serverCert, 'server.key': pki.serverKey },
      });
      try {
        expect(off.url).toMatch(/^http:/);
      } finally {
        await cleanup(off);
      }
    } finally {
      await cleanup(g);
    }
  });
});

/** The protocol and suite a handshake with the gateway at `url` settles on, the client capped at `maxVersion`. */
async function negotiated(
  url: string,
  maxVersion: 'TLSv1.2' | 'TLSv1.3',
): Promise<{ protocol: string; cipher: string }> {
  const { connect } = await import('node:tls');
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: u.hostname, port: Number(u.port), ca: pki.caCert, maxVersion }, () => {
      resolve({ protocol: socket.getProtocol() ?? '', cipher: socket.getCipher().name });
      socket.end();
    });
    socket.on('error', reject);
  });
}

describe('cipher_suites by their IANA names', () => {
  it('TLS 1.2 suites named as IANA writes them (lint accepts them) are the suites served, not a listener that refuses every handshake', async () => {
    const files = { 'server.crt': pki.serverCert, 'server.key': pki.serverKey };
    const only12 = await startGateway(
      tlsPack(
        '  tls: {enabled: true, cert_file: server.crt, key_file: server.key, min_version: "1.2", cipher_suites: [TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]}',
      ),
      { files },
    );
    const mixed = await startGateway(
      tlsPack(
        '  tls: {enabled: true, cert_file: server.crt, key_file: server.key, min_version: "1.2", cipher_suites: [TLS_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]}',
      ),
      { files },
    );
    try {
      // Both handshakes failed (alert 40): the name reached OpenSSL as an unknown TLS 1.3 suite.
      expect(await negotiated(only12.url, 'TLSv1.2')).toEqual({
        protocol: 'TLSv1.2',
        cipher: 'ECDHE-RSA-AES256-GCM-SHA384',
      });
      expect((await negotiated(only12.url, 'TLSv1.3')).protocol).toBe('TLSv1.3');
      // TLS 1.2 clients were refused although min_version is 1.2 (no TLS 1.2 suite was left).
      expect(await negotiated(mixed.url, 'TLSv1.2')).toEqual({
        protocol: 'TLSv1.2',
        cipher: 'ECDHE-RSA-AES128-GCM-SHA256',
      });
      expect(await negotiated(mixed.url, 'TLSv1.3')).toEqual({ protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256' });
    } finally {
      await cleanup(only12);
      await cleanup(mixed);
    }
  });
});

describe('min_version as lint reads it', () => {
  it('"TLS 1.3" (a spelling lint accepts) starts the gateway and is enforced: a TLS 1.2 client is refused', async () => {
    // The gateway refused to start: `"TLS 1.3" is not allowed (use "1.2" or "1.3")`, on a pack lint passed.
    const g = await startGateway(
      tlsPack('  tls: {enabled: true, cert_file: server.crt, key_file: server.key, min_version: "TLS 1.3"}'),
      { files: { 'server.crt': pki.serverCert, 'server.key': pki.serverKey } },
    );
    try {
      expect((await negotiated(g.url, 'TLSv1.3')).protocol).toBe('TLSv1.3');
      await expect(negotiated(g.url, 'TLSv1.2')).rejects.toThrow(/protocol version|alert/i);
    } finally {
      await cleanup(g);
    }
  });
});

describe('certificate rotation on reload', () => {
  it('new handshakes get the new certificate after a reload, not after a dry run', async () => {
    const other = makePki();
    const pack = (cert: string, key: string) =>
      mockEchoPack('e2e-rotate', `  tls: {enabled: true, cert_file: ${cert}, key_file: ${key}}`, {
        kind: 'audit-logger',
        config: '{}',
      });
    const g = await startGateway(pack('a.crt', 'a.key'), {
      files: { 'a.crt': pki.serverCert, 'a.key': pki.serverKey, 'b.crt': other.serverCert, 'b.key': other.serverKey },
    });
    const { connect } = await import('node:tls');
    const fingerprint = (url: string) =>
      new Promise<string>((resolve, reject) => {
        const u = new URL(url);
        // Only reads the presented certificate; nothing is sent over this connection.
        const socket = connect({ host: u.hostname, port: Number(u.port), rejectUnauthorized: false }, () => {
          resolve(socket.getPeerCertificate().fingerprint256);
          socket.end();
        });
        socket.on('error', reject);
      });
    // The admin API over TLS: a reload (optionally a dry run) of `document`, and the served config, trusting `ca`.
    const reload = (document: string, ca: string, query = '') =>
      undiciFetch(`${g.url}/keeptrusts/config/reload${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${g.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ document }),
        dispatcher: new Agent({ connect: { ca } }),
      });
    const served = (ca: string) =>
      undiciFetch(`${g.url}/keeptrusts/config`, {
        headers: { authorization: `Bearer ${g.adminToken}` },
        dispatcher: new Agent({ connect: { ca } }),
      }).then((r) => r.json()) as Promise<Json>;
    try {
      const before = await fingerprint(g.url);
      const dry = await reload(pack('b.crt', 'b.key'), pki.caCert, '?dry_run=true');
      expect(dry.status).toBe(200);
      expect(await fingerprint(g.url)).toBe(before);
      const real = await reload(pack('b.crt', 'b.key'), pki.caCert);
      expect(real.status).toBe(200);
      const after = await fingerprint(g.url);
      expect(after).not.toBe(before);
      // Turning TLS off cannot happen on a live listener: refused, old pack kept.
      const off = await reload(
        pack('b.crt', 'b.key').replace('enabled: true, cert_file', 'enabled: false, cert_file'),
        other.caCert,
      );
      expect(off.status).toBe(422);
      // Pointed at the line that changed (it was 1:1, the top of the file).
      const offText = pack('b.crt', 'b.key').replace('enabled: true, cert_file', 'enabled: false, cert_file');
      const offLine = offText.split('\n').findIndex((l) => l.includes('enabled: false, cert_file')) + 1;
      expect(((await off.json()) as Json).diagnostics[0]).toMatchObject({
        code: 'gateway.tls_changed',
        path: 'gateway.tls.enabled',
        line: offLine,
        message: 'gateway.tls: TLS cannot be turned off on reload (the listener serves HTTPS); restart the gateway',
      });
      // A key that does not match its certificate: refused before the swap (422, the field named), and the
      // pack that serves is still the one before, with its certificate.
      const servedBefore = await served(other.caCert);
      const mismatched = await reload(pack('b.crt', 'a.key').replace('e2e-rotate', 'e2e-mismatch'), other.caCert);
      expect(mismatched.status).toBe(422);
      const refusal = (await mismatched.json()) as Json;
      expect(refusal.diagnostics[0]).toMatchObject({ path: 'gateway.tls.key_file' });
      expect(refusal.diagnostics[0].message).toMatch(/does not match the certificate/);
      expect((await served(other.caCert)).pack).toEqual(servedBefore.pack);
      expect(await fingerprint(g.url)).toBe(after);
    } finally {
      await cleanup(g);
    }
  });
});

describe('mTLS towards the upstream', () => {
  it('presents gateway.mtls.client_cert to an upstream that requires client certificates', async () => {
    const https = await import('node:https');
    const upstream = https.createServer(
      { cert: pki.serverCert, key: pki.serverKey, ca: pki.caCert, requestCert: true, rejectUnauthorized: true },
      (req, res) => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        req.resume();
        req.on('end', () =>
          res.writeHead(200, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              id: 'x',
              object: 'chat.completion',
              choices: [
                {
                  index: 0,
                  message: { role: 'assistant', content: `hello ${peer.subject?.CN}` },
                  finish_reason: 'stop',
                },
              ],
            }),
          ),
        );
      },
    );
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const base = `https://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const packFor = (mtls: string) => `
pack: {name: e2e-upstream-mtls, version: 1.0.0, enabled: true}
providers:
  targets:
    - {id: up, provider: openai, model: m, base_url: "${base}", tls: {verify: true, ca_file: ca.crt}}
${mtls}
policies:
  chain: [audit-logger]
policy:
  audit-logger: {log_all_access: true}
`;
    const files = { 'ca.crt': pki.caCert, 'client.crt': pki.clientCert, 'client.key': pki.clientKey };
    const withCert = await startGateway(
      packFor('gateway:\n  mtls: {enabled: true, client_cert: client.crt, client_key: client.key}'),
      { files },
    );
    const without = await startGateway(packFor(''), { files });
    try {
      const ok = await fetch(`${withCert.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as Json).choices[0].message.content).toBe('hello test-client');
      const refused = await fetch(`${without.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(refused.status).toBe(502);
    } finally {
      await cleanup(withCert);
      await cleanup(without);
      upstream.closeAllConnections();
      await new Promise<void>((r) => upstream.close(() => r()));
    }
  });
});

describe('the gateway-section seed pack', () => {
  it('runs as written (certificate paths pointed at test files): mTLS enforced, then the IP allowlist refuses loopback', async () => {
    const seed = readFileSync(fileURLToPath(new URL('../../../examples/gateway-section.yaml', import.meta.url)), 'utf8')
      .replace('/etc/kt/tls/server.crt', 'server.crt')
      .replace('/etc/kt/tls/server.key', 'server.key')
      .replace('/etc/kt/mtls/gateway.crt', 'client.crt')
      .replace('/etc/kt/mtls/gateway.key', 'client.key')
      .replace('/etc/kt/mtls/ca.crt', 'ca.crt');
    const seedGw = await startGateway(seed, {
      files: {
        'server.crt': pki.serverCert,
        'server.key': pki.serverKey,
        'client.crt': pki.clientCert,
        'client.key': pki.clientKey,
        'ca.crt': pki.caCert,
      },
      env: { OPENAI_API_KEY: 'sk-seed-test-key-not-used-0123456789' },
    });
    try {
      expect(seedGw.url).toMatch(/^https:/);
      const noCert = await clientFor(seedGw.url, { ca: pki.caCert })
        .models.list()
        .catch((e: unknown) => e);
      expect(noCert).toBeInstanceOf(OpenAI.APIConnectionError);
      const denied = (await clientFor(seedGw.url, { ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey })
        .chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
        .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
      expect(denied.status).toBe(403);
      expect(denied.error).toMatchObject({ type: 'access_denied', code: 'ip_not_allowed' });
    } finally {
      await cleanup(seedGw);
    }
  });
});

describe('TLS settings that must not start', () => {
  it('reports every unreadable TLS and mTLS file at once, each at its own position', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'server.key'), pki.serverKey);
    // Line 7: tls (cert and CA missing, the key is there); line 8: mtls (both client files missing).
    await writeFile(
      join(dir, 'pack.yaml'),
      tlsPack(
        '  tls: {enabled: true, cert_file: gone.crt, key_file: server.key, client_ca_file: gone-ca.crt}\n  mtls: {enabled: true, client_cert: gone-client.crt, client_key: gone-client.key}',
      ),
    );
    const r = await runKtProcess(
      ['gateway', 'run', '-c', join(dir, 'pack.yaml'), '--listen', '127.0.0.1:0', '--state-dir', join(dir, 'state')],
      { cwd: dir },
    );
    expect(r.exitCode).toBe(3);
    const lines = r.stderr.split('\n').filter((l) => /cannot read/.test(l));
    expect(lines).toEqual([
      expect.stringMatching(
        /pack\.yaml:7:\d+: error\[gateway\.tls\]: gateway\.tls\.cert_file: cannot read gone\.crt: no such file or directory \(ENOENT\)$/,
      ),
      expect.stringMatching(
        /pack\.yaml:7:\d+: error\[gateway\.tls\]: gateway\.tls\.client_ca_file: cannot read gone-ca\.crt: no such file or directory \(ENOENT\)$/,
      ),
      expect.stringMatching(
        /pack\.yaml:8:\d+: error\[gateway\.mtls\]: gateway\.mtls\.client_cert: cannot read gone-client\.crt: no such file or directory \(ENOENT\)$/,
      ),
      expect.stringMatching(
        /pack\.yaml:8:\d+: error\[gateway\.mtls\]: gateway\.mtls\.client_key: cannot read gone-client\.key: no such file or directory \(ENOENT\)$/,
      ),
    ]);
    // Each at the column of its own value.
    expect(new Set(lines.map((l) => /:(\d+:\d+):/.exec(l)?.[1])).size).toBe(4);
    expect(r.stderr).toMatch(/the pack has 4 error\(s\)/);
    expect(r.stdout).toBe('');
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a certificate outside its validity period, at start (exit 3) and on reload (422, the old one serves on)', async () => {
    const day = 86_400_000;
    const expired = makeServerCert({
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2020-02-01T00:00:00Z'),
    });
    const future = makeServerCert({
      notBefore: new Date(Date.now() + 30 * day),
      notAfter: new Date(Date.now() + 60 * day),
    });
    const dir = await tempDir();
    for (const [name, pem] of Object.entries({
      'expired.crt': expired.cert,
      'expired.key': expired.key,
      'future.crt': future.cert,
      'future.key': future.key,
    }))
      await writeFile(join(dir, name), pem);
    // It started, said it listened on https, and handed every client a certificate that client refuses.
    for (const [name, expected] of [
      [
        'expired',
        /pack\.yaml:7:\d+: error\[gateway\.tls\]: gateway\.tls\.cert_file: the certificate expired on 2020-02-01T00:00:00\.000Z/,
      ],
      [
        'future',
        /pack\.yaml:7:\d+: error\[gateway\.tls\]: gateway\.tls\.cert_file: the certificate is not valid before \d{4}-/,
      ],
    ] as const) {
      await writeFile(
        join(dir, 'pack.yaml'),
        tlsPack(`  tls: {enabled: true, cert_file: ${name}.crt, key_file: ${name}.key}`),
      );
      const r = await runKtProcess(
        ['gateway', 'run', '-c', join(dir, 'pack.yaml'), '--listen', '127.0.0.1:0', '--state-dir', join(dir, 'state')],
        { cwd: dir },
      );
      expect(r.exitCode).toBe(3);
      expect(r.stderr).toMatch(expected);
      expect(r.stderr).not.toMatch(/listening/);
    }
    await rm(dir, { recursive: true, force: true });

    const g = await startGateway(tlsPack('  tls: {enabled: true, cert_file: server.crt, key_file: server.key}'), {
      files: {
        'server.crt': pki.serverCert,
        'server.key': pki.serverKey,
        'expired.crt': expired.cert,
        'expired.key': expired.key,
      },
    });
    try {
      const dispatcher = new Agent({ connect: { ca: pki.caCert } });
      const reload = await undiciFetch(`${g.url}/keeptrusts/config/reload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${g.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          document: tlsPack('  tls: {enabled: true, cert_file: expired.crt, key_file: expired.key}'),
        }),
        dispatcher,
      });
      expect(reload.status).toBe(422);
      expect(((await reload.json()) as Json).diagnostics[0]).toMatchObject({
        code: 'gateway.tls',
        path: 'gateway.tls.cert_file',
        message: expect.stringMatching(/the certificate expired on 2020-02-01/),
      });
      // Still served with the valid certificate: a client that verifies it gets its answer.
      const health = (await (await undiciFetch(`${g.url}/health`, { dispatcher })).json()) as Json;
      expect(Date.parse(health.tls.not_after)).toBeGreaterThan(Date.now());
    } finally {
      await cleanup(g);
    }
  });

  it('refuses a passphrase-protected key, and an upstream client certificate it could never present, at start', async () => {
    const { createPrivateKey } = await import('node:crypto');
    const encrypted = (pem: string) =>
      createPrivateKey(pem)
        .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'test-only-passphrase' })
        .toString();
    const expired = makeServerCert({
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2020-02-01T00:00:00Z'),
    });
    const dir = await tempDir();
    for (const [name, pem] of Object.entries({
      'server.crt': pki.serverCert,
      'server.key': pki.serverKey,
      'server-locked.key': encrypted(pki.serverKey),
      'client.crt': pki.clientCert,
      'client.key': pki.clientKey,
      'client-locked.key': encrypted(pki.clientKey),
      'expired.crt': expired.cert,
      'expired.key': expired.key,
    }))
      await writeFile(join(dir, name), pem);
    const mtls = (cert: string, key: string) => `  mtls: {enabled: true, client_cert: ${cert}, client_key: ${key}}`;
    // The mtls ones started and failed every upstream call with 502 `ERR_OSSL_BAD_DECRYPT (certificate
    // verification failed)` or a handshake the upstream refused; the server key said only `bad decrypt`.
    for (const [gateway, expected] of [
      [
        '  tls: {enabled: true, cert_file: server.crt, key_file: server-locked.key}',
        /pack\.yaml:7:\d+: error\[gateway\.tls\]: gateway\.tls\.key_file: the private key is encrypted with a passphrase, and kt reads unencrypted keys only/,
      ],
      [
        mtls('client.crt', 'client-locked.key'),
        /pack\.yaml:7:\d+: error\[gateway\.mtls\]: gateway\.mtls\.client_key: the private key is encrypted with a passphrase/,
      ],
      [
        mtls('client.crt', 'server.key'),
        /pack\.yaml:7:\d+: error\[gateway\.mtls\]: gateway\.mtls\.client_key: the private key does not match the certificate in client_cert/,
      ],
      [
        mtls('expired.crt', 'expired.key'),
        /pack\.yaml:7:\d+: error\[gateway\.mtls\]: gateway\.mtls\.client_cert: the certificate expired on 2020-02-01T00:00:00\.000Z; upstreams refuse it/,
      ],
    ] as const) {
      await writeFile(join(dir, 'pack.yaml'), tlsPack(gateway));
      const r = await runKtProcess(
        ['gateway', 'run', '-c', join(dir, 'pack.yaml'), '--listen', '127.0.0.1:0', '--state-dir', join(dir, 'state')],
        { cwd: dir },
      );
      expect(r.exitCode).toBe(3);
      expect(r.stderr).toMatch(expected);
      expect(r.stderr).not.toContain('test-only-passphrase');
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a CA file that holds no certificate (a key given by mistake), for clients and for an upstream', async () => {
    const dir = await tempDir();
    for (const [name, pem] of Object.entries({ 'server.crt': pki.serverCert, 'server.key': pki.serverKey }))
      await writeFile(join(dir, name), pem);
    const upstreamPack = `
pack: {name: e2e-ca-file, version: 1.0.0, enabled: true}
providers:
  targets:
    - {id: up, provider: openai, model: m, base_url: "https://127.0.0.1:9/v1", tls: {verify: true, ca_file: server.key}}
policies:
  chain: [audit-logger]
policy:
  audit-logger: {}
`;
    // Both started: the first refused every client at the handshake, the second failed every upstream call (502).
    for (const [pack, expected] of [
      [
        tlsPack('  tls: {enabled: true, cert_file: server.crt, key_file: server.key, client_ca_file: server.key}'),
        /pack\.yaml:7:\d+: error\[gateway\.tls\]: gateway\.tls\.client_ca_file: server\.key holds no PEM certificate/,
      ],
      [
        upstreamPack,
        /pack\.yaml:5:\d+: error\[providers\.invalid\]: providers\.targets\[up\]\.tls\.ca_file: server\.key holds no PEM certificate/,
      ],
    ] as const) {
      await writeFile(join(dir, 'pack.yaml'), pack);
      const r = await runKtProcess(
        ['gateway', 'run', '-c', join(dir, 'pack.yaml'), '--listen', '127.0.0.1:0', '--state-dir', join(dir, 'state')],
        { cwd: dir },
      );
      expect(r.exitCode).toBe(3);
      expect(r.stderr).toMatch(expected);
      // The key's bytes are not quoted back.
      expect(r.stderr).not.toContain(pki.serverKey.split('\n')[1]!);
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses min_version below 1.2 and a missing certificate file, naming the field', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'server.crt'), pki.serverCert);
    await writeFile(join(dir, 'server.key'), pki.serverKey);
    await writeFile(join(dir, 'other.key'), makePki().serverKey);
    for (const [tls, expected] of [
      [
        '  tls: {enabled: true, cert_file: server.crt, key_file: server.key, min_version: "1.0"}',
        /pack\.yaml:7:\d+: error\[[^\]]+\]: .*1\.0.*1\.2/,
      ],
      [
        '  tls: {enabled: true, cert_file: missing.crt, key_file: server.key}',
        /gateway\.tls\.cert_file: cannot read missing\.crt/,
      ],
      // A key of another certificate: a positioned config error (exit 3), not an internal one.
      [
        '  tls: {enabled: true, cert_file: server.crt, key_file: other.key}',
        /pack\.yaml:7:\d+: error\[gateway\.tls\]: gateway\.tls\.key_file: the private key does not match the certificate in cert_file/,
      ],
    ] as const) {
      await writeFile(join(dir, 'pack.yaml'), tlsPack(tls));
      const r = await runKtProcess(
        ['gateway', 'run', '-c', join(dir, 'pack.yaml'), '--listen', '127.0.0.1:0', '--state-dir', join(dir, 'state')],
        { cwd: dir },
      );
      expect(r.exitCode).toBe(3);
      expect(r.stderr).toMatch(expected);
      expect(r.stdout).toBe('');
    }
  });
});

describe('a pack pushed with kt gateway reload --file', () => {
  it('reads its relative certificate paths on the gateway, and says so when they are not there', async () => {
    // The pushed pack's paths are read from the gateway's pack directory, not from the file it was pushed
    // from: the message said only `cannot read ../certs/b.crt: no such file`, of a file right there.
    const other = makePki();
    const pack = (cert: string, key: string) =>
      mockEchoPack('e2e-pushed-paths', `  tls: {enabled: true, cert_file: ${cert}, key_file: ${key}}`, {
        kind: 'audit-logger',
        config: '{}',
      });
    const g = await startGateway(pack('a.crt', 'a.key'), {
      files: { 'a.crt': pki.serverCert, 'a.key': pki.serverKey, 'ca.crt': pki.caCert },
    });
    try {
      await mkdir(join(g.dir, 'ops', 'certs'), { recursive: true });
      await writeFile(join(g.dir, 'ops', 'certs', 'b.crt'), other.serverCert);
      await writeFile(join(g.dir, 'ops', 'certs', 'b.key'), other.serverKey, { mode: 0o600 });
      await mkdir(join(g.dir, 'ops', 'packs'));
      await writeFile(join(g.dir, 'ops', 'packs', 'pack.yaml'), pack('../certs/b.crt', '../certs/b.key'));
      const kt = (file: string) =>
        runKtProcess(['gateway', 'reload', '--file', file, '--ca-cert', join(g.dir, 'ca.crt')], {
          cwd: join(g.dir, 'ops', 'packs'),
          env: { HOME: g.dir, KT_STATE_DIR: g.stateDir },
          timeoutMs: 30_000,
        });
      const r = await kt('pack.yaml');
      expect(r.exitCode).toBe(3);
      const lines = r.stderr.split('\n').filter((l) => /cannot read/.test(l));
      expect(lines).toHaveLength(2);
      expect(lines[0]).toBe(
        `pack.yaml:7:35: error[gateway.tls]: gateway.tls.cert_file: cannot read ../certs/b.crt: no such file or directory (ENOENT); a pushed pack's relative paths are read on the gateway from ${g.dir}, the directory of its --policy-config (give absolute paths)`,
      );
      // A provider's CA file likewise.
      await writeFile(
        join(g.dir, 'ops', 'packs', 'ca.yaml'),
        pack('a.crt', 'a.key').replace(
          '{id: echo, provider: mock, model: mock-echo}',
          '{id: up, provider: openai, model: m, base_url: "https://127.0.0.1:9/v1", secret_key_ref: {env: K}, tls: {ca_file: ../certs/up-ca.crt}}',
        ),
      );
      const ca = await kt('ca.yaml');
      expect(ca.exitCode).toBe(3);
      expect(ca.stderr).toContain(
        `providers.targets[up].tls.ca_file: cannot read ../certs/up-ca.crt: no such file or directory (ENOENT); a pushed pack's relative paths are read on the gateway from ${g.dir}, the directory of its --policy-config (give absolute paths)`,
      );
      // Absolute paths are read as they are.
      await writeFile(
        join(g.dir, 'ops', 'packs', 'abs.yaml'),
        pack(join(g.dir, 'ops', 'certs', 'b.crt'), join(g.dir, 'ops', 'certs', 'b.key')),
      );
      const abs = await kt('abs.yaml');
      expect([abs.exitCode, abs.stderr]).toEqual([0, '']);
    } finally {
      await cleanup(g);
    }
  }, 60_000);
});
