// A server whose pages overlap (each next_cursor, fresh every time, points a few events back) sends
// events again: the export writes each event once, says on stderr how many it dropped, and keeps doing
// so across an interruption and --resume. The server is a few lines of node:http on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../../helpers/csv.js';
import { makeEvent } from '../../helpers/fake-gateway.js';
import { runKt, runKtProcess } from '../../helpers/run-kt.js';
import type { EventRecord } from '../../../src/core/types.js';

interface OverlappingServer {
  url: string;
  /** Pages answered so far. */
  served: number;
  /** Drop the connection of every request after this many pages (undefined: never). */
  failAfter?: number;
  close(): Promise<void>;
}

/**
 * Serves `events` `pageSize` at a time; each page's next_cursor (unique per answer, as a server that
 * mints cursors does) starts `overlap` events before the page's end, so those are sent twice.
 */
async function overlappingServer(events: EventRecord[], pageSize: number, overlap: number): Promise<OverlappingServer> {
  const state: OverlappingServer = { url: '', served: 0, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/v1/events') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'not_found', code: 'not_found', message: 'no such path' } }));
      return;
    }
    if (state.failAfter !== undefined && state.served >= state.failAfter) {
      req.socket.destroy();
      return;
    }
    state.served++;
    const cursor = url.searchParams.get('cursor');
    const start = cursor === null ? 0 : Number(cursor.split('.')[1]);
    const page = events.slice(start, start + pageSize);
    const end = start + page.length;
    const next = end >= events.length ? null : `c${state.served}.${end - overlap}`;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ events: page, next_cursor: next }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

// 40 events whose ids do not ascend in page order (pairs swapped: the export must not rely on id order),
// one sent twice within the events themselves (index 17 repeats event 12), and cells that need CSV
// quoting (a line feed, a quote) among the repeated ones, so rows are cut out of pages of either CSV route.
const unique = Array.from({ length: 40 }, (_, i) =>
  makeEvent(i % 2 === 0 ? i + 1 : i - 1, i % 7 === 3 ? { request_id: 'line\nbreak "q"', model: 'a,b' } : {}),
);
const served = [...unique.slice(0, 17), unique[12]!, ...unique.slice(17)];
const ids = unique.map((e) => e.id);
// Pages of 6 that step back 2: 8 pages (the last one short), each after the first repeating 2 events.
const PAGE = 6;
const OVERLAP = 2;
const pages = Math.ceil((served.length - OVERLAP) / (PAGE - OVERLAP));
const repeats = (pages - 1) * OVERLAP + 1;

let server: OverlappingServer;
let home: string;
const env = () => ({
  XDG_CONFIG_HOME: join(home, 'config'),
  KT_STATE_DIR: join(home, 'state'),
  KEEPTRUSTS_API_URL: server.url,
  KT_HTTP_MAX_ATTEMPTS: '1',
});
const exportArgs = (format: string, ...more: string[]) => [
  'events',
  'export',
  '--from',
  '2025-01-01',
  '--to',
  '2026-01-01',
  '--format',
  format,
  ...more,
];

beforeEach(async () => {
  server = await overlappingServer(served, PAGE, OVERLAP);
  home = await mkdtemp(join(tmpdir(), 'kt-export-duplicates-'));
});
afterEach(async () => {
  await server.close();
  await rm(home, { recursive: true, force: true });
});

describe('kt events export against a server whose pages overlap', () => {
  it('writes each event once, in every format, to a file and to stdout, and warns how many it dropped', async () => {
    const warning = `warning: dropped ${repeats} duplicate events: the server sent events already exported (same id) again; each is written once\n`;
    for (const format of ['csv', 'json', 'ndjson']) {
      const out = join(home, `events.${format}`);
      const toFile = await runKt(exportArgs(format, '--output', out), { env: env() });
      expect([toFile.exitCode, toFile.stdout], format).toEqual([0, '']);
      expect(toFile.stderr, format).toContain(warning);
      expect(toFile.stderr, format).toContain(`exported ${ids.length} rows`);
      const toStdout = await runKt(exportArgs(format), { env: env() });
      expect(toStdout.exitCode, format).toBe(0);
      expect(toStdout.stderr, format).toContain(warning);
      const file = await readFile(out, 'utf8');
      expect(toStdout.stdout, format).toBe(file);
      const written =
        format === 'csv'
          ? parseCsv(file)
              .slice(1)
              .map((row) => row[0])
          : format === 'json'
            ? (JSON.parse(file) as EventRecord[]).map((e) => e.id)
            : file
                .trim()
                .split('\n')
                .map((line) => (JSON.parse(line) as EventRecord).id);
      expect(written, format).toEqual(ids);
    }
    // Not a word when nothing repeats.
    await server.close();
    server = await overlappingServer(unique, PAGE, 0);
    const plain = await runKt(exportArgs('csv'), { env: env() });
    expect(plain.exitCode).toBe(0);
    expect(plain.stderr).not.toContain('duplicate');
  });

  it('an export interrupted between two overlapping pages drops the repeats after --resume too (the checkpoint keeps the last ids)', async () => {
    const out = join(home, 'report.csv');
    server.failAfter = 3;
    const first = await runKt(exportArgs('csv', '--output', out), { env: env() });
    expect(first.exitCode).toBe(5);
    const checkpoint = JSON.parse(await readFile(`${out}.kt-export.json`, 'utf8')) as {
      rows: number;
      duplicates: number;
      recent_ids: string;
    };
    // Three pages: 6, then 4 and 4 new events (2 repeats each).
    expect([checkpoint.rows, checkpoint.duplicates]).toEqual([14, 4]);
    expect(typeof checkpoint.recent_ids).toBe('string');
    server.failAfter = undefined;
    const second = await runKt(['events', 'export', '--resume', '--output', out], { env: env() });
    expect(second.exitCode, second.stderr).toBe(0);
    // The count covers the whole export, the runs before the resume included.
    expect(second.stderr).toContain(`dropped ${repeats} duplicate events`);
    const rows = parseCsv(await readFile(out, 'utf8')).slice(1);
    expect(rows.map((row) => row[0])).toEqual(ids);
    expect(existsSync(`${out}.kt-export.json`)).toBe(false);
  });

  it('with a converter thread (a real kt process: workers need the bundled dist/), the same rows', async () => {
    for (const format of ['csv', 'ndjson']) {
      const out = join(home, `threaded.${format}`);
      const r = await runKtProcess(exportArgs(format, '--output', out), {
        env: { ...env(), HOME: home, KT_EXPORT_WORKERS: '1' },
      });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stderr).toContain(`dropped ${repeats} duplicate events`);
      const reference = await runKt(exportArgs(format), { env: env() });
      expect(await readFile(out, 'utf8')).toBe(reference.stdout);
    }
  });
});

describe('kt events list against a server whose pages overlap', () => {
  it('prints each event once and warns how many it dropped, oldest first and as the latest N', async () => {
    const warning = `warning: dropped ${repeats} duplicate events: the server sent events already listed (same id) again; each is printed once\n`;
    const listed = await runKt(['events', 'list', '--from', '2025-01-01', '--limit', '1000', '--format', 'ndjson'], {
      env: env(),
    });
    expect(listed.exitCode).toBe(0);
    expect(listed.stderr).toContain(warning);
    const printed = (out: string) =>
      out
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as EventRecord).id);
    expect(printed(listed.stdout)).toEqual(ids);
    // `tail` (no --from) keeps the last N of everything it paged through: the repeats are not among them.
    const tail = await runKt(['events', 'tail', '--limit', '10', '--format', 'ndjson'], { env: env() });
    expect(tail.exitCode).toBe(0);
    expect(printed(tail.stdout)).toEqual(ids.slice(-10));
  });
});
