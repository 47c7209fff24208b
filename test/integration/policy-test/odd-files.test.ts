/**
 * Golden test files (tests/*.json) that are odd file-system objects: a link to /dev/zero stops at the
 * cap (it stat'd as 0 bytes and was read until memory ran out), a FIFO no program writes to is one line
 * after a short wait (it hung for ever); exit 3 naming the file, as for any test file that cannot be read.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKt } from '../../helpers/run-kt.js';
import { linkToDevZero, mkfifo } from '../../helpers/odd-files.js';

const root = join(import.meta.dirname, '..', '..', '..');

function packDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kt-test-odd-'));
  cpSync(join(root, 'templates', 'pii-redaction', 'policy-config.yaml'), join(dir, 'policy-config.yaml'));
  mkdirSync(join(dir, 'tests'));
  return dir;
}

describe('kt policy test with a test file that is not a regular file', () => {
  it('a link to /dev/zero: input.too_large, exit 3', async () => {
    const dir = packDir();
    linkToDevZero(join(dir, 'tests', 'zero.json'));
    const r = await runKt(['policy', 'test', '--pack-dir', dir]);
    expect([r.exitCode, r.stderr]).toEqual([
      3,
      `kt: error[input.too_large]: ${join(dir, 'tests', 'zero.json')}: test file is larger than 16777216 bytes\n`,
    ]);
  });

  it('a FIFO no program writes to: input.unreadable, exit 3', async () => {
    const dir = packDir();
    mkfifo(join(dir, 'tests', 'pipe.json'));
    const r = await runKt(['policy', 'test', '--pack-dir', dir]);
    expect([r.exitCode, r.stderr]).toEqual([
      3,
      `kt: error[input.unreadable]: ${join(dir, 'tests', 'pipe.json')}: cannot read test file: it is a named pipe (FIFO) that no program opened for writing within 2 s\n`,
    ]);
  }, 20_000);

  it('a tests/ that is a file or a symlink loop: said (input.unreadable, exit 3), not run as if it held no case', async () => {
    const asFile = packDir();
    rmSync(join(asFile, 'tests'), { recursive: true });
    writeFileSync(join(asFile, 'tests'), '');
    const r = await runKt(['policy', 'test', '--pack-dir', asFile]);
    expect([r.exitCode, r.stderr]).toEqual([
      3,
      `kt: error[input.unreadable]: ${join(asFile, 'tests')}: cannot list the test files: a part of the path is not a directory (ENOTDIR)\n`,
    ]);
    const loop = packDir();
    rmSync(join(loop, 'tests'), { recursive: true });
    symlinkSync('loop', join(loop, 'tests'));
    symlinkSync('tests', join(loop, 'loop'));
    const l = await runKt(['policy', 'test', '--pack-dir', loop]);
    expect(l.exitCode).toBe(3);
    expect(l.stderr).toMatch(/tests: cannot list the test files: too many symbolic links encountered \(ELOOP\)\n$/);
  });

  it('a --pack-dir that is not there, or is a file, is said as such (exit 3), not as its policy-config.yaml missing', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'kt-packdir-'));
    const missing = join(parent, 'nope');
    const r = await runKt(['policy', 'test', '--pack-dir', missing]);
    expect([r.exitCode, r.stderr]).toEqual([
      3,
      `kt: error[input.not_found]: ${missing}: --pack-dir: no such directory\n`,
    ]);
    const file = join(parent, 'pack.yaml');
    writeFileSync(file, 'pack: {name: x, version: 1.0.0, enabled: true}\n');
    const f = await runKt(['policy', 'test', '--pack-dir', file]);
    expect([f.exitCode, f.stderr]).toEqual([3, `kt: error[input.unreadable]: ${file}: --pack-dir: not a directory\n`]);
    rmSync(parent, { recursive: true });
  });
});
