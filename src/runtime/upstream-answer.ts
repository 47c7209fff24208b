/**
 * How a failed upstream call is answered and recorded (docs/http-api.md, "Upstream errors").
 *
 * - The upstream refused the request itself (a 4xx: 400 invalid request, 404 unknown model, 413, 422,
 *   429, ...): the client made the mistake and can act on it, so it gets the upstream's status and the
 *   upstream's error object in the OpenAI shape (`message`, `type`, `code`, `param`; sanitised, see
 *   providers/error-answer.ts), plus `request_id` and `source: "upstream"` so it can be told from the
 *   gateway's own answers. Without a usable error object: type `upstream_error`, code
 *   `upstream_rate_limited` (429) or `upstream_rejected`, and the gateway's message. Recorded as
 *   `upstream.rate_limited` / `upstream.rejected`.
 * - 401, 403 and 407 are the exception: they refuse the gateway's own credentials (the provider key from
 *   `secret_key_ref`; a client's key never goes upstream). The client cannot fix that, and a 401 from the
 *   gateway means "your gateway key" (DESIGN.md §4), so it is a 502 `provider_key_rejected` for the
 *   operator to act on, with the gateway's message only (the upstream's may quote the key).
 * - An upstream 5xx with a valid `Retry-After` (a 503 "overloaded, come back in N s", as OpenAI, Azure and
 *   vLLM send it) is a 503 `upstream_overloaded` carrying that `Retry-After` (read and capped by
 *   io/retry-after.ts): the provider said when to come back, and a client told only "bad gateway" would
 *   retry on its own schedule (or, if it is not an SDK, not at all). 503 rather than 502 because it is
 *   what HTTP clients and load balancers read `Retry-After` on; the OpenAI SDKs retry 502 and 503 alike
 *   and wait the `Retry-After` either way. Recorded as `upstream.overloaded`.
 * - Timeouts are 504 `upstream_timeout`; other 5xx, unreachable, protocol faults and an unconfigured key
 *   are the gateway's 502 envelope, which never carries the upstream's body.
 */
import { HttpError } from './http.js';
import { UpstreamError } from './providers/types.js';

/** Statuses that refuse the gateway's credentials rather than the client's request. */
const CREDENTIAL_REFUSALS = new Set([401, 403, 407]);

export interface UpstreamAnswer {
  error: HttpError;
  /** The event's reason code. */
  reason: string;
}

export function upstreamAnswer(e: unknown): UpstreamAnswer {
  if (!(e instanceof UpstreamError)) return { error: new HttpError(502, 'upstream_error', 'upstream_unavailable', 'the upstream call failed'), reason: 'upstream.unavailable' };
  if (e.kind === 'timeout') return { error: new HttpError(504, 'upstream_error', 'upstream_timeout', e.message), reason: 'upstream.timeout' };
  const status = e.kind === 'status' ? e.status : undefined;
  if (status !== undefined && CREDENTIAL_REFUSALS.has(status)) {
    return {
      error: new HttpError(502, 'upstream_error', 'provider_key_rejected', `${e.message}: the upstream refused the gateway's provider credentials (check the target's secret_key_ref)`),
      reason: 'upstream.provider_key_rejected',
    };
  }
  if (status !== undefined && status >= 400 && status < 500) return refusal(e, status);
  if (status !== undefined && status >= 500 && e.retryAfter !== undefined) {
    return {
      error: new HttpError(503, 'upstream_error', 'upstream_overloaded', `${e.message} and asked to retry after ${e.retryAfter} s`, { retryAfter: e.retryAfter }),
      reason: 'upstream.overloaded',
    };
  }
  const code = e.kind === 'unconfigured' ? 'provider_unconfigured' : e.kind === 'status' ? 'upstream_status' : e.kind === 'protocol' ? 'upstream_protocol' : 'upstream_unavailable';
  return { error: new HttpError(502, 'upstream_error', code, e.message), reason: `upstream.${code.replace(/^upstream_/, '')}` };
}

/** The upstream's 4xx, passed on with its (sanitised) error object. */
function refusal(e: UpstreamError, status: number): UpstreamAnswer {
  const limited = status === 429;
  const d = e.detail;
  const error = new HttpError(status, d?.type ?? 'upstream_error', d?.code ?? (limited ? 'upstream_rate_limited' : 'upstream_rejected'), d?.message ?? e.message, {
    fields: { param: d?.param ?? null, source: 'upstream' },
    ...(limited && e.retryAfter !== undefined ? { retryAfter: e.retryAfter } : {}),
  });
  return { error, reason: limited ? 'upstream.rate_limited' : 'upstream.rejected' };
}
