/**
 * End to end: what a real kt process does when its stdout fails under `kt events list|export`. Node
 * reports such a failure as an 'error' event after write() has returned, so only a real process shows
 * it (bin/kt.js). A reader that closes the pipe (`| head -c 10`) ends kt quietly with status 0; a full
 * disk behind `> file` is one error line naming stdout, exit 3, never a stack trace, and an export
 * streamed to stdout adds that the output is incomplete, as it does in-process.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEvent, startFakeGateway, type FakeGateway } from '../../helpers/fake-gateway.js';
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

  it.skipIf(process.platform === 'win32')(
    'a disk that fills after the first rows: the export says after how many rows its output stopped, exit 3, and stdout holds only what was streamed',
    async () => {
      const complete = join(home, 'complete.csv');
      const fd = openSync(complete, 'w');
      try {
        expect((await runKt(commands[1]!, fd)).exitCode).toBe(0);
      } finally {
        closeSync(fd);
      }
      const whole = await readFile(complete, 'utf8');
      for (const argv of commands.slice(0, 2)) {
        const partial = join(home, 'partial.csv');
        const out = openSync(partial, 'w');
        let r: Exit;
        try {
          // 400 blocks (200 KB, or 400 KB where sh counts KiB) hold part of the ~840 KB of CSV.
          r = await runKt(argv, out, 400);
        } finally {
          closeSync(out);
        }
        const got = await readFile(partial, 'utf8');
        expect(r.exitCode, argv.join(' ')).toBe(3);
        const stopped =
          /^kt: error\[input\.cannot_write\]: cannot write to stdout: file too large \(EFBIG\)\n {2}hint: the output stopped after (\d+) rows and is incomplete; export with --output FILE to be able to --resume\n$/.exec(
            r.stderr,
          );
        expect(stopped, r.stderr).not.toBeNull();
        expect(Number(stopped![1])).toBeGreaterThanOrEqual(1000);
        expect(got.length).toBeGreaterThan(0);
        expect(got.length).toBeLessThan(whole.length);
        expect(whole.startsWith(got)).toBe(true);
      }
    },
  );
});
