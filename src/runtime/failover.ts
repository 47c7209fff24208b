/**
 * `providers.fallback`: which targets a chat completion may try, in order, and which failures move it on
 * to the next one (docs/gateway.md). The same target is never retried: chat completions are not idempotent.
 */
import type { ActivePack, FallbackPolicy } from './active-pack.js';
import type { Provider } from './providers/types.js';
import { UpstreamError } from './providers/types.js';

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
export const bodyFor = (p: Provider, base: Record<string, unknown>, attempt: number): Record<string, unknown> =>
  attempt === 0 || p.model === undefined ? base : { ...base, model: p.model };
