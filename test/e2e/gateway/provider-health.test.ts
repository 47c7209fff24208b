// /health's providers reflect what the data plane saw: a target that fails calls (5xx, no connection) is
// `unreachable` with the gateway's own message (never the upstream body, the key or its host names) and the
// gateway `degraded`; the next call it answers makes it `reachable` again. A refusal of the request (4xx)
// says the upstream answered; a call the client cancelled says nothing; a reload starts afresh.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, closedPort, type Json, postChat, startGateway, type RunningGateway } from './helpers.js';

const KEY = 'sk-health-0123456789abcdefghijklmnopqrstuvwxyzAB';
let gw: RunningGateway;
let upstream: http.Server;
/**
 * What the switchable upstream answers next: a 500 that quotes the key and an internal host, a 400, a
 * completion, or (`break`) a stream whose connection breaks after its first chunk.
 */
let mode: 'fail' | 'refuse' | 'ok' | 'break' = 'fail';
/** The probes (GET .../models) the `switchable` target got. */
let switchableProbes = 0;

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url?.endsWith('/models') === true && !/^\/(hang|moved)\//.test(req.url)) switchableProbes++;
      // The probe of the `hang` target never gets an answer.
      if (req.url === '/hang/v1/models') return;
      // The `moved` target's host sends every request elsewhere (an SSO page, a moved API).
      if (req.url?.startsWith('/moved/') === true)
        return res.writeHead(302, { location: 'https://login.example.com/sso' }).end();
      if (mode === 'break') {
        const chunk = { id: 'x', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'Hal' } }] };
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(`data: ${JSON.stringify(chunk)}\n\n`, () => setTimeout(() => res.socket?.destroy(), 20));
      } else if (mode === 'fail')
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { message: `db.internal.corp refused ${KEY}` } }));
      else if (mode === 'refuse')
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { message: 'bad request', type: 'invalid_request_error' } }));
      else
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: 'x',
            object: 'chat.completion',
            choices: [{ index: 0, message: { role: 'assistant', content: 'fine' }, finish_reason: 'stop' }],
          }),
        );
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  gw = await startGateway(
    `
pack: {name: e2e-provider-health, version: 1.0.0, enabled: true}
providers:
  targets:
    - {id: switchable, provider: openai, model: m-switch, base_url: ${url}, secret_key_ref: {env: E2E_KEY}}
    - {id: down, provider: openai, model: m-down, base_url: 'http://127.0.0.1:${await closedPort()}'}
    - {id: echo, provider: mock, model: m-echo}
    - {id: hang, provider: openai, model: m-hang, base_url: ${url}/hang}
    - {id: moved, provider: openai, model: m-moved, base_url: ${url}/moved}
policies:
  chain: [audit-logger]
policy:
  audit-logger: {log_all_access: true}
`,
    { env: { E2E_KEY: KEY } },
  );
});

afterAll(async () => {
  await cleanup(gw);
  upstream.closeAllConnections();
  await new Promise<void>((r) => upstream.close(() => r()));
});

const health = async (): Promise<Json> => (await fetch(`${gw.url}/health`)).json();

describe('provider health from data-plane calls', { shuffle: false }, () => {
  it('starts healthy: nothing says otherwise yet', async () => {
    const h = await health();
    expect(h.status).toBe('healthy');
    expect(h.providers.down).toEqual({ status: 'reachable', latency_ms: null });
  });

  it('a target that cannot be reached, or answers 5xx, is unreachable with the gateway message: degraded', async () => {
    expect((await postChat(gw.url, 'm-down', 'req-health-down')).status).toBe(502);
    expect((await postChat(gw.url, 'm-switch', 'req-health-500')).status).toBe(502);
    const h = await health();
    expect(h.status).toBe('degraded');
    expect(h.providers.down).toMatchObject({ status: 'unreachable', latency_ms: null });
    expect(h.providers.down.error).toMatch(/^provider down is unreachable: connection refused \(ECONNREFUSED\)/);
    expect(h.providers.switchable).toEqual({
      status: 'unreachable',
      latency_ms: null,
      error: 'provider switchable answered HTTP 500',
    });
    expect(h.providers.echo).toEqual({ status: 'reachable', latency_ms: null });
    const text = JSON.stringify(h);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('db.internal.corp');
  });

  it('a refusal of the request shows the upstream answered; so does a completion', async () => {
    mode = 'refuse';
    expect((await postChat(gw.url, 'm-switch', 'req-health-400')).status).toBe(400);
    expect((await health()).providers.switchable).toMatchObject({ status: 'reachable' });
    mode = 'fail';
    expect((await postChat(gw.url, 'm-switch', 'req-health-500b')).status).toBe(502);
    expect((await health()).providers.switchable.status).toBe('unreachable');
    mode = 'ok';
    expect((await postChat(gw.url, 'm-switch', 'req-health-ok')).status).toBe(200);
    const s = (await health()).providers.switchable;
    expect(s.status).toBe('reachable');
    expect(typeof s.latency_ms).toBe('number');
    expect(s.error).toBeUndefined();
  });

  it('a stream that breaks after its first chunk makes the target unreachable, as a failure before it does (it stayed reachable)', async () => {
    mode = 'ok';
    expect((await postChat(gw.url, 'm-switch', 'req-health-ok-again')).status).toBe(200);
    expect((await health()).providers.switchable.status).toBe('reachable');
    mode = 'break';
    const res = await postChat(gw.url, 'm-switch', 'req-health-break', { stream: true });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('"code":"upstream_unavailable"');
    const h = await health();
    expect(h.status).toBe('degraded');
    expect(h.providers.switchable).toMatchObject({ status: 'unreachable', latency_ms: null });
    expect(h.providers.switchable.error).toMatch(/^provider switchable is unreachable: /);
    mode = 'ok';
    expect((await postChat(gw.url, 'm-switch', 'req-health-ok-after-break')).status).toBe(200);
    expect((await health()).providers.switchable.status).toBe('reachable');
  });

  it('a reload starts afresh: the targets are new', async () => {
    expect((await gw.admin('/keeptrusts/config/reload', { method: 'POST' })).status).toBe(200);
    const h = await health();
    expect(h.providers.down).toEqual({ status: 'reachable', latency_ms: null });
    expect(h.status).toBe('healthy');
  });

  it('a probe that gets no answer names the probe deadline (5 s), not timeout_ms', async () => {
    const h = (await gw.admin('/health?probe=providers')).body;
    expect(h.providers.hang).toEqual({
      status: 'unreachable',
      latency_ms: null,
      error: 'provider hang did not answer the probe within 5000 ms',
    });
  }, 20_000);

  it('a target that answers with a redirect is unreachable to the probe as to a call (the probe said reachable)', async () => {
    expect((await postChat(gw.url, 'm-moved', 'req-health-moved')).status).toBe(502);
    expect((await health()).providers.moved).toMatchObject({ status: 'unreachable' });
    const h = (await gw.admin('/health?probe=providers')).body;
    expect(h.status).toBe('degraded');
    expect(h.providers.moved).toEqual({
      status: 'unreachable',
      latency_ms: expect.any(Number),
      error: 'HTTP 302: a redirect, which the gateway does not follow (check base_url)',
    });
    expect(JSON.stringify(h)).not.toContain('login.example.com');
  }, 20_000);
  it('probes without the admin token share one round per 10 s; each with it is fresh', async () => {
    mode = 'ok';
    const probe = async (): Promise<Json> => (await fetch(`${gw.url}/health?probe=providers`)).json() as Promise<Json>;
    const before = switchableProbes;
    // Five callers at once and five more after: one round (the `hang` target keeps it open 5 s).
    const first = await Promise.all([probe(), probe(), probe(), probe(), probe()]);
    for (let i = 0; i < 5; i++) await probe();
    expect(switchableProbes - before).toBe(1);
    expect(first.map((h) => h.providers.switchable.status)).toEqual(Array(5).fill('reachable'));
    // With the token (kt health sends it) every probe calls the upstream again.
    expect((await gw.admin('/health?probe=providers')).status).toBe(200);
    expect((await gw.admin('/health?probe=providers')).status).toBe(200);
    expect(switchableProbes - before).toBe(3);
  }, 40_000);
});
