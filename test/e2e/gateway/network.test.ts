// The network phase of the gateway section: IP allowlist (403 for a loopback client outside the
// ranges) and bot detection, as the openai client and plain HTTP clients see them.
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, mockEchoPack, startGateway, type RunningGateway } from './helpers.js';
import { runKtProcess } from '../../helpers/run-kt.js';
import { pollUntil } from '../../helpers/wait.js';

const pack = (gateway: string) =>
  mockEchoPack('e2e-network', gateway, { kind: 'audit-logger', config: '{log_all_access: true}' });

const gateways: RunningGateway[] = [];
afterAll(async () => {
  await Promise.all(gateways.map((g) => cleanup(g)));
});

describe('gateway network controls', () => {
  it('answers 403 access_denied to a client outside the IP allowlist', async () => {
    const gw = await startGateway(
      pack(
        '  ip_allowlist:\n    enabled: true\n    ranges: ["10.0.0.0/8", "192.168.0.0/16", "fd00::/8"]\n    on_deny: block',
      ),
    );
    gateways.push(gw);
    const client = new OpenAI({ apiKey: 'unused', baseURL: `${gw.url}/v1`, maxRetries: 0 });
    const err = (await client.chat.completions
      .create({ model: 'mock-echo', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(err.status).toBe(403);
    expect(err.error).toMatchObject({ type: 'access_denied', code: 'ip_not_allowed' });
    // The control applies to every endpoint, admin included.
    expect((await gw.admin('/keeptrusts/config')).status).toBe(403);
    // ... and the refusal is recorded (read from disk: the admin API is behind the allowlist too).
    const { readFile } = await import('node:fs/promises');
    const log = await pollUntil(
      () => readFile(`${gw.stateDir}/events/segment-00000001.jsonl`, 'utf8').catch(() => ''),
      (text) => text.includes('access.ip_not_allowed'),
    );
    expect(JSON.parse(log.trim().split('\n')[0]!)).toMatchObject({
      verdict: 'block',
      reason_code: 'access.ip_not_allowed',
      event_type: 'gateway.access_denied',
    });
    // The operator's CLI is told it is the allowlist, not its token (exit 4 all the same).
    const health = await runKtProcess(['health', '--verbose', '--state-dir', gw.stateDir]);
    expect(health.exitCode).toBe(4);
    expect(health.stderr).toContain('error[auth.network_denied]');
    expect(health.stderr).toContain('gateway.ip_allowlist');
    // The gateway said so at start: it listens on loopback, and the ranges admit no loopback client.
    expect(gw.stderr()).toMatch(
      /pack\.yaml:\d+:\d+: gateway\.loopback_denied: gateway\.ip_allowlist admits no loopback address/,
    );
  });

  it('lets loopback through when it is in the ranges', async () => {
    const gw = await startGateway(pack('  ip_allowlist:\n    enabled: true\n    ranges: ["127.0.0.0/8", "::1/128"]'));
    gateways.push(gw);
    const client = new OpenAI({ apiKey: 'unused', baseURL: `${gw.url}/v1`, maxRetries: 0 });
    const res = await client.chat.completions.create({
      model: 'mock-echo',
      messages: [{ role: 'user', content: 'inside' }],
    });
    expect(res.choices[0]!.message.content).toBe('inside');
    expect(gw.stderr()).not.toContain('loopback_denied');
  });

  it('bot detection: no User-Agent or a known crawler is refused, the SDK is served', async () => {
    const gw = await startGateway(
      pack('  bot_detection:\n    enabled: true\n    block_known_bots: true\n    require_user_agent: true'),
    );
    gateways.push(gw);
    const body = JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] });
    const { request } = await import('undici');
    const noUa = await request(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(noUa.statusCode).toBe(403);
    expect(await noUa.body.json()).toMatchObject({ error: { type: 'access_denied', code: 'user_agent_required' } });
    const bot = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      body,
      headers: { 'user-agent': 'Mozilla/5.0 (compatible; GPTBot/1.2; +https://openai.com/gptbot)' },
    });
    expect(bot.status).toBe(403);
    const client = new OpenAI({ apiKey: 'unused', baseURL: `${gw.url}/v1`, maxRetries: 0 });
    const res = await client.chat.completions.create({
      model: 'mock-echo',
      messages: [{ role: 'user', content: 'a person' }],
    });
    expect(res.choices[0]!.message.content).toBe('a person');
    // The request log says what the event records: both refusals were blocks (the line had '-', no verdict).
    const log = await pollUntil(
      () => Promise.resolve(gw.stderr()),
      (text) => (text.match(/ 403 POST \/v1\/chat\/completions /g) ?? []).length === 2,
    );
    expect(log.match(/ 403 POST \/v1\/chat\/completions block \S+ms /g)).toHaveLength(2);
  });

  it('on_deny: log serves a client outside the ranges and records it as a flagged allow, even under log_all_access: false', async () => {
    const quiet = (ranges: string) =>
      mockEchoPack('e2e-network-log', `  ip_allowlist:\n    enabled: true\n    ranges: [${ranges}]\n    on_deny: log`, {
        kind: 'audit-logger',
        config: '{log_all_access: false}',
      });
    const { readFile } = await import('node:fs/promises');
    const events = (gw: RunningGateway) =>
      readFile(`${gw.stateDir}/events/segment-00000001.jsonl`, 'utf8').catch(() => '');
    const outside = await startGateway(quiet('"10.0.0.0/8"'));
    const inside = await startGateway(quiet('"127.0.0.0/8", "::1/128"'));
    gateways.push(outside, inside);
    for (const gw of [outside, inside]) {
      const client = new OpenAI({ apiKey: 'unused', baseURL: `${gw.url}/v1`, maxRetries: 0 });
      const res = await client.chat.completions.create({
        model: 'mock-echo',
        messages: [{ role: 'user', content: 'hi' }],
      });
      expect(res.choices[0]!.message.content).toBe('hi');
    }
    const log = await pollUntil(
      () => events(outside),
      (text) => text.includes('access.ip_not_allowed'),
    );
    const event = JSON.parse(log.trim().split('\n').at(-1)!);
    expect(event).toMatchObject({ verdict: 'allow', event_type: 'gateway.request' });
    expect(event.policies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'gateway', verdict: 'allow', reason_code: 'access.ip_not_allowed' }),
        expect.objectContaining({ kind: 'audit-logger', reason_code: 'audit.recorded' }),
      ]),
    );
    // The same request from inside the ranges is a plain allow: nothing recorded, no network step.
    await new Promise((r) => setTimeout(r, 300));
    expect(await events(inside)).not.toContain('"verdict":"allow"');
  });
});
