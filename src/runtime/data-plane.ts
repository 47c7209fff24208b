/**
 * The OpenAI-compatible data plane: `POST /v1/chat/completions` (plain and SSE) and `GET /v1/models`.
 *
 * Order per request: concurrency slot -> bot detection -> identity -> body (size/depth/UTF-8 caps) ->
 * request phases of the chain -> provider (with the sanitised request) -> response phases -> answer
 * -> one event. A block before the provider means the provider is never called.
 *
 * Streaming: text is forwarded as it arrives, minus a hold-back window (STREAM_HOLDBACK chars) so an
 * output policy sees a match that spans chunks before any of it is sent. The response phases run on
 * the accumulated text as it grows (see `dueForCheck`) and at the end; a block ends the
 * stream with one final `data: {"error": ...}` event. Redactions of matches longer than the window
 * can only apply to the part not yet sent (docs/gateway.md).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Decision, EvalContext, EventRecord, Payload } from '../core/types.js';
import type { ActivePack, FallbackPolicy } from './active-pack.js';
import type { GatewayKeys } from './gateway-keys.js';
import { bearerToken, errorEnvelope, HttpError, parseJsonObject, readBody, sendError, sendJson, unauthorized } from './http.js';
import { lastUserText } from './providers/mock.js';
import { pickProvider } from './providers/index.js';
import type { ChatChunk, ChatCompletion, Provider } from './providers/types.js';
import { UpstreamError } from './providers/types.js';
import { StreamedToolCalls } from './stream-tool-calls.js';
import { upstreamAnswer } from './upstream-answer.js';

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

/** Headers never passed to the policy payload or upstream. */
const PRIVATE_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'api-key']);

export interface RequestOutcome {
  status: number;
  request?: Decision;
  response?: Decision;
  verdict?: EventRecord['verdict'];
  reasonCode?: string;
  provider?: Provider;
  model: string | null;
  identity: EventRecord['identity'];
  tokens: { input: number; output: number };
  prompt?: string;
  /** False for requests refused before any policy ran (no event unless policy-relevant). */
  evaluated: boolean;
}

export interface DataPlaneDeps {
  keys: GatewayKeys;
  evalContext: (phases: EvalContext['phases']) => EvalContext;
  observeUpstream: (provider: string, seconds: number) => void;
  maxBodyBytes: number;
  /** How long a streaming client may take no data before it is cut off (recorded as 499 client.closed). */
  writeStallMs: number;
  /** Takes a concurrency slot (throws 503 when none is free); called once the body is read. */
  acquireSlot: () => void;
  onFailover?: (from: string, to: string) => void;
}

/** The targets to try in order: the chosen one, then (with `providers.fallback`) the others in pack order. */
export function candidatesFor(pack: ActivePack, first: Provider): Provider[] {
  if (pack.fallback === undefined) return [first];
  return [first, ...pack.providers.filter((p) => p !== first)].slice(0, pack.fallback.maxRetries + 1);
}

/** Whether a failed call may move on to the next target (never for a 4xx other than 429: the request is at fault). */
export function retryable(e: unknown, policy: FallbackPolicy): boolean {
  if (!(e instanceof UpstreamError)) return false;
  if (e.kind === 'timeout') return policy.retryOn.has('timeout');
  if (e.kind === 'status' && e.status === 429) return policy.retryOn.has('rate_limit');
  if (e.kind === 'status' && (e.status ?? 500) < 500) return false;
  return policy.retryOn.has('5xx');
}

/** A fallback target gets its own model name; the first keeps what the request resolved to. */
const bodyFor = (p: Provider, base: Record<string, unknown>, attempt: number): Record<string, unknown> =>
  attempt === 0 || p.model === undefined ? base : { ...base, model: p.model };

const noIdentity = (): EventRecord['identity'] => ({ user: null, role: null, team: null });

/** Identity from a verified gateway key, or from headers when the pack trusts them. */
export function resolveIdentity(req: IncomingMessage, pack: ActivePack, keys: GatewayKeys): EventRecord['identity'] & { viaKey: boolean } {
  const token = bearerToken(req);
  if (token?.startsWith('kt_gk_')) {
    const checked = keys.verify(token);
    if (!checked.ok) throw unauthorized(checked.reason === 'expired' ? 'the gateway key has expired' : 'the gateway key is not valid');
    return { user: checked.meta.user, role: checked.meta.role, team: checked.meta.team, viaKey: true };
  }
  if (pack.requireAuth) throw unauthorized('this gateway requires a gateway key (Authorization: Bearer kt_gk_...)');
  if (pack.identityHeaders.trusted) {
    const h = (name: string) => {
      const v = req.headers[name];
      return typeof v === 'string' && v !== '' ? v : null;
    };
    return { user: h(pack.identityHeaders.user), role: h(pack.identityHeaders.role), team: h(pack.identityHeaders.team), viaKey: false };
  }
  return { ...noIdentity(), viaKey: false };
}

function payloadHeaders(req: IncomingMessage, pack: ActivePack): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (PRIVATE_HEADERS.has(k) || typeof v !== 'string') continue;
    // Untrusted identity claims never reach the chain (rbac reads deny_if_missing names as headers too).
    if (!pack.identityHeaders.trusted && /^x-(user|team|role)(-|$)/.test(k)) continue;
    out[k] = v;
  }
  return out;
}

/** The assistant text of a completion-like value (a completion body or `{content}`). */
export function responseText(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? value : undefined;
  const v = value as ChatCompletion & { content?: unknown };
  const c = v.choices?.[0]?.message?.content;
  if (typeof c === 'string') return c;
  if (typeof v.content === 'string') return v.content;
  return undefined;
}

function policyError(decision: Decision): HttpError {
  const e = decision.http.error;
  return new HttpError(decision.http.status, e?.type ?? 'policy_violation', e?.code ?? 'input_blocked', e?.message ?? `blocked by ${decision.blocked_by ?? 'policy'}`, e?.policy !== undefined ? { policy: e.policy } : {});
}

function evaluate(pack: ActivePack, payload: Payload, ctx: EvalContext): Decision {
  return pack.chain.evaluate(payload, ctx);
}

function isBlocking(d: Decision): boolean {
  return d.http.status >= 300;
}

export function listModels(pack: ActivePack): unknown {
  const seen = new Set<string>();
  const data: Array<{ id: string; object: 'model'; owned_by: string; created: number }> = [];
  for (const p of pack.providers) {
    const id = p.model ?? p.id;
    if (seen.has(id)) continue;
    seen.add(id);
    data.push({ id, object: 'model', owned_by: p.provider, created: 0 });
  }
  return { object: 'list', data };
}

/**
 * Serves one chat completion. Answers the client itself (also on errors) and returns what the event
 * needs. Throws only HttpError before anything was sent.
 */
export async function chatCompletions(req: IncomingMessage, res: ServerResponse, requestId: string, pack: ActivePack, deps: DataPlaneDeps): Promise<RequestOutcome> {
  const outcome: RequestOutcome = { status: 200, model: null, identity: noIdentity(), tokens: { input: 0, output: 0 }, evaluated: false };
  const { viaKey: _v, ...identity } = resolveIdentity(req, pack, deps.keys);
  outcome.identity = identity;
  const body = parseJsonObject(await readBody(req, deps.maxBodyBytes));
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw new HttpError(400, 'invalid_request_error', 'invalid_request', '`messages` must be a non-empty array');
  }
  // A stream of several choices interleaves their deltas by `index`: each would need its own text, hold-back
  // window, held tool calls and output checks, and the stream path keeps one. Refused up front rather than
  // merged into one garbled choice (plain answers with n > 1 are checked whole and are fine).
  if (body.stream === true && typeof body.n === 'number' && body.n > 1) {
    throw new HttpError(400, 'invalid_request_error', 'unsupported_parameter', '`n` greater than 1 cannot be streamed through the gateway; use stream: false or n: 1');
  }
  deps.acquireSlot();
  outcome.model = typeof body.model === 'string' ? body.model : null;
  const payloadIdentity: NonNullable<Payload['identity']> = {};
  if (identity.user !== null) payloadIdentity.user = identity.user;
  if (identity.role !== null) payloadIdentity.role = identity.role;
  if (identity.team !== null) payloadIdentity.team = identity.team;
  const payload: Payload = { ...(body as Payload), headers: payloadHeaders(req, pack), identity: payloadIdentity };

  const requestDecision = evaluate(pack, payload, deps.evalContext('request'));
  outcome.request = requestDecision;
  outcome.evaluated = true;
  const sanitised = requestDecision.request;
  outcome.prompt = lastUserText(sanitised as Record<string, unknown>);
  if (isBlocking(requestDecision)) {
    const err = policyError(requestDecision);
    outcome.status = err.status;
    sendError(res, requestId, err);
    return outcome;
  }

  const provider = pickProvider(pack.providers, body.model);
  if (provider === undefined) {
    const err = new HttpError(502, 'upstream_error', 'no_provider', 'the pack configures no provider target (providers.targets)');
    outcome.status = 502;
    outcome.verdict = requestDecision.verdict;
    outcome.reasonCode = 'upstream.no_provider';
    sendError(res, requestId, err);
    return outcome;
  }
  outcome.provider = provider;
  // Only the chat fields go upstream: never the client's headers, identity or our payload extras.
  const upstreamBody: Record<string, unknown> = { ...body, messages: sanitised.messages ?? body.messages };
  if (sanitised.tools !== undefined) upstreamBody.tools = sanitised.tools;
  if ((typeof body.model !== 'string' || provider.model !== body.model) && provider.model !== undefined) upstreamBody.model = provider.model;
  outcome.model = typeof upstreamBody.model === 'string' ? upstreamBody.model : outcome.model;
  outcome.tokens.input = Math.ceil((outcome.prompt ?? '').length / 4);

  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });

  if (body.stream === true) return streamCompletion(res, requestId, pack, deps, provider, upstreamBody, sanitised, outcome, abort.signal);

  const candidates = candidatesFor(pack, provider);
  let completion: ChatCompletion | undefined;
  for (let attempt = 0; completion === undefined; attempt++) {
    const target = candidates[attempt]!;
    const t0 = performance.now();
    try {
      completion = await target.complete(bodyFor(target, upstreamBody, attempt), abort.signal);
      outcome.provider = target;
      if (attempt > 0 && target.model !== undefined) outcome.model = target.model;
    } catch (e) {
      const next = candidates[attempt + 1];
      if (next !== undefined && pack.fallback !== undefined && retryable(e, pack.fallback) && !abort.signal.aborted) {
        deps.onFailover?.(target.id, next.id);
        continue;
      }
      outcome.provider = target;
      return failUpstream(res, requestId, e, outcome);
    } finally {
      deps.observeUpstream(target.id, (performance.now() - t0) / 1000);
    }
  }
  if (completion.usage?.prompt_tokens !== undefined) outcome.tokens.input = completion.usage.prompt_tokens;
  outcome.tokens.output = completion.usage?.completion_tokens ?? Math.ceil((responseText(completion) ?? '').length / 4);

  const responseDecision = evaluate(pack, { ...sanitised, upstream_response: completion }, deps.evalContext('response'));
  outcome.response = responseDecision;
  if (isBlocking(responseDecision)) {
    const err = policyError(responseDecision);
    outcome.status = err.status;
    sendError(res, requestId, err);
    return outcome;
  }
  const clean = sanitisedCompletion(completion, responseDecision.response);
  sendJson(res, 200, clean, { 'x-request-id': requestId });
  return outcome;
}

/** The completion with its text replaced by the output-phase sanitised text, when it changed. */
function sanitisedCompletion(completion: ChatCompletion, sanitised: unknown): ChatCompletion {
  if (sanitised !== null && typeof sanitised === 'object' && Array.isArray((sanitised as ChatCompletion).choices)) return sanitised as ChatCompletion;
  const text = responseText(sanitised);
  if (text === undefined || completion.choices?.[0]?.message === undefined) return completion;
  return {
    ...completion,
    choices: completion.choices.map((c, i) => (i === 0 ? { ...c, message: { ...c.message, content: text } } : c)),
  };
}

function failUpstream(res: ServerResponse, requestId: string, e: unknown, outcome: RequestOutcome): RequestOutcome {
  if (clientGone(res, outcome)) return outcome;
  const { error, reason } = upstreamAnswer(e);
  outcome.status = error.status;
  outcome.reasonCode = reason;
  sendError(res, requestId, error);
  return outcome;
}

/**
 * Resolves when the response can take more data, or the client went away. A client that takes nothing
 * for `stallMs` is cut off (as if it had gone): one that stops reading but keeps its connection open
 * would otherwise hold its concurrency slot and upstream call for good, and enough of them answer every
 * other client 503.
 */
function drained(res: ServerResponse, stallMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => res.destroy(), stallMs);
    const done = () => {
      clearTimeout(timer);
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** The client closed the connection: nothing to answer; recorded as status 499 `client.closed`. */
function clientGone(res: ServerResponse, outcome: RequestOutcome): boolean {
  if (!res.destroyed && !res.writableEnded) return false;
  outcome.status = 499;
  outcome.reasonCode = 'client.closed';
  return true;
}

async function streamCompletion(
  res: ServerResponse,
  requestId: string,
  pack: ActivePack,
  deps: DataPlaneDeps,
  provider: Provider,
  upstreamBody: Record<string, unknown>,
  sanitised: Payload,
  outcome: RequestOutcome,
  signal: AbortSignal,
): Promise<RequestOutcome> {
  // Failover is possible until the first chunk arrives; after that the client has bytes.
  const candidates = candidatesFor(pack, provider);
  let t0 = performance.now();
  let iterator: AsyncIterator<ChatChunk> | undefined;
  let first: IteratorResult<ChatChunk> | undefined;
  for (let attempt = 0; first === undefined; attempt++) {
    const target = candidates[attempt]!;
    t0 = performance.now();
    iterator = target.stream(bodyFor(target, upstreamBody, attempt), signal)[Symbol.asyncIterator]();
    try {
      first = await iterator.next();
      provider = target;
      outcome.provider = target;
      if (attempt > 0 && target.model !== undefined) outcome.model = target.model;
    } catch (e) {
      deps.observeUpstream(target.id, (performance.now() - t0) / 1000);
      const next = candidates[attempt + 1];
      if (next !== undefined && pack.fallback !== undefined && retryable(e, pack.fallback) && !signal.aborted) {
        deps.onFailover?.(target.id, next.id);
        continue;
      }
      outcome.provider = target;
      return failUpstream(res, requestId, e, outcome);
    }
  }
  const upstream = iterator!;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-request-id': requestId,
  });
  const send = (obj: unknown) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
  let meta = { id: `chatcmpl-${requestId}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: String(upstreamBody.model ?? '') };
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

  const check = (final: boolean): boolean => {
    const message = { role: 'assistant', content: acc, ...(heldCalls?.messageFields() ?? {}) };
    lastDecision = evaluate(pack, { ...sanitised, upstream_response: { ...meta, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: final ? finish : null }] } }, deps.evalContext('response'));
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
      send({ ...meta, choices: [{ index: 0, delta: roleSent ? { content: delta } : { role: 'assistant', content: delta }, finish_reason: null }] });
      roleSent = true;
    }
    return true;
  };

  try {
    let step = first;
    while (!step.done) {
      const chunk = step.value;
      if (typeof chunk.id === 'string') meta = { ...meta, id: chunk.id, model: typeof chunk.model === 'string' ? chunk.model : meta.model, ...(typeof chunk.created === 'number' ? { created: chunk.created } : {}) };
      if (chunk.usage) {
        outcome.tokens.input = chunk.usage.prompt_tokens ?? outcome.tokens.input;
        outcome.tokens.output = chunk.usage.completion_tokens ?? outcome.tokens.output;
        // stream_options.include_usage: the usage-only chunk goes out last, after the text is checked.
        if (!chunk.choices || chunk.choices.length === 0) usageChunk = { ...meta, choices: [], usage: chunk.usage };
        else finishUsage = chunk.usage;
      }
      const choice = chunk.choices?.[0];
      if (choice?.finish_reason) finish = choice.finish_reason;
      const delta = choice?.delta;
      if (typeof delta?.content === 'string' && delta.content !== '') {
        acc += delta.content;
        if (!pack.outputChecks) {
          // Nothing inspects answers: forward as it arrives (the final check still feeds the audit step).
          send({ ...meta, choices: [{ index: 0, delta: roleSent ? { content: delta.content } : { role: 'assistant', content: delta.content }, finish_reason: null }] });
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
        if (rest !== undefined) send({ ...meta, choices: [{ index: 0, delta: roleSent ? rest : { role: 'assistant', ...rest }, finish_reason: null }] });
        if (rest !== undefined) roleSent = true;
      }
      // A slow reader holds the upstream back instead of making the gateway buffer the answer.
      if (res.writableNeedDrain && !res.destroyed) await drained(res, deps.writeStallMs);
      // Gone (or cut off for not reading): stop reading an upstream that did not notice the cancel itself.
      if (res.destroyed && !res.writableEnded) break;
      step = await upstream.next();
    }
    if (heldCalls?.overflow === true) throw new UpstreamError('protocol', 'the upstream streamed tool-call arguments over 1 MiB');
    if (res.destroyed && !res.writableEnded) clientGone(res, outcome);
    else if (!res.writableEnded) {
      if (check(true)) {
        if (heldCalls !== undefined && !heldCalls.empty) {
          const checkedMessage = (lastDecision?.response as ChatCompletion | undefined)?.choices?.[0]?.message;
          send({ ...meta, choices: [{ index: 0, delta: { ...(roleSent ? {} : { role: 'assistant' }), ...heldCalls.delta(checkedMessage) }, finish_reason: null }] });
          roleSent = true;
        }
        send({ ...meta, choices: [{ index: 0, delta: {}, finish_reason: finish }], ...(finishUsage !== undefined ? { usage: finishUsage } : {}) });
        if (usageChunk !== undefined) send(usageChunk);
        res.write('data: [DONE]\n\n');
        res.end();
      }
    }
  } catch (e) {
    if (clientGone(res, outcome)) return outcome;
    const { error, reason } = upstreamAnswer(e);
    outcome.status = error.status;
    outcome.reasonCode = reason;
    if (!res.writableEnded && !res.destroyed) {
      res.write(`data: ${JSON.stringify({ error: errorEnvelope(error, requestId) })}\n\n`);
      res.end();
    }
  } finally {
    await upstream.return?.().catch(() => {});
    deps.observeUpstream(provider.id, (performance.now() - t0) / 1000);
  }
  if (outcome.tokens.output === 0) outcome.tokens.output = Math.ceil(acc.length / 4);
  outcome.response = lastDecision;
  return outcome;
}
