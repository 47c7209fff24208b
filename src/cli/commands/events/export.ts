import { connectionOptions } from '../connection-options.js';
import { filterOptions } from './filter-options.js';
import { defineCommand } from '../../command.js';

export const eventsExportCommand = defineCommand({
  path: 'events export',
  summary: 'Export events to a file, streaming and resumable',
  description:
    'Export events to a file, streaming and resumable. The file is written as FILE.part beside --output with a ' +
    'checkpoint FILE.kt-export.json, and renamed into place when complete. An export that fails or is interrupted ' +
    'after rows were saved keeps both: run the same command with --resume to continue it (no row lost or ' +
    'duplicated); one that fails before the first page removes them, as there is nothing to resume. A new export of ' +
    'that --output without --resume refuses to start (exit 3) rather than discard it; --force discards it and ' +
    'starts over.',
  streamsToStdout: true,
  options: [
    {
      flags: '--from <time>',
      description: 'start: RFC 3339, a date (2025-04-01), relative (15m, 24h, 7d) or now; alias --since',
    },
    { flags: '--since <time>', description: 'alias of --from' },
    { flags: '--to <time>', description: 'end: as --from (a date is its whole day); default now; alias --until' },
    { flags: '--until <time>', description: 'alias of --to' },
    ...filterOptions,
    {
      flags: '--format <format>',
      description: "file format (default: json; with --resume, the checkpoint's)",
      choices: ['csv', 'json', 'ndjson'],
    },
    { flags: '--json', description: 'same as --format json (errors stay one line on stderr)' },
    {
      flags: '-o, --output <path>',
      description: 'file to write (atomically; default: stdout; never over an existing file unless --force)',
    },
    {
      flags: '--force',
      description: 'replace an existing --output file, and discard an interrupted export of it to start over',
    },
    { flags: '--resume', description: 'continue an interrupted export of the same --output' },
    { flags: '--no-neutralize-formulas', description: 'keep CSV cells starting with = + - @ as they are' },
    ...connectionOptions,
  ],
  examples: [
    {
      command: 'kt events export --from 2025-04-01 --to 2025-04-30 --format csv --output defense-report.csv',
      description: 'a month of events as CSV',
    },
    {
      command: 'kt events export --resume --output defense-report.csv',
      description: 'continue an export that was interrupted (no row lost or duplicated)',
    },
    {
      command: 'kt events export --from 7d --format ndjson | jq -c .verdict',
      description: 'stream a week of events to stdout',
    },
  ],
  load: () => import('./export.run.js'),
});
