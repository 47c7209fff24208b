/**
 * The CLI shell: parses argv, runs one command, writes its rendered result to stdout and maps every
 * error to one line on stderr (or a JSON document in JSON mode) and an exit status. `run` returns the
 * status; bin/kt.js sets process.exitCode so Node drains the streams before exiting.
 */
import type { Command } from 'commander';
import { colorFlag, colorFor, createContext, type OutputStream } from './context.js';
import { errorText, isAfterDataError, isClaimedStdoutError, isKtError, KtError, stdoutWriteError } from './errors.js';
import { ExitCode, exitCodeFor, exitCodeTable } from './exit-codes.js';
import { processStdout } from './file-stdout.js';
import { KT_VERSION } from './version.js';

// bin/kt.js listens for errors on the stdout commands write to (fd 1 written in full when it is a file).
export { processStdout };

export interface RunStreams {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  streams?: RunStreams;
  signal?: AbortSignal;
  now?: () => number;
}

export async function run(typed: string[], options: RunOptions = {}): Promise<number> {
  const streams = options.streams ?? { stdout: processStdout(), stderr: process.stderr, stdin: process.stdin };
  // Fast path: `kt --version` must start about as fast as bare Node, so it loads nothing else.
  if (typed.length === 1 && (typed[0] === '--version' || typed[0] === '-V')) {
    streams.stdout.write(`${KT_VERSION}\n`);
    return ExitCode.ok;
  }
  // `kt --json version` is read as `kt version --json` (hoistLeadingOptions says why).
  const argv = typed[0]?.startsWith('-') ? (await import('./program.js')).hoistLeadingOptions(typed) : typed;
  // `kt --version --json` (or -V, --format json), no command: the document `kt version --json` prints.
  // Commander printed the bare version, which is not JSON, to a script that asked for JSON.
  if (isVersionJson(argv)) return run(['version', '--json'], options);
  const words = argv.filter((a) => !a.startsWith('-'));
  const topic =
    words[0] === 'help' && words[1] !== undefined && Object.hasOwn(helpTopics, words[1])
      ? helpTopics[words[1]]
      : undefined;
  const env = options.env ?? process.env;
  if (topic !== undefined) {
    // Words after the topic are a usage error (helpTopics says why); `--format json` has a word too.
    if (words.length > 2) {
      const { operands, extraHelpWordsError } = await import('./program.js');
      const extra = operands(argv).slice(2);
      if (extra.length > 0)
        return reportError(extraHelpWordsError([words[1]!], extra), {
          jsonMode: wantsJson(argv),
          stdout: streams.stdout,
          stderr: streams.stderr,
          debug: false,
          color: colorFor(streams.stderr, env, colorFlag(argv)),
        });
    }
    // --json / --format json: the table as a document, as every command that prints data gives one.
    streams.stdout.write(await topic(wantsJson(argv)));
    return ExitCode.ok;
  }
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const ctx = createContext({
    ...streams,
    env,
    cwd: options.cwd ?? process.cwd(),
    colorFlag: colorFlag(argv),
    debug: argv.includes('--debug'),
    quiet: argv.includes('--quiet') || argv.includes('-q'),
    signal,
    ...(options.now ? { now: options.now } : {}),
  });
  let program: Command | undefined;
  preloadImplementation(argv);
  const {
    buildProgram,
    findInvokedSpec,
    walkCommands,
    commandWordsError,
    excessArgumentsError,
    unknownOptionError,
    operands,
    extraHelpWordsError,
  } = await import('./program.js');
  // A command whose stdout is the exported data stream reports errors on stderr even with --format json
  // (CommandSpec.streamsToStdout).
  const jsonMode = wantsJson(argv) && findInvokedSpec(argv)?.streamsToStdout !== true;
  try {
    const built = buildProgram(ctx, argv);
    program = built.program;
    const outcome = built.outcome;
    // `kt help policy lint`: commander's help command reads one word, and showed `kt policy` for this.
    if (words[0] === 'help' && words.length > 1) {
      const at = walkCommands(program, operands(argv).slice(1));
      // At the top, a help topic is an answer too (`kt help exit-cods` -> exit-codes).
      if (at.unknown !== undefined)
        throw await commandWordsError(at, at.path.length === 0 ? Object.keys(helpTopics) : []);
      // `kt help policy lint extra`: the page of a command takes no arguments, as a topic takes none.
      if (at.rest.length > 0) throw extraHelpWordsError(at.path, at.rest);
      at.command.outputHelp();
      return ExitCode.ok;
    }
    await program.parseAsync(argv, { from: 'user' });
    const result = outcome.result;
    if (result === undefined) return outcome.exitCode ?? ExitCode.ok;
    const text = result.render ? result.render() : result.data === undefined ? '' : jsonDocument(result.data);
    if (text.length > 0) streams.stdout.write(text);
    if (result.notes !== undefined) ctx.info(result.notes);
    return result.exitCode ?? ExitCode.ok;
  } catch (error) {
    // `--help` and `--version` surface as commander "errors" with status 0: nothing to report.
    if (isCommanderError(error) && error.exitCode === 0) return ExitCode.ok;
    // Commander has printed the help of the group on stderr; say what was missing or unknown. An
    // excess argument is reported under the command as typed (an alias is not the name commander knows).
    // An unknown command or option gets the code, words and hint whichever way it was typed (`kt nope`
    // as `kt help nope`).
    let reported = error;
    if (isCommanderError(error) && program !== undefined) {
      const at = walkCommands(program, words);
      if (error.code === 'commander.help') reported = await commandWordsError(at);
      if (error.code === 'commander.unknownCommand' && at.unknown !== undefined) reported = await commandWordsError(at);
      if (error.code === 'commander.unknownOption') reported = await unknownOptionError(at, error.message);
      if (error.code === 'commander.excessArguments') reported = excessArgumentsError(at, error.message);
    }
    return reportError(reported, {
      // An error after data went out is one line on stderr (reportAfterData).
      jsonMode: jsonMode && !isAfterDataError(error),
      stdout: streams.stdout,
      stderr: streams.stderr,
      debug: ctx.debug,
      color: ctx.color,
    });
  }
}

/**
 * The implementations of the local pack commands, by the words that run them. Their start-up is what
 * operators and CI feel (DESIGN §8 measures `kt policy lint`), and a command's implementation is a third
 * round of module loading (kt.js, then program.js with the command tree, then the implementation and its
 * chunks): its files are read and compiled while program.js is, instead of after. This is a head start
 * only: the command still loads its implementation through its spec (`load`), which gets the same
 * module; a command line that turns out to be a usage error has loaded it for nothing.
 */
const preloads: Record<string, () => Promise<unknown>> = {
  'policy lint': () => import('./commands/policy/lint.run.js'),
  validate: () => import('./commands/policy/lint.run.js'),
  'policy eval': () => import('./commands/policy/eval.run.js'),
  'policy test': () => import('./commands/policy/test.run.js'),
};

function preloadImplementation(argv: readonly string[]): void {
  if (argv.includes('--help') || argv.includes('-h')) return;
  const [first, second] = argv.filter((a) => !a.startsWith('-'));
  const key = first === 'validate' ? first : `${first} ${second}`;
  // A module that fails to load fails again, with the error reported, when the command loads it.
  if (Object.hasOwn(preloads, key)) preloads[key]!().catch(() => {});
}

/**
 * A failed write to the process's stdout, which Node reports as an 'error' event after write() has
 * returned, so a command sees it only if it waits for the write's callback (bin/kt.js listens for the
 * event): the one error line any unwritable output gets, on stderr whatever the format. Returns the exit status, or undefined for an error the command
 * writing has claimed (claimStdoutError): it reports that one itself, and the process ends with its status.
 */
export function reportStdoutError(error: unknown, argv: string[]): number | undefined {
  if (isClaimedStdoutError(error)) return undefined;
  const color = colorFor(process.stderr, process.env, colorFlag(argv));
  return reportError(stdoutWriteError(error), {
    jsonMode: false,
    stdout: processStdout(),
    stderr: process.stderr,
    debug: false,
    color,
  });
}

/**
 * `kt help TOPIC`: pages that are not commands. A topic is found as a command is, by the words of the
 * command line (global options such as --no-color may stand anywhere). A word after a page, a topic's
 * (`kt help exit-codes extra`) or a command's (`kt help policy lint extra`), is a usage error (exit 2)
 * naming it, as an argument is for every command that takes none: ignoring it printed a page for a
 * command line that meant something else (a script's typo, a topic kt does not have), with exit 0.
 * `--help` after a command is left to answer whatever else the line holds, as most CLIs do, since that is
 * how one asks about a half-typed command. With --json (or --format json) a topic prints its table as
 * JSON: `{version: 1, exit_codes: [{code, meaning}]}`, `{version: 1, variables: [{name, meaning}]}`.
 */
const helpTopics: Record<string, (json: boolean) => Promise<string>> = {
  'exit-codes': async (json) => {
    if (json) return jsonDocument({ version: 1, exit_codes: exitCodeTable });
    const width = Math.max(...exitCodeTable.map((r) => String(r.code).length));
    return `Exit codes of kt:\n${exitCodeTable.map((r) => `  ${String(r.code).padStart(width)}  ${r.meaning}`).join('\n')}\n`;
  },
  environment: async (json) => {
    const { environmentHelp, environmentTable } = await import('./environment.js');
    // A row may name several variables ("HTTPS_PROXY, HTTP_PROXY, NO_PROXY"): one entry each in JSON.
    const variables = environmentTable.flatMap((r) => r.name.split(', ').map((name) => ({ name, meaning: r.meaning })));
    return json ? jsonDocument({ version: 1, variables }) : environmentHelp();
  },
};

/**
 * A JSON document as kt prints one on stdout: indented by two spaces, as every command's `--json` output
 * is, help topics and error documents included (they were one compact line, the only ones).
 */
const jsonDocument = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** Only options (the value `json` of --format included), among them --version or -V, and JSON asked for. */
function isVersionJson(argv: readonly string[]): boolean {
  const onlyOptions = argv.every((a, i) => a.startsWith('-') || (a === 'json' && argv[i - 1] === '--format'));
  return onlyOptions && argv.some((a) => a === '--version' || a === '-V') && wantsJson(argv);
}

function wantsJson(argv: readonly string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json' || a === '--format=json' || (a === '--format' && argv[i + 1] === 'json')) return true;
  }
  return false;
}

interface ReportTarget {
  jsonMode: boolean;
  stdout: OutputStream;
  stderr: OutputStream;
  debug: boolean;
  color: boolean;
}

function reportError(error: unknown, target: ReportTarget): number {
  const ktError = toKtError(error);
  if (target.jsonMode) {
    const { file, line, column, hint, data } = ktError.details;
    const body = { error: { code: ktError.code, message: ktError.message, file, line, column, hint, ...data } };
    target.stdout.write(jsonDocument(body));
  } else {
    target.stderr.write(errorText(ktError, target.color));
  }
  const status = exitCodeFor(ktError.code);
  if (target.debug && status === ExitCode.internal && error instanceof Error && error.stack) {
    target.stderr.write(`${error.stack}\n`);
  }
  return status;
}

function toKtError(error: unknown): KtError {
  if (isKtError(error)) return error;
  if (isCommanderError(error)) {
    // Commander already printed its own message for usage errors (see program.ts configureOutput).
    // `--opt=value` is echoed by commander as typed; the value may be a secret pasted on argv (CI logs).
    const message = error.message
      .replace(/^error: /, '')
      .replace(/\n\(Did you mean (.*)\?\)/, ' (did you mean $1?)')
      .replace(/(--?[A-Za-z0-9][\w-]*)=[^'\s]*/g, '$1=…');
    return new KtError(commanderCodes[error.code] ?? 'usage.invalid', message, { hint: 'run with --help for usage' });
  }
  if (error instanceof Error && error.name === 'AbortError') return new KtError('interrupted', 'interrupted');
  const message = error instanceof Error ? error.message : String(error);
  return new KtError('internal.unexpected', message, {
    hint: 'this is a bug in kt; re-run with --debug for a stack trace',
    cause: error,
  });
}

/** kt's codes for commander's usage errors, so that a script can tell them apart as it can kt's own. */
const commanderCodes: Record<string, string> = {
  'commander.unknownCommand': 'usage.unknown_command',
  'commander.unknownOption': 'usage.unknown_option',
  'commander.invalidArgument': 'usage.invalid_value',
  'commander.optionMissingArgument': 'usage.missing_value',
  'commander.missingArgument': 'usage.missing_argument',
  'commander.missingMandatoryOptionValue': 'usage.missing_option',
  'commander.conflictingOption': 'usage.conflicting_options',
};

function isCommanderError(error: unknown): error is Error & { code: string; exitCode: number } {
  const code: unknown = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('commander.');
}
