/**
 * One wording per errno: a disk-full (or any other file-system) error reads the same whether kt met it
 * writing a file atomically, creating a directory, writing stdout or reading a file the user named.
 * The errors are made as Node makes them (`ENOSPC: no space left on device, open '/x'`), so Node's own
 * text is what a site that does not use the shared words would print.
 */
import { constants } from 'node:os';
import { join } from 'node:path';
import { getSystemErrorMap } from 'node:util';
import * as fsp from 'node:fs/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fileReadError, stdoutWriteError } from '../../../src/cli/errors.js';
import { KtError } from '../../../src/errors.js';
import { writeFileAtomic } from '../../../src/io/atomic-write.js';
import { cannotWriteHint, describeListenError, fsErrorWords, listenErrorWords } from '../../../src/io/fs-errors.js';
import { makeDirs } from '../../../src/io/make-dirs.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fsp>();
  return { ...actual, open: vi.fn(actual.open), mkdir: vi.fn(actual.mkdir), stat: vi.fn(actual.stat) };
});

// A once-value a failed test left unused must not leak into the next one.
afterEach(() => {
  for (const fn of [fsp.open, fsp.mkdir, fsp.stat]) vi.mocked(fn).mockReset();
});

/** A system error as Node raises it for `syscall` on `path`. */
function nodeError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  const errno = (constants.errno as Record<string, number>)[code]!;
  // libuv has no name for some codes (EDQUOT): Node says `unknown error` then.
  const text = getSystemErrorMap().get(-errno)?.[1] ?? 'unknown error';
  return Object.assign(new Error(`${code}: ${text}, ${syscall} '${path}'`), { code, errno: -errno, syscall, path });
}

/** The reason in a KtError message after `prefix`. */
function reason(error: unknown, prefix: string): string {
  expect(error).toBeInstanceOf(KtError);
  const message = (error as KtError).message;
  expect(message.startsWith(prefix), message).toBe(true);
  return message.slice(prefix.length);
}

// The destination errors writeFileAtomic turns into input.cannot_write.
const codes = ['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'EISDIR', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENAMETOOLONG'];

describe('the words of a file-system error', () => {
  it.each(codes)('%s reads the same from writeFileAtomic, makeDirs, stdout and a file read', async (code) => {
    const dir = join('/nonexistent-kt-test', 'd');
    vi.mocked(fsp.open).mockRejectedValueOnce(nodeError(code, 'open', join(dir, '.x.tmp')));
    const written = reason(await writeFileAtomic(join(dir, 'x'), 'data').catch((e: unknown) => e), 'cannot write: ');
    expect(written).toMatch(new RegExp(`^[a-z][a-z -]+ \\(${code}\\)$`));

    expect(reason(stdoutWriteError(nodeError(code, 'write', '')), 'cannot write to stdout: ')).toBe(written);

    // makeDirs and a named file's read word ENOENT in their own way (the parent refuses new entries;
    // input.not_found, "no such file"), so those two are compared for the other codes.
    if (code === 'ENOENT') return;
    vi.mocked(fsp.stat)
      .mockRejectedValueOnce(nodeError('ENOENT', 'stat', dir))
      .mockResolvedValueOnce({ isDirectory: () => true } as never);
    vi.mocked(fsp.mkdir).mockRejectedValueOnce(nodeError(code, 'mkdir', dir));
    expect(reason(await makeDirs(dir).catch((e: unknown) => e), 'cannot create directory: ')).toBe(written);

    expect(
      reason(fileReadError(nodeError(code, 'open', 'token'), 'the token', 'token'), 'cannot read the token: '),
    ).toBe(written);
  });
});

describe('the words of a listen error', () => {
  /** A bind error as Node raises it (`listen EADDRINUSE: address already in use 127.0.0.1:80`). */
  const listenError = (code: string, syscall = 'listen'): NodeJS.ErrnoException => {
    const errno = (constants.errno as Record<string, number>)[code];
    const text = errno === undefined ? undefined : getSystemErrorMap().get(-errno)?.[1];
    const message = syscall === 'listen' ? `listen ${code}: ${text} 127.0.0.1:80` : `${syscall} ${code} host.invalid`;
    return Object.assign(new Error(message), { code, syscall, ...(errno === undefined ? {} : { errno: -errno }) });
  };

  it.each(Object.keys(listenErrorWords))('%s has one wording of its own, then the code', (code) => {
    const words = describeListenError(
      listenError(code, code.startsWith('EAI') || code === 'ENOTFOUND' ? 'getaddrinfo' : 'listen'),
    );
    expect(words).toBe(`${listenErrorWords[code]} (${code})`);
    // A port's EACCES is not a file's "permission denied" alone: it says what to do about a port.
    if (code in fsErrorWords) expect(words).not.toBe(`${fsErrorWords[code]} (${code})`);
  });

  it("other codes get Node's words without the address, then the code", () => {
    expect(describeListenError(listenError('EINVAL'))).toBe('invalid argument (EINVAL)');
    expect(describeListenError(new Error('no code'))).toBe('no code');
  });
});

describe('cannotWriteHint', () => {
  it('follows the errno: a missing directory, one that makes no files, permissions, read-only, room', () => {
    expect(cannotWriteHint('ENOENT', false)).toBe('check that the directory exists');
    // ENOENT under /proc: the directory is there.
    expect(cannotWriteHint('ENOENT', true)).toMatch(/^the directory exists but no file can be created in it/);
    for (const code of ['EACCES', 'EPERM'])
      expect(cannotWriteHint(code, true)).toBe(
        'you may not create files in that directory: check its permissions, or write to another directory',
      );
    expect(cannotWriteHint('EROFS', true)).toBe('the file system is mounted read-only: write to another one');
    for (const code of ['ENOSPC', 'EFBIG', 'EDQUOT'])
      expect(cannotWriteHint(code, true)).toBe('check that the disk has room');
    expect(cannotWriteHint('EIO', true)).toBe('check that the directory exists, is writable and has room');
    for (const code of ['EACCES', 'EPERM', 'EROFS']) expect(cannotWriteHint(code, true)).not.toMatch(/exists/);
  });
});
