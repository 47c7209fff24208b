// Ctrl-C in the middle of an export (a real kt process against the fake gateway, which can delay a page
// on cue): exit 130 with the saved row count, a consistent checkpoint, and `--resume` finishes the file.
// It runs with two page-converter workers (KT_EXPORT_WORKERS=2), so the worker path is covered too.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ktBin, runKtProcess } from '../../helpers/run-kt.js';
import { makeEvent, startFakeGateway, type FakeGateway } from '../../helpers/fake-gateway.js';

let gw: FakeGateway;
let home: string;

beforeAll(async () => {
  gw = await startFakeGateway({ events: Array.from({ length: 3500 }, (_, i) => makeEvent(i)) });
  home = await mkdtemp(join(tmpdir(), 'kt-interrupt-'));
});
afterAll(async () => {
  await gw.close();
  await rm(home, { recursive: true, force: true });
});

it('SIGINT during an export exits 130, keeps the checkpoint, and --resume completes it', async () => {
  const env = { PATH: process.env.PATH, HOME: home, NO_COLOR: '1', XDG_CONFIG_HOME: join(home, 'c'), KT_STATE_DIR: join(home, 's'), KEEPTRUSTS_API_URL: gw.url, KEEPTRUSTS_API_TOKEN: gw.token, KT_EXPORT_WORKERS: '2' };
  const out = join(home, 'events.csv');
  // The second page answers slowly, so the signal arrives while a request is in flight.
  gw.faults.push({ path: '/v1/events', delayMs: 0, status: 0 }, { path: '/v1/events', delayMs: 5_000, status: 0 });
  const child = spawn(process.execPath, [ktBin, 'events', 'export', '--from', '2025-01-01', '--format', 'csv', '--output', out], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  for (let i = 0; i < 200 && gw.requests.filter((r) => r.path === '/v1/events').length < 2; i++) await new Promise((r) => setTimeout(r, 25));
  child.kill('SIGINT');
  const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  expect(code).toBe(130);
  expect(stderr).toMatch(/kt: error\[interrupted\]: export interrupted\n {2}hint: 1000 rows are saved; run the same command with --resume to continue\n/);
  expect(existsSync(out)).toBe(false);
  expect(JSON.parse(await readFile(`${out}.kt-export.json`, 'utf8'))).toMatchObject({ rows: 1000 });

  const resumed = await runKtProcess(['events', 'export', '--resume', '--output', out], { env });
  expect(resumed.exitCode).toBe(0);
  const lines = (await readFile(out, 'utf8')).trimEnd().split('\r\n');
  expect(lines).toHaveLength(3501);
  expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(gw.events.map((e) => e.id));
}, 60_000);
