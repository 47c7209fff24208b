// agent-firewall's session limits through a real gateway: the client's `session` figures are its word, so the
// gateway counts the tool calls it passed (src/runtime/session-ledger.ts) and the limits see at least that. A
// client sending `session: {id: "s1", actions: 0}` on every request is stopped by max_actions_per_session, and a
// new session id on every request does not reset the per-minute rate limit of its identity.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  type Json,
  startGateway,
  startUpstream,
  type RunningGateway,
  toolCallCompletion,
  type Upstream,
  chunkOf,
} from './helpers.js';

const completion = (tool: string, args = '{"q":"refunds"}'): Json => toolCallCompletion(tool, args);
const chunk = chunkOf;
const twoChoices: Json = (() => {
  const one = completion('search');
  const choice = one.choices[0];
  return { ...one, choices: [choice, { ...choice, index: 1 }] };
})();

let up: Upstream;
/** Answers after a while: requests sent together are all in flight when the first answer comes. */
let slow: Upstream;
let gw: RunningGateway;

beforeAll(async () => {
  up = await startUpstream({
    answers: {
      'up-search': completion('search'),
      'up-lookup': completion('lookup'),
      'up-lookup-cased': completion('Lookup'),
      'up-lookup-mcp': completion('mcp__kb__LOOKUP'),
      'up-transfer': completion('transfer', '{"amount": 30000}'),
      // Asked with n: 2, two choices that each call search: the client runs one of them.
      'up-search-n2': twoChoices,
    },
    streams: {
      'up-search': [
        chunk({ role: 'assistant', content: null }),
        chunk({
          tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'search', arguments: '{}' } }],
        }),
        chunk({}, 'tool_calls'),
      ],
    },
  });
  slow = await startUpstream({
    delayMs: 300,
    answers: { 'slow-search': completion('search') },
    streams: {
      'slow-search': [
        chunk({ role: 'assistant', content: null }),
        chunk({
          tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'search', arguments: '{}' } }],
        }),
        chunk({}, 'tool_calls'),
      ],
    },
  });
  const target = (model: string, url = up.url) =>
    `    - {id: ${model}, provider: openai, model: ${model}, base_url: "${url}"}`;
  gw = await startGateway(`
pack: {name: e2e-session-limits, version: 1.0.0, enabled: true}
providers:
  targets:
${target('up-search')}
${target('up-lookup')}
${target('up-lookup-cased')}
${target('up-lookup-mcp')}
${target('up-transfer')}
${target('up-search-n2')}
${target('slow-search', slow.url)}
policies:
  chain: [agent-firewall]
policy:
  agent-firewall:
    max_actions_per_session: 2
    rate_limits: {lookup: 3}
    transaction_limits: {max_daily_total: 50000}
`);
});

afterAll(async () => {
  await cleanup(gw);
  await up?.close();
  await slow?.close();
});

const keyFor = async (user: string): Promise<string> =>
  (await gw.admin('/keeptrusts/gateway-keys', { method: 'POST', body: { user } })).body.key as string;

/** One agent turn: the client declares its tools and reports the session figures it likes. */
async function turn(
  key: string,
  model: string,
  session: Json,
  stream = false,
  tools = ['search', 'lookup'],
): Promise<{ status: number; text: string }> {
  const res = await fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({
      model,
      stream,
      messages: [{ role: 'user', content: 'find the refund policy' }],
      tools: tools.map((name) => ({ type: 'function', function: { name, parameters: {} } })),
      session,
    }),
  });
  return { status: res.status, text: await res.text() };
}

describe('session limits are counted by the gateway', () => {
  it('stops a client that reports actions: 0 on every request after max_actions_per_session', async () => {
    const key = await keyFor('ann');
    const claim = { id: 's1', actions: 0 };
    expect((await turn(key, 'up-search', claim)).status).toBe(200);
    expect((await turn(key, 'up-search', claim)).status).toBe(200);
    const third = await turn(key, 'up-search', claim);
    expect(third.status).toBe(409);
    const error = JSON.parse(third.text).error;
    expect(error.code).toMatch(/^(tool_blocked|output_blocked|escalation_required)$/);
    expect(error.message).toContain('max_actions_per_session');
    // Leaving the figure out does not help either.
    expect((await turn(key, 'up-search', { id: 's1' })).status).toBe(409);
    // A session is a session: a new id starts its own count, and another user has their own.
    expect((await turn(key, 'up-search', { id: 's2', actions: 0 })).status).toBe(200);
    expect((await turn(await keyFor('bob'), 'up-search', claim)).status).toBe(200);
  });

  it('counts a call once: the next turn carries it as a call that ran, with its result', async () => {
    const key = await keyFor('fay');
    const messages: Json[] = [{ role: 'user', content: 'find the refund policy' }];
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${gw.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ model: 'up-search', messages, session: { id: 'agent-run' } }),
      });
      statuses.push(res.status);
      const body: Json = await res.json();
      if (res.status !== 200) break;
      const call = { ...body.choices[0].message.tool_calls[0], id: `call_${i}` };
      messages.push({ role: 'assistant', content: null, tool_calls: [call] });
      messages.push({ role: 'tool', tool_call_id: call.id, content: 'nothing found' });
    }
    // Two actions allowed, the third refused: the ledger's figure stands for the calls that ran (not added to them).
    expect(statuses).toEqual([200, 200, 409]);
  });

  it('checks answers of one session that come back together one after the other', async () => {
    const key = await keyFor('gus');
    const results = await Promise.all(
      Array.from({ length: 5 }, () => turn(key, 'slow-search', { id: 's1', actions: 0 })),
    );
    // All five passed the request phases with nothing counted; only two answers' calls fit the session.
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 409, 409, 409]);
  });

  it('checks streams of one session that end together one after the other', async () => {
    const key = await keyFor('ida');
    const results = await Promise.all(
      Array.from({ length: 5 }, () => turn(key, 'slow-search', { id: 's1', actions: 0 }, true)),
    );
    // A stream's block comes after its 200 head, as an error event: three of the five carry one.
    const refused = results.filter((r) => r.text.includes('max_actions_per_session'));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(refused).toHaveLength(3);
  });

  it('counts the calls of streamed answers too', async () => {
    const key = await keyFor('cleo');
    expect((await turn(key, 'up-search', { id: 's1', actions: 0 }, true)).status).toBe(200);
    expect((await turn(key, 'up-search', { id: 's1', actions: 0 }, true)).status).toBe(200);
    const third = await turn(key, 'up-search', { id: 's1', actions: 0 });
    expect(third.status).toBe(409);
    expect(JSON.parse(third.text).error.message).toContain('max_actions_per_session');
  });

  it("adds what the passed calls moved to the identity's daily total, whatever the client reports", async () => {
    const key = await keyFor('hal');
    expect((await turn(key, 'up-transfer', { id: 'd1', daily_total_usd: 0 })).status).toBe(200);
    // A new session and a total of 0 reported: the gateway counted 30,000 today, and 30,000 more exceeds 50,000.
    const second = await turn(key, 'up-transfer', { id: 'd2', daily_total_usd: 0 });
    expect(second.status).toBe(409);
    expect(JSON.parse(second.text).error.message).toContain('daily total 60000 exceeds max_daily_total 50000');
  });

  it('keeps the per-minute rate limit across new session ids, per identity', async () => {
    const key = await keyFor('dana');
    for (let i = 0; i < 3; i++)
      expect((await turn(key, 'up-lookup', { id: `fresh-${i}`, actions: 0, calls_last_minute: 0 })).status).toBe(200);
    const fourth = await turn(key, 'up-lookup', { id: 'fresh-3', actions: 0, calls_last_minute: { lookup: 0 } });
    expect(fourth.status).toBe(409);
    expect(JSON.parse(fourth.text).error.message).toContain('lookup: 4 calls in a minute exceed 3');
    // No session at all: the same.
    expect((await turn(key, 'up-lookup', undefined)).status).toBe(409);
    // Another identity is not held by dana's calls.
    expect((await turn(await keyFor('eve'), 'up-lookup', { id: 'fresh-0' })).status).toBe(200);
  });

  it('counts a tool however the model spells it: Lookup and mcp__kb__LOOKUP are lookup calls', async () => {
    const key = await keyFor('fay');
    const models = ['up-lookup', 'up-lookup-cased', 'up-lookup-mcp'];
    // A session each: max_actions_per_session (2) is not what this is about.
    for (const model of models)
      expect((await turn(key, model, { id: model, calls_last_minute: { lookup: 0, Lookup: 0 } })).status).toBe(200);
    for (const model of models) {
      const over = await turn(key, model, { id: `${model}-2`, calls_last_minute: { lookup: 0 } });
      expect(over.status).toBe(409);
      expect(JSON.parse(over.text).error.message).toContain('4 calls in a minute exceed 3');
    }
  });

  it('keeps one number for every tool as it is when it raises counts: two names one limit counts are not held to twice it', async () => {
    const key = await keyFor('gil');
    // The client reports 2 calls of every tool in the last minute; the gateway counts 3 search calls.
    for (let i = 0; i < 3; i++)
      expect((await turn(key, 'up-search', { id: `n-${i}`, calls_last_minute: 2 })).status).toBe(200);
    // Then it declares lookup and the knowledge base's mcp__kb__lookup (rate_limits.lookup counts both) and the
    // model calls lookup: 2 reported + 1 is 3, within the limit. (Written as 2 for each declared name, the
    // figure was 2 + 2 + 1 = 5, and the call was refused.)
    const both = ['lookup', 'mcp__kb__lookup'];
    expect((await turn(key, 'up-lookup', { id: 'n-3', calls_last_minute: 2 }, false, both)).status).toBe(200);
    // The number still counts for every tool: one more lookup is the fourth.
    const over = await turn(key, 'up-lookup', { id: 'n-4', calls_last_minute: 3 }, false, both);
    expect(over.status).toBe(409);
    expect(JSON.parse(over.text).error.message).toContain('4 calls in a minute exceed 3 (rate_limits.lookup)');
  });

  it('counts an answer with two choices as the one the client runs, not as both', async () => {
    const key = await keyFor('hana');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await turn(key, 'up-search-n2', { id: 'c1', actions: 0 })).status);
    // max_actions_per_session 2: one action per answer (each choice calls search once), so the third is refused.
    expect(statuses).toEqual([200, 200, 409]);
  });
});
