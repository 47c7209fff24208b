/**
 * End to end: `kt events export --resume` after the gateway restarted on another port. The checkpoint
 * recorded the URL the export started from, and a resume against any other URL was refused, with a hint
 * to resume against the old URL, which no longer answered. A resume is about the file and the event log:
 * against a server that serves the last events exported it continues (no row lost or repeated), and
 * against a gateway over another log it is still refused, nothing touched.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { EventLog } from '../../../src/runtime/event-log.js';
import { ulid } from '../../../src/runtime/ulid.js';
import { parseCsv } from '../../helpers/csv.js';
import { newEvent } from '../../helpers/events.js';
import { ktBin, runKtProcess } from '../../helpers/run-kt.js';
import { pollUntil } from '../../helpers/wait.js';
import { cleanup, startGateway, tempDir, type RunningGateway } from '../gateway/helpers.js';

const PACK =
  'pack: {name: p, version: 1.0.0, enabled: true}\nproviders:\n  targets:\n    - {id: echo, provider: mock}\npolicies:\n  chain: [pii-detector]\npolicy:\n  pii-detector: {action: redact}\n';
const started: RunningGateway[] = [];
afterAll(async () => {
  for (const gw of started) await cleanup(gw);
});

/** A state directory whose event log holds `n` events of the last hours; their ids in log order. */
async function stateWith(n: number): Promise<{ dir: string; ids: string[] }> {
  const dir = await tempDir('kt-e2e-resume-moved-');
  const log = await EventLog.open(join(dir, 'state', 'events'));
  const ids: string[] = [];
  const t0 = Date.now() - 3_600_000;
  for (let b = 0; b < n; b += 1000) {
    const batch = Array.from({ length: Math.min(1000, n - b) }, (_, k) => {
      const at = t0 + Math.floor(((b + k) * 3_000_000) / n);
      const id = `evt_${ulid(at)}`;
      ids.push(id);
      return log.append(newEvent(b + k, at, { id }));
    });
    await Promise.all(batch);
  }
  await log.close();
  return { dir, ids };
}

async function gateway(dir: string): Promise<RunningGateway> {
  const gw = await startGateway(PACK, { dir });
  started.push(gw);
  return gw;
}

const envFor = (gw: RunningGateway, home: string) => ({
  PATH: process.env.PATH,
  HOME: home,
  NO_COLOR: '1',
  KEEPTRUSTS_API_URL: gw.url,
  KEEPTRUSTS_API_TOKEN: gw.adminToken,
});

it('a --resume continues against the same event log behind a new port, and is refused against another log', async () => {
  const { dir, ids } = await stateWith(60_000);
  const out = join(dir, 'report.csv');
  const checkpointFile = `${out}.kt-export.json`;
  let gw = await gateway(dir);
  // The export is killed once its checkpoint counts some rows (and long before it could finish).
  const child = spawn(
    process.execPath,
    [ktBin, 'events', 'export', '--since', '1d', '--format', 'csv', '--output', out],
    { env: envFor(gw, dir), stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const rowsSaved = async () =>
    (JSON.parse(await readFile(checkpointFile, 'utf8').catch(() => '{}')) as { rows?: number }).rows ?? 0;
  expect(await pollUntil(rowsSaved, (rows) => rows > 0, { timeoutMs: 30_000, intervalMs: 5 })).toBeGreaterThan(0);
  child.kill('SIGKILL');
  await exited;
  const checkpoint = await readFile(checkpointFile, 'utf8');
  expect((JSON.parse(checkpoint) as { rows: number }).rows).toBeLessThan(ids.length);

  // The gateway restarts on another port.
  const oldUrl = gw.url;
  await gw.stop();
  gw = await gateway(dir);
  expect(gw.url).not.toBe(oldUrl);

  // A gateway over another event log is refused, naming the URL the export started from; nothing touched.
  const other = await gateway((await stateWith(3)).dir);
  const refused = await runKtProcess(['events', 'export', '--resume', '--output', out], { env: envFor(other, dir) });
  expect(refused.exitCode, refused.stderr).toBe(3);
  expect(refused.stderr).toContain(`kt: error[input.checkpoint_mismatch]: `);
  expect(refused.stderr).toContain(
    `cannot resume: the export was started against ${oldUrl} and ${other.url} has no event evt_`,
  );
  expect(await readFile(checkpointFile, 'utf8')).toBe(checkpoint);

  const resumed = await runKtProcess(['events', 'export', '--resume', '--output', out], {
    env: envFor(gw, dir),
    timeoutMs: 110_000,
  });
  expect(resumed.exitCode, resumed.stderr).toBe(0);
  expect(resumed.stderr).toMatch(/exported 60,000 rows \([\d,]+ from before the resume\)/);
  const rows = parseCsv(await readFile(out, 'utf8'));
  expect(rows.slice(1).map((r) => r[0])).toEqual(ids);
  expect(existsSync(checkpointFile)).toBe(false);
}, 120_000);
