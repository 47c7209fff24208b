/**
 * `--format text|json` and `--json` of every command that prints one result as text or JSON, so they
 * read the same everywhere (DESIGN.md §5: `--json` = `--format json`). Commands that print records
 * (tables, NDJSON, CSV) declare their own `--format` beside `--json`.
 */
import type { OptionSpec } from '../command.js';

export const textOrJsonOptions: readonly OptionSpec[] = [
  { flags: '--format <format>', description: 'output format', choices: ['text', 'json'], default: 'text' },
  { flags: '--json', description: 'same as --format json' },
];
