/**
 * What the plain and the streamed answer of a chat completion share: the outcome a request records (its
 * event and request-log line), the deps the gateway hands the data plane, running the chain, and the
 * answers to a policy block, a failed upstream call and a client that went away.
 */
import type { ServerResponse } from 'node:http';
import type { Decision, EvalContext, EventRecord, Payload } from '../core/types.js';
import type { ActivePack } from './active-pack.js';
import type { GatewayKeys } from './gateway-keys.js';
import { HttpError, sendError } from './http.js';
import type { ChatCompletion, Provider } from './providers/types.js';
import { upstreamAnswer } from './upstream-answer.js';

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

/** The assistant text of a completion-like value (a completion body or `{content}`). */
export function responseText(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? value : undefined;
  const v = value as ChatCompletion & { content?: unknown };
  const c = v.choices?.[0]?.message?.content;
  if (typeof c === 'string') return c;
  if (typeof v.content === 'string') return v.content;
  return undefined;
}

export function policyError(decision: Decision): HttpError {
  const e = decision.http.error;
  return new HttpError(decision.http.status, e?.type ?? 'policy_violation', e?.code ?? 'input_blocked', e?.message ?? `blocked by ${decision.blocked_by ?? 'policy'}`, e?.policy !== undefined ? { policy: e.policy } : {});
}

export function evaluate(pack: ActivePack, payload: Payload, ctx: EvalContext): Decision {
  return pack.chain.evaluate(payload, ctx);
}

export function isBlocking(d: Decision): boolean {
  return d.http.status >= 300;
}

export function failUpstream(res: ServerResponse, requestId: string, e: unknown, outcome: RequestOutcome): RequestOutcome {
  if (clientGone(res, outcome)) return outcome;
  const { error, reason } = upstreamAnswer(e);
  outcome.status = error.status;
  outcome.reasonCode = reason;
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
