/**
 * End to end: `kt events tail` against a real gateway whose event log holds 50,000 events of the last
 * day. The gateway pages newest first (`order=desc`), so the tail reads about the events it prints: the
 * number of `GET /v1/events` requests is counted in the gateway's own request log (no timing asserted).
 * Before, kt paged through the whole day in append order: 50 requests of 1,000 to print 50 events.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLog, type NewEvent } from '../../../src/runtime/event-log.js';
import type { EventRecord } from '../../../src/core/types.js';
import { ktBin, runKtProcess } from '../../helpers/run-kt.js';
import { newEvent } from '../../helpers/events.js';
import { waitFor } from '../../helpers/wait.js';
import { cleanup, startGateway, tempDir, type RunningGateway } from '../gateway/helpers.js';

const RECENT = 50_000;
const OLD = 300; // 30 hours ago: outside the tail's 24 hours
const NOW = Date.now();

function event(i: number, at: number): NewEvent {
  return newEvent(i, at, {
    verdict: i % 5 === 0 ? 'block' : 'allow',
    reason_code: i % 5 === 0 ? 'prompt_injection.detected' : 'allowed',
    identity: { user: `u${i % 3}`, role: null, team: null },
  });
}

/** Event i's time: the OLD ones 30 h ago, then RECENT spread over the last 20 hours, in append order. */
const timeOf = (i: number) =>
  i < OLD ? NOW - 30 * 3_600_000 + i : NOW - 20 * 3_600_000 + (i - OLD) * Math.floor((20 * 3_600_000) / RECENT);
const TOTAL = OLD + RECENT;

let gw: RunningGateway;

beforeAll(async () => {
  if (!existsSync(join(ktBin, '..', '..', 'dist', 'kt.js')))
    throw new Error('run `npm run build` before the e2e tests');
  const dir = await tempDir('kt-e2e-tail-');
  const log = await EventLog.open(join(dir, 'state', 'events'), { segmentBytes: 4 * 1024 * 1024 });
  for (let b = 0; b < TOTAL; b += 1000)
    await Promise.all(
      Array.from({ length: Math.min(1000, TOTAL - b) }, (_, k) => log.append(event(b + k, timeOf(b + k)))),
    );
  await log.close();
  gw = await startGateway(
    'pack: {name: p, version: 1.0.0, enabled: true}\nproviders:\n  targets:\n    - {id: echo, provider: mock}\npolicies:\n  chain: [pii-detector]\npolicy:\n  pii-detector: {action: redact}\n',
    { dir },
  );
}, 120_000);

afterAll(async () => {
  await cleanup(gw);
});

/** `GET /v1/events` requests in the gateway's request log so far. */
const eventRequests = () => gw.stderr().match(/ GET \/v1\/events /g)?.length ?? 0;

/**
 * Waits until the request log holds every request answered so far: a line is written once its answer is
 * sent, so a /health asked now is logged after them all.
 */
async function settle(): Promise<void> {
  const healthLines = () => gw.stderr().match(/ GET \/health /g)?.length ?? 0;
  const health = healthLines();
  await fetch(`${gw.url}/health`);
  await waitFor(() => healthLines() > health);
}

async function tail(
  args: string[],
): Promise<{ ids: string[]; requests: number; stderr: string; exitCode: number | null }> {
  await settle();
  const before = eventRequests();
  const r = await runKtProcess(['events', 'tail', '--format', 'ndjson', ...args], {
    env: { PATH: process.env.PATH, KEEPTRUSTS_API_URL: gw.url, KEEPTRUSTS_API_TOKEN: gw.adminToken, HOME: gw.dir },
    timeoutMs: 110_000,
  });
  await settle();
  const ids =
    r.stdout === ''
      ? []
      : r.stdout
          .trimEnd()
          .split('\n')
          .map((l) => (JSON.parse(l) as EventRecord).id);
  return { ids, requests: eventRequests() - before, stderr: r.stderr, exitCode: r.exitCode };
}

const idsOf = (indexes: number[]) => indexes.map((i) => event(i, 0).id);
const lastIndexes = (n: number, keep: (i: number) => boolean = () => true) => {
  const out: number[] = [];
  for (let i = TOTAL - 1; i >= OLD && out.length < n; i--) if (keep(i)) out.push(i);
  return out.reverse();
};

describe('GET /v1/events?order', () => {
  const get = async (query: string) => {
    const res = await fetch(`${gw.url}/v1/events?${query}`, { headers: { authorization: `Bearer ${gw.adminToken}` } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string } } };
  };

  it('echoes the order asked for; a page asked without it keeps the contract shape; a bad order or a cursor of the other order is 422', async () => {
    const plain = await get('limit=2');
    expect(Object.keys(plain.body).sort()).toEqual(['events', 'next_cursor']);
    expect((await get('limit=2&order=asc')).body.order).toBe('asc');
    const desc = await get('limit=2&order=desc');
    expect(desc.body.order).toBe('desc');
    expect((desc.body.events as EventRecord[]).map((e) => e.id)).toEqual(idsOf([TOTAL - 1, TOTAL - 2]));
    expect((await get('limit=2&order=sideways')).body.error?.code).toBe('invalid_order');
    expect((await get('limit=2&order=desc&order=asc')).body.error?.code).toBe('invalid_order');
    const other = await get(`limit=2&cursor=${desc.body.next_cursor as string}`);
    expect([other.status, other.body.error?.code]).toEqual([422, 'invalid_cursor']);
  });
});

describe('kt events tail against a gateway with 50,000 events today', () => {
  it('--limit 50: the last 50, oldest first, from one request', async () => {
    const r = await tail(['--limit', '50']);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(r.ids).toEqual(idsOf(lastIndexes(50)));
    expect(r.requests).toBe(1);
  }, 120_000);

  it('--limit 2500 with a filter: pages counted back, then the pages between asked again (6 requests, not 51)', async () => {
    const r = await tail(['--limit', '2500', '--filter', 'verdict:block']);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(r.ids).toEqual(idsOf(lastIndexes(2500, (i) => i % 5 === 0)));
    // Back: 100 (a first page is small: src/api/page-size.ts) + 1,000 + 1,000 + 400; forward:
    // the two middle pages again (the newest and oldest are held).
    expect(r.requests).toBe(6);
  }, 120_000);

  it("--since (the public docs' `kt events tail --since 1h`) starts the period; tail still prints its latest events, list --from its first", async () => {
    const k = OLD + 40_000;
    const since = new Date(timeOf(k)).toISOString();
    const r = await tail(['--since', since, '--limit', '50']);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    // The last 50 of the period, from one request: it printed the 50 after `since` (the oldest of it).
    expect(r.ids).toEqual(idsOf(lastIndexes(50)));
    expect(r.requests).toBe(1);
    // A period holding fewer than --limit: all of it, and nothing before --since.
    const few = await tail(['--from', new Date(timeOf(TOTAL - 3)).toISOString(), '--limit', '50']);
    expect(few.ids).toEqual(idsOf([TOTAL - 3, TOTAL - 2, TOTAL - 1]));
    const list = await runKtProcess(['events', 'list', '--from', since, '--limit', '3', '--format', 'ndjson'], {
      env: { PATH: process.env.PATH, KEEPTRUSTS_API_URL: gw.url, KEEPTRUSTS_API_TOKEN: gw.adminToken, HOME: gw.dir },
      timeoutMs: 110_000,
    });
    expect(list.exitCode, list.stderr).toBe(0);
    const listed = list.stdout
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as EventRecord).id);
    expect(listed).toEqual(idsOf([k, k + 1, k + 2]));
  }, 120_000);

  it('--limit above the old 10,000 cap is served, in two pages of memory; more than the day holds stops at the day', async () => {
    const r = await tail(['--limit', '12000']);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(r.ids).toEqual(idsOf(lastIndexes(12_000)));
    // Back: 100 + 11 x 1,000 + 900; forward: the 11 pages between the newest and the oldest.
    expect(r.requests).toBe(13 + 11);
    // Everything of the last 24 hours and nothing older, though the log holds older events.
    const all = await tail(['--limit', '60000', '--filter', 'user:u1']);
    expect([all.exitCode, all.stderr]).toEqual([0, '']);
    expect(all.ids).toEqual(idsOf(lastIndexes(RECENT, (i) => i % 3 === 1)));
  }, 120_000);
});
