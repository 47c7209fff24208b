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

/**
 * A file kt will not read to the end (src/io/bounded-read.ts): larger than the cap of what it is
 * (`EFBIG`, `/dev/zero` included), a named pipe no program writes to (`KT_NO_WRITER`), or not a regular
 * file where only one will do (`KT_NOT_REGULAR`, readRegularFileSync). The message is
 * the reason in words, without the path, as describeFsError gives it.
 */
export class FileReadRefused extends Error {
  constructor(
    readonly code: 'EFBIG' | 'KT_NO_WRITER' | 'KT_NOT_REGULAR',
    message: string,
  ) {
    super(message);
    this.name = 'FileReadRefused';
  }
}

/** What a file that is not a regular one is, for messages: `a named pipe (FIFO)`, `a character device`. */
export function specialFileKind(info: {
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
  isDirectory(): boolean;
}): string {
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  if (info.isDirectory()) return 'a directory';
  return 'not a regular file';
}

/**
 * An `--output` that exists and is a device, a pipe or a socket (`/dev/null`, `/dev/stdout`, a FIFO):
 * kt writes outputs to a temp file renamed into place, which would put a regular file where the device
 * was (as root, in /dev). Refused, naming the file as typed; stdout (`--output -`) is the way to it.
 */
export function notARegularOutput(kind: string): { message: string; hint: string } {
  return {
    message: `is ${kind}, not a regular file; --output is written to a temp file renamed into place, which would replace it`,
    hint: 'write to stdout with --output - and redirect it there',
  };
}

/**
 * An output path typed with a trailing "/" (`--output reports/`) names a directory, as `cp f reports/`
 * reads it. Path resolution drops the slash, so without this a file named `reports` was written where the
 * directory was meant (or over a file of that name, with --force). The message and hint of the refusal,
 * or undefined for a path that does not end so. A directory that exists is refused by each command already.
 */
export function directoryPathOutput(typed: string, example: string): { message: string; hint: string } | undefined {
  const slash = typed.endsWith('/') || (process.platform === 'win32' && typed.endsWith('\\'));
  if (!slash) return undefined;
  return {
    message: 'ends with "/", so it names a directory, not the file to write',
    hint: `name the file, e.g. ${typed.replace(/[/\\]+$/, '')}/${example}`,
  };
}

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
  if (error instanceof FileReadRefused) return error.message;
  const err = error as NodeJS.ErrnoException;
  if (typeof err.code !== 'string') return err.message;
  // Node's messages read `EACCES: permission denied, mkdir '/x'`.
  const nodeText = err.message.startsWith(`${err.code}: `)
    ? err.message.slice(err.code.length + 2).split(', ', 1)[0]
    : undefined;
  return describeErrno(err.code, nodeText);
}

/**
 * The codes of a server socket that cannot listen (`kt gateway run --listen HOST:PORT`), one wording
 * each; they say what is wrong with the address, where the file-system words above would mislead
 * (EACCES on a port is not a file's permission). Other codes get Node's text.
 */
export const listenErrorWords: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the address is already in use',
  EACCES: 'permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)',
  EADDRNOTAVAIL: 'no network interface of this machine has this address',
  EAFNOSUPPORT: 'the address family is not supported on this machine',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved (temporary DNS failure)',
};

/**
 * The codes of an outgoing connection that failed (a provider target the gateway calls), one wording each,
 * so `/health`, the 502 answer and `kt health --verbose` say `the host name does not resolve (ENOTFOUND)`
 * rather than the bare code. No host or address: the gateway's answers never name its upstreams.
 */
export const connectErrorWords: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed while sending',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved (temporary DNS failure)',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'the network is unreachable',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection closed before the answer ended',
  UND_ERR_CLOSED: 'the connection was closed',
};

/** `words (CODE)` for a failed outgoing connection; an unknown code as it is. */
export function describeConnectError(code: string): string {
  const words = connectErrorWords[code];
  return words === undefined ? code : `${words} (${code})`;
}

/**
 * A short, human reason why a server could not listen, without the address (the message names
 * HOST:PORT as the user gave it): `the address is already in use (EADDRINUSE)`.
 */
export function describeListenError(error: unknown): string {
  const err = error as NodeJS.ErrnoException;
  if (typeof err.code !== 'string') return err.message;
  const words = listenErrorWords[err.code];
  if (words !== undefined) return `${words} (${err.code})`;
  // Node's messages read `listen EINVAL: invalid argument 1.2.3.4:80` or `getaddrinfo ENOTFOUND host`.
  const nodeText = /^\w+ [A-Z_0-9]+: ([^,]+?)(?: \S+:\d+)?$/.exec(err.message)?.[1];
  return describeErrno(err.code, nodeText);
}

/**
 * The hint for a file kt could not create or write (`kt events export --output`), from the errno of the
 * failure: what to check depends on why. `directoryExists` tells ENOENT apart: a path under /proc or
 * /sys has its directory (the kernel just makes no new file there), so "check that the directory exists"
 * would send the user looking for a problem that is not there.
 */
export function cannotWriteHint(code: string | undefined, directoryExists: boolean): string {
  switch (code) {
    case 'ENOENT':
      return directoryExists
        ? 'the directory exists but no file can be created in it (as under /proc or /sys); write to another directory'
        : 'check that the directory exists';
    case 'ENOTDIR':
      return 'check that each part of the path before the file name is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'you may not create files in that directory: check its permissions, or write to another directory';
    case 'EROFS':
      return 'the file system is mounted read-only: write to another one';
    case 'ENOSPC':
    case 'EFBIG':
    case 'EDQUOT':
      return 'check that the disk has room';
    case 'ENAMETOOLONG':
      return 'use a shorter path';
    default:
      return 'check that the directory exists, is writable and has room';
  }
}
