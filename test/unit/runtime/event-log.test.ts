import { closeSync, constants, openSync } from 'node:fs';
import { mkdtemp, open, readFile, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventLog, type NewEvent, segmentName, verifyEventLog } from '../../../src/runtime/event-log.js';
import { encodeCursor, InvalidCursor, timeMs } from '../../../src/runtime/event-query.js';
import type { StepVerdict } from '../../../src/core/types.js';
import { mkfifo } from '../../helpers/odd-files.js';
import { pollUntil } from '../../helpers/wait.js';

function event(i: number, at: number, extra: Partial<NewEvent> = {}): NewEvent {
  return {
    id: `evt_${String(i).padStart(26, '0')}`,
    timestamp: new Date(at).toISOString(),
    event_type: 'gateway.request',
    verdict: i % 3 === 0 ? 'block' : 'allow',
    reason_code: i % 3 === 0 ? 'prompt_injection.detected' : 'allowed',
    pack: { name: 'p', version: '1.0.0' },
    config_hash: 'sha256:x',
    policies: [
      {
        name: 'prompt-injection',
        kind: 'prompt-injection',
        phase: 'input',
        verdict: i % 3 === 0 ? 'block' : 'allow',
        reason_code: null,
        duration_us: 5,
      },
    ],
    model: 'm',
    provider: i % 2 === 0 ? 'mock' : 'openai',
    gateway_id: 'local',
    identity: { user: `u${i % 4}`, role: null, team: null },
    request_id: `req_${i}`,
    latency_ms: 1,
    tokens: { input: 1, output: 1 },
    redactions: [],
    ...extra,
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-events-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const T0 = Date.parse('2026-03-01T10:00:00Z');

async function filled(n: number): Promise<EventLog> {
  const log = await EventLog.open(dir, { now: () => T0 + n * 1000 });
  await Promise.all(Array.from({ length: n }, (_, i) => log.append(event(i, T0 + i * 1000))));
  return log;
}

describe('event log', () => {
  it('chains records and verifies an untouched log, also after reopening', async () => {
    const log = await filled(20);
    await log.close();
    const again = await EventLog.open(dir);
    await again.append(event(20, T0 + 20_000));
    await again.close();
    const result = await verifyEventLog(dir);
    expect(result).toMatchObject({ ok: true, records: 21 });
  });

  it('names the edited record', async () => {
    await (await filled(10)).close();
    const file = join(dir, segmentName(1));
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[4] = lines[4]!.replace('"verdict":"allow"', '"verdict":"block"');
    await writeFile(file, lines.join('\n'));
    const result = await verifyEventLog(dir);
    expect(result.ok).toBe(false);
    expect(result.first_bad).toMatchObject({ segment: segmentName(1), line: 5, id: event(4, 0).id });
    expect(result.first_bad!.problem).toMatch(/edited/);
  });

  it('detects a removed, a reordered and a truncated-at-the-end log', async () => {
    await (await filled(6)).close();
    const file = join(dir, segmentName(1));
    const original = await readFile(file, 'utf8');
    const lines = original.trimEnd().split('\n');

    await writeFile(file, `${[...lines.slice(0, 2), ...lines.slice(3)].join('\n')}\n`);
    expect((await verifyEventLog(dir)).first_bad).toMatchObject({ line: 3, problem: expect.stringMatching(/removed/) });

    await writeFile(file, `${[lines[0], lines[2], lines[1], ...lines.slice(3)].join('\n')}\n`);
    expect((await verifyEventLog(dir)).first_bad).toMatchObject({ line: 2 });

    await writeFile(file, `${lines.slice(0, 5).join('\n')}\n`);
    const cut = await verifyEventLog(dir);
    expect(cut.ok).toBe(false);
    expect(cut.first_bad!.problem).toMatch(/head\.json/);
  });

  it('verifies records longer than a read block, and reports a line with no end in sight without holding it', async () => {
    const log = await EventLog.open(dir, { now: () => T0 });
    // Records of ~600 KB span three 256 KiB blocks of the reader.
    for (let i = 0; i < 3; i++) await log.append(event(i, T0 + i, { model: `m${'x'.repeat(600_000)}` }));
    await log.close();
    expect(await verifyEventLog(dir)).toMatchObject({ ok: true, records: 3 });
    const again = await EventLog.open(dir);
    const first = await again.query({ limit: 1, filters: {} });
    const second = await again.query({ limit: 5, filters: {}, cursor: first.next_cursor! });
    expect(second.events.map((e) => e.id)).toEqual([event(1, 0).id, event(2, 0).id]);
    await again.close();
    // 80 MiB without a newline after the records (a sparse file: nothing to write, but every byte to read).
    const file = join(dir, segmentName(1));
    const size = (await readFile(file)).length;
    await truncate(file, size + 80 * 1024 * 1024);
    expect(await verifyEventLog(dir)).toMatchObject({
      ok: false,
      records: 3,
      first_bad: { segment: segmentName(1), line: 4, problem: expect.stringMatching(/no end within 64 MiB/) },
    });
  });

  it('pages past a record holding bytes that are not UTF-8 (the cursor counts bytes, not decoded text)', async () => {
    await (await filled(3)).close();
    const file = join(dir, segmentName(1));
    const bytes = await readFile(file);
    // One byte of the first record's request id becomes 0xff (decoded as U+FFFD, three bytes in UTF-8).
    const at = bytes.indexOf('"req_0"') + 2;
    bytes[at] = 0xff;
    await writeFile(file, bytes);
    const log = await EventLog.open(dir);
    const first = await log.query({ limit: 1, filters: {} });
    const rest = await log.query({ limit: 5, filters: {}, cursor: first.next_cursor! });
    expect(rest.events.map((e) => e.id)).toEqual([event(1, 0).id, event(2, 0).id]);
    await log.close();
  });

  it('a line that is not a record stops a query (and a lookup) naming its byte, instead of being left out of the page', async () => {
    await (await filled(5)).close();
    const file = join(dir, segmentName(1));
    const lines = (await readFile(file, 'utf8')).split('\n');
    const at = lines.slice(0, 2).join('\n').length + 1;
    for (const damage of ['garbage, not JSON', 'null', `["${event(2, 0).id}"]`, `{"id": "${event(2, 0).id}"`]) {
      await writeFile(file, [...lines.slice(0, 2), damage, ...lines.slice(3)].join('\n'));
      const log = await EventLog.open(dir);
      const damaged = {
        code: 'config.event_log_damaged',
        message: `the event log is damaged: the line at byte ${at} of this segment is not an event record (not a JSON object)`,
        details: expect.objectContaining({ file }) as unknown,
      };
      // The page before the line is served; the one that holds it is an error, not 4 records out of 5.
      expect((await log.query({ limit: 2, filters: {} })).events).toHaveLength(2);
      await expect(log.query({ limit: 10, filters: {} })).rejects.toMatchObject(damaged);
      if (damage.includes(event(2, 0).id)) await expect(log.get(event(2, 0).id)).rejects.toMatchObject(damaged);
      await log.close();
    }
  });

  it('keeps head.json within a second of the log while records come one by one, and exact after close', async () => {
    const log = await EventLog.open(dir);
    const readHead = async () =>
      JSON.parse((await readFile(join(dir, 'head.json'), 'utf8').catch(() => undefined)) ?? '{"count":0}') as {
        count: number;
        hash: string;
      };
    let last = await log.append(event(0, T0));
    for (let i = 1; i < 5; i++) last = await log.append(event(i, T0 + i));
    // Not rewritten for each record, but by the timer once the lag has passed, with nothing more appended.
    expect(await pollUntil(readHead, (h) => h.count === 5, { timeoutMs: 5_000, intervalMs: 50 })).toMatchObject({
      hash: last.hash,
    });
    expect((await verifyEventLog(dir)).ok).toBe(true);
    const after = await log.append(event(5, T0 + 5));
    await log.close();
    expect(await readHead()).toEqual({ segment: 1, hash: after.hash, count: 6 });
    expect(await verifyEventLog(dir)).toMatchObject({ ok: true, records: 6 });
  });

  it('never leaves an append waiting for the head timer (records appended one after another)', async () => {
    // With setTimeout frozen, an append that only the head timer would write never resolves.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const log = await EventLog.open(dir);
      for (let i = 0; i < 12; i++) await log.append(event(i, T0 + i));
      await log.close();
    } finally {
      vi.useRealTimers();
    }
    expect(await verifyEventLog(dir)).toMatchObject({ ok: true, records: 12 });
  });

  it('pages with a cursor that is stable while events are appended, with filters', async () => {
    const log = await filled(25);
    const first = await log.query({ limit: 10, filters: {} });
    expect(first.events.map((e) => e.request_id)).toEqual(Array.from({ length: 10 }, (_, i) => `req_${i}`));
    await log.append(event(25, T0 + 25_000));
    const second = await log.query({ limit: 10, filters: {}, cursor: first.next_cursor! });
    expect(second.events[0]!.request_id).toBe('req_10');
    const third = await log.query({ limit: 10, filters: {}, cursor: second.next_cursor! });
    expect(third.events.map((e) => e.request_id)).toEqual(Array.from({ length: 6 }, (_, i) => `req_${20 + i}`));
    expect(third.next_cursor).toBeNull();

    const blocked = await log.query({ limit: 100, filters: { verdict: ['blocked'], provider: ['mock'] } });
    expect(blocked.events.every((e) => e.verdict === 'block' && e.provider === 'mock')).toBe(true);
    expect(blocked.events.length).toBe(5); // i in {0, 6, 12, 18, 24}
    const window = await log.query({ limit: 100, filters: {}, from: T0 + 5000, to: T0 + 8000 });
    expect(window.events.map((e) => e.request_id)).toEqual(['req_5', 'req_6', 'req_7']);
    expect(await log.get(event(7, 0).id)).toMatchObject({ request_id: 'req_7' });
    await log.close();
  });

  it('filters by policy on the steps that ran: a step the chain skipped after a block did not see the request', async () => {
    const log = await EventLog.open(dir, { now: () => T0 });
    const step = (name: string, verdict: StepVerdict, reason_code: string | null = null) => ({
      name,
      kind: name,
      phase: 'input' as const,
      verdict,
      reason_code,
      duration_us: 1,
    });
    // Blocked by prompt-injection: dlp-filter is listed, short-circuited.
    await log.append(
      event(0, T0, {
        policies: [step('prompt-injection', 'block'), step('dlp-filter', 'skipped', 'chain.short_circuit')],
      }),
    );
    await log.append(event(1, T0 + 1, { policies: [step('prompt-injection', 'allow'), step('dlp-filter', 'allow')] }));
    await log.append(event(2, T0 + 2, { policies: [step('prompt-injection', 'allow'), step('dlp-filter', 'redact')] }));
    const ids = async (policy: string[]) =>
      (await log.query({ limit: 10, filters: { policy } })).events.map((e) => e.request_id);
    expect(await ids(['dlp-filter'])).toEqual(['req_1', 'req_2']);
    expect(await ids(['prompt-injection'])).toEqual(['req_0', 'req_1', 'req_2']);
    await log.close();
  });

  it('pages through a multi-block segment with nothing lost or repeated', async () => {
    const log = await EventLog.open(dir);
    await Promise.all(Array.from({ length: 3000 }, (_, i) => log.append(event(i, T0 + i))));
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const page = await log.query({ limit: 700, filters: {}, ...(cursor ? { cursor } : {}) });
      seen.push(...page.events.map((e) => e.request_id));
      if (page.next_cursor === null) break;
      cursor = page.next_cursor;
    }
    expect(seen.length).toBe(3000);
    expect(new Set(seen).size).toBe(3000);
    expect(seen[2999]).toBe('req_2999');
    await log.close();
  });

  it('time-range queries over day segments return exactly the events in [from, to)', async () => {
    const day = 86_400_000;
    const log = await EventLog.open(dir);
    for (let d = 0; d < 4; d++) for (let i = 0; i < 3; i++) await log.append(event(d * 3 + i, T0 + d * day + i * 1000));
    const ids = async (from?: number, to?: number) =>
      (
        await log.query({
          limit: 1000,
          filters: {},
          ...(from !== undefined ? { from } : {}),
          ...(to !== undefined ? { to } : {}),
        })
      ).events.map((e) => e.request_id);
    expect(await ids(T0 + 2 * day)).toEqual(['req_6', 'req_7', 'req_8', 'req_9', 'req_10', 'req_11']);
    expect(await ids(undefined, T0 + day + 1000)).toEqual(['req_0', 'req_1', 'req_2', 'req_3']);
    expect(await ids(T0 + day + 1000, T0 + 2 * day + 1000)).toEqual(['req_4', 'req_5', 'req_6']);
    expect(await ids(T0 + 9 * day)).toEqual([]);
    await log.close();
  });

  it('prunes old segments by retention and the rest still verifies from the anchor', async () => {
    const day = 86_400_000;
    let now = T0;
    const log = await EventLog.open(dir, { now: () => now });
    for (let d = 0; d < 4; d++) {
      for (let i = 0; i < 3; i++) await log.append(event(d * 3 + i, T0 + d * day + i));
    }
    expect((await readdir(dir)).filter((f) => f.startsWith('segment-')).length).toBe(4);
    now = T0 + 3 * day + 1000;
    expect(await log.prune(2)).toBe(2); // days 0 and 1 end before the cut-off (now - 2 days)
    await log.append(event(99, now));
    await log.close();
    const result = await verifyEventLog(dir);
    expect(result).toMatchObject({ ok: true, records: 7 });
    await rm(join(dir, segmentName(3)));
    expect((await verifyEventLog(dir)).ok).toBe(false);
  });
});

describe('event log cursors', () => {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

  it('refuses cursors it did not issue: garbage, non-canonical forms, offsets inside a record, unknown segments', async () => {
    const log = await filled(3);
    const firstLength = (await readFile(join(dir, segmentName(1)), 'utf8')).indexOf('\n') + 1;
    const issued = (await log.query({ limit: 1, filters: {} })).next_cursor!;
    expect(issued).toBe(encodeCursor(1, firstLength));
    for (const cursor of [
      'zzz',
      'AAAA',
      'eA',
      b64('1:abc'), // base64 that decodes to something else than segment:offset
      b64('1:1'),
      b64(`1:${firstLength - 1}`),
      b64(`1:${firstLength + 1}`), // inside a record: used to skip it silently
      b64('01:0'),
      b64(`1:0${firstLength}`),
      `${issued}=`, // the same position written another way
      b64('0:0'),
      b64('2:0'),
      b64('1:99999999'), // no such segment, past the end
    ]) {
      await expect(log.query({ limit: 10, filters: {}, cursor }), cursor).rejects.toBeInstanceOf(InvalidCursor);
    }
    expect((await log.query({ limit: 10, filters: {}, cursor: issued })).events.map((e) => e.request_id)).toEqual([
      'req_1',
      'req_2',
    ]);
    expect((await log.query({ limit: 10, filters: {}, cursor: encodeCursor(1, 0) })).events).toHaveLength(3);
    await log.close();
  });

  it('a cursor into a segment retention removed starts at the oldest remaining record', async () => {
    const day = 86_400_000;
    let now = T0;
    const log = await EventLog.open(dir, { now: () => now });
    for (let d = 0; d < 3; d++) await log.append(event(d, T0 + d * day));
    const issued = (await log.query({ limit: 1, filters: {} })).next_cursor!;
    now = T0 + 2 * day + 1000;
    expect(await log.prune(1)).toBe(2);
    expect((await log.query({ limit: 10, filters: {}, cursor: issued })).events.map((e) => e.request_id)).toEqual([
      'req_2',
    ]);
    await log.close();
  });
});

describe('event log crash recovery', () => {
  it('verify checks the complete records before an incomplete last line: an edit before it is the first problem, and the count is true', async () => {
    await (await filled(5)).close();
    const file = join(dir, segmentName(1));
    const original = await readFile(file, 'utf8');
    await writeFile(file, `${original}{"id":"evt_partial","verd`);
    expect((await verifyEventLog(dir)).first_bad).toMatchObject({
      line: 6,
      problem: expect.stringMatching(/incomplete/),
    });
    expect((await verifyEventLog(dir)).records).toBe(5);
    const lines = original.split('\n');
    lines[1] = lines[1]!.replace('"verdict":"allow"', '"verdict":"block"');
    await writeFile(file, `${lines.join('\n')}{"id":"evt_partial","verd`);
    const result = await verifyEventLog(dir);
    expect(result).toMatchObject({ ok: false, records: 1 });
    expect(result.first_bad).toMatchObject({ line: 2, id: event(1, 0).id, problem: expect.stringMatching(/edited/) });
  });

  it('verify of a running gateway: a last record still being written when the walk reaches it is read again once it ends', async () => {
    const log = await filled(4);
    await log.close();
    const file = join(dir, segmentName(1));
    const text = await readFile(file, 'utf8');
    const lastStart = text.lastIndexOf('\n', text.length - 2) + 1;
    // The first three records and half of the fourth on disk; the rest of it lands while verify runs.
    await writeFile(file, text.slice(0, lastStart + 40));
    const handle = await open(file, 'a');
    const verifying = verifyEventLog(dir);
    // Well within the time verify gives such a line to end (it reaches the cut line first on any machine
    // that is not stalled; where it does not, the test still passes, as it would without the wait).
    await new Promise((r) => setTimeout(r, 50));
    await handle.write(text.slice(lastStart + 40));
    await handle.close();
    expect(await verifying).toMatchObject({ ok: true, records: 4 });
  });

  it('cuts an incomplete last line left by an interrupted write and continues a valid chain', async () => {
    await (await filled(3)).close();
    const file = join(dir, segmentName(1));
    await writeFile(file, `${await readFile(file, 'utf8')}{"id":"evt_partial","verd`);
    const log = await EventLog.open(dir);
    expect(log.repairedBytes).toBe('{"id":"evt_partial","verd'.length);
    await log.append(event(3, T0 + 3000));
    await log.close();
    expect(await verifyEventLog(dir)).toMatchObject({ ok: true, records: 4 });
  });

  it('inspect (the read-only open of a dry run) measures an incomplete last line without cutting it', async () => {
    await (await filled(3)).close();
    const file = join(dir, segmentName(1));
    const damaged = `${await readFile(file, 'utf8')}{"id":"evt_partial","verd`;
    await writeFile(file, damaged);
    const before = await stat(file);
    expect(await EventLog.inspect(dir)).toEqual({ incompleteTailBytes: '{"id":"evt_partial","verd'.length });
    expect(await readFile(file, 'utf8')).toBe(damaged);
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
    expect((await readdir(dir)).sort()).toEqual(['head.json', segmentName(1)]);
    // open() then cuts exactly what inspect measured.
    expect((await EventLog.open(dir)).repairedBytes).toBe('{"id":"evt_partial","verd'.length);
  });

  it('inspect refuses what open refuses (an unreadable last record, a damaged head); a missing directory is undefined, not created', async () => {
    await (await filled(2)).close();
    const file = join(dir, segmentName(1));
    await writeFile(file, `${await readFile(file, 'utf8')}not json at all\n`);
    await expect(EventLog.inspect(dir)).rejects.toThrow(/damaged.*line 3/);
    await expect(EventLog.open(dir)).rejects.toThrow(/damaged.*line 3/);
    await writeFile(file, '');
    await writeFile(join(dir, 'head.json'), '{');
    await expect(EventLog.inspect(dir)).rejects.toMatchObject({ code: 'config.state_file_invalid' });
    await expect(EventLog.open(dir)).rejects.toMatchObject({ code: 'config.state_file_invalid' });
    expect(await EventLog.inspect(join(dir, 'none'))).toBeUndefined();
    expect(await readdir(dir)).not.toContain('none');
  });

  it('refuses to continue a log whose last record is unreadable', async () => {
    await (await filled(2)).close();
    const file = join(dir, segmentName(1));
    await writeFile(file, `${await readFile(file, 'utf8')}not json at all\n`);
    await expect(EventLog.open(dir)).rejects.toThrow(/damaged.*line 3/);
  });

  it('timeMs keeps microseconds (Date.parse stops at the millisecond); digits past them round up', () => {
    const ms = Date.parse('2026-11-22T01:15:20.322Z');
    expect(timeMs('2026-11-22T01:15:20.322Z')).toBe(ms);
    expect(timeMs('2026-11-22T01:15:20.3221Z')).toBe((ms * 1000 + 100) / 1000);
    expect(timeMs('2026-11-22T01:15:20.322100Z')).toBe(timeMs('2026-11-22T01:15:20.3221Z'));
    expect(timeMs('2026-11-22T03:15:20.322500+02:00')).toBe((ms * 1000 + 500) / 1000);
    expect(timeMs('2026-11-22T01:15:20.3225001Z')).toBe((ms * 1000 + 501) / 1000);
    expect(timeMs('2026-11-22T01:15:20.3225000Z')).toBe((ms * 1000 + 500) / 1000);
    expect(timeMs('2026-11-22T01:15:20.322100Z')).toBeLessThan(timeMs('2026-11-22T01:15:20.3225Z'));
    expect(timeMs('nope')).toBeNaN();
  });

  it('a query window cuts between records of the same millisecond', async () => {
    const log = await EventLog.open(dir, { now: () => T0 });
    const at = ['2026-03-01T10:00:00.322100Z', '2026-03-01T10:00:00.322500Z', '2026-03-01T10:00:00.322900Z'];
    for (const [i, timestamp] of at.entries()) await log.append({ ...event(i, T0), timestamp });
    const ids = async (from: string, to: string) =>
      (await log.query({ limit: 10, filters: {}, from: timeMs(from), to: timeMs(to) })).events.map((e) => e.timestamp);
    expect(await ids('2026-03-01T10:00:00Z', '2026-03-01T10:00:00.3225Z')).toEqual(at.slice(0, 1));
    expect(await ids('2026-03-01T10:00:00.3225Z', '2026-03-01T10:00:01Z')).toEqual(at.slice(1));
    await log.close();
  });
});

describe('event log segments that are not regular files', () => {
  /**
   * Settles with the promise, or fails after `ms`: an open() blocked on a FIFO never settles. The FIFO is
   * then opened for writing, which ends such an open, so a hang fails the test without leaving a thread of
   * the worker stuck in it.
   */
  async function within<T>(promise: Promise<T>, fifo: string, ms = 3000): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        try {
          closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
        } catch {
          // No reader waiting: nothing to release.
        }
        reject(new Error(`still waiting after ${ms} ms`));
      }, ms);
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  it("the gateway's readers (query, get, open) and verify refuse a FIFO segment at once, naming it (they waited for ever)", async () => {
    const log = await filled(3);
    const fifo = mkfifo(join(dir, segmentName(2)));
    const refused = {
      code: 'config.event_log_damaged',
      message: 'the event log is damaged: this segment is a named pipe (FIFO), not a regular file',
      details: expect.objectContaining({ file: fifo }) as unknown,
    };
    await expect(within(log.query({ limit: 10, filters: {} }), fifo)).rejects.toMatchObject(refused);
    await expect(within(log.get('evt_none'), fifo)).rejects.toMatchObject(refused);
    await log.close();
    await expect(within(EventLog.open(dir), fifo)).rejects.toMatchObject(refused);
    await expect(within(verifyEventLog(dir), fifo)).rejects.toMatchObject(refused);
  });

  it('appending to a segment name taken by a FIFO fails at once instead of waiting for a reader', async () => {
    const log = await filled(1);
    const fifo = mkfifo(join(dir, segmentName(2)));
    // The next day: the log rotates to segment 2. O_NONBLOCK makes open() fail (ENXIO: no reader).
    await expect(within(log.append(event(1, T0 + 86_400_000)), fifo)).rejects.toMatchObject({ code: 'ENXIO' });
    await log.close();
  });
});

describe('event log pages newest first (order: desc)', () => {
  /** Every page of a newest-first query, with the cursors used. */
  async function pagesDesc(log: EventLog, q: Partial<Parameters<EventLog['query']>[0]>, limit: number) {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await log.query({ filters: {}, ...q, limit, order: 'desc', ...(cursor ? { cursor } : {}) });
      pages++;
      seen.push(...page.events.map((e) => e.request_id));
      if (page.next_cursor === null) break;
      cursor = page.next_cursor;
    }
    return { seen, pages };
  }

  it('is append order reversed, page after page, across segments and read blocks, with nothing lost or repeated', async () => {
    // Small segments (many files) and records long enough that pages cross 256 KiB read blocks.
    const log = await EventLog.open(dir, { segmentBytes: 300_000 });
    const long = 'y'.repeat(700);
    for (let b = 0; b < 6; b++)
      await Promise.all(
        Array.from({ length: 500 }, (_, k) => {
          const i = b * 500 + k;
          return log.append(event(i, T0 + i, { model: i % 97 === 0 ? long.repeat(500) : long }));
        }),
      );
    expect((await readdir(dir)).filter((f) => f.startsWith('segment-')).length).toBeGreaterThan(5);
    const expected = Array.from({ length: 3000 }, (_, i) => `req_${2999 - i}`);
    for (const limit of [1, 7, 1000]) {
      const { seen } = await pagesDesc(log, {}, limit);
      expect(seen).toEqual(expected);
    }
    // Filters and a time window, as in append order.
    const asc = (await log.query({ limit: 1000, filters: { verdict: ['block'] }, from: T0 + 100, to: T0 + 2500 }))
      .events;
    const { seen } = await pagesDesc(log, { filters: { verdict: ['block'] }, from: T0 + 100, to: T0 + 2500 }, 33);
    expect(seen).toEqual(asc.map((e) => e.request_id).reverse());
    await log.close();
  });

  it('a cursor is stable while events are appended (they are newer), and refused in the other order', async () => {
    const log = await filled(25);
    const first = await log.query({ limit: 10, filters: {}, order: 'desc' });
    expect(first.events.map((e) => e.request_id)).toEqual(Array.from({ length: 10 }, (_, i) => `req_${24 - i}`));
    await log.append(event(25, T0 + 25_000));
    const second = await log.query({ limit: 10, filters: {}, order: 'desc', cursor: first.next_cursor! });
    expect(second.events.map((e) => e.request_id)).toEqual(Array.from({ length: 10 }, (_, i) => `req_${14 - i}`));
    const third = await log.query({ limit: 10, filters: {}, order: 'desc', cursor: second.next_cursor! });
    expect(third.events.map((e) => e.request_id)).toEqual(['req_4', 'req_3', 'req_2', 'req_1', 'req_0']);
    expect(third.next_cursor).toBeNull();
    // The new event is on a fresh first page.
    expect((await log.query({ limit: 1, filters: {}, order: 'desc' })).events[0]!.request_id).toBe('req_25');
    // A cursor of one order is no cursor of the other.
    await expect(log.query({ limit: 10, filters: {}, cursor: first.next_cursor! })).rejects.toBeInstanceOf(
      InvalidCursor,
    );
    const ascCursor = (await log.query({ limit: 1, filters: {} })).next_cursor!;
    await expect(log.query({ limit: 10, filters: {}, order: 'desc', cursor: ascCursor })).rejects.toBeInstanceOf(
      InvalidCursor,
    );
    const inside = Buffer.from(
      `~1:${Buffer.from(first.next_cursor!, 'base64url').toString().split(':')[1]! + '1'}`,
    ).toString('base64url');
    await expect(log.query({ limit: 10, filters: {}, order: 'desc', cursor: inside })).rejects.toBeInstanceOf(
      InvalidCursor,
    );
    await log.close();
  });

  it('leaves out a partial last line (a write in progress), as append order does', async () => {
    const log = await filled(3);
    await log.close();
    await writeFile(join(dir, segmentName(1)), '{"id":"evt_partial","timest', { flag: 'a' });
    const reopened = await EventLog.open(dir);
    // open() cuts it; write it again behind the reader's back, as a write in progress would look.
    await writeFile(join(dir, segmentName(1)), '{"id":"evt_partial","timest', { flag: 'a' });
    const page = await reopened.query({ limit: 10, filters: {}, order: 'desc' });
    expect(page.events.map((e) => e.request_id)).toEqual(['req_2', 'req_1', 'req_0']);
    await reopened.close();
  });

  it('a cursor into a segment retention removed has nothing before it: an empty last page, not an error', async () => {
    const day = 86_400_000;
    let now = T0;
    const log = await EventLog.open(dir, { now: () => now });
    for (let d = 0; d < 3; d++) for (let i = 0; i < 2; i++) await log.append(event(d * 2 + i, T0 + d * day + i));
    const first = await log.query({ limit: 5, filters: {}, order: 'desc' });
    expect(first.events.at(-1)!.request_id).toBe('req_1'); // the cursor points into day 0
    now = T0 + 2 * day + 1000;
    expect(await log.prune(1)).toBe(2);
    expect(await log.query({ limit: 10, filters: {}, order: 'desc', cursor: first.next_cursor! })).toEqual({
      events: [],
      next_cursor: null,
    });
    await log.close();
  });
});

describe('event log verify while retention prunes', () => {
  const day = 86_400_000;

  /** A log with one segment per day for `days` days, three records each. */
  async function daily(days: number, now: () => number): Promise<EventLog> {
    const log = await EventLog.open(dir, { now });
    for (let d = 0; d < days; d++) {
      for (let i = 0; i < 3; i++) await log.append(event(d * 3 + i, T0 + d * day + i));
    }
    return log;
  }

  it('a prune that wrote the anchor but has not removed the old segments yet is no break', async () => {
    const log = await daily(4, () => T0);
    await log.close();
    // What prune does first (before removing segments 1 and 2): the anchor the third segment chains to.
    const second = (await readFile(join(dir, segmentName(2)), 'utf8')).trim().split('\n').at(-1)!;
    const last = JSON.parse(second) as { hash: string; timestamp: string };
    await writeFile(
      join(dir, 'anchor.json'),
      JSON.stringify({ first_segment: 3, prev_hash: last.hash, pruned_through: last.timestamp }),
    );
    expect(await verifyEventLog(dir)).toMatchObject({ ok: true, records: 6, segments: 2 });
  });

  it('a prune never removes the record head.json names, while records keep coming or after a crash', async () => {
    let now = T0;
    const log = await daily(4, () => now);
    // head.json lags the log by up to a second: it still names the first record, in the first segment.
    now = T0 + 3 * day;
    expect(await log.prune(1)).toBe(2);
    expect(await verifyEventLog(dir)).toMatchObject({ ok: true, records: 6 });
    await log.close();
    // A gateway killed before its head caught past the third segment, restarted and pruning at start-up.
    const third = JSON.parse((await readFile(join(dir, segmentName(3)), 'utf8')).split('\n')[0]!) as {
      hash: string;
    };
    await writeFile(join(dir, 'head.json'), JSON.stringify({ segment: 3, hash: third.hash, count: 9 }));
    expect(await verifyEventLog(dir)).toMatchObject({ ok: true, records: 6 });
    const restarted = await EventLog.open(dir, { now: () => T0 + 4 * day });
    expect(await restarted.prune(1)).toBe(1);
    expect(await verifyEventLog(dir)).toMatchObject({ ok: true, records: 3 });
    await restarted.close();
  });
});

describe('event log segments cut short', () => {
  it('a segment other than the last whose last record was cut stops queries, both orders, and lookups, naming it', async () => {
    const log = await EventLog.open(dir, { segmentBytes: 2000 });
    for (let i = 0; i < 12; i++) await log.append(event(i, T0 + i));
    await log.close();
    const file = join(dir, segmentName(1));
    const text = await readFile(file, 'utf8');
    const lines = text.trimEnd().split('\n');
    expect((await readdir(dir)).filter((f) => f.startsWith('segment-')).length).toBeGreaterThan(1);
    // The last record of the first segment loses its end (and its newline).
    const cutAt = text.length - 1 - lines.at(-1)!.length;
    await truncate(file, cutAt + 40);
    const damaged = {
      code: 'config.event_log_damaged',
      message: `the event log is damaged: the line at byte ${cutAt} of this segment has no end, and a later segment follows it (the record was cut)`,
      details: expect.objectContaining({ file }) as unknown,
    };
    const reopened = await EventLog.open(dir);
    await expect(reopened.query({ limit: 100, filters: {} })).rejects.toMatchObject(damaged);
    await expect(reopened.query({ limit: 100, filters: {}, order: 'desc' })).rejects.toMatchObject(damaged);
    await expect(reopened.get('evt_none')).rejects.toMatchObject(damaged);
    expect(await verifyEventLog(dir)).toMatchObject({ ok: false, first_bad: { segment: segmentName(1) } });
    await reopened.close();
  });
});
