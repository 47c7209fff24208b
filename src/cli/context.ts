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
  noColor: boolean;
  debug: boolean;
  quiet: boolean;
  signal: AbortSignal;
  now?: () => number;
}

/**
 * Colour on `stream`: never with --no-color (`noColor`) or NO_COLOR; with FORCE_COLOR set, as it says
 * (`0` or `false` off, anything else on, a pipe included: CI logs that render colour); else on a terminal
 * whose TERM is not `dumb`. The order puts every way of asking for no colour first: escape codes in a log
 * that did not want them are the worse mistake.
 */
export function colorFor(stream: OutputStream, env: NodeJS.ProcessEnv, noColor: boolean): boolean {
  // no-color.org: NO_COLOR switches colour off when it is set and not empty.
  if (noColor || (env.NO_COLOR ?? '') !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return env.TERM !== 'dumb' && stream.isTTY === true;
}

export function createContext(input: ContextInput): CommandContext {
  const color = colorFor(input.stderr, input.env, input.noColor);
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
    stdoutColor: colorFor(input.stdout, input.env, input.noColor),
    debug: input.debug,
    quiet: input.quiet,
    now: input.now ?? Date.now,
    signal: input.signal,
    warn: input.quiet ? () => {} : line(color ? '\u001b[33mwarning\u001b[0m: ' : 'warning: '),
    info: input.quiet ? () => {} : line(''),
    debugLog: input.debug ? line('debug: ') : () => {},
  };
}
