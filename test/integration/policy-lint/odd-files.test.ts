/**
 * Packs that are odd file-system objects, read by lint, eval, test, migrate and gateway reload through
 * the one pack reader (src/io/pack-file.ts): a FIFO no program writes to is one line, exit 3, after a
 * short wait (it hung for ever: open() of a FIFO blocks until a writer comes); a symlink loop, a name too
 * long and `afile/x` say what they are (all three said "no such file"). `kt policy migrate --output` that
 * is a FIFO or a link to a device is refused, --force or not (it renamed a regular file over it: as
 * root, `--output /dev/null --force` replaced /dev/null); a target it cannot write is named as typed.
 */
import { lstatSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKt } from '../../helpers/run-kt.js';
import { mkfifo } from '../../helpers/odd-files.js';

const root = join(import.meta.dirname, '..', '..', '..');
const legacy = join(root, 'examples', 'legacy-dlp-and-injection.yaml');
const dir = mkdtempSync(join(tmpdir(), 'kt-odd-packs-'));
const inDir = (argv: string[]) => runKt(argv, { cwd: dir });

describe('a pack that is an odd file', () => {
  it('a FIFO no program writes to: one line, exit 3, for every command that reads a pack', async () => {
    mkfifo(join(dir, 'pipe.yaml'));
    const runs = await Promise.all([
      inDir(['policy', 'eval', '--file', 'pipe.yaml', '--input', '-']),
      inDir(['policy', 'test', '--file', 'pipe.yaml']),
      inDir(['policy', 'migrate', 'pipe.yaml']),
      inDir(['gateway', 'reload', '--file', 'pipe.yaml', '--dry-run', '--api-url', 'http://127.0.0.1:9']),
    ]);
    for (const r of runs)
      expect([r.exitCode, r.stderr]).toEqual([
        3,
        'kt: error[input.unreadable]: pipe.yaml: cannot read: it is a named pipe (FIFO) that no program opened for writing within 2 s\n',
      ]);
    const lint = await inDir(['policy', 'lint', 'pipe.yaml']);
    expect(lint.exitCode).toBe(3);
    expect(lint.stderr).toContain('pipe.yaml: cannot read: it is a named pipe (FIFO)');
  }, 20_000);

  it('a symlink loop, a name too long, a file where a directory belongs: what they are, not "no such file"', async () => {
    symlinkSync('loop-b', join(dir, 'loop-a'));
    symlinkSync('loop-a', join(dir, 'loop-b'));
    writeFileSync(join(dir, 'afile'), 'x');
    const long = 'x'.repeat(300);
    for (const [path, why] of [
      ['loop-a', 'too many symbolic links encountered (ELOOP)'],
      [long, 'the file name is too long (ENAMETOOLONG)'],
      ['afile/x', 'a part of the path is not a directory (ENOTDIR)'],
    ]) {
      const r = await inDir(['policy', 'eval', '--file', path!, '--input', '-']);
      expect([r.exitCode, r.stderr]).toEqual([3, `kt: error[input.unreadable]: ${path}: cannot read: ${why}\n`]);
      // A directory argument of lint is stat'd first: the same words.
      const lint = await inDir(['policy', 'lint', path!]);
      expect(lint.exitCode).toBe(3);
      expect(lint.stderr).toContain(`kt: error[input.unreadable]: ${path}: cannot read: ${why}\n`);
    }
  });
});

describe('kt policy migrate --output that is not a regular file', () => {
  it('a FIFO, or a link to /dev/null, is refused with or without --force, and left as it was', async () => {
    mkfifo(join(dir, 'out-pipe'));
    symlinkSync('/dev/null', join(dir, 'out-null'));
    for (const [out, kind] of [
      ['out-pipe', 'a named pipe (FIFO)'],
      ['out-null', 'a character device'],
    ])
      for (const force of [[], ['--force']]) {
        const r = await inDir(['policy', 'migrate', legacy, '--output', out!, ...force]);
        expect([r.exitCode, r.stdout, r.stderr]).toEqual([
          3,
          '',
          `kt: error[input.cannot_write]: ${out}: is ${kind}, not a regular file; --output is written to a temp file renamed into place, which would replace it\n` +
            '  hint: write to stdout with --output - and redirect it there\n',
        ]);
      }
    expect(lstatSync(join(dir, 'out-pipe')).isFIFO()).toBe(true);
    expect(lstatSync(join(dir, 'out-null')).isSymbolicLink()).toBe(true);
  });

  it('an output it cannot write is named as typed (it was the absolute path)', async () => {
    writeFileSync(join(dir, 'plain'), 'x');
    const r = await inDir(['policy', 'migrate', legacy, '--output', 'plain/out.yaml']);
    expect([r.exitCode, r.stderr.split('\n').at(-2)]).toEqual([
      3,
      'kt: error[input.cannot_write]: plain/out.yaml: cannot write: a part of the path is not a directory (ENOTDIR)',
    ]);
  });
});
