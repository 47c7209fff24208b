/**
 * Builds the commander tree from the command registry. Commander only parses; each action loads its
 * implementation lazily, runs it with the shared context and stores the result for main.ts to print.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { KtError } from '../errors.js';
import { didYouMean } from '../schema/suggest.js';
import type { CommandContext } from './context.js';
import {
  markFromEnvironment,
  markTypedName,
  type CommandResult,
  type CommandSpec,
  type OptionSpec,
} from './command.js';
import { commandSpecs, groupSpecs } from './commands/index.js';
import { globalOptions } from './global-options.js';
import { KT_VERSION } from './version.js';

export interface Outcome {
  result?: CommandResult;
  exitCode?: number;
}

/**
 * The spec a command line invokes, by its leading words (global options are all flags, so they are
 * skipped). Used to register only that command: building the whole tree costs start-up time that
 * `kt policy lint` in CI should not pay. Help and unknown commands still get the whole tree.
 */
export function findInvokedSpec(argv: readonly string[]): CommandSpec | undefined {
  const words = argv.filter((a) => !a.startsWith('-')).slice(0, 3);
  for (const spec of commandSpecs) {
    for (const path of [spec.path, ...(spec.aliases ?? [])]) {
      const pathWords = path.split(' ');
      if (pathWords.every((w, i) => words[i] === w)) return spec;
    }
  }
  return undefined;
}

/**
 * How far leading words go down the command tree: the command they name and, when a word names no
 * command there, that word. A leaf ends the walk (what follows is its arguments: `rest`); `help` is
 * skipped, so `kt help policy lint` and `kt policy help lint` both reach `policy lint`.
 */
export function walkCommands(
  program: Command,
  words: readonly string[],
): { command: Command; path: string[]; unknown?: string; rest: string[] } {
  let command = program;
  const path: string[] = [];
  for (const [i, word] of words.entries()) {
    if (command.commands.length === 0) return { command, path, rest: words.slice(i) };
    if (word === 'help') continue;
    const next = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (next === undefined) return { command, path, unknown: word, rest: [] };
    command = next;
    path.push(word);
  }
  return { command, path, rest: [] };
}

/**
 * The words of a command line that are neither options nor option values (`kt help exit-codes --format
 * json` has two), by the table hoistLeadingOptions reads; every word after `--` is one.
 */
export function operands(argv: readonly string[]): string[] {
  const takesValue = leadingOptionArity();
  const found: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return [...found, ...argv.slice(i + 1)];
    if (!arg.startsWith('-') || arg === '-') found.push(arg);
    else if (!arg.includes('=') && takesValue.get(arg) === true) i++;
  }
  return found;
}

/**
 * The usage error for words after a help page (`kt help exit-codes extra`, `kt help policy lint extra`):
 * a page takes none. One line naming the first word: what follows `kt help` is topic and command names,
 * never a value, so it can be repeated (errorText makes its control characters spaces).
 */
export function extraHelpWordsError(page: readonly string[], extra: readonly string[]): KtError {
  const more = extra.length > 1 ? ` (and ${extra.length - 1} more)` : '';
  return new KtError(
    'usage.too_many_arguments',
    `unexpected argument '${extra[0] ?? ''}'${more}: \`${['kt', 'help', ...page].join(' ')}\` takes none`,
  );
}

/**
 * The usage error for words that stop short of a command (`kt policy`) or name none (`kt help nope`):
 * commander reports both as '(outputHelp)', which tells the user nothing.
 */
export async function commandWordsError(
  at: ReturnType<typeof walkCommands>,
  topics: readonly string[] = [],
): Promise<KtError> {
  const names = at.command.commands.map((c) => c.name());
  const where = ['kt', ...at.path].join(' ');
  if (at.unknown === undefined) {
    return new KtError('usage.missing_command', `${where} needs a command: ${names.join(', ')}`, {
      hint: `\`kt help ${[...at.path, 'COMMAND'].join(' ')}\` describes each`,
    });
  }
  const { didYouMean } = await import('../schema/suggest.js');
  const close = didYouMean(at.unknown, [...names, ...topics]);
  // Else a command of that name in another group: `kt keys create` is `kt gateway keys create`, `kt
  // lint` is `kt policy lint`, as the public docs and other CLIs put some of them at the top.
  const deeper = close === undefined ? commandsNamed(at.command, at.unknown) : [];
  const suggestion =
    close !== undefined
      ? ` (did you mean ${close}?)`
      : deeper.length > 0
        ? ` (did you mean ${deeper.map((p) => `'${p}'`).join(' or ')}?)`
        : '';
  return new KtError('usage.unknown_command', `unknown command '${at.unknown}'${suggestion}`, {
    hint: `commands of ${where}: ${names.join(', ')}${topics.length > 0 ? `; help topics: ${topics.join(', ')}` : ''}`,
  });
}

/** Full paths (`kt gateway keys`) of the commands anywhere under kt named `word` (or aliased so). */
function commandsNamed(from: Command, word: string): string[] {
  let root = from;
  while (root.parent !== null) root = root.parent;
  const found: string[] = [];
  const visit = (command: Command, path: string[]): void => {
    for (const sub of command.commands) {
      const here = [...path, sub.name()];
      if (sub.name() === word || sub.aliases().includes(word)) found.push(here.join(' '));
      visit(sub, here);
    }
  };
  visit(root, ['kt']);
  return found;
}

/**
 * The usage error for arguments a command does not take. Commander's own ("too many arguments for
 * 'list'") names the command it registered, which is not what was typed through an alias (`kt events
 * tail extra`, `kt config-var list extra`): this names the words as typed, found by walkCommands. The
 * extra arguments are not repeated (one may be a secret typed where it does not belong).
 */
export function excessArgumentsError(at: ReturnType<typeof walkCommands>, commanderMessage: string): KtError {
  const where = ['kt', ...at.path].join(' ');
  // A command that reads a secret (config-vars set/rotate, auth login: they take --from-env) got a word
  // more than it takes: that word is most likely the secret itself, typed as `kt config-vars set NAME
  // VALUE`. Say that it was not used and is now in the shell history, not just that it was one too many.
  if (at.command.options.some((o) => o.long === '--from-env'))
    return new KtError(
      'usage.secret_on_argv',
      `'${where}' never takes a secret as an argument: the extra argument was not used (it is in your shell history now; clear it there)`,
      { hint: secretSourcesHint(at.command) },
    );
  const counts = /Expected (\d+) arguments? but got (\d+)/.exec(commanderMessage);
  const detail = counts === null ? '' : `: expected ${counts[1]} but got ${counts[2]}`;
  return new KtError('usage.too_many_arguments', `too many arguments for '${where}'${detail}`, {
    hint: `\`${where} --help\` shows its usage`,
  });
}

/** Where a secret-reading command takes its value from, named by its own options. */
function secretSourcesHint(command: Command): string {
  const stdin = command.options.find((o) => o.long === '--stdin' || o.long === '--token-stdin')?.long ?? '--stdin';
  return `pipe it with ${stdin}, use --from-file or --from-env, or run interactively for a hidden prompt`;
}

/**
 * The usage error for an option the command does not take (`usage.unknown_option`), from commander's
 * "unknown option '--x'". Commander suggests an option only a few typing slips away; this also suggests
 * the options that share a word with the one typed, in either direction, because that is how options of
 * one meaning are named apart in kt: `kt auth login --stdin` -> `--token-stdin`, `kt config-vars set
 * --token-stdin` -> `--stdin`, `--file` -> `--from-file`. Decision: a suggestion, not hidden aliases:
 * one spelling per option keeps help, completion and man pages honest, and the error costs one retry.
 * Options before a command's words reach here as the group's (`kt policy --json`, `kt --json`): there
 * the missing command is the mistake, so that is what is reported.
 */
export async function unknownOptionError(
  at: ReturnType<typeof walkCommands>,
  commanderMessage: string,
): Promise<KtError> {
  if (at.command.commands.length > 0 && at.unknown === undefined) return commandWordsError(at);
  const where = ['kt', ...at.path].join(' ');
  const typed = /unknown option '([^'=]*)/.exec(commanderMessage)?.[1] ?? '';
  // A shared word says more than a few edits do (`--file`: `--from-file`, not commander's `--profile`).
  const near = /\n\(Did you mean (?:one of )?(.*)\?\)/.exec(commanderMessage)?.[1];
  const shared = sharedWordOptions(at.command, typed);
  const guesses = shared.length > 0 || near === undefined ? shared : near.split(', ');
  const suggestion =
    guesses.length === 0 ? '' : ` (did you mean ${guesses.length === 1 ? '' : 'one of '}${guesses.join(', ')}?)`;
  return new KtError('usage.unknown_option', `unknown option '${typed}'${suggestion}`, {
    hint: `\`${where} --help\` lists its options`,
  });
}

/** Visible long options of `command` (and of kt itself) whose words contain the typed one's, or the reverse. */
function sharedWordOptions(command: Command, typed: string): string[] {
  if (!typed.startsWith('--') || typed.length < 4) return [];
  const words = (flag: string) => flag.slice(2).toLowerCase().split('-').filter(Boolean);
  const contains = (outer: string[], inner: string[]) => inner.every((w) => outer.includes(w));
  const mine = words(typed);
  const found = new Set<string>();
  for (let c: Command | null = command; c !== null; c = c.parent) {
    for (const option of c.createHelp().visibleOptions(c)) {
      const long = option.long;
      // `--color` is not a slip for `--no-color`: the negation means the opposite.
      if (long === undefined || long === '--help' || long.startsWith('--no-') !== typed.startsWith('--no-')) continue;
      const theirs = words(long);
      if (contains(theirs, mine) || contains(mine, theirs)) found.add(long);
    }
  }
  return [...found].sort();
}

/**
 * Options typed before the command (`kt --json version`, `kt --api-url URL events list`) are moved to
 * just after the command's words, so they mean exactly what they mean there: `kt --json CMD` works
 * wherever `kt CMD --json` does, and is refused (unknown option, exit 2) wherever that is. This was
 * chosen over declaring `--json`/`--format` on the program itself, which would have taken them from every
 * command (the choices of `--format` differ per command, and `kt init --json` should stay an error),
 * and over commander's positional options, which would refuse `--no-color` after the command.
 *
 * Which leading options take a value is read from the command specs (no flag takes a value in one
 * command and not in another), so `kt --format json version` moves `json` with `--format`. The walk
 * stops at the first option no command knows, which is put first so that commander's error names it.
 * The moved options go after the first run of words (the command path and
 * any arguments), before any other option or `--`, where commander reads them as the command's own.
 */
export function hoistLeadingOptions(argv: readonly string[]): string[] {
  const takesValue = leadingOptionArity();
  let i = 0;
  while (i < argv.length) {
    const arg = argv[i]!;
    if (!arg.startsWith('-') || arg === '-' || arg === '--') break;
    const name = arg.startsWith('--') && arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    const needsValue = takesValue.get(name);
    // Unknown here: put it first, so that commander's error names it rather than a good option before it.
    if (needsValue === undefined) return [arg, ...argv.slice(0, i), ...argv.slice(i + 1)];
    i += needsValue && name === arg ? 2 : 1;
  }
  i = Math.min(i, argv.length);
  let end = i;
  while (end < argv.length && (!argv[end]!.startsWith('-') || argv[end] === '-')) end++;
  if (i === 0 || end === i) return [...argv];
  return [...argv.slice(i, end), ...argv.slice(0, i), ...argv.slice(end)];
}

/** Every option name (`--format`, `-o`) any command or the program declares: whether it takes a value. */
function leadingOptionArity(): Map<string, boolean> {
  const arity = new Map<string, boolean>();
  const add = (flags: string): void => {
    const option = new Option(flags);
    for (const name of [option.long, option.short]) if (name) arity.set(name, option.required || option.optional);
  };
  for (const { flags } of globalOptions) add(flags);
  add('-h, --help');
  for (const spec of commandSpecs) for (const { flags } of spec.options) add(flags);
  return arity;
}

export function buildProgram(
  ctx: CommandContext,
  argv: readonly string[] = [],
): { program: Command; outcome: Outcome } {
  const outcome: Outcome = {};
  const invoked = findInvokedSpec(argv);
  const specs = invoked === undefined ? commandSpecs : [invoked];
  const program = new Command('kt')
    .description('Operator CLI and local runtime for AI-governance policy packs.')
    .version(KT_VERSION, '-V, --version', 'print the version')
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
      // Usage errors are rendered once, by the boundary in main.ts.
      outputError: () => {},
    });
  for (const { flags, description } of globalOptions) program.option(flags, description);
  program.addHelpText(
    'after',
    '\nRun `kt help exit-codes` for the exit statuses, `kt help environment` for the variables kt reads, `kt <command> --help` for examples.',
  );

  const groups = new Map<string, Command>();
  const groupFor = (words: string[]): Command => {
    let parent = program;
    for (let i = 0; i < words.length; i++) {
      const key = words.slice(0, i + 1).join(' ');
      let group = groups.get(key);
      if (!group) {
        const info = groupSpecs.find((g) => g.path === key);
        group = parent.command(words[i]!).description(info?.summary ?? '');
        for (const alias of info?.aliases ?? []) group.alias(alias);
        group.exitOverride();
        groups.set(key, group);
      }
      parent = group;
    }
    return parent;
  };

  for (const spec of specs) {
    const words = spec.path.split(' ');
    const parent = groupFor(words.slice(0, -1));
    const cmd = parent
      .command(words[words.length - 1]!)
      .summary(spec.summary)
      .description(spec.description ?? spec.summary);
    for (const alias of spec.aliases ?? []) {
      // A same-level alias (e.g. `events tail` for `events list`) is a commander alias; a top-level alias
      // of a nested command (`validate` for `policy lint`) is registered below as its own entry.
      const aliasWords = alias.split(' ');
      if (aliasWords.length === words.length && aliasWords.slice(0, -1).join(' ') === words.slice(0, -1).join(' ')) {
        cmd.alias(aliasWords[aliasWords.length - 1]!);
      }
    }
    configure(cmd, spec, ctx, outcome);
  }
  for (const spec of specs) {
    for (const alias of spec.aliases ?? []) {
      const aliasWords = alias.split(' ');
      if (aliasWords.length === 1 && spec.path.includes(' ')) {
        const cmd = program
          .command(alias)
          .summary(`alias of \`kt ${spec.path}\``)
          .description(spec.description ?? spec.summary);
        configure(cmd, spec, ctx, outcome);
      }
    }
  }
  return { program, outcome };
}

function configure(cmd: Command, spec: CommandSpec, ctx: CommandContext, outcome: Outcome): void {
  if (spec.args) cmd.arguments(spec.args);
  for (const optionSpec of spec.options) {
    const option = toOption(optionSpec);
    cmd.addOption(option);
    if (!optionSpec.repeatable && (option.required || option.optional))
      refuseRepeats(cmd, option, optionSpec.repeatedHint);
  }
  cmd.exitOverride();
  if (spec.examples.length > 0) {
    const lines = spec.examples.map((e) => `  # ${e.description}\n  $ ${e.command}`).join('\n\n');
    cmd.addHelpText('after', `\nExamples:\n${lines}\n`);
  }
  cmd.action(async (...received: unknown[]) => {
    const command = received[received.length - 1] as Command;
    const options: Record<string, unknown> = { ...command.optsWithGlobals() };
    // `--json` means `--format json`; asking for both with different formats is a mistake, not a choice.
    if (options.json === true && command.getOptionValueSource('format') === 'cli' && options.format !== 'json') {
      throw new KtError(
        'usage.conflicting_options',
        `--json conflicts with --format ${String(options.format)}; give one of them`,
      );
    }
    // Env fallbacks read ctx.env (not process.env) so in-process tests can supply their own environment.
    // Order: flag > environment > the spec's default (an option with a default is never undefined here).
    // The variable is recorded so that an error about the value names it (optionSource), not a flag the
    // operator never typed.
    for (const option of spec.options) {
      if (!option.env) continue;
      const key = new Option(option.flags, '').attributeName();
      const fromEnv = ctx.env[option.env];
      const fromFlag = command.getOptionValueSource(key) === 'cli';
      if (fromFlag || fromEnv === undefined || fromEnv === '') continue;
      options[key] = fromEnv;
      markFromEnvironment(options, key, option.env);
    }
    const args = (received.slice(0, -2) as Array<string | string[] | undefined>).flatMap((a) =>
      a === undefined ? [] : Array.isArray(a) ? a : [a],
    );
    // The word typed for the command, its name or an alias (its group's first operand): `kt events tail`
    // means the latest events, where `kt events list --from` means the first (list.run.ts).
    const typed = command.parent?.args[0];
    if (typed !== undefined && (typed === command.name() || command.aliases().includes(typed)))
      markTypedName(options, typed);
    const { run } = await spec.load();
    outcome.result = await run(ctx, args, options);
  });
}

/**
 * An option that takes one value, given twice (`--from 1h --from 7d`), is a usage error (exit 2) rather
 * than commander's silent last-one-wins: in a long command line or a script that appends flags, the
 * value the operator sees first is not the one that runs. Options declared `repeatable` collect their
 * values instead; flags without a value (`--all --all`) mean the same however often they are given and
 * pass. The values are not echoed (one may be a path or a token the user would rather not see in a log).
 */
function refuseRepeats(cmd: Command, option: Option, hint?: string): void {
  let given = false;
  cmd.on(`option:${option.name()}`, () => {
    if (given) {
      const flag = option.long ?? option.short ?? option.name();
      throw new KtError('usage.repeated_option', `${flag} given more than once: it takes one value`, {
        hint: hint ?? `give ${flag} once`,
      });
    }
    given = true;
  });
}

function toOption(spec: OptionSpec): Option {
  const option = new Option(spec.flags, spec.description);
  if (spec.choices) {
    option.choices(spec.choices);
    // A near miss (`--template zero-trus`) gets a did-you-mean, worded as commander words one for an
    // unknown option (main.ts turns both into "(did you mean X?)").
    const choose = option.parseArg!.bind(option);
    const choices = spec.choices;
    option.argParser((value: string, previous: unknown) => {
      try {
        return choose(value, previous);
      } catch (error) {
        if (!(error instanceof InvalidArgumentError)) throw error;
        const guess = didYouMean(value, choices);
        throw guess === undefined ? error : new InvalidArgumentError(`${error.message}\n(Did you mean ${guess}?)`);
      }
    });
  }
  if (spec.env) option.description = `${spec.description} (env: ${spec.env})`;
  if (spec.hidden) option.hideHelp();
  if (spec.repeatable) {
    option.argParser((value: string, previous: unknown) => [
      ...(Array.isArray(previous) ? (previous as string[]) : []),
      value,
    ]);
  }
  if (spec.default !== undefined) option.default(spec.default);
  return option;
}

export { CommanderError };
