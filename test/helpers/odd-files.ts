/**
 * Odd file-system objects for the tests of what kt reads and writes: a named pipe (FIFO) no program
 * writes to, a link to /dev/zero. Node has no mkfifo: the system's command makes it.
 */
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';

/** Makes a FIFO at `path` (nothing ever writes to it). */
export function mkfifo(path: string): string {
  execFileSync('mkfifo', [path]);
  return path;
}

/** A symbolic link at `path` to /dev/zero: a file of endless zero bytes that stats as 0 bytes. */
export function linkToDevZero(path: string): string {
  symlinkSync('/dev/zero', path);
  return path;
}
