// The CLI uses the shared error type; the exit status of an error comes from its code (exit-codes.ts).
import { KtError, isKtError } from '../errors.js';
import { describeFsError } from '../io/fs-errors.js';
import { stripControls } from '../io/terminal-text.js';

export { joinHints, KtError, isKtError, type KtErrorDetails } from '../errors.js';

/**
 * Runs `fn`, turning a 404 (`api.not_found`) into `input.not_found` with `message`: a name or id the
 * user gave that does not exist is their input error (exit 3), not a server fault.
 */
export async function notFoundAs<T>(message: string, hint: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isKtError(error) && error.code === 'api.not_found')
      throw new KtError('input.not_found', message, { hint, data: error.details.data ?? {} });
    throw error;
  }
}

/**
 * An error as the CLI prints it on stderr: `kt: error[CODE]: FILE:LINE:COL: message`, then its hint.
 * One line each: a message may quote a document or a file name (a pack's unknown kind, a key), whose
 * control characters (a line break, an ESC sequence) become spaces.
 */
export function errorText(error: KtError, color: boolean): string {
  const label = color ? '\u001b[31merror\u001b[0m' : 'error';
  const hint = error.details.hint ? `  hint: ${stripControls(error.details.hint)}\n` : '';
  return `kt: ${label}[${error.code}]: ${stripControls(error.located)}\n${hint}`;
}

/**
 * Standard output could not be written (`> file` on a full disk, a terminal that went away): as for a
 * file kt cannot write (exit 3), but named stdout, never `-`, which is only how `--output` asks for it.
 */
export function stdoutWriteError(error: unknown): KtError {
  return new KtError('input.cannot_write', `cannot write to stdout: ${describeFsError(error)}`, { cause: error });
}

/** Failed stdout writes a command reports itself; see claimStdoutError. */
const claimedStdoutErrors = new WeakSet<object>();

/**
 * Makes a failed stdout write, taken from the write's callback, the command's to report: Node emits it
 * as an 'error' event on process.stdout too, and bin/kt.js would answer that with the bare
 * "cannot write to stdout" and exit before the command could add what it knows (how many rows of an
 * export got out). The command must then throw: reportStdoutError leaves a claimed error alone.
 */
export function claimStdoutError(error: unknown): void {
  if (typeof error === 'object' && error !== null) claimedStdoutErrors.add(error);
}

export function isClaimedStdoutError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && claimedStdoutErrors.has(error);
}

/** Errors that ended a command after it had written data to stdout; see reportAfterData. */
const afterDataErrors = new WeakSet<object>();

/**
 * Marks an error that ended a command part way through the data it streams to stdout (`kt events list`
 * after its first page): the shell then reports it on stderr as one line even with --format json, never
 * as a JSON error document appended to (and read as part of) the half-written data. Returns the error.
 */
export function reportAfterData<E>(error: E): E {
  if (typeof error === 'object' && error !== null) afterDataErrors.add(error);
  return error;
}

export function isAfterDataError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && afterDataErrors.has(error);
}

/**
 * A file the user named that could not be read: `input.not_found` when it does not exist (the code
 * `kt policy lint` and `kt policy eval` give), else `input.unreadable` with the system's error in words.
 */
export function fileReadError(error: unknown, what: string, file: string): KtError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new KtError('input.not_found', `cannot read ${what}: no such file`, { file });
  return new KtError('input.unreadable', `cannot read ${what}: ${describeFsError(error)}`, { file });
}
