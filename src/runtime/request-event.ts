/**
 * The audit event of one data-plane request (DESIGN.md §3.4). The record itself is built by the
 * core (`buildEventRecord`) from one Decision; a gateway request has two (request phases before the
 * provider, response phases after), so they are merged here: request-phase steps from the first,
 * output/audit steps from the second, the worst verdict of both. Prompts are never stored: the core
 * adds a salted hash of the sanitised request text, salted with the state directory's secret.
 */
import { buildEventRecord } from '../core/audit/event.js';
import type { Decision, EventRecord, PackModel, Payload, StepResult, Verdict } from '../core/types.js';
import type { NewEvent } from './event-log.js';
import { ulid } from './ulid.js';

const RANK: Record<Verdict, number> = { allow: 0, redact: 1, escalate: 2, block: 3 };

/** Steps of the request phases from the first decision and of the response phases from the second. */
export function mergeSteps(request: Decision | undefined, response: Decision | undefined): StepResult[] {
  const late = (s: StepResult) => s.phase === 'output' || s.phase === 'audit';
  const pre = (request?.steps ?? []).filter((s) => !late(s));
  const post = (response ?? request)?.steps.filter(late) ?? [];
  return [...pre, ...post];
}

export function worstVerdict(...decisions: Array<Decision | undefined>): { verdict: Verdict; reason: string } {
  let verdict: Verdict = 'allow';
  let reason: string | undefined;
  for (const d of decisions) {
    if (d === undefined) continue;
    if (reason === undefined || RANK[d.verdict] > RANK[verdict]) {
      verdict = d.verdict;
      reason = d.reason_code;
    }
  }
  return { verdict, reason: reason ?? 'allowed' };
}

export interface RequestEventInput {
  /** Epoch milliseconds. */
  now: number;
  /** The timestamp's microseconds within that millisecond (0-999), when the clock has them. */
  micros?: number;
  pack: PackModel;
  request: Decision | undefined;
  response: Decision | undefined;
  /** Overrides for requests that ended without a policy decision (upstream failure, access denial). */
  verdict?: Verdict;
  reasonCode?: string;
  eventType: string;
  configHash: string;
  model: string | null;
  provider: string | null;
  gatewayId: string;
  identity: EventRecord['identity'];
  requestId: string;
  latencyMs: number;
  tokens: { input: number; output: number };
  promptSalt: string;
  /** The upstream's HTTP status, when the request ended on the upstream failing with one. */
  upstreamStatus?: number;
}

/** A gateway event: the core's record (with `upstream_status` when the outcome was the upstream's HTTP answer). */
export type GatewayEvent = NewEvent;

export function buildRequestEvent(input: RequestEventInput): GatewayEvent {
  const worst = worstVerdict(input.request, input.response);
  const last = input.response ?? input.request;
  const sanitised: Payload | undefined = input.request?.request;
  const merged: Decision = {
    verdict: input.verdict ?? worst.verdict,
    reason_code: input.reasonCode ?? worst.reason,
    blocked_by: input.response?.blocked_by ?? input.request?.blocked_by ?? null,
    steps: mergeSteps(input.request, input.response),
    request: sanitised ?? {},
    http: last?.http ?? { status: 200 },
  };
  const record = buildEventRecord(
    merged,
    { pack: input.pack },
    {
      id: `evt_${ulid(input.now)}`,
      timestampMs: input.now,
      ...(input.micros !== undefined ? { micros: input.micros } : {}),
      request_id: input.requestId,
      gateway_id: input.gatewayId,
      config_hash: input.configHash,
      latency_ms: Math.round(input.latencyMs * 1000) / 1000,
      tokens: input.tokens,
      model: input.model,
      provider: input.provider,
      identity: input.identity,
      event_type: input.eventType,
      ...(sanitised !== undefined ? { payload: sanitised, promptSalt: input.promptSalt } : {}),
    },
  );
  const { prev_hash: _p, hash: _h, ...rest } = record;
  return input.upstreamStatus === undefined ? rest : { ...rest, upstream_status: input.upstreamStatus };
}
