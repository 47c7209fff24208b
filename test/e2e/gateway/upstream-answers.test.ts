// Answers an OpenAI-compatible upstream may give besides plain content, through a real gateway: a
// refusal (answer text: scanned and redacted like content), the legacy `function_call` (a tool call:
// the agent firewall checks it on the output side, plain and streamed), and a 200 that is no completion.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../../helpers/wait.js';
import {
  cleanup,
  type Json,
  postChat,
  startGateway,
  startUpstream,
  type RunningGateway,
  type Upstream,
  upstreamChunk,
} from './helpers.js';

const completion = (message: Json, finish = 'stop'): Json => ({
  id: 'chatcmpl-up',
  object: 'chat.completion',
  created: 1,
  model: 'up',
  choices: [{ index: 0, message: { role: 'assistant', content: null, ...message }, finish_reason: finish }],
});
const chunk = (delta: Json, finish: string | null = null, index = 0): Json => upstreamChunk(delta, { finish, index });

/** A value nested `levels` objects deep. */
function deepValue(levels: number): Json {
  let v: Json = 'leaf';
  for (let k = 0; k < levels; k++) v = { d: v };
  return v;
}

/** An event stream of these chunks as an upstream writes it (no [DONE] unless given). */
const sse = (...events: Json[]) => ({
  type: 'text/event-stream',
  body: events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join(''),
});

let up: Upstream;
let gw: RunningGateway;

beforeAll(async () => {
  up = await startUpstream({
    answers: {
      'up-refusal': completion({ refusal: 'I cannot send that to jane.doe@example.com, sorry.' }),
      'up-legacy-call': completion(
        { function_call: { name: 'execute_code', arguments: '{"code":"rm -rf /"}' } },
        'function_call',
      ),
      'up-no-choices': { id: 'chatcmpl-up', object: 'chat.completion' },
      // An answer nested past the engine's payload limit (64 levels) cannot be checked.
      'up-too-deep': completion({ content: 'fine', annotations: [deepValue(80)] }),
      'up-error-body': { error: { message: 'quota exceeded for jane.doe@example.com', type: 'insufficient_quota' } },
      'up-choices-not-objects': { id: 'chatcmpl-up', object: 'chat.completion', choices: ['free text'] },
      // A choice whose message is no object: null (a 500 and no event), or text no check read (sent as it came).
      'up-message-null': { id: 'chatcmpl-up', object: 'chat.completion', choices: [{ index: 0, message: null }] },
      'up-message-text': {
        id: 'chatcmpl-up',
        object: 'chat.completion',
        choices: [{ index: 0, message: 'mail jane.doe@example.com', finish_reason: 'stop' }],
      },
      // Answer text in shapes no check reads: reasoning and a refusal that are not strings, audio not asked for.
      'up-unreadable-text': completion({
        content: 'fine',
        reasoning_content: { text: 'thinking of jane.doe@example.com' },
        refusal: ['no, jane.doe@example.com'],
        reasoning_details: 'thinking of jane.doe@example.com',
        audio: { id: 'audio_1', data: 'AAAA', transcript: 'write to jane.doe@example.com' },
      }),
      // Calls in shapes the agent firewall does not read: a map of calls, a function_call as its name.
      'up-unreadable-calls': completion({
        content: 'fine',
        tool_calls: { 0: { id: 'c1', type: 'function', function: { name: 'execute_code', arguments: '{}' } } },
        function_call: 'execute_code',
      }),
      // Token counts that are no counts, and one as large as an answer: never recorded as they came.
      'up-usage-garbage': {
        ...completion({ content: 'four words of answer' }),
        usage: { prompt_tokens: 'lots', completion_tokens: { n: 'x'.repeat(4096) }, total_tokens: -1 },
      },
      // Half a character (JSON.stringify writes it as a \ud800 escape): an address split by it was no address.
      'up-lone-surrogate': completion({ content: 'mail jane.doe\ud800@example.com' }),
      'up-lone-surrogate-key': completion({ content: 'fine', annotations: [{ ['jane.doe\udc00@example.com']: 1 }] }),
      'up-lone-surrogate-odd-key': completion({
        content: 'fine',
        annotations: [{ 'jane.doe@example.com': 'x\ud83d' }],
      }),
      'up-legacy-ok': completion(
        { function_call: { name: 'search', arguments: '{"q":"mail jane.doe@example.com"}' } },
        'function_call',
      ),
      // OpenAI custom tools: `{type: 'custom', custom: {name, input}}`, free-form input.
      'up-custom-call': completion(
        { tool_calls: [{ id: 'c1', type: 'custom', custom: { name: 'execute_code', input: 'rm -rf /' } }] },
        'tool_calls',
      ),
    },
    streams: {
      // A refusal streamed in pieces, an email split across two of them.
      'up-refusal-stream': [
        chunk({ role: 'assistant', content: null, refusal: 'I cannot send that to jane.doe@' }),
        chunk({ refusal: 'example.com, sorry.' }),
        chunk({}, 'stop'),
      ],
      // What an upstream streams for n: 2: the deltas of both choices, interleaved by index.
      'up-refusal': [
        chunk({ role: 'assistant', content: 'first ' }),
        chunk({ role: 'assistant', content: 'second ' }, null, 1),
        chunk({}, 'stop'),
        chunk({}, 'length', 1),
      ],
      // Usage on the last chunk with choices rather than a usage-only chunk (Mistral, Together, ...).
      'up-usage-garbage': [
        chunk({ role: 'assistant', content: 'four words of answer' }),
        { ...chunk({}, 'stop'), usage: { prompt_tokens: -3, completion_tokens: 'x'.repeat(4096) } },
      ],
      'up-usage-on-finish': [
        chunk({ role: 'assistant', content: 'counted answer' }),
        { ...chunk({}, 'stop'), usage: { prompt_tokens: 11, completion_tokens: 2, total_tokens: 13 } },
      ],
      'up-custom-call': [
        chunk({
          role: 'assistant',
          content: null,
          tool_calls: [{ index: 0, id: 'c1', type: 'custom', custom: { name: 'execute_code', input: '' } }],
        }),
        chunk({ tool_calls: [{ index: 0, custom: { input: 'rm -rf ' } }] }),
        chunk({ tool_calls: [{ index: 0, custom: { input: '/' } }] }),
        chunk({}, 'tool_calls'),
      ],
      'up-custom-ok': [
        chunk({
          role: 'assistant',
          content: null,
          tool_calls: [{ index: 0, id: 'c1', type: 'custom', custom: { name: 'search', input: '' } }],
        }),
        chunk({ tool_calls: [{ index: 0, custom: { input: 'mail jane.doe@' } }] }),
        chunk({ tool_calls: [{ index: 0, custom: { input: 'example.com' } }] }),
        chunk({}, 'tool_calls'),
      ],
      'up-legacy-call': [
        chunk({ role: 'assistant', content: null, function_call: { name: 'execute_code', arguments: '' } }),
        chunk({ function_call: { arguments: '{"code":' } }),
        chunk({ function_call: { arguments: '"rm -rf /"}' } }),
        chunk({}, 'function_call'),
      ],
    },
    raw: {
      // Generation failed after the 200: OpenAI-compatible servers send an error event and stop.
      'up-stream-error': sse(
        chunk({ role: 'assistant', content: '' }),
        chunk({ content: 'The first half of an answer' }),
        { error: { message: 'internal error for jane.doe@example.com', type: 'server_error' } },
      ),
      // The connection ends cleanly in the middle of the answer: no finish_reason, no [DONE].
      'up-stream-cut': sse(
        chunk({ role: 'assistant', content: '' }),
        chunk({ content: 'The first half of an answer' }),
      ),
      // A chunk whose `choices` is not a list: no chunk (it was answered as "unreachable: error").
      'up-stream-choices-not-list': sse(
        chunk({ role: 'assistant', content: 'The first half' }),
        { ...chunk({}), choices: { 0: { index: 0, delta: { content: ' of it' } } } },
        chunk({}, 'stop'),
      ),
      // A delta that is no object: its characters went out as fields "0", "1", ... that no check read.
      'up-stream-delta-text': sse(
        chunk({ role: 'assistant', content: 'The first half' }),
        { ...chunk({}), choices: [{ index: 0, delta: 'mail jane.doe@example.com' }] },
        chunk({}, 'stop'),
      ),
      // Half a character in the second chunk, after text has gone out.
      'up-stream-lone-surrogate': sse(
        chunk({ role: 'assistant', content: 'The first half' }),
        chunk({ content: ' mail jane.doe\udbff@example.com' }),
        chunk({}, 'stop'),
      ),
      // A JSON completion where an event stream was asked for.
      'up-stream-json': { type: 'application/json', body: JSON.stringify(completion({ content: 'not a stream' })) },
      // Complete answers: a finish_reason without [DONE], and [DONE] without its final newline.
      'up-stream-no-done': sse(chunk({ role: 'assistant', content: 'whole answer' }), chunk({}, 'stop')),
      // The finish_reason came, then no [DONE]: the connection breaks, or stays open with nothing more.
      'up-stream-finish-reset': {
        ...sse(chunk({ role: 'assistant', content: 'whole answer for jane.doe@example.com' }), chunk({}, 'stop')),
        end: 'reset',
      },
      'up-stream-finish-hang': {
        ...sse(chunk({ role: 'assistant', content: 'whole answer for jane.doe@example.com' }), chunk({}, 'stop')),
        end: 'hang',
      },
      // Broken off before the finish_reason: still a failure, whichever way the connection ends.
      'up-stream-cut-reset': { ...sse(chunk({ role: 'assistant', content: 'The first half' })), end: 'reset' },
      // Thousands of one-field tool calls (held to be checked whole), then nothing more on an open connection.
      'up-stream-many-calls': {
        ...sse(
          chunk({ role: 'assistant', content: null }),
          chunk({ tool_calls: Array.from({ length: 2000 }, (_, index) => ({ index })) }),
        ),
        end: 'hang',
      },
      'up-stream-bare-done': {
        type: 'text/event-stream',
        body: `${sse(chunk({ role: 'assistant', content: 'whole answer' }), chunk({}, 'stop')).body}data: [DONE]`,
      },
    },
  });
  const target = (model: string) => `    - {id: ${model}, provider: openai, model: ${model}, base_url: "${up.url}"}`;
  gw = await startGateway(`
pack: {name: e2e-upstream-answers, version: 1.0.0, enabled: true}
providers:
  targets:
${['up-refusal', 'up-refusal-stream', 'up-legacy-call', 'up-legacy-ok', 'up-custom-call', 'up-custom-ok', 'up-no-choices', 'up-too-deep', 'up-error-body', 'up-choices-not-objects', 'up-message-null', 'up-message-text', 'up-unreadable-text', 'up-unreadable-calls', 'up-usage-garbage', 'up-stream-error', 'up-stream-cut', 'up-stream-json', 'up-stream-no-done', 'up-stream-bare-done', 'up-usage-on-finish', 'up-stream-finish-reset', 'up-stream-cut-reset', 'up-stream-choices-not-list', 'up-stream-delta-text', 'up-lone-surrogate', 'up-lone-surrogate-key', 'up-lone-surrogate-odd-key', 'up-stream-lone-surrogate'].map(target).join('\n')}
    - {id: up-stream-finish-hang, provider: openai, model: up-stream-finish-hang, base_url: "${up.url}", timeout_ms: 500}
    - {id: up-stream-many-calls, provider: openai, model: up-stream-many-calls, base_url: "${up.url}", timeout_ms: 5000}
policies:
  chain: [pii-detector, agent-firewall, audit-logger]
policy:
  pii-detector: {action: redact}
  agent-firewall: {blocked_tools: [execute_code]}
  audit-logger: {log_all_access: true}
`);
});
afterAll(async () => {
  await cleanup(gw);
  await up.close();
});

const ask = (model: string, requestId: string, extra: Json = {}) => postChat(gw.url, model, requestId, extra);

const eventFor = (requestId: string) =>
  pollUntil(
    async () =>
      ((await gw.admin('/v1/events?limit=1000')).body.events as Json[]).find((e) => e.request_id === requestId),
    (e) => e !== undefined,
  );

describe('answer fields besides content', () => {
  it('a refusal is answer text: PII in it is redacted before the client sees it', async () => {
    const res = await ask('up-refusal', 'req_refusal');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body.choices[0].message.refusal).toBe('I cannot send that to [EMAIL_REDACTED], sorry.');
    expect(JSON.stringify(body)).not.toContain('jane.doe@example.com');
    expect(await eventFor('req_refusal')).toMatchObject({ verdict: 'redact' });
  });

  it('a streamed refusal is held to the end and checked whole: the email split across deltas is redacted', async () => {
    const res = await ask('up-refusal-stream', 'req_refusal_stream', { stream: true });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('jane.doe');
    const refusal = text
      .split('\n')
      .filter((l) => l.startsWith('data: {'))
      .map((l) => (JSON.parse(l.slice(6)) as Json).choices?.[0]?.delta?.refusal)
      .filter((r): r is string => typeof r === 'string')
      .join('');
    expect(refusal).toBe('I cannot send that to [EMAIL_REDACTED], sorry.');
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
    expect(await eventFor('req_refusal_stream')).toMatchObject({ verdict: 'redact' });
  });

  it('a legacy function_call in the answer is checked by the agent firewall: a blocked tool is 409, never sent', async () => {
    const res = await ask('up-legacy-call', 'req_legacy_call');
    expect(res.status).toBe(409);
    const text = await res.text();
    expect(JSON.parse(text).error).toMatchObject({
      type: 'policy_violation',
      policy: 'agent-firewall',
      request_id: 'req_legacy_call',
    });
    expect(text).not.toContain('rm -rf');
    expect(await eventFor('req_legacy_call')).toMatchObject({
      verdict: 'block',
      reason_code: 'agent_firewall.tool_blocked',
    });
  });

  it('an allowed legacy function_call passes, its arguments scanned like tool_calls arguments', async () => {
    const res = await ask('up-legacy-ok', 'req_legacy_ok');
    expect(res.status).toBe(200);
    const call = ((await res.json()) as Json).choices[0].message.function_call;
    expect(call.name).toBe('search');
    expect(JSON.parse(call.arguments)).toEqual({ q: 'mail [EMAIL_REDACTED]' });
  });

  it('a streamed legacy function_call of a blocked tool ends the stream with the error event, the call never sent', async () => {
    const res = await ask('up-legacy-call', 'req_legacy_stream', { stream: true });
    expect(res.status).toBe(200); // the stream had started
    const text = await res.text();
    const events = text
      .split('\n\n')
      .filter((e) => e.startsWith('data: '))
      .map((e) => e.slice(6));
    expect(JSON.parse(events.at(-1)!).error).toMatchObject({
      type: 'policy_violation',
      code: 'output_blocked',
      policy: 'agent-firewall',
    });
    expect(text).not.toContain('rm -rf');
    expect(text).not.toContain('"function_call"');
    expect(text).not.toContain('[DONE]');
  });
});

describe('OpenAI custom tool calls in the answer', () => {
  it('a custom call of a blocked tool is 409, plain and streamed, the call never sent (it passed the firewall)', async () => {
    const plain = await ask('up-custom-call', 'req_custom_call');
    expect(plain.status).toBe(409);
    const body = await plain.text();
    expect(JSON.parse(body).error).toMatchObject({ type: 'policy_violation', policy: 'agent-firewall' });
    expect(body).not.toContain('rm -rf');
    const streamed = await ask('up-custom-call', 'req_custom_stream', { stream: true });
    const text = await streamed.text();
    expect(text).toContain('"policy":"agent-firewall"');
    expect(text).not.toContain('rm -rf');
    expect(text).not.toContain('[DONE]');
  });

  it('a streamed custom call is sent whole as a custom call, its input scanned (it went out as an empty function call)', async () => {
    const res = await ask('up-custom-ok', 'req_custom_ok', { stream: true });
    const text = await res.text();
    const calls = text
      .split('\n')
      .filter((l) => l.startsWith('data: {'))
      .flatMap((l) => ((JSON.parse(l.slice(6)) as Json).choices?.[0]?.delta?.tool_calls as Json[] | undefined) ?? []);
    expect(calls).toEqual([
      { index: 0, id: 'c1', type: 'custom', custom: { name: 'search', input: 'mail [EMAIL_REDACTED]' } },
    ]);
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
  });
});

describe('answers that are not completions', () => {
  it('an answer too deeply nested to check is 502 upstream_protocol, not a 422 that blamed the client', async () => {
    const res = await ask('up-too-deep', 'req_too_deep');
    expect(res.status).toBe(502);
    const text = await res.text();
    expect(JSON.parse(text).error).toMatchObject({
      type: 'upstream_error',
      code: 'upstream_protocol',
      message: expect.stringMatching(/^the upstream's answer cannot be checked: payload nesting exceeds/),
      request_id: 'req_too_deep',
    });
    expect(await eventFor('req_too_deep')).toMatchObject({
      event_type: 'gateway.upstream_error',
      reason_code: 'upstream.protocol',
      provider: 'up-too-deep',
    });
  });

  it('a 200 answer without a choices array of objects, or a choice whose message is no object, is 502 upstream_protocol, like invalid JSON (it used to reach the client as 200; a null message was a 500 without an event)', async () => {
    for (const model of [
      'up-no-choices',
      'up-error-body',
      'up-choices-not-objects',
      'up-message-null',
      'up-message-text',
    ]) {
      const requestId = `req_${model.replace(/-/g, '_')}`;
      const res = await ask(model, requestId);
      expect({ model, status: res.status }).toEqual({ model, status: 502 });
      const text = await res.text();
      expect(JSON.parse(text).error).toMatchObject({
        type: 'upstream_error',
        code: 'upstream_protocol',
        request_id: requestId,
      });
      expect(text).not.toContain('jane.doe'); // never the upstream body
      expect(await eventFor(requestId)).toMatchObject({
        event_type: 'gateway.upstream_error',
        reason_code: 'upstream.protocol',
        provider: model,
      });
    }
  });
});

describe('half a character (a lone surrogate escape) in an answer', () => {
  it('is upstream_protocol naming where: a 502 for a plain answer, the error event of a stream (the address it split reached the client unredacted)', async () => {
    for (const [model, stream, message] of [
      [
        'up-lone-surrogate',
        false,
        String.raw`provider up-lone-surrogate answered with a lone UTF-16 surrogate (\ud800, half a character, which is no text) at 'choices[0].message.content'`,
      ],
      [
        'up-lone-surrogate-key',
        false,
        String.raw`provider up-lone-surrogate-key answered with a lone UTF-16 surrogate (\udc00, half a character, which is no text) in a key of 'choices[0].message.annotations[0]'`,
      ],
      [
        // A key that is no identifier is the upstream's text, not the answer's shape: the message does not quote it.
        'up-lone-surrogate-odd-key',
        false,
        String.raw`provider up-lone-surrogate-odd-key answered with a lone UTF-16 surrogate (\ud83d, half a character, which is no text)`,
      ],
      [
        'up-stream-lone-surrogate',
        true,
        String.raw`provider up-stream-lone-surrogate sent a stream chunk with a lone UTF-16 surrogate (\udbff, half a character, which is no text) at 'choices[0].delta.content'`,
      ],
    ] as const) {
      const requestId = `req_${model.replace(/-/g, '_')}_${stream}`;
      const res = await ask(model, requestId, { stream });
      const text = await res.text();
      expect([model, res.status]).toEqual([model, stream ? 200 : 502]);
      const error = stream ? JSON.parse(text.trim().split('\n\n').at(-1)!.slice(6)).error : JSON.parse(text).error;
      expect(error, model).toMatchObject({
        type: 'upstream_error',
        code: 'upstream_protocol',
        message,
        request_id: requestId,
      });
      expect(text).not.toContain('jane.doe');
      expect(text).not.toContain('[DONE]');
      expect(await eventFor(requestId)).toMatchObject({
        event_type: 'gateway.upstream_error',
        reason_code: 'upstream.protocol',
        provider: model,
      });
    }
  });
});

describe('streams that do not finish', () => {
  it('more tool calls than the gateway holds end the stream with upstream_protocol at once, not after the upstream has sent the rest (they were all held, up to 32 MiB)', async () => {
    const res = await ask('up-stream-many-calls', 'req_many_calls', { stream: true });
    expect(res.status).toBe(200);
    const events = (await res.text()).split('\n\n').filter((e) => e.startsWith('data: '));
    // The upstream hangs after the calls: without the early stop the stream ended in upstream_timeout.
    expect(JSON.parse(events.at(-1)!.slice(6)).error).toMatchObject({ code: 'upstream_protocol' });
    expect(events.join('')).not.toContain('tool_calls');
    expect(await eventFor('req_many_calls')).toMatchObject({ reason_code: 'upstream.protocol' });
  });

  it('an error event mid-stream, a stream cut before its finish_reason, or a chunk that is none (choices not a list, a delta that is no object) ends with an upstream error event and no [DONE] (it used to end as a complete answer)', async () => {
    for (const [model, code] of [
      ['up-stream-error', 'upstream_status'],
      ['up-stream-cut', 'upstream_protocol'],
      ['up-stream-choices-not-list', 'upstream_protocol'],
      ['up-stream-delta-text', 'upstream_protocol'],
      ['up-stream-lone-surrogate', 'upstream_protocol'],
    ] as const) {
      const requestId = `req_${model.replace(/-/g, '_')}`;
      const res = await ask(model, requestId, { stream: true });
      expect(res.status).toBe(200);
      const text = await res.text();
      const events = text
        .split('\n\n')
        .filter((e) => e.startsWith('data: '))
        .map((e) => e.slice(6));
      expect(events.at(-1), model).not.toBe('[DONE]');
      expect(JSON.parse(events.at(-1)!).error, model).toMatchObject({
        type: 'upstream_error',
        code,
        request_id: requestId,
      });
      expect(text).not.toContain('"finish_reason":"stop"');
      expect(text).not.toContain('jane.doe'); // never the upstream's error message
      expect(await eventFor(requestId)).toMatchObject({
        event_type: 'gateway.upstream_error',
        reason_code: `upstream.${code.replace('upstream_', '')}`,
        provider: model,
      });
    }
  });

  it('JSON where an event stream was asked for is 502 upstream_protocol (it used to be an empty streamed answer)', async () => {
    const res = await ask('up-stream-json', 'req_up_stream_json', { stream: true });
    expect(res.status).toBe(502);
    expect(((await res.json()) as Json).error).toMatchObject({
      type: 'upstream_error',
      code: 'upstream_protocol',
      request_id: 'req_up_stream_json',
    });
    expect(await eventFor('req_up_stream_json')).toMatchObject({
      event_type: 'gateway.upstream_error',
      reason_code: 'upstream.protocol',
    });
  });

  it('a finish_reason without [DONE], or a [DONE] without its last newline, is a complete answer', async () => {
    for (const model of ['up-stream-no-done', 'up-stream-bare-done']) {
      const res = await ask(model, `req_${model.replace(/-/g, '_')}`, { stream: true });
      const text = await res.text();
      expect({ model, status: res.status }).toEqual({ model, status: 200 });
      expect(text).toContain('whole answer');
      expect(text).toContain('"finish_reason":"stop"');
      expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    }
  });
});

describe('streams that finish without [DONE]', () => {
  it('a connection that breaks, or goes quiet, after the finish_reason ends the client stream as the complete answer, with a warning (it was a 502 or 504 error event)', async () => {
    for (const model of ['up-stream-finish-reset', 'up-stream-finish-hang']) {
      const requestId = `req_${model.replace(/-/g, '_')}`;
      const res = await ask(model, requestId, { stream: true });
      expect({ model, status: res.status }).toEqual({ model, status: 200 });
      const events = (await res.text())
        .split('\n\n')
        .filter((e) => e.startsWith('data: '))
        .map((e) => e.slice(6));
      expect(events.at(-1), model).toBe('[DONE]');
      const chunks = events.slice(0, -1).map((e) => JSON.parse(e) as Json);
      expect(
        chunks.some((c) => c.error !== undefined),
        model,
      ).toBe(false);
      // The whole answer, checked to its end: the address in its last characters is redacted.
      expect(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join(''), model).toBe(
        'whole answer for [EMAIL_REDACTED]',
      );
      expect(chunks.at(-1).choices[0].finish_reason, model).toBe('stop');
      expect(await eventFor(requestId), model).toMatchObject({
        event_type: 'gateway.request',
        verdict: 'redact',
        provider: model,
      });
      // Written before the stream's end, but read from another pipe than the answer: waited for.
      const warning = new RegExp(
        `warning: request ${requestId}: provider ${model} sent no \\[DONE\\] after its finish_reason: `,
      );
      expect(
        await pollUntil(
          async () => gw.stderr(),
          (text) => warning.test(text),
        ),
        model,
      ).toMatch(warning);
    }
    expect(gw.stderr()).toContain(
      'provider up-stream-finish-reset sent no [DONE] after its finish_reason: the connection failed',
    );
    expect(gw.stderr()).toContain(
      'provider up-stream-finish-hang sent no [DONE] after its finish_reason: nothing more came within 500 ms',
    );
  });

  it('a connection that breaks before the finish_reason is still an upstream error', async () => {
    const res = await ask('up-stream-cut-reset', 'req_up_stream_cut_reset', { stream: true });
    const text = await res.text();
    expect(text).not.toContain('[DONE]');
    expect(text).toContain('"code":"upstream_unavailable"');
    expect(await eventFor('req_up_stream_cut_reset')).toMatchObject({
      event_type: 'gateway.upstream_error',
      reason_code: 'upstream.unavailable',
    });
  });
});

describe('streamed usage', () => {
  it("usage on the upstream's last chunk with choices reaches the client on the gateway's last chunk (it used to be dropped)", async () => {
    const res = await ask('up-usage-on-finish', 'req_usage_on_finish', {
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = (await res.text())
      .split('\n\n')
      .filter((e) => e.startsWith('data: {'))
      .map((e) => JSON.parse(e.slice(6)) as Json);
    const last = chunks.at(-1);
    expect(last.choices[0].finish_reason).toBe('stop');
    expect(last.usage).toEqual({ prompt_tokens: 11, completion_tokens: 2, total_tokens: 13 });
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('')).toBe('counted answer');
    expect(await eventFor('req_usage_on_finish')).toMatchObject({ tokens: { input: 11, output: 2 } });
  });
});

describe('answer text no check reads', () => {
  it('a plain answer loses reasoning or a refusal that is not a string, and audio, when the pack checks answers (they went out unchecked)', async () => {
    const res = await ask('up-unreadable-text', 'req_unreadable_text');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('jane.doe');
    const message = JSON.parse(text).choices[0].message;
    expect(message).toEqual({ role: 'assistant', content: 'fine' });
  });

  it('tool calls in shapes the agent firewall does not read are left out of a plain answer (a blocked tool went out)', async () => {
    const res = await ask('up-unreadable-calls', 'req_unreadable_calls');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('execute_code');
    expect(JSON.parse(text).choices[0].message).toEqual({ role: 'assistant', content: 'fine' });
  });
});

describe('token counts', () => {
  it('usage that is no count is not recorded as it came: the event keeps integer estimates, plain and streamed', async () => {
    for (const [requestId, extra] of [
      ['req_usage_garbage_plain', {}],
      ['req_usage_garbage_stream', { stream: true, stream_options: { include_usage: true } }],
    ] as const) {
      const res = await ask('up-usage-garbage', requestId, extra);
      expect(res.status).toBe(200);
      await res.text();
      const event = await eventFor(requestId);
      expect(event.event_type).toBe('gateway.request');
      // 'four words of answer' is 20 characters: 5 tokens at 4 characters a token; the prompt ('hello') 2.
      expect(event.tokens).toEqual({ input: 2, output: 5 });
    }
  });
});

describe('streaming several choices', () => {
  it('stream: true with n > 1 is 400 unsupported_parameter before the upstream is called (choices used to be merged into one)', async () => {
    const before = up.requests.length;
    const res = await ask('up-refusal', 'req_stream_n2', { stream: true, n: 2 });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-request-id')).toBe('req_stream_n2');
    expect(((await res.json()) as Json).error).toMatchObject({
      type: 'invalid_request_error',
      code: 'unsupported_parameter',
      request_id: 'req_stream_n2',
    });
    expect(up.requests.length).toBe(before);
    // n: 1 streams as usual, and n > 1 without streaming is answered whole.
    const one = await ask('up-refusal', 'req_stream_n1', { stream: true, n: 1 });
    expect(one.status).toBe(200);
    expect(await one.text()).toContain('[DONE]');
    expect((await ask('up-refusal', 'req_plain_n2', { n: 2 })).status).toBe(200);
  });
});

describe('fields the gateway reads, of the wrong type', () => {
  it('is 400 invalid_type naming the field, as OpenAI answers, before the upstream is called', async () => {
    const before = up.requests.length;
    // "stream": "true" was served as a plain answer; "n": "2" with stream: true slipped past the n > 1 check,
    // and an upstream that coerces strings streamed two choices into the one the gateway checks.
    const cases: [Json, string, string][] = [
      [{ stream: 'true' }, 'stream', "Invalid type for 'stream': expected a boolean, but got a string instead."],
      [{ stream: true, n: '2' }, 'n', "Invalid type for 'n': expected an integer, but got a string instead."],
      [{ n: 1.5 }, 'n', "Invalid type for 'n': expected an integer, but got a decimal instead."],
      [{ model: 5 }, 'model', "Invalid type for 'model': expected a string, but got an integer instead."],
      [
        { stream: true, stream_options: true },
        'stream_options',
        "Invalid type for 'stream_options': expected an object, but got a boolean instead.",
      ],
      [
        { modalities: 'audio' },
        'modalities',
        "Invalid type for 'modalities': expected an array, but got a string instead.",
      ],
      [
        { messages: [{ role: 'user', content: 'hi' }, 'hello'] },
        'messages[1]',
        "Invalid type for 'messages[1]': expected an object, but got a string instead.",
      ],
    ];
    for (const [extra, param, message] of cases) {
      const res = await ask('up-refusal', 'req_wrong_type', extra);
      expect(res.status, param).toBe(400);
      expect(((await res.json()) as Json).error, param).toEqual({
        type: 'invalid_request_error',
        code: 'invalid_type',
        param,
        message,
        request_id: 'req_wrong_type',
      });
    }
    expect(up.requests.length).toBe(before);
    // The openai client raises it as a BadRequestError with the field named.
    const client = new OpenAI({ apiKey: 'unused', baseURL: `${gw.url}/v1`, maxRetries: 0 });
    const err = await client.chat.completions
      .create({
        model: 'up-refusal',
        messages: [{ role: 'user', content: 'hello' }],
        stream: 'true' as unknown as false,
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err).toMatchObject({ status: 400, code: 'invalid_type', param: 'stream' });
    expect(up.requests.length).toBe(before);
    // null is taken as absent, as OpenAI takes it.
    expect((await ask('up-refusal', 'req_null_fields', { stream: null, n: null, stream_options: null })).status).toBe(
      200,
    );
  });
});

describe('spoken answers', () => {
  it('modalities with "audio" is 400 unsupported_parameter before the upstream is called: the transcript went out unchecked', async () => {
    const before = up.requests.length;
    const res = await ask('up-refusal', 'req_audio', {
      modalities: ['text', 'audio'],
      audio: { voice: 'alloy', format: 'wav' },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Json).error).toMatchObject({
      type: 'invalid_request_error',
      code: 'unsupported_parameter',
      param: 'modalities',
      request_id: 'req_audio',
    });
    expect(up.requests.length).toBe(before);
    expect((await ask('up-refusal', 'req_text_only', { modalities: ['text'] })).status).toBe(200);
  });
});
