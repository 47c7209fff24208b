/**
 * A minimal RFC 4180 reader for test assertions (quoted fields, doubled quotes, CRLF record ends),
 * independent of src/output/csv.ts so that the tests check the writer against the standard.
 */

interface Scan {
  /** Records that ended with CRLF. */
  records: string[][];
  /** Cells of the record still open at the end of the text, and its last cell. */
  open: string[];
  cell: string;
}

function scan(text: string, splitRecords: boolean): Scan {
  const records: string[][] = [];
  let open: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      open.push(cell);
      cell = '';
    } else if (splitRecords && c === '\r' && text[i + 1] === '\n') {
      open.push(cell);
      records.push(open);
      open = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return { records, open, cell };
}

/** The CRLF-terminated records of a CSV document (text after the last CRLF is not a record). */
export function parseCsv(text: string): string[][] {
  return scan(text, true).records;
}

/** The cells of one record given without its line end (an unquoted CR or LF stays in its cell). */
export function parseCsvRecord(line: string): string[] {
  const { open, cell } = scan(line, false);
  return [...open, cell];
}

/**
 * The rows whole at the start of a (possibly cut) `kt events export`: CRLF-ended CSV records after the
 * header, LF-ended NDJSON lines, or JSON objects (`[`, objects joined by ",\n", then "\n]\n"; a piece
 * cut short does not parse).
 */
export function wholeRowsIn(format: string, text: string): number {
  if (format === 'csv') return Math.max(0, parseCsv(text).length - 1);
  if (format === 'ndjson') return text.split('\n').length - 1;
  return text
    .replace(/^\[\n?/, '')
    .replace(/\n\]\n$/, '')
    .split(',\n')
    .filter((piece) => {
      try {
        return typeof JSON.parse(piece) === 'object';
      } catch {
        return false;
      }
    }).length;
}
