/**
 * `--format text|json` and `--json` of every command that prints one result as text or JSON, so they
 * read the same everywhere (DESIGN.md §5: `--json` = `--format json`). Commands that print records
 * (tables, NDJSON, CSV) take recordListOptions: every list command accepts the same formats.
 */
import type { OptionSpec } from '../command.js';

export const textOrJsonOptions: readonly OptionSpec[] = [
  { flags: '--format <format>', description: 'output format', choices: ['text', 'json'], default: 'text' },
  { flags: '--json', description: 'same as --format json' },
];

/**
 * `--format text|table|json|ndjson|csv` and `--json` of the commands that list records (`kt events list`,
 * `kt config-vars list`, `kt gateway keys list`; one record per line into a pipe). `text` and `table` are
 * synonyms (recordsFormat): `text` is every other command's human format, `table` what events list
 * documented first, and a user who types one on one list command may type it on the others.
 */
export const recordListOptions: readonly OptionSpec[] = [
  {
    flags: '--format <format>',
    description: 'output format (default: a table on a terminal, ndjson otherwise; text and table are the same)',
    choices: ['text', 'table', 'json', 'ndjson', 'csv'],
  },
  { flags: '--json', description: 'same as --format json' },
];
