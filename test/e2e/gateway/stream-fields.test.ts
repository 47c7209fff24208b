// Fields of the upstream's stream chunks the gateway does not need to rewrite reach the client on the
// chunks it re-emits: system_fingerprint and service_tier on every chunk, a finishing chunk's own choice
// fields on the last one, and logprobs with the text they cover, but never with text a redaction changed
// (their tokens would give the redacted text back). Real gateways, a loopback upstream, the openai client.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  type Json,
  startGateway,
  startUpstream,
  type RunningGateway,
  type Upstream,
  upstreamChunk,
} from './helpers.js';

const lp = (...tokens: string[]) => ({
  content: tokens.map((token) => ({
    token,
    logprob: -0.5,
    bytes: [...Buffer.from(token)],
    top_logprobs: [{ token, logprob: -0.5, bytes: [...Buffer.from(token)] }],
  })),
  refusal: null,
});
const chunk = (delta: Json, logprobs: Json, finish: string | null = null, extra: Json = {}): Json =>
  upstreamChunk(delta, {
    finish,
    choice: { logprobs, ...extra },
    fields: { system_fingerprint: 'fp_up_123', service_tier: 'default' },
  });
/** An answer in pieces, each with its logprobs; the finishing chunk carries vLLM's stop_reason. */
const answer = (pieces: string[][]): Json[] => [
  chunk({ role: 'assistant', content: '' }, lp()),
  ...pieces.map((tokens) => chunk({ content: tokens.join('') }, lp(...tokens))),
  chunk({}, null, 'stop', { stop_reason: 42 }),
];
const WITH_EMAIL = [
  ['Hello', ' there', ', '],
  ['write', ' to', ' '],
  ['jane', '.doe', '@example', '.com'],
  [' today', '.'],
];
const CLEAN = [
  ['Hello', ' there', ', '],
  ['all', ' is', ' well'],
  [' today', '.'],
];

/** Tokens of a long answer: with 20 top_logprobs each, its logprobs are over a million JSON values. */
const LONG_TOKENS = 9_000;
/** A plain answer of `n` tokens ("w0 w1 ..."), each with 20 top_logprobs, as OpenAI gives with top_logprobs: 20. */
function longAnswer(n: number): Json {
  const tokens = Array.from({ length: n }, (_, k) => ` w${k}`);
  const entry = (token: string) => ({ token, logprob: -0.5, bytes: [...Buffer.from(token)] });
  return {
    id: 'chatcmpl-up',
    object: 'chat.completion',
    created: 1,
    model: 'up-long',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: tokens.join('') },
        logprobs: {
          content: tokens.map((t) => ({ ...entry(t), top_logprobs: Array.from({ length: 20 }, () => entry(t)) })),
          refusal: null,
        },
        finish_reason: 'stop',
      },
    ],
  };
}

let up: Upstream;
let checked: RunningGateway;
let passThrough: RunningGateway;

const pack = (name: string, chain: string) => `
pack: {name: ${name}, version: 1.0.0, enabled: true}
providers:
  targets:
    - {id: email, provider: openai, model: up-email, base_url: "${up.url}"}
    - {id: clean, provider: openai, model: up-clean, base_url: "${up.url}"}
    - {id: plain, provider: openai, model: up-plain, base_url: "${up.url}"}
    - {id: long, provider: openai, model: up-long, base_url: "${up.url}"}
    - {id: tool, provider: openai, model: up-tool, base_url: "${up.url}"}
    - {id: ids, provider: openai, model: up-ids, base_url: "${up.url}"}
    - {id: parts, provider: openai, model: up-parts, base_url: "${up.url}"}
    - {id: ids-clean, provider: openai, model: up-ids-clean, base_url: "${up.url}"}
policies:
  chain: [${chain}]
policy:
  pii-detector: {action: redact}
  prompt-injection: {}
`;

beforeAll(async () => {
  up = await startUpstream({
    streams: {
      'up-email': answer(WITH_EMAIL),
      'up-clean': answer(CLEAN),
      // Mistral's reasoning models stream the answer as content parts: thinking, then text.
      'up-parts': [
        chunk({ role: 'assistant', content: '' }, null),
        chunk(
          { content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'Mail jane.doe@example.com.' }] }] },
          null,
        ),
        chunk({ content: [{ type: 'text', text: 'Done.' }] }, null),
        chunk({}, null, 'stop'),
      ],
      // vLLM with return_token_ids: each chunk's generated token ids; the last text comes with the finish.
      'up-ids': [
        chunk({ role: 'assistant', content: '' }, null),
        chunk({ content: 'Write to ' }, null, null, { token_ids: [101, 102] }),
        chunk({ content: 'jane.doe@example.com' }, null, 'stop', { token_ids: [201, 202, 203] }),
      ],
    },
    answers: {
      'up-long': longAnswer(LONG_TOKENS),
      'up-ids-clean': {
        id: 'chatcmpl-up',
        object: 'chat.completion',
        created: 1,
        model: 'up-ids-clean',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'All is well.' },
            token_ids: [301, 302],
            finish_reason: 'stop',
          },
        ],
      },
      'up-ids': {
        id: 'chatcmpl-up',
        object: 'chat.completion',
        created: 1,
        model: 'up-ids',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'Write to jane.doe@example.com' },
            token_ids: [101, 102, 201, 202, 203],
            finish_reason: 'stop',
          },
        ],
      },
      // vLLM: logprobs spell every token written, a tool call's arguments too.
      'up-tool': {
        id: 'chatcmpl-up',
        object: 'chat.completion',
        created: 1,
        model: 'up-tool',
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: null,
              tool_calls: [
                {
                  id: 'call_1',
                  type: 'function',
                  function: { name: 'send', arguments: '{"to":"jane.doe@example.com"}' },
                },
              ],
            },
            logprobs: lp('{"to":"', 'jane', '.doe', '@example', '.com', '"}'),
            finish_reason: 'tool_calls',
          },
        ],
      },
      'up-plain': {
        id: 'chatcmpl-up',
        object: 'chat.completion',
        created: 1,
        model: 'up-plain',
        system_fingerprint: 'fp_up_123',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: WITH_EMAIL.flat().join('') },
            logprobs: lp(...WITH_EMAIL.flat()),
            finish_reason: 'stop',
          },
        ],
      },
    },
  });
  [checked, passThrough] = await Promise.all([
    startGateway(pack('e2e-stream-checked', 'pii-detector')),
    startGateway(pack('e2e-stream-pass', 'prompt-injection')),
  ]);
});
afterAll(async () => {
  await Promise.all([cleanup(checked), cleanup(passThrough)]);
  await up.close();
});

/** The parsed `data:` chunks of a streamed answer. */
async function streamed(gw: RunningGateway, model: string): Promise<Json[]> {
  const res = await fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    body: JSON.stringify({ model, stream: true, logprobs: true, messages: [{ role: 'user', content: 'hi' }] }),
  });
  expect(res.status).toBe(200);
  const text = await res.text();
  expect(text.trim().endsWith('data: [DONE]')).toBe(true);
  return text
    .split('\n\n')
    .filter((l) => l.startsWith('data: {'))
    .map((l) => JSON.parse(l.slice(6)) as Json);
}
const tokensOf = (chunks: Json[]) =>
  chunks.flatMap((c) => (c.choices[0]?.logprobs?.content ?? []).map((e: Json) => e.token as string));
const textOf = (chunks: Json[]) => chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');

describe('upstream chunk fields on the chunks the gateway re-emits', () => {
  it('answers checked: system_fingerprint and service_tier on every chunk, stop_reason on the last, logprobs of the unchanged text', async () => {
    const chunks = await streamed(checked, 'up-clean');
    expect(textOf(chunks)).toBe(CLEAN.flat().join(''));
    for (const c of chunks) expect(c).toMatchObject({ system_fingerprint: 'fp_up_123', service_tier: 'default' });
    expect(chunks.at(-1)!.choices[0]).toMatchObject({ finish_reason: 'stop', stop_reason: 42 });
    expect(tokensOf(chunks)).toEqual(CLEAN.flat());
    expect(
      chunks.find((c) => c.choices[0]?.logprobs?.content?.length > 0).choices[0].logprobs.content[0],
    ).toMatchObject({ token: 'Hello', logprob: -0.5, top_logprobs: [{ token: 'Hello' }] });
  });

  it('a redaction: the email is redacted in the text and no logprob from the changed text on goes out', async () => {
    const chunks = await streamed(checked, 'up-email');
    expect(textOf(chunks)).toBe('Hello there, write to [EMAIL_REDACTED] today.');
    const all = JSON.stringify(chunks);
    expect(all).not.toContain('jane');
    expect(all).not.toContain('example');
    expect(all).not.toContain(JSON.stringify([...Buffer.from('jane')]).slice(1, -1));
    expect(tokensOf(chunks)).toEqual(['Hello', ' there', ', ', 'write', ' to', ' ']);
    for (const c of chunks) expect(c.system_fingerprint).toBe('fp_up_123');
  });

  it('nothing checks answers: each chunk goes out with its own logprobs, as the upstream sent it', async () => {
    const chunks = await streamed(passThrough, 'up-email');
    const withText = chunks.filter(
      (c) => typeof c.choices[0]?.delta?.content === 'string' && c.choices[0].delta.content !== '',
    );
    expect(withText.map((c) => c.choices[0].logprobs.content.map((e: Json) => e.token))).toEqual(WITH_EMAIL);
    for (const c of chunks) expect(c).toMatchObject({ system_fingerprint: 'fp_up_123', service_tier: 'default' });
    expect(chunks.at(-1)!.choices[0]).toMatchObject({ finish_reason: 'stop', stop_reason: 42 });
  });

  it('the openai client reads system_fingerprint and logprobs off the stream', async () => {
    const client = new OpenAI({ apiKey: 'unused', baseURL: `${checked.url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'up-clean',
      stream: true,
      logprobs: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const fingerprints = new Set<string | undefined>();
    const tokens: string[] = [];
    for await (const c of stream) {
      fingerprints.add(c.system_fingerprint);
      for (const e of c.choices[0]?.logprobs?.content ?? []) tokens.push(e.token);
    }
    expect([...fingerprints]).toEqual(['fp_up_123']);
    expect(tokens).toEqual(CLEAN.flat());
  });

  it('a long plain answer with top_logprobs (over a million values) is checked and passed with its logprobs', async () => {
    const res = await fetch(`${checked.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({
        model: 'up-long',
        logprobs: true,
        top_logprobs: 20,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body.choices[0].message.content.length).toBeGreaterThan(LONG_TOKENS * 3);
    expect(body.choices[0].logprobs.content).toHaveLength(LONG_TOKENS);
    expect(body.choices[0].logprobs.content[LONG_TOKENS - 1].top_logprobs).toHaveLength(20);
  });

  it('a plain answer redacted by the checks does not give the email back through its logprobs either', async () => {
    const res = await fetch(`${checked.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'up-plain', logprobs: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body.choices[0].message.content).toBe('Hello there, write to [EMAIL_REDACTED] today.');
    expect(JSON.stringify(body)).not.toContain('jane');
    expect(body.choices[0].logprobs.content.map((e: Json) => e.token)).toEqual([
      'Hello',
      ' there',
      ', ',
      'write',
      ' to',
      ' ',
    ]);
    expect(body.system_fingerprint).toBe('fp_up_123');
  });

  it('a plain answer whose tool call the checks redacted does not give the email back through logprobs', async () => {
    const res = await fetch(`${checked.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'up-tool', logprobs: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body.choices[0].message.tool_calls[0].function.arguments).toBe('{"to":"[EMAIL_REDACTED]"}');
    expect(JSON.stringify(body)).not.toContain('jane');
    expect(body.choices[0].logprobs.content).toEqual([]);
  });

  // Token ids spell the text as surely as logprobs do (anyone with the model's tokenizer reads them back).
  it('token ids (vLLM return_token_ids) never go out with an answer the checks changed, plain or streamed', async () => {
    const res = await fetch(`${checked.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'up-ids', return_token_ids: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const body = (await res.json()) as Json;
    expect(body.choices[0].message.content).toBe('Write to [EMAIL_REDACTED]');
    expect(body.choices[0]).not.toHaveProperty('token_ids');
    const chunks = await streamed(checked, 'up-ids');
    expect(textOf(chunks)).toBe('Write to [EMAIL_REDACTED]');
    for (const c of chunks) expect(c.choices[0] ?? {}).not.toHaveProperty('token_ids');
  });

  it('token ids pass as the upstream sent them when the checks changed nothing or nothing checks answers', async () => {
    const body = (await (
      await fetch(`${passThrough.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'up-ids', messages: [{ role: 'user', content: 'hi' }] }),
      })
    ).json()) as Json;
    expect(body.choices[0].token_ids).toEqual([101, 102, 201, 202, 203]);
    const clean = (await (
      await fetch(`${checked.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'up-ids-clean', messages: [{ role: 'user', content: 'hi' }] }),
      })
    ).json()) as Json;
    expect(clean.choices[0].token_ids).toEqual([301, 302]);
    const chunks = await streamed(passThrough, 'up-ids');
    expect(chunks.flatMap((c) => c.choices[0]?.token_ids ?? [])).toEqual([101, 102, 201, 202, 203]);
  });

  it('content parts: passed as they came when nothing checks answers; an error, not an empty answer, when checked', async () => {
    const chunks = await streamed(passThrough, 'up-parts');
    expect(
      chunks.flatMap((c) => (Array.isArray(c.choices[0]?.delta?.content) ? c.choices[0].delta.content : [])),
    ).toEqual([
      { type: 'thinking', thinking: [{ type: 'text', text: 'Mail jane.doe@example.com.' }] },
      { type: 'text', text: 'Done.' },
    ]);
    const res = await fetch(`${checked.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'up-parts', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const text = await res.text();
    expect(text).not.toContain('[DONE]');
    expect(text).not.toContain('jane');
    const events = text
      .split('\n\n')
      .filter((l) => l.startsWith('data: {'))
      .map((l) => JSON.parse(l.slice(6)) as Json);
    expect(events.at(-1)).toMatchObject({ error: { code: 'upstream_protocol' } });
  });
});
