import { describe, expect, it } from 'vitest';
// @ts-expect-error - plain ESM script without type declarations
import { generatePiiSet } from '../../../../scripts/quality/pii-set.mjs';

interface Row {
  id: string;
  text: string;
  entities: Array<{ type: string; start: number; end: number; value: string }>;
}

describe('the generated PII quality set', () => {
  const rows = generatePiiSet(20260601, 400) as Row[];

  it('is reproducible from its seed and changes with it', () => {
    expect(generatePiiSet(20260601, 400)).toEqual(rows);
    expect((generatePiiSet(7, 400) as Row[]).map((r) => r.text)).not.toEqual(rows.map((r) => r.text));
  });

  it('labels every entity with offsets that point at its value, without overlaps', () => {
    for (const row of rows) {
      let last = 0;
      for (const e of [...row.entities].sort((a, b) => a.start - b.start)) {
        expect(row.text.slice(e.start, e.end)).toBe(e.value);
        expect(e.start).toBeGreaterThanOrEqual(last);
        last = e.end;
      }
    }
  });

  it('has near-miss-only rows and every entity type', () => {
    expect(rows.some((r) => r.entities.length === 0)).toBe(true);
    const types = new Set(rows.flatMap((r) => r.entities.map((e) => e.type)));
    for (const t of [
      'email',
      'phone',
      'ssn',
      'credit_card',
      'ip_address',
      'iban',
      'date_of_birth',
      'passport',
      'drivers_license',
      'street_address',
      'mrn',
      'npi',
      'insurance_id',
    ]) {
      expect(types.has(t), t).toBe(true);
    }
  });
});
