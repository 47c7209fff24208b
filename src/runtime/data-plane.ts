/**
 * The OpenAI-compatible data plane: `POST /v1/chat/completions` (plain and SSE), `GET /v1/models` and
 * `GET /v1/models/{id}`.
 *
 * Order per request: concurrency slot -> bot detection -> identity -> body (size/depth/UTF-8 caps) ->
 * request phases of the chain -> provider (with the sanitised request) -> response phases -> answer
 * -> one event. A block before the provider means the provider is never called. The streamed answer
 * is stream-completion.ts; what both answers share, completion-outcome.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventRecord, Payload } from '../core/types.js';
import type { ActivePack } from './active-pack.js';
import { checkedLogprobs, spellsText, unsignedWhereChanged, withoutSpelling } from './answer-fields.js';
import { isRecord } from '../core/pack/json.js';
import { extractToolCalls, type ToolCallRef } from '../core/detectors/payload-text.js';
import { toolKeys } from '../core/detectors/tool-glob.js';
import { amountOf, choiceGroups, EVERY_TOOL, parseAmount } from '../core/policies/agent-firewall.js';
import {
  clientGone,
  type CompletionCall,
  type DataPlaneDeps,
  failUpstream,
  isBlocking,
  policyError,
  type RequestOutcome,
  type SessionAccount,
  responseText,
  takeUsage,
  uncheckableAnswer,
  evaluate,
} from './completion-outcome.js';
import { firstAnswer } from './failover.js';
import type { GatewayKeys } from './gateway-keys.js';
import {
  ambiguousIdentity,
  bearerToken,
  HttpError,
  MODEL_PATH,
  parseJsonObject,
  readBody,
  sendError,
  sendJsonPaced,
  unauthorized,
} from './http.js';
import { lastUserText } from './providers/mock.js';
import { pickProvider } from './providers/index.js';
import type { ChatCompletion } from './providers/types.js';
import type { LedgerFigures, SessionLedger } from './session-ledger.js';
import { isReasoningKey, streamCompletion } from './stream-completion.js';

export type { DataPlaneDeps, RequestOutcome } from './completion-outcome.js';

/** Headers never passed to the policy payload or upstream. */
const PRIVATE_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'api-key']);

/**
 * The payload fields that are kt's, not the chat API's (DESIGN.md §3.2): what the chain reads (the
 * agent-firewall's `session` figures, grounding `context`, ...) never goes upstream. A provider refuses
 * unknown fields (OpenAI: 400 "Unrecognized request argument"), and they are not its business.
 */
const PAYLOAD_EXTRAS = new Set(['headers', 'identity', 'session', 'context', 'client_ip', 'upstream_response']);

const noIdentity = (): EventRecord['identity'] => ({ user: null, role: null, team: null });

/** Identity from a verified gateway key, or from headers when the pack trusts them. */
export function resolveIdentity(
  req: IncomingMessage,
  pack: ActivePack,
  keys: GatewayKeys,
): EventRecord['identity'] & { viaKey: boolean } {
  const { trusted, user, role, team } = pack.identityHeaders;
  // Checked with a key too: trusted identity headers reach the chain's `headers` whatever the identity came from.
  if (trusted) {
    const ambiguous = ambiguousIdentity(req, [user, role, team]);
    if (ambiguous !== undefined) throw ambiguous;
  }
  const token = bearerToken(req);
  if (token?.startsWith('kt_gk_')) {
    const checked = keys.verify(token);
    if (!checked.ok)
      throw unauthorized(checked.reason === 'expired' ? 'the gateway key has expired' : 'the gateway key is not valid');
    return { user: checked.meta.user, role: checked.meta.role, team: checked.meta.team, viaKey: true };
  }
  if (pack.requireAuth) throw unauthorized('this gateway requires a gateway key (Authorization: Bearer kt_gk_...)');
  if (pack.identityHeaders.trusted) {
    const h = (name: string) => {
      const v = req.headers[name];
      return typeof v === 'string' && v !== '' ? v : null;
    };
    return {
      user: h(pack.identityHeaders.user),
      role: h(pack.identityHeaders.role),
      team: h(pack.identityHeaders.team),
      viaKey: false,
    };
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

interface ModelEntry {
  id: string;
  object: 'model';
  owned_by: string;
  created: number;
}

function models(pack: ActivePack): ModelEntry[] {
  const seen = new Set<string>();
  const data: ModelEntry[] = [];
  for (const p of pack.providers) {
    const id = p.model ?? p.id;
    if (seen.has(id)) continue;
    seen.add(id);
    data.push({ id, object: 'model', owned_by: p.provider, created: 0 });
  }
  return data;
}

/** Whether `id` is a model `GET /v1/models` lists (the request log shows only such an id, logged-path.ts). */
export const servesModel = (pack: ActivePack, id: string): boolean => models(pack).some((m) => m.id === id);

export function listModels(pack: ActivePack): unknown {
  return { object: 'list', data: models(pack) };
}

/**
 * `GET /v1/models/{id}` (the OpenAI SDKs' `models.retrieve`): the entry `GET /v1/models` lists under that id,
 * else 404 `model_not_found` in the OpenAI shape (type `invalid_request_error`, `param: "model"`).
 */
export function retrieveModel(pack: ActivePack, path: string): ModelEntry {
  const raw = MODEL_PATH.exec(path)?.[1] ?? '';
  let id = raw;
  try {
    id = decodeURIComponent(raw);
  } catch {
    // A malformed escape: no model has that id.
  }
  const found = models(pack).find((m) => m.id === id);
  if (found !== undefined) return found;
  throw new HttpError(
    404,
    'invalid_request_error',
    'model_not_found',
    `the model ${JSON.stringify(id)} does not exist on this gateway (GET /v1/models lists its models)`,
    { fields: { param: 'model' }, final: true },
  );
}

/** What a JSON value is, in the words of OpenAI's `invalid_type` messages. */
function jsonTypeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a decimal';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

const isInteger = (v: unknown) => typeof v === 'number' && Number.isInteger(v);

/**
 * The request fields the gateway itself reads to decide how to serve (stream or not, how many choices, which
 * target, whether answers can be checked), each with the type it must have (null counts as absent, as
 * OpenAI takes it). A value of another type is refused as OpenAI refuses it (400 `invalid_type`, naming the
 * field), not read one way here and another upstream: `"stream": "true"` was served as a plain answer, and
 * `"n": "2"` with `stream: true` passed the n > 1 check while an upstream that coerces strings (vLLM, as
 * pydantic does) streamed two choices into the one the gateway checks. The other fields are the upstream's
 * to judge.
 */
const GATEWAY_READ_FIELDS: readonly [field: string, expected: string, ok: (v: unknown) => boolean][] = [
  ['model', 'a string', (v) => typeof v === 'string'],
  ['stream', 'a boolean', (v) => typeof v === 'boolean'],
  ['n', 'an integer', isInteger],
  ['stream_options', 'an object', isRecord],
  ['modalities', 'an array', Array.isArray],
];

function checkFieldTypes(body: Record<string, unknown>): void {
  const refuse = (param: string, expected: string, got: unknown) =>
    new HttpError(
      400,
      'invalid_request_error',
      'invalid_type',
      `Invalid type for '${param}': expected ${expected}, but got ${jsonTypeName(got)} instead.`,
      { fields: { param } },
    );
  for (const [field, expected, ok] of GATEWAY_READ_FIELDS) {
    const v = body[field];
    if (v !== undefined && v !== null && !ok(v)) throw refuse(field, expected, v);
  }
  // The chain reads each message as an object (its role and content); anything else would go upstream
  // unchecked.
  const messages = body.messages as unknown[];
  const i = messages.findIndex((m) => !isRecord(m));
  if (i >= 0) throw refuse(`messages[${i}]`, 'an object', messages[i]);
  // The same for a content part that is a list: the chain reads a part as a string or an object, so the
  // text of `[["..."]]` went upstream unread (an injection or an e-mail address in it passed unchecked).
  messages.forEach((m, k) => {
    const content = (m as Record<string, unknown>).content;
    if (!Array.isArray(content)) return;
    const j = content.findIndex((part) => Array.isArray(part));
    if (j >= 0) throw refuse(`messages[${k}].content[${j}]`, 'a string or an object', content[j]);
  });
}

/**
 * Serves one chat completion. Answers the client itself (also on errors) and returns what the event
 * needs. Throws only HttpError before anything was sent.
 */
export async function chatCompletions(
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  pack: ActivePack,
  deps: DataPlaneDeps,
): Promise<RequestOutcome> {
  const outcome: RequestOutcome = {
    status: 200,
    model: null,
    identity: noIdentity(),
    tokens: { input: 0, output: 0 },
    evaluated: false,
  };
  const { viaKey: _v, ...identity } = resolveIdentity(req, pack, deps.keys);
  outcome.identity = identity;
  const raw = await readBody(req, deps.maxBodyBytes);
  const body = parseJsonObject(raw);
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw new HttpError(400, 'invalid_request_error', 'invalid_request', '`messages` must be a non-empty array');
  }
  checkFieldTypes(body);
  // A stream of several choices interleaves their deltas by `index`: each would need its own text, hold-back
  // window, held tool calls and output checks, and the stream path keeps one. Refused up front rather than
  // merged into one garbled choice (plain answers with n > 1 are checked whole and are fine).
  if (body.stream === true && typeof body.n === 'number' && body.n > 1) {
    throw new HttpError(
      400,
      'invalid_request_error',
      'unsupported_parameter',
      '`n` greater than 1 cannot be streamed through the gateway; use stream: false or n: 1',
    );
  }
  // A spoken answer (`modalities: ["audio"]`: the answer is `message.audio`, its `data` sound and its
  // `transcript` the words, `content` null) is nothing the output policies can read or redact: with a pack
  // that checks answers it would reach the client unchecked, so it is refused before the provider is called.
  if (pack.outputChecks && Array.isArray(body.modalities) && body.modalities.includes('audio')) {
    throw new HttpError(
      400,
      'invalid_request_error',
      'unsupported_parameter',
      'audio answers (`modalities` with "audio") cannot be checked by the pack\'s output policies; ask for text only',
      { fields: { param: 'modalities' } },
    );
  }
  deps.acquireSlot();
  outcome.model = typeof body.model === 'string' ? body.model : null;
  const payloadIdentity: NonNullable<Payload['identity']> = {};
  if (identity.user !== null) payloadIdentity.user = identity.user;
  if (identity.role !== null) payloadIdentity.role = identity.role;
  if (identity.team !== null) payloadIdentity.team = identity.team;
  const payload: Payload = { ...(body as Payload), headers: payloadHeaders(req, pack), identity: payloadIdentity };

  // The session figures agent-firewall reads are raised to what this gateway counted (docs/gateway.md,
  // "Session limits"): the client's `session` is its word, and `{actions: 0}` on every request passed every limit.
  const account = pack.sessionLimits
    ? sessionAccount(deps.sessions, ledgerIdentity(identity, req), body.session, deps)
    : UNCOUNTED;
  const requestContext = deps.evalContext('request');
  if (deps.flaggedConnection !== undefined) requestContext.connection = deps.flaggedConnection;
  const requestDecision = evaluate(pack, account.trusted(payload), requestContext);
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

  const provider = pickProvider(pack.providers, body.model, pack.routable);
  if (provider === undefined) {
    const err = new HttpError(
      502,
      'upstream_error',
      'no_provider',
      'the pack configures no provider target (providers.targets)',
      { final: true },
    );
    outcome.status = 502;
    outcome.verdict = requestDecision.verdict;
    outcome.reasonCode = 'upstream.no_provider';
    sendError(res, requestId, err);
    return outcome;
  }
  outcome.provider = provider;
  // Only the chat fields go upstream, as the request phases left them: a redaction in `user`, `metadata`,
  // `prediction` or a tool declaration applies there as in `messages` (the client's own copies of those went
  // up unredacted). Never the client's headers, identity or our payload extras.
  const upstreamBody: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(sanitised)) if (!PAYLOAD_EXTRAS.has(k)) upstreamBody[k] = v;
  upstreamBody.messages = unsignedTurns(body.messages, upstreamBody.messages);
  if ((typeof body.model !== 'string' || provider.model !== body.model) && provider.model !== undefined)
    upstreamBody.model = provider.model;
  outcome.model = typeof upstreamBody.model === 'string' ? upstreamBody.model : outcome.model;
  outcome.tokens.input = Math.ceil((outcome.prompt ?? '').length / 4);

  // The upstream call is cancelled when the client leaves, or when the gateway stops with it still running.
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  const cancel = () => abort.abort();
  deps.shutdown?.addEventListener('abort', cancel, { once: true });
  try {
    if (deps.shutdown?.aborted === true) abort.abort();
    const call: CompletionCall = {
      res,
      requestId,
      pack,
      deps,
      provider,
      upstreamBody,
      sanitised,
      outcome,
      signal: abort.signal,
      account,
    };
    if (body.stream !== true) return await plainCompletion(call);
    const done = await streamCompletion(call);
    // A stream's calls are counted at its final check (stream-completion.ts); one cut off before it (499) is
    // counted here with its last check, as what the client got.
    if (done.response !== undefined && (done.status === 200 || done.status === 499)) account.record(done.response);
    return done;
  } finally {
    deps.shutdown?.removeEventListener('abort', cancel);
  }
}

/**
 * Whose counts a request adds to: the user of the verified gateway key (or of the identity headers, when
 * the pack trusts them), else the client's address. Never the payload's `identity`, which the gateway
 * replaces anyway.
 */
function ledgerIdentity(identity: EventRecord['identity'], req: IncomingMessage): string {
  return identity.user !== null ? `user:${identity.user}` : `addr:${req.socket.remoteAddress ?? ''}`;
}

/** The client's `session.id` (a string or a number); '' when it names none (the identity's unnamed session). */
function clientSessionId(session: unknown): string {
  const id = isRecord(session) ? session.id : undefined;
  return typeof id === 'string' ? id : typeof id === 'number' ? String(id) : '';
}

/**
 * A session figure as agent-firewall reads it (absent or blank: 0; a number, or a string holding one);
 * undefined when it reads none, and the figure is left as sent: the firewall blocks on it.
 */
function clientFigure(v: unknown): number | undefined {
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return 0;
  return parseAmount(v);
}

/**
 * The client's `session` with each figure the ledger counted higher raised to the ledger's: a client may
 * report more than the gateway saw (calls made elsewhere), never less. Undefined when nothing is raised,
 * and the payload keeps what the client sent: with no figure, agent-firewall counts the conversation's
 * calls that ran, as it does for `kt policy eval`. Once a figure is given it stands for those calls, so
 * none is counted twice (the ledger holds the calls of earlier answers, which later requests carry as
 * calls that ran).
 */
export function trustedSession(sent: unknown, counted: LedgerFigures): Record<string, unknown> | undefined {
  const session: Record<string, unknown> = isRecord(sent) ? { ...sent } : {};
  let raised = false;
  const actions = clientFigure(session.actions);
  if (actions !== undefined && counted.actions > actions) {
    session.actions = counted.actions;
    raised = true;
  }
  const daily = clientFigure(session.daily_total_usd);
  if (daily !== undefined && counted.dailyTotal > daily) {
    session.daily_total_usd = counted.dailyTotal;
    raised = true;
  }
  const recent = session.calls_last_minute;
  // Null prototype: a tool may be named `__proto__`.
  const perTool: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  if (isRecord(recent)) {
    Object.assign(perTool, recent);
    // The ledger counts by toolKeys' `whole` (recordedTools): what the client reports under every name of
    // that key (`Search`, `search`) is set against it, and the difference added under the key itself, so
    // that agent-firewall, which adds up the figures of every spelling of a tool, reads the higher count.
    // A `*` entry (EVERY_TOOL) is a figure for every tool: a count it covers needs no raise.
    const every = Object.hasOwn(recent, EVERY_TOOL) ? clientFigure(recent[EVERY_TOOL]) : 0;
    const reportedBy = new Map<string, number | undefined>();
    for (const name of Object.keys(recent)) {
      if (name === EVERY_TOOL) continue;
      const key = toolKeys(name).whole;
      const prior = reportedBy.has(key) ? reportedBy.get(key) : 0;
      const figure = clientFigure(recent[name]);
      reportedBy.set(key, prior === undefined || figure === undefined ? undefined : prior + figure);
    }
    for (const [tool, n] of counted.callsLastMinute) {
      const reported = reportedBy.has(tool) ? reportedBy.get(tool) : 0;
      if (reported !== undefined && every !== undefined && n > reported && n > every) {
        perTool[tool] = (clientFigure(Object.hasOwn(recent, tool) ? recent[tool] : undefined) ?? 0) + n - reported;
        raised = true;
      }
    }
    if (raised) session.calls_last_minute = perTool;
  } else {
    // One number for every tool: kept as the map's `*` entry (EVERY_TOOL), beside the counts above it, so a
    // limit that counts several names (`lookup` counts `mcp__kb__lookup`, `default` every namespace of a tool)
    // reads the number once, not once per name it counts.
    const all = clientFigure(recent);
    if (all !== undefined && [...counted.callsLastMinute.values()].some((n) => n > all)) {
      // As given: absent, the firewall still counts the conversation's calls that ran for tools the ledger lacks.
      if (recent !== undefined && recent !== null && !(typeof recent === 'string' && recent.trim() === ''))
        perTool[EVERY_TOOL] = all;
      for (const [tool, n] of counted.callsLastMinute) if (n > all) perTool[tool] = n;
      session.calls_last_minute = perTool;
      raised = true;
    }
  }
  return raised ? session : undefined;
}

/**
 * The names the ledger counts the calls of an answer under: toolKeys' `whole`, one key for a tool however
 * the model spelled it (`Search`, `ѕearch`), as agent-firewall's rate limits count them; a client varying
 * the spelling neither splits its count nor pushes its other tools out of the ledger's per-tool cap.
 */
export const recordedTools = (names: readonly string[]): string[] => names.map((name) => toolKeys(name).whole);

/**
 * What the ledger counts for the calls of a passed answer: `tools` (recordedTools, a name per call), `actions`
 * and `amount` (what they move, as agent-firewall reads amounts; an unreadable one counts 0: the firewall
 * blocked it). An answer with several choices (OpenAI `n`) is one the client takes one choice of: it counts
 * the most any one choice would run (the most calls of one choice, of each tool in one choice, the largest
 * amount one choice moves), not every choice added up (choiceGroups).
 */
export function answerCount(calls: readonly ToolCallRef[]): { tools: string[]; actions: number; amount: number } {
  const perTool = new Map<string, number>();
  let actions = 0;
  let amount = 0;
  for (const choice of choiceGroups(calls)) {
    const here = new Map<string, number>();
    for (const key of recordedTools(choice.map((t) => t.name))) here.set(key, (here.get(key) ?? 0) + 1);
    for (const [key, n] of here) perTool.set(key, Math.max(perTool.get(key) ?? 0, n));
    actions = Math.max(actions, choice.length);
    amount = Math.max(
      amount,
      choice.reduce((sum, t) => sum + (amountOf(t).amount ?? 0), 0),
    );
  }
  const tools = [...perTool].flatMap(([key, n]) => Array.from({ length: n }, () => key));
  return { tools, actions, amount };
}

/** The account of a pack whose agent-firewall reads no counted figure (ActivePack.sessionLimits): the ledger is not touched. */
const UNCOUNTED: SessionAccount = { trusted: (payload) => payload, record: () => {} };

function sessionAccount(ledger: SessionLedger, who: string, sent: unknown, deps: DataPlaneDeps): SessionAccount {
  const sessionId = clientSessionId(sent);
  const now = () => deps.evalContext('response').now;
  let recorded = false;
  return {
    trusted(payload) {
      const session = trustedSession(sent, ledger.figures(who, sessionId, now()));
      return session === undefined ? payload : { ...payload, session };
    },
    record(decision) {
      if (recorded || isBlocking(decision) || decision.response === undefined) return;
      recorded = true;
      const calls = extractToolCalls({ upstream_response: decision.response }, true).filter(
        (t) => t.source === 'response',
      );
      const counted = answerCount(calls);
      ledger.record(who, sessionId, counted.tools, now(), counted.amount, counted.actions);
    },
  };
}

/**
 * The messages going upstream, without the `signature` of a `reasoning_details` entry or a thinking content
 * part of an earlier turn whose text the request phases redacted: the provider checks it against the text
 * and refuses the request when it does not match (unsignedWhereChanged).
 */
function unsignedTurns(sent: unknown[], checked: unknown): unknown {
  if (!Array.isArray(checked)) return checked;
  return checked.map((m, i) => (isRecord(m) ? unsignedMessage(sent[i], m) : m));
}

/** `message` (as the checks left it) with unsignedWhereChanged applied to its signed lists, against `raw`. */
function unsignedMessage<M extends Record<string, unknown>>(raw: unknown, message: M): M {
  const was = isRecord(raw) ? raw : {};
  let out = message;
  for (const field of ['reasoning_details', 'content'] as const) {
    const list = message[field];
    if (!Array.isArray(list)) continue;
    const after = unsignedWhereChanged(was[field], list);
    if (after !== list) out = { ...out, [field]: after };
  }
  return out;
}

async function plainCompletion(call: CompletionCall): Promise<RequestOutcome> {
  const { res, requestId, pack, deps, sanitised, outcome, signal, account } = call;
  const first = await firstAnswer(call, (target, body) => target.complete(body, signal));
  if ('failed' in first) return first.failed;
  const completion = first.answer;
  deps.observeUpstream(first.target.id, (performance.now() - first.startedAt) / 1000);
  outcome.tokens.output = Math.ceil((responseText(completion) ?? '').length / 4);
  takeUsage(outcome.tokens, completion.usage);

  // The session figures as they are now, and the answer's calls counted in the same tick as its check: requests
  // of one session answered at the same time are checked one after the other, each with the calls of the others.
  const responseDecision = evaluate(
    pack,
    account.trusted({ ...sanitised, upstream_response: withoutLogprobs(completion) }),
    deps.evalContext('response', outcome.request?.steps),
  );
  if (responseDecision.reason_code === 'payload.invalid')
    return failUpstream(res, requestId, uncheckableAnswer(responseDecision), outcome, deps.shutdown);
  outcome.response = responseDecision;
  account.record(responseDecision);
  if (isBlocking(responseDecision)) {
    const err = policyError(responseDecision);
    outcome.status = err.status;
    sendError(res, requestId, err);
    return outcome;
  }
  const checked = sanitisedCompletion(completion, responseDecision.response);
  const clean = pack.outputChecks ? withoutUncheckedText(checked) : checked;
  await sendJsonPaced(res, 200, clean, { 'x-request-id': requestId }, deps.writeStallMs);
  // Cut off before it took the whole answer (or gone): recorded as a client that left, as a stream is.
  // Destroyed, not merely unfinished: an answer within one slice is handed to the socket and not waited
  // for, and over TLS its write completes later, so `writableFinished` is still false here for every
  // answer - each was recorded as 499 client.closed (events, request log, metrics) though it was sent.
  if (res.destroyed && !res.writableFinished) clientGone(res, outcome);
  return outcome;
}

/**
 * The completion with its text replaced by the output-phase sanitised text, when it changed, and each
 * choice's logprobs cut where its text changed (see checkedLogprobs).
 */
function sanitisedCompletion(completion: ChatCompletion, sanitised: unknown): ChatCompletion {
  let clean: ChatCompletion = completion;
  if (sanitised !== null && typeof sanitised === 'object' && Array.isArray((sanitised as ChatCompletion).choices))
    clean = sanitised as ChatCompletion;
  else {
    const text = responseText(sanitised);
    if (text === undefined || completion.choices?.[0]?.message === undefined) return completion;
    clean = {
      ...completion,
      choices: completion.choices.map((c, i) => (i === 0 ? { ...c, message: { ...c.message, content: text } } : c)),
    };
  }
  return {
    ...clean,
    choices: clean.choices?.map((checked, i) => {
      const raw = completion.choices?.[i];
      let c = checked;
      // A signature no longer certifies reasoning the checks redacted (unsignedWhereChanged).
      if (c.message !== undefined) c = { ...c, message: unsignedMessage(raw?.message, c.message) };
      // Token ids spell the text and cannot be cut to it: they go only with a message the checks left as it was.
      if (spellsText(c) && JSON.stringify(raw?.message) !== JSON.stringify(checked.message)) c = withoutSpelling(c);
      // The checks saw none of the logprobs (withoutLogprobs): the upstream's go out, cut where the text changed.
      const logprobs = raw?.logprobs;
      if (logprobs === undefined || logprobs === null) return c;
      if (raw?.message === undefined || checked.message === undefined) return { ...c, logprobs };
      return { ...c, logprobs: checkedLogprobs(logprobs, raw.message, checked.message) };
    }),
  };
}

/**
 * Answer fields no check could read, left out of a plain answer when the pack checks answers, as a stream
 * leaves them out: a reasoning field or `refusal` that is not a string (the checks read those as text: an
 * upstream's `{"reasoning_content": {"text": ...}}` went to the client as it came, PII and all),
 * `reasoning_details` or `tool_calls` that is not a list and a `function_call` that is not an object (the
 * checks read those in these shapes only: `"tool_calls": {"0": {...}}` passed the agent firewall with a
 * blocked tool), and `audio`, whose `transcript` no check reads (an answer that asked for audio is refused
 * up front; one that did not should get none).
 */
function withoutUncheckedText(completion: ChatCompletion): ChatCompletion {
  const unreadable = (k: string, v: unknown) =>
    k === 'audio' ||
    (v !== null &&
      (((k === 'refusal' || isReasoningKey(k)) && typeof v !== 'string') ||
        ((k === 'tool_calls' || k === 'reasoning_details') && !Array.isArray(v)) ||
        (k === 'function_call' && !isRecord(v))));
  if (
    !completion.choices?.some(
      (c) => isRecord(c.message) && Object.entries(c.message).some(([k, v]) => unreadable(k, v)),
    )
  )
    return completion;
  return {
    ...completion,
    choices: completion.choices.map((c) =>
      isRecord(c.message)
        ? { ...c, message: Object.fromEntries(Object.entries(c.message).filter(([k, v]) => !unreadable(k, v))) }
        : c,
    ),
  } as ChatCompletion;
}

/**
 * The completion without its choices' logprobs, for the output checks: no check reads them (they are cut
 * where the text changed, from the upstream's own, by sanitisedCompletion), and with top_logprobs they are
 * some hundred values per token, which took a long answer past the engine's payload limit (1M values).
 */
function withoutLogprobs(completion: ChatCompletion): ChatCompletion {
  if (!Array.isArray(completion.choices) || !completion.choices.some((c) => c?.logprobs != null)) return completion;
  return {
    ...completion,
    choices: completion.choices.map((c) => {
      if (c.logprobs == null) return c;
      const { logprobs: _logprobs, ...rest } = c;
      return rest;
    }),
  };
}
