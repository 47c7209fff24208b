/**
 * A batch the event log fails to write (a full disk cuts the write short; fdatasync fails) is rejected,
 * and what it left in the segment is cut off, so the records appended next still verify. Before, the next
 * batch was appended after a cut line (a line that is not a record) or after records whose promises had
 * been rejected (the next record chained to a hash already used): the log failed verification from there.
 */
import type { FileHandle } from 'node:fs/promises';
import * as fsp from 'node:fs/promises';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventLog, segmentName, verifyEventLog } from '../../../src/runtime/event-log.js';
import { newEvent } from '../../helpers/events.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fsp>();
  return { ...actual, open: vi.fn(actual.open) };
});

const T0 = Date.parse('2026-03-01T10:00:00Z');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-write-failure-'));
});
afterEach(async () => {
  vi.mocked(fsp.open).mockRestore();
  await rm(dir, { recursive: true, force: true });
});

const failure = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

/**
 * The next segment write fails as `how` says, through the handle the log opens next. `short count` is what a
 * disk that fills up does: write(2) takes what fits and says how much, without an error; the next write
 * then fails with ENOSPC (`full`) or, space freed meanwhile, takes the rest (`room`).
 */
function failNextWrite(how: 'short write' | 'sync' | 'short count, then full' | 'short count, then room'): void {
  const mocked = vi.mocked(fsp.open);
  const actual = mocked.getMockImplementation()!;
  mocked.mockImplementationOnce(async (...args: Parameters<typeof fsp.open>) => {
    const handle = await actual(...args);
    let armed = true;
    let writes = 0;
    return new Proxy(handle, {
      get(target, key) {
        if (how === 'short write' && key === 'write' && armed)
          return async (data: Buffer) => {
            armed = false;
            await target.write(data.subarray(0, Math.floor(data.length / 2)));
            throw failure('ENOSPC');
          };
        if (how.startsWith('short count') && key === 'write')
          return async (data: Buffer, offset = 0, length = data.length - offset) => {
            const call = writes++;
            if (call === 1 && how.endsWith('full')) throw failure('ENOSPC');
            return target.write(data, offset, call === 0 ? Math.floor(length / 2) : length);
          };
        if (how === 'sync' && key === 'datasync' && armed)
          return async () => {
            armed = false;
            throw failure('EIO');
          };
        const value = Reflect.get(target, key, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) as FileHandle;
  });
}

describe('a batch the event log fails to write', () => {
  it.each(['short write', 'sync'] as const)('(%s) leaves nothing behind: later records verify', async (how) => {
    const log = await EventLog.open(dir, { now: () => T0 });
    failNextWrite(how);
    await expect(log.append(newEvent(0, T0))).rejects.toMatchObject({ code: how === 'sync' ? 'EIO' : 'ENOSPC' });
    for (let i = 1; i <= 3; i++) await log.append(newEvent(i, T0 + i));
    await log.close();
    expect(await verifyEventLog(dir)).toMatchObject({ ok: true, records: 3 });
    const lines = (await readFile(join(dir, segmentName(1)), 'utf8')).trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { request_id: string }).request_id)).toEqual(['req_1', 'req_2', 'req_3']);
  });

  // The short count was taken for the whole batch: its promise resolved with half a record on disk, and the
  // next failed batch was cut back to the size the log believed in, which grew the segment with NUL bytes.
  it('(a short count, then a full disk) is rejected, and later records verify', async () => {
    const log = await EventLog.open(dir, { now: () => T0 });
    failNextWrite('short count, then full');
    await expect(log.append(newEvent(0, T0))).rejects.toMatchObject({ code: 'ENOSPC' });
    for (let i = 1; i <= 3; i++) await log.append(newEvent(i, T0 + i));
    await log.close();
    expect(await verifyEventLog(dir)).toMatchObject({ ok: true, records: 3 });
    const text = await readFile(join(dir, segmentName(1)), 'utf8');
    expect(text).not.toContain('\0');
    expect(
      text
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { request_id: string }).request_id),
    ).toEqual(['req_1', 'req_2', 'req_3']);
  });

  it('(a short count, then room) writes the rest: the record is whole', async () => {
    const log = await EventLog.open(dir, { now: () => T0 });
    failNextWrite('short count, then room');
    await log.append(newEvent(0, T0));
    await log.append(newEvent(1, T0 + 1));
    await log.close();
    expect(await verifyEventLog(dir)).toMatchObject({ ok: true, records: 2 });
  });
});
