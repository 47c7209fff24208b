/**
 * The borderless tables of the text renderers (the steps of `kt policy eval`, `kt events list`): columns
 * separated by two spaces, like kubectl or docker ps. cli-table3 is loaded lazily by the command that
 * prints a table and passed in, so the renderers do not load it.
 */
import { stripControls } from '../io/terminal-text.js';

/** cli-table3's constructor, as the renderers use it. */
export interface TableCtor {
  new (options: {
    head: string[];
    chars: Record<string, string>;
    style: Record<string, unknown>;
    colWidths?: number[];
  }): {
    push(row: string[]): void;
    toString(): string;
  };
}

const NO_BORDER: Record<string, string> = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '',
};

/**
 * An empty borderless table with the column titles `head` (none: rows only). `colWidths` (padding
 * included) fixes the columns: a longer cell is cut with `…`.
 */
export function plainTable(Table: TableCtor, head: readonly string[], colWidths?: number[]): InstanceType<TableCtor> {
  return new Table({
    head: [...head],
    chars: NO_BORDER,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 2 },
    ...(colWidths ? { colWidths: [...colWidths] } : {}),
  });
}

/**
 * A whole borderless table as text: `rows` under the titles `head`, each cell made one line
 * (stripControls: a name from a server cannot move the cursor or start a line) and padded to its width
 * on screen, which cli-table3 measures (a CJK character takes two columns, a combining mark none), so
 * columns stay aligned whatever the names are written in.
 */
export function renderPlainTable(Table: TableCtor, head: readonly string[], rows: readonly string[][]): string {
  const table = plainTable(Table, head);
  for (const row of rows) table.push(row.map(stripControls));
  return `${tableLines(table).join('\n')}\n`;
}

/** The lines of a table, without the padding the last column leaves at their ends. */
export function tableLines(table: InstanceType<TableCtor>): string[] {
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd());
}
