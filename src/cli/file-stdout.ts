/**
 * The process's stdout as commands get it. When fd 1 is a regular file (`kt ... > out.csv`) it is a
 * writer of our own, because Node's stdout for a file (SyncWriteStream) makes one fs.writeSync(fd,
 * chunk) and ignores its count: on a disk that fills (or under `ulimit -f`) the kernel takes part of
 * the chunk, the rest is dropped and the write reports success. An export then said its output stopped
 * after more rows than the file held, and a command whose last write was cut short exited 0. Pipes and
 * terminals stay on Node's stdout (a closed pipe is EPIPE, a quiet exit, see bin/kt.js).
 */
import { fstatSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';

/**
 * Writes each chunk in full: a short write is retried with the rest, and that retry fails with the
 * reason (ENOSPC, EFBIG), which the write's callback and the 'error' event get, as they did. The error
 * carries `bytesWritten`: how many bytes of the chunk reached the file before the failure. The fd is
 * never closed here (the process owns it).
 */
class FileStdout extends Writable {
  constructor(private readonly fd: number) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    let written = 0;
    try {
      while (written < chunk.length) {
        const n = writeSync(this.fd, chunk, written, chunk.length - written);
        // A regular file takes at least one byte or fails; guard against looping on a 0 all the same.
        if (n <= 0) throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO', syscall: 'write' });
        written += n;
      }
    } catch (error) {
      callback(Object.assign(error as Error, { bytesWritten: written }));
      return;
    }
    callback();
  }
}

let stdout: Writable | undefined;

/** fd 1 as a FileStdout when it is a regular file, else process.stdout; one stream per process. */
export function processStdout(): Writable {
  if (stdout === undefined) {
    let file = false;
    try {
      file = fstatSync(1).isFile();
    } catch {
      // fd 1 closed or unreadable: Node's stdout reports whatever happens to it.
    }
    stdout = file ? new FileStdout(1) : process.stdout;
  }
  return stdout;
}
