import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellHeader, columnHeader } from '../../../../src/core/detectors/pii-columns.js';
import { preparePiiDetector } from '../../../../src/core/detectors/pii.js';

// The seed pack's categories.
const seed = preparePiiDetector({ types: ['email', 'phone', 'ssn', 'credit_card'] });

function found(text: string): Array<[string, string]> {
  return seed.scan(text).map((m) => [m.type, text.slice(m.start, m.end)]);
}

/** The header of the column at `at`, read from scratch: the line's most frequent delimiter, the block's first line. */
function reference(text: string, at: number): string | null {
  const lines = text.split('\n');
  let line = 0;
  let start = 0;
  while (start + lines[line]!.length < at) start += lines[line++]!.length + 1;
  /** The cells of a line split at `d`, as CSV reads it: a field is quoted when it starts (after blanks) with '"'. */
  const split = (s: string, d: string): string[] => {
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      if (quoted) {
        if (c === '"' && s[i + 1] === '"') cell += c + s[++i];
        else {
          if (c === '"') quoted = false;
          cell += c;
        }
      } else if (c === d) {
        cells.push(cell);
        cell = '';
      } else {
        if (c === '"' && /^ *$/.test(cell)) quoted = true;
        cell += c;
      }
    }
    cells.push(cell);
    return cells;
  };
  const count = (s: string, d: string): number => split(s, d).length - 1;
  let d = '';
  let most = 0;
  for (const candidate of [',', '\t', '|', ';']) {
    const n = count(lines[line]!, candidate);
    if (n > most) [d, most] = [candidate, n];
  }
  if (most === 0) return null;
  let top = line;
  while (top > 0 && count(lines[top - 1]!, d) === most) top--;
  // or a header after the last quote of the line above the block (a CSV in a JSON string)
  let header = lines[top]!;
  if (top > 0) {
    const above = lines[top - 1]!;
    const tail = above.slice(above.lastIndexOf('"') + 1);
    if (above.includes('"') && count(tail, d) === most) [header, top] = [tail, top - 1];
  }
  if (top === line) return null;
  const col = count(text.slice(start, at), d);
  const cells = split(header, d);
  const name = cells[col]?.replace(/^[\s"']+|[\s"']+$/g, '') ?? '';
  return name === '' ? null : name.replace(/([a-z])([A-Z])/g, '$1 $2');
}

describe('columnHeader', () => {
  it('names the column of a value in a CSV, TSV, semicolon or Markdown table', () => {
    const at = (text: string, value: string): string | null => columnHeader(text, text.indexOf(value));
    expect(at('id,name,phone\n1,Jane,4155550134', '4155550134')).toBe('phone');
    expect(at('id\tname\tmobile\n1\tJane\t07700900123\n', '07700900123')).toBe('mobile');
    expect(at('id;nom;téléphone\n1;Dupont;0612345678', '0612345678')).toBe('téléphone');
    expect(at('| id | homePhone |\n|---|---|\n| 1 | 4155550134 |', '4155550134')).toBe('home Phone');
    expect(at('"id","Phone Number"\r\n"1","4155550134"\r\n', '4155550134')).toBe('Phone Number');
    // A quoted comma is inside its cell.
    expect(at('"name","ssn"\n"Doe, Jane",536221234', '536221234')).toBe('ssn');
    // A quote inside a field is a character of it: the header of a CSV held by a JSON string.
    expect(at('{"result":"id,name,phone\n1,Jane,4155550134\n"}', '4155550134')).toBe('phone');
    expect(at('{"tool":"export","result":"id,name,phone\n1,Jane,4155550134\n"}', '4155550134')).toBe('phone');
    // The header is the first line of the block: prose before it has another count.
    expect(at('Here it is, as asked:\na,b,phone\n1,2,3\n4,5,4155550134', '4155550134')).toBe('phone');
  });

  it('is null outside a table below a header', () => {
    expect(columnHeader('call 4155550134 today', 5)).toBeNull();
    expect(columnHeader('1,Jane,4155550134', 7)).toBeNull();
    expect(columnHeader('a,b\n1,2,4155550134', 8)).toBeNull();
    expect(columnHeader('id,name\n1,Jane,4155550134', 15)).toBeNull();
  });

  it('cellHeader: only a value that is its whole cell asks (the numbers of prose do not read the line)', () => {
    const cell = (text: string, value: string): string | null =>
      cellHeader(text, text.indexOf(value), text.indexOf(value) + value.length);
    expect(cell('id,phone\n1,4155550134', '4155550134')).toBe('phone');
    expect(cell('id,phone,x\n1, "4155550134" ,x', '4155550134')).toBe('phone');
    expect(cell('| id | ssn |\n|---|---|\n| 1 | 536221234 |', '536221234')).toBe('ssn');
    expect(cell('id\tphone\r\n1\t4155550134\r\n', '4155550134')).toBe('phone');
    expect(cell('id,phone\n1,call 4155550134', '4155550134')).toBeNull();
    expect(cell('id,phone\n1,4155550134 today', '4155550134')).toBeNull();
  });

  it('property: asked in order, as a scan asks, it answers as read from scratch', () => {
    const cell = fc.constantFrom(
      'phone',
      'ssn',
      'id',
      'Jane',
      '"Doe, Jane"',
      ' "a""b"',
      '{"r":"x',
      '"',
      '4155550134',
      '',
      ' x ',
      'homePhone',
    );
    const row = fc
      .tuple(fc.constantFrom(',', '\t', '|', ';'), fc.array(cell, { minLength: 1, maxLength: 5 }))
      .map(([d, cells]) => cells.join(d));
    const line = fc.oneof(row, fc.constantFrom('prose, with a comma', '', 'a;b', '|---|---|'));
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (ls, picks) => {
          const text = ls.join('\n');
          const offsets = picks.map((p) => p % (text.length + 1)).sort((a, b) => a - b);
          // another text first: the kept block is not this one's
          columnHeader('x,y\n1,2', 5);
          for (const at of offsets)
            expect(columnHeader(text, at), `${JSON.stringify(text)} ${at}`).toBe(reference(text, at));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('values in table rows take their column header as context', () => {
  it('finds bare phone numbers and undelimited SSNs under a header that names them (they were left in clear)', () => {
    expect(found('id,name,phone,ssn\n1,Jane Doe,4155550134,536221234\n2,John Roe,4155550199,536221235')).toEqual([
      ['phone', '4155550134'],
      ['ssn', '536221234'],
      ['phone', '4155550199'],
      ['ssn', '536221235'],
    ]);
    expect(found('name\tphone\tmobile\nJane\t4155550134\t07700900123')).toEqual([
      ['phone', '4155550134'],
      ['phone', '07700900123'],
    ]);
    expect(found('| name | homePhone | SSN |\n|---|---|---|\n| Jane | 4155550134 | 536 22 1234 |')).toEqual([
      ['phone', '4155550134'],
      ['ssn', '536 22 1234'],
    ]);
    expect(found('id;nom;téléphone\n1;Dupont;0612345678')).toEqual([['phone', '0612345678']]);
    // ... and in a tool result that holds the export as a JSON string (escaped line breaks).
    expect(found('{"tool":"crm.export","result":"id,name,phone,ssn\\n1,Jane Doe,4155550134,536221234\\n"}')).toEqual([
      ['phone', '4155550134'],
      ['ssn', '536221234'],
    ]);
    // The string may close right after the last cell: that cell is a cell too (`536221234"}`, `"]`).
    for (const text of [
      '{"tool":"crm.export","result":"id,name,phone,ssn\\n1,Jane Doe,4155550134,536221234"}',
      '["id,name,phone,ssn\\n1,Jane Doe,4155550134,536221234"]',
      '{"result":"id,ssn\\n1,536221234\\n2,536221235"}',
    ])
      expect(
        found(text).map((f) => f[0]),
        text,
      ).toContain('ssn');
    // Not after an unquoted value: `536221234}` is not a cell.
    expect(found('{"id,name,ssn\\n1,Jane,536221234}')).toEqual([]);
  });

  it('reads a table the same when the same text is scanned again, rebuilt (its kept block is forgotten)', () => {
    const rows = (n: number): string =>
      'id,phone\n' + Array.from({ length: n }, (_, i) => `${i},4155550134`).join('\n');
    const first = found(rows(50));
    expect(first).toHaveLength(50);
    expect(found(rows(50))).toEqual(first);
    expect(found(`x${rows(50)}`.slice(1))).toEqual(first);
  });

  it('leaves the same numbers alone under other headers, without a header, and outside tables', () => {
    for (const text of [
      'order_id,customer_id,amount\n4155550134,4155550199,129.99',
      '1,Jane Doe,4155550134,536221234\n2,John Roe,4155550199,536221235',
      '| id | employeeId |\n|---|---|\n| 1 | 4155550134 |',
      'phone\n\n4155550134',
      'phone,ssn\n4155550134,536221234,extra',
    ])
      expect(found(text), text).toEqual([]);
  });
});
