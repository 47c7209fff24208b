/**
 * The streamed (SSE) answer of a chat completion. Text is forwarded as it arrives, minus a hold-back
 * window (STREAM_HOLDBACK chars) so an output policy sees a match that spans chunks before any of it is
 * sent. The response phases run on the accumulated text as it grows (see `dueForCheck`) and at the end;
 * a block ends the stream with one final `data: {"error": ...}` event. Redactions of matches longer than
 * the window can only apply to the part not yet sent (docs/gateway.md).
 */
import type { Decision } from '../core/types.js';
import {
  clientGone,
  type CompletionCall,
  evaluate,
  failedAnswer,
  uncheckableAnswer,
  isBlocking,
  policyError,
  type RequestOutcome,
  responseText,
} from './completion-outcome.js';
import { firstAnswer } from './failover.js';
import { callResult } from './provider-health.js';
import { drained, errorEnvelope, flushed } from './http.js';
import type { ChatChunk, ChatCompletion } from './providers/types.js';
import { UpstreamError } from './providers/types.js';
import { chunkExtras, choiceExtras, HeldLogprobs } from './answer-fields.js';
import { StreamedToolCalls } from './stream-tool-calls.js';

export const STREAM_HOLDBACK = 128;
const STREAM_EVAL_EVERY = 32;
const STREAM_EVAL_MIN_MS = 50;

/**
 * When to re-run the output checks on a growing answer: after at least 32 new characters, and then
 * either 50 ms after the last check (slow streams release text promptly) or once the text grew by
 * an eighth (fast streams cost O(n) checks in total instead of O(n^2)). Text is released only after
 * a check that saw it with STREAM_HOLDBACK characters of context, so spacing checks out delays text
 * but never lets unchecked text through.
 */
function dueForCheck(length: number, checkedLength: number, sinceLastMs: number): boolean {
  const fresh = length - checkedLength;
  return fresh >= STREAM_EVAL_EVERY && (sinceLastMs >= STREAM_EVAL_MIN_MS || fresh >= length / 8);
}

export async function streamCompletion(call: CompletionCall): Promise<RequestOutcome> {
  const { res, requestId, pack, deps, upstreamBody, sanitised, outcome, signal } = call;
  // Failover is possible until the first chunk arrives; after that the client has bytes.
  const opened = await firstAnswer(call, async (target, body) => {
    const iterator = target.stream(body, signal);
    return { iterator, first: await iterator.next() };
  });
  if ('failed' in opened) return opened.failed;
  const provider = opened.target;
  const t0 = opened.startedAt;
  const { iterator: upstream, first } = opened.answer;
  // A failure of the upstream after the first chunk (it broke off, timed out, sent an error event) says as
  // much of the target as one before it, which firstAnswer observes: /health shows it (provider-health.ts).
  let upstreamFailure: unknown;
  const nextChunk = () =>
    upstream.next().catch((e: unknown) => {
      upstreamFailure = e;
      throw e;
    });
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-request-id': requestId,
  });
  const send = (obj: unknown) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
  // The upstream's chunk fields the gateway does not rewrite (system_fingerprint, ...) ride along in meta.
  let meta: Record<string, unknown> = {
    id: `chatcmpl-${requestId}`,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: String(upstreamBody.model ?? ''),
  };
  let acc = '';
  let sent = 0;
  let evaluatedAt = 0;
  let finish: string | null = 'stop';
  let roleSent = false;
  let lastDecision: Decision | undefined;
  const holdback = pack.outputChecks ? STREAM_HOLDBACK : 0;
  let usageChunk: Record<string, unknown> | undefined;
  /** Usage an upstream put on a chunk with choices (its last one, as Mistral and others do), for our last one. */
  let finishUsage: ChatChunk['usage'] | undefined;
  let checkedAtMs = performance.now();
  // Tool calls are held to the end of the stream when answers are checked (see StreamedToolCalls).
  const heldCalls = pack.outputChecks ? new StreamedToolCalls() : undefined;
  // Logprobs go out with the text they cover, when it is unchanged (see HeldLogprobs).
  const heldLogprobs = pack.outputChecks ? new HeldLogprobs() : undefined;
  /** Choice fields of the upstream's finishing chunk (vLLM's stop_reason, ...), for our last one. */
  let finishExtras: Record<string, unknown> = {};

  const check = (final: boolean): boolean => {
    const message = { role: 'assistant', content: acc, ...(heldCalls?.messageFields() ?? {}) };
    const decision = evaluate(
      pack,
      {
        ...sanitised,
        upstream_response: {
          ...meta,
          object: 'chat.completion',
          choices: [{ index: 0, message, finish_reason: final ? finish : null }],
        },
      },
      deps.evalContext('response', outcome.request?.steps),
    );
    // The answer so far is more than the engine takes: the upstream's failure (ends the stream below).
    if (decision.reason_code === 'payload.invalid') throw uncheckableAnswer(decision);
    lastDecision = decision;
    evaluatedAt = acc.length;
    checkedAtMs = performance.now();
    if (isBlocking(lastDecision)) {
      const err = policyError(lastDecision);
      res.write(`data: ${JSON.stringify({ error: errorEnvelope(err, requestId) })}\n\n`);
      res.end();
      outcome.status = err.status;
      return false;
    }
    const text = responseText(lastDecision.response) ?? acc;
    const upTo = final ? text.length : text.length - holdback;
    if (upTo > sent) {
      const delta = text.slice(sent, upTo);
      sent = upTo;
      const logprobs = heldLogprobs?.seen === true ? { logprobs: heldLogprobs.release(upTo, text, acc) } : {};
      send({
        ...meta,
        choices: [
          {
            index: 0,
            delta: roleSent ? { content: delta } : { role: 'assistant', content: delta },
            ...logprobs,
            finish_reason: null,
          },
        ],
      });
      roleSent = true;
    }
    return true;
  };

  try {
    let step = first;
    while (!step.done) {
      const chunk = step.value;
      if (typeof chunk.id === 'string')
        meta = {
          ...meta,
          id: chunk.id,
          model: typeof chunk.model === 'string' ? chunk.model : meta.model,
          ...(typeof chunk.created === 'number' ? { created: chunk.created } : {}),
        };
      meta = { ...meta, ...chunkExtras(chunk) };
      if (chunk.usage) {
        outcome.tokens.input = chunk.usage.prompt_tokens ?? outcome.tokens.input;
        outcome.tokens.output = chunk.usage.completion_tokens ?? outcome.tokens.output;
        // stream_options.include_usage: the usage-only chunk goes out last, after the text is checked.
        if (!chunk.choices || chunk.choices.length === 0) usageChunk = { ...meta, choices: [], usage: chunk.usage };
        else finishUsage = chunk.usage;
      }
      const choice = chunk.choices?.[0];
      if (choice?.finish_reason) {
        finish = choice.finish_reason;
        finishExtras = choiceExtras(choice);
      }
      const delta = choice?.delta;
      // This chunk's own choice fields go with what of it is forwarded as it is (those of the finishing chunk
      // on the last one); its logprobs too when nothing checks answers, else they are held with the text.
      let passing: Record<string, unknown> | undefined = {
        ...(choice?.finish_reason ? {} : choiceExtras(choice)),
        ...(!pack.outputChecks && choice?.logprobs !== undefined ? { logprobs: choice.logprobs } : {}),
      };
      if (typeof delta?.content === 'string' && delta.content !== '') {
        acc += delta.content;
        heldLogprobs?.add(choice?.logprobs, acc.length);
        if (!pack.outputChecks) {
          // Nothing inspects answers: forward as it arrives (the final check still feeds the audit step).
          send({
            ...meta,
            choices: [
              {
                index: 0,
                delta: roleSent ? { content: delta.content } : { role: 'assistant', content: delta.content },
                ...passing,
                finish_reason: null,
              },
            ],
          });
          passing = undefined;
          roleSent = true;
          sent = acc.length;
          evaluatedAt = acc.length;
        } else if (dueForCheck(acc.length, evaluatedAt, performance.now() - checkedAtMs) && !check(false)) break;
      }
      if (delta !== undefined && Object.keys(delta).some((k) => k !== 'role' && k !== 'content')) {
        // Tool calls are held (when answers are checked); other non-text fields pass as they are (the text
        // went above).
        const { role: _role, content: _content, ...nonText } = delta;
        const rest = heldCalls === undefined ? nonText : heldCalls.take(nonText);
        if (rest !== undefined)
          send({
            ...meta,
            choices: [
              { index: 0, delta: roleSent ? rest : { role: 'assistant', ...rest }, ...passing, finish_reason: null },
            ],
          });
        if (rest !== undefined) roleSent = true;
      }
      // A slow reader holds the upstream back instead of making the gateway buffer the answer.
      if (res.writableNeedDrain && !res.destroyed) await drained(res, deps.writeStallMs);
      // Gone (or cut off for not reading): stop reading an upstream that did not notice the cancel itself.
      if (res.destroyed && !res.writableEnded) break;
      step = await nextChunk();
    }
    // Complete, but not as the protocol says (no [DONE] after the finish_reason): passed on whole, and logged.
    if (step.done === true && step.value !== undefined) deps.warn?.(`request ${requestId}: ${step.value.note}`);
    if (heldCalls?.overflow === true)
      throw new UpstreamError('protocol', 'the upstream streamed tool-call arguments over 1 MiB');
    if (res.destroyed && !res.writableEnded) clientGone(res, outcome);
    else if (!res.writableEnded) {
      if (check(true)) {
        if (heldCalls !== undefined && !heldCalls.empty) {
          const checkedMessage = (lastDecision?.response as ChatCompletion | undefined)?.choices?.[0]?.message;
          send({
            ...meta,
            choices: [
              {
                index: 0,
                delta: { ...(roleSent ? {} : { role: 'assistant' }), ...heldCalls.delta(checkedMessage) },
                finish_reason: null,
              },
            ],
          });
          roleSent = true;
        }
        send({
          ...meta,
          choices: [{ index: 0, delta: {}, ...finishExtras, finish_reason: finish }],
          ...(finishUsage !== undefined ? { usage: finishUsage } : {}),
        });
        if (usageChunk !== undefined) send(usageChunk);
        res.write('data: [DONE]\n\n');
        res.end();
      }
    }
  } catch (e) {
    // A call cancelled (the client left, the gateway is stopping) says nothing of the target.
    if (e === upstreamFailure && !signal.aborted) deps.observeTarget?.(provider, callResult(e, performance.now() - t0));
    // A client that left (the cancelled upstream call throws) is recorded below like one that left between
    // chunks, with the checks and tokens of what it was sent: returning here left them out of its event.
    if (!clientGone(res, outcome)) {
      // Also the gateway stopping: the client's stream ends with a gateway_shutdown error event, not silently.
      const { error, reason, upstreamStatus } = failedAnswer(e, deps.shutdown);
      outcome.status = error.status;
      outcome.reasonCode = reason;
      outcome.upstreamStatus = upstreamStatus;
      if (!res.writableEnded && !res.destroyed) {
        res.write(`data: ${JSON.stringify({ error: errorEnvelope(error, requestId) })}\n\n`);
        res.end();
      }
    }
  } finally {
    await upstream.return(undefined).catch(() => {});
    deps.observeUpstream(provider.id, (performance.now() - t0) / 1000);
  }
  // The last chunks are written without waiting for the client: it must take them in time too.
  await flushed(res, deps.writeStallMs);
  if (outcome.tokens.output === 0) outcome.tokens.output = Math.ceil(acc.length / 4);
  outcome.response = lastDecision;
  return outcome;
}
