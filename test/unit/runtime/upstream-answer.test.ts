// How a failed upstream call is answered when targets tried before it (failover) said when to come back:
// the smallest valid Retry-After of all tried targets goes to the client, whatever the last one failed with,
// unless the last one refused the request or the key (waiting does not fix those).
import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../src/runtime/providers/types.js';
import { retryHint, upstreamAnswer } from '../../../src/runtime/upstream-answer.js';

const answer = (e: unknown, earlier?: number) => {
  const { error, reason } = upstreamAnswer(e, earlier);
  return { status: error.status, code: error.code, retryAfter: error.extra.retryAfter, reason };
};

describe('upstreamAnswer after failover', () => {
  it('a last 5xx, timeout, unreachable or protocol fault without Retry-After becomes 503 upstream_overloaded with the earlier one', () => {
    for (const e of [
      new UpstreamError('status', 'provider b answered HTTP 500', 500),
      new UpstreamError('timeout', 'provider b did not answer within 100 ms'),
      new UpstreamError('unavailable', 'provider b is unreachable: ECONNREFUSED'),
      new UpstreamError('protocol', 'provider b answered with invalid JSON'),
    ]) {
      expect({ kind: e.kind, ...answer(e, 4) }).toEqual({
        kind: e.kind,
        status: 503,
        code: 'upstream_overloaded',
        retryAfter: 4,
        reason: 'upstream.overloaded',
      });
    }
  });

  it("the smaller of the last target's own Retry-After and the earlier one wins, and the message says whose it is", () => {
    const own = new UpstreamError('status', 'provider b answered HTTP 503', 503, 9);
    expect(answer(own, 4)).toMatchObject({ status: 503, retryAfter: 4 });
    expect(upstreamAnswer(own, 4).error.message).toBe(
      'provider b answered HTTP 503 and a target tried before it asked to retry after 4 s',
    );
    expect(answer(own, 30)).toMatchObject({ status: 503, retryAfter: 9 });
    expect(upstreamAnswer(own, 30).error.message).toBe('provider b answered HTTP 503 and asked to retry after 9 s');
    expect(answer(own, 0)).toMatchObject({ retryAfter: 0 });
  });

  it("a last 429 stays the upstream's 429, with the smallest Retry-After", () => {
    expect(answer(new UpstreamError('status', 'provider b answered HTTP 429', 429), 4)).toEqual({
      status: 429,
      code: 'upstream_rate_limited',
      retryAfter: 4,
      reason: 'upstream.rate_limited',
    });
    expect(answer(new UpstreamError('status', 'provider b answered HTTP 429', 429, 2), 4)).toMatchObject({
      status: 429,
      retryAfter: 2,
    });
  });

  it("a refusal of the request or of the gateway's key carries no Retry-After", () => {
    expect(answer(new UpstreamError('status', 'provider b answered HTTP 404', 404, 7), 4)).toEqual({
      status: 404,
      code: 'upstream_rejected',
      retryAfter: undefined,
      reason: 'upstream.rejected',
    });
    expect(answer(new UpstreamError('status', 'provider b answered HTTP 401', 401), 4)).toEqual({
      status: 502,
      code: 'provider_key_rejected',
      retryAfter: undefined,
      reason: 'upstream.provider_key_rejected',
    });
  });

  it('without an earlier Retry-After nothing changes: a bare 500 is 502, a timeout 504', () => {
    expect(answer(new UpstreamError('status', 'provider b answered HTTP 500', 500))).toMatchObject({
      status: 502,
      code: 'upstream_status',
      retryAfter: undefined,
    });
    expect(answer(new UpstreamError('timeout', 'provider b did not answer within 100 ms'))).toMatchObject({
      status: 504,
      code: 'upstream_timeout',
      retryAfter: undefined,
    });
  });
});

describe('retryHint', () => {
  it('is the Retry-After of a 5xx or a 429 only', () => {
    expect(retryHint(new UpstreamError('status', 'x', 503, 4))).toBe(4);
    expect(retryHint(new UpstreamError('status', 'x', 429, 3))).toBe(3);
    expect(retryHint(new UpstreamError('status', 'x', 400, 3))).toBeUndefined();
    expect(retryHint(new UpstreamError('timeout', 'x'))).toBeUndefined();
    expect(retryHint(new Error('x'))).toBeUndefined();
  });
});
