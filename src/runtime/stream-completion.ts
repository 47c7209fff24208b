/**
 * The streamed (SSE) answer of a chat completion. Text is forwarded as it arrives, minus a hold-back
 * window (STREAM_HOLDBACK chars) so an output policy sees a match that spans chunks before any of it is
 * sent. The response phases run on the accumulated text as it grows (see `dueForCheck`) and at the end;
 * a block ends the stream with one final `data: {"error": ...}` event. Redactions of matches longer than
 * the window can only apply to the part not yet sent (docs/gateway.md).
 */
import type { Decision, Payload } from '../core/types.js';
import { REASONING_KEYS } from '../core/detectors/payload-text.js';
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
  takeUsage,
} from './completion-outcome.js';
import { firstAnswer } from './failover.js';
import { callResult } from './provider-health.js';
import { drained, errorEnvelope, flushed } from './http.js';
import type { ChatChunk, ChatCompletion } from './providers/types.js';
import { UpstreamError } from './providers/types.js';
import { chunkExtras, choiceExtras, HeldLogprobs } from './answer-fields.js';
import { MAX_HELD_ENTRIES, StreamedToolCalls } from './stream-tool-calls.js';

export const STREAM_HOLDBACK = 128;
const STREAM_EVAL_EVERY = 32;
const STREAM_EVAL_MIN_MS = 50;
const SWITCH_CHECKS_PER_CHAR = 16;
const SWITCH_CHECKS_BASE = 1 << 16;

/**
 * The text fields of a delta, each forwarded as it is checked: the model's reasoning (`reasoning_content`,
 * `reasoning`), then its answer (`content`). Reasoning comes first in a chunk that carries both: an upstream
 * reasons, then answers.
 */
const TEXT_KEYS = [...REASONING_KEYS, 'content'] as const;
type TextKey = (typeof TEXT_KEYS)[number];
export const isReasoningKey = (k: string): boolean => (REASONING_KEYS as readonly string[]).includes(k);

/** One text field of the answer: what came so far, and how much of it (as the checks left it) was sent. */
interface TextChannel {
  acc: string;
  sent: number;
}

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
  // The answer's text fields. A field is held back (STREAM_HOLDBACK) while it is one the upstream is writing
  // (`open`: the text fields of its latest delta with text); once the upstream writes another (the answer
  // after the reasoning), a check runs at once and sends what was held of it whole, before any of the next
  // field: that check saw all of it, and no more of it is coming. An upstream that goes back to a field it left
  // (interleaved thinking: reasoning, answer, reasoning, answer) reopens it, and the switch back is checked the
  // same way, so every turn reaches the client whole and in order. (A value cut across a switch was partly
  // sent already, as one longer than the hold-back is.) Every check runs on the texts so far, each from its
  // start, as for the answer alone.
  const channels = new Map<TextKey, TextChannel>();
  let open: ReadonlySet<TextKey> = new Set();
  const content = (): TextChannel => channels.get('content') ?? { acc: '', sent: 0 };
  const textLength = (): number => {
    let n = 0;
    for (const c of channels.values()) n += c.acc.length;
    return n;
  };
  let evaluatedAt = 0;
  let finish: string | null = 'stop';
  let roleSent = false;
  let lastDecision: Decision | undefined;
  const checks = pack.outputChecks;
  const holdback = checks ? STREAM_HOLDBACK : 0;
  let usageChunk: Record<string, unknown> | undefined;
  /** Usage an upstream put on a chunk with choices (its last one, as Mistral and others do), for our last one. */
  let finishUsage: ChatChunk['usage'] | undefined;
  let checkedAtMs = performance.now();
  // Tool calls are held to the end of the stream when answers are checked (see StreamedToolCalls).
  const heldCalls = pack.outputChecks ? new StreamedToolCalls() : undefined;
  // Logprobs go out with the text they cover, when it is unchanged (see HeldLogprobs).
  const heldLogprobs = pack.outputChecks ? new HeldLogprobs() : undefined;
  // Checks made because the upstream switched fields, counted in characters checked. Each switch costs one
  // check of the whole text; an upstream that switches every few characters would make that quadratic, so
  // they stop while they have cost more than SWITCH_CHECKS_PER_CHAR times the text (plus a base) and the usual
  // spacing applies (turns shorter than that may then go out merged, each still checked).
  let switchChecked = 0;
  const switchCheckAllowed = (): boolean => {
    const length = textLength();
    if (switchChecked > SWITCH_CHECKS_PER_CHAR * length + SWITCH_CHECKS_BASE) return false;
    switchChecked += length;
    return true;
  };
  /** Choice fields of the upstream's finishing chunk (vLLM's stop_reason, ...), for our last one. */
  let finishExtras: Record<string, unknown> = {};

  const check = (final: boolean): boolean => {
    const message: Record<string, unknown> = { role: 'assistant', content: content().acc };
    for (const [key, channel] of channels) if (key !== 'content') message[key] = channel.acc;
    Object.assign(message, heldCalls?.messageFields() ?? {});
    const payload: Payload = {
      ...sanitised,
      upstream_response: {
        ...meta,
        object: 'chat.completion',
        choices: [{ index: 0, message, finish_reason: final ? finish : null }],
      },
    };
    // The final check reads the session figures as they are now (the gateway's counts: docs/gateway.md,
    // "Session limits"); the calls, held to the end, are in no earlier check, which needs no figure.
    const decision = evaluate(
      pack,
      final ? call.account.trusted(payload) : payload,
      deps.evalContext('response', outcome.request?.steps),
    );
    // The answer so far is more than the engine takes: the upstream's failure (ends the stream below).
    if (decision.reason_code === 'payload.invalid') throw uncheckableAnswer(decision);
    // The final check's calls are counted in the same step, as a plain answer's are: streams of one session
    // ending together are checked one after the other (each used to pass on the counts from its request).
    if (final) call.account.record(decision);
    lastDecision = decision;
    evaluatedAt = textLength();
    checkedAtMs = performance.now();
    if (isBlocking(lastDecision)) {
      const err = policyError(lastDecision);
      res.write(`data: ${JSON.stringify({ error: errorEnvelope(err, requestId) })}\n\n`);
      res.end();
      outcome.status = err.status;
      return false;
    }
    const checked = (lastDecision.response as ChatCompletion | undefined)?.choices?.[0]?.message ?? {};
    // The fields the upstream left go first, whole (the check saw all of them, and no more of them is coming),
    // then those it is writing, less the hold-back; each group in a chunk of its own, so a client reads
    // reasoning and answer in the order they were written however it walks a delta's keys. (Fields the
    // upstream writes together stay together: vLLM repeats its reasoning under both names.)
    for (const group of [TEXT_KEYS.filter((k) => !open.has(k)), TEXT_KEYS.filter((k) => open.has(k))]) {
      const delta: Record<string, unknown> = {};
      const entries: unknown[] = [];
      for (const key of group) {
        const channel = channels.get(key);
        if (channel === undefined) continue;
        const written = key === 'content' ? responseText(lastDecision.response) : checked[key];
        const text = typeof written === 'string' ? written : channel.acc;
        const upTo = final || !open.has(key) ? text.length : text.length - holdback;
        if (upTo <= channel.sent) continue;
        delta[key] = text.slice(channel.sent, upTo);
        channel.sent = upTo;
        if (heldLogprobs !== undefined) entries.push(...heldLogprobs.release(key, upTo, text, channel.acc));
      }
      if (Object.keys(delta).length === 0) continue;
      send({
        ...meta,
        choices: [
          {
            index: 0,
            delta: roleSent ? delta : { role: 'assistant', ...delta },
            ...(heldLogprobs?.seen === true ? { logprobs: { content: entries, refusal: null } } : {}),
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
        takeUsage(outcome.tokens, chunk.usage);
        // stream_options.include_usage: the usage-only chunk goes out last, after the text is checked.
        if (!chunk.choices || chunk.choices.length === 0) usageChunk = { ...meta, choices: [], usage: chunk.usage };
        else finishUsage = chunk.usage;
      }
      const choice = chunk.choices?.[0];
      if (choice?.finish_reason) {
        finish = choice.finish_reason;
        finishExtras = choiceExtras(choice, checks);
      }
      const delta = choice?.delta;
      // This chunk's own choice fields go with what of it is forwarded as it is (those of the finishing chunk
      // on the last one); its logprobs too when nothing checks answers, else they are held with the text.
      let passing: Record<string, unknown> | undefined = {
        ...(choice?.finish_reason ? {} : choiceExtras(choice, checks)),
        ...(!pack.outputChecks && choice?.logprobs !== undefined ? { logprobs: choice.logprobs } : {}),
      };
      const pieces: Partial<Record<TextKey, string>> = {};
      for (const key of TEXT_KEYS) {
        const piece = delta?.[key];
        if (typeof piece === 'string' && piece !== '') pieces[key] = piece;
      }
      const writing = Object.keys(pieces) as TextKey[];
      if (writing.length > 0) {
        // The upstream moved from a field to another (reasoning to answer, or back, as interleaved thinking
        // does): a check now sends the rest of the one it left before any of the next (see check).
        const switched = [...open].some((k) => !writing.includes(k as TextKey));
        open = new Set(writing);
        for (const key of writing) {
          const channel = channels.get(key) ?? { acc: '', sent: 0 };
          channels.set(key, channel);
          channel.acc += pieces[key];
        }
        heldLogprobs?.add(choice?.logprobs, pieces, (key) => channels.get(key as TextKey)?.acc.length ?? 0);
        const due = dueForCheck(textLength(), evaluatedAt, performance.now() - checkedAtMs);
        if (!pack.outputChecks) {
          // Nothing inspects answers: forward as it arrives (the final check still feeds the audit step).
          send({
            ...meta,
            choices: [
              {
                index: 0,
                delta: roleSent ? pieces : { role: 'assistant', ...pieces },
                ...passing,
                finish_reason: null,
              },
            ],
          });
          passing = undefined;
          roleSent = true;
          for (const channel of channels.values()) channel.sent = channel.acc.length;
          evaluatedAt = textLength();
        } else if ((due || (switched && switchCheckAllowed())) && !check(false)) break;
      }
      // The rest of the delta. A text field without text carries nothing (vLLM sends `reasoning_content: null`
      // beside content); one that is not a string is not a shape the gateway can check, so when answers are
      // checked it does not go out unchecked either, and when nothing checks answers it goes as it came. For
      // the answer itself (`content` as an array of parts, as Mistral streams its reasoning models' thinking
      // and text) dropping it would end the stream as a complete, empty answer: it ends with an error instead.
      const nonText: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(delta ?? {})) {
        if (k === 'role' || ((k === 'content' || isReasoningKey(k)) && (typeof v === 'string' || v === null))) continue;
        if (checks && k === 'content')
          throw new UpstreamError(
            'protocol',
            'the upstream streamed the answer as something other than text (content parts), which cannot be checked as it streams',
          );
        if (!(checks && isReasoningKey(k))) nonText[k] = v;
      }
      if (Object.keys(nonText).length > 0) {
        // Tool calls are held (when answers are checked); other non-text fields pass as they are (the text
        // went above).
        const rest = heldCalls === undefined ? nonText : heldCalls.take(nonText);
        if (rest !== undefined)
          send({
            ...meta,
            choices: [
              { index: 0, delta: roleSent ? rest : { role: 'assistant', ...rest }, ...passing, finish_reason: null },
            ],
          });
        if (rest !== undefined) roleSent = true;
        // More than the gateway holds: the answer is refused (below) without reading the rest of it.
        if (heldCalls?.overflow === true) break;
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
      throw new UpstreamError(
        'protocol',
        `the upstream streamed a tool call, refusal or reasoning_details over 1 MiB, or more than ${MAX_HELD_ENTRIES} of them (held to be checked whole)`,
      );
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
  if (outcome.tokens.output === 0) outcome.tokens.output = Math.ceil(textLength() / 4);
  outcome.response = lastDecision;
  return outcome;
}
