import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvHeader, csvText, EVENT_CSV_COLUMNS, eventToCsv, eventToCsvByCell } from '../../../src/output/csv.js';
import { parseCsvRecord } from '../../helpers/csv.js';
import { makeEvent } from '../../helpers/fake-gateway.js';

describe('events CSV', () => {
  it('has a stable header (columns are only ever appended)', () => {
    expect(csvHeader()).toBe(`${EVENT_CSV_COLUMNS.join(',')}\r\n`);
    expect(EVENT_CSV_COLUMNS.slice(0, 6)).toEqual([
      'id',
      'timestamp',
      'event_type',
      'verdict',
      'reason_code',
      'policy',
    ]);
  });

  it('neutralises formula starts = + - @ tab CR, and only when asked', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      expect(csvText(`${start}cmd`, true).replace(/^"|"$/g, '').startsWith(`'${start}`)).toBe(true);
      expect(csvText(`${start}cmd`, false).replace(/^"/, '').startsWith(start)).toBe(true);
    }
    expect(csvText('plain', true)).toBe('plain');
  });

  it('round-trips any text through RFC 4180 quoting (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.boolean(), (reason, model, neutralise) => {
        const e = makeEvent(1, { reason_code: reason, model });
        const line = eventToCsv(e, neutralise);
        expect(line.endsWith('\r\n')).toBe(true);
        const cells = parseCsvRecord(line.slice(0, -2));
        expect(cells).toHaveLength(EVENT_CSV_COLUMNS.length);
        const expected = (v: string) => (v !== '' && neutralise && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
        expect(cells[4]).toBe(expected(reason));
        expect(cells[9]).toBe(expected(model));
      }),
      { numRuns: 300 },
    );
  });

  it('flattens nested fields: deciding policy, identity, tokens, policies and redactions', () => {
    const e = makeEvent(1, {
      redactions: [
        { type: 'email', count: 2 },
        { type: 'phone', count: 1 },
      ],
    });
    const cells = parseCsvRecord(eventToCsv(e, true).slice(0, -2));
    const at = (name: (typeof EVENT_CSV_COLUMNS)[number]) => cells[EVENT_CSV_COLUMNS.indexOf(name)];
    expect(at('policy')).toBe('prompt-injection');
    expect(at('user')).toBe('user1');
    expect(at('tokens_input')).toBe('10');
    expect(at('policies')).toBe('prompt-injection:block');
    expect(at('redactions')).toBe('email:2;phone:1');
  });
  it('the fast row serializer writes the same bytes as the cell-by-cell one for any event (property)', () => {
    // Any JSON value where the contract has a string, a number or an object: the fast path must agree
    // with the reference both when it takes the direct route and when it falls back.
    const scalar = fc.oneof(
      fc.string(),
      fc.constantFrom('=SUM(A1)', '-1', '+x', '@a', '\tx', '\rx', 'a,b', 'say "hi"', 'a\nb', ''),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
    );
    const json = fc.oneof(
      scalar,
      fc.array(scalar, { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 6 }), scalar, { maxKeys: 3 }),
    );
    const textField = fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 1, arbitrary: json });
    const pair = (a: string, b: string) =>
      fc.oneof(fc.record({ [a]: scalar, [b]: scalar }, { requiredKeys: [] }), scalar);
    const event = fc.record(
      {
        id: textField,
        timestamp: textField,
        event_type: textField,
        verdict: fc.oneof(fc.constantFrom('allow', 'block', 'redact'), textField),
        reason_code: textField,
        config_hash: textField,
        model: textField,
        provider: textField,
        gateway_id: textField,
        request_id: textField,
        prev_hash: textField,
        hash: textField,
        latency_ms: json,
        pack: fc.oneof(fc.record({ name: textField, version: textField }, { requiredKeys: [] }), scalar),
        identity: fc.oneof(
          fc.record({ user: textField, role: textField, team: textField }, { requiredKeys: [] }),
          scalar,
        ),
        tokens: fc.oneof(fc.record({ input: json, output: json }, { requiredKeys: [] }), scalar),
        policies: fc.oneof(fc.array(pair('name', 'verdict'), { maxLength: 4 }), scalar),
        redactions: fc.oneof(fc.array(pair('type', 'count'), { maxLength: 3 }), scalar),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(event, fc.boolean(), (e, neutralise) => {
        const ev = e as unknown as Parameters<typeof eventToCsv>[0];
        expect(eventToCsv(ev, neutralise)).toBe(eventToCsvByCell(ev, neutralise));
      }),
      { numRuns: 2000 },
    );
    for (let i = 0; i < 50; i++) expect(eventToCsv(makeEvent(i), true)).toBe(eventToCsvByCell(makeEvent(i), true));
  });
});
