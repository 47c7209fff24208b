/**
 * The column header of a value in a table row: CSV (`,` or `;`), TSV and Markdown tables. A CRM export
 * names its columns once, in its first line (`id,name,phone,ssn`), and its rows hold bare values
 * (`1,Jane Doe,4155550134,536221234`): the context words of a bare phone number or an undelimited SSN are
 * in the header, lines away, where the clause-bound context test (clauseBefore) never looks. The header
 * cell of the value's column is read as that value's context (the recognizers ask only when the value
 * needs a word and its clause has none).
 *
 * A table is a block of consecutive lines with the same number of one delimiter (outside double quotes);
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

/** Delimiters `d` in [from, to) outside double quotes. */
function countOutsideQuotes(text: string, from: number, to: number, d: number): number {
  let n = 0;
  let quoted = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === d && !quoted) n++;
  }
  return n;
}

/** The cell of column `col` of the line [from, to), trimmed of blanks and quotes, or null. */
function cellOf(text: string, from: number, to: number, d: number, col: number): string | null {
  let k = 0;
  let start = from;
  let quoted = false;
  for (let i = from; i <= to; i++) {
    const c = i < to ? text.charCodeAt(i) : d;
    if (c === 34) quoted = !quoted;
    else if (c === d && (!quoted || i === to)) {
      if (k === col) return text.slice(start, i).replace(/^[\s"']+|[\s"']+$/g, '');
      k++;
      start = i + 1;
    }
  }
  return null;
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
  if (text !== blockText || !inBlock(text, ls, le)) {
    if (!findBlock(text, ls, le)) {
      loneText = text;
      loneStart = ls;
      return null;
    }
  }
  const col = countOutsideQuotes(text, ls, at, blockDelimiter);
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
  while (j < text.length && j - end < PAD_MAX && isPad(text.charCodeAt(j))) j++;
  if (j < text.length && !endsCell(text.charCodeAt(j))) return null;
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
    if (end < 0 || countOutsideQuotes(text, from, end, blockDelimiter) !== blockCount) return false;
    blockEnd = end;
    from = end + 1;
  }
  return blockEnd >= le;
}

/**
 * Looks for the block of the line [ls, le) afresh: its delimiter is the one it holds most of (outside
 * quotes), and its header the first of the lines above with as many; false when it has none (no delimiter,
 * or no line above with its count).
 */
function findBlock(text: string, ls: number, le: number): boolean {
  // The four delimiters counted in one pass (in DELIMITERS' order on a tie).
  let commas = 0;
  let tabs = 0;
  let pipes = 0;
  let semicolons = 0;
  let quoted = false;
  for (let i = ls; i < le; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 44) commas++;
    else if (c === 9) tabs++;
    else if (c === 124) pipes++;
    else if (c === 59) semicolons++;
  }
  let d = 0;
  let count = 0;
  const counts = [commas, tabs, pipes, semicolons];
  for (let k = 0; k < DELIMITERS.length; k++)
    if (counts[k]! > count) {
      count = counts[k]!;
      d = DELIMITERS[k]!;
    }
  if (count === 0 || ls === 0) return false;
  let top = ls;
  let topEnd = le;
  for (let lines = 0; top > 0 && lines < LINES_BACK; lines++) {
    const prevEnd = top - 1;
    const prevStart = lineStartOf(text, prevEnd);
    if (prevStart < 0 || countOutsideQuotes(text, prevStart, prevEnd, d) !== count) break;
    top = prevStart;
    topEnd = prevEnd;
  }
  if (top === ls) return false;
  blockText = text;
  cellCol = -1;
  blockDelimiter = d;
  blockCount = count;
  headerStart = top;
  headerEnd = topEnd;
  blockEnd = le;
  return true;
}
