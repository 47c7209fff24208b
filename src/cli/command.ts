/**
 * How a command is declared. A command is a spec (pure data: path, options, examples - enough for
 * help, man pages and completion) plus a lazily loaded `run` that returns data. Only the shell writes
 * to stdout; a command hands back its result and a renderer.
 */
import type { CommandContext, OutputStream } from './context.js';

export interface OptionSpec {
  /**
   * Commander flag syntax, e.g. `-f, --file <path>` or `--all`. The value's placeholder tells shell
   * completion what it is: `<file>` / `<path>` complete file names, `<dir>` directories, any other
   * (`<name>`, `<time>`) nothing (completion.run.ts).
   */
  flags: string;
  description: string;
  default?: string | boolean | string[];
  choices?: readonly string[];
  /**
   * Values shell completion offers without restricting the option to them (unlike `choices`): the keys of
   * `--filter` (`policy:`). A word ending in `:` is the start of a value (no space after it).
   */
  completions?: readonly string[];
  /** May be given more than once; values collect into an array. */
  repeatable?: boolean;
  /** The hint of `usage.repeated_option` when a one-value option is given twice (default: give it once). */
  repeatedHint?: string;
  /** Environment variable that supplies the value when the flag is absent. */
  env?: string;
  hidden?: boolean;
}

export interface ExampleSpec {
  command: string;
  description: string;
}

export interface CommandSpec {
  /** Words after `kt`, e.g. `policy lint`. */
  path: string;
  /** Other full paths that run the same command, e.g. `validate`. */
  aliases?: readonly string[];
  summary: string;
  description?: string;
  /**
   * Commander argument syntax, e.g. `[files...]`. As for an option's value, the names tell completion
   * what the arguments are (`[files...]`, `<file>`: file names; `[dir]`: directories; `[name]`: nothing)
   * and how many there are (nothing is offered after the last).
   */
  args?: string;
  /**
   * The only values the positional argument takes (`kt completion bash|zsh|fish`): shell completion
   * offers them instead of file names. The command itself still checks the value it gets.
   */
  argChoices?: readonly string[];
  options: readonly OptionSpec[];
  examples: readonly ExampleSpec[];
  /**
   * stdout is a data stream in the format `--format` names (`kt events export`), not a report: an error
   * then always goes to stderr as one line, even with `--format json`, so that it is never appended to a
   * half-streamed export nor read as its data (the JSON error document of JSON mode is for reports).
   */
  streamsToStdout?: boolean;
  /** Loads the implementation only when this command runs. */
  load: () => Promise<{ run: CommandRun }>;
}

export type CommandOptions = Record<string, unknown>;

/** For each options object program.ts hands a command: the options whose value came from their `env` variable. */
const fromEnvironment = new WeakMap<CommandOptions, Map<string, string>>();

/** Records that option `key` (attribute name, e.g. `maxConcurrency`) took its value from `variable`. */
export function markFromEnvironment(options: CommandOptions, key: string, variable: string): void {
  let sources = fromEnvironment.get(options);
  if (sources === undefined) fromEnvironment.set(options, (sources = new Map()));
  sources.set(key, variable);
}

/**
 * What an error about an option's value calls it: the flag (`--listen`), or the environment variable
 * the value came from when the flag was not given (`KEEPTRUSTS_LISTEN`), so the operator is sent to
 * where the bad value actually is. The error keeps its code (and exit status) either way.
 */
export function optionSource(options: CommandOptions, key: string, flag: string): string {
  return fromEnvironment.get(options)?.get(key) ?? flag;
}

/** For each options object program.ts hands a command: the word its command was typed as (`tail`, `list`). */
const typedNames = new WeakMap<CommandOptions, string>();

export function markTypedName(options: CommandOptions, name: string): void {
  typedNames.set(options, name);
}

/** The command's last word as typed: `tail` for `kt events tail`, an alias of `kt events list`. */
export const typedName = (options: CommandOptions): string | undefined => typedNames.get(options);

/** Whether a command prints JSON: `--json` or `--format json`. */
export const jsonMode = (options: CommandOptions): boolean => options.json === true || options.format === 'json';

/**
 * The format of a command that prints records (DESIGN.md §5: tables on a TTY, JSON/NDJSON/CSV for
 * pipes): `--json`, else `--format`, else `terminal` (the command's table) when stdout is a terminal and
 * NDJSON when it is a pipe or a file. Such a command declares recordListOptions' `--format` (no default);
 * `text` and `table` both mean `terminal`, the name its renderer gives the table.
 */
export function recordsFormat<F extends string>(
  ctx: { stdout: OutputStream },
  options: CommandOptions,
  terminal: F,
): F | 'json' | 'ndjson' {
  if (options.json === true) return 'json';
  if (options.format === 'text' || options.format === 'table') return terminal;
  if (typeof options.format === 'string') return options.format as F;
  return ctx.stdout.isTTY === true ? terminal : 'ndjson';
}

export type CommandRun = (ctx: CommandContext, args: string[], options: CommandOptions) => Promise<CommandResult>;

export interface CommandResult {
  /** What the command produced (printed as JSON when no renderer is given). */
  data?: unknown;
  /** Renders `data` for stdout; returns the whole text to print (may be empty). */
  render?: () => string;
  /** 0 unless the command completed with findings (1) or similar. */
  exitCode?: number;
  /** Advice such as next steps: not data, so the shell prints it on stderr after the data, unless --quiet. */
  notes?: string;
}

/** Identity helper so each command file gets type checking on its spec. */
export const defineCommand = (spec: CommandSpec): CommandSpec => spec;
