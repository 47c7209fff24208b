import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import forge from 'node-forge';
import { connect as netConnect, type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient, retryAfterMs } from '../../../src/api/client.js';
import { KtError } from '../../../src/errors.js';
import { exitCodeFor } from '../../../src/cli/exit-codes.js';

type Handler = (req: {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}) => { status: number; body?: unknown; headers?: Record<string, string> } | 'drop';

let server: Server | undefined;
afterEach(async () => {
  if (server) await new Promise((r) => server!.close(r));
  server = undefined;
});

async function serve(handler: Handler): Promise<{
  url: string;
  calls: Array<{ method: string; url: string; headers: Record<string, string | string[] | undefined>; body: string }>;
}> {
  const calls: Array<{
    method: string;
    url: string;
    headers: Record<string, string | string[] | undefined>;
    body: string;
  }> = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const call = { method: req.method!, url: req.url!, headers: req.headers, body };
      calls.push(call);
      const out = handler(call);
      if (out === 'drop') {
        req.socket.destroy();
        return;
      }
      res.writeHead(out.status, { 'content-type': 'application/json', ...(out.headers ?? {}) });
      res.end(out.body === undefined ? '' : JSON.stringify(out.body));
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls };
}

function client(url: string, extra: Partial<ConstructorParameters<typeof ApiClient>[0]> = {}) {
  const sleeps: number[] = [];
  const debug: string[] = [];
  const c = new ApiClient({
    baseUrl: url,
    token: 'kt_admin_SECRETSECRETSECRET',
    timeoutMs: 5_000,
    userAgent: 'kt/test',
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    debugLog: (m) => debug.push(m),
    ...extra,
  });
  return { c, sleeps, debug };
}

describe('ApiClient', () => {
  it('sends the bearer token, user agent and query; returns the parsed body', async () => {
    const s = await serve(() => ({ status: 200, body: { ok: true } }));
    const { c } = client(s.url);
    const res = await c.request('GET', '/v1/x', { query: { a: '1', b: ['x', 'y'], skip: undefined } });
    expect(res.body).toEqual({ ok: true });
    expect(s.calls[0]!.url).toBe('/v1/x?a=1&b=x&b=y');
    expect(s.calls[0]!.headers.authorization).toBe('Bearer kt_admin_SECRETSECRETSECRET');
    expect(s.calls[0]!.headers['user-agent']).toBe('kt/test');
    await c.close();
  });

  it('retries idempotent calls on 503 with exponential backoff and full jitter', async () => {
    let n = 0;
    const s = await serve(() => (++n < 3 ? { status: 503 } : { status: 200, body: {} }));
    const { c, sleeps } = client(s.url, { backoffBaseMs: 100 });
    await c.request('GET', '/x');
    expect(s.calls).toHaveLength(3);
    expect(sleeps).toEqual([50, 100]); // random 0.5 * 100 * 2^0, 0.5 * 100 * 2^1
    await c.close();
  });

  it('honours Retry-After (seconds) on 429', async () => {
    let n = 0;
    const s = await serve(() =>
      ++n === 1 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 200, body: {} },
    );
    const { c, sleeps, debug } = client(s.url);
    await c.request('PUT', '/x', { body: { value: 'v' } });
    expect(sleeps).toEqual([2000]);
    expect(debug.some((d) => d.includes('(Retry-After)'))).toBe(true);
    await c.close();
  });

  it('a 429 to a call it does not retry (POST) says rate limited, not that retries ran out', async () => {
    const s = await serve(() => ({ status: 429 }));
    const { c } = client(s.url);
    const error = await c.request('POST', '/x', { body: {} }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'server.rate_limited', message: 'POST /x: rate limited (429)' });
    expect(s.calls).toHaveLength(1);
    await c.close();
  });

  it('honours Retry-After on a 503 that allowStatus accepts and validate then rejects (the /health overload envelope)', async () => {
    let n = 0;
    const s = await serve(() =>
      ++n === 1
        ? { status: 503, headers: { 'retry-after': '3' }, body: { error: { code: 'busy' } } }
        : { status: 200, body: { status: 'healthy' } },
    );
    const { c, sleeps, debug } = client(s.url);
    const validate = (body: unknown) => {
      if (typeof body === 'object' && body !== null && 'error' in body)
        throw new KtError('server.unavailable', 'busy', { data: { http_status: 503 } });
      return body;
    };
    const res = await c.request('GET', '/health', { allowStatus: [503], validate });
    expect(res.body).toEqual({ status: 'healthy' });
    expect(s.calls).toHaveLength(2);
    expect(sleeps).toEqual([3000]);
    expect(debug.some((d) => d.includes('(Retry-After)'))).toBe(true);
    await c.close();
  });

  it('gives up when Retry-After would pass the deadline', async () => {
    const s = await serve(() => ({ status: 503, headers: { 'retry-after': '60' } }));
    const { c, sleeps } = client(s.url, { timeoutMs: 2_000 });
    await expect(c.request('GET', '/x')).rejects.toMatchObject({
      code: 'server.unavailable',
      details: {
        hint: 'the server asks to wait 60s before trying again (Retry-After), past the end of the 2s --timeout (retries included): try again then, or raise --timeout',
      },
    });
    expect(sleeps).toEqual([]);
    await c.close();
  });

  it('a 429 it does not retry (a POST, or the last attempt) says how long the server asks to wait', async () => {
    const s = await serve(() => ({ status: 429, headers: { 'retry-after': '30' } }));
    const { c } = client(s.url, { maxAttempts: 1 });
    for (const method of ['POST', 'GET'] as const)
      await expect(c.request(method, '/x')).rejects.toMatchObject({
        code: 'server.rate_limited',
        details: { hint: 'the server asks to wait 30s before trying again (Retry-After)' },
      });
    await c.close();
  });

  it('does not retry a POST on 503 or a dropped connection', async () => {
    const s = await serve(() => ({ status: 503 }));
    const { c } = client(s.url);
    await expect(c.request('POST', '/x')).rejects.toMatchObject({ code: 'server.unavailable' });
    expect(s.calls).toHaveLength(1);
    await c.close();
  });

  it('retries a dropped connection for GET, up to maxAttempts', async () => {
    const s = await serve(() => 'drop');
    const { c } = client(s.url, { maxAttempts: 3 });
    const error = await c.request('GET', '/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KtError);
    expect((error as KtError).code).toMatch(/^network\./);
    expect(exitCodeFor((error as KtError).code)).toBe(5);
    expect(s.calls).toHaveLength(3);
    await c.close();
  });

  it('maps 401 and 403 to auth.* (exit 4) without retrying, and redacts the token from the message', async () => {
    const s = await serve((r) =>
      r.url === '/a'
        ? {
            status: 401,
            body: {
              error: {
                type: 'access_denied',
                code: 'unauthorized',
                message: 'bad token kt_admin_SECRETSECRETSECRET',
                request_id: 'req_1',
              },
            },
          }
        : { status: 403 },
    );
    const { c } = client(s.url);
    const e401 = (await c.request('GET', '/a').catch((e: unknown) => e)) as KtError;
    expect(e401.code).toBe('auth.unauthorized');
    expect(exitCodeFor(e401.code)).toBe(4);
    expect(e401.message).toContain('(request req_1)');
    expect(e401.message).not.toContain('SECRETSECRET');
    expect(((await c.request('GET', '/b').catch((e: unknown) => e)) as KtError).code).toBe('auth.forbidden');
    expect(s.calls).toHaveLength(2);
    await c.close();
  });

  it('maps 413 to input.too_large (exit 3: what was sent is over the limit), 404 and 500 to exit 5, without retrying a 413', async () => {
    const s = await serve((r) =>
      r.url === '/big'
        ? {
            status: 413,
            body: {
              error: {
                type: 'invalid_request_error',
                code: 'body_too_large',
                message: 'request body exceeds 10 bytes',
              },
            },
          }
        : { status: r.url === '/gone' ? 404 : 500 },
    );
    const { c } = client(s.url);
    const VALUE = 'config-value-0123456789';
    const e413 = (await c
      .request('PUT', '/big', { body: { value: VALUE }, secrets: [VALUE] })
      .catch((e: unknown) => e)) as KtError;
    expect(e413.code).toBe('input.too_large');
    expect(exitCodeFor(e413.code)).toBe(3);
    expect(e413.message).toBe(
      'PUT /big: the server refused the request as too large (413): request body exceeds 10 bytes',
    );
    expect(s.calls).toHaveLength(1);
    const e404 = (await c.request('GET', '/gone').catch((e: unknown) => e)) as KtError;
    expect(exitCodeFor(e404.code)).toBe(5);
    const e500 = (await c.request('DELETE', '/x').catch((e: unknown) => e)) as KtError;
    expect([e500.code, exitCodeFor(e500.code)]).toEqual(['server.error', 5]);
    await c.close();
  });

  it('connection refused is network.unreachable and a POST may be retried (it was never sent)', async () => {
    const s = await serve(() => ({ status: 200 }));
    const url = s.url;
    await new Promise((r) => server!.close(r));
    server = undefined;
    const { c, sleeps } = client(url, { maxAttempts: 2 });
    await expect(c.request('POST', '/x')).rejects.toMatchObject({ code: 'network.unreachable' });
    expect(sleeps).toHaveLength(1);
    await c.close();
  });

  it('a non-JSON 200 or a body failing validation is api.invalid_response', async () => {
    server = createServer((_req, res) => res.end('<html>'));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { c } = client(url);
    await expect(c.request('GET', '/x')).rejects.toMatchObject({ code: 'api.invalid_response' });
    await c.close();
    const s2 = await (async () => {
      await new Promise((r) => server!.close(r));
      return serve(() => ({ status: 200, body: { nope: 1 } }));
    })();
    const { c: c2 } = client(s2.url);
    await expect(
      c2.request('GET', '/x', {
        validate: () => {
          throw new Error('$.status must be a string');
        },
      }),
    ).rejects.toThrow(/unexpected response shape: \$\.status must be a string/);
    await c2.close();
  });

  it('debug traces never contain the token or the request body', async () => {
    const s = await serve(() => ({ status: 200, body: {} }));
    const { c, debug } = client(s.url);
    await c.request('PUT', '/v1/config-variables/K', {
      body: { value: 'sk-value-VERYSECRET' },
      secrets: ['sk-value-VERYSECRET'],
    });
    const all = debug.join('\n');
    expect(all).toContain('bearer token [REDACTED]');
    expect(all).not.toContain('SECRETSECRET');
    expect(all).not.toContain('VERYSECRET');
    expect(all).toMatch(
      /-> PUT http:\/\/127\.0\.0\.1:\d+\/v1\/config-variables\/K \(attempt 1\/4, bearer token \[REDACTED\], \d+ byte JSON body\)/,
    );
    await c.close();
  });

  it('a request id that echoes the config value is scrubbed in the debug trace and the error, even when it has characters an id cannot keep', async () => {
    const value = 'hunter2+/Value=42';
    for (const status of [200, 422, 500]) {
      const s = await serve((req) => {
        const echoed = (JSON.parse(req.body) as { value: string }).value;
        return {
          status,
          headers: { 'x-request-id': `req_${echoed} "x"` },
          body: status === 200 ? {} : { error: { code: 'bad', message: 'no' } },
        };
      });
      const { c, debug } = client(s.url, { maxAttempts: 1 });
      const error = await c.request('PUT', '/v1/config-variables/K', { body: { value }, secrets: [value] }).then(
        () => undefined,
        (e: unknown) => e,
      );
      const shown = [
        ...debug,
        error instanceof KtError ? `${error.message} ${JSON.stringify(error.details)}` : '',
      ].join('\n');
      expect(shown).toContain('request req_REDACTED');
      for (const leak of [value, 'hunter2', 'Value42', '"x"']) expect(shown, `${status}`).not.toContain(leak);
      await c.close();
      await new Promise((r) => server!.close(r));
      server = undefined;
    }
  });
});

describe('hostile responses', () => {
  it('a body over the size cap is api.response_too_large, not an out-of-memory', async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 1024 && res.write(chunk)) sent++;
        if (sent < 1024) res.once('drain', pump);
        else res.end();
      };
      pump();
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const { c } = client(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, {
      maxResponseBytes: 1024 * 1024,
    });
    await expect(c.request('GET', '/x')).rejects.toMatchObject({ code: 'api.response_too_large' });
    await expect(c.request('GET', '/x', { rawBytes: true })).rejects.toMatchObject({ code: 'api.response_too_large' });
    await c.close();
  });

  it('a body that stalls half-way is network.timeout within the deadline, rawBytes or not, and an abort stops it', async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
      res.write('{"events":['); // ... and nothing more
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { c } = client(url, { timeoutMs: 400, maxAttempts: 1 });
    for (const rawBytes of [true, false]) {
      const started = Date.now();
      await expect(c.request('GET', '/x', { rawBytes })).rejects.toMatchObject({ code: 'network.timeout' });
      expect(Date.now() - started).toBeLessThan(2_000);
    }
    await c.close();
    const interrupt = new AbortController();
    const aborted = client(url, { timeoutMs: 5_000, maxAttempts: 1, signal: interrupt.signal }).c;
    setTimeout(() => interrupt.abort(), 100);
    await expect(aborted.request('GET', '/x', { rawBytes: true })).rejects.toMatchObject({ name: 'AbortError' });
    await aborted.close();
    server.closeAllConnections();
  });

  it('rawBytes: a 2xx body comes back as the Buffers it arrived in; errors, the size cap and retries as for any call', async () => {
    const body = JSON.stringify({ events: [{ model: 'modèle 😀' }], next_cursor: null }).repeat(200);
    let calls = 0;
    server = createServer((req, res) => {
      calls++;
      if (req.url === '/denied') {
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end('{"error":{"type":"access_denied","code":"unauthorized","message":"no"}}');
        return;
      }
      const bytes = Buffer.from(calls === 1 && req.url === '/flaky' ? body.replace('modèle', 'FIRST!') : body);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
      if (calls === 1 && req.url === '/flaky') {
        // Half of the first attempt's body, then the connection drops: nothing of it may reach the result.
        res.write(bytes.subarray(0, bytes.length >> 1), () => res.socket?.destroy());
        return;
      }
      res.end(bytes);
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { c, debug } = client(url);
    const ok = await c.request<Buffer[]>('GET', '/ok', { rawBytes: true });
    expect(Array.isArray(ok.body)).toBe(true);
    expect(Buffer.concat(ok.body).toString('utf8')).toBe(body);
    expect(debug.join('\n')).toContain(`${Buffer.byteLength(body)} bytes`);
    await expect(c.request('GET', '/denied', { rawBytes: true })).rejects.toMatchObject({
      code: expect.stringMatching(/^auth\./),
    });
    calls = 0;
    const retried = await c.request<Buffer[]>('GET', '/flaky', { rawBytes: true });
    expect(calls).toBe(2);
    expect(Buffer.concat(retried.body).toString('utf8')).toBe(body);
    await c.close();
    const small = client(url, { maxResponseBytes: 1000 }).c;
    await expect(small.request('GET', '/ok', { rawBytes: true })).rejects.toMatchObject({
      code: 'api.response_too_large',
    });
    await small.close();
  });

  it('rawBytes with bodyBuffers: the body lands in one pooled buffer; a failed attempt gives its buffer back and the retry starts empty', async () => {
    // Over 1 MiB: without a Content-Length the client starts with a 1 MiB buffer and has to grow it.
    const body = Buffer.from(JSON.stringify({ events: [{ model: 'modèle 😀' }], next_cursor: null }).repeat(20_000));
    expect(body.length).toBeGreaterThan(1024 * 1024);
    let calls = 0;
    server = createServer((req, res) => {
      calls++;
      const chunked = req.url === '/chunked'; // no Content-Length: the buffer has to grow
      res.writeHead(
        200,
        chunked
          ? { 'content-type': 'application/json' }
          : { 'content-type': 'application/json', 'content-length': String(body.length) },
      );
      if (req.url === '/flaky' && calls === 1) {
        res.write(Buffer.alloc(body.length >> 1, 0x41), () => res.socket?.destroy());
        return;
      }
      if (chunked) {
        for (let i = 0; i < body.length; i += 10_000) res.write(body.subarray(i, i + 10_000));
        res.end();
      } else res.end(body);
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const taken: Buffer[] = [];
    const given: Uint8Array[] = [];
    const bodyBuffers = {
      take: (n: number) => {
        const b = Buffer.alloc(n);
        taken.push(b);
        return b;
      },
      give: (b: Uint8Array) => void given.push(b),
    };
    const { c } = client(url);
    const ok = await c.request<Buffer[]>('GET', '/ok', { rawBytes: true, bodyBuffers });
    expect(ok.body).toHaveLength(1);
    expect(Buffer.compare(ok.body[0]!, body)).toBe(0);
    calls = 0;
    given.length = 0;
    const retried = await c.request<Buffer[]>('GET', '/flaky', { rawBytes: true, bodyBuffers });
    expect(calls).toBe(2);
    expect(given).toHaveLength(1); // the first attempt's buffer, and not the one returned
    expect(given[0]!.buffer).not.toBe(retried.body[0]!.buffer);
    expect(Buffer.compare(retried.body[0]!, body)).toBe(0);
    taken.length = 0;
    given.length = 0;
    const grown = await c.request<Buffer[]>('GET', '/chunked', { rawBytes: true, bodyBuffers });
    expect(Buffer.compare(grown.body[0]!, body)).toBe(0);
    expect(taken.map((b) => b.length)).toEqual([1024 * 1024, 2 * 1024 * 1024]);
    expect(given).toEqual([taken[0]]); // the outgrown one came back
    await c.close();
  });

  it('control characters and tokens in a server error message do not reach the terminal', async () => {
    const s = await serve(() => ({
      status: 500,
      body: {
        error: { type: 'x', code: 'y', message: 'boom \u001b[2J kt_admin_LEAKED', request_id: 'req\u001b[31m_1' },
      },
    }));
    const { c } = client(s.url, { maxAttempts: 1 });
    const e = (await c.request('GET', '/x').catch((x: unknown) => x)) as KtError;
    expect(e.message).not.toContain('\u001b');
    expect(e.message).not.toContain('LEAKED');
    expect(e.message).toContain('(request req31m_1)');
    await c.close();
  });

  it('a body failing validation at a key the server chose: no escape sequence, no token, no megabyte in the message', async () => {
    // The token of a control plane need not look like a kt token: only its exact value can be scrubbed.
    const key = `cp-plain-SECRETSECRETSECRET \u001b[2J ${'x'.repeat(100_000)}`;
    const s = await serve(() => ({ status: 200, body: { providers: { [key]: {} } } }));
    const { c } = client(s.url, { token: 'cp-plain-SECRETSECRETSECRET' });
    const validate = (body: unknown) => {
      const id = Object.keys((body as { providers: object }).providers)[0]!;
      throw new Error(`$.providers.${id} must have required property 'status'`);
    };
    const e = (await c.request('GET', '/health', { validate }).catch((x: unknown) => x)) as KtError;
    expect(e.code).toBe('api.invalid_response');
    expect(e.message.startsWith('GET /health: unexpected response shape: $.providers.[REDACTED] ')).toBe(true);
    expect(e.message).not.toContain('\u001b');
    expect(e.message).not.toContain('SECRET');
    expect(e.message.length).toBeLessThan(1000);
    await c.close();
  });
});

/** A self-signed certificate (given to the client as its CA) for `altName`, valid or expired. */
function certificate(keys: forge.pki.rsa.KeyPair, altName: string, expired: boolean) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 10 * 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + (expired ? -1 : 1) * 86_400_000);
  const subject = [{ name: 'commonName', value: 'kt test server' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true },
    {
      name: 'subjectAltName',
      altNames: [/^\d/.test(altName) ? { type: 7, ip: altName } : { type: 2, value: altName }],
    },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

describe('TLS failures --ca-cert would not cure', () => {
  it('an expired certificate, one for another host, a plain-HTTP port: each says what is wrong, exit 5, no CA hint', async () => {
    const keys = forge.pki.rsa.generateKeyPair(2048);
    const key = forge.pki.privateKeyToPem(keys.privateKey);
    const cases = [
      { cert: certificate(keys, '127.0.0.1', true), problem: "the server's certificate has expired" },
      { cert: certificate(keys, 'other.example', false), problem: "the server's certificate is for another host name" },
      { cert: undefined, problem: 'the server did not answer in TLS' },
    ];
    for (const { cert, problem } of cases) {
      const handler = (_req: unknown, res: { end(text: string): void }) => res.end('{}');
      const tls = cert ? createHttpsServer({ cert, key }, handler) : createServer(handler);
      await new Promise<void>((r) => tls.listen(0, '127.0.0.1', () => r()));
      const { c } = client(`https://127.0.0.1:${(tls.address() as AddressInfo).port}`, cert ? { ca: cert } : {});
      const e = (await c.request('GET', '/health').catch((x: unknown) => x)) as KtError;
      await c.close();
      await new Promise((r) => tls.close(r));
      expect(e.code).toBe('network.tls');
      expect(exitCodeFor(e.code)).toBe(5);
      expect(e.message).toContain(problem);
      expect(e.details.hint).not.toContain('--ca-cert');
    }
  });
});

describe('a connection the server closes over HTTPS', () => {
  it('suggests client certificates only before the server has answered: a connection lost later (page 3 of an export) is no mTLS refusal', async () => {
    const keys = forge.pki.rsa.generateKeyPair(2048);
    const pem = certificate(keys, '127.0.0.1', false);
    // Answers /ok; closes the connection of anything else without an answer.
    const tls = createHttpsServer({ cert: pem, key: forge.pki.privateKeyToPem(keys.privateKey) }, (req, res) => {
      if (req.url === '/ok') res.end('{}');
      else req.socket.destroy();
    });
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
      const fresh = client(url, { ca: pem, maxAttempts: 1 }).c;
      const first = (await fresh.request('GET', '/gone').catch((x: unknown) => x)) as KtError;
      expect(first.code).toBe('network.failed');
      expect(first.details.hint).toContain('--client-cert');
      await fresh.close();

      const used = client(url, { ca: pem, maxAttempts: 1 }).c;
      expect((await used.request('GET', '/ok')).status).toBe(200);
      const later = (await used.request('GET', '/gone').catch((x: unknown) => x)) as KtError;
      expect(later.code).toBe('network.failed');
      expect(later.message).toContain('the server closed the connection');
      expect(later.details.hint ?? '').not.toContain('client cert');
      await used.close();
    } finally {
      await new Promise((r) => tls.close(r));
    }
  });
});

describe('certificate verification', () => {
  it('stays on when NODE_TLS_REJECT_UNAUTHORIZED=0 is in the environment (no silent --insecure)', async () => {
    const keys = forge.pki.rsa.generateKeyPair(2048);
    const cert = forge.pki.createCertificate();
    cert.publicKey = keys.publicKey;
    cert.serialNumber = '02';
    cert.validity.notBefore = new Date(Date.now() - 86_400_000);
    cert.validity.notAfter = new Date(Date.now() + 86_400_000);
    cert.setSubject([{ name: 'commonName', value: 'kt test server' }]);
    cert.setIssuer([{ name: 'commonName', value: 'kt test server' }]);
    cert.setExtensions([{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }]);
    cert.sign(keys.privateKey, forge.md.sha256.create());
    const server = createHttpsServer(
      { cert: forge.pki.certificateToPem(cert), key: forge.pki.privateKeyToPem(keys.privateKey) },
      (_req, res) => res.end('{}'),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const saved = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    const savedWarning = process.emitWarning;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    process.emitWarning = () => {};
    try {
      const { c } = client(`https://127.0.0.1:${(server.address() as AddressInfo).port}`, {
        token: 'kt_admin_secret_0123456789abcdef',
      });
      const e = (await c.request('GET', '/health').catch((x: unknown) => x)) as KtError;
      await c.close();
      expect(e).toBeInstanceOf(KtError);
      expect(e.code).toBe('network.tls');
    } finally {
      if (saved === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = saved;
      process.emitWarning = savedWarning;
      await new Promise((r) => server.close(r));
    }
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, caps at 5 minutes', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('0')).toBe(0);
    expect(retryAfterMs('100000')).toBe(300_000);
    expect(retryAfterMs(new Date(10_000 + 4_000).toUTCString(), 10_000)).toBe(4000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });

  it('ignores values that are not delta-seconds or an HTTP date, so the backoff applies', () => {
    // Number() read these as 1.5 s, -3 (then clamped to 0: an immediate retry), 16 s and 1 s.
    for (const v of ['1.5', '-3', '0x10', '1e3', ' ', 'Thu, 31 Feb 2026 10:00:00 GMT'])
      expect(retryAfterMs(v, 0)).toBeUndefined();
    expect(retryAfterMs(['2', '2'])).toBe(2000);
    expect(retryAfterMs(['2', '5'])).toBeUndefined();
  });
});

describe('TLS hints that know what was given', () => {
  it('an unknown issuer asks for --ca-cert, or says the one given holds another CA; a plain-HTTP URL to an HTTPS port asks for https://', async () => {
    const keys = forge.pki.rsa.generateKeyPair(2048);
    const pem = certificate(keys, '127.0.0.1', false);
    const other = certificate(forge.pki.rsa.generateKeyPair(2048), '127.0.0.1', false);
    const tls = createHttpsServer({ cert: pem, key: forge.pki.privateKeyToPem(keys.privateKey) }, (_req, res) =>
      res.end('{}'),
    );
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', () => r()));
    const port = (tls.address() as AddressInfo).port;
    const failure = async (url: string, extra: Partial<ConstructorParameters<typeof ApiClient>[0]>) => {
      const { c } = client(url, { maxAttempts: 1, ...extra });
      const e = (await c.request('GET', '/health').catch((x: unknown) => x)) as KtError;
      await c.close();
      return e;
    };
    try {
      const none = await failure(`https://127.0.0.1:${port}`, {});
      expect([none.code, exitCodeFor(none.code)]).toEqual(['network.tls', 5]);
      expect(none.message).toContain("the server's certificate is not issued by a CA kt trusts");
      expect(none.details.hint).toBe("pass the CA that issued the server's certificate with --ca-cert FILE (PEM)");
      const wrong = await failure(`https://127.0.0.1:${port}`, { ca: other });
      expect(wrong.code).toBe('network.tls');
      expect(wrong.details.hint).toContain('the --ca-cert file does not hold the CA that issued');
      const plain = await failure(`http://127.0.0.1:${port}`, {});
      expect([plain.code, exitCodeFor(plain.code)]).toEqual(['network.failed', 5]);
      expect(plain.details.hint).toBe('if the server speaks HTTPS, write https:// in --api-url');
    } finally {
      await new Promise((r) => tls.close(r));
    }
  });

  it('a connection closed before any answer while a client certificate was given says the server may not accept it', async () => {
    const keys = forge.pki.rsa.generateKeyPair(2048);
    const pem = certificate(keys, '127.0.0.1', false);
    const key = forge.pki.privateKeyToPem(keys.privateKey);
    const tls = createHttpsServer({ cert: pem, key }, (req) => req.socket.destroy());
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', () => r()));
    try {
      const { c } = client(`https://127.0.0.1:${(tls.address() as AddressInfo).port}`, {
        ca: pem,
        cert: pem,
        key,
        maxAttempts: 1,
      });
      const e = (await c.request('GET', '/health').catch((x: unknown) => x)) as KtError;
      await c.close();
      expect(e.code).toBe('network.failed');
      expect(e.details.hint).toContain('it may not accept this one: give a --client-cert issued by the CA it trusts');
    } finally {
      await new Promise((r) => tls.close(r));
    }
  });
});

/**
 * A CONNECT proxy on loopback that records each tunnel asked for (and its Proxy-Authorization), wants
 * `credentials` when given, resolves every host to 127.0.0.1, and answers 502 for a port nothing listens on.
 */
async function connectProxy(credentials?: string) {
  const tunnels: Array<{ target: string; auth: string | undefined }> = [];
  const proxy = createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const auth = req.headers['proxy-authorization'];
    tunnels.push({ target: req.url ?? '', auth });
    if (credentials !== undefined && auth !== `Basic ${Buffer.from(credentials).toString('base64')}`) {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\n\r\n');
      return;
    }
    const port = Number((req.url ?? '').split(':').pop());
    const upstream = netConnect(port, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    tunnels,
    close: () => new Promise((r) => proxy.close(r)),
  };
}

describe('through a proxy', () => {
  it('an API behind the proxy is reached through a tunnel carrying the proxy credentials; loopback and NO_PROXY hosts are not', async () => {
    const { url } = await serve(() => ({ status: 200, body: { ok: true } }));
    const port = new URL(url).port;
    const proxy = await connectProxy('alice:s3cret-proxy-pw');
    try {
      const env = { HTTP_PROXY: proxy.url.replace('//', '//alice:s3cret-proxy-pw@') };
      const { c, debug } = client(`http://cp.kt.test:${port}`, { env });
      expect((await c.request('GET', '/health')).body).toEqual({ ok: true });
      await c.close();
      expect(proxy.tunnels).toEqual([
        { target: `cp.kt.test:${port}`, auth: `Basic ${Buffer.from('alice:s3cret-proxy-pw').toString('base64')}` },
      ]);
      expect(debug.join('\n')).toContain(`calls go through the proxy ${proxy.url} (from HTTP_PROXY)`);
      expect(debug.join('\n')).not.toContain('s3cret-proxy-pw');
      // The local gateway's address never goes to a proxy (which could not reach this machine's loopback).
      const local = client(url, { env }).c;
      expect((await local.request('GET', '/health')).status).toBe(200);
      await local.close();
      // A NO_PROXY host is connected to directly: here, a name no resolver knows.
      const direct = client(`http://cp.kt.invalid:${port}`, {
        env: { ...env, NO_PROXY: '.invalid' },
        maxAttempts: 1,
      }).c;
      const e = (await direct.request('GET', '/health').catch((x: unknown) => x)) as KtError;
      await direct.close();
      expect(e.code).toBe('network.dns');
      expect(proxy.tunnels).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it('a proxy asking for credentials is auth.proxy_rejected (exit 4), named without its password, and not retried', async () => {
    const proxy = await connectProxy('alice:right-password');
    try {
      for (const [env, hint] of [
        [{ HTTPS_PROXY: proxy.url }, `put them in HTTPS_PROXY: http://USER:PASSWORD@${new URL(proxy.url).host}`],
        [
          { https_proxy: proxy.url.replace('//', '//alice:wr%40ng-password@') },
          'the proxy refused the user and password in https_proxy',
        ],
      ] as const) {
        const before = proxy.tunnels.length;
        const { c, debug } = client('https://cp.kt.test', { env });
        const e = (await c.request('GET', '/v1/config-variables').catch((x: unknown) => x)) as KtError;
        await c.close();
        expect([e.code, exitCodeFor(e.code)]).toEqual(['auth.proxy_rejected', 4]);
        expect(e.message).toBe(
          `GET https://cp.kt.test/v1/config-variables: the proxy ${proxy.url} (${Object.keys(env)[0]}) asks for credentials (407)`,
        );
        expect(e.details.hint).toContain(hint);
        expect(proxy.tunnels.length - before).toBe(1);
        expect(`${e.message} ${e.details.hint} ${debug.join('\n')}`).not.toMatch(/wr%40ng|wr@ng/);
      }
    } finally {
      await proxy.close();
    }
  });

  it('a proxy that is down, or cannot reach the API, is network.proxy naming the proxy, not "is the gateway running?"', async () => {
    const proxy = await connectProxy();
    const closed = await connectProxy();
    await closed.close();
    try {
      const down = client('https://cp.kt.test', {
        env: { HTTPS_PROXY: closed.url.replace('//', '//bob:hunter2-proxy@') },
        maxAttempts: 2,
      });
      const e1 = (await down.c.request('GET', '/health').catch((x: unknown) => x)) as KtError;
      await down.c.close();
      expect([e1.code, exitCodeFor(e1.code)]).toEqual(['network.proxy', 5]);
      expect(e1.message).toBe(
        `GET https://cp.kt.test/health: cannot reach the proxy ${closed.url} (HTTPS_PROXY): connection refused`,
      );
      expect(down.sleeps).toHaveLength(1);
      expect(`${e1.message} ${e1.details.hint} ${down.debug.join('\n')}`).not.toContain('hunter2-proxy');
      // Port 9 (discard) has no listener here: the proxy answers 502 to the CONNECT.
      const { c } = client('http://cp.kt.test:9', { env: { HTTP_PROXY: proxy.url }, maxAttempts: 1 });
      const e2 = (await c.request('POST', '/keeptrusts/config/reload').catch((x: unknown) => x)) as KtError;
      await c.close();
      expect(e2.code).toBe('network.proxy');
      expect(e2.message).toContain(`the proxy ${proxy.url} (HTTP_PROXY) would not open a tunnel to the API (502)`);
      expect(e2.details.hint).toContain('NO_PROXY');
    } finally {
      await proxy.close();
    }
  });
});
