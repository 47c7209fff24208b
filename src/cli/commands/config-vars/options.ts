/**
 * The options of the config-vars commands about one variable (get, set, rotate, delete, resolve), so
 * they read the same in each: `--name`, the command's own, the output format, the connection - the
 * order their help and man pages show.
 */
import type { OptionSpec } from '../../command.js';
import { connectionOptions } from '../connection-options.js';
import { textOrJsonOptions } from '../output-options.js';

/** Where set and rotate take the new value from (DESIGN.md §5: never argv unless forced). */
export const valueSourceOptions: readonly OptionSpec[] = [
  { flags: '--from-file <path>', description: "read the value from a file ('-': standard input)" },
  { flags: '--from-env <var>', description: 'read the value from an environment variable' },
  { flags: '--stdin', description: 'read the value from standard input' },
  {
    flags: '--value <value>',
    description: 'the value on the command line (refused unless --force: argv is visible to other users)',
  },
  { flags: '--force', description: 'allow --value' },
  { flags: '--description <text>', description: 'what the variable is for (one line, at most 2000 characters)' },
];

/** The variable, besides the NAME argument. */
export const nameOption: OptionSpec = {
  flags: '--name <name>',
  description: "the variable (instead of the NAME argument; the public docs' spelling)",
};

/** `--name`, then `own`, then `--format`/`--json` and the connection options. */
export function variableOptions(...own: readonly OptionSpec[]): OptionSpec[] {
  return [nameOption, ...own, ...textOrJsonOptions, ...connectionOptions];
}
