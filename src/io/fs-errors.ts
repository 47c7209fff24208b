/**
 * File-system errors in words: the one wording of an errno code for every message kt prints (a file it
 * cannot write or read, a directory it cannot create, a stdout on a full disk), so the same failure
 * reads the same whichever command meets it.
 */

/**
 * The codes kt words itself. Each reads true for a read as for a write (ENOENT under /proc has a
 * parent directory, so it is not "the directory does not exist"). Other codes get Node's text.
 */
export const fsErrorWords: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'the file name is too long',
};

/** `words (CODE)` for an errno code, e.g. `no space left on the device (ENOSPC)`. */
export function describeErrno(code: string, nodeText?: string): string {
  const words = fsErrorWords[code] ?? nodeText;
  return words === undefined || words === code ? code : `${words} (${code})`;
}

/**
 * A short, human reason for a failed file-system call, without the path (messages name the file as
 * the user gave it): the words above, else Node's text, then the errno code.
 */
export function describeFsError(error: unknown): string {
  const err = error as NodeJS.ErrnoException;
  if (typeof err.code !== 'string') return err.message;
  // Node's messages read `EACCES: permission denied, mkdir '/x'`.
  const nodeText = err.message.startsWith(`${err.code}: `)
    ? err.message.slice(err.code.length + 2).split(', ', 1)[0]
    : undefined;
  return describeErrno(err.code, nodeText);
}
