/**
 * Who besides the owner may use a file, in words, for the warnings about secret-holding files (the
 * profile file, the admin token, the config-variable key): "readable by its group and others" says what
 * `chmod 600` takes away, where a fixed "readable by other users" was wrong for a file only the group may
 * write (mode 620).
 */
import { KtError } from '../errors.js';

/** Permission bits as `chmod` takes them: octal, three digits (`044`, not `44`). */
export const octalMode = (mode: number): string => (mode & 0o777).toString(8).padStart(3, '0');

export function othersAccess(mode: number): string {
  const named = (bit: number) =>
    [(mode >> 3) & bit ? 'its group' : undefined, mode & bit ? 'others' : undefined].filter(
      (who): who is string => who !== undefined,
    );
  const readers = named(4);
  const writers = named(2);
  const same = readers.join() === writers.join();
  const parts: string[] = [];
  if (readers.length > 0 && same) parts.push(`readable and writable by ${readers.join(' and ')}`);
  else {
    if (readers.length > 0) parts.push(`readable by ${readers.join(' and ')}`);
    if (writers.length > 0) parts.push(`writable by ${writers.join(' and ')}`);
  }
  return parts.length > 0 ? parts.join(', ') : 'open to other users';
}

/**
 * The refusal of a credential file that group or others may use (the config-variable key, the admin token,
 * a profile file holding a token): like ssh with a private key, kt does not use such a file, rather than
 * warn in a line that scrolls away and carry on. One style for every such file: the file first (the error
 * line names it), who else may use it, what that lets them do; `chmod 600 it` first in the hint. Exit 3.
 */
export function credentialFileOpen(
  code: string,
  file: string,
  mode: number,
  consequence: string,
  hint?: string,
): KtError {
  return new KtError(code, `is ${othersAccess(mode)} (mode ${octalMode(mode)}); ${consequence}`, {
    file,
    hint: hint === undefined ? 'chmod 600 it' : `chmod 600 it; ${hint}`,
  });
}
