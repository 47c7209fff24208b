/**
 * Options of kt itself, valid anywhere on the line (commander reads them before or after the command):
 * one list for the program (program.ts), shell completion and the man pages.
 */
import type { OptionSpec } from './command.js';

export const globalOptions: readonly OptionSpec[] = [
  { flags: '--color', description: 'colour even into a pipe or file (also FORCE_COLOR; wins over NO_COLOR)' },
  { flags: '--no-color', description: 'disable colour (also NO_COLOR)' },
  { flags: '--debug', description: 'trace what kt does on stderr (secrets redacted)' },
  { flags: '-q, --quiet', description: 'only print data and errors' },
];
