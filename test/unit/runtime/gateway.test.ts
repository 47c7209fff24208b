// The runtime in-process with the real engine: slow clients are cut off, bodies are capped, a bad
// pack refuses to start with positioned diagnostics, and the admin token file is private.
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareChain } from '../../../src/core/engine.js';
import { KtError } from '../../../src/errors.js';
import { PackInvalid } from '../../../src/runtime/active-pack.js';
import { Gateway, type RequestLogLine } from '../../../src/runtime/gateway.js';
import { loadAdminToken } from '../../../src/runtime/state-dir.js';
import { runKt } from '../../helpers/run-kt.js';
import { pollUntil, waitFor } from '../../helpers/wait.js';

const PACK = `
pack: {name: unit, version: 1.0.0, enabled: true}
providers:
  targets:
    - {id: echo, provider: mock, model: mock-echo}
    - id: trickle
      provider: mock
      model: mock-trickle
      mock: {reply: "a long answer that trickles out slowly, eight characters at a time. a long answer that trickles out slowly, eight characters at a time. a long answer that trickles out slowly, eight characters at a time. a long answer that trickles out slowly, eight characters at a time. a long answer that trickles out slowly, eight characters at a time. a long answer that trickles out slowly, eight characters at a time. a long answer that trickles out slowly, eight characters at a time. a long answer that trickles out slowly, eight characters at a time. ", stream_chunk_chars: 8, stream_delay_ms: 20}
policies:
  chain: [pii-detector]
policy:
  pii-detector: {action: redact}
`;

let dir: string;
/** The gateway most tests talk to: a small body cap, the default client timeouts. */
let gw: Gateway;
/**
 * A second gateway with client timeouts short enough to test slow clients quickly. The other tests
 * keep the default timeouts: on a loaded CI machine a 300 ms header deadline can expire before an
 * ordinary request is read (seen once as a 408 where a 413 was expected).
 */
let tight: Gateway;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-gw-unit-'));
  await writeFile(join(dir, 'pack.yaml'), PACK);
  const common = {
    packFile: join(dir, 'pack.yaml'),
    host: '127.0.0.1',
    port: 0,
    adminToken: 'kt_admin_unit_test_token_0123456789',
    prepareChain,
    version: 'test',
    env: {},
  };
  gw = await Gateway.start({ ...common, stateDir: join(dir, 'state'), maxBodyBytes: 2048 });
  tight = await Gateway.start({
    ...common,
    stateDir: join(dir, 'state-tight'),
    headersTimeoutMs: 300,
    requestTimeoutMs: 800,
  });
});
afterAll(async () => {
  await Promise.all([gw.close(), tight.close()]);
  await rm(dir, { recursive: true, force: true });
});

/** Writes `parts` slowly on a raw socket to the tight gateway; resolves with what it sent and when it closed. */
function drip(parts: string[], everyMs: number): Promise<{ text: string; closedAfterMs: number }> {
  const url = new URL(tight.url);
  return new Promise((resolve) => {
    const t0 = Date.now();
    const socket = net.connect(Number(url.port), url.hostname);
    let text = '';
    let i = 0;
    const timer = setInterval(() => {
      if (i < parts.length && !socket.destroyed) socket.write(parts[i++]!);
    }, everyMs);
    socket.setEncoding('utf8').on('data', (c: string) => (text += c));
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ text, closedAfterMs: Date.now() - t0 });
    });
    socket.on('error', () => {});
    setTimeout(() => socket.destroy(), 5_000);
  });
}

/** A raw HTTP/1.1 answer taken apart: status, headers (lower-cased names) and body text. */
function parseAnswer(text: string): { status: number; headers: Record<string, string>; body: string } {
  const end = text.indexOf('\r\n\r\n');
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine!)?.[1]), headers, body: text.slice(end + 4) };
}

/** The answer is the error envelope of docs/http-api.md with `status` and `code`, and closes the connection. */
function expectEnvelope(text: string, status: number, code: string): void {
  const answer = parseAnswer(text);
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  expect(answer.headers.connection).toBe('close');
  expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body));
  const body = JSON.parse(answer.body) as { error: Record<string, unknown> };
  expect(body.error).toEqual({
    type: 'invalid_request_error',
    code,
    message: expect.any(String),
    request_id: expect.stringMatching(/^req_[0-9a-f]{24}$/),
  });
  expect(answer.headers['x-request-id']).toBe(body.error.request_id);
}

describe('gateway limits (in-process)', () => {
  it('cuts off a client that sends headers too slowly (slowloris) with a 408 error envelope', async () => {
    const parts = [
      'POST /v1/chat/completions HTTP/1.1\r\n',
      ...Array.from({ length: 40 }, (_, i) => `x-slow-${i}: 1\r\n`),
    ];
    const r = await drip(parts, 100);
    expect(r.closedAfterMs).toBeLessThan(3_000);
    expect(r.text).toMatch(/^HTTP\/1\.1 408/);
    expectEnvelope(r.text, 408, 'request_timeout');
  });

  it('cuts off a client that sends the body too slowly with a 408 error envelope', async () => {
    const head =
      'POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n';
    const r = await drip([head, ...Array.from({ length: 40 }, () => '          ')], 100);
    expect(r.closedAfterMs).toBeLessThan(3_000);
    expectEnvelope(r.text, 408, 'request_timeout');
  });

  it('answers requests the HTTP parser refuses (oversized headers, garbage) with the error envelope', async () => {
    expectEnvelope(
      (await drip([`GET /health HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(40_000)}\r\n\r\n`], 1)).text,
      431,
      'headers_too_large',
    );
    expectEnvelope((await drip(['NOT HTTP AT ALL\r\n\r\n'], 1)).text, 400, 'invalid_request');
  });

  it('answers an Expect it cannot meet and CONNECT with the error envelope (Node sent a bare 417, and closed a CONNECT unanswered)', async () => {
    const expectation = parseAnswer(
      (
        await drip(
          [
            'POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nexpect: teapot\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}',
          ],
          1,
        )
      ).text,
    );
    expect(expectation.status).toBe(417);
    const expectationBody = JSON.parse(expectation.body) as { error: Record<string, unknown> };
    expect(expectationBody.error).toMatchObject({ type: 'invalid_request_error', code: 'expectation_failed' });
    expect(expectation.headers['x-request-id']).toBe(expectationBody.error.request_id);

    const tunnel = parseAnswer(
      (await drip(['CONNECT example.com:443 HTTP/1.1\r\nhost: example.com:443\r\n\r\n'], 1)).text,
    );
    expect(tunnel.status).toBe(404);
    expect(tunnel.headers.connection).toBe('close');
    expect(Number(tunnel.headers['content-length'])).toBe(Buffer.byteLength(tunnel.body));
    const tunnelBody = JSON.parse(tunnel.body) as { error: Record<string, unknown> };
    expect(tunnelBody.error).toMatchObject({ type: 'not_found', code: 'not_found' });
    expect(tunnel.headers['x-request-id']).toBe(tunnelBody.error.request_id);

    const onRoute = parseAnswer((await drip(['CONNECT /v1/chat/completions HTTP/1.1\r\nhost: x\r\n\r\n'], 1)).text);
    expect(onRoute.status).toBe(405);
    expect(onRoute.headers.allow).toBe('POST, OPTIONS');
    expect(JSON.parse(onRoute.body)).toMatchObject({ error: { code: 'method_not_allowed' } });
  });

  it('answers 413 for a body over the cap, also without content-length', async () => {
    const big = JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(5000) }] });
    const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', body: big });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'body_too_large' } });
    const chunked = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      body: new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode(big));
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it('rejects invalid UTF-8 and non-object JSON with 400', async () => {
    const bad = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_utf8');
    const arr = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', body: '[1,2]' });
    expect(arr.status).toBe(400);
    const noMessages = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', body: '{"model":"x"}' });
    expect(noMessages.status).toBe(400);
  });

  it('refuses a key repeated in one object of the body (400 duplicate_key): the policies must see what the client meant, one value', async () => {
    const email = 'jane.doe@example.com';
    for (const body of [
      `{"model":"mock-echo","messages":[{"role":"user","content":"mail ${email}"}],"messages":[{"role":"user","content":"hi"}]}`,
      `{"model":"mock-echo","messages":[{"role":"user","content":"mail ${email}","content":"hi"}]}`,
    ]) {
      const res = await fetch(`${gw.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('duplicate_key');
      expect(error.message).toMatch(
        /^request body has a repeated key \(line 1, column \d+\): duplicate key '(messages|content)' \(first at line 1, column \d+\)/,
      );
      expect(error.message).not.toContain(email);
    }
    // The admin API reads its bodies the same way.
    const put = await fetch(`${gw.url}/v1/config-variables/DUP_TEST`, {
      method: 'PUT',
      headers: { authorization: 'Bearer kt_admin_unit_test_token_0123456789', 'content-type': 'application/json' },
      body: '{"value":"sk-first-0123456789abcdef","value":"sk-second-0123456789abcdef"}',
    });
    expect(put.status).toBe(400);
    const text = await put.text();
    expect(text).toContain('"code":"duplicate_key"');
    expect(text).not.toContain('sk-first');
    expect(text).not.toContain('sk-second');
  });

  it('refuses a body in another charset or content coding with 415 (it was read as UTF-8 into other text, or failed as invalid JSON)', async () => {
    const body = JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: 'café' }] });
    const post = (headers: Record<string, string>) =>
      fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers, body });
    const refused: Array<Record<string, string>> = [
      { 'content-type': 'application/json; charset=iso-8859-1' },
      { 'content-type': 'application/json;charset="UTF-16"' },
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    ];
    for (const headers of refused) {
      const res = await post(headers);
      expect({ headers, status: res.status }).toEqual({ headers, status: 415 });
      expect(res.headers.get('connection')).toBe('close');
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
    }
    // UTF-8 in any spelling, no charset, identity coding and other media types are read as JSON.
    const read: Array<Record<string, string>> = [
      { 'content-type': 'application/json; charset=UTF-8' },
      { 'content-type': 'application/json; charset="utf8"', 'content-encoding': 'identity' },
      { 'content-type': 'application/x-www-form-urlencoded' },
    ];
    for (const headers of read) {
      const res = await post(headers);
      expect({ headers, status: res.status }).toEqual({ headers, status: 200 });
      expect(
        ((await res.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content,
      ).toBe('café');
    }
  });

  it('refuses a transfer coding other than chunked with 415 (Node frames the chunks and would pass the coded bytes on as the body)', async () => {
    const url = new URL(gw.url);
    const body = JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: 'hi' }] });
    const send = (transferEncoding: string) =>
      new Promise<string>((resolve) => {
        const socket = net.connect(Number(url.port), url.hostname);
        let text = '';
        socket.setEncoding('utf8').on('data', (c: string) => (text += c));
        socket.on('close', () => resolve(text));
        socket.on('error', () => {});
        socket.write(
          `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n` +
            `Transfer-Encoding: ${transferEncoding}\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
        );
        setTimeout(() => socket.destroy(), 5_000);
      });
    for (const coding of ['gzip, chunked', 'deflate,chunked']) {
      const answer = parseAnswer(await send(coding));
      expect({ coding, status: answer.status }).toEqual({ coding, status: 415 });
      expect(answer.body).toContain('"code":"unsupported_media_type"');
      expect(answer.body).toContain('Transfer-Encoding');
    }
    expect(parseAnswer(await send('Chunked')).status).toBe(200);
  });

  it('refuses to start on an invalid pack with positioned diagnostics', async () => {
    await writeFile(
      join(dir, 'bad.yaml'),
      `${PACK}gateway:\n  ip_allowlist:\n    enabled: true\n    ranges: ["10.0.0.0/8", "not-a-cidr"]\n`,
    );
    const err = await Gateway.start({
      packFile: join(dir, 'bad.yaml'),
      host: '127.0.0.1',
      port: 0,
      stateDir: join(dir, 'state2'),
      adminToken: 'kt_admin_x_0123456789abcdef',
      prepareChain,
      version: 't',
      env: {},
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PackInvalid);
    const d = (err as PackInvalid).diagnostics[0]!;
    expect(d.message).toMatch(/not-a-cidr/);
    expect(d.line).toBe(17);
  });
});

describe('hostile requests', () => {
  it('odd request targets, bad cursors and oversized headers get an error answer and the gateway stays up', async () => {
    const raw = [
      'GET http://[ HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n',
      'GET %zz%00 HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n',
      'GET /v1/events?cursor=%ff%fe&limit=-1 HTTP/1.1\r\nhost: x\r\nconnection: close\r\nauthorization: Bearer kt_admin_unit_test_token_0123456789\r\n\r\n',
      'GET http://other.example/health HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n',
      `GET /health HTTP/1.1\r\nhost: x\r\nconnection: close\r\nx-big: ${'a'.repeat(40_000)}\r\n\r\n`,
      'BREW /v1/chat/completions HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n',
    ];
    for (const request of raw) {
      const r = await drip([request], 1);
      expect(r.text).toMatch(/^HTTP\/1\.1 [2-5]\d\d/);
    }
    expect((await fetch(`${tight.url}/health`)).status).toBe(200);
  });

  it('a known path asked with another method is 405 with Allow; an unknown path 404', async () => {
    const admin = { authorization: 'Bearer kt_admin_unit_test_token_0123456789' };
    const cases: Array<[string, string, Record<string, string>, number, string | null]> = [
      ['GET', '/v1/chat/completions', {}, 405, 'POST, OPTIONS'],
      ['POST', '/v1/models', {}, 405, 'GET, HEAD, OPTIONS'],
      ['DELETE', '/v1/models/some-model', {}, 405, 'GET, HEAD, OPTIONS'],
      ['DELETE', '/health', {}, 405, 'GET, HEAD, OPTIONS'],
      ['PUT', '/keeptrusts/config', admin, 405, 'GET, HEAD, OPTIONS'],
      ['GET', '/v1/config-variables/X/resolve', admin, 405, 'POST, OPTIONS'],
      ['POST', '/v1/config-variables/X', admin, 405, 'GET, HEAD, PUT, DELETE, OPTIONS'],
      ['PUT', '/keeptrusts/config', {}, 401, null], // the admin token is checked before anything is told about the route
      ['GET', '/v2/nothing', {}, 404, null],
    ];
    for (const [method, path, headers, status, allow] of cases) {
      const res = await fetch(`${tight.url}${path}`, { method, headers });
      expect({ method, path, status: res.status, allow: res.headers.get('allow') }).toEqual({
        method,
        path,
        status,
        allow,
      });
      const body = (await res.json()) as { error: { code: string } };
      if (status === 405) expect(body.error.code).toBe('method_not_allowed');
    }
  });
});

describe('HEAD and OPTIONS', () => {
  const admin = { authorization: 'Bearer kt_admin_unit_test_token_0123456789' };

  it('HEAD answers like GET without the body, on every GET route', async () => {
    for (const [path, headers] of [
      ['/health', {}],
      ['/v1/models', {}],
      ['/metrics', {}],
      ['/keeptrusts/config', admin],
      ['/v1/events?limit=1', admin],
      ['/v1/whoami', admin],
    ] as const) {
      const get = await fetch(`${gw.url}${path}`, { headers });
      const getBody = await get.text();
      const head = await fetch(`${gw.url}${path}`, { method: 'HEAD', headers });
      expect({ path, status: head.status, type: head.headers.get('content-type'), body: await head.text() }).toEqual({
        path,
        status: get.status,
        type: get.headers.get('content-type'),
        body: '',
      });
      expect(get.status).toBe(200);
      expect(getBody).not.toBe('');
      if (path !== '/metrics' && path !== '/health')
        expect(head.headers.get('content-length')).toBe(get.headers.get('content-length'));
    }
    // HEAD is not a way past the admin token.
    expect((await fetch(`${gw.url}/keeptrusts/config`, { method: 'HEAD' })).status).toBe(401);
  });

  it('OPTIONS answers 204 with Allow (no body, no CORS headers); admin routes only with the token; an unknown path is 404', async () => {
    const cases: Array<[string, Record<string, string>, number, string | null]> = [
      ['/v1/chat/completions', {}, 204, 'POST, OPTIONS'],
      ['/v1/models', {}, 204, 'GET, HEAD, OPTIONS'],
      ['/v1/models/some-model', {}, 204, 'GET, HEAD, OPTIONS'],
      ['/health', {}, 204, 'GET, HEAD, OPTIONS'],
      ['/v1/whoami', {}, 204, 'GET, HEAD, OPTIONS'],
      ['/keeptrusts/config', admin, 204, 'GET, HEAD, OPTIONS'],
      ['/v1/config-variables/X', admin, 204, 'GET, HEAD, PUT, DELETE, OPTIONS'],
      ['/keeptrusts/config', {}, 401, null],
      ['/v2/nothing', {}, 404, null],
    ];
    for (const [path, headers, status, allow] of cases) {
      const res = await fetch(`${gw.url}${path}`, { method: 'OPTIONS', headers });
      const body = await res.text();
      expect({ path, status: res.status, allow: res.headers.get('allow') }).toEqual({ path, status, allow });
      if (status === 204) {
        expect(body).toBe('');
        expect(res.headers.get('x-request-id')).toMatch(/^req_/);
        expect([...res.headers.keys()].filter((k) => k.startsWith('access-control-'))).toEqual([]);
      }
    }
  });

  it('HEAD on a POST-only route is 405 with Allow', async () => {
    const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'HEAD' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST, OPTIONS');
  });
});

describe('streaming without output checks', () => {
  it('forwards chunks as they arrive (no hold-back) when no step inspects answers', async () => {
    const sub = await mkdtemp(join(tmpdir(), 'kt-gw-pass-'));
    await writeFile(
      join(sub, 'pack.yaml'),
      PACK.replace('chain: [pii-detector]', 'chain: [prompt-injection]').replace(
        'pii-detector: {action: redact}',
        'prompt-injection: {}',
      ),
    );
    const pass = await Gateway.start({
      packFile: join(sub, 'pack.yaml'),
      host: '127.0.0.1',
      port: 0,
      stateDir: join(sub, 'state'),
      adminToken: 'kt_admin_x_0123456789abcdef',
      prepareChain,
      version: 't',
      env: {},
    });
    try {
      expect(pass.active.outputChecks).toBe(false);
      expect(gw.active.outputChecks).toBe(true);
      const res = await fetch(`${pass.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'mock-trickle', stream: true, messages: [{ role: 'user', content: 'go' }] }),
      });
      const text = await res.text();
      const deltas = text
        .split('\n\n')
        .filter((l) => l.startsWith('data: {'))
        .map((l) => JSON.parse(l.slice(6)).choices[0].delta.content)
        .filter((c) => typeof c === 'string' && c !== '');
      expect(deltas[0]).toHaveLength(8);
      expect(deltas.join('')).toMatch(/^a long answer that trickles/);
    } finally {
      await pass.close();
      await rm(sub, { recursive: true, force: true });
    }
  });
});

describe('concurrency slots', () => {
  it('a slow upload does not hold a slot: with --max-concurrency 1 a ready client is still served', async () => {
    const sub = await mkdtemp(join(tmpdir(), 'kt-gw-slot-'));
    await writeFile(join(sub, 'pack.yaml'), PACK);
    const g = await Gateway.start({
      packFile: join(sub, 'pack.yaml'),
      host: '127.0.0.1',
      port: 0,
      stateDir: join(sub, 'state'),
      adminToken: 'kt_admin_x_0123456789abcdef',
      prepareChain,
      version: 't',
      env: {},
      maxConcurrency: 1,
      requestTimeoutMs: 5_000,
    });
    const url = new URL(g.url);
    const slow = net.connect(Number(url.port), url.hostname);
    slow.on('error', () => {});
    try {
      slow.write(
        'POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n{"messages":',
      );
      await new Promise((r) => setTimeout(r, 100));
      const res = await fetch(`${g.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: 'ready' }] }),
      });
      expect(res.status).toBe(200);
    } finally {
      slow.destroy();
      await g.close();
      await rm(sub, { recursive: true, force: true });
    }
  });
});

describe('streaming long answers', () => {
  it('checks a fast 64 KB stream a bounded number of times and still redacts at the very end', async () => {
    const sub = await mkdtemp(join(tmpdir(), 'kt-gw-long-'));
    const reply = `${'All good here, nothing to hide. '.repeat(2048)}Contact: long.stream@example.com`;
    await writeFile(
      join(sub, 'pack.yaml'),
      PACK.replace(
        '{id: echo, provider: mock, model: mock-echo}',
        `{id: long, provider: mock, model: mock-long, mock: {reply: "${reply}", stream_chunk_chars: 16}}`,
      ),
    );
    let responseChecks = 0;
    const counting = (pack: Parameters<typeof prepareChain>[0]) => {
      const chain = prepareChain(pack);
      return {
        pack: chain.pack,
        evaluate: (p: Parameters<typeof chain.evaluate>[0], c: Parameters<typeof chain.evaluate>[1]) => {
          if (c.phases === 'response') responseChecks++;
          return chain.evaluate(p, c);
        },
      };
    };
    const g = await Gateway.start({
      packFile: join(sub, 'pack.yaml'),
      host: '127.0.0.1',
      port: 0,
      stateDir: join(sub, 'state'),
      adminToken: 'kt_admin_x_0123456789abcdef',
      prepareChain: counting,
      version: 't',
      env: {},
    });
    try {
      responseChecks = 0;
      const res = await fetch(`${g.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'mock-long', stream: true, messages: [{ role: 'user', content: 'go' }] }),
      });
      const text = (await res.text())
        .split('\n\n')
        .filter((l) => l.startsWith('data: {'))
        .map((l) => JSON.parse(l.slice(6)).choices[0]?.delta?.content ?? '')
        .join('');
      expect(text.length).toBeGreaterThan(65_000);
      expect(text.endsWith('Contact: [EMAIL_REDACTED]')).toBe(true);
      expect(responseChecks).toBeGreaterThan(5);
      expect(responseChecks).toBeLessThan(400); // every 32 characters would be over 2000
    } finally {
      await g.close();
      await rm(sub, { recursive: true, force: true });
    }
  });
});

describe('client going away', () => {
  it('stops the upstream stream and records client.closed when the client disconnects mid-stream, with the checks and tokens of what it was sent', async () => {
    const abort = new AbortController();
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'x-request-id': 'req_client_gone' },
      body: JSON.stringify({ model: 'mock-trickle', stream: true, messages: [{ role: 'user', content: 'go' }] }),
      signal: abort.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    abort.abort();
    const found = await pollUntil(
      async () =>
        (await gw.eventLog.query({ limit: 1000, filters: {} })).events.find((e) => e.request_id === 'req_client_gone'),
      (e) => e !== undefined,
    );
    expect(found?.reason_code).toBe('client.closed');
    // The output checks that ran on the text it got, and its tokens (both were left out when the cancelled
    // upstream call threw).
    expect(found?.policies.some((p) => p.phase === 'output')).toBe(true);
    expect(found?.tokens.output).toBeGreaterThan(0);
  });
});

/**
 * A gateway (and its directory, to remove) whose mock upstream answers 32 echoes of the prompt (mock options `mockExtra` added), with
 * every request logged and a 300 ms write-stall timeout: for the clients that stop reading.
 */
async function bigAnswerGateway(
  name: string,
  mockExtra: string,
  options: { maxConcurrency?: number } = {},
): Promise<{ g: Gateway; sub: string }> {
  const sub = await mkdtemp(join(tmpdir(), `kt-gw-${name}-`));
  await writeFile(
    join(sub, 'pack.yaml'),
    `
pack: {name: ${name}, version: 1.0.0, enabled: true}
providers:
  targets:
    - {id: big, provider: mock, model: mock-big, mock: {reply: "${'{{last_user_message}}'.repeat(32)}"${mockExtra}}}
policies:
  chain: [audit-logger]
policy:
  audit-logger: {log_all_access: true}
`,
  );
  const g = await Gateway.start({
    packFile: join(sub, 'pack.yaml'),
    host: '127.0.0.1',
    port: 0,
    stateDir: join(sub, 'state'),
    adminToken: 'kt_admin_x_0123456789abcdef',
    prepareChain,
    version: 't',
    env: {},
    ...options,
    writeStallTimeoutMs: 300,
  });
  return { g, sub };
}

describe('a streaming client that stops reading', () => {
  it('is cut off after writeStallTimeoutMs, freeing its slot (it used to hold it for as long as it kept the connection open)', async () => {
    // No step inspects answers, so the text is forwarded as it comes: about 29 MB, more than the socket buffers hold.
    const { g, sub } = await bigAnswerGateway('stall', ', stream_chunk_chars: 65536', { maxConcurrency: 1 });
    const url = new URL(g.url);
    const body = JSON.stringify({
      model: 'mock-big',
      stream: true,
      messages: [{ role: 'user', content: 'y'.repeat(900_000) }],
    });
    const reader = net.connect(Number(url.port), url.hostname);
    reader.on('error', () => {});
    try {
      reader.write(
        `POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nx-request-id: req_stalled\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
      );
      reader.pause(); // never reads a byte of the answer
      expect(
        await waitFor(async () =>
          /kt_requests_in_flight 1$/m.test(await fetch(`${g.url}/metrics`).then((r) => r.text())),
        ),
      ).toBe(true);
      const ready = await pollUntil(
        () =>
          fetch(`${g.url}/v1/chat/completions`, {
            method: 'POST',
            body: JSON.stringify({ model: 'mock-big', messages: [{ role: 'user', content: 'ready' }] }),
          }).then((r) => r.status),
        (status) => status === 200,
      );
      expect(ready).toBe(200);
      const found = await pollUntil(
        async () =>
          (await g.eventLog.query({ limit: 1000, filters: {} })).events.find((e) => e.request_id === 'req_stalled'),
        (e) => e !== undefined,
      );
      expect(found?.reason_code).toBe('client.closed');
    } finally {
      reader.destroy();
      await g.close();
      await rm(sub, { recursive: true, force: true });
    }
  });
});

describe('a client that stops reading a plain answer', () => {
  it('is cut off after writeStallTimeoutMs (its connection and the unsent answer used to be held for good)', async () => {
    // About 29 MB of answer (32 echoes of the prompt): far more than the socket buffers hold.
    const { g, sub } = await bigAnswerGateway('plain-stall', '');
    const url = new URL(g.url);
    const body = JSON.stringify({ model: 'mock-big', messages: [{ role: 'user', content: 'y'.repeat(900_000) }] });
    const reader = net.connect(Number(url.port), url.hostname);
    reader.on('error', () => {});
    try {
      reader.write(
        `POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nx-request-id: req_plain_stalled\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
      );
      reader.pause(); // reads nothing of the answer until the gateway has given up on it
      const found = await pollUntil(
        async () =>
          (await g.eventLog.query({ limit: 1000, filters: {} })).events.find(
            (e) => e.request_id === 'req_plain_stalled',
          ),
        (e) => e !== undefined,
      );
      expect(found?.reason_code).toBe('client.closed');
      // The connection was cut: what the socket buffers held arrives, then the end, short of the answer.
      let received = '';
      reader.setEncoding('latin1').on('data', (c: string) => (received += c));
      reader.resume();
      await new Promise((resolve) => reader.once('close', resolve));
      const declared = Number(/content-length: (\d+)/i.exec(received)?.[1]);
      expect(declared).toBeGreaterThan(28_000_000);
      expect(received.length - received.indexOf('\r\n\r\n') - 4).toBeLessThan(declared);
    } finally {
      reader.destroy();
      await g.close();
      await rm(sub, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('stopping with requests in flight', () => {
  it('records the events of requests cut at the grace deadline before the log closes (they used to be lost: "file closed"), as cut by the shutdown', async () => {
    const sub = await mkdtemp(join(tmpdir(), 'kt-gw-stop-'));
    await writeFile(
      join(sub, 'pack.yaml'),
      PACK.replace(
        '{id: echo, provider: mock, model: mock-echo}',
        '{id: slow, provider: mock, model: mock-slow, mock: {latency_ms: 30000}}',
      ),
    );
    const warnings: string[] = [];
    const lines: RequestLogLine[] = [];
    const options = {
      packFile: join(sub, 'pack.yaml'),
      host: '127.0.0.1',
      port: 0,
      stateDir: join(sub, 'state'),
      adminToken: 'kt_admin_x_0123456789abcdef',
      prepareChain,
      version: 't',
      env: {},
      onWarning: (w: string) => warnings.push(w),
      onRequest: (l: RequestLogLine) => lines.push(l),
    };
    const g = await Gateway.start(options);
    try {
      const ask = (id: string, stream: boolean) =>
        fetch(`${g.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'x-request-id': id },
          body: JSON.stringify({ model: 'mock-slow', stream, messages: [{ role: 'user', content: 'go' }] }),
        }).catch(() => undefined);
      const cut = [ask('req_cut_plain', false), ask('req_cut_stream', true)];
      await waitFor(async () =>
        /kt_requests_in_flight 2$/m.test(await fetch(`${g.url}/metrics`).then((r) => r.text())),
      );
      await g.close(200);
      // On disk once close() has resolved (what the CLI waits for before the process exits).
      const segments = (await readdir(join(sub, 'state', 'events'))).filter((f) => f.startsWith('segment-'));
      const onDisk = (await Promise.all(segments.map((f) => readFile(join(sub, 'state', 'events', f), 'utf8'))))
        .join('')
        .split('\n')
        .filter((l) => l !== '');
      expect(onDisk.map((l) => JSON.parse(l).request_id).sort()).toEqual(['req_cut_plain', 'req_cut_stream']);
      await Promise.all(cut);
    } finally {
      await g.close().catch(() => {});
    }
    expect(warnings.filter((w) => /could not be written/.test(w))).toEqual([]);
    const reopened = await Gateway.start(options);
    try {
      const events = (await reopened.eventLog.query({ limit: 1000, filters: {} })).events;
      // The gateway ended them, not the client (they were once recorded as client.closed).
      expect(events.map((e) => [e.request_id, e.event_type, e.reason_code]).sort()).toEqual([
        ['req_cut_plain', 'gateway.request', 'gateway.shutdown'],
        ['req_cut_stream', 'gateway.request', 'gateway.shutdown'],
      ]);
      const cutLines = lines
        .filter((l) => l.request_id.startsWith('req_cut_'))
        .map((l) => [l.request_id, l.status, l.reason_code])
        .sort();
      expect(cutLines).toEqual([
        ['req_cut_plain', 503, 'gateway.shutdown'],
        ['req_cut_stream', 503, 'gateway.shutdown'],
      ]);
    } finally {
      await reopened.close();
      await rm(sub, { recursive: true, force: true });
    }
  });
});

describe('event log failures', () => {
  it('keep serving but report degraded health until an event is written again', async () => {
    const log = gw.eventLog;
    const original = log.append.bind(log);
    log.append = () => Promise.reject(new Error('ENOSPC: no space left on device'));
    try {
      const res = await fetch(`${gw.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(res.status).toBe(200);
      // The event is appended after the answer is sent: wait for it rather than a fixed time.
      await waitFor(async () => (await gw.health()).status === 'degraded');
      expect(await gw.health()).toMatchObject({
        status: 'degraded',
        event_log: { status: 'failing', error: expect.stringMatching(/ENOSPC/) },
      });
    } finally {
      log.append = original;
    }
    await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
    });
    await log.flush();
    await waitFor(async () => (await gw.health()).status === 'healthy');
    expect(await gw.health()).toMatchObject({ status: 'healthy', event_log: { status: 'ok' } });
  });
});

describe('kt gateway run (in-process CLI)', () => {
  it('prints every error at file:line:col and exits 3 without listening', async () => {
    await writeFile(
      join(dir, 'broken.yaml'),
      'pack: {name: b, version: 1.0.0, enabled: true}\npolicies:\n  chain: [no-such-policy]\n',
    );
    const r = await runKt([
      'gateway',
      'run',
      '-c',
      join(dir, 'broken.yaml'),
      '--listen',
      '127.0.0.1:0',
      '--state-dir',
      join(dir, 'state3'),
    ]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/broken\.yaml:3:\d+: error\[E001\]: /);
    expect(r.stderr).not.toMatch(/listening/);
    expect(r.stdout).toBe('');
  });

  it('a damaged state file (store, key, gateway keys, head.json) exits 3 naming the file and position, and frees the state dir', async () => {
    const { mkdir } = await import('node:fs/promises');
    const cases: Array<[string, string, RegExp]> = [
      ['config-vars/store.json', '{"format": 1,\n "variables": {', /config-vars\/store\.json:2:\d+: invalid JSON/],
      ['config-vars/store.json', '[]\n', /config-vars\/store\.json: must hold a JSON object/],
      ['config-vars/key', 'c2hvcnQ=\n', /config-vars\/key: does not hold a 32-byte base64 key/],
      ['gateway-keys.json', '{"keys": {}}\n', /gateway-keys\.json: `keys` must be an array/],
      ['events/head.json', '{"segment": 1,\n "hash": x}\n', /events\/head\.json(:\d+:\d+)?: invalid JSON/],
    ];
    for (const [i, [file, text, message]] of cases.entries()) {
      const state = join(dir, `damaged-${i}`);
      await mkdir(join(state, file, '..'), { recursive: true });
      await writeFile(join(state, file), text);
      const r = await runKt([
        'gateway',
        'run',
        '-c',
        join(dir, 'pack.yaml'),
        '--listen',
        '127.0.0.1:0',
        '--state-dir',
        state,
      ]);
      expect(r.exitCode, file).toBe(3);
      expect(r.stderr).toMatch(/error\[config\.state_file_invalid\]/);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/bug in kt|listening/);
      expect((await import('node:fs')).existsSync(join(state, 'gateway.lock'))).toBe(false);
    }
    const verify = await runKt(['events', 'verify', '--state-dir', join(dir, `damaged-${cases.length - 1}`)]);
    expect(verify.exitCode).toBe(3);
    expect(verify.stderr).toMatch(/events\/head\.json(:\d+:\d+)?: invalid JSON/);
  });

  it('rejects a malformed --listen with a usage error', async () => {
    const r = await runKt(['gateway', 'run', '-c', join(dir, 'pack.yaml'), '--listen', 'localhost']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/HOST:PORT/);
  });
});

describe('state directory lock', () => {
  it('refuses a second gateway on the same state directory, and takes over a stale lock', async () => {
    const second = await Gateway.start({
      packFile: join(dir, 'pack.yaml'),
      host: '127.0.0.1',
      port: 0,
      stateDir: join(dir, 'state'),
      adminToken: 'kt_admin_x_0123456789abcdef',
      prepareChain,
      version: 't',
      env: {},
    }).catch((e: unknown) => e);
    expect(second).toMatchObject({ name: 'StateDirBusy' });
    const staleDir = join(dir, 'stale');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(staleDir, { recursive: true });
    await writeFile(join(staleDir, 'gateway.lock'), '999999999\n');
    const g = await Gateway.start({
      packFile: join(dir, 'pack.yaml'),
      host: '127.0.0.1',
      port: 0,
      stateDir: staleDir,
      adminToken: 'kt_admin_x_0123456789abcdef',
      prepareChain,
      version: 't',
      env: {},
    });
    await g.close();
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(staleDir, 'gateway.lock'))).toBe(false);
  });
});

describe('kt events verify', () => {
  it('exits 3 when there is no event log', async () => {
    const r = await runKt(['events', 'verify', '--state-dir', join(dir, 'nothing-here')]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/no event log/);
  });
});

describe('admin token', () => {
  it('is generated once with mode 0600 and reused', async () => {
    const state = join(dir, 'tok');
    const first = await loadAdminToken(state, undefined, {});
    expect(first.origin).toBe('generated');
    expect(first.token).toMatch(/^kt_admin_[A-Za-z0-9_-]{43}$/);
    expect((await stat(join(state, 'admin-token'))).mode & 0o777).toBe(0o600);
    const again = await loadAdminToken(state, undefined, {});
    expect(again).toEqual({ token: first.token, origin: 'state-dir' });
    expect((await loadAdminToken(state, undefined, { KT_ADMIN_TOKEN: 'kt_admin_from_env_0123456789' })).origin).toBe(
      'env',
    );
  });

  it('KT_ADMIN_TOKEN: empty is unset (a token is generated); 16 characters after trimming are the minimum', async () => {
    expect((await loadAdminToken(join(dir, 'tok-empty'), undefined, { KT_ADMIN_TOKEN: '' })).origin).toBe('generated');
    expect(await loadAdminToken(join(dir, 'unused'), undefined, { KT_ADMIN_TOKEN: ` ${'x'.repeat(16)}\n` })).toEqual({
      token: 'x'.repeat(16),
      origin: 'env',
    });
    await expect(
      loadAdminToken(join(dir, 'unused'), undefined, { KT_ADMIN_TOKEN: ` ${'x'.repeat(15)} ` }),
    ).rejects.toThrow(/^KT_ADMIN_TOKEN holds fewer than 16 characters$/);
  });

  it('a short token file is named as the operator gave it, never by the resolved path, never with the token', async () => {
    const file = join(dir, 'short-token');
    await writeFile(file, 'Sh0rt-T0ken-15c\n', { mode: 0o600 });
    const error = await loadAdminToken(join(dir, 'unused'), file, {}, 'short-token').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KtError);
    expect((error as KtError).located).toBe(
      'short-token: the admin token file (--admin-token-file) holds fewer than 16 characters',
    );
    expect(JSON.stringify({ ...(error as KtError).details, message: (error as KtError).message })).not.toContain(
      'Sh0rt-T0ken-15c',
    );
  });

  it('refuses a token file that group or others can read or write (as the config-variable key), never naming the token', async () => {
    const file = join(dir, 'loose-token');
    await writeFile(file, 'kt_admin_0123456789abcdef0123\n', { mode: 0o644 });
    for (const mode of [0o644, 0o640, 0o620]) {
      await chmod(file, mode);
      const error = await loadAdminToken(join(dir, 'unused'), file, {}).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'config.state_file_unsafe', details: { file } });
      expect((error as Error).message).toContain(`(mode ${mode.toString(8)})`);
      expect((error as Error).message).not.toContain('kt_admin_0123');
    }
    await chmod(file, 0o600);
    expect(await loadAdminToken(join(dir, 'unused'), file, {})).toEqual({
      token: 'kt_admin_0123456789abcdef0123',
      origin: 'file',
    });
  });

  it('refuses an admin-token in the state directory that others can read', async () => {
    const state = join(dir, 'loose-state');
    await mkdir(state, { recursive: true });
    await writeFile(join(state, 'admin-token'), 'kt_admin_0123456789abcdef0123\n', { mode: 0o644 });
    await chmod(join(state, 'admin-token'), 0o644);
    await expect(loadAdminToken(state, undefined, {})).rejects.toMatchObject({ code: 'config.state_file_unsafe' });
  });
});

describe('request targets that start with //', () => {
  // An origin-form path may hold empty segments (RFC 9112 §3.2.1). Read against a base URL, the first
  // segment became a host: `//v1/chat/completions` was answered and logged as `/chat/completions`, and
  // `//x/v1/models` was served as `/v1/models`.
  const get = (path: string, method = 'GET') =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(gw.url);
      const req = http.request({ host: url.hostname, port: url.port, path, method }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it('are routed as the path they are, and a 404 names it as sent', async () => {
    const models = await get('//x/v1/models');
    expect(models.status).toBe(404);
    expect(JSON.parse(models.body).error.message).toBe('no route GET //x/v1/models');
    const chat = await get('//v1/chat/completions', 'POST');
    expect(chat.status).toBe(404);
    expect(JSON.parse(chat.body).error.message).toBe('no route POST //v1/chat/completions');
    // The ordinary path is served as before.
    expect((await get('/v1/models')).status).toBe(200);
  });
});
