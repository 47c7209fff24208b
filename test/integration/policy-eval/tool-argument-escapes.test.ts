// `kt policy eval` on the seed zero-trust pack: a value in tool-call arguments (or in a tool's JSON result)
// written with JSON escapes is found as it is written plain, in a legacy `function_call`, a Responses-API
// `function_call` item and a `tool` message, and the sanitised request printed keeps the text JSON without
// the value.
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

  it('a tool message whose JSON result holds an escaped AWS key blocks, and the printed request keeps it JSON', async () => {
    const { decision, stdout } = await evalPayload({
      messages: [
        { role: 'user', content: 'read the config' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'search', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: '{"aws":{"key":"AKIA\\u0051Z3MSABCDEFGHIJK"},"region":"eu"}' },
      ],
    });
    expect(decision.verdict).toBe('block');
    expect(decision.blocked_by).toBe('dlp-filter');
    expect(JSON.parse(decision.request.messages[2].content)).toEqual({
      aws: { key: '[API_KEYS_REDACTED]' },
      region: 'eu',
    });
    expect(stdout).not.toContain('Z3MSABCDEFGHIJK');
  });

  it('an email in a Responses-API function_call_output, written jane\\u0040example.com, is redacted', async () => {
    const { decision } = await evalPayload({
      input: [
        { role: 'user', content: 'who owns it' },
        { type: 'function_call', call_id: 'c1', name: 'search', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c1', output: '[{"owner":"jane\\u0040example.com"}]' },
      ],
    });
    expect(decision.verdict).toBe('redact');
    expect(JSON.parse(decision.request.input[2].output)).toEqual([{ owner: '[EMAIL_REDACTED]' }]);
  });
});
