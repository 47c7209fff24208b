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
 * - After failover (failover.ts) the last target's failure decides the kind of answer, but the Retry-After
 *   is the smallest valid one that any target tried for the request sent (a 5xx's or a 429's). A retry
 *   goes through the same targets in the same order, so the earliest "come back" is the earliest a retry
 *   may succeed; the largest would keep the client away from a target that is already back, and none at all
 *   (the last target's timeout or bare 500) would drop what the provider said. So a 503 `Retry-After: 4`
 *   and then a bare 500, a timeout or an unreachable target is a 503 `upstream_overloaded` with
 *   `Retry-After: 4`, and a last 429 is passed on with that smallest value. A refusal of the request or of
 *   the key (a 4xx other than 429; failover stops there) carries none: waiting does not fix it.
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

/** The `Retry-After` a failed call carries as a hint for when to come back: a 5xx's or a 429's, when valid. */
export function retryHint(e: unknown): number | undefined {
  if (!(e instanceof UpstreamError) || e.kind !== 'status' || e.status === undefined) return undefined;
  return e.status === 429 || e.status >= 500 ? e.retryAfter : undefined;
}

/** The smaller of two optional Retry-After values (either may be absent). */
export const smallerRetryAfter = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);

/**
 * The answer to the failed call `e`. `earlierRetryAfter`: the smallest Retry-After that the targets tried
 * before it for the same request sent (failover.ts), or undefined.
 */
export function upstreamAnswer(e: unknown, earlierRetryAfter?: number): UpstreamAnswer {
  if (!(e instanceof UpstreamError))
    return {
      error: new HttpError(502, 'upstream_error', 'upstream_unavailable', 'the upstream call failed'),
      reason: 'upstream.unavailable',
    };
  const status = e.kind === 'status' ? e.status : undefined;
  if (status !== undefined && CREDENTIAL_REFUSALS.has(status)) {
    return {
      error: new HttpError(
        502,
        'upstream_error',
        'provider_key_rejected',
        `${e.message}: the upstream refused the gateway's provider credentials (check the target's secret_key_ref)`,
        { final: true },
      ),
      reason: 'upstream.provider_key_rejected',
    };
  }
  const own = retryHint(e);
  const retryAfter = smallerRetryAfter(own, earlierRetryAfter);
  if (status !== undefined && status >= 400 && status < 500) return refusal(e, status, retryAfter);
  if (retryAfter !== undefined) {
    const why = retryAfter === own ? 'and asked' : 'and a target tried before it asked';
    return {
      error: new HttpError(
        503,
        'upstream_error',
        'upstream_overloaded',
        `${e.message} ${why} to retry after ${retryAfter} s`,
        { retryAfter },
      ),
      reason: 'upstream.overloaded',
    };
  }
  if (e.kind === 'timeout')
    return { error: new HttpError(504, 'upstream_error', 'upstream_timeout', e.message), reason: 'upstream.timeout' };
  const code =
    e.kind === 'unconfigured'
      ? 'provider_unconfigured'
      : e.kind === 'status'
        ? 'upstream_status'
        : e.kind === 'protocol'
          ? 'upstream_protocol'
          : 'upstream_unavailable';
  return {
    // A missing provider secret stays missing until the operator sets it: not worth a client's retries.
    error: new HttpError(
      502,
      'upstream_error',
      code,
      e.message,
      code === 'provider_unconfigured' ? { final: true } : {},
    ),
    reason: `upstream.${code.replace(/^upstream_/, '')}`,
  };
}

/** The upstream's 4xx, passed on with its (sanitised) error object; a 429 with `retryAfter` (see above). */
function refusal(e: UpstreamError, status: number, retryAfter: number | undefined): UpstreamAnswer {
  const limited = status === 429;
  const d = e.detail;
  const error = new HttpError(
    status,
    d?.type ?? 'upstream_error',
    d?.code ?? (limited ? 'upstream_rate_limited' : 'upstream_rejected'),
    d?.message ?? e.message,
    {
      fields: { param: d?.param ?? null, source: 'upstream' },
      ...(limited && retryAfter !== undefined ? { retryAfter } : {}),
    },
  );
  return { error, reason: limited ? 'upstream.rate_limited' : 'upstream.rejected' };
}
