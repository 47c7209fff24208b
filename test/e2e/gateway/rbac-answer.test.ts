// The caller's role also bounds the tools the model asks for in its answer: through a real gateway, a
// client holding an analyst's gateway key gets a 409 (plain) or a final error event (streamed) instead of
// an answer that calls a tool analysts may not use; a tool the role may use passes.
import OpenAI from 'openai';
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

const completion = (tool: string): Json => toolCallCompletion(tool, '{"table":"orders"}');
const chunk = chunkOf;

let up: Upstream;
let gw: RunningGateway;
let analyst: OpenAI;

beforeAll(async () => {
  up = await startUpstream({
    answers: { 'up-drop': completion('drop_table'), 'up-search': completion('search_orders') },
    streams: {
      'up-drop': [
        chunk({
          role: 'assistant',
          content: null,
          tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'drop_table', arguments: '' } }],
        }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"table":"orders"}' } }] }),
        chunk({}, 'tool_calls'),
      ],
    },
  });
  const target = (model: string) => `    - {id: ${model}, provider: openai, model: ${model}, base_url: "${up.url}"}`;
  gw = await startGateway(`
pack: {name: e2e-rbac-answer, version: 1.0.0, enabled: true}
providers:
  targets:
${['up-drop', 'up-search'].map(target).join('\n')}
policies:
  chain: [rbac, audit-logger]
policy:
  rbac:
    require_auth: true
    roles:
      analyst: {allowed_tools: ["search_*"]}
      admin: {allowed_tools: ["*"]}
  audit-logger: {log_all_access: true}
`);
  const created = await gw.admin('/keeptrusts/gateway-keys', {
    method: 'POST',
    body: { user: 'ana', role: 'analyst', team: 'risk' },
  });
  analyst = new OpenAI({ apiKey: created.body.key as string, baseURL: `${gw.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await cleanup(gw);
  await up.close();
});

describe('rbac on the tool calls of the answer', () => {
  it('an answer calling a tool the role may not use is a 409 output_blocked, the call never sent', async () => {
    const error = (await analyst.chat.completions
      .create({ model: 'up-drop', messages: [{ role: 'user', content: 'tidy the orders' }] })
      .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(409);
    expect(error.error).toMatchObject({ type: 'policy_violation', code: 'output_blocked', policy: 'rbac' });
    expect(JSON.stringify(error.error)).not.toContain('"arguments"');
  });

  it('streamed, the stream ends with the error event and never carries the call', async () => {
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${analyst.apiKey}` },
      body: JSON.stringify({
        model: 'up-drop',
        stream: true,
        messages: [{ role: 'user', content: 'tidy the orders' }],
      }),
    });
    const text = await res.text();
    const events = text
      .split('\n\n')
      .filter((e) => e.startsWith('data: '))
      .map((e) => e.slice(6));
    expect(JSON.parse(events.at(-1)!).error).toMatchObject({
      type: 'policy_violation',
      code: 'output_blocked',
      policy: 'rbac',
    });
    // Only the error event: no chunk of the call (its name is in the error's message, its arguments nowhere).
    expect(events).toHaveLength(1);
    expect(text).not.toContain('tool_calls');
    expect(text).not.toContain('orders');
  });

  it('an answer calling a tool the role may use passes', async () => {
    const ok = await analyst.chat.completions.create({
      model: 'up-search',
      messages: [{ role: 'user', content: 'find the orders' }],
    });
    expect(ok.choices[0]!.message.tool_calls?.[0]).toMatchObject({
      type: 'function',
      function: { name: 'search_orders' },
    });
  });
});
