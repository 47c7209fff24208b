/**
 * A tool call's `arguments` is a JSON text that the provider (and then the tool) parses: a redaction in it
 * must leave JSON, through the prepared chain as `kt policy eval` and the gateway run it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareChain } from '../../../../src/core/engine.js';
import { applyReplacements, jsonSafeReplacements } from '../../../../src/core/detectors/redaction.js';
import type { JsonObject, PackModel, Payload } from '../../../../src/core/types.js';
import { onePolicyPack } from '../../../helpers/packs.js';

function pack(kind: string, config: JsonObject): PackModel {
  return onePolicyPack(kind, config);
}

const call = (args: string): Payload => ({
  messages: [
    { role: 'user', content: 'send it' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: args } }],
    },
  ],
});

/** The arguments of the sanitised request after `kind` ran on `args`, and the decision's verdict. */
function redacted(kind: string, config: JsonObject, args: string): { verdict: string; args: string } {
  const d = prepareChain(pack(kind, config)).evaluate(call(args), { now: 0, mode: 'exhaustive' });
  const messages = d.request.messages as Array<{ tool_calls?: Array<{ function: { arguments: string } }> }>;
  return { verdict: d.verdict, args: messages[1]!.tool_calls![0]!.function.arguments };
}

describe('redaction in JSON tool-call arguments', () => {
  const passwords = { patterns: [{ name: 'password', regex: '(?i)password\\s*[:=]\\s*\\S+', action: 'redact' }] };

  it('cuts a match at the JSON syntax it runs into: the arguments stay JSON and the value is gone', () => {
    // \S+ runs on to the `"}` that closes the value: the marker replaced the quote and the brace.
    const r = redacted('dlp-filter', passwords, '{"note":"password=hunter2"}');
    expect(r.verdict).toBe('redact');
    expect(JSON.parse(r.args)).toEqual({ note: '[PASSWORD_REDACTED]' });
    const two = redacted('dlp-filter', passwords, '{"note":"password: hunter2", "to":"ops"}');
    expect(JSON.parse(two.args)).toEqual({ note: '[PASSWORD_REDACTED]', to: 'ops' });
  });

  it('replaces a number it matches by the marker as a JSON string', () => {
    const r = redacted('pii-detector', { categories: ['credit_card'] }, '{"card": 4111111111111111, "qty": 2}');
    expect(JSON.parse(r.args)).toEqual({ card: '[CREDIT_CARD_REDACTED]', qty: 2 });
  });

  it('builds markers from the decoded value and writes them escaped', () => {
    // partial keeps the last four characters of the value, not of its escape sequence (`006d`).
    const partial = redacted(
      'pii-detector',
      { categories: ['email'], redaction: { marker_format: 'partial' } },
      '{"to":"jane@example.co\\u006d"}',
    );
    expect(JSON.parse(partial.args)).toEqual({ to: '************.com' });
    const quoted = redacted(
      'pii-detector',
      { categories: ['email'], redaction: { custom_markers: { email: '<"mail">\\' } } },
      '{"to":"jane@example.com"}',
    );
    expect(JSON.parse(quoted.args)).toEqual({ to: '<"mail">\\' });
  });

  it('redacts an answer’s tool-call arguments the same way', () => {
    const chain = prepareChain(pack('dlp-filter', passwords));
    const d = chain.evaluate(
      {
        messages: [{ role: 'user', content: 'hi' }],
        upstream_response: {
          choices: [
            {
              message: {
                role: 'assistant',
                content: null,
                tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"q":"password=x1"}' } }],
              },
            },
          ],
        },
      },
      { now: 0, mode: 'exhaustive' },
    );
    const answer = d.response as {
      choices: Array<{ message: { tool_calls: Array<{ function: { arguments: string } }> } }>;
    };
    expect(JSON.parse(answer.choices[0]!.message.tool_calls[0]!.function.arguments)).toEqual({
      q: '[PASSWORD_REDACTED]',
    });
  });

  it('leaves arguments that are not JSON to plain text rewriting', () => {
    expect(jsonSafeReplacements('{"q":"cut', [{ start: 6, end: 9, type: 'x' }], { format: 'label' })).toBeUndefined();
    expect(jsonSafeReplacements('"a string"', [{ start: 1, end: 2, type: 'x' }], { format: 'label' })).toBeUndefined();
  });

  it('keeps any JSON value JSON, whatever spans cover it (property)', () => {
    const value = fc.jsonValue({ maxDepth: 3 }).map((v) => ({ v }));
    fc.assert(
      fc.property(
        value,
        fc.array(fc.tuple(fc.nat(), fc.nat(40)), { maxLength: 6 }),
        fc.constantFrom('label', 'asterisks', 'partial', 'hash'),
        (v, raw, format) => {
          const text = JSON.stringify(v);
          const spans = raw.map(([s, l]) => {
            const start = s % text.length;
            return { start, end: Math.min(text.length, start + l + 1), type: 'email' };
          });
          const options = { format: format as 'label' };
          const safe = jsonSafeReplacements(text, spans, options);
          expect(safe).toBeDefined();
          expect(() => JSON.parse(applyReplacements(text, safe!, options))).not.toThrow();
        },
      ),
    );
  });
});
