// What comes with a model's reasoning besides its text, when the gateway checks answers: the order of
// reasoning and answer when an upstream goes back and forth between them (interleaved thinking), the
// logprobs that spell out the tokens of both (vLLM puts the reasoning's tokens in `logprobs.content` too),
// and the `signature` of an OpenRouter `reasoning_details` entry, which certifies text the gateway may have
// redacted. Real gateways, a loopback upstream, the official openai client.
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
  pieces,
} from './helpers.js';

const EMAIL = 'jane.doe@example.com';
/** Long enough that the checks of a fast stream are spaced out (every eighth of growth) past the turns after it. */
const R1 = `First I look at the question. ${'It asks for a plan with three steps, in order. '.repeat(40)}`;
const C1 = 'Here is the first step of the plan. ';
const R2 = `Now the second step: write to ${EMAIL} for the keys. ${'That settles who holds them. '.repeat(4)}`;
const C2 = 'The second step is to ask for the keys.';
const R2_REDACTED = R2.replace(EMAIL, '[EMAIL_REDACTED]');

const chunk = (delta: Json, extra: Json = {}, finish: string | null = null): Json =>
  upstreamChunk(delta, { finish, choice: extra });
/** Logprobs of the tokens `tokens` (each with itself as its only alternative), as vLLM and OpenAI write them. */
const lp = (tokens: string[]): Json => ({
  content: tokens.map((token) => ({
    token,
    logprob: -0.25,
    bytes: [...Buffer.from(token)],
    top_logprobs: [{ token, logprob: -0.25, bytes: [...Buffer.from(token)] }],
  })),
});
/** Text in 6-character tokens. */
const tokens = (text: string): string[] => pieces(text, 6);

/** Reasoning, answer, reasoning again (an email in it, cut across chunks), answer again. */
const INTERLEAVED: Array<[string, string]> = [
  ['reasoning_content', R1],
  ['content', C1],
  ['reasoning_content', R2],
  ['content', C2],
];
const interleavedStream = (withLogprobs: boolean): Json[] => [
  chunk({ role: 'assistant', content: '' }),
  ...INTERLEAVED.flatMap(([key, text]) =>
    pieces(text, 12).map((p) => chunk({ [key]: p }, withLogprobs ? { logprobs: lp(tokens(p)) } : {})),
  ),
  chunk({}, {}, 'stop'),
];

const SIGNED = 'sig-certifies-the-provider-text';
const DETAILS = [
  { type: 'reasoning.text', text: R1, signature: 'sig-clean-entry', format: 'anthropic-claude-v1', index: 0 },
  { type: 'reasoning.text', text: R2, signature: SIGNED, format: 'anthropic-claude-v1', index: 1 },
  { type: 'reasoning.encrypted', data: 'b3BhcXVl', format: 'anthropic-claude-v1', index: 2 },
];

/** Anthropic's thinking as content parts: a signed one that names the email, a signed clean one, the text. */
const THINKING_PARTS = [
  { type: 'thinking', thinking: R2, signature: SIGNED },
  { type: 'thinking', thinking: R1, signature: 'sig-clean-part' },
  { type: 'text', text: C2 },
];
const THINKING_PARTS_CHECKED = [{ type: 'thinking', thinking: R2_REDACTED }, THINKING_PARTS[1], THINKING_PARTS[2]];

let up: Upstream;
let gw: RunningGateway;

const pack = () => `
pack: {name: e2e-reasoning-fields, version: 1.0.0, enabled: true}
providers:
  targets:
    - {id: interleaved, provider: openai, model: interleaved, base_url: "${up.url}"}
    - {id: interleaved-lp, provider: openai, model: interleaved-lp, base_url: "${up.url}"}
    - {id: both-at-once, provider: openai, model: both-at-once, base_url: "${up.url}"}
    - {id: vllm-both-names, provider: openai, model: vllm-both-names, base_url: "${up.url}"}
    - {id: vllm-plain, provider: openai, model: vllm-plain, base_url: "${up.url}"}
    - {id: signed-plain, provider: openai, model: signed-plain, base_url: "${up.url}"}
    - {id: signed-stream, provider: openai, model: signed-stream, base_url: "${up.url}"}
    - {id: thinking-parts, provider: openai, model: thinking-parts, base_url: "${up.url}"}
    - {id: echo, provider: openai, model: echo, base_url: "${up.url}"}
policies:
  chain: [pii-detector]
policy:
  pii-detector: {action: redact}
`;

beforeAll(async () => {
  up = await startUpstream({
    reply: 'fine',
    streams: {
      interleaved: interleavedStream(false),
      'interleaved-lp': interleavedStream(true),
      // One chunk ends the reasoning (the email in it) and starts the answer; its logprobs spell both.
      'both-at-once': [
        chunk({ role: 'assistant', content: '' }),
        chunk(
          { reasoning_content: `Reply to ${EMAIL}.`, content: 'Sure.' },
          { logprobs: lp(['Reply to ', EMAIL, '.', 'Sure.']) },
        ),
        chunk({ content: ' Done.' }, { logprobs: lp([' Done.']) }),
        chunk({}, {}, 'stop'),
      ],
      // Newer vLLM repeats each reasoning piece under both names, with the logprobs of its tokens once.
      'vllm-both-names': [
        chunk({ role: 'assistant', content: '' }),
        ...pieces(R2, 12).map((p) => chunk({ reasoning_content: p, reasoning: p }, { logprobs: lp(tokens(p)) })),
        ...pieces(C2, 12).map((p) => chunk({ content: p, reasoning: null }, { logprobs: lp(tokens(p)) })),
        chunk({}, {}, 'stop'),
      ],
      // OpenRouter: the reasoning text streams as `reasoning` and again in reasoning_details pieces; the
      // signature comes on the entry's last piece.
      'signed-stream': [
        chunk({ role: 'assistant', content: '' }),
        ...pieces(R2, 12).map((p) =>
          chunk({ reasoning: p, reasoning_details: [{ type: 'reasoning.text', text: p, index: 0 }] }),
        ),
        chunk({ reasoning_details: [{ type: 'reasoning.text', text: '', signature: SIGNED, index: 0 }] }),
        chunk({ content: C2 }),
        chunk({}, {}, 'stop'),
      ],
    },
    answers: {
      // vLLM with a reasoning parser: logprobs cover every generated token, the reasoning's first.
      'vllm-plain': {
        id: 'chatcmpl-up',
        object: 'chat.completion',
        created: 1,
        model: 'vllm-plain',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', reasoning_content: R2, content: C2 },
            logprobs: lp([...tokens(R2), ...tokens(C2)]),
            finish_reason: 'stop',
          },
        ],
      },
      // Anthropic-style content parts: signed thinking, then the answer's text.
      'thinking-parts': {
        id: 'chatcmpl-up',
        object: 'chat.completion',
        created: 1,
        model: 'thinking-parts',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: THINKING_PARTS },
            finish_reason: 'stop',
          },
        ],
      },
      'signed-plain': {
        id: 'chatcmpl-up',
        object: 'chat.completion',
        created: 1,
        model: 'signed-plain',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: C2, reasoning: R1 + R2, reasoning_details: DETAILS },
            finish_reason: 'stop',
          },
        ],
      },
    },
  });
  gw = await startGateway(pack());
});
afterAll(async () => {
  await cleanup(gw);
  await up.close();
});

const client = () => new OpenAI({ apiKey: 'unused', baseURL: `${gw.url}/v1`, maxRetries: 0 });

/** The choices of a streamed answer, read with the openai client. */
async function streamedChoices(model: string): Promise<Json[]> {
  const stream = await client().chat.completions.create({
    model,
    stream: true,
    logprobs: true,
    messages: [{ role: 'user', content: 'plan it' }],
  });
  const out: Json[] = [];
  for await (const c of stream) if (c.choices[0] !== undefined) out.push(c.choices[0]);
  return out;
}

/** The text fields of the deltas as the client reads them, one run per field in the order they came. */
function runs(choices: Json[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const { delta } of choices)
    for (const key of Object.keys(delta)) {
      if ((key !== 'content' && key !== 'reasoning_content') || typeof delta[key] !== 'string' || delta[key] === '')
        continue;
      const last = out.at(-1);
      if (last?.[0] === key) last[1] += delta[key];
      else out.push([key, delta[key]]);
    }
  return out;
}

describe('interleaved thinking: reasoning and answer take turns in one stream', () => {
  it('the client reads each turn whole and in the order the upstream wrote them, the email redacted', async () => {
    const choices = await streamedChoices('interleaved');
    expect(runs(choices)).toEqual([
      ['reasoning_content', R1],
      ['content', C1],
      ['reasoning_content', R2_REDACTED],
      ['content', C2],
    ]);
    expect(JSON.stringify(choices)).not.toContain('jane');
  });

  it('reasoning and answer never share a chunk, so no client has to guess which came first', async () => {
    const choices = await streamedChoices('interleaved');
    for (const { delta } of choices)
      expect(
        ['content', 'reasoning_content'].filter((k) => typeof delta[k] === 'string' && delta[k] !== '').length,
      ).toBeLessThan(2);
  });
});

describe('logprobs of reasoning and answer', () => {
  it('streamed: each turn keeps its logprobs up to the redaction; none spells the redacted email', async () => {
    const choices = await streamedChoices('interleaved-lp');
    expect(runs(choices)).toEqual([
      ['reasoning_content', R1],
      ['content', C1],
      ['reasoning_content', R2_REDACTED],
      ['content', C2],
    ]);
    expect(JSON.stringify(choices)).not.toContain('jane');
    expect(JSON.stringify(choices)).not.toContain(JSON.stringify([...Buffer.from('jane')]).slice(1, -1));
    // Logprobs go with the field whose tokens they spell: the answer's all (it is unchanged), the reasoning's
    // up to the chunk where the redaction starts.
    const spelled = (key: string) =>
      choices
        .filter((c) => typeof c.delta[key] === 'string')
        .flatMap((c) => (c.logprobs?.content ?? []).map((e: Json) => e.token as string))
        .join('');
    expect(spelled('content')).toBe(C1 + C2);
    const reasoning = spelled('reasoning_content');
    expect(reasoning.startsWith(R1)).toBe(true);
    expect((R1 + R2).startsWith(reasoning)).toBe(true);
    expect(reasoning.length).toBeLessThan(R1.length + R2.indexOf(EMAIL));
  });

  it('streamed: logprobs of a chunk that carries reasoning and answer at once do not give the reasoning back', async () => {
    const choices = await streamedChoices('both-at-once');
    expect(runs(choices)).toEqual([
      ['reasoning_content', 'Reply to [EMAIL_REDACTED].'],
      ['content', 'Sure. Done.'],
    ]);
    expect(JSON.stringify(choices)).not.toContain('jane');
  });

  it('streamed: reasoning repeated under both names goes out together, once, with its logprobs once', async () => {
    const choices = await streamedChoices('vllm-both-names');
    const both = choices.filter((c) => typeof c.delta.reasoning_content === 'string');
    expect(both.map((c) => c.delta.reasoning_content).join('')).toBe(R2_REDACTED);
    for (const c of both) expect(c.delta.reasoning).toBe(c.delta.reasoning_content);
    expect(choices.filter((c) => typeof c.delta.reasoning === 'string')).toEqual(both);
    const spelled = (cs: Json[]) =>
      cs.flatMap((c) => (c.logprobs?.content ?? []).map((e: Json) => e.token as string)).join('');
    expect(spelled(choices.filter((c) => typeof c.delta.content === 'string'))).toBe(C2);
    expect(R2.startsWith(spelled(both))).toBe(true);
    expect(spelled(both).length).toBeGreaterThan(0);
    expect(JSON.stringify(choices)).not.toContain('jane');
  });

  it('plain: vLLM-style logprobs that spell the reasoning too are cut where they no longer spell the answer', async () => {
    const res = await client().chat.completions.create({
      model: 'vllm-plain',
      logprobs: true,
      messages: [{ role: 'user', content: 'plan it' }],
    });
    const message = res.choices[0]!.message as unknown as Json;
    expect(message.reasoning_content).toBe(R2_REDACTED);
    expect(message.content).toBe(C2);
    expect(JSON.stringify(res)).not.toContain('jane');
    expect(JSON.stringify(res)).not.toContain(EMAIL.slice(2, 8));
  });
});

describe('signed reasoning_details entries', () => {
  it('plain: an entry whose text was redacted loses its signature; unchanged entries keep theirs', async () => {
    const res = await client().chat.completions.create({
      model: 'signed-plain',
      messages: [{ role: 'user', content: 'x' }],
    });
    const details = (res.choices[0]!.message as unknown as Json).reasoning_details as Json[];
    expect(details).toEqual([
      DETAILS[0],
      { type: 'reasoning.text', text: R2_REDACTED, format: 'anthropic-claude-v1', index: 1 },
      DETAILS[2],
    ]);
    expect(JSON.stringify(res)).not.toContain(SIGNED);
  });

  it('streamed: the entry goes out whole with its redacted text and without the signature', async () => {
    const choices = await streamedChoices('signed-stream');
    const details = choices.flatMap((c) => c.delta.reasoning_details ?? []);
    expect(details).toEqual([{ type: 'reasoning.text', text: R2_REDACTED, index: 0 }]);
    expect(JSON.stringify(choices)).not.toContain(SIGNED);
    expect(JSON.stringify(choices)).not.toContain('jane');
  });

  it('requests: a signed entry of an earlier turn whose text is redacted goes upstream without its signature', async () => {
    const before = up.requests.length;
    await client().chat.completions.create({
      model: 'echo',
      messages: [
        { role: 'user', content: 'plan it' },
        { role: 'assistant', content: C2, reasoning_details: DETAILS } as OpenAI.Chat.ChatCompletionMessageParam,
        { role: 'user', content: 'go on' },
      ],
    });
    const sent = up.requests.slice(before).find((r) => r.path.endsWith('/chat/completions'));
    expect(sent?.body.messages[1].reasoning_details).toEqual([
      DETAILS[0],
      { type: 'reasoning.text', text: R2_REDACTED, format: 'anthropic-claude-v1', index: 1 },
      DETAILS[2],
    ]);
    expect(JSON.stringify(sent?.body)).not.toContain(SIGNED);
  });

  it('thinking content parts: read like reasoning, redacted, and unsigned where redacted, in answers and earlier turns', async () => {
    const res = await client().chat.completions.create({
      model: 'thinking-parts',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect((res.choices[0]!.message as unknown as Json).content).toEqual(THINKING_PARTS_CHECKED);
    expect(JSON.stringify(res)).not.toContain(SIGNED);
    expect(JSON.stringify(res)).not.toContain(EMAIL);

    const before = up.requests.length;
    await client().chat.completions.create({
      model: 'echo',
      messages: [
        { role: 'user', content: 'plan it' },
        { role: 'assistant', content: THINKING_PARTS } as unknown as OpenAI.Chat.ChatCompletionMessageParam,
        { role: 'user', content: 'go on' },
      ],
    });
    const sent = up.requests.slice(before).find((r) => r.path.endsWith('/chat/completions'));
    expect(sent?.body.messages[1].content).toEqual(THINKING_PARTS_CHECKED);
    expect(JSON.stringify(sent?.body)).not.toContain(SIGNED);
  });
});
