/**
 * What the plain and the streamed answer of a chat completion share: the outcome a request records (its
 * event and request-log line), the deps the gateway hands the data plane, running the chain, and the
 * answers to a policy block, a failed upstream call and a client that went away.
 */
import type { ServerResponse } from 'node:http';
import type { Decision, EvalContext, EventRecord, Payload, StepResult } from '../core/types.js';
import type { ActivePack } from './active-pack.js';
import type { GatewayKeys } from './gateway-keys.js';
import type { SessionLedger } from './session-ledger.js';
import { HttpError, sendError } from './http.js';
import type { ChatCompletion, ProbeResult, Provider } from './providers/types.js';
import { UpstreamError } from './providers/types.js';
import { upstreamAnswer } from './upstream-answer.js';

export interface RequestOutcome {
  status: number;
  request?: Decision;
  response?: Decision;
  verdict?: EventRecord['verdict'];
  reasonCode?: string;
  provider?: Provider;
  /** The upstream's HTTP status when the answer came from the upstream failing with one (recorded as upstream_status). */
  upstreamStatus?: number;
  model: string | null;
  identity: EventRecord['identity'];
  tokens: { input: number; output: number };
  prompt?: string;
  /** False for requests refused before any policy ran (no event unless policy-relevant). */
  evaluated: boolean;
}

/**
 * Takes the upstream's token counts (`usage.prompt_tokens`, `usage.completion_tokens`) into `tokens`, each
 * only when it is a count (a non-negative safe integer): the event records them as integers (DESIGN.md
 * §3.4), and an upstream's `"lots"` or an object there went into the hash-chained log as it came, as large
 * as the answer (up to 32 MiB). A count that is missing or no count keeps the gateway's own estimate.
 */
export function takeUsage(tokens: RequestOutcome['tokens'], usage: unknown): void {
  if (typeof usage !== 'object' || usage === null) return;
  const { prompt_tokens: input, completion_tokens: output } = usage as Record<string, unknown>;
  if (isCount(input)) tokens.input = input;
  if (isCount(output)) tokens.output = output;
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** One chat completion to get from the upstream and answer: what both the plain and the streamed path take. */
export interface CompletionCall {
  res: ServerResponse;
  requestId: string;
  pack: ActivePack;
  deps: DataPlaneDeps;
  /** The provider target picked for the request (failover goes on from it). */
  provider: Provider;
  /** The body sent upstream (the sanitised request in the provider's shape). */
  upstreamBody: Record<string, unknown>;
  /** The request payload after the request-side policies (the output phase evaluates the answer with it). */
  sanitised: Payload;
  outcome: RequestOutcome;
  signal: AbortSignal;
  /** The session ledger as this request sees it: the figures its answer is checked with, and its calls counted. */
  account: SessionAccount;
}

/** The ledger as one request sees it: whose counts, and which session (data-plane.ts, sessionAccount). */
export interface SessionAccount {
  /** `payload` with its session figures raised to the ledger's counts as they are now (trustedSession). */
  trusted(payload: Payload): Payload;
  /**
   * Counts the calls of an answer, if the response phases let it through (`decision`); once per request.
   * An answer blocked or held for approval hands the client no call, nor does a failed upstream call.
   */
  record(decision: Decision): void;
}

export interface DataPlaneDeps {
  keys: GatewayKeys;
  /** The gateway's counts of the tool calls it let through (agent-firewall's session figures; session-ledger.ts). */
  sessions: SessionLedger;
  /** `earlier`: the request decision's steps, for the response phases (EvalContext.earlierSteps). */
  evalContext: (phases: EvalContext['phases'], earlier?: readonly StepResult[]) => EvalContext;
  /**
   * The connection, when the IP allowlist let it through only because `on_deny` is `log`: the request
   * phases run the network step on it (EvalContext.connection), so the decision carries the flag.
   */
  flaggedConnection?: EvalContext['connection'];
  observeUpstream: (provider: string, seconds: number) => void;
  maxBodyBytes: number;
  /** How long a client may take no data of its answer before it is cut off (recorded as 499 client.closed). */
  writeStallMs: number;
  /** Takes a concurrency slot (throws 503 when none is free); called once the body is read. */
  acquireSlot: () => void;
  onFailover?: (from: string, to: string) => void;
  /** What a call to a target showed of it, for /health (provider-health.ts); undefined: nothing. */
  observeTarget?: (target: Provider, result: ProbeResult | undefined) => void;
  /** A warning for the gateway's log (a stream passed on complete although its upstream did not end it properly). */
  warn?: (message: string) => void;
  /**
   * Aborted when the gateway stops and this request is still running at the end of the grace period:
   * its upstream call is cancelled and the client is told so (see failedAnswer). Absent: never.
   */
  shutdown?: AbortSignal;
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

/**
 * The answer to a blocking decision. `final` (x-should-retry: false): the OpenAI SDKs retry a 409 (to them a
 * lock timeout) twice with backoff, so every blocked prompt was sent three times, recorded as three block
 * events, and its error reached the caller a second or more late; the same request is blocked again.
 */
export function policyError(decision: Decision): HttpError {
  const e = decision.http.error;
  return new HttpError(
    decision.http.status,
    e?.type ?? 'policy_violation',
    e?.code ?? 'input_blocked',
    e?.message ?? `blocked by ${decision.blocked_by ?? 'policy'}`,
    { ...(e?.policy !== undefined ? { policy: e.policy } : {}), final: true },
  );
}

/**
 * The failure to answer with when the engine refused the payload an upstream answer made (payload.invalid:
 * an answer nested or sized past the payload limits, checkPayloadBounds): the upstream's fault, 502
 * upstream_protocol, where the engine's own 422 validation_error told the client its request was invalid.
 */
export function uncheckableAnswer(decision: Decision): UpstreamError {
  return new UpstreamError(
    'protocol',
    `the upstream's answer cannot be checked: ${decision.http.error?.message ?? 'the payload is invalid'}`,
  );
}

export function evaluate(pack: ActivePack, payload: Payload, ctx: EvalContext): Decision {
  return pack.chain.evaluate(payload, ctx);
}

export function isBlocking(d: Decision): boolean {
  return d.http.status >= 300;
}

/**
 * The answer to a request whose upstream call failed: the upstream's failure (upstream-answer.ts), unless
 * the gateway cancelled the call because it is stopping. Then the client gets 503 `gateway_shutdown`
 * (a plain answer, or the final error event of a stream that had started) rather than a closed connection
 * or an upstream error that did not happen: the OpenAI SDKs raise it as an API error, and retry a plain
 * 503 (on another replica behind a load balancer). No `Retry-After`: this gateway is not coming back soon.
 * Recorded as `gateway.shutdown` (docs/gateway.md, "Signals"). `earlierRetryAfter`: see upstreamAnswer.
 */
export function failedAnswer(
  e: unknown,
  shutdown: AbortSignal | undefined,
  earlierRetryAfter?: number,
): { error: HttpError; reason: string; upstreamStatus?: number } {
  if (shutdown?.aborted === true) {
    return {
      error: new HttpError(
        503,
        'server_error',
        'gateway_shutdown',
        'the gateway is shutting down; the request was not completed',
        { close: true },
      ),
      reason: 'gateway.shutdown',
    };
  }
  const status = e instanceof UpstreamError && e.kind === 'status' ? e.status : undefined;
  return { ...upstreamAnswer(e, earlierRetryAfter), ...(status !== undefined ? { upstreamStatus: status } : {}) };
}

export function failUpstream(
  res: ServerResponse,
  requestId: string,
  e: unknown,
  outcome: RequestOutcome,
  shutdown: AbortSignal | undefined,
  earlierRetryAfter?: number,
): RequestOutcome {
  if (clientGone(res, outcome)) return outcome;
  const { error, reason, upstreamStatus } = failedAnswer(e, shutdown, earlierRetryAfter);
  outcome.status = error.status;
  outcome.reasonCode = reason;
  outcome.upstreamStatus = upstreamStatus;
  sendError(res, requestId, error);
  return outcome;
}

/** The client closed the connection: nothing to answer; recorded as status 499 `client.closed`. */
export function clientGone(res: ServerResponse, outcome: RequestOutcome): boolean {
  if (!res.destroyed && !res.writableEnded) return false;
  outcome.status = 499;
  outcome.reasonCode = 'client.closed';
  return true;
}
