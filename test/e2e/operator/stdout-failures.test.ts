/**
 * End to end: what a real kt process does when its stdout fails under `kt events list|export`. Node
 * reports such a failure as an 'error' event after write() has returned, so only a real process shows
 * it (bin/kt.js). A reader that closes the pipe (`| head -c 10`) ends kt quietly with status 0; a full
 * disk behind `> file` is one error line naming stdout, exit 3, never a stack trace, and an export
 * streamed to stdout adds that the output is incomplete, as it does in-process. A disk that fills part
 * way through a write (a short write, src/cli/file-stdout.ts) is such a failure too: the export's count
 * is the rows whole in the file, and a command whose only write is cut short does not exit 0.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEvent, startFakeGateway, type FakeGateway } from '../../helpers/fake-gateway.js';
import { wholeRowsIn } from '../../helpers/csv.js';
import { ktBin } from '../../helpers/run-kt.js';

let gw: FakeGateway;
let home: string;

beforeAll(async () => {
  if (!existsSync(join(ktBin, '..', '..', 'dist', 'kt.js')))
    throw new Error('run `npm run build` before the e2e tests');
  // About 1 MB of CSV: far more than a pipe buffer holds, so the writer meets the closed pipe.
  gw = await startFakeGateway({ events: Array.from({ length: 2500 }, (_, i) => makeEvent(i)) });
  home = await mkdtemp(join(tmpdir(), 'kt-e2e-stdout-'));
});

afterAll(async () => {
  await gw?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

const env = () => ({
  PATH: process.env.PATH,
  HOME: home,
  NO_COLOR: '1',
  XDG_CONFIG_HOME: join(home, 'config'),
  KT_STATE_DIR: join(home, 'state'),
  KEEPTRUSTS_API_URL: gw.url,
  KEEPTRUSTS_API_TOKEN: gw.token,
});

interface Exit {
  exitCode: number | null;
  stderr: string;
  /** What the reader got before it went away (closed-pipe runs only). */
  read: string;
}

/**
 * Runs kt with stdout into `stdout` ('pipe': a reader that closes the pipe after its first bytes).
 * `fileBlocks` runs it under `ulimit -f` (512-byte blocks in POSIX sh): writes past the limit fail
 * with EFBIG (Node ignores SIGXFSZ), a disk that fills up after the first rows.
 */
function runKt(argv: string[], stdout: 'pipe' | number, fileBlocks?: number): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const [command, args] =
      fileBlocks === undefined
        ? [process.execPath, [ktBin, ...argv]]
        : ['sh', ['-c', `ulimit -f ${fileBlocks} && exec "$0" "$@"`, process.execPath, ktBin, ...argv]];
    const child = spawn(command, args, { env: env(), stdio: ['ignore', stdout, 'pipe'] });
    let stderr = '';
    let read = '';
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    // `head -c 10`: take the first chunk, then close our end of the pipe.
    child.stdout?.once('data', (c: Buffer) => {
      read = c.toString('utf8', 0, 10);
      child.stdout!.destroy();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stderr, read });
    });
  });
}

const commands = [
  ['events', 'export', '--from', '2025-01-01', '--format', 'csv', '--output', '-'],
  ['events', 'export', '--from', '2025-01-01', '--format', 'csv'],
  ['events', 'list', '--from', '2025-01-01', '--limit', '2500', '--format', 'ndjson'],
];

describe('a stdout that fails under a real kt process', () => {
  it('a reader that closes the pipe early (| head -c 10): exit 0 and nothing on stderr, for export as for list', async () => {
    for (const argv of commands) {
      const r = await runKt(argv, 'pipe');
      expect(r.read.length, argv.join(' ')).toBe(10);
      expect([r.exitCode, r.stderr], argv.join(' ')).toEqual([0, '']);
    }
  });

  it.skipIf(!existsSync('/dev/full'))(
    'a full disk behind stdout (> /dev/full): one line naming stdout, exit 3, no stack trace; an export adds that its output is incomplete',
    async () => {
      const incomplete =
        '  hint: the output stopped after 0 rows and is incomplete; export with --output FILE to be able to --resume\n';
      for (const argv of [...commands, [...commands[2]!.slice(0, -2), '--json']]) {
        const fd = openSync('/dev/full', 'w');
        try {
          const r = await runKt(argv, fd);
          const hint = argv[1] === 'export' ? incomplete : '';
          expect([r.exitCode, r.stderr], argv.join(' ')).toEqual([
            3,
            `kt: error[input.cannot_write]: cannot write to stdout: no space left on the device (ENOSPC)\n${hint}`,
          ]);
        } finally {
          closeSync(fd);
        }
      }
    },
  );

  /** Runs kt with stdout into a fresh file, under `ulimit -f` when `fileBlocks` is given; the file's text. */
  async function runToFile(argv: string[], name: string, fileBlocks?: number): Promise<Exit & { got: string }> {
    const path = join(home, name);
    const fd = openSync(path, 'w');
    try {
      const r = await runKt(argv, fd, fileBlocks);
      return { ...r, got: await readFile(path, 'utf8') };
    } finally {
      closeSync(fd);
    }
  }

  it.skipIf(process.platform === 'win32')(
    'a disk that fills after the first rows: the export says after how many rows its output stopped, the rows whole in the file, exit 3, and stdout holds only what was streamed',
    async () => {
      const exports = [
        commands[0]!,
        commands[1]!,
        ['events', 'export', '--from', '2025-01-01', '--format', 'ndjson'],
        ['events', 'export', '--from', '2025-01-01', '--format', 'json'],
      ];
      for (const argv of exports) {
        const format = argv[argv.indexOf('--format') + 1]!;
        const full = await runToFile(argv, `complete.${format}`);
        expect(full.exitCode).toBe(0);
        expect(wholeRowsIn(format, full.got), argv.join(' ')).toBe(2500);
        // 400 blocks (200 KB, or 400 KB where sh counts KiB) hold part of the 0.8-1.2 MB: the disk
        // fills in the middle of a page's write, and part way through a row.
        const r = await runToFile(argv, `partial.${format}`, 400);
        expect(r.exitCode, argv.join(' ')).toBe(3);
        const stopped =
          /^kt: error\[input\.cannot_write\]: cannot write to stdout: file too large \(EFBIG\)\n {2}hint: the output stopped after (\d+) rows and is incomplete; export with --output FILE to be able to --resume\n$/.exec(
            r.stderr,
          );
        expect(stopped, r.stderr).not.toBeNull();
        expect(r.got.length).toBeGreaterThan(0);
        expect(r.got.length).toBeLessThan(full.got.length);
        expect(full.got.startsWith(r.got)).toBe(true);
        // The count is the rows the file holds whole (not the rows of the pages handed to the writer).
        const whole = wholeRowsIn(format, r.got);
        expect(whole).toBeGreaterThan(0);
        expect(Number(stopped![1]), argv.join(' ')).toBe(whole);
      }
    },
  );

  it.skipIf(process.platform === 'win32')(
    'a disk that fills during the only write of a command (one document on stdout): the stdout error, exit 3, never 0 with the output cut short',
    async () => {
      const input = join(home, 'payload.json');
      await writeFile(
        input,
        '{"identity":{"user":"ana","role":"analyst","team":"risk"},"messages":[{"role":"user","content":"hello there"}]}\n',
      );
      const pack = join(ktBin, '..', '..', 'examples', 'zero-trust-gateway.yaml');
      for (const argv of [
        ['policy', 'eval', '--file', pack, '--input', input, '--format', 'json'],
        ['policy', 'eval', '--file', pack, '--input', input, '--format', 'ndjson'],
        [...commands[2]!.slice(0, -2), '--format', 'json'],
      ]) {
        const full = await runToFile(argv, 'whole.out');
        expect(full.exitCode, argv.join(' ')).toBe(0);
        // One 512-byte block (or 1 KiB): less than any of these outputs.
        expect(full.got.length).toBeGreaterThan(1024);
        const r = await runToFile(argv, 'cut.out', 1);
        expect([r.exitCode, r.stderr], argv.join(' ')).toEqual([
          3,
          'kt: error[input.cannot_write]: cannot write to stdout: file too large (EFBIG)\n',
        ]);
        expect(r.got.length).toBeGreaterThan(0);
        expect(r.got.length).toBeLessThan(full.got.length);
      }
    },
  );
});
