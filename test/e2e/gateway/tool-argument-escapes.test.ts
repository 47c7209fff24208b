// Tool-call arguments are JSON text, and a value in them may be written with JSON escapes
// (`jane\u0040example.com`, `Nigh\u0074ingale`): the gateway's checks read them decoded, on a call in the
// request's history (what the upstream receives), on a tool's JSON result in the history, and on a call in
// the upstream's answer, plain and streamed (what the client receives). The redacted texts stay JSON. A real
// gateway and a loopback upstream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  type Json,
  postChat,
  startGateway,
  startUpstream,
  toolCallCompletion,
  type RunningGateway,
  type Upstream,
} from './helpers.js';

/** An email and a blocked term, each with a character written as a `\uXXXX` escape. */
const ARGS = '{"to":"jane\\u0040example.com","note":"ask Nigh\\u0074ingale"}';
const REDACTED = { to: '[EMAIL_REDACTED]', note: 'ask [BLOCKED_TERM_REDACTED]' };

let up: Upstream;
let gw: RunningGateway;

beforeAll(async () => {
  up = await startUpstream({
    answers: { 'call-plain': toolCallCompletion('send_mail', ARGS) },
    toolCall: { name: 'send_mail', arguments: ARGS },
  });
  gw = await startGateway(`
pack: {name: e2e-tool-argument-escapes, version: 1.0.0, enabled: true}
providers:
  targets:
    - {id: call-plain, provider: openai, model: call-plain, base_url: "${up.url}"}
    - {id: echo, provider: openai, model: echo, base_url: "${up.url}"}
policies:
  chain: [pii-detector, dlp-filter]
policy:
  pii-detector: {action: redact, categories: [email]}
  dlp-filter: {blocked_terms: [Nightingale], action: redact}
`);
});
afterAll(async () => {
  await cleanup(gw);
  await up.close();
});

describe('escaped values in tool-call arguments', () => {
  it('a call in the request history is redacted before the upstream gets it', async () => {
    const res = await postChat(gw.url, 'echo', 'req_args_history', {
      messages: [
        { role: 'user', content: 'mail her' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'send_mail', arguments: ARGS } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: 'sent' },
      ],
    });
    expect(res.status).toBe(200);
    const sent = up.requests.find((r) => r.body?.model === 'echo')!.body as Json;
    const args = sent.messages[1].tool_calls[0].function.arguments as string;
    expect(JSON.parse(args)).toEqual(REDACTED);
  });

  it('a call in the upstream answer is redacted before the client gets it', async () => {
    const res = await postChat(gw.url, 'call-plain', 'req_args_answer');
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text) as Json;
    expect(JSON.parse(body.choices[0].message.tool_calls[0].function.arguments as string)).toEqual(REDACTED);
    expect(text).not.toContain('jane\\\\u0040example');
    expect(text).not.toContain('Nigh\\\\u0074ingale');
  });

  it('a streamed call, its arguments in pieces, is redacted the same way', async () => {
    const res = await postChat(gw.url, 'echo', 'req_args_stream', { stream: true });
    expect(res.status).toBe(200);
    const args = (await res.text())
      .split('\n')
      .filter((l) => l.startsWith('data: {'))
      .map((l) => (JSON.parse(l.slice(6)) as Json).choices?.[0]?.delta?.tool_calls?.[0]?.function?.arguments)
      .filter((a): a is string => typeof a === 'string')
      .join('');
    expect(JSON.parse(args)).toEqual(REDACTED);
  });

  it('a tool message in the request history, its JSON result escaped, is redacted and stays JSON', async () => {
    const result = '{"rows":[{"owner":"Nigh\\u0074ingale","mail":"jane\\u0040example.com","n":2}]}';
    const res = await postChat(gw.url, 'echo', 'req_result_history', {
      messages: [
        { role: 'user', content: 'who owns it' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: result },
      ],
    });
    expect(res.status).toBe(200);
    const sent = up.requests.find((r) => r.body?.model === 'echo' && JSON.stringify(r.body).includes('who owns it'))!
      .body as Json;
    expect(JSON.parse(sent.messages[2].content as string)).toEqual({
      rows: [{ owner: '[BLOCKED_TERM_REDACTED]', mail: '[EMAIL_REDACTED]', n: 2 }],
    });
  });
});
