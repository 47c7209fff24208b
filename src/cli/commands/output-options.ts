/**
 * `--format text|json` and `--json` of every command that prints one result as text or JSON, so they
 * read the same everywhere (DESIGN.md §5: `--json` = `--format json`). Commands that print records
 * (tables, NDJSON, CSV) take recordListOptions, or declare their own `--format` when their formats
 * differ (events list also takes `table`).
 */
import type { OptionSpec } from '../command.js';

export const textOrJsonOptions: readonly OptionSpec[] = [
  { flags: '--format <format>', description: 'output format', choices: ['text', 'json'], default: 'text' },
  { flags: '--json', description: 'same as --format json' },
];

/** `--format text|json|ndjson|csv` and `--json` of the commands that list metadata records (one per line into a pipe). */
export const recordListOptions: readonly OptionSpec[] = [
  {
    flags: '--format <format>',
    description: 'output format (default: a table on a terminal, ndjson otherwise)',
    choices: ['text', 'json', 'ndjson', 'csv'],
  },
  { flags: '--json', description: 'same as --format json' },
];
