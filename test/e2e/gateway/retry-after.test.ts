// An upstream that says "come back later" (a 5xx with a valid Retry-After) through a real gateway: the
// client gets 503 upstream_overloaded with that Retry-After (capped as io/retry-after.ts caps it), the
// real `openai` client waits that long before its retry, and after failover the smallest Retry-After any
// tried target sent is passed on, even when the last target failed without one. A 5xx without
// Retry-After (and no earlier one) stays the gateway's 502.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../../helpers/wait.js';
import { cleanup, type Json, postChat, startGateway, type RunningGateway } from './helpers.js';

/** When the upstream saw each request, by model. */
const seen: Record<string, number[]> = {};
let upstream: http.Server;
let upstreamUrl = '';
let plain: RunningGateway;
let failover: RunningGateway;
let spread: RunningGateway;

const completion = (model: string) =>
  JSON.stringify({
    id: 'chatcmpl-up',
    object: 'chat.completion',
    created: 1,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: 'back again' }, finish_reason: 'stop' }],
  });
const overloaded = (res: http.ServerResponse, status: number, retryAfter?: string) =>
  res
    .writeHead(status, {
      'content-type': 'application/json',
      ...(retryAfter === undefined ? {} : { 'retry-after': retryAfter }),
    })
    .end(
      JSON.stringify({
        error: { message: 'The engine is currently overloaded', type: 'server_error', code: 'engine_overloaded' },
      }),
    );

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8').on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const model = (JSON.parse(raw) as { model: string }).model;
      (seen[model] ??= []).push(Date.now());
      if (model === 'busy-once') {
        if (seen[model]!.length === 1) overloaded(res, 503, '2');
        else res.writeHead(200, { 'content-type': 'application/json' }).end(completion(model));
      } else if (model === 'busy') overloaded(res, 503, '4');
      else if (model === 'busy-long') overloaded(res, 503, '9');
      else if (model === 'limited') overloaded(res, 429, '3');
      else if (model === 'busy-day') overloaded(res, 503, '86400');
      else if (model === 'busy-garbage') overloaded(res, 503, 'soon');
      else if (model === 'down') overloaded(res, 503);
      else if (model === 'broken') overloaded(res, 500);
      else if (model === 'ok') res.writeHead(200, { 'content-type': 'application/json' }).end(completion(model));
      else res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const target = (model: string) =>
    `    - {id: t-${model}, provider: openai, model: ${model}, base_url: "${upstreamUrl}"}`;
  const pack = (name: string, models: string[], extra = '') => `
pack: {name: ${name}, version: 1.0.0, enabled: true}
providers:
  targets:
${models.map(target).join('\n')}
${extra}
policies:
  chain: [audit-logger]
policy:
  audit-logger: {log_all_access: true}
`;
  [plain, failover, spread] = await Promise.all([
    startGateway(pack('e2e-retry-after', ['busy-once', 'busy', 'busy-day', 'busy-garbage', 'down'])),
    // The chosen target, then the others in pack order: broken -> busy, busy -> ok.
    startGateway(
      pack(
        'e2e-retry-after-failover',
        ['busy', 'ok', 'broken'],
        '  fallback: {strategy: ordered, max_retries: 1, retry_on: [5xx]}',
      ),
    ),
    // Three targets tried, all failing: the chosen one, then the first two others in pack order.
    // busy-long -> broken -> down; busy -> broken -> busy-long; limited -> broken -> busy-long.
    startGateway(
      pack(
        'e2e-retry-after-spread',
        ['broken', 'busy-long', 'down', 'busy', 'limited'],
        '  fallback: {strategy: ordered, max_retries: 2, retry_on: [5xx, rate_limit]}',
      ),
    ),
  ]);
});
afterAll(async () => {
  await Promise.all([cleanup(plain), cleanup(failover), cleanup(spread)]);
  await new Promise<void>((r) => upstream.close(() => r()));
});

const eventFor = (gw: RunningGateway, requestId: string) =>
  pollUntil(
    async () =>
      ((await gw.admin('/v1/events?limit=1000')).body.events as Json[]).find((e) => e.request_id === requestId),
    (e) => e !== undefined,
  );

describe('an upstream 5xx with Retry-After', () => {
  it('is answered 503 upstream_overloaded with its Retry-After, plain and streamed; recorded as upstream.overloaded', async () => {
    for (const stream of [false, true]) {
      const id = `req_busy_${stream}`;
      const res = await postChat(plain.url, 'busy', id, { stream });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('4');
      const body = (await res.json()) as Json;
      expect(body.error).toMatchObject({ type: 'upstream_error', code: 'upstream_overloaded', request_id: id });
      // The upstream's own message is not passed on (a 5xx body never is).
      expect(JSON.stringify(body)).not.toContain('engine');
      expect(await eventFor(plain, id)).toMatchObject({
        event_type: 'gateway.upstream_error',
        reason_code: 'upstream.overloaded',
        provider: 't-busy',
        upstream_status: 503,
      });
    }
  });

  it('the real openai client waits the Retry-After before its retry, and then gets the answer', async () => {
    const client = new OpenAI({ apiKey: 'unused', baseURL: `${plain.url}/v1`, maxRetries: 1 });
    const answer = await client.chat.completions.create({
      model: 'busy-once',
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(answer.choices[0]?.message.content).toBe('back again');
    const [first, second] = seen['busy-once']!;
    // Its own backoff for a first retry is at most 0.5 s; the upstream asked for 2 s.
    expect(second! - first!).toBeGreaterThanOrEqual(1_900);
  });

  it('a Retry-After is validated as for a 429: a day is capped at 300 s; garbage is dropped (and so is the 503: 502)', async () => {
    const day = await postChat(plain.url, 'busy-day', 'req_busy_day');
    expect([day.status, day.headers.get('retry-after')]).toEqual([503, '300']);
    await day.body?.cancel();
    for (const [model, id] of [
      ['busy-garbage', 'req_busy_garbage'],
      ['down', 'req_down'],
    ] as const) {
      const res = await postChat(plain.url, model, id);
      expect([res.status, res.headers.get('retry-after')]).toEqual([502, null]);
      expect(((await res.json()) as Json).error).toMatchObject({ type: 'upstream_error', code: 'upstream_status' });
      expect(await eventFor(plain, id)).toMatchObject({ reason_code: 'upstream.status', upstream_status: 503 });
    }
  });
});

describe('after failover', () => {
  it('500 then 503 with Retry-After is a 503 with it', async () => {
    const res = await postChat(failover.url, 'broken', 'req_fo_busy');
    expect([res.status, res.headers.get('retry-after')]).toEqual([503, '4']);
    expect(((await res.json()) as Json).error).toMatchObject({ code: 'upstream_overloaded' });
    expect(await eventFor(failover, 'req_fo_busy')).toMatchObject({
      reason_code: 'upstream.overloaded',
      provider: 't-busy',
    });
  });

  it('503 with Retry-After then an answer is the answer, without Retry-After', async () => {
    const res = await postChat(failover.url, 'busy', 'req_fo_ok');
    expect([res.status, res.headers.get('retry-after')]).toEqual([200, null]);
    expect(((await res.json()) as Json).choices[0].message.content).toBe('back again');
  });
});

describe('after failover through targets that all fail', () => {
  it('an earlier Retry-After survives a last target that fails without one: 503 upstream_overloaded with it, plain and streamed', async () => {
    for (const stream of [false, true]) {
      const id = `req_spread_${stream}`;
      const res = await postChat(spread.url, 'busy-long', id, { stream });
      expect([res.status, res.headers.get('retry-after')]).toEqual([503, '9']);
      expect(((await res.json()) as Json).error).toMatchObject({
        type: 'upstream_error',
        code: 'upstream_overloaded',
        request_id: id,
      });
      // The event names the target that answered last, with its status.
      expect(await eventFor(spread, id)).toMatchObject({
        reason_code: 'upstream.overloaded',
        provider: 't-down',
        upstream_status: 503,
      });
    }
  });

  it("the smallest Retry-After of the tried targets is passed on, a 429's too, not the last target's", async () => {
    for (const [model, retryAfter] of [
      ['busy', '4'],
      ['limited', '3'],
    ] as const) {
      const res = await postChat(spread.url, model, `req_spread_${model}`);
      expect({ model, status: res.status, retryAfter: res.headers.get('retry-after') }).toEqual({
        model,
        status: 503,
        retryAfter,
      });
      expect(((await res.json()) as Json).error).toMatchObject({ code: 'upstream_overloaded' });
    }
  });
});
