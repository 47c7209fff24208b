/**
 * Who besides the owner may use a file, in words, for the warnings about secret-holding files (the
 * profile file, the admin token, the config-variable key): "readable by its group and others" says what
 * `chmod 600` takes away, where a fixed "readable by other users" was wrong for a file only the group may
 * write (mode 620).
 */
import { stat } from 'node:fs/promises';
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

/**
 * Refuses (config.state_dir_unsafe, exit 3) a state directory that its group or others may write in, the
 * sticky bit notwithstanding (it keeps files from being replaced, not from being put there), or that
 * another user owns (and so may open up). Such a user could leave an admin-token of their own there
 * before a first start (the gateway took it: they administered it), or a gateway.json naming their server
 * and any file as the token file (kt commands sent them the admin token, config-variable values and that
 * file's contents). `shown` names it as the operator typed it. Nothing when it is not there yet (it is
 * created 0700) or is no directory (that is said where it is used).
 */
export async function refuseSharedStateDir(dir: string, shown: string): Promise<void> {
  let mode: number;
  let uid: number;
  try {
    const st = await stat(dir);
    if (!st.isDirectory()) return;
    ({ mode, uid } = st);
  } catch {
    return;
  }
  const hint = 'use a directory only you can write to (chmod 700 it), and check its admin-token and gateway.json';
  const me = process.getuid?.();
  if (me !== undefined && uid !== me && uid !== 0)
    throw new KtError(
      'config.state_dir_unsafe',
      `is owned by another user (uid ${uid}), who may put an admin token or a gateway.json of their own in it`,
      { file: shown, hint: `${hint}; kt takes a state directory owned by you or root` },
    );
  if ((mode & 0o022) !== 0)
    throw new KtError(
      'config.state_dir_unsafe',
      `is ${othersAccess(mode & 0o022)} (mode ${octalMode(mode)}): another user may put an admin token or a gateway.json of their own in it`,
      { file: shown, hint },
    );
}
