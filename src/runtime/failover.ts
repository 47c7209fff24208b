/**
 * `providers.fallback`: which targets a chat completion may try, in order, and which failures move it on
 * to the next one (docs/gateway.md). The same target is never retried: chat completions are not idempotent.
 */
import type { ActivePack, FallbackPolicy } from './active-pack.js';
import { type CompletionCall, failUpstream, type RequestOutcome } from './completion-outcome.js';
import { callResult } from './provider-health.js';
import type { Provider } from './providers/types.js';
import { UpstreamError } from './providers/types.js';
import { retryHint, smallerRetryAfter } from './upstream-answer.js';

/**
 * The targets to try in order: the chosen one, then (with `providers.fallback`) the others in pack order;
 * only those data-routing-policy admits (`pack.routable`) when the chosen one is admitted: a failover must
 * not send the request where the policy kept it from.
 */
export function candidatesFor(pack: ActivePack, first: Provider): Provider[] {
  if (pack.fallback === undefined) return [first];
  const routable = pack.routable !== undefined && pack.routable(first) ? pack.routable : () => true;
  return [first, ...pack.providers.filter((p) => p !== first && routable(p))].slice(0, pack.fallback.maxRetries + 1);
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
export const bodyFor = (p: Provider, base: Record<string, unknown>, attempt: number): Record<string, unknown> =>
  attempt === 0 || p.model === undefined ? base : { ...base, model: p.model };

/** The first target that answered, what it answered and when its attempt began; or the failure already answered. */
export type FirstAnswer<T> = { answer: T; target: Provider; startedAt: number } | { failed: RequestOutcome };

/**
 * Asks the targets of `call` in failover order (candidatesFor) until one answers: a failure that may move on
 * (retryable, and the request not cancelled) goes to the next target; any other, or the last target's, is
 * answered to the client (failUpstream), with the smallest Retry-After the targets before it sent (see
 * upstream-answer.ts: the last target's bare 500 must not drop an earlier "come back in 4 s"). A failed
 * attempt's time is observed here; a success's is the caller's to observe from `startedAt` (a stream's
 * lasts until its end). Each attempt's result also feeds /health (provider-health.ts). The plain and the
 * streamed paths share it.
 */
export async function firstAnswer<T>(
  call: CompletionCall,
  ask: (target: Provider, body: Record<string, unknown>) => Promise<T>,
): Promise<FirstAnswer<T>> {
  const { res, requestId, pack, deps, provider, upstreamBody, outcome, signal } = call;
  const candidates = candidatesFor(pack, provider);
  let earlierRetryAfter: number | undefined;
  for (let attempt = 0; ; attempt++) {
    const target = candidates[attempt]!;
    const startedAt = performance.now();
    try {
      const answer = await ask(target, bodyFor(target, upstreamBody, attempt));
      deps.observeTarget?.(target, callResult(undefined, performance.now() - startedAt));
      outcome.provider = target;
      if (attempt > 0 && target.model !== undefined) outcome.model = target.model;
      return { answer, target, startedAt };
    } catch (e) {
      deps.observeUpstream(target.id, (performance.now() - startedAt) / 1000);
      // A call the client or the gateway cancelled says nothing of the target.
      if (!signal.aborted) deps.observeTarget?.(target, callResult(e, performance.now() - startedAt));
      const next = candidates[attempt + 1];
      if (next !== undefined && pack.fallback !== undefined && retryable(e, pack.fallback) && !signal.aborted) {
        deps.onFailover?.(target.id, next.id);
        earlierRetryAfter = smallerRetryAfter(earlierRetryAfter, retryHint(e));
        continue;
      }
      outcome.provider = target;
      return { failed: failUpstream(res, requestId, e, outcome, deps.shutdown, earlierRetryAfter) };
    }
  }
}
