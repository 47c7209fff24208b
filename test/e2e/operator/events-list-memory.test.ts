/**
 * End to end: `kt events list` prints a page at a time, so a listing far larger than the process's heap
 * is printed whole. The kt process runs under a small --max-old-space-size: holding the listing (as it
 * once did, with its rendered text on top) runs out of heap and crashes; printing page by page does not,
 * nor does a page of heavy events, since pages are sized by the events' weight (src/api/page-size.ts: 1,000 of
 * these 16 KB events a page needed more than 48 MB). No timing is asserted: the heap cap is what fails.
 * Events of 160 KB, 1,000 of which pass the client's 64 MiB cap on one response, are listed and exported.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEvent, startFakeGateway, type FakeGateway } from '../../helpers/fake-gateway.js';
import { ktBin } from '../../helpers/run-kt.js';

const EVENTS = 6000;
// Each event carries 16 KB of text (one string, shared in this process): ~100 MB of JSON in all, a page
// of 1,000 is ~16 MB.
const BULK = 'x'.repeat(16_000);
const HEAP_MB = 48;

// Events of 160 KB: 1,000 of them are more than the client takes in one response (64 MiB).
const HEAVY_EVENTS = 600;
const HEAVY = 'y'.repeat(160_000);

let gw: FakeGateway;
let heavy: FakeGateway;

beforeAll(async () => {
  if (!existsSync(join(ktBin, '..', '..', 'dist', 'kt.js')))
    throw new Error('run `npm run build` before the e2e tests');
  gw = await startFakeGateway({
    events: Array.from({ length: EVENTS }, (_, i) => makeEvent(i, { model: `m${i % 7}`, notes: BULK } as never)),
  });
  heavy = await startFakeGateway({
    events: Array.from({ length: HEAVY_EVENTS }, (_, i) => makeEvent(i, { notes: HEAVY } as never)),
  });
});

afterAll(async () => {
  await gw?.close();
  await heavy?.close();
});

interface Outcome {
  exitCode: number | null;
  stderr: string;
  /** Bytes and lines of stdout, counted as they stream by (the test keeps none of it). */
  bytes: number;
  lines: number;
  head: string;
  tailText: string;
}

/** `kt events COMMAND ARGS` against `server`, under a heap of `heapMb` (0: Node's default). */
function listUnderSmallHeap(
  args: string[],
  server: FakeGateway = gw,
  command = 'list',
  heapMb = HEAP_MB,
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const heap = heapMb > 0 ? [`--max-old-space-size=${heapMb}`] : [];
    const child = spawn(process.execPath, [...heap, ktBin, 'events', command, ...args], {
      env: {
        PATH: process.env.PATH,
        NO_COLOR: '1',
        KEEPTRUSTS_API_URL: server.url,
        KEEPTRUSTS_API_TOKEN: server.token,
        XDG_CONFIG_HOME: join(server.url.replace(/\W/g, ''), 'none'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Outcome = { exitCode: null, stderr: '', bytes: 0, lines: 0, head: '', tailText: '' };
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out.bytes += c.length;
      for (let i = c.indexOf('\n'); i >= 0; i = c.indexOf('\n', i + 1)) out.lines++;
      if (out.head.length < 4096) out.head += c.slice(0, 4096);
      out.tailText = (out.tailText + c).slice(-40_000);
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => (out.stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ...out, exitCode: code }));
  });
}

describe('kt events list of more than the heap holds', () => {
  const all = ['--from', '2025-01-01', '--limit', String(EVENTS)];

  it('NDJSON: every event, one per line', async () => {
    const r = await listUnderSmallHeap([...all, '--format', 'ndjson']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.lines).toBe(EVENTS);
    expect(r.bytes).toBeGreaterThan(EVENTS * BULK.length);
    expect(JSON.parse(r.tailText.slice(r.tailText.lastIndexOf('\n', r.tailText.length - 2) + 1)).id).toBe(
      makeEvent(EVENTS - 1).id,
    );
  }, 120_000);

  it('JSON: one array written as it goes, ending with the last event', async () => {
    const r = await listUnderSmallHeap([...all, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.head.startsWith('[\n  {\n    "id": "evt_')).toBe(true);
    expect(r.tailText.endsWith('\n  }\n]\n')).toBe(true);
    expect(r.bytes).toBeGreaterThan(EVENTS * BULK.length);
  }, 120_000);

  it('table: every row, in the columns of the first page', async () => {
    const r = await listUnderSmallHeap([...all, '--format', 'table']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.lines).toBe(EVENTS + 1);
    expect(r.tailText).toContain(makeEvent(EVENTS - 1).id);
  }, 120_000);
});

describe('kt events list of events too heavy for 1,000 a page', () => {
  it('lists every event: a page of 1,000 would pass the 64 MiB response cap (api.response_too_large)', async () => {
    const r = await listUnderSmallHeap(
      ['--from', '2025-01-01', '--limit', String(HEAVY_EVENTS), '--format', 'ndjson'],
      heavy,
    );
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.lines).toBe(HEAVY_EVENTS);
    expect(r.bytes).toBeGreaterThan(HEAVY_EVENTS * HEAVY.length);
  }, 120_000);

  it('exports every event: a page of 1,000 refused by the response cap is asked again smaller', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kt-e2e-heavy-export-'));
    try {
      const out = join(dir, 'heavy.ndjson');
      const args = ['--from', '2025-01-01', '--to', '2030-01-01', '--format', 'ndjson', '--output', out];
      // (The heap is Node's default: this is about the response cap, and the export of heavy events goes
      // through JSON.parse, whose pages take more than the small heap above.)
      const r = await listUnderSmallHeap(args, heavy, 'export', 0);
      expect(r.exitCode, r.stderr).toBe(0);
      const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
      expect(lines).toHaveLength(HEAVY_EVENTS);
      expect((JSON.parse(lines.at(-1)!) as { id: string }).id).toBe(makeEvent(HEAVY_EVENTS - 1).id);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
