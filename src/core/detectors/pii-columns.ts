/**
 * The column header of a value in a table row: CSV (`,` or `;`), TSV and Markdown tables. A CRM export
 * names its columns once, in its first line (`id,name,phone,ssn`), and its rows hold bare values
 * (`1,Jane Doe,4155550134,536221234`): the context words of a bare phone number or an undelimited SSN are
 * in the header, lines away, where the clause-bound context test (clauseBefore) never looks. The header
 * cell of the value's column is read as that value's context (the recognizers ask only when the value
 * needs a word and its clause has none).
 *
 * A table is a block of consecutive lines with the same number of one delimiter (outside quoted fields);
 * its first line is the header. Rows longer than ROW_MAX characters are not read as rows. The block found
 * for a text is kept, so the rows of one table, asked about in order, cost their own length once: the
 * header is looked for once, each later row is checked once against the delimiter count.
 */

/** Delimiters a table's cells may be separated by: ',', tab, '|', ';'. */
const DELIMITERS = [44, 9, 124, 59];
/** The longest row read, in characters: past that, no row. */
const ROW_MAX = 4096;
/** The most lines a header may lie above a row when the block is looked for afresh. */
const LINES_BACK = 5000;

/** The last block found: its text, delimiter and count, header line and the end of its last checked row. */
let blockText: string | null = null;
let blockDelimiter = 0;
let blockCount = 0;
let headerStart = 0;
let headerEnd = 0;
let blockEnd = -1;
/** The last row found in no table (its start, in blockText's text too): several values of one row ask once. */
let loneText: string | null = null;
let loneStart = -1;

/**
 * Forgets what was kept (the PII scan calls it before each text). The texts kept are compared with `===`,
 * which is only cheap for the same string: two strings of the same long content (the same text scanned
 * again, rebuilt) would be compared character by character at every value.
 */
export function resetColumns(): void {
  blockText = null;
  loneText = null;
  lineText = null;
}

/** Start of the line that holds `at`, or -1 when it starts more than ROW_MAX characters before. */
function lineStartOf(text: string, at: number): number {
  const floor = Math.max(0, at - ROW_MAX);
  for (let i = at; i > floor; i--) if (text.charCodeAt(i - 1) === 10) return i;
  return floor === 0 ? 0 : -1;
}

/** The last offset asked about and the start of its line (lineStartOf; -1: too long a line), in lineText. */
let lineText: string | null = null;
let lineAt = 0;
let lineStart = -1;

/**
 * lineStartOf for offsets asked in order: from the last one asked, only the characters in between are
 * read (one line of a megabyte with a value every few characters is read once, not ROW_MAX per value).
 */
function rowStartOf(text: string, at: number): number {
  if (text !== lineText || at < lineAt) {
    lineText = text;
    lineStart = lineStartOf(text, at);
  } else {
    for (let i = at; i > lineAt; i--)
      if (text.charCodeAt(i - 1) === 10) {
        lineStart = i;
        break;
      }
    if (lineStart >= 0 && at - lineStart > ROW_MAX) lineStart = -1;
  }
  lineAt = at;
  return lineStart;
}

/** End of the line that starts at `from` (at its '\n' or the text end), or -1 when longer than ROW_MAX. */
function lineEndOf(text: string, from: number): number {
  const limit = Math.min(text.length, from + ROW_MAX);
  for (let i = from; i < limit; i++) if (text.charCodeAt(i) === 10) return i;
  return limit === text.length ? limit : -1;
}

/**
 * Delimiters `d` in [from, to) outside quoted fields, read as CSV reads them: a field is quoted when its
 * first character (after blanks) is a double quote, up to the next quote that is not doubled; a quote
 * elsewhere is a character of the field (the header of a CSV that a JSON string holds, after its escaped
 * line breaks were read, starts with `"result":"id,...`). With `col` >= 0, the cell of that column is
 * returned as `cellFrom`, `cellTo` instead (cellTo -1 when the line has fewer cells).
 */
function delimitersIn(text: string, from: number, to: number, d: number, col = -1): number {
  let n = 0;
  let quoted = false;
  let fieldStart = true;
  cellFrom = from;
  cellTo = -1;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === 34) {
        if (text.charCodeAt(i + 1) === 34 && i + 1 < to) i++;
        else quoted = false;
      }
      continue;
    }
    if (c === d) {
      if (n === col) {
        cellTo = i;
        return n;
      }
      n++;
      if (n === col) cellFrom = i + 1;
      fieldStart = true;
    } else if (c === 34 && fieldStart) quoted = true;
    else if (c !== 32) fieldStart = false;
  }
  if (n === col) cellTo = to;
  return n;
}
let cellFrom = 0;
let cellTo = -1;

/** The cell of column `col` of the line [from, to), trimmed of blanks and quotes, or null. */
function cellOf(text: string, from: number, to: number, d: number, col: number): string | null {
  delimitersIn(text, from, to, d, col);
  return cellTo < 0 ? null : text.slice(cellFrom, cellTo).replace(/^[\s"']+|[\s"']+$/g, '');
}

/**
 * The header cell of the column that holds offset `at`, or null when `at` is in no table row below a
 * header. camelCase in the cell is split into words (`homePhone` -> `home Phone`), as a header names
 * a column in any case.
 */
export function columnHeader(text: string, at: number): string | null {
  const ls = rowStartOf(text, at);
  if (ls < 0) return null;
  if (text === loneText && ls === loneStart) return null;
  const le = lineEndOf(text, ls);
  if (le < 0) return null;
  // A row of the kept block by its count of the block's delimiter, when that is its own delimiter too
  // (as findBlock would choose it: the answer does not depend on the rows asked about before).
  let member = text === blockText && inBlock(text, ls, le);
  if (member && checkedRow !== ls) {
    member = delimiterOf(text, ls, le) === blockDelimiter;
    if (member) checkedRow = ls;
  }
  if (!member && !findBlock(text, ls, le)) {
    loneText = text;
    loneStart = ls;
    return null;
  }
  const col = delimitersIn(text, ls, at, blockDelimiter);
  if (col !== cellCol || headerStart !== cellOfHeader) {
    const cell = cellOf(text, headerStart, headerEnd, blockDelimiter, col);
    cellName = cell === null || cell === '' ? null : cell.replace(/([a-z])([A-Z])/g, '$1 $2');
    cellCol = col;
    cellOfHeader = headerStart;
  }
  return cellName;
}

/** The last header cell read (the rows of a table ask about the same few columns). */
let cellCol = -1;
let cellOfHeader = -1;
let cellName: string | null = null;

/** Blanks and quotes a cell may hold around its value, at most this many on each side. */
const PAD_MAX = 8;

const isPad = (c: number): boolean => c === 32 || c === 34 || c === 39;
const endsCell = (c: number): boolean => c === 10 || c === 13 || c === 44 || c === 9 || c === 124 || c === 59;
/** `}` or `]`: what may close a JSON value right after the string that held a table. */
const closesJson = (c: number): boolean => c === 125 || c === 93;

/**
 * columnHeader for a value [start, end) that is a whole cell: between a delimiter or a line end on each
 * side, perhaps padded with blanks or quotes (`,4155550134,`, `| 536221234 |`, `"4155550134"`). Anything
 * else (the numbers of prose) is answered null at once, without reading the line.
 */
export function cellHeader(text: string, start: number, end: number): string | null {
  let i = start;
  while (i > 0 && start - i < PAD_MAX && isPad(text.charCodeAt(i - 1))) i--;
  if (i > 0 && !endsCell(text.charCodeAt(i - 1))) return null;
  let j = end;
  let quoteAfter = false;
  for (; j < text.length && j - end < PAD_MAX && isPad(text.charCodeAt(j)); j++)
    if (text.charCodeAt(j) === 34) quoteAfter = true;
  // The last cell of a table that a JSON string holds ends the string too: `...,536221234"}` or `"]`.
  if (j < text.length && !endsCell(text.charCodeAt(j)) && !(quoteAfter && closesJson(text.charCodeAt(j)))) return null;
  return columnHeader(text, start);
}

/**
 * Whether the line [ls, le) is a row of the kept block: one already checked, or one after it when every
 * line up to it has the block's count (they are added to the block: each line is checked once).
 */
function inBlock(text: string, ls: number, le: number): boolean {
  if (ls <= headerEnd) return false;
  if (le <= blockEnd) return true;
  let from = blockEnd + 1;
  while (from <= ls) {
    const end = lineEndOf(text, from);
    if (end < 0 || delimitersIn(text, from, end, blockDelimiter) !== blockCount) return false;
    blockEnd = end;
    from = end + 1;
  }
  return blockEnd >= le;
}

/** The delimiter the line [ls, le) holds most of (the first of DELIMITERS on a tie), its count in delimiterCount. */
function delimiterOf(text: string, ls: number, le: number): number {
  let d = 0;
  let count = 0;
  for (const candidate of DELIMITERS) {
    const n = delimitersIn(text, ls, le, candidate);
    if (n > count) {
      count = n;
      d = candidate;
    }
  }
  delimiterCount = count;
  return d;
}
let delimiterCount = 0;
/** The last row whose own delimiter was found to be the kept block's. */
let checkedRow = -1;

/**
 * Looks for the block of the line [ls, le) afresh: its delimiter is the one it holds most of (outside
 * quotes), and its header the first of the lines above with as many; false when it has none (no delimiter,
 * or no line above with its count).
 */
function findBlock(text: string, ls: number, le: number): boolean {
  const d = delimiterOf(text, ls, le);
  const count = delimiterCount;
  if (count === 0 || ls === 0) return false;
  let top = ls;
  let topEnd = le;
  for (let lines = 0; top > 0 && lines < LINES_BACK; lines++) {
    const prevEnd = top - 1;
    const prevStart = lineStartOf(text, prevEnd);
    if (prevStart < 0) break;
    if (delimitersIn(text, prevStart, prevEnd, d) !== count) {
      // A header that opens a string on its line (`{"tool":"x","result":"id,name,phone`, a CSV a tool result
      // holds as JSON text): the part after the line's last quote, when it has the rows' count.
      let quote = prevEnd - 1;
      while (quote >= prevStart && text.charCodeAt(quote) !== 34) quote--;
      if (quote >= prevStart && delimitersIn(text, quote + 1, prevEnd, d) === count) {
        top = quote + 1;
        topEnd = prevEnd;
      }
      break;
    }
    top = prevStart;
    topEnd = prevEnd;
  }
  if (top === ls) return false;
  blockText = text;
  checkedRow = ls;
  cellCol = -1;
  blockDelimiter = d;
  blockCount = count;
  headerStart = top;
  headerEnd = topEnd;
  blockEnd = le;
  return true;
}
