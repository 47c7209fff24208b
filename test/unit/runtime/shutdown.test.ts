// Requests still running when the gateway stops (the end of close()'s grace period): the client is told,
// not just cut off. A stream that had started ends with a final `gateway_shutdown` error event (the real
// openai client raises it as an APIError) and no [DONE]; a plain request gets 503 gateway_shutdown. Their
// events and request-log lines say what happened: reason gateway.shutdown, status 503.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { expect, it } from 'vitest';
import { prepareChain } from '../../../src/core/engine.js';
import { Gateway, type RequestLogLine } from '../../../src/runtime/gateway.js';
import { waitFor } from '../../helpers/wait.js';

const REPLY = 'a long answer that keeps streaming until the gateway is stopped in the middle of it. '.repeat(40);

const PACK = `
pack: {name: shutdown, version: 1.0.0, enabled: true}
providers:
  targets:
    - {id: long, provider: mock, model: mock-long, mock: {reply: "${REPLY}", stream_chunk_chars: 32, stream_delay_ms: 30}}
    - {id: slow, provider: mock, model: mock-slow, mock: {latency_ms: 30000}}
policies:
  chain: [pii-detector]
policy:
  pii-detector: {action: redact}
`;

it('streams cut by the shutdown end with a gateway_shutdown error event; plain requests get 503; both recorded as gateway.shutdown', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kt-gw-shutdown-'));
  await writeFile(join(dir, 'pack.yaml'), PACK);
  const lines: RequestLogLine[] = [];
  const options = {
    packFile: join(dir, 'pack.yaml'),
    host: '127.0.0.1',
    port: 0,
    stateDir: join(dir, 'state'),
    adminToken: 'kt_admin_shutdown_0123456789abcdef',
    prepareChain,
    version: 't',
    env: {},
    onRequest: (l: RequestLogLine) => lines.push(l),
  };
  const g = await Gateway.start(options);
  let closing: Promise<void> | undefined;
  try {
    const client = new OpenAI({ apiKey: 'unused', baseURL: `${g.url}/v1`, maxRetries: 0 });
    const sdkStream = await client.chat.completions.create(
      { model: 'mock-long', stream: true, messages: [{ role: 'user', content: 'go' }] },
      { headers: { 'x-request-id': 'req_cut_sdk' } },
    );
    const raw = await fetch(`${g.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'x-request-id': 'req_cut_raw' },
      body: JSON.stringify({ model: 'mock-long', stream: true, messages: [{ role: 'user', content: 'go' }] }),
    });
    expect(raw.status).toBe(200);
    const rawText = raw.text();
    const plain = fetch(`${g.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'x-request-id': 'req_cut_plain' },
      body: JSON.stringify({ model: 'mock-slow', messages: [{ role: 'user', content: 'go' }] }),
    });
    await waitFor(async () => /kt_requests_in_flight 3$/m.test(await fetch(`${g.url}/metrics`).then((r) => r.text())));

    let received = '';
    const failure = await (async () => {
      for await (const chunk of sdkStream) {
        received += chunk.choices[0]?.delta.content ?? '';
        // Some text has arrived: the stream is under way when the gateway stops.
        closing ??= g.close(50);
      }
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(received.length).toBeGreaterThan(0);
    expect(received.length).toBeLessThan(REPLY.length);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(failure).toMatchObject({ code: 'gateway_shutdown', type: 'server_error' });

    const text = await rawText;
    const events = text.split('\n\n').filter((e) => e !== '');
    expect(JSON.parse(events.at(-1)!.replace(/^data: /, ''))).toEqual({
      error: { type: 'server_error', code: 'gateway_shutdown', message: expect.any(String), request_id: 'req_cut_raw' },
    });
    expect(text).not.toContain('[DONE]');

    const plainAnswer = await plain;
    expect(plainAnswer.status).toBe(503);
    expect(((await plainAnswer.json()) as { error: unknown }).error).toMatchObject({
      type: 'server_error',
      code: 'gateway_shutdown',
      request_id: 'req_cut_plain',
    });
    await closing;
  } finally {
    await (closing ?? g.close());
  }
  const cut = lines
    .filter((l) => l.request_id.startsWith('req_cut_'))
    .map((l) => [l.request_id, l.status, l.reason_code])
    .sort();
  expect(cut).toEqual([
    ['req_cut_plain', 503, 'gateway.shutdown'],
    ['req_cut_raw', 503, 'gateway.shutdown'],
    ['req_cut_sdk', 503, 'gateway.shutdown'],
  ]);
  const reopened = await Gateway.start(options);
  try {
    const recorded = (await reopened.eventLog.query({ limit: 1000, filters: {} })).events;
    expect(recorded.map((e) => [e.request_id, e.event_type, e.reason_code]).sort()).toEqual([
      ['req_cut_plain', 'gateway.request', 'gateway.shutdown'],
      ['req_cut_raw', 'gateway.request', 'gateway.shutdown'],
      ['req_cut_sdk', 'gateway.request', 'gateway.shutdown'],
    ]);
  } finally {
    await reopened.close();
    await rm(dir, { recursive: true, force: true });
  }
});
