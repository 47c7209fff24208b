/**
 * `kt completion bash|zsh|fish`: prints a completion script generated from the command registry, so
 * new commands and options complete without touching this file. Completes command words (also after
 * `help`: `kt help pol<TAB>` as `kt pol<TAB>`, and `kt help <TAB>` adds the help topics), options, the
 * values of options and positional arguments with fixed choices (`--format`, `kt completion <TAB>`),
 * and file names where a value is a file: its placeholder says so (`<file>`, `<path>`, `[files...]`;
 * `<dir>` completes directories). Any other value (`[name]`, `<id>`, `--from <time>`) completes nothing
 * rather than file names that cannot be meant, and nothing follows a complete argument list
 * (`kt completion bash <TAB>`). `--opt=value` completes like `--opt value`. An option may suggest values
 * it does not restrict itself to (`completions`): `kt events list --filter <TAB>` offers the filter keys
 * (`policy:`, no space after the colon),
 * then the verdicts after `verdict:`.
 *
 * zsh uses the bash script through zsh's `bashcompinit` (one implementation, the same behaviour).
 */
import type { CommandRun, CommandSpec, OptionSpec } from '../command.js';
import { commandSpecs, groupSpecs } from './index.js';
import { KtError } from '../errors.js';
import { globalOptions as ktOptions } from '../global-options.js';

/** `kt help TOPIC` pages that are not commands (main.ts prints them). */
const helpTopics = ['environment', 'exit-codes'];
const helpSummary = 'Show help for a command, or a topic: environment, exit-codes';

const globalOptions: OptionSpec[] = [...ktOptions, { flags: '-h, --help', description: 'show help' }];

/** What a value completes to, by its placeholder: file names, directories, or nothing. */
type ValueKind = 'file' | 'dir' | 'none';

function valueKind(placeholder: string): ValueKind {
  const name = placeholder.replace(/\.\.\.$/, '');
  return /^(files?|paths?)$/.test(name) ? 'file' : /^dirs?$/.test(name) ? 'dir' : 'none';
}

interface Flag {
  names: string[];
  takesValue: boolean;
  choices: readonly string[];
  /** Suggested values of a value without choices (OptionSpec.completions). */
  completions: readonly string[];
  /** Of a value without choices. */
  kind: ValueKind;
  description: string;
}

function flagOf(option: OptionSpec): Flag {
  const names = option.flags.split(/[ ,|]+/).filter((w) => w.startsWith('-'));
  const placeholder = /<([^>]+)>|\[([^\]]+)\]/.exec(option.flags);
  const kind = placeholder === null ? 'none' : valueKind(placeholder[1] ?? placeholder[2]!);
  return {
    names,
    takesValue: placeholder !== null,
    choices: option.choices ?? [],
    completions: option.completions ?? [],
    kind,
    description: option.description,
  };
}

/**
 * A command's positional arguments from commander's syntax (`<shell>`, `[name]`, `[files...]`): how many
 * it takes (Infinity when the last is variadic) and what they complete to. Every command has one kind of
 * argument today; a spec that mixes kinds is refused here, so the generated scripts cannot guess.
 */
function argsOf(spec: CommandSpec): { max: number; kind: ValueKind } {
  const args = (spec.args ?? '').match(/<[^>]+>|\[[^\]]+\]/g) ?? [];
  const kinds = new Set(args.map((a) => valueKind(a.slice(1, -1))));
  if (kinds.size > 1)
    throw new KtError(
      'internal.completion_args',
      `kt ${spec.path}: arguments of different kinds (${[...kinds].join(', ')}) cannot be completed`,
    );
  return {
    max: args.some((a) => a.endsWith('...>') || a.endsWith('...]')) ? Infinity : args.length,
    kind: [...kinds][0] ?? 'none',
  };
}

interface Node {
  /** Full path words (`policy lint`); '' for the root. */
  path: string;
  summary: string;
  children: Array<{ word: string; summary: string }>;
  flags: Flag[];
  /** Positional arguments a command takes (0 for a group; Infinity: variadic), their fixed values if any, else their kind. */
  maxArgs: number;
  argChoices: readonly string[];
  argKind: ValueKind;
}

/** The tree of command words: groups list their children; commands list their flags. */
function commandTree(): Node[] {
  const nodes = new Map<string, Node>();
  const ensure = (path: string, summary = ''): Node => {
    let node = nodes.get(path);
    if (node === undefined) {
      node = {
        path,
        summary,
        children: [],
        flags: [...globalOptions.map(flagOf)],
        maxArgs: 0,
        argChoices: [],
        argKind: 'none',
      };
      nodes.set(path, node);
    }
    if (summary !== '' && node.summary === '') node.summary = summary;
    return node;
  };
  const link = (parent: string, word: string, summary: string) => {
    const node = ensure(parent);
    if (!node.children.some((c) => c.word === word)) node.children.push({ word, summary });
  };
  // `kt --version`: an option of kt itself (program.ts), listed by `kt --help` only.
  ensure('', 'kt').flags.push(flagOf({ flags: '-V, --version', description: 'print the version' }));
  const addCommand = (words: string[], spec: CommandSpec) => {
    for (let i = 0; i < words.length; i++) {
      const parent = words.slice(0, i).join(' ');
      const path = words.slice(0, i + 1).join(' ');
      const group = groupSpecs.find((g) => g.path === path);
      const summary = i === words.length - 1 ? spec.summary : (group?.summary ?? '');
      link(parent, words[i]!, summary);
      ensure(path, summary);
    }
    const node = ensure(words.join(' '));
    node.flags.push(...spec.options.filter((o) => !o.hidden).map(flagOf));
    const args = argsOf(spec);
    node.maxArgs = args.max;
    node.argKind = args.kind;
    node.argChoices = spec.argChoices ?? [];
  };
  for (const spec of commandSpecs) {
    const words = spec.path.split(' ');
    addCommand(words, spec);
    for (const alias of spec.aliases ?? []) {
      const aliasWords = alias.split(' ');
      addCommand(
        aliasWords.length === 1 && words.length > 1
          ? aliasWords
          : [...words.slice(0, -1), aliasWords[aliasWords.length - 1]!],
        spec,
      );
    }
  }
  // Group aliases (`config-var` for `config-vars`) complete like the group.
  for (const group of groupSpecs) {
    for (const alias of group.aliases ?? []) {
      for (const [path, node] of [...nodes]) {
        if (path !== group.path && !path.startsWith(`${group.path} `)) continue;
        const aliased = alias + path.slice(group.path.length);
        const copy = ensure(aliased, node.summary);
        copy.children = [...node.children];
        copy.flags = [...node.flags];
        copy.maxArgs = node.maxArgs;
        copy.argChoices = node.argChoices;
        copy.argKind = node.argKind;
      }
    }
  }
  return [...nodes.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * The options that take a value, of any command: what may stand before the command's words with its
 * value (`kt --profile prod events list`, read as `kt events list --profile prod`: hoistLeadingOptions),
 * so the value is skipped, not read as a command word. No flag takes a value in one command and not in
 * another, so one list serves every position.
 */
const valuedAnywhere = (tree: readonly Node[]): string[] => [
  ...new Set(tree.flatMap((n) => n.flags.filter((f) => f.takesValue).flatMap((f) => f.names))),
];

const shellWord = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/**
 * An associative-array key, written unquoted: zsh keeps quotes in a subscript as part of the key
 * (`_kt_sub['kt']` is the key `'kt'`, which no lookup finds), bash and zsh read a bare word alike.
 * Keys start with `kt` (bash refuses an empty key for the root): `kt:policy:lint`, and for an option
 * `kt:policy:lint/--format`. Only characters that are literal in a subscript of both shells.
 */
const key = (path: string, option?: string): string => {
  const k = `${path === '' ? 'kt' : `kt:${path.replace(/ /g, ':')}`}${option === undefined ? '' : `/${option}`}`;
  if (!/^[\w:/-]+$/.test(k))
    throw new KtError(
      'internal.completion_key',
      `cannot complete "${k}": a command word or option with characters a shell reads in a subscript`,
    );
  return k;
};

/**
 * The associative arrays of the bash script, declared by `declare -gA` (bash) or `typeset -gA` (zsh):
 * global, because the script may be sourced inside a function (bash-completion's loader sources a file of
 * completions/ in one, zsh's compinit runs a file of $fpath as one), where a plain `-A` makes locals.
 */
const bashTables = '_kt_sub _kt_opts _kt_valued _kt_choices _kt_values _kt_args _kt_nargs _kt_kind';

function bashScript(): string {
  const tree = commandTree();
  const lines: string[] = [
    '# bash completion for kt (generated by `kt completion bash`)',
    '# Load it with: source <(kt completion bash)   or save it to ~/.local/share/bash-completion/completions/kt',
    `declare -gA ${bashTables} 2>/dev/null`,
  ];
  for (const node of tree) {
    const k = key(node.path);
    lines.push(`_kt_sub[${k}]=${shellWord(node.children.map((c) => c.word).join(' '))}`);
    lines.push(`_kt_opts[${k}]=${shellWord(node.flags.flatMap((f) => f.names).join(' '))}`);
    // At the top, options before the command (valuedAnywhere): `kt --profile prod <TAB>` offered nothing
    // (prod was taken for a command word) and `kt --profile <TAB>` offered the commands.
    const valued =
      node.path === '' ? valuedAnywhere(tree) : node.flags.filter((f) => f.takesValue).flatMap((f) => f.names);
    lines.push(`_kt_valued[${k}]=${shellWord(` ${valued.join(' ')} `)}`);
    for (const flag of node.flags) {
      for (const name of flag.names) {
        if (flag.choices.length > 0)
          lines.push(`_kt_choices[${key(node.path, name)}]=${shellWord(flag.choices.join(' '))}`);
        else if (flag.completions.length > 0)
          lines.push(`_kt_values[${key(node.path, name)}]=${shellWord(flag.completions.join(' '))}`);
        else if (flag.takesValue && flag.kind !== 'none') lines.push(`_kt_kind[${key(node.path, name)}]=${flag.kind}`);
      }
    }
    // Positional arguments: how many (unset: any number, or a group), their fixed values (`kt completion
    // <TAB>`), else file names or directories when they are files; anything else completes nothing.
    if (node.children.length === 0 && node.maxArgs !== Infinity) lines.push(`_kt_nargs[${k}]=${node.maxArgs}`);
    if (node.argChoices.length > 0) lines.push(`_kt_args[${k}]=${shellWord(node.argChoices.join(' '))}`);
    else if (node.argKind !== 'none') lines.push(`_kt_kind[${k}]=${node.argKind}`);
  }
  lines.push(
    '# Offer only what COMPREPLY holds: no fallback to file names (bash; zsh has no compopt).',
    '_kt_only() { [[ -n ${ZSH_VERSION-} ]] || compopt +o default 2>/dev/null; return 0; }',
    '_kt() {',
    '  # zsh via bashcompinit: 0-based arrays and unquoted expansions split into words, as in bash.',
    '  [[ -n ${ZSH_VERSION-} ]] && setopt localoptions ksharrays shwordsplit',
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" path=kt i w next skip=0 helping=0 stuck=0 nargs=0 opt="" prefix="" words="" keep="" c=$COMP_CWORD',
    '  # bash splits a word at ":" too (`--filter verdict:bl` is `verdict` `:` `bl`): rejoin the word being',
    '  # completed; bash replaces only its part after the last ":", so replies leave out `keep`, the rest.',
    '  while ((c > 1)) && [[ ${COMP_WORDS[c]} == ":" || ${COMP_WORDS[c-1]} == ":" ]]; do c=$((c - 1)); done',
    '  if ((c < COMP_CWORD)); then',
    '    cur=""; for ((i = c; i <= COMP_CWORD; i++)); do cur="$cur${COMP_WORDS[i]}"; done',
    '    keep="${cur%:*}:"; prev="${COMP_WORDS[c-1]}"',
    '  fi',
    '  for ((i = 1; i < c; i++)); do',
    '    w="${COMP_WORDS[i]}"',
    '    # bash splits `--opt=value` at "=" (COMP_WORDBREAKS): the value follows the "=" word; and so on',
    '    # after a ":" within a value (`--filter verdict : block`).',
    '    if [[ $w == "=" || $w == ":" ]]; then skip=1; continue; fi',
    '    if ((skip)); then skip=0; continue; fi',
    '    if [[ $w == -* ]]; then',
    '      [[ $w != *=* && ${_kt_valued[$path]} == *" $w "* ]] && skip=1',
    '      continue',
    '    fi',
    '    # `kt help policy lint` and `kt policy help lint` name commands, like `kt policy lint`.',
    '    if [[ $w == help && $helping == 0 && -n ${_kt_sub[$path]} ]]; then helping=1; continue; fi',
    '    # Below a command (no sub-commands), a word is one of its arguments.',
    '    if [[ -z ${_kt_sub[$path]} ]]; then nargs=$((nargs + 1)); continue; fi',
    '    next="$path:$w"',
    '    if [[ -n ${_kt_opts[$next]+set} ]]; then path=$next; else stuck=1; break; fi',
    '  done',
    '  # The value of an option: `--opt <TAB>`, and `--opt=<TAB>` as bash splits it or as one word (zsh).',
    '  if [[ $cur == "=" && $prev == -* ]]; then opt=$prev; cur=""',
    '  elif [[ $prev == "=" && ${COMP_WORDS[c-2]} == -* ]]; then opt="${COMP_WORDS[c-2]}"',
    '  elif [[ $cur == -*=* ]]; then opt="${cur%%=*}"; prefix="$opt="; cur="${cur#*=}"',
    '  elif [[ $prev == -* ]]; then opt=$prev',
    '  fi',
    '  if [[ -n $opt && ${_kt_valued[$path]} == *" $opt "* ]]; then',
    '    if [[ -n ${_kt_choices[$path/$opt]+set} ]]; then',
    '      for w in ${_kt_choices[$path/$opt]}; do words="$words $prefix$w"; done',
    '      COMPREPLY=($(compgen -W "$words" -- "$prefix$cur"))',
    '      _kt_only',
    '    elif [[ -n ${_kt_values[$path/$opt]+set} ]]; then',
    '      # Suggested values, not the only ones: `key:` while no ":" is typed, then the values of that key.',
    '      COMPREPLY=()',
    '      for w in ${_kt_values[$path/$opt]}; do',
    '        [[ $w == "$cur" || $w != "$cur"* ]] && continue',
    '        [[ $cur != *:* && $w == *:?* ]] && continue',
    '        COMPREPLY+=("$prefix${w#"$keep"}")',
    '      done',
    '      # `policy:` is the start of a value: no space after it (bash; zsh: see zshScript).',
    '      if [[ ${#COMPREPLY[@]} == 1 && ${COMPREPLY[0]} == *: && -z ${ZSH_VERSION-} ]]; then compopt -o nospace 2>/dev/null; fi',
    '      _kt_only',
    '    else',
    '      # A file (or directory) by its placeholder; any other value (a name, a time) offers nothing.',
    '      COMPREPLY=()',
    '      case ${_kt_kind[$path/$opt]-} in',
    '        file) for w in $(compgen -f -- "$cur"); do COMPREPLY+=("$prefix$w"); done ;;',
    '        dir) for w in $(compgen -d -- "$cur"); do COMPREPLY+=("$prefix$w"); done; _kt_only ;;',
    '        *) _kt_only ;;',
    '      esac',
    '    fi',
    '    return 0',
    '  fi',
    '  if ((helping)); then',
    '    if ((!stuck)); then',
    '      words="${_kt_sub[$path]}"',
    `      [[ $path == kt ]] && words="$words ${helpTopics.join(' ')}"`,
    '      COMPREPLY=($(compgen -W "$words" -- "$cur"))',
    '    fi',
    '    _kt_only',
    '    return 0',
    '  fi',
    '  if [[ $cur == -* ]]; then',
    '    COMPREPLY=($(compgen -W "${_kt_opts[$path]}" -- "$cur"))',
    '    _kt_only',
    '  elif ((stuck)); then',
    '    _kt_only  # a word that names no command: nothing to offer',
    '  elif [[ -n ${_kt_sub[$path]} ]]; then',
    '    words="${_kt_sub[$path]}"',
    '    [[ $path == kt ]] && words="$words help"  # commander\'s own command, not in the registry: top level only',
    '    COMPREPLY=($(compgen -W "$words" -- "$cur"))',
    '    _kt_only',
    '  elif [[ -n ${_kt_nargs[$path]+set} ]] && ((nargs >= ${_kt_nargs[$path]})); then',
    '    _kt_only  # the argument list is complete',
    '  elif [[ -n ${_kt_args[$path]+set} ]]; then',
    '    COMPREPLY=($(compgen -W "${_kt_args[$path]}" -- "$cur"))',
    '    _kt_only',
    '  elif [[ ${_kt_kind[$path]-} == file ]]; then',
    '    COMPREPLY=($(compgen -f -- "$cur"))',
    '  elif [[ ${_kt_kind[$path]-} == dir ]]; then',
    '    COMPREPLY=($(compgen -d -- "$cur"))',
    '    _kt_only',
    '  else',
    '    _kt_only  # an argument that is not a file (a name, an id): nothing to guess',
    '  fi',
    '  return 0',
    '}',
    '# -o default: where kt offers nothing, readline may complete file names; _kt_only turns that off',
    '# wherever a file name cannot be meant.',
    'complete -o default -F _kt kt',
  );
  return `${lines.join('\n')}\n`;
}

/**
 * The zsh script works sourced and as a file `_kt` in $fpath (what `#compdef kt` offers compinit). There
 * the file is the body of the function `_kt`, run at the first TAB: its tables are global (`-g`, else
 * they were locals of that call, gone at the next TAB), and the first TAB is completed by the function
 * just defined (it completed nothing, and neither did any later TAB).
 */
function zshScript(): string {
  return [
    '#compdef kt',
    '# zsh completion for kt (generated by `kt completion zsh`): the bash completion through bashcompinit.',
    '# Load it with: source <(kt completion zsh)   or save it as _kt in a directory of $fpath',
    // bashcompinit's `complete` registers through compdef, which only compinit defines: a zsh without
    // completion set up (no compinit in ~/.zshrc, as zsh starts by default) printed "command not found:
    // compdef" and completed nothing. Such a zsh gets compinit here, as `source <(kt completion zsh)` says.
    'typeset -f compdef >/dev/null 2>&1 || { autoload -U compinit && compinit; }',
    'autoload -U +X bashcompinit && bashcompinit',
    `typeset -gA ${bashTables}`,
    bashScript()
      .split('\n')
      .filter((l) => !l.startsWith('#') && !l.startsWith('declare -gA'))
      // No `-o default`: zsh has no compopt to turn it off, so an empty reply would always become file
      // names; the function offers file names itself where a value is a file.
      .filter((l) => l !== 'complete -o default -F _kt kt')
      .join('\n'),
    // zsh has no compopt either to leave the space out after `policy:` alone. Its bashcompinit adds no
    // space to any reply under `-o nospace`, and a space to a reply that ends in one: so every reply but
    // the start of a value gets one here.
    '_kt_zsh() {',
    '  _kt "$@"',
    '  local w; local -a replies',
    '  for w in "${COMPREPLY[@]}"; do if [[ $w == *: ]]; then replies+=("$w"); else replies+=("$w "); fi; done',
    '  COMPREPLY=("${replies[@]}")',
    '}',
    'complete -o nospace -F _kt_zsh kt',
    '# Autoloaded from $fpath at a TAB: complete it now.',
    'if [[ ${zsh_eval_context-} == *loadautofunc ]]; then _bash_complete -o nospace -F _kt_zsh; fi',
    '',
  ].join('\n');
}

const fishQuote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Whether fish must count the arguments typed: a command that completes a bounded number of them. */
const countsArgs = (n: Node): boolean =>
  n.maxArgs > 0 && n.maxArgs !== Infinity && (n.argChoices.length > 0 || n.argKind !== 'none');

/** The completion of a value by its kind in fish (`-x`: a value, and no file names). */
const fishValue: Record<ValueKind, string> = {
  file: ' -r -F',
  dir: " -x -a '(__fish_complete_directories)'",
  none: ' -x',
};
/** The same for a positional argument (never `none`: such an argument gets no line). */
const fishArgument: Record<ValueKind, string> = { file: ' -F', dir: " -a '(__fish_complete_directories)'", none: '' };

function fishScript(): string {
  const tree = commandTree();
  const groups = tree.filter((n) => n.children.length > 0);
  const lines: string[] = [
    '# fish completion for kt (generated by `kt completion fish`)',
    '# Load it with: kt completion fish | source   or save it to ~/.config/fish/completions/kt.fish',
    `set -g __kt_paths ${tree
      .filter((n) => n.path !== '')
      .map((n) => fishQuote(n.path))
      .join(' ')}`,
    `set -g __kt_groups ${groups.map((n) => fishQuote(n.path)).join(' ')}`,
    '# The command words typed so far ("policy lint"); after `help`, "help policy lint"; "-" when a word',
    '# after `help` names no command.',
    'function __kt_path',
    '    set -l tokens (commandline -opc)',
    '    set -e tokens[1]',
    '    set -l path',
    '    set -l helping 0',
    '    # The value of an option typed before the command (`kt --profile prod events`) is no command word.',
    "    set -l valued (__kt_valued '')",
    '    set -l skip 0',
    '    for t in $tokens',
    '        if test $skip = 1',
    '            set skip 0',
    '            continue',
    '        end',
    "        if string match -q -- '-*' $t",
    "            if not string match -q -- '*=*' $t; and contains -- $t $valued",
    '                set skip 1',
    '            end',
    '            continue',
    '        end',
    '        set -l here (string join " " $path)',
    '        if test "$t" = help -a $helping = 0; and contains -- "$here" $__kt_groups',
    '            set helping 1',
    '            continue',
    '        end',
    '        set -l cand (string join " " $path $t)',
    '        if contains -- $cand $__kt_paths',
    '            set path $path $t',
    '        else if test $helping = 1',
    "            echo '-'",
    '            return',
    '        else',
    '            break',
    '        end',
    '    end',
    '    if test $helping = 1',
    '        set path help $path',
    '    end',
    '    string join " " $path',
    'end',
    'function __kt_at',
    '    set -l p (__kt_path)',
    '    test "$p" = "$argv[1]"',
    'end',
    '# The options of a command that take a value (their values are not arguments).',
    'function __kt_valued',
    '    switch $argv[1]',
    "        case ''",
    `            printf '%s\\n' ${valuedAnywhere(tree).join(' ')}`,
    ...tree.filter(countsArgs).flatMap((n) => [
      `        case ${fishQuote(n.path)}`,
      `            printf '%s\\n' ${n.flags
        .filter((f) => f.takesValue)
        .flatMap((f) => f.names)
        .join(' ')}`,
    ]),
    '    end',
    'end',
    '# How many arguments follow the command words, the values of its options skipped.',
    'function __kt_nargs',
    '    set -l tokens (commandline -opc)',
    '    set -e tokens[1]',
    '    set -l path',
    '    set -l valued',
    '    set -l n 0',
    '    set -l skip 0',
    '    for t in $tokens',
    '        if test $skip = 1',
    '            set skip 0',
    '            continue',
    '        end',
    "        if string match -q -- '-*' $t",
    "            if not string match -q -- '*=*' $t; and contains -- $t $valued",
    '                set skip 1',
    '            end',
    '            continue',
    '        end',
    '        set -l cand (string join " " $path $t)',
    '        if test $n = 0; and contains -- $cand $__kt_paths',
    '            set path $path $t',
    '            set valued (__kt_valued $cand)',
    '        else',
    '            set n (math $n + 1)',
    '        end',
    '    end',
    '    echo $n',
    'end',
    'complete -c kt -f',
    `complete -c kt -n ${fishQuote(`__kt_at ''`)} -a help -d ${fishQuote(helpSummary)}`,
    `complete -c kt -n ${fishQuote(`__kt_at help`)} -a ${fishQuote(helpTopics.join(' '))} -d 'help topic'`,
  ];
  for (const node of tree) {
    const cond = fishQuote(`__kt_at ${fishQuote(node.path)}`);
    const helpCond = fishQuote(`__kt_at ${fishQuote(node.path === '' ? 'help' : `help ${node.path}`)}`);
    for (const child of node.children) {
      lines.push(`complete -c kt -n ${cond} -a ${fishQuote(child.word)} -d ${fishQuote(child.summary)}`);
      lines.push(`complete -c kt -n ${helpCond} -a ${fishQuote(child.word)} -d ${fishQuote(child.summary)}`);
    }
    for (const flag of node.flags) {
      const parts = flag.names.map((n) => (n.startsWith('--') ? `-l ${n.slice(2)}` : `-s ${n.slice(1)}`)).join(' ');
      const value = !flag.takesValue
        ? ''
        : flag.choices.length > 0 || flag.completions.length > 0
          ? ` -x -a ${fishQuote((flag.choices.length > 0 ? flag.choices : flag.completions).join(' '))}`
          : fishValue[flag.kind];
      lines.push(`complete -c kt -n ${cond} ${parts}${value} -d ${fishQuote(flag.description)}`);
    }
    // Positional arguments while the list is not complete: their fixed values, else file names or
    // directories where they are files (`complete -c kt -f` turned files off); other arguments nothing.
    if (node.maxArgs === 0 || (node.argChoices.length === 0 && node.argKind === 'none')) continue;
    const open = !countsArgs(node)
      ? cond
      : fishQuote(`__kt_at ${fishQuote(node.path)}; and test (__kt_nargs) -lt ${node.maxArgs}`);
    lines.push(
      `complete -c kt -n ${open}${node.argChoices.length > 0 ? ` -a ${fishQuote(node.argChoices.join(' '))}` : fishArgument[node.argKind]}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const generators: Record<string, () => string> = { bash: bashScript, zsh: zshScript, fish: fishScript };

export const run: CommandRun = async (_ctx, args) => {
  const shell = args[0] ?? '';
  const generate = generators[shell];
  if (generate === undefined) {
    throw new KtError('usage.invalid_shell', `unsupported shell '${shell}'`, {
      hint: `kt completion ${Object.keys(generators).join('|')}`,
    });
  }
  const script = generate();
  return { data: { shell, script }, render: () => script };
};
