/**
 * Reading a secret value (config variable, API token) without it ever touching argv, logs or the
 * terminal echo: a hidden prompt on a terminal, stdin, `--from-file` or `--from-env`. `--value` is
 * accepted only with `--force` and prints a warning, because argv is visible to other local users
 * (ps, /proc) and lands in shell history.
 */
import { readFileBounded } from '../io/bounded-read.js';
import { FileReadRefused } from '../io/fs-errors.js';
import { resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { CommandContext } from './context.js';
import type { CommandOptions } from './command.js';
import { KtError } from '../errors.js';
import { fileReadError } from './errors.js';
import { redact } from '../api/redact.js';

const MAX_SECRET_BYTES = 64 * 1024;

// A leading byte-order mark (Notepad's "UTF-8 with BOM") is dropped: an invisible U+FEFF before a key is
// never part of it, and the provider would refuse the key.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The value's bytes as text. Bytes that are not UTF-8 (a binary key, a UTF-16 file from PowerShell) are
 * refused: decoding them leniently stored U+FFFD in their place, a value other than the one given.
 * The message says where they came from, never which bytes.
 */
function decodeValue(bytes: Buffer, what: string, file?: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new KtError('input.encoding', `${what} is not UTF-8 text`, {
      ...(file === undefined ? {} : { file }),
      hint: 'save it as UTF-8; a binary secret must be encoded as text first (e.g. base64)',
    });
  }
}

/** Drops one trailing newline (what `echo`, editors and heredocs add), nothing else. */
export function stripOneNewline(text: string): string {
  return text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text;
}

/** Reads all of stdin (capped) as UTF-8 (refused when it is not). */
export async function readAllStdin(ctx: CommandContext, what: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_SECRET_BYTES)
      throw new KtError('input.too_large', `${what} on stdin is larger than ${MAX_SECRET_BYTES} bytes`);
    chunks.push(buf);
  }
  return decodeValue(Buffer.concat(chunks), `${what} on stdin`);
}

/**
 * Reads a file of at most MAX_SECRET_BYTES as UTF-8 (refused when it is not), counting the bytes actually read: a device or a
 * pipe (`/dev/zero`, `/dev/stdin`, a FIFO) stats as 0 bytes however much it gives.
 */
async function readFileCapped(path: string, shown: string, what: string): Promise<string> {
  try {
    // Non-blocking: a FIFO no program writes to is refused after a while (io/bounded-read.ts), while
    // `--from-file <(pass show key)` reads as it should.
    return decodeValue(await readFileBounded(path, MAX_SECRET_BYTES), what, shown);
  } catch (error) {
    if (error instanceof FileReadRefused && error.code === 'EFBIG')
      throw new KtError('input.too_large', `${what} is larger than ${MAX_SECRET_BYTES} bytes`, { file: shown });
    throw error;
  }
}

interface RawTty {
  isTTY?: boolean;
  setRawMode?: (on: boolean) => void;
  on(event: 'data', cb: (chunk: Buffer | string) => void): void;
  removeListener(event: 'data', cb: (chunk: Buffer | string) => void): void;
  resume?: () => void;
  pause?: () => void;
}

/**
 * Where the escape sequence starting at `chars[i]` (ESC) ends: arrow, Home and function keys send
 * `ESC [ ... final` or `ESC O x`, Alt+key `ESC x`. Skipped whole: their printable tail (`[D` for Left)
 * was added to the value.
 */
function escapeEnd(chars: readonly string[], i: number): number {
  const next = chars[i + 1];
  if (next === 'O') return i + 2;
  if (next !== '[') return i + 1;
  let j = i + 2;
  while (j < chars.length && !(chars[j]! >= '@' && chars[j]! <= '~')) j++;
  return j;
}

/** Prompts on stderr and reads a line from the terminal with echo off. Ctrl-C aborts (exit 130). */
export function promptHidden(ctx: CommandContext, prompt: string): Promise<string> {
  const tty = ctx.stdin as unknown as RawTty;
  // A character split across two reads is joined, not turned into U+FFFD.
  const decoder = new StringDecoder('utf8');
  ctx.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (error?: Error) => {
      tty.removeListener('data', onData);
      tty.setRawMode?.(false);
      tty.pause?.();
      ctx.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      const chars = Array.from(typeof chunk === 'string' ? chunk : decoder.write(chunk));
      for (let i = 0; i < chars.length; i++) {
        const ch = chars[i]!;
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          // A pasted PEM key or JSON credential arrives in one read, line ends included: its first line
          // alone is not the value, and nothing tells the user the rest was dropped.
          if (chars.slice(i + 1).some((c) => c !== '\r' && c !== '\n'))
            return done(
              new KtError('input.multiline_value', 'the pasted value has more than one line; the prompt reads one', {
                hint: 'give a value of several lines with --from-file, or pipe it to stdin',
              }),
            );
          return done();
        }
        if (ch === '\u0003') return done(new KtError('interrupted', 'interrupted'));
        if (ch === '\u001b') i = escapeEnd(chars, i);
        else if (ch === '\u007f' || ch === '\b') value = Array.from(value).slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    tty.setRawMode?.(true);
    tty.on('data', onData);
    tty.resume?.();
  });
}

export interface SecretSourceOptions {
  /** Words for messages, e.g. "the value of OPENAI_API_KEY". */
  what: string;
  /** Prompt shown on a terminal. */
  prompt: string;
  /** Option names for this command (config-vars uses --stdin, auth login --token-stdin). */
  stdinFlag: string;
}

/** Reads the secret from exactly one source; see the module comment. Never echoes the value. */
export async function readSecret(
  ctx: CommandContext,
  options: CommandOptions,
  src: SecretSourceOptions,
): Promise<string> {
  const stdinKey = src.stdinFlag === '--token-stdin' ? 'tokenStdin' : 'stdin';
  // `--from-file -` is stdin, as `-` is for files everywhere else (a file named `-` is `./-`).
  if (options.fromFile === '-') options = { ...options, fromFile: undefined, [stdinKey]: true };
  const given = [
    options.value !== undefined ? '--value' : undefined,
    typeof options.fromFile === 'string' ? '--from-file' : undefined,
    typeof options.fromEnv === 'string' ? '--from-env' : undefined,
    options[stdinKey] === true ? src.stdinFlag : undefined,
  ].filter((x): x is string => x !== undefined);
  if (given.length > 1)
    throw new KtError('usage.conflicting_sources', `give one source for ${src.what}, not ${given.join(' and ')}`);

  let value: string;
  // Where an empty value came from, for its error: the file (named as given), the variable, stdin.
  let emptyError = () => new KtError('input.empty_value', `${src.what} is empty`);
  if (options.value !== undefined) {
    if (options.force !== true) {
      throw new KtError(
        'usage.secret_on_argv',
        `--value puts ${src.what} on the command line, where other users and shell history can read it`,
        {
          hint: `pipe it with ${src.stdinFlag}, use --from-file or --from-env, or run interactively; --force accepts --value anyway`,
        },
      );
    }
    ctx.warn(`--value --force: ${src.what} was visible in the process arguments; consider clearing your shell history`);
    value = String(options.value);
  } else if (typeof options.fromFile === 'string') {
    const path = options.fromFile;
    emptyError = () => new KtError('input.empty_value', `${src.what} is empty`, { file: path });
    try {
      value = stripOneNewline(await readFileCapped(resolve(ctx.cwd, path), path, src.what));
    } catch (error) {
      if (error instanceof KtError) throw error;
      // A value given where its file belongs (`--from-file "$KEY"`) is not echoed: a path shaped like a
      // token or provider key is named as [REDACTED].
      throw fileReadError(error, src.what, redact(path));
    }
  } else if (typeof options.fromEnv === 'string') {
    const v = ctx.env[options.fromEnv];
    if (v === undefined) {
      // `--from-env "$KEY"` (the value where its variable's name belongs) must not print the value: a
      // string that is no variable name is not repeated.
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.fromEnv))
        throw new KtError(
          'usage.invalid_env_name',
          `--from-env takes the name of an environment variable, and what was given is not one (not repeated here: it may be ${src.what} itself)`,
          { hint: `name the variable that holds ${src.what}: --from-env MY_KEY reads $MY_KEY` },
        );
      throw new KtError('input.missing_env', `environment variable ${options.fromEnv} is not set`);
    }
    const name = options.fromEnv;
    emptyError = () =>
      new KtError('input.empty_value', `${src.what} is empty: environment variable ${name} is set to ''`);
    value = v;
  } else if (ctx.stdin.isTTY !== true) {
    value = stripOneNewline(await readAllStdin(ctx, src.what));
    emptyError = () => new KtError('input.empty_value', `${src.what} on stdin is empty`);
    // Without the flag, stdin was read only because it is not a terminal (CI, `< /dev/null`, cron): say
    // so, rather than report an empty value the operator never typed.
    if (value === '' && options[stdinKey] !== true)
      throw new KtError(
        'input.empty_value',
        `no ${src.what.replace(/^the /, '')}: stdin is not a terminal and gave nothing`,
        {
          hint: `pipe it in (${src.stdinFlag}), or use --from-file or --from-env; there is no prompt without a terminal`,
        },
      );
  } else {
    // A terminal, even with --stdin: read as is, the terminal would echo the value as it is typed.
    value = await promptHidden(ctx, src.prompt);
  }
  if (value === '') throw emptyError();
  return value;
}
