/**
 * The borderless tables of the text renderers (the steps of `kt policy eval`, `kt events list`): columns
 * separated by two spaces, like kubectl or docker ps. cli-table3 is loaded lazily by the command that
 * prints a table and passed in, so the renderers do not load it.
 */

/** cli-table3's constructor, as the renderers use it. */
export interface TableCtor {
  new (options: { head: string[]; chars: Record<string, string>; style: Record<string, unknown> }): {
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

/** An empty borderless table with the column titles `head`. */
export function plainTable(Table: TableCtor, head: readonly string[]): InstanceType<TableCtor> {
  return new Table({
    head: [...head],
    chars: NO_BORDER,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 2 },
  });
}

/** The lines of a table, without the padding the last column leaves at their ends. */
export function tableLines(table: InstanceType<TableCtor>): string[] {
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd());
}
