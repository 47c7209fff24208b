// The model's reasoning beside its answer (`reasoning_content` as DeepSeek and vLLM send it, `reasoning` and
// `reasoning_details` as OpenRouter does) is text the client reads: the output policies check it, a redaction
// rewrites it in what the client gets, plain and streamed (a value split across chunks included), and a block
// stops it. Earlier assistant turns sent back with their reasoning are read by the input policies. Real
// gateways, a loopback upstream, the official openai client.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  type Json,
  startGateway,
  startUpstream,
  type RunningGateway,
  type Upstream,
  pieces,
  chunkOf,
} from './helpers.js';

const EMAIL = 'jane.doe@example.com';
const CODE = 'PROJECT-FALCON-1234';
/** Longer than the gateway's 128-character hold-back, the email in its middle. */
const THINKING = `The user wants a greeting. ${'I should keep it short and friendly, nothing more. '.repeat(3)}Their address is ${EMAIL}, which I must not repeat. ${'Plain words will do for this answer. '.repeat(3)}Done.`;
const ANSWER = 'Hello there, all is well today.';

const completion = (message: Json): Json => ({
  id: 'chatcmpl-up',
  object: 'chat.completion',
  created: 1,
  model: 'up',
  choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: 'stop' }],
});
const chunk = chunkOf;
/** A streamed answer: its reasoning under `key` in 7-character pieces (the email cut across several), then its text. */
const reasoningStream = (key: string, thinking = THINKING, extra: (piece: string) => Json = () => ({})): Json[] => [
  chunk({ role: 'assistant', content: '' }),
  ...pieces(thinking, 7).map((p) => chunk({ [key]: p, ...extra(p) })),
  // vLLM sends the reasoning field as null beside content once the answer starts.
  ...pieces(ANSWER, 10).map((p) => chunk({ content: p, [key]: null })),
  chunk({}, 'stop'),
];

let up: Upstream;
let checked: RunningGateway;
let passThrough: RunningGateway;

const pack = (name: string, chain: string) => `
pack: {name: ${name}, version: 1.0.0, enabled: true}
providers:
  targets:
    - {id: plain-rc, provider: openai, model: plain-rc, base_url: "${up.url}"}
    - {id: plain-r, provider: openai, model: plain-r, base_url: "${up.url}"}
    - {id: plain-details, provider: openai, model: plain-details, base_url: "${up.url}"}
    - {id: plain-code, provider: openai, model: plain-code, base_url: "${up.url}"}
    - {id: stream-rc, provider: openai, model: stream-rc, base_url: "${up.url}"}
    - {id: stream-r, provider: openai, model: stream-r, base_url: "${up.url}"}
    - {id: stream-code, provider: openai, model: stream-code, base_url: "${up.url}"}
    - {id: echo, provider: openai, model: echo, base_url: "${up.url}"}
policies:
  chain: [${chain}]
policy:
  pii-detector: {action: redact}
  dlp-filter:
    patterns:
      - {name: codenames, regex: "PROJECT-FALCON-[0-9]{4}", action: block}
  prompt-injection: {}
`;

beforeAll(async () => {
  up = await startUpstream({
    reply: 'fine',
    answers: {
      'plain-rc': completion({ content: ANSWER, reasoning_content: THINKING }),
      'plain-r': completion({ content: ANSWER, reasoning: THINKING }),
      'plain-details': completion({
        content: ANSWER,
        reasoning: THINKING,
        reasoning_details: [
          { type: 'reasoning.summary', summary: `Greets ${EMAIL}.`, index: 0 },
          { type: 'reasoning.text', text: THINKING, signature: 'sig-abc', index: 1 },
          { type: 'reasoning.encrypted', data: 'ZW5jcnlwdGVk', index: 2 },
        ],
      }),
      'plain-code': completion({ content: ANSWER, reasoning_content: `The launch is ${CODE}, keep it quiet.` }),
    },
    streams: {
      'stream-rc': reasoningStream('reasoning_content'),
      // OpenRouter: `reasoning` text, and the same text again in `reasoning_details` pieces (one entry, index 0).
      'stream-r': reasoningStream('reasoning', THINKING, (p) => ({
        reasoning_details: [{ type: 'reasoning.text', text: p, format: 'unknown', index: 0 }],
      })),
      'stream-code': reasoningStream('reasoning_content', `${THINKING} The launch is ${CODE}.`),
    },
  });
  [checked, passThrough] = await Promise.all([
    startGateway(pack('e2e-reasoning-checked', 'pii-detector, dlp-filter')),
    startGateway(pack('e2e-reasoning-pass', 'prompt-injection')),
  ]);
});
afterAll(async () => {
  await Promise.all([cleanup(checked), cleanup(passThrough)]);
  await up.close();
});

const client = (gw: RunningGateway) => new OpenAI({ apiKey: 'unused', baseURL: `${gw.url}/v1`, maxRetries: 0 });
const REDACTED = THINKING.replace(EMAIL, '[EMAIL_REDACTED]');

/** The deltas of a streamed answer, read with the openai client. */
async function deltas(gw: RunningGateway, model: string): Promise<Json[]> {
  const stream = await client(gw).chat.completions.create({
    model,
    stream: true,
    messages: [{ role: 'user', content: 'hi' }],
  });
  const out: Json[] = [];
  for await (const c of stream) if (c.choices[0] !== undefined) out.push(c.choices[0].delta);
  return out;
}
const joined = (ds: Json[], key: string) => ds.map((d) => (typeof d[key] === 'string' ? d[key] : '')).join('');

describe('plain answers: reasoning is checked and rewritten like the answer', () => {
  it('an email in reasoning_content is redacted in what the client gets', async () => {
    const answer = await client(checked).chat.completions.create({
      model: 'plain-rc',
      messages: [{ role: 'user', content: 'hi' }],
    });
    const message = answer.choices[0]!.message as unknown as Json;
    expect(message.content).toBe(ANSWER);
    expect(message.reasoning_content).toBe(REDACTED);
    expect(JSON.stringify(answer)).not.toContain(EMAIL);
  });

  it('`reasoning` and the text and summary of `reasoning_details` are redacted; their other fields pass as sent, bar a stale signature', async () => {
    const r = await client(checked).chat.completions.create({
      model: 'plain-r',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect((r.choices[0]!.message as unknown as Json).reasoning).toBe(REDACTED);
    const d = await client(checked).chat.completions.create({
      model: 'plain-details',
      messages: [{ role: 'user', content: 'hi' }],
    });
    const message = d.choices[0]!.message as unknown as Json;
    expect(message.reasoning).toBe(REDACTED);
    expect(message.reasoning_details).toEqual([
      { type: 'reasoning.summary', summary: 'Greets [EMAIL_REDACTED].', index: 0 },
      // The signature certified the provider's text, not the redacted one (reasoning-fields.test.ts).
      { type: 'reasoning.text', text: REDACTED, index: 1 },
      { type: 'reasoning.encrypted', data: 'ZW5jcnlwdGVk', index: 2 },
    ]);
    expect(JSON.stringify(d)).not.toContain(EMAIL);
  });

  it('a DLP-blocked code name in the reasoning blocks the answer (409 output_blocked)', async () => {
    const err = await client(checked)
      .chat.completions.create({ model: 'plain-code', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(409);
    expect((err as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({
      code: 'output_blocked',
      policy: 'dlp-filter',
    });
    expect(JSON.stringify((err as InstanceType<typeof OpenAI.APIError>).error)).not.toContain(CODE);
  });
});

describe('streamed answers: reasoning is held back and checked like the answer', () => {
  it('an email cut across reasoning_content chunks is redacted, and all the reasoning comes before the answer', async () => {
    const ds = await deltas(checked, 'stream-rc');
    expect(joined(ds, 'reasoning_content')).toBe(REDACTED);
    expect(joined(ds, 'content')).toBe(ANSWER);
    expect(JSON.stringify(ds)).not.toContain('jane');
    const firstAnswer = ds.findIndex((d) => typeof d.content === 'string' && d.content !== '');
    const lastReasoning = ds.findLastIndex((d) => typeof d.reasoning_content === 'string');
    expect(lastReasoning).toBeGreaterThanOrEqual(0);
    expect(firstAnswer).toBeGreaterThanOrEqual(lastReasoning);
    // Released as it is checked, not all at the end: the reasoning comes in several chunks.
    expect(ds.filter((d) => typeof d.reasoning_content === 'string').length).toBeGreaterThan(1);
  });

  it('OpenRouter style: `reasoning` is redacted as it streams, `reasoning_details` goes out whole and redacted', async () => {
    const ds = await deltas(checked, 'stream-r');
    expect(joined(ds, 'reasoning')).toBe(REDACTED);
    expect(joined(ds, 'content')).toBe(ANSWER);
    const details = ds.flatMap((d) => d.reasoning_details ?? []);
    expect(details).toEqual([{ type: 'reasoning.text', text: REDACTED, format: 'unknown', index: 0 }]);
    expect(JSON.stringify(ds)).not.toContain('jane');
  });

  it('a DLP-blocked code name cut across reasoning chunks ends the stream with the error; none of it was sent', async () => {
    const res = await fetch(`${checked.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'stream-code', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('[DONE]');
    expect(text).not.toContain('FALCON');
    const events = text
      .split('\n\n')
      .filter((l) => l.startsWith('data: {'))
      .map((l) => JSON.parse(l.slice(6)) as Json);
    expect(events.at(-1)).toMatchObject({ error: { code: 'output_blocked', policy: 'dlp-filter' } });
    await expect(deltas(checked, 'stream-code')).rejects.toThrow(/dlp-filter|blocked/);
  });

  it('nothing checks answers: reasoning is forwarded as it arrives, unchanged', async () => {
    const ds = await deltas(passThrough, 'stream-rc');
    expect(joined(ds, 'reasoning_content')).toBe(THINKING);
    expect(joined(ds, 'content')).toBe(ANSWER);
    expect(ds.filter((d) => typeof d.reasoning_content === 'string').length).toBe(pieces(THINKING, 7).length);
  });
});

describe('requests: earlier assistant turns sent back with their reasoning', () => {
  const history = (reasoning: string): OpenAI.Chat.ChatCompletionMessageParam[] => [
    { role: 'user', content: 'hi' },
    { role: 'assistant', content: 'Hello.', reasoning_content: reasoning } as OpenAI.Chat.ChatCompletionMessageParam,
    { role: 'user', content: 'and now?' },
  ];

  it('an email in an earlier turn’s reasoning_content is redacted before it goes upstream', async () => {
    const before = up.requests.length;
    await client(checked).chat.completions.create({ model: 'echo', messages: history(THINKING) });
    const sent = up.requests.slice(before).find((r) => r.path.endsWith('/chat/completions'));
    expect(sent?.body.messages[1].reasoning_content).toBe(REDACTED);
    expect(JSON.stringify(sent?.body)).not.toContain(EMAIL);
  });

  it('a blocked code name in it blocks the request (409 input_blocked), and the upstream is not called', async () => {
    const before = up.requests.length;
    const err = await client(checked)
      .chat.completions.create({ model: 'echo', messages: history(`Launch is ${CODE}.`) })
      .catch((e: unknown) => e);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(409);
    expect((err as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({
      code: 'input_blocked',
      policy: 'dlp-filter',
    });
    expect(up.requests.length).toBe(before);
  });
});
