import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvHeader, csvText, EVENT_CSV_COLUMNS, eventToCsv } from '../../../src/output/csv.js';
import { parseCsvRecord } from '../../helpers/csv.js';
import { makeEvent } from '../../helpers/fake-gateway.js';

describe('events CSV', () => {
  it('has a stable header (columns are only ever appended)', () => {
    expect(csvHeader()).toBe(`${EVENT_CSV_COLUMNS.join(',')}\r\n`);
    expect(EVENT_CSV_COLUMNS.slice(0, 6)).toEqual(['id', 'timestamp', 'event_type', 'verdict', 'reason_code', 'policy']);
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
    const e = makeEvent(1, { redactions: [{ type: 'email', count: 2 }, { type: 'phone', count: 1 }] });
    const cells = parseCsvRecord(eventToCsv(e, true).slice(0, -2));
    const at = (name: (typeof EVENT_CSV_COLUMNS)[number]) => cells[EVENT_CSV_COLUMNS.indexOf(name)];
    expect(at('policy')).toBe('prompt-injection');
    expect(at('user')).toBe('user1');
    expect(at('tokens_input')).toBe('10');
    expect(at('policies')).toBe('prompt-injection:block');
    expect(at('redactions')).toBe('email:2;phone:1');
  });
});
