/**
 * End to end: `kt events export --output FILE` on a disk that fills, as a real kt process under
 * `ulimit -f` (writes past the limit are cut short, then fail with EFBIG: Node ignores SIGXFSZ). The
 * export exits 3 with one error line naming the file as typed, leaves no FILE, and its checkpoint
 * counts exactly what the part file holds (whole pages only); `--resume` without the limit then writes
 * a file byte-identical to an export that was never interrupted. It used to count a page the limit cut
 * short as written: the checkpoint claimed more than the part file held and the resume was refused.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEvent, startFakeGateway, type FakeGateway } from '../../helpers/fake-gateway.js';
import { wholeRowsIn } from '../../helpers/csv.js';
import { ktBin } from '../../helpers/run-kt.js';

let gw: FakeGateway;
let home: string;
/** Bytes per `ulimit -f` block of this sh: 512 (POSIX, dash) or 1024 (bash). */
let block = 512;

beforeAll(async () => {
  if (!existsSync(join(ktBin, '..', '..', 'dist', 'kt.js')))
    throw new Error('run `npm run build` before the e2e tests');
  // Three pages (1000, 1000, 500 events): 0.8 MB of CSV, 1.8 MB of JSON or NDJSON.
  gw = await startFakeGateway({ events: Array.from({ length: 2500 }, (_, i) => makeEvent(i)) });
  home = await mkdtemp(join(tmpdir(), 'kt-e2e-export-limit-'));
  if (process.platform !== 'win32') {
    // One block's worth is what a write under `ulimit -f 1` gets into a file (node: no SIGXFSZ, so no
    // process killed by a signal and no core dump, only a short write).
    const probe = join(home, 'block-probe');
    const write = "const fs = require('fs'); fs.writeSync(fs.openSync(process.argv[1], 'w'), Buffer.alloc(4096));";
    spawnSync('sh', ['-c', 'ulimit -f 1 && exec "$0" -e "$1" "$2"', process.execPath, write, probe], {
      stdio: 'ignore',
    });
    block = (await stat(probe)).size;
    if (block !== 512 && block !== 1024) throw new Error(`sh's ulimit -f block is ${block} bytes`);
    await rm(probe);
  }
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

/** Runs kt in `home` (so `--output NAME` is typed relative), under a file-size limit of `limitBytes` if given. */
function runKt(argv: string[], limitBytes?: number): Promise<{ exitCode: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    if (limitBytes !== undefined && limitBytes % block !== 0) throw new Error(`${limitBytes} is not whole blocks`);
    const [command, args] =
      limitBytes === undefined
        ? [process.execPath, [ktBin, ...argv]]
        : ['sh', ['-c', `ulimit -f ${limitBytes / block} && exec "$0" "$@"`, process.execPath, ktBin, ...argv]];
    const child = spawn(command, args, { cwd: home, env: env(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stderr });
    });
  });
}

const exportArgs = (format: string, output: string) => [
  'events',
  'export',
  '--from',
  '2025-01-01',
  '--to',
  '2026-01-01',
  '--format',
  format,
  '--output',
  output,
];

/** The uninterrupted export in `format` (no limit), as bytes; made again by several tests (--force). */
async function cleanExport(format: string, name = `clean.${format}`): Promise<Buffer> {
  const r = await runKt([...exportArgs(format, name), '--force']);
  expect(r.exitCode, r.stderr).toBe(0);
  return readFile(join(home, name));
}

interface Checkpoint {
  cursor: string | null;
  rows: number;
  bytes: number;
}

/**
 * After a failed export of `name`: no `name`, and a checkpoint whose counts are exactly the part file:
 * its byte count is the part file's size, the part file is that much of the uninterrupted export
 * `clean`, holding `rows` whole rows, and the cursor is the fake gateway's for the event after them.
 */
async function expectConsistent(format: string, name: string, clean: Buffer): Promise<Checkpoint> {
  expect(existsSync(join(home, name)), `${name} must not exist`).toBe(false);
  const checkpoint = JSON.parse(await readFile(join(home, `${name}.kt-export.json`), 'utf8')) as Checkpoint;
  const part = await readFile(join(home, `${name}.part`));
  expect(part.length, `${name}.part against its checkpoint`).toBe(checkpoint.bytes);
  expect(part.equals(clean.subarray(0, part.length)), `${name}.part is the start of the export`).toBe(true);
  expect(wholeRowsIn(format, part.toString('utf8'))).toBe(checkpoint.rows);
  expect(checkpoint.cursor).toBe(
    checkpoint.rows === 0 ? null : Buffer.from(String(checkpoint.rows)).toString('base64url'),
  );
  return checkpoint;
}

/** `--resume` without a limit: exit 0, and `name` is byte for byte the uninterrupted export. */
async function expectResumed(name: string, saved: number, clean: Buffer): Promise<void> {
  const r = await runKt(['events', 'export', '--resume', '--output', name]);
  expect(r.exitCode, r.stderr).toBe(0);
  const from = saved > 0 ? ` \\(${saved.toLocaleString('en-US')} from before the resume\\)` : '';
  expect(r.stderr).toMatch(new RegExp(`^exported 2,500 rows${from}, `));
  const got = await readFile(join(home, name));
  expect(got.length, name).toBe(clean.length);
  expect(got.equals(clean), `${name} is byte-identical to the uninterrupted export`).toBe(true);
  expect(existsSync(join(home, `${name}.part`))).toBe(false);
  expect(existsSync(join(home, `${name}.kt-export.json`))).toBe(false);
}

describe.skipIf(process.platform === 'win32')('kt events export --output under a file-size limit', () => {
  it('a page cut short by the limit: exit 3, one error line naming the file as typed, no file, a checkpoint that counts exactly the part file; --resume then writes the uninterrupted export byte for byte', async () => {
    for (const format of ['csv', 'json', 'ndjson']) {
      const whole = await cleanExport(format);
      expect(wholeRowsIn(format, whole.toString('utf8'))).toBe(2500);

      // Half the file: the limit falls in the middle of the second page (and of a row).
      const limit = Math.floor(whole.length / 2 / block) * block;
      const name = `cut.${format}`;
      const r = await runKt(exportArgs(format, name), limit);
      expect(r.exitCode, r.stderr).toBe(3);
      const lines = r.stderr.split('\n');
      expect(lines[0]).toBe(`kt: error[input.cannot_write]: ${name}: cannot write the export: file too large (EFBIG)`);
      expect(lines.slice(1)).toEqual([
        '  hint: 1000 rows are saved; run the same command with --resume to continue; check that the disk has room',
        '',
      ]);
      const checkpoint = await expectConsistent(format, name, whole);
      expect(checkpoint.rows).toBe(1000);
      await expectResumed(name, 1000, whole);
    }
  });

  it('a limit that leaves no room for the first page: nothing was written, so no part file or checkpoint is left and there is nothing to resume', async () => {
    const format = 'json';
    const name = `first.${format}`;
    // One block: the `[` fits, a page of 0.7 MB does not.
    const r = await runKt(exportArgs(format, name), block);
    expect(r.exitCode, r.stderr).toBe(3);
    expect(r.stderr).toBe(
      `kt: error[input.cannot_write]: ${name}: cannot write the export: file too large (EFBIG)\n` +
        `  hint: nothing was written to ${name}, so there is nothing to resume; check that the disk has room\n`,
    );
    for (const file of [name, `${name}.part`, `${name}.kt-export.json`])
      expect(existsSync(join(home, file)), `${file} is left`).toBe(false);
    const resume = await runKt(['events', 'export', '--resume', '--output', name]);
    expect(resume.exitCode).toBe(3);
    expect(resume.stderr).toContain('input.no_checkpoint');
  });

  it('a limit that leaves no room for the head of the file: the part file made for it is removed too', async () => {
    const name = 'no-head.csv';
    const r = await runKt(exportArgs('csv', name), 0);
    expect(r.exitCode, r.stderr).toBe(3);
    expect(r.stderr).toBe(
      `kt: error[input.cannot_write]: ${name}: cannot write the export: file too large (EFBIG)\n` +
        '  hint: check that the disk has room\n',
    );
    for (const file of [name, `${name}.part`, `${name}.kt-export.json`])
      expect(existsSync(join(home, file)), `${file} is left`).toBe(false);
  });

  it('a part file longer than its checkpoint (a page written whole, the checkpoint not updated, then half a row): --resume truncates it to the checkpoint and writes the uninterrupted export', async () => {
    const format = 'ndjson';
    const whole = await cleanExport(format);
    const name = `longer.${format}`;
    const r = await runKt(exportArgs(format, name), Math.floor(whole.length / 2 / block) * block);
    expect(r.exitCode, r.stderr).toBe(3);
    const checkpoint = await expectConsistent(format, name, whole);
    // What a process killed between writing pages and updating the checkpoint leaves: rows past the
    // checkpoint, whole and correct, then the start of another row.
    const rowEnd = whole.indexOf('\n', checkpoint.bytes + 500_000) + 1;
    await appendFile(join(home, `${name}.part`), whole.subarray(checkpoint.bytes, rowEnd + 40));
    await expectResumed(name, checkpoint.rows, whole);
  });

  it('the last page whole but the end of the JSON array cut short or refused: exit 3, not a file without its end; --resume fetches the last page again and writes each row once', async () => {
    const events = gw.events;
    try {
      const size = (await cleanExport('json', 'plain.json')).length;
      // The array ends with "\n]\n". A longer request_id in the last event puts the end of the file `over`
      // bytes past a 1 KiB boundary (whole blocks of 512 or 1024): a limit at that boundary lets the last
      // page in whole and then 2 of the 3 closing bytes (over 1) or none of them (over 3).
      for (const over of [1, 3]) {
        const pad = (((over - size) % 1024) + 1024) % 1024;
        gw.events = events.map((e, i) =>
          i === events.length - 1 ? { ...e, request_id: `${e.request_id}${'x'.repeat(pad)}` } : e,
        );
        const whole = await cleanExport('json', `clean-${over}.json`);
        expect(whole.length % 1024).toBe(over);
        expect((JSON.parse(whole.toString('utf8')) as unknown[]).length).toBe(2500);

        const name = `tail-${over}.json`;
        const r = await runKt(exportArgs('json', name), whole.length - over);
        expect(r.exitCode, `over ${over}: ${r.stderr}`).toBe(3);
        expect(r.stderr).toBe(
          `kt: error[input.cannot_write]: ${name}: cannot write the export: file too large (EFBIG)\n` +
            '  hint: 2000 rows are saved; run the same command with --resume to continue; check that the disk has room\n',
        );
        // The checkpoint is the state before the last page, not "cursor null, 2500 rows" (which a resume
        // took for "from the first page" and wrote all 2500 rows a second time).
        const checkpoint = await expectConsistent('json', name, whole);
        expect(checkpoint.rows).toBe(2000);
        await expectResumed(name, 2000, whole);
      }
    } finally {
      gw.events = events;
    }
  });
});
