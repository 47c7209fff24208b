/**
 * What a command may touch: streams, environment, clock and cancellation come in here, so commands
 * are testable in-process with a fake context (test/helpers/run-kt.ts).
 */
export interface OutputStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

export interface CommandContext {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Colour in what goes to stderr (NO_COLOR, --no-color, TERM=dumb and stderr's TTY already applied). */
  color: boolean;
  /** The same for stdout: a report redirected to a file or a pipe gets no escape codes. */
  stdoutColor: boolean;
  debug: boolean;
  quiet: boolean;
  now: () => number;
  signal: AbortSignal;
  /** Warnings and progress: stderr, never stdout. */
  warn: (message: string) => void;
  info: (message: string) => void;
  debugLog: (message: string) => void;
}

export interface ContextInput {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: CommandContext['stdin'];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The command line's say on colour: --color (true), --no-color (false), neither (undefined); colorFlag(). */
  colorFlag: boolean | undefined;
  debug: boolean;
  quiet: boolean;
  signal: AbortSignal;
  now?: () => number;
}

/**
 * Colour on `stream`: as the command line says (`flag`: --color on, a pipe included, --no-color off);
 * else never with NO_COLOR; with FORCE_COLOR set, as it says (`0` or `false` off, anything else on, a
 * pipe included: CI logs that render colour); else on a terminal whose TERM is not `dumb`. Decision: the
 * flag typed for this one run beats the environment, as no-color.org asks (`--color` over NO_COLOR, the
 * way `ls --color` and `git --color` work); among the environment's ways, asking for no colour comes
 * first: escape codes in a log that did not want them are the worse mistake.
 */
export function colorFor(stream: OutputStream, env: NodeJS.ProcessEnv, flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  // no-color.org: NO_COLOR switches colour off when it is set and not empty.
  if ((env.NO_COLOR ?? '') !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return env.TERM !== 'dumb' && stream.isTTY === true;
}

/**
 * --color or --no-color, whichever comes last on the line (as commander reads an option and its
 * negation), before any `--` (after it the words are arguments); undefined when neither is given.
 */
export function colorFlag(argv: readonly string[]): boolean | undefined {
  const end = argv.indexOf('--');
  let flag: boolean | undefined;
  for (const arg of end === -1 ? argv : argv.slice(0, end)) {
    if (arg === '--color') flag = true;
    else if (arg === '--no-color') flag = false;
  }
  return flag;
}

export function createContext(input: ContextInput): CommandContext {
  const color = colorFor(input.stderr, input.env, input.colorFlag);
  const line = (prefix: string) => (message: string) => {
    input.stderr.write(`${prefix}${message}\n`);
  };
  return {
    stdout: input.stdout,
    stderr: input.stderr,
    stdin: input.stdin,
    env: input.env,
    cwd: input.cwd,
    color,
    stdoutColor: colorFor(input.stdout, input.env, input.colorFlag),
    debug: input.debug,
    quiet: input.quiet,
    now: input.now ?? Date.now,
    signal: input.signal,
    warn: input.quiet ? () => {} : line(color ? '\u001b[33mwarning\u001b[0m: ' : 'warning: '),
    info: input.quiet ? () => {} : line(''),
    debugLog: input.debug ? line('debug: ') : () => {},
  };
}
