// `kt policy eval` on the seed zero-trust pack: a value in tool-call arguments written with JSON escapes is
// found as it is written plain, in a legacy `function_call` and a Responses-API `function_call` item, and the
// sanitised request printed keeps the arguments JSON without the value.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKt } from '../../helpers/run-kt.js';

const pack = join(import.meta.dirname, '..', '..', '..', 'examples', 'zero-trust-gateway.yaml');
const identity = { user: 'u', role: 'analyst', team: 'risk' };

async function evalPayload(payload: object) {
  const r = await runKt(['policy', 'eval', '--file', pack, '--phase', 'request', '--json'], {
    stdin: JSON.stringify({ identity, ...payload }),
  });
  expect(r.exitCode).toBe(0);
  return { decision: JSON.parse(r.stdout), stdout: r.stdout };
}

describe('kt policy eval reads escaped tool-call arguments decoded', () => {
  it('an email in a legacy function_call, written jane\\u0040example.com, is redacted', async () => {
    const { decision } = await evalPayload({
      messages: [
        { role: 'user', content: 'mail her' },
        {
          role: 'assistant',
          content: null,
          function_call: { name: 'search', arguments: '{"q":"jane\\u0040example.com"}' },
        },
      ],
    });
    expect(decision.verdict).toBe('redact');
    expect(decision.steps.find((s: { policy: string }) => s.policy === 'pii-detector').findings[0]).toMatchObject({
      type: 'email',
      path: '/messages/1/function_call/arguments',
      start: 6,
      end: 27,
    });
    expect(JSON.parse(decision.request.messages[1].function_call.arguments)).toEqual({ q: '[EMAIL_REDACTED]' });
  });

  it('an AWS key in a Responses-API function_call item, one letter escaped, is blocked by the api_keys pattern', async () => {
    const { decision, stdout } = await evalPayload({
      input: [
        { role: 'user', content: 'look it up' },
        { type: 'function_call', call_id: 'c1', name: 'search', arguments: '{"key":"AKIA\\u0051Z3MSABCDEFGHIJK"}' },
      ],
    });
    expect(decision.verdict).toBe('block');
    expect(decision.blocked_by).toBe('dlp-filter');
    expect(JSON.parse(decision.request.input[1].arguments)).toEqual({ key: '[API_KEYS_REDACTED]' });
    expect(stdout).not.toContain('Z3MSABCDEFGHIJK');
  });
});
