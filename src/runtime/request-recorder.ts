/**
 * What a finished request leaves behind: its request-log line (every route), its metrics (data plane), and
 * its event. Which data-plane requests become events, and the state of the audit trail they are written to: access
 * denials (IP allowlist, bot detection, a missing or bad gateway key) are security events; malformed or
 * oversized requests and overload answers are not decisions and are not recorded. Whether a decision is
 * recorded is the chain's audit step's to say (`shouldRecordEvent`; audit-logger.ts: `log_all_access:
 * false` skips plain allows, and records blocks, redactions, escalations, errors and flagged allows): the
 * recorder follows it for every request that ran the response phases and was answered as the chain
 * allowed. What the audit step cannot see is recorded under any setting: a request that ended before
 * the response phases (blocked on the way in, no provider) or whose answer failed (an upstream failure,
 * a client that left, the gateway stopping: status >= 400, or an `upstream.` reason after a stream began).
 * An event is appended after the answer is sent: a failed write is reported (and degrades /health) but
 * never fails the request.
 */
import type { IncomingMessage } from 'node:http';
import { shouldRecordEvent } from '../core/audit/event.js';
import type { ActivePack } from './active-pack.js';
import type { RequestOutcome } from './completion-outcome.js';
import type { EventLog } from './event-log.js';
import type { Refusal } from './http-listener.js';
import type { Metrics } from './metrics.js';
import { buildRequestEvent, worstVerdict } from './request-event.js';

/** One line per request on stderr (docs/gateway.md); never a prompt, answer, key or secret. */
export interface RequestLogLine {
  time: string;
  request_id: string;
  method: string;
  path: string;
  status: number;
  verdict: string | null;
  reason_code: string | null;
  latency_ms: number;
  remote: string | null;
  user: string | null;
  pack_version: string | null;
}

/**
 * `recordedDenial`: the code of a 401/403 access denial that was recorded as a `gateway.access_denied`
 * event; the line then says what that event says (verdict block, reason `access.<code>`), so a grep of the
 * log for blocks finds the requests the event log counts as blocked.
 */
export function requestLogLine(
  now: number,
  req: IncomingMessage,
  path: string,
  requestId: string,
  status: number,
  outcome: RequestOutcome | undefined,
  latencyMs: number,
  pack: ActivePack,
  recordedDenial?: string,
): RequestLogLine {
  const denied = recordedDenial !== undefined && outcome?.request === undefined;
  return {
    time: new Date(now).toISOString(),
    request_id: requestId,
    method: req.method ?? '',
    path,
    status,
    verdict: outcome?.request ? worstVerdict(outcome.request, outcome.response).verdict : denied ? 'block' : null,
    reason_code:
      outcome?.reasonCode ??
      outcome?.response?.reason_code ??
      outcome?.request?.reason_code ??
      (denied ? `access.${recordedDenial}` : null),
    latency_ms: Math.round(latencyMs * 100) / 100,
    remote: req.socket.remoteAddress ?? null,
    user: outcome?.identity.user ?? null,
    pack_version: pack.model.pack.version,
  };
}

/**
 * The line of a request the listener answered without a route (listener-level refusals): the HTTP
 * parser's before the headers were read (a 408 for headers too slow, a 400, a 431: no method or path,
 * empty), an `Expect` the gateway does not meet (417) or a CONNECT; the id and status its answer carried.
 */
export function refusalLogLine(now: number, refusal: Refusal, pack: ActivePack): RequestLogLine {
  return {
    time: new Date(now).toISOString(),
    request_id: refusal.requestId,
    method: refusal.method ?? '',
    path: refusal.path ?? '',
    status: refusal.status,
    verdict: null,
    reason_code: null,
    latency_ms: Math.round(refusal.latencyMs * 100) / 100,
    remote: refusal.remote,
    user: null,
    pack_version: pack.model.pack.version,
  };
}

/** A data-plane request in /metrics: its verdict and status, its latency, and each policy step's time. */
export function observeRequest(
  metrics: Metrics,
  path: string,
  status: number,
  outcome: RequestOutcome | undefined,
  latencyMs: number,
): void {
  const verdict = outcome?.request
    ? worstVerdict(outcome.request, outcome.response).verdict
    : status >= 400
      ? 'denied'
      : 'none';
  metrics.requests.inc({ verdict, status: String(status) });
  metrics.requestSeconds.observe({ route: path }, latencyMs / 1000);
  for (const step of [...(outcome?.request?.steps ?? []), ...(outcome?.response?.steps ?? [])]) {
    if (step.verdict !== 'skipped') metrics.policySeconds.observe({ policy: step.policy }, step.duration_us / 1e6);
  }
}

export interface RecorderOptions {
  now: () => number;
  /** Epoch microseconds (createEpochMicros): stamps events to the microsecond; without it, `now`'s millisecond. */
  nowMicros?: () => number;
  gatewayId: string;
  /** Salt of the prompt hash (derived from the state directory's hash-key). */
  promptSalt: string;
  onWarning?: (message: string) => void;
}

export class RequestRecorder {
  private failure: string | undefined;
  private seq = 0;
  private failedSeq = 0;

  constructor(
    private readonly events: EventLog,
    private readonly options: RecorderOptions,
  ) {}

  /** The last write error, until an event queued after it is written; undefined while writes succeed. */
  get error(): string | undefined {
    return this.failure;
  }

  /** `denial`: the code of a 401/403 access denial answered before any policy ran. */
  record(
    pack: ActivePack,
    requestId: string,
    outcome: RequestOutcome | undefined,
    status: number,
    latencyMs: number,
    denial: string | undefined,
  ): void {
    if ((outcome === undefined || !outcome.evaluated) && denial === undefined) return;
    const upstreamFailed = outcome?.reasonCode?.startsWith('upstream.') === true;
    const audited = denial === undefined && !upstreamFailed && status < 400 ? outcome?.response : undefined;
    if (audited !== undefined && !shouldRecordEvent(audited)) return;
    const us = this.options.nowMicros?.();
    const event = buildRequestEvent({
      ...(us === undefined ? { now: this.options.now() } : { now: Math.floor(us / 1000), micros: us % 1000 }),
      pack: pack.model,
      request: outcome?.request,
      response: outcome?.response,
      ...(denial !== undefined ? { verdict: 'block' as const, reasonCode: `access.${denial}` } : {}),
      ...(outcome?.reasonCode !== undefined ? { reasonCode: outcome.reasonCode } : {}),
      eventType:
        denial !== undefined ? 'gateway.access_denied' : upstreamFailed ? 'gateway.upstream_error' : 'gateway.request',
      configHash: pack.hash,
      model: outcome?.model ?? null,
      provider: outcome?.provider?.id ?? null,
      gatewayId: this.options.gatewayId,
      identity: outcome?.identity ?? { user: null, role: null, team: null },
      requestId,
      latencyMs,
      tokens: outcome?.tokens ?? { input: 0, output: 0 },
      promptSalt: this.options.promptSalt,
      ...(outcome?.upstreamStatus !== undefined ? { upstreamStatus: outcome.upstreamStatus } : {}),
    });
    // Only a success queued after the last failure clears it (an older write finishing late must not).
    const seq = ++this.seq;
    this.events.append(event).then(
      () => {
        if (seq > this.failedSeq) this.failure = undefined;
      },
      (e: Error) => {
        this.failedSeq = Math.max(this.failedSeq, seq);
        this.failure = e.message;
        this.options.onWarning?.(`event ${event.id} could not be written: ${e.message}`);
      },
    );
  }
}
