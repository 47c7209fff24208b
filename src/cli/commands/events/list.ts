import { connectionOptions } from '../connection-options.js';
import { filterOptions } from './filter-options.js';
import { recordListOptions } from '../output-options.js';
import { defineCommand } from '../../command.js';

export const eventsListCommand = defineCommand({
  path: 'events list',
  aliases: ['events tail'],
  summary: 'List decision events',
  options: [
    ...filterOptions,
    {
      flags: '--from <time>',
      description: 'start: RFC 3339, a date (2025-04-01), relative (15m, 24h, 7d) or now; alias --since',
    },
    { flags: '--since <time>', description: 'alias of --from' },
    { flags: '--to <time>', description: 'end: as --from (a date is its whole day); default now; alias --until' },
    { flags: '--until <time>', description: 'alias of --to' },
    {
      // No declared default (50, in list.run.ts), so that --limit given with its alias --last is seen.
      flags: '--limit <n>',
      description:
        'maximum events (default 50; 1-100000; without --from, 10000 from a server without newest-first pages); alias --last',
    },
    { flags: '--last <n>', description: 'alias of --limit' },
    // -f as `tail -f`, `kubectl logs -f` and `journalctl -f` have it: what a tail is typed with.
    { flags: '-f, --follow', description: 'keep polling for new events (Ctrl-C stops)' },
    ...recordListOptions,
    ...connectionOptions,
  ],
  examples: [
    {
      command: 'kt events list --filter action:blocked --from 2025-04-01 --to 2025-04-30 --limit 100',
      description: 'blocked requests in April',
    },
    {
      command: 'kt events tail --since 1h --verdict block',
      description: 'the latest 50 blocked requests of the last hour (list --from gives the first 50 from then)',
    },
    {
      command: 'kt events tail --follow',
      description: 'the latest events, then new ones as they arrive (Ctrl-C stops)',
    },
    {
      command: 'kt events list --filter verdict:block --filter model:gpt-4o --from 24h --format csv > blocked.csv',
      description: 'a day of blocked gpt-4o requests as CSV',
    },
  ],
  load: () => import('./list.run.js'),
});
