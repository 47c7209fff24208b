// Faults and secrets: upstream down / slow / untrusted certificate -> 502/504 envelopes plus an event;
// provider keys from env and from the encrypted config-variable store (rotation without restart);
// a tampered event log makes `kt events verify` exit 1 naming the record; no secret leaks anywhere.
import { readFile, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKtProcess } from '../../helpers/run-kt.js';
import {
  allText,
  cleanup,
  closedPort,
  type Json,
  makePki,
  startGateway,
  startUpstream,
  type RunningGateway,
  type TestPki,
  type Upstream,
} from './helpers.js';
import { pollUntil } from '../../helpers/wait.js';

const ENV_KEY = 'sk-env-0123456789abcdefghijklmnopqrstuvwxyzABCD';
const STORE_KEY_1 = 'sk-store-first-0123456789abcdefghijklmnopqrstu';
const STORE_KEY_2 = 'sk-store-second-0123456789abcdefghijklmnopqrst';

let gw: RunningGateway;
let good: Upstream;
let slow: Upstream;
let trickle: Upstream;
let stall: Upstream;
let pki: TestPki;
let tlsUpstream: https.Server;
let tlsUrl: string;

async function events(): Promise<Json[]> {
  return (await gw.admin('/v1/events?limit=1000')).body.events;
}

async function eventFor(requestId: string): Promise<Json> {
  const found = await pollUntil(
    async () => (await events()).find((e) => e.request_id === requestId),
    (e) => e !== undefined,
  );
  if (found) return found;
  throw new Error(`no event for ${requestId}`);
}

beforeAll(async () => {
  pki = makePki();
  good = await startUpstream();
  slow = await startUpstream({ delayMs: 3_000 });
  // 16 chunks 100 ms apart: 1.6 s in all, over four times its target's timeout_ms, no gap near it.
  // Its second chunk comes 1 s after the first: past its target's timeout_ms.
  // The first chunk must beat timeout_ms even on a loaded machine (400 ms failed once under load); the
  // silence after it is four times longer.
  stall = await startUpstream({ chunkDelayMs: 6_000, reply: 'first part, then a long silence' });
  trickle = await startUpstream({
    chunkDelayMs: 100,
    reply: 'a long answer that keeps coming, ten characters at a time, for well over a second.  ' + '-'.repeat(76),
  });
  tlsUpstream = https.createServer({ cert: pki.serverCert, key: pki.serverKey }, (req, res) => {
    req.resume();
    req.on('end', () =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: 'x',
          object: 'chat.completion',
          choices: [{ index: 0, message: { role: 'assistant', content: 'over tls' }, finish_reason: 'stop' }],
        }),
      ),
    );
  });
  await new Promise<void>((r) => tlsUpstream.listen(0, '127.0.0.1', r));
  tlsUrl = `https://127.0.0.1:${(tlsUpstream.address() as AddressInfo).port}`;
  const down = await closedPort();
  gw = await startGateway(
    `
pack: {name: e2e-faults, version: 1.0.0, enabled: true}
providers:
  targets:
    - id: env-keyed
      provider: openai
      model: up-env
      base_url: ${good.url}
      secret_key_ref: {env: E2E_UPSTREAM_KEY}
    - id: store-keyed
      provider: openai
      model: up-store
      base_url: ${good.url}/v1
      secret_key_ref: {store: upstream-key}
    - id: down
      provider: openai
      model: up-down
      base_url: http://127.0.0.1:${down}
    - id: slow
      provider: openai
      model: up-slow
      base_url: ${slow.url}
      timeout_ms: 300
    - id: trickle
      provider: openai
      model: up-trickle
      base_url: ${trickle.url}
      timeout_ms: 400
    - id: stall
      provider: openai
      model: up-stall
      base_url: ${stall.url}
      timeout_ms: 1500
    - id: tls-trusted
      provider: openai
      model: up-tls
      base_url: ${tlsUrl}
      tls: {verify: true, ca_file: ca.crt}
    - id: tls-untrusted
      provider: openai
      model: up-tls-untrusted
      base_url: ${tlsUrl}
    - id: flaky
      provider: mock
      model: mock-flaky
      mock: {failure_rate: 1}
policies:
  chain: [pii-detector, audit-logger]
policy:
  pii-detector: {action: redact}
  audit-logger: {log_all_access: true}
`,
    { env: { E2E_UPSTREAM_KEY: ENV_KEY }, files: { 'ca.crt': pki.caCert } },
  );
});

afterAll(async () => {
  await cleanup(gw);
  await good.close();
  await slow.close();
  await trickle.close();
  await stall.close();
  tlsUpstream.closeAllConnections();
  await new Promise<void>((r) => tlsUpstream.close(() => r()));
});

const ask = (model: string, requestId: string, content = 'hello upstream') =>
  fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-request-id': requestId,
      authorization: 'Bearer client-key-never-forwarded',
    },
    body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
  });

describe('upstream faults', () => {
  it('upstream down -> 502 upstream_error envelope and an event', async () => {
    const res = await ask('up-down', 'req_fault_down');
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({
      error: {
        type: 'upstream_error',
        code: 'upstream_unavailable',
        request_id: 'req_fault_down',
        message: expect.stringMatching(/ECONNREFUSED/),
      },
    });
    const event = await eventFor('req_fault_down');
    expect(event).toMatchObject({
      event_type: 'gateway.upstream_error',
      reason_code: 'upstream.unavailable',
      provider: 'down',
    });
  });

  it('upstream slower than timeout_ms -> 504 upstream_timeout and an event', async () => {
    const t0 = Date.now();
    const res = await ask('up-slow', 'req_fault_slow');
    expect(res.status).toBe(504);
    expect(Date.now() - t0).toBeLessThan(2_500);
    expect(await res.json()).toMatchObject({ error: { type: 'upstream_error', code: 'upstream_timeout' } });
    expect(await eventFor('req_fault_slow')).toMatchObject({ reason_code: 'upstream.timeout', provider: 'slow' });
  });

  it('timeout_ms bounds the wait for headers and between chunks, not the whole stream: a long generation is not cut', async () => {
    const client = new OpenAI({ apiKey: 'unused', baseURL: `${gw.url}/v1`, maxRetries: 0 });
    const t0 = Date.now();
    const stream = await client.chat.completions.create({
      model: 'up-trickle',
      stream: true,
      messages: [{ role: 'user', content: 'tell me slowly' }],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(Date.now() - t0).toBeGreaterThan(1_200); // it did take longer than timeout_ms, several times over
    expect(text).toBe(
      `a long answer that keeps coming, ten characters at a time, for well over a second.  ${'-'.repeat(76)}`,
    );
  });

  it('a stream that stalls longer than timeout_ms ends with an upstream_timeout error event, and is recorded', async () => {
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req_fault_stall' },
      body: JSON.stringify({ model: 'up-stall', stream: true, messages: [{ role: 'user', content: 'hello' }] }),
    });
    expect(res.status).toBe(200); // the stream had started
    const text = await res.text();
    expect(text).toContain('"code":"upstream_timeout"');
    expect(text).not.toContain('long silence');
    expect(await eventFor('req_fault_stall')).toMatchObject({ reason_code: 'upstream.timeout', provider: 'stall' });
  });

  it('/health?probe=providers probes each upstream (GET /models with its key)', async () => {
    const before = good.requests.length;
    const health = (await (await fetch(`${gw.url}/health?probe=providers`)).json()) as Json;
    expect(health.status).toBe('degraded');
    expect(health.providers['env-keyed']).toMatchObject({ status: 'reachable', latency_ms: expect.any(Number) });
    expect(health.providers.down).toMatchObject({
      status: 'unreachable',
      error: expect.stringMatching(/ECONNREFUSED/),
    });
    expect(health.providers.flaky).toMatchObject({ status: 'reachable' });
    const probe = good.requests.slice(before).find((r) => r.path === '/v1/models');
    expect(probe?.headers.authorization).toBe(`Bearer ${ENV_KEY}`);
    // Without ?probe the last known state is reported, without new upstream calls.
    const count = good.requests.length;
    expect(((await (await fetch(`${gw.url}/health`)).json()) as Json).providers.down.status).toBe('unreachable');
    expect(good.requests.length).toBe(count);
  });

  it('mock failure_rate 1 fails like an upstream 500 -> 502', async () => {
    const client = new OpenAI({ apiKey: 'unused', baseURL: `${gw.url}/v1`, maxRetries: 0 });
    const err = (await client.chat.completions
      .create({ model: 'mock-flaky', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(err.status).toBe(502);
    expect(err.error).toMatchObject({ type: 'upstream_error', code: 'upstream_status' });
  });

  it('verifies upstream certificates: trusted with ca_file, refused without it', async () => {
    const ok = await ask('up-tls', 'req_tls_ok');
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as Json).choices[0].message.content).toBe('over tls');
    const refused = await ask('up-tls-untrusted', 'req_tls_bad');
    expect(refused.status).toBe(502);
    expect(((await refused.json()) as Json).error.message).toMatch(/certificate/);
  });
});

describe('provider secrets', () => {
  it('sends the env key upstream (never the client key) and the sanitised prompt', async () => {
    const res = await ask('up-env', 'req_env', 'mail carol@example.net');
    expect(res.status).toBe(200);
    const seen = good.requests.at(-1)!;
    expect(seen.path).toBe('/v1/chat/completions');
    expect(seen.headers.authorization).toBe(`Bearer ${ENV_KEY}`);
    expect(JSON.stringify(seen.body)).not.toContain('carol@example.net');
    expect(seen.body.model).toBe('up-env');
  });

  it('sends the request as the policies left it: redactions outside `messages` apply upstream too', async () => {
    // The event recorded these redactions while the upstream got the client's own `user`, `metadata` and
    // `prediction` (only `messages` and `tools` were taken from the checked request).
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req_redact_fields' },
      body: JSON.stringify({
        model: 'up-env',
        user: 'erin@example.net',
        metadata: { contact: 'frank@example.net' },
        prediction: { type: 'content', content: 'write to grace@example.net' },
        messages: [{ role: 'user', content: 'hello' }],
      }),
    });
    expect(res.status).toBe(200);
    const seen = good.requests.at(-1)!.body;
    expect(seen).toMatchObject({
      user: '[EMAIL_REDACTED]',
      metadata: { contact: '[EMAIL_REDACTED]' },
      prediction: { type: 'content', content: 'write to [EMAIL_REDACTED]' },
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(seen).not.toHaveProperty('headers');
    expect(seen).not.toHaveProperty('identity');
    expect((await eventFor('req_redact_fields')).verdict).toBe('redact');
  });

  it("keeps kt's payload fields (session, context, client_ip, upstream_response) from the upstream, which refuses unknown fields (they were forwarded)", async () => {
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req_extras' },
      body: JSON.stringify({
        model: 'up-env',
        messages: [{ role: 'user', content: 'hello' }],
        session: { id: 'sess-1', actions: 3, cost_usd: 0.5 },
        context: { documents: ['the refund policy'] },
        client_ip: '10.0.0.7',
        upstream_response: { content: 'made up' },
      }),
    });
    expect(res.status).toBe(200);
    const seen = good.requests.at(-1)!.body;
    expect(Object.keys(seen).sort()).toEqual(['messages', 'model', 'stream']);
  });

  it('streams from an OpenAI-compatible upstream through the output checks', async () => {
    const client = new OpenAI({ apiKey: 'unused', baseURL: `${gw.url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'up-env',
      stream: true,
      messages: [{ role: 'user', content: 'please stream a reply to dave@example.org about the plan' }],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('upstream saw: please stream a reply to [EMAIL_REDACTED] about the plan');
    expect(good.requests.at(-1)!.body.stream).toBe(true);
  });

  it('resolves secret_key_ref.store at request time: unset -> 502, set -> used, rotated -> new value', async () => {
    const unset = await ask('up-store', 'req_store_unset');
    expect(unset.status).toBe(502);
    expect(unset.headers.get('x-should-retry')).toBe('false');
    expect(((await unset.json()) as Json).error.code).toBe('provider_unconfigured');
    const degraded = (await (await fetch(`${gw.url}/health`)).json()) as Json;
    expect(degraded.status).toBe('degraded');
    expect(degraded.providers['store-keyed']).toMatchObject({ status: 'unconfigured' });

    const created = await gw.admin('/v1/config-variables/upstream-key', {
      method: 'PUT',
      body: { value: STORE_KEY_1, description: 'upstream' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'upstream-key', version: 1, sensitive: true });
    const again = await gw.admin('/v1/config-variables/upstream-key', {
      method: 'PUT',
      body: { value: STORE_KEY_1, description: 'upstream' },
    });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(1);
    expect((await ask('up-store', 'req_store_1')).status).toBe(200);
    expect(good.requests.at(-1)!.headers.authorization).toBe(`Bearer ${STORE_KEY_1}`);

    const rotated = await gw.admin('/v1/config-variables/upstream-key', {
      method: 'PUT',
      body: { value: STORE_KEY_2 },
    });
    expect(rotated.body.version).toBe(2);
    expect((await ask('up-store', 'req_store_2')).status).toBe(200);
    expect(good.requests.at(-1)!.headers.authorization).toBe(`Bearer ${STORE_KEY_2}`);

    const resolved = await gw.admin('/v1/config-variables/upstream-key/resolve', { method: 'POST' });
    expect(resolved.body).toMatchObject({ name: 'upstream-key', resolved: true, version: 2, used_by: ['store-keyed'] });
    const listed = await gw.admin('/v1/config-variables');
    expect(listed.body.variables).toEqual([
      expect.objectContaining({ name: 'upstream-key', version: 2, sensitive: true }),
    ]);
    expect((await gw.admin('/v1/config-variables/bad%20name')).status).toBe(422);
    // A malformed body must not be echoed back (JSON parser messages quote the input).
    const malformed = await fetch(`${gw.url}/v1/config-variables/upstream-key`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${gw.adminToken}`, 'content-type': 'application/json' },
      body: `{"value": ${STORE_KEY_2}}`,
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).not.toContain('sk-store');
    expect((await gw.admin('/v1/config-variables/nope')).status).toBe(404);
  });

  it('no secret appears in responses, events, state files or logs', async () => {
    const everything = [
      JSON.stringify(await events()),
      JSON.stringify((await gw.admin('/keeptrusts/config')).body),
      JSON.stringify((await gw.admin('/v1/config-variables')).body),
      await allText(gw.stateDir),
      gw.stderr(),
    ].join('\n');
    for (const secret of [ENV_KEY, STORE_KEY_1, STORE_KEY_2, 'client-key-never-forwarded', 'carol@example.net'])
      expect(everything).not.toContain(secret);
    expect(good.requests.every((r) => r.headers.authorization !== 'Bearer client-key-never-forwarded')).toBe(true);
  });
});

describe('providers.fallback', () => {
  it('moves a failed call to the next target (plain and streamed), records who answered, and respects retry_on', async () => {
    const down = await closedPort();
    const pack = (retryOn: string) => `
pack: {name: e2e-fallback, version: 1.0.0, enabled: true}
providers:
  targets:
    - {id: primary, provider: openai, model: up-primary, base_url: "http://127.0.0.1:${down}"}
    - {id: broken-mock, provider: mock, model: mock-broken, mock: {failure_rate: 1}}
    - {id: backup, provider: openai, model: up-backup, base_url: "${good.url}"}
  fallback: {strategy: ordered, max_retries: 2, retry_on: ${retryOn}}
policies:
  chain: [audit-logger]
policy:
  audit-logger: {log_all_access: true}
`;
    const fb = await startGateway(pack('[5xx, timeout]'));
    const strict = await startGateway(pack('[timeout]'));
    try {
      const res = await fetch(`${fb.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'x-request-id': 'req_fallback' },
        body: JSON.stringify({ model: 'up-primary', messages: [{ role: 'user', content: 'anyone there?' }] }),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as Json).choices[0].message.content).toBe('upstream saw: anyone there?');
      expect(good.requests.at(-1)!.body.model).toBe('up-backup');
      const client = new OpenAI({ apiKey: 'unused', baseURL: `${fb.url}/v1`, maxRetries: 0 });
      const stream = await client.chat.completions.create({
        model: 'up-primary',
        stream: true,
        messages: [{ role: 'user', content: 'stream please' }],
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      expect(text).toBe('upstream saw: stream please');
      const event = await pollUntil(
        async () =>
          (await fb.admin('/v1/events?limit=100')).body.events.find((e: Json) => e.request_id === 'req_fallback'),
        (e) => e !== undefined,
      );
      expect(event).toMatchObject({ provider: 'backup', model: 'up-backup', verdict: 'allow' });
      const metrics = await (await fetch(`${fb.url}/metrics`)).text();
      expect(metrics).toMatch(/kt_provider_failovers_total\{from="primary",to="broken-mock"\} 2/);
      expect(metrics).toMatch(/kt_provider_failovers_total\{from="broken-mock",to="backup"\} 2/);

      const refused = await fetch(`${strict.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'up-primary', messages: [{ role: 'user', content: 'x' }] }),
      });
      expect(refused.status).toBe(502);
      expect(((await refused.json()) as Json).error.code).toBe('upstream_unavailable');
    } finally {
      await cleanup(fb);
      await cleanup(strict);
    }
  });
});

describe('the mock provider and timeout_ms', () => {
  it("a mock slower than its target's timeout_ms times out as an upstream would: 504, a stream's error event, failover on timeout (it answered after latency_ms, ignoring timeout_ms)", async () => {
    const fb = await startGateway(`
pack: {name: e2e-mock-timeout, version: 1.0.0, enabled: true}
providers:
  targets:
    - {id: sleepy, provider: mock, model: mock-sleepy, timeout_ms: 200, mock: {latency_ms: 30000}}
    - {id: steady, provider: mock, model: mock-steady, timeout_ms: 5000, mock: {latency_ms: 50, reply: steady}}
  fallback: {strategy: ordered, max_retries: 1, retry_on: [timeout]}
policies:
  chain: [audit-logger]
policy:
  audit-logger: {log_all_access: true}
`);
    const strict = await startGateway(`
pack: {name: e2e-mock-timeout-strict, version: 1.0.0, enabled: true}
providers:
  targets:
    - {id: sleepy, provider: mock, model: mock-sleepy, timeout_ms: 200, mock: {latency_ms: 30000}}
    - {id: staller, provider: mock, model: mock-staller, timeout_ms: 200, mock: {stream_delay_ms: 30000}}
policies:
  chain: [audit-logger]
policy:
  audit-logger: {}
`);
    try {
      const ask = (gw: RunningGateway) =>
        new OpenAI({ apiKey: 'unused', baseURL: `${gw.url}/v1`, maxRetries: 0, timeout: 10_000 });
      // Without fallback: the gateway's 504 upstream_timeout, as for an OpenAI-compatible target.
      const err = await ask(strict)
        .chat.completions.create({ model: 'mock-sleepy', messages: [{ role: 'user', content: 'x' }] })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(err).toBeInstanceOf(OpenAI.APIError);
      expect(err).toMatchObject({ status: 504, error: { type: 'upstream_error', code: 'upstream_timeout' } });
      // A stream that stalls after its first chunk ends with the upstream_timeout error event.
      const stream = await ask(strict).chat.completions.create({
        model: 'mock-staller',
        stream: true,
        messages: [{ role: 'user', content: 'x' }],
      });
      const streamErr = await (async () => {
        for await (const _chunk of stream) {
          // reads until the error event
        }
      })().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(streamErr).toBeInstanceOf(OpenAI.APIError);
      expect(streamErr).toMatchObject({ error: { type: 'upstream_error', code: 'upstream_timeout' } });
      // With retry_on: [timeout], the call (plain, or a stream before its first chunk) moves on to the next
      // target, which answers in time.
      const res = await ask(fb).chat.completions.create({
        model: 'mock-sleepy',
        messages: [{ role: 'user', content: 'x' }],
      });
      expect(res.choices[0]!.message.content).toBe('steady');
      const moved = await ask(fb).chat.completions.create({
        model: 'mock-sleepy',
        stream: true,
        messages: [{ role: 'user', content: 'x' }],
      });
      let text = '';
      for await (const chunk of moved) text += chunk.choices[0]?.delta?.content ?? '';
      expect(text).toBe('steady');
      const metrics = await (await fetch(`${fb.url}/metrics`)).text();
      expect(metrics).toMatch(/kt_provider_failovers_total\{from="sleepy",to="steady"\} 2/);
    } finally {
      await cleanup(fb);
      await cleanup(strict);
    }
  });
});

describe('kt events verify', () => {
  it('passes on the untouched log and exits 1 naming an edited record', async () => {
    await ask('up-env', 'req_verify_tail');
    await eventFor('req_verify_tail');
    const ok = await runKtProcess(['events', 'verify', '--state-dir', gw.stateDir]);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toMatch(/^ok: \d+ record\(s\)/);

    const segment = join(gw.stateDir, 'events', 'segment-00000001.jsonl');
    const lines = (await readFile(segment, 'utf8')).trimEnd().split('\n');
    const target = JSON.parse(lines[2]!);
    target.verdict = 'allow';
    target.reason_code = 'nothing.to.see';
    lines[2] = JSON.stringify(target);
    await writeFile(segment, `${lines.join('\n')}\n`);
    const bad = await runKtProcess(['events', 'verify', '--state-dir', gw.stateDir]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toContain(`segment-00000001.jsonl:3 (${target.id})`);
    expect(bad.stdout).toMatch(/edited/);
    const asJson = await runKtProcess(['events', 'verify', '--state-dir', gw.stateDir, '--json']);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ ok: false, first_bad: { line: 3, id: target.id } });
  });
});
