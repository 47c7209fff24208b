/**
 * The export writes CSV by hand for speed (src/output/csv.ts); csv-stringify, a well-kept RFC 4180
 * implementation, is the reference its quoting is checked against.
 */
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvText } from '../../../src/output/csv.js';

describe('CSV quoting against csv-stringify', () => {
  it('quotes exactly like the reference for any row of text cells (neutralisation off)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 2, maxLength: 6 }), (cells) => {
        const ours = `${cells.map((c) => csvText(c, false)).join(',')}\r\n`;
        // RFC 4180 quotes any field with a line break; csv-stringify quotes only its record delimiter unless told.
        const reference = stringify([cells], { record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
        expect(ours).toBe(reference);
      }),
      { numRuns: 500 },
    );
  });
});
