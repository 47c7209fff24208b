import { describe, expect, it } from 'vitest';
import { MAX_HELD_ENTRIES, StreamedToolCalls } from '../../../src/runtime/stream-tool-calls.js';

describe('StreamedToolCalls: reasoning_details', () => {
  it('holds the pieces of each entry by index, joins their text and signature, and sends them as the check left them, a redacted one unsigned', () => {
    const held = new StreamedToolCalls();
    const pieces = [
      [{ type: 'reasoning.text', text: 'mail jane.d', format: 'f', index: 0 }],
      [{ type: 'reasoning.text', text: 'oe@example.com', index: 0 }],
      [
        { type: 'reasoning.text', signature: 'sig-', index: 0 },
        { type: 'reasoning.encrypted', data: 'b64', id: 'r1', index: 1 },
      ],
      [{ type: 'reasoning.text', signature: 'end', index: 0 }],
    ];
    for (const p of pieces) expect(held.take({ reasoning_details: p })).toBeUndefined();
    expect(held.empty).toBe(false);
    const fields = held.messageFields();
    expect(fields.reasoning_details).toEqual([
      { type: 'reasoning.text', text: 'mail jane.doe@example.com', format: 'f', signature: 'sig-end' },
      { type: 'reasoning.encrypted', data: 'b64', id: 'r1' },
    ]);
    // The checked message (redaction wrote the text); what the client gets.
    const checked = {
      reasoning_details: [
        { type: 'reasoning.text', text: 'mail [EMAIL_REDACTED]', format: 'f', signature: 'sig-end' },
        { type: 'reasoning.encrypted', data: 'b64', id: 'r1' },
      ],
    };
    // The signature certified the text the upstream wrote: it does not go out with the redacted text.
    expect(held.delta(checked).reasoning_details).toEqual([
      { type: 'reasoning.text', text: 'mail [EMAIL_REDACTED]', format: 'f', index: 0 },
      { type: 'reasoning.encrypted', data: 'b64', id: 'r1', index: 1 },
    ]);
  });

  it('an entry the check left as it was keeps its signature', () => {
    const held = new StreamedToolCalls();
    held.take({ reasoning_details: [{ type: 'reasoning.text', text: 'all fine', signature: 'sig', index: 0 }] });
    expect(held.delta(held.messageFields()).reasoning_details).toEqual([
      { type: 'reasoning.text', text: 'all fine', signature: 'sig', index: 0 },
    ]);
  });

  it('other fields of a delta are left to forward', () => {
    const held = new StreamedToolCalls();
    expect(held.take({ reasoning_details: [{ type: 'reasoning.text', text: 'a' }], annotations: [] })).toEqual({
      annotations: [],
    });
  });
});

describe('StreamedToolCalls: bounds', () => {
  const calls = (from: number, count: number) =>
    Array.from({ length: count }, (_, k) => ({ index: from + k, function: { name: 'f', arguments: '{}' } }));

  it(`holds up to ${MAX_HELD_ENTRIES} calls and reasoning_details entries together; one more overflows and is not held`, () => {
    const held = new StreamedToolCalls();
    held.take({ tool_calls: calls(0, MAX_HELD_ENTRIES - 1) });
    held.take({ reasoning_details: [{ type: 'reasoning.text', text: 'a', index: 0 }] });
    expect(held.overflow).toBe(false);
    // Pieces of entries already held still count: only a new index is refused.
    held.take({ tool_calls: [{ index: 3, function: { arguments: ' more' } }] });
    expect(held.overflow).toBe(false);
    held.take({ tool_calls: calls(MAX_HELD_ENTRIES, 1000) });
    expect(held.overflow).toBe(true);
    expect((held.messageFields().tool_calls as unknown[]).length).toBe(MAX_HELD_ENTRIES - 1);
  });

  it('a name streamed past the bound overflows as arguments do', () => {
    const held = new StreamedToolCalls();
    const piece = 'n'.repeat(1 << 19);
    for (let k = 0; k < 3; k++) held.take({ tool_calls: [{ index: 0, function: { name: piece } }] });
    expect(held.overflow).toBe(true);
    const legacy = new StreamedToolCalls();
    for (let k = 0; k < 3; k++) legacy.take({ function_call: { name: piece } });
    expect(legacy.overflow).toBe(true);
  });
});

describe('StreamedToolCalls: pieces without an index', () => {
  const fn = (c: unknown) => (c as { function: { name: string; arguments: string } }).function;

  it('continue the call they belong to (a name split mid-word, arguments in parts), and a new id starts a call', () => {
    const held = new StreamedToolCalls();
    held.take({ tool_calls: [{ id: 'a', type: 'function', function: { name: 'sea', arguments: '' } }] });
    held.take({ tool_calls: [{ function: { name: 'rch', arguments: '{"q":' } }] });
    held.take({ tool_calls: [{ function: { arguments: '"refunds"}' } }] });
    held.take({ tool_calls: [{ id: 'b', type: 'function', function: { name: 'lookup', arguments: '{}' } }] });
    held.take({ tool_calls: [{ id: 'a', function: { arguments: '' } }] });
    const calls = held.messageFields().tool_calls as unknown[];
    expect(calls.map((c) => fn(c).name)).toEqual(['search', 'lookup']);
    expect(fn(calls[0]).arguments).toBe('{"q":"refunds"}');
    const sent = held.delta(held.messageFields()).tool_calls as Array<{ index: number; id: string }>;
    expect(sent.map((c) => [c.index, c.id])).toEqual([
      [0, 'a'],
      [1, 'b'],
    ]);
  });

  it('in one delta are different calls', () => {
    const held = new StreamedToolCalls();
    held.take({
      tool_calls: [{ function: { name: 'lookup', arguments: '{}' } }, { function: { name: 'fetch', arguments: '{}' } }],
    });
    held.take({ tool_calls: [{ function: { arguments: '' } }] });
    const calls = held.messageFields().tool_calls as unknown[];
    expect(calls.map((c) => fn(c).name)).toEqual(['lookup', 'fetch']);
  });
});
