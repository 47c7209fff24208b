/**
 * Builds the audit event of one data-plane request (DESIGN.md §3.4) from the decisions of the two
 * phases. Prompts and answers are never stored: only a keyed hash of the sanitised prompt.
 */
import { createHmac } from 'node:crypto';
import type { Decision, EventRecord, StepResult, Verdict } from '../core/types.js';
import type { NewEvent } from './event-log.js';
import { ulid } from './ulid.js';

const RANK: Record<Verdict, number> = { allow: 0, redact: 1, escalate: 2, block: 3 };

/** Steps of the request phases from the first decision and of the response phases from the second. */
export function mergeSteps(request: Decision | undefined, response: Decision | undefined): StepResult[] {
  const pre = (request?.steps ?? []).filter((s) => s.phase !== 'output' && s.phase !== 'audit');
  const post = response ? response.steps.filter((s) => s.phase === 'output' || s.phase === 'audit') : (request?.steps ?? []).filter((s) => s.phase === 'output' || s.phase === 'audit');
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
  now: number;
  request: Decision | undefined;
  response: Decision | undefined;
  /** Overrides for requests that ended without a policy decision (upstream failure, denial). */
  verdict?: Verdict;
  reasonCode?: string;
  eventType: string;
  pack: { name: string; version: string };
  configHash: string;
  model: string | null;
  provider: string | null;
  gatewayId: string;
  identity: EventRecord['identity'];
  requestId: string;
  latencyMs: number;
  tokens: { input: number; output: number };
  prompt: string | undefined;
  promptKey: string;
}

export function buildRequestEvent(input: RequestEventInput): NewEvent {
  const steps = mergeSteps(input.request, input.response);
  const worst = worstVerdict(input.request, input.response);
  const redactions = new Map<string, number>();
  for (const s of steps) {
    if (s.verdict !== 'redact') continue;
    for (const f of s.findings) redactions.set(f.type, (redactions.get(f.type) ?? 0) + 1);
  }
  const event: NewEvent = {
    id: `evt_${ulid(input.now)}`,
    timestamp: isoMicros(input.now),
    event_type: input.eventType,
    verdict: input.verdict ?? worst.verdict,
    reason_code: input.reasonCode ?? worst.reason,
    pack: input.pack,
    config_hash: input.configHash,
    policies: steps.map((s) => ({ name: s.policy, kind: s.kind, phase: s.phase, verdict: s.verdict, reason_code: s.reason_code, duration_us: s.duration_us })),
    model: input.model,
    provider: input.provider,
    gateway_id: input.gatewayId,
    identity: input.identity,
    request_id: input.requestId,
    latency_ms: Math.round(input.latencyMs * 1000) / 1000,
    tokens: input.tokens,
    redactions: [...redactions].map(([type, count]) => ({ type, count })),
  };
  if (input.prompt !== undefined) event.prompt_hash = `hmac-sha256:${createHmac('sha256', input.promptKey).update(input.prompt).digest('hex')}`;
  return event;
}

/** RFC 3339 UTC with microseconds (the clock gives milliseconds; the last three digits are 0). */
export function isoMicros(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
