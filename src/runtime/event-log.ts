/**
 * The local event log: append-only JSONL segments under `<state-dir>/events/`, one record per line,
 * hash-chained (`prev_hash` -> `hash`, SHA-256 over the canonical JSON of the record without `hash`).
 *
 * Durability: appends are group-committed. Records queue in memory, one writer appends the batch and
 * fdatasyncs the segment, and only then the append promises resolve. So a record is durable once its
 * promise resolves, and a crash loses at most the unflushed batch - never a half-record in the middle
 * of the chain.
 *
 * `head.json` (the last hash and the count, written atomically) lags the log by at most HEAD_LAG_MS
 * while records keep coming, and is exact once they stop and after close(). Rewriting it after every
 * batch cost the gateway seven file operations per request at low concurrency (each request its own
 * batch): 0.1-0.2 ms of its added latency. Verification only needs the head's hash to appear in the
 * chain, which a lagging head does; what a lag gives up is noticing records cut from the end within
 * that last second. (head.json is not signed: it guards against accidents, not against someone who can
 * rewrite the directory.)
 *
 * Retention removes whole segments older than the cut-off. Before a segment goes, `anchor.json`
 * records the hash the next remaining record must chain to, so `kt events verify` can still check the
 * rest of the chain from that anchor. Removing a record, editing one or reordering them breaks the
 * chain at the first affected record; removing the newest records no longer matches `head.json`.
 */
import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventRecord } from '../core/types.js';
import { KtError } from '../errors.js';
import { specialFileKind } from '../io/fs-errors.js';
import { decodeCursor, encodeCursor, type EventQuery, InvalidCursor, matches, timeMs } from './event-query.js';
import { eventIdTime } from './ulid.js';
import { ensurePrivateDir, existingDir, readIfExists, readStateJson, writeFileAtomic } from './state-dir.js';

export const GENESIS_HASH = '0'.repeat(64);
const SEGMENT_RE = /^segment-(\d{8})\.jsonl$/;

export const segmentName = (n: number): string => `segment-${String(n).padStart(8, '0')}.jsonl`;

/** JSON with object keys sorted at every level: the form that is hashed. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/** The hash a record must carry: SHA-256 of its canonical JSON without `hash` (which includes prev_hash). */
export function recordHash(record: Record<string, unknown>): string {
  const { hash: _omit, ...rest } = record;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

export async function listSegments(dir: string): Promise<number[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return names
    .map((n) => SEGMENT_RE.exec(n)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

interface Anchor {
  /** First segment still present after pruning. */
  first_segment: number;
  /** The hash the first record of that segment chains to. */
  prev_hash: string;
  pruned_through?: string;
}

/** How long head.json may lag the log while records keep coming (see the file comment). */
const HEAD_LAG_MS = 1000;

interface Head {
  segment: number;
  hash: string;
  count: number;
}

/** head.json / anchor.json; a damaged one is `config.state_file_invalid` naming it (exit 3). */
const readJson = <T>(file: string): Promise<T | undefined> => readStateJson<T>(file);

/**
 * A segment that is not a regular file: the gateway only ever creates regular files, so a named pipe, a
 * device or a directory under a segment's name was put there by something else (tampering or damage).
 * `file` is the resolved path; the CLI names it as the operator typed the state directory.
 */
function notARegularSegment(file: string, info: Stats): KtError {
  return new KtError(
    'config.event_log_damaged',
    `the event log is damaged: this segment is ${specialFileKind(info)}, not a regular file`,
    {
      file,
      hint: 'the gateway writes segments as regular files, so something else put this one here: move it aside and restore the segment from a backup',
    },
  );
}

/**
 * Opens a segment with `flags`, never blocking, and only when it is a regular file. open() of a named pipe
 * waits for ever for a writer (for reading) or a reader (for writing), and a device never ends: either
 * would hang `kt events verify` or the gateway's readers. O_NONBLOCK makes the open return at once (it
 * changes nothing for a regular file), and what is not a regular file is refused before a byte is read
 * (notARegularSegment); an error, not a skip, since a foreign object in a hash-chained log is what
 * verification exists to report.
 */
async function openSegment(file: string, flags: number, mode?: number): Promise<FileHandle> {
  const handle = await open(file, flags | (constants.O_NONBLOCK ?? 0), mode);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw notARegularSegment(file, info);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** openSegment for reading, or undefined when the segment is gone (pruned by retention meanwhile). */
async function openSegmentToRead(file: string): Promise<FileHandle | undefined> {
  try {
    return await openSegment(file, constants.O_RDONLY);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Far longer than any record the gateway writes (request bodies are capped at a few MiB): a line past it was not written by kt. */
const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** A line of a segment: where it starts, where the next one starts (after its newline), and its text. */
interface SegmentLine {
  offset: number;
  end: number;
  text: string;
}

/** A line longer than MAX_LINE_BYTES: the segment holds something kt did not write (see linesFrom). */
function overlongLine(file: string, offset: number): KtError {
  return new KtError(
    'config.event_log_damaged',
    `the event log is damaged: the line at byte ${offset} of this segment runs past ${MAX_LINE_BYTES / 1024 / 1024} MiB without an end, longer than any record kt writes`,
    {
      file,
      data: { overlong_line_at: offset },
      hint: 'move the segment aside and restore it from a backup',
    },
  );
}

/**
 * A segment other than the one being written that ends in a line without its newline: every batch ends
 * with one and a segment is closed between batches, so its last record was cut (damage, a copy cut short).
 * Not yielding the cut line left that record out of `kt events list` and exports with nothing said.
 */
function cutSegment(file: string, offset: number): KtError {
  return new KtError(
    'config.event_log_damaged',
    `the event log is damaged: the line at byte ${offset} of this segment has no end, and a later segment follows it (the record was cut)`,
    { file, hint: 'kt events verify names it; move the segment aside and restore it from a backup' },
  );
}

/**
 * Complete lines of a segment from byte `offset`, with each line's start and end offsets, read in blocks
 * so a page of events costs about the bytes of that page, not the whole segment. A partial last line (a
 * write in progress) is not yielded. The pieces of a line that spans blocks are kept apart and joined once
 * (joining them block by block copied a long line over and over), and a line past MAX_LINE_BYTES is an
 * error (overlongLine) rather than memory spent on a file that is not a log. In a `closed` segment (not the
 * last) a partial last line is damage (cutSegment), not a write in progress.
 */
async function* linesFrom(file: string, offset: number, closed = false): AsyncGenerator<SegmentLine> {
  const handle = await openSegmentToRead(file);
  if (handle === undefined) return;
  try {
    const block = Buffer.alloc(256 * 1024);
    // The start of the current line read in earlier blocks (copies: the block is read into again).
    const pieces: Buffer[] = [];
    let piecesBytes = 0;
    let position = offset;
    let lineStart = offset;
    for (;;) {
      const { bytesRead } = await handle.read(block, 0, block.length, position);
      if (bytesRead === 0) {
        if (closed && piecesBytes > 0) throw cutSegment(file, lineStart);
        return;
      }
      position += bytesRead;
      const data = block.subarray(0, bytesRead);
      let start = 0;
      for (let nl = data.indexOf(0x0a, start); nl !== -1; nl = data.indexOf(0x0a, start)) {
        let text: string;
        if (piecesBytes === 0) text = data.toString('utf8', start, nl);
        else {
          pieces.push(data.subarray(start, nl));
          text = Buffer.concat(pieces).toString('utf8');
          pieces.length = 0;
        }
        const end = lineStart + piecesBytes + (nl - start) + 1;
        piecesBytes = 0;
        yield { offset: lineStart, end, text };
        lineStart = end;
        start = nl + 1;
      }
      if (start < data.length) {
        pieces.push(Buffer.from(data.subarray(start)));
        piecesBytes += data.length - start;
        if (piecesBytes > MAX_LINE_BYTES) throw overlongLine(file, lineStart);
      }
    }
  } finally {
    await handle.close();
  }
}

/**
 * A line of a segment as a record. A line that is not a JSON object was not written by kt: the readers
 * stop there with an error naming its byte (kt events verify gives its line), as for a line with no end.
 * Skipping it left it out of `kt events list` and exports with nothing said, so a report lacked a record.
 */
function parseRecord(file: string, line: SegmentLine): EventRecord {
  let rec: unknown;
  try {
    rec = JSON.parse(line.text);
  } catch {
    rec = undefined;
  }
  if (typeof rec === 'object' && rec !== null && !Array.isArray(rec)) return rec as EventRecord;
  throw new KtError(
    'config.event_log_damaged',
    `the event log is damaged: the line at byte ${line.offset} of this segment is not an event record (not a JSON object)`,
    { file, hint: 'kt events verify names it; move the segment aside and restore it from a backup' },
  );
}

const timeOf = (line: string | undefined): number | undefined => {
  if (line === undefined) return undefined;
  const m = /"timestamp":"([^"]+)"/.exec(line);
  const t = m ? timeMs(m[1]!) : NaN;
  return Number.isFinite(t) ? t : undefined;
};

/**
 * Complete lines of a segment that end at or before byte `end`, newest first, read backwards in blocks
 * (what a newest-first page costs: about the bytes of that page). `end` is a record boundary (a cursor
 * checked by isRecordStart); without it the segment is read from its end, and a partial last line (a write
 * in progress) is left out, as linesFrom leaves it out (in a `closed` segment it is damage: cutSegment).
 */
async function* linesBefore(file: string, end: number | undefined, closed = false): AsyncGenerator<SegmentLine> {
  const handle = await openSegmentToRead(file);
  if (handle === undefined) return;
  try {
    const block = Buffer.alloc(256 * 1024);
    const size = (await handle.stat()).size;
    const read = async (to: number): Promise<{ base: number; data: Buffer }> => {
      const n = Math.min(block.length, to);
      const { bytesRead } = await handle.read(block, 0, n, to - n);
      // Segments only grow while the gateway runs: a short read is a file cut under us (read no further).
      if (bytesRead !== n)
        throw new KtError('config.event_log_damaged', 'the event log is damaged: a segment shrank while it was read', {
          file,
        });
      return { base: to - n, data: block.subarray(0, n) };
    };
    // Where the newest complete line ends (just after its newline).
    let lineEnd = Math.min(end ?? size, size);
    if (end === undefined) {
      let pos = lineEnd;
      lineEnd = 0;
      while (pos > 0) {
        const { base, data } = await read(pos);
        const nl = data.lastIndexOf(0x0a);
        if (nl !== -1) {
          lineEnd = base + nl + 1;
          break;
        }
        if (size - base > MAX_LINE_BYTES) throw overlongLine(file, base);
        pos = base;
      }
      if (closed && lineEnd < size) throw cutSegment(file, lineEnd);
    }
    if (lineEnd === 0) return;
    // The text of the line being assembled that lies in blocks read already (copies, leftmost first).
    let pieces: Buffer[] = [];
    let piecesBytes = 0;
    let pos = lineEnd - 1; // its own newline is not text
    while (pos > 0) {
      const { base, data } = await read(pos);
      let right = data.length;
      for (let nl = right > 0 ? data.lastIndexOf(0x0a, right - 1) : -1; nl !== -1;) {
        const text =
          piecesBytes === 0
            ? data.toString('utf8', nl + 1, right)
            : Buffer.concat([data.subarray(nl + 1, right), ...pieces]).toString('utf8');
        pieces = [];
        piecesBytes = 0;
        const start = base + nl + 1;
        yield { offset: start, end: lineEnd, text };
        lineEnd = start;
        right = nl; // the newline ending the line before is not its text
        nl = right > 0 ? data.lastIndexOf(0x0a, right - 1) : -1;
      }
      if (right > 0) {
        pieces.unshift(Buffer.from(data.subarray(0, right)));
        piecesBytes += right;
        if (piecesBytes > MAX_LINE_BYTES) throw overlongLine(file, base);
      }
      pos = base;
    }
    if (lineEnd > 0) yield { offset: 0, end: lineEnd, text: Buffer.concat(pieces).toString('utf8') };
  } finally {
    await handle.close();
  }
}

/** Timestamp of the first complete record from `offset`. */
async function firstRecordTime(file: string, offset: number): Promise<number | undefined> {
  for await (const line of linesFrom(file, offset)) return timeOf(line.text);
  return undefined;
}

/** Timestamp of the last complete record, read from the end of the file. */
async function lastRecordTime(file: string): Promise<number | undefined> {
  let handle: FileHandle;
  try {
    handle = await openSegment(file, constants.O_RDONLY);
  } catch {
    // No time to skip the segment by: it is read (linesFrom), which reports a segment it cannot open.
    return undefined;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, 64 * 1024);
    const buf = Buffer.alloc(length);
    await handle.read(buf, 0, length, size - length);
    const text = buf.toString('utf8');
    const end = text.lastIndexOf('\n');
    if (end <= 0) return undefined;
    const start = text.lastIndexOf('\n', end - 1);
    if (start === -1 && length < size) return undefined; // one record longer than the window: do not guess
    return timeOf(text.slice(start + 1, end));
  } finally {
    await handle.close();
  }
}

/** All complete lines of a segment from `offset` (small segments and maintenance paths). */
async function readLines(file: string, offset: number): Promise<SegmentLine[]> {
  const out: SegmentLine[] = [];
  for await (const line of linesFrom(file, offset)) out.push(line);
  return out;
}

/** Whether `offset` is where a record of `file` starts (0, or just after a newline); reads one byte. */
async function isRecordStart(file: string, offset: number): Promise<boolean> {
  if (offset === 0) return true;
  const handle = await openSegmentToRead(file);
  if (handle === undefined) return false;
  try {
    const byte = Buffer.alloc(1);
    const { bytesRead } = await handle.read(byte, 0, 1, offset - 1);
    return bytesRead === 1 && byte[0] === 0x0a;
  } finally {
    await handle.close();
  }
}

export type NewEvent = Omit<EventRecord, 'prev_hash' | 'hash'>;

/** The span of id times in the first `bytes` bytes of a segment (see EventLog.get); `ino` and `ctime` tell a changed file. */
interface IdSpan {
  ino: number;
  ctime: number;
  bytes: number;
  min: number;
  max: number;
  /** False once a line without an `evt_` + ULID id was seen: the segment is then always read. */
  bounded: boolean;
}

const holds = (span: IdSpan, time: number): boolean => !span.bounded || (time >= span.min && time <= span.max);

// The gateway writes `id` first; a line written otherwise is parsed to find it.
const LEADING_ID = /^\{"id":"(evt_[0-9A-HJKMNP-TV-Z]{26})"/;

/** Extends a span over the line that starts where it ends. */
function learn(span: IdSpan, line: SegmentLine): void {
  span.bytes = line.end;
  let id = LEADING_ID.exec(line.text)?.[1];
  if (id === undefined) {
    try {
      const rec = JSON.parse(line.text) as unknown;
      if (typeof rec === 'object' && rec !== null && typeof (rec as { id?: unknown }).id === 'string')
        id = (rec as { id: string }).id;
    } catch {
      // Not a record: the readers report it when they reach it.
    }
  }
  const time = id === undefined ? undefined : eventIdTime(id);
  if (time === undefined) span.bounded = false;
  else {
    span.min = Math.min(span.min, time);
    span.max = Math.max(span.max, time);
  }
}

/** The log cannot be continued safely (its last record is unreadable); `kt events verify` shows where. */
export class EventLogDamaged extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventLogDamaged';
  }
}

/**
 * A crash between write and fdatasync can leave a partial last line. Its batch was never
 * acknowledged, so the bytes after the last newline are cut off before appending resumes.
 */
async function truncateIncompleteTail(file: string, repair = true): Promise<number> {
  // Opened for writing even when `repair` is off (a dry run): a segment the gateway may not write is
  // refused here as at a start; an open without O_CREAT or O_TRUNC changes nothing.
  const handle = await openSegment(file, constants.O_RDWR);
  try {
    const { size } = await handle.stat();
    if (size === 0) return 0;
    const block = Buffer.alloc(64 * 1024);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - block.length);
      const { bytesRead } = await handle.read(block, 0, end - start, start);
      const nl = block.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (nl !== -1) {
        const keep = start + nl + 1;
        if (keep < size && repair) await handle.truncate(keep);
        return size - keep;
      }
      end = start;
    }
    if (repair) await handle.truncate(0);
    return size;
  } finally {
    await handle.close();
  }
}

interface Pending {
  record: NewEvent;
  resolve: (r: EventRecord) => void;
  reject: (e: unknown) => void;
}

/**
 * Writes all of `data`. One write(2) may take only part of it without an error (a disk that fills up takes
 * what fits, and the next write fails with ENOSPC): counted as written, the rest of the batch was lost, and
 * cutting the next failed batch back to the size the log believed in grew the segment with NUL bytes.
 */
async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  for (let done = 0; done < data.length;) {
    const { bytesWritten } = await handle.write(data, done, data.length - done);
    if (bytesWritten <= 0) throw Object.assign(new Error('a segment write took no bytes'), { code: 'EIO' });
    done += bytesWritten;
  }
}

/** open()'s 'a', as flags openSegment can add O_NONBLOCK to. */
const APPEND_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT;

export interface EventLogOptions {
  /** Rotate to a new segment beyond this size (default 16 MiB) or when the UTC day changes. */
  segmentBytes?: number;
  now?: () => number;
}

export class EventLog {
  private handle: FileHandle | undefined;
  private segment = 1;
  private segmentSize = 0;
  private segmentDay = '';
  private lastHash = GENESIS_HASH;
  private count = 0;
  private queue: Pending[] = [];
  private writing = 0;
  private flushing: Promise<void> | undefined;
  /** Records were written since head.json was; when it was last written (monotonic ms); the pending rewrite. */
  private headDirty = false;
  private headWrittenAt = -Infinity;
  private headTimer: NodeJS.Timeout | undefined;
  private readonly segmentBytes: number;
  private readonly now: () => number;
  /** A failed batch may have left bytes past segmentSize in the segment (see cutFailedBatch). */
  private torn = false;
  /** Per segment, the span of its id times learnt so far (see get); one small entry a segment. */
  private readonly idSpans = new Map<number, IdSpan>();

  private constructor(
    readonly dir: string,
    options: EventLogOptions,
  ) {
    this.segmentBytes = options.segmentBytes ?? 16 * 1024 * 1024;
    this.now = options.now ?? Date.now;
  }

  /** Opens (or creates) the log and finds the end of the chain. */
  static async open(dir: string, options: EventLogOptions = {}): Promise<EventLog> {
    await ensurePrivateDir(dir);
    return EventLog.load(dir, options, true);
  }

  /**
   * open() without writing (`kt gateway run --dry-run`): the same reads and checks, so it throws what
   * open() throws (a damaged anchor, head or last record, a segment that is not a regular file or that
   * the gateway may not open for writing, a directory it may not read), but an incomplete last record is
   * only measured, not cut, and no directory is created. Returns the bytes open() would remove (0: none),
   * or undefined when the directory does not exist (a first start creates it).
   */
  static async inspect(dir: string): Promise<{ incompleteTailBytes: number } | undefined> {
    if (!(await existingDir(dir))) return undefined;
    const log = await EventLog.load(dir, {}, false);
    return { incompleteTailBytes: log.repairedBytes };
  }

  /** Finds the end of the chain; `repair`: cut an incomplete last record (else only measure it). */
  private static async load(dir: string, options: EventLogOptions, repair: boolean): Promise<EventLog> {
    const log = new EventLog(dir, options);
    const segments = await listSegments(dir);
    const anchor = await readJson<Anchor>(join(dir, 'anchor.json'));
    log.lastHash = anchor?.prev_hash ?? GENESIS_HASH;
    log.segment = segments.at(-1) ?? anchor?.first_segment ?? 1;
    const lastSegment = segments.at(-1);
    if (lastSegment !== undefined)
      log.repairedBytes = await truncateIncompleteTail(join(dir, segmentName(lastSegment)), repair);
    for (let i = segments.length - 1; i >= 0; i--) {
      const name = segmentName(segments[i]!);
      const lines = await readLines(join(dir, name), 0);
      const last = lines.at(-1);
      if (last !== undefined) {
        let rec: EventRecord;
        try {
          rec = JSON.parse(last.text) as EventRecord;
        } catch {
          throw new EventLogDamaged(
            `the event log is damaged: the last record of ${name} (line ${lines.length}) is not valid JSON`,
          );
        }
        if (typeof rec.hash !== 'string' || typeof rec.timestamp !== 'string') {
          throw new EventLogDamaged(
            `the event log is damaged: the last record of ${name} (line ${lines.length}) has no hash`,
          );
        }
        log.lastHash = rec.hash;
        log.segmentDay = i === segments.length - 1 ? rec.timestamp.slice(0, 10) : '';
        break;
      }
    }
    const head = await readJson<Head>(join(dir, 'head.json'));
    log.count = head?.count ?? 0;
    // A crash within HEAD_LAG_MS of the last records leaves head.json behind the log: it is rewritten with
    // the next batch or before a prune, which could otherwise remove the record it names.
    log.headDirty = head !== undefined && head.hash !== log.lastHash;
    return log;
  }

  /** Bytes of an incomplete last line removed at open (a crash mid-write; never acknowledged). */
  repairedBytes = 0;

  get headHash(): string {
    return this.lastHash;
  }

  /** Records accepted but not yet durable (queued plus the batch being written). */
  get backlog(): number {
    return this.queue.length + this.writing;
  }

  /** Queues a record; resolves with the chained record once it is on disk (fdatasync'd). */
  append(record: NewEvent): Promise<EventRecord> {
    return new Promise((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      this.startFlush(false);
    });
  }

  /** Waits until everything queued so far is durable. */
  async flush(): Promise<void> {
    while (this.flushing !== undefined) await this.flushing;
  }

  async close(): Promise<void> {
    await this.flush();
    clearTimeout(this.headTimer);
    this.headTimer = undefined;
    if (this.headDirty) await this.writeHead();
    await this.handle?.close();
    this.handle = undefined;
  }

  /**
   * Starts the one writer unless it runs. `flushing` is cleared in a reaction, never inside flushLoop: a
   * loop with nothing to await finishes within the call, and clearing it there would come before the
   * assignment here, leaving a settled promise that flush() would wait on forever. Records appended
   * between the loop's last look at the queue and that reaction (by callers its last batch woke) start
   * the next loop from the reaction.
   */
  private startFlush(headNow: boolean): void {
    if (this.flushing !== undefined) return;
    this.flushing = this.flushLoop(headNow).finally(() => {
      this.flushing = undefined;
      if (this.queue.length > 0) this.startFlush(false);
      else if (this.headDirty) this.scheduleHead();
    });
  }

  private async flushLoop(headNow: boolean): Promise<void> {
    do {
      const batch = this.queue;
      this.queue = [];
      this.writing = batch.length;
      try {
        if (batch.length > 0) {
          const done = await this.writeBatch(batch.map((p) => p.record));
          batch.forEach((p, i) => p.resolve(done[i]!));
        }
      } catch (e) {
        batch.forEach((p) => p.reject(e));
      } finally {
        this.writing = 0;
      }
      // A failed head write is tried again later (the next batch, the timer, close() which reports it);
      // the cause (a full or read-only disk) fails the segment writes too, and those are reported.
      if (this.headDirty && (headNow || performance.now() - this.headWrittenAt >= HEAD_LAG_MS))
        await this.writeHead().catch(() => {});
    } while (this.queue.length > 0);
  }

  /** Rewrites head.json once HEAD_LAG_MS has passed since the last time, through the one writer. */
  private scheduleHead(): void {
    if (this.headTimer !== undefined) return;
    const wait = Math.max(0, HEAD_LAG_MS - (performance.now() - this.headWrittenAt));
    this.headTimer = setTimeout(() => {
      this.headTimer = undefined;
      // Timers may fire a little before `wait` by performance.now(): the head is due all the same.
      if (this.headDirty) this.startFlush(true);
    }, wait);
    this.headTimer.unref();
  }

  private async writeHead(): Promise<void> {
    this.headDirty = false;
    this.headWrittenAt = performance.now();
    try {
      await writeFileAtomic(
        join(this.dir, 'head.json'),
        JSON.stringify({ segment: this.segment, hash: this.lastHash, count: this.count } satisfies Head),
      );
    } catch (e) {
      this.headDirty = true;
      throw e;
    }
  }

  private async openSegment(day: string): Promise<void> {
    if (this.handle !== undefined) {
      const rotate = this.segmentSize >= this.segmentBytes || (this.segmentDay !== '' && this.segmentDay !== day);
      if (!rotate) return;
      await this.handle.close();
      this.handle = undefined;
      this.segment++;
    }
    this.handle = await openSegment(join(this.dir, segmentName(this.segment)), APPEND_FLAGS, 0o600);
    this.segmentSize = (await this.handle.stat()).size;
    if (this.segmentSize > 0 && this.segmentDay !== '' && this.segmentDay !== day) {
      // The last segment on disk is from an earlier day (restart across midnight): start a new one.
      await this.handle.close();
      this.segment++;
      this.handle = await openSegment(join(this.dir, segmentName(this.segment)), APPEND_FLAGS, 0o600);
      this.segmentSize = 0;
    }
    this.segmentDay = day;
  }

  /**
   * Cuts off what a failed batch left in the segment. A write cut short by a full disk leaves part of a
   * line, and a write whose fdatasync failed leaves whole records nobody was told are written (their
   * promises rejected, the chain not advanced): the next batch appended after them made a line that is not
   * a record, or records chained to a hash already used, and the log failed verification from there.
   */
  private async cutFailedBatch(): Promise<void> {
    if (!this.torn) return;
    await this.handle!.truncate(this.segmentSize);
    this.torn = false;
  }

  private async writeBatch(records: NewEvent[]): Promise<EventRecord[]> {
    const out: EventRecord[] = [];
    let prev = this.lastHash;
    // A batch never spans two days, so rotation happens between batches.
    const day = records[0]!.timestamp.slice(0, 10);
    // Before rotating too: the bytes of a failed batch are in the segment it was written to. Until they are
    // gone (a file system turned read-only) nothing more is written.
    await this.cutFailedBatch();
    await this.openSegment(day);
    const lines: string[] = [];
    for (const r of records) {
      const chained = { ...r, prev_hash: prev } as Record<string, unknown>;
      chained.hash = recordHash(chained);
      prev = chained.hash as string;
      out.push(chained as unknown as EventRecord);
      lines.push(JSON.stringify(chained));
    }
    const data = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    try {
      await writeAll(this.handle!, data);
      await this.handle!.datasync();
    } catch (error) {
      this.torn = true;
      await this.cutFailedBatch().catch(() => {});
      throw error;
    }
    this.segmentSize += data.length;
    this.lastHash = prev;
    this.count += records.length;
    this.headDirty = true;
    return out;
  }

  /**
   * One page of events in append order. The cursor is the byte position after the last record
   * returned, so it stays valid while new events are appended and a page is never split or repeated.
   */
  async query(q: EventQuery): Promise<{ events: EventRecord[]; next_cursor: string | null }> {
    if (q.order === 'desc') return this.queryNewestFirst(q);
    const segments = await listSegments(this.dir);
    const start = await this.cursorStart(q.cursor, segments);
    const events: EventRecord[] = [];
    for (const seg of segments) {
      if (seg < start.segment) continue;
      const file = join(this.dir, segmentName(seg));
      const offset = seg === start.segment ? start.offset : 0;
      // Segments hold one UTC day each, in append (= clock) order: a closed segment whose last record
      // is before `from` is skipped unread, and a segment starting a day past `to` ends the scan.
      if (q.from !== undefined && seg !== segments.at(-1)) {
        const last = await lastRecordTime(file);
        if (last !== undefined && last < q.from) continue;
      }
      if (q.to !== undefined) {
        const first = await firstRecordTime(file, offset);
        if (first !== undefined && first >= q.to + 86_400_000) break;
      }
      for await (const line of linesFrom(file, offset, seg !== segments.at(-1))) {
        const rec = parseRecord(file, line);
        if (!matches(rec, q)) continue;
        events.push(rec);
        if (events.length === q.limit) {
          return { events, next_cursor: encodeCursor(seg, line.end) };
        }
      }
    }
    return { events, next_cursor: null };
  }

  /**
   * One page of events newest first: append order reversed, from the end of the log or from before the
   * cursor. The cursor is the byte position of the last (oldest) record returned, and what lies before it
   * never changes: events appended meanwhile are newer (a first page without a cursor sees the log as it
   * was), and retention removes the oldest segments first, so a cursor into a removed segment has nothing
   * left before it (an empty last page) rather than an error.
   */
  private async queryNewestFirst(q: EventQuery): Promise<{ events: EventRecord[]; next_cursor: string | null }> {
    const segments = await listSegments(this.dir);
    let stop: { segment: number; offset: number } | undefined;
    if (q.cursor !== undefined) {
      const position = decodeCursor(q.cursor, 'desc');
      const last = segments.at(-1);
      if (position === undefined || (last !== undefined && position.segment > last)) throw new InvalidCursor();
      if (last === undefined || position.segment < segments[0]!) return { events: [], next_cursor: null };
      if (!(await isRecordStart(join(this.dir, segmentName(position.segment)), position.offset))) {
        // Retention may have removed the segment since it was listed: then nothing is left before it.
        const first = (await listSegments(this.dir))[0];
        if (first === undefined || position.segment < first) return { events: [], next_cursor: null };
        throw new InvalidCursor();
      }
      stop = position;
    }
    const events: EventRecord[] = [];
    for (let i = segments.length - 1; i >= 0; i--) {
      const seg = segments[i]!;
      if (stop !== undefined && seg > stop.segment) continue;
      const file = join(this.dir, segmentName(seg));
      // As in query(), the other way round: a segment that starts a day past `to` is skipped unread, one
      // whose last record is before `from` too, and one that ends a day before `from` ends the scan.
      if (q.to !== undefined) {
        const first = await firstRecordTime(file, 0);
        if (first !== undefined && first >= q.to + 86_400_000) continue;
      }
      if (q.from !== undefined) {
        const last = await lastRecordTime(file);
        if (last !== undefined && last < q.from - 86_400_000) break;
        if (last !== undefined && last < q.from) continue;
      }
      const end = seg === stop?.segment ? stop.offset : undefined;
      for await (const line of linesBefore(file, end, i < segments.length - 1)) {
        const rec = parseRecord(file, line);
        if (!matches(rec, q)) continue;
        events.push(rec);
        if (events.length === q.limit) return { events, next_cursor: encodeCursor(seg, line.offset, 'desc') };
      }
    }
    return { events, next_cursor: null };
  }

  /**
   * Where a page starts. A cursor must be one the log issued: a record boundary (0, or just after a
   * newline: one byte read, not the segment) of a segment it has. A cursor into a segment retention has
   * removed since starts at the oldest remaining record. Throws InvalidCursor otherwise: an offset inside a
   * record used to skip records silently, and garbage used to restart from the beginning.
   */
  private async cursorStart(
    cursor: string | undefined,
    segments: number[],
  ): Promise<{ segment: number; offset: number }> {
    const first = segments[0];
    if (cursor === undefined) return { segment: first ?? 1, offset: 0 };
    const position = decodeCursor(cursor);
    if (position === undefined || first === undefined || position.segment > segments.at(-1)!) throw new InvalidCursor();
    if (position.segment < first) return { segment: first, offset: 0 };
    if (!(await isRecordStart(join(this.dir, segmentName(position.segment)), position.offset)))
      throw new InvalidCursor();
    return position;
  }

  /**
   * The event with this id. An id is `evt_` + ULID, whose first ten characters are the millisecond it was
   * minted; each segment's span of those times is kept (idSpans), so a lookup reads only the segments whose
   * span holds the id's time: about one segment, where it read the whole log. Spans are learnt as a lookup
   * reads a segment and extended over what was appended since, so no segment is read twice for them. The
   * span is of the ids themselves, not of timestamps or of segment days: an event appended long after its
   * id was minted (a long stream), or under a clock set back, is in its segment's span all the same. A
   * segment holding a line that is not a kt record, or an id of another shape, has no span and is always
   * read (a damaged line is then reported as before); so is every segment for an id of another shape.
   */
  async get(id: string): Promise<EventRecord | undefined> {
    const time = eventIdTime(id);
    const segments = await listSegments(this.dir);
    for (const seg of this.idSpans.keys()) if (!segments.includes(seg)) this.idSpans.delete(seg);
    for (const seg of segments) {
      const file = join(this.dir, segmentName(seg));
      const info = await stat(file).catch(() => undefined);
      if (info === undefined) continue; // removed by retention since the listing
      let span = this.idSpans.get(seg);
      // A segment that changed other than by appends since (a restore from a backup, an edit; never the
      // gateway) is learnt again: another file, fewer bytes, or as many bytes changed since they were read.
      const grown = span !== undefined && info.ino === span.ino && info.size > span.bytes;
      if (span === undefined || !(grown || (info.ino === span.ino && info.ctimeMs === span.ctime))) {
        span = { ino: info.ino, ctime: info.ctimeMs, bytes: 0, min: Infinity, max: -Infinity, bounded: true };
        this.idSpans.set(seg, span);
      } else if (time !== undefined && !grown && !holds(span, time)) continue;
      span.ctime = info.ctimeMs;
      // Only the bytes the span has not seen need reading when the id's time is outside what it has seen.
      const from = time !== undefined && !holds(span, time) ? span.bytes : 0;
      for await (const line of linesFrom(file, from, seg !== segments.at(-1))) {
        if (line.offset === span.bytes) learn(span, line);
        if (!line.text.includes(id)) continue;
        const rec = parseRecord(file, line);
        if (rec.id === id) return rec;
      }
    }
    return undefined;
  }

  /**
   * Drops whole segments whose newest record is older than `retentionDays`, never the segment being
   * written. The anchor is written before any file is removed, so the chain stays verifiable.
   */
  async prune(retentionDays: number): Promise<number> {
    if (!(retentionDays > 0)) return 0;
    await this.flush();
    // head.json lags the log (HEAD_LAG_MS): brought up to date first, so the hash it records is never one
    // of the records removed here (verify would then report records cut from the end).
    if (this.headDirty) {
      this.startFlush(true);
      await this.flush();
    }
    const cutoff = this.now() - retentionDays * 86_400_000;
    const segments = await listSegments(this.dir);
    const doomed: number[] = [];
    let anchor: Anchor | undefined;
    for (const seg of segments) {
      if (seg >= this.segment) break;
      const lines = await readLines(join(this.dir, segmentName(seg)), 0);
      const last = lines.at(-1);
      if (last === undefined) {
        doomed.push(seg);
        continue;
      }
      const rec = JSON.parse(last.text) as EventRecord;
      if (Date.parse(rec.timestamp) >= cutoff) break;
      doomed.push(seg);
      anchor = { first_segment: seg + 1, prev_hash: rec.hash, pruned_through: rec.timestamp };
    }
    if (doomed.length === 0) return 0;
    if (anchor !== undefined) await writeFileAtomic(join(this.dir, 'anchor.json'), JSON.stringify(anchor));
    for (const seg of doomed) await rm(join(this.dir, segmentName(seg)), { force: true });
    return doomed.length;
  }
}

export interface VerifyProblem {
  segment: string;
  line: number;
  id: string | null;
  problem: string;
}

export interface VerifyResult {
  ok: boolean;
  records: number;
  segments: number;
  head: string;
  first_bad?: VerifyProblem;
  /**
   * False when records verify but no head.json records where the log ends: then records removed from the end
   * cannot show (head.json was deleted with them, or a gateway stopped within HEAD_LAG_MS of its first records
   * and never started again, which would have written it).
   */
  head_file?: boolean;
}

/** How long kt events verify waits for a cut last line of the last segment to end (a write in progress). */
const TAIL_GRACE_MS = 1000;
const TAIL_RETRY_MS = 25;

/** How many times kt events verify starts again when retention pruned the log under it (see verifyEventLog). */
const PRUNE_RETRIES = 3;

const anchorText = (dir: string): Promise<string | undefined> => readIfExists(join(dir, 'anchor.json'));

/**
 * Walks the whole chain; stops at the first record that does not verify.
 *
 * The gateway's hourly retention prune may run while this reads (kt events verify is another process): it
 * writes anchor.json, then removes the old segments. A walk that read the old anchor and then found a
 * segment gone, or a record chaining to one that is gone, saw a prune, not damage: when a walk finds a
 * break and anchor.json changed meanwhile, the whole walk starts again from the new anchor. A real break
 * is found again by that walk (retrying only when the anchor moved never hides one), and a log whose
 * anchor keeps moving gets the last walk's answer.
 */
export async function verifyEventLog(dir: string): Promise<VerifyResult> {
  for (let attempt = 0; ; attempt++) {
    const before = await anchorText(dir);
    const result = await verifyOnce(dir);
    if (result.ok || attempt >= PRUNE_RETRIES || (await anchorText(dir)) === before) return result;
  }
}

async function verifyOnce(dir: string): Promise<VerifyResult> {
  const anchor = await readJson<Anchor>(join(dir, 'anchor.json'));
  // Segments before the anchor's first one are being removed by a prune that wrote the anchor (or were left
  // by one that stopped there): their records are no longer part of the chain to verify.
  const segments = (await listSegments(dir)).filter((s) => s >= (anchor?.first_segment ?? 1));
  const head = await readJson<Head>(join(dir, 'head.json'));
  let prev = anchor?.prev_hash ?? GENESIS_HASH;
  let records = 0;
  // head.json may lag the data after a crash between the two writes, so it only has to appear in the chain.
  let seenHead = head === undefined || head.hash === prev;
  const bad = (segment: string, line: number, id: string | null, problem: string): VerifyResult => ({
    ok: false,
    records,
    segments: segments.length,
    head: prev,
    first_bad: { segment, line, id, problem },
  });
  const expectedFirst = anchor?.first_segment ?? 1;
  if (segments.length > 0 && segments[0] !== expectedFirst) {
    return bad(segmentName(expectedFirst), 0, null, `segment ${segmentName(expectedFirst)} is missing`);
  }
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const name = segmentName(seg);
    if (i > 0 && seg !== segments[i - 1]! + 1)
      return bad(segmentName(segments[i - 1]! + 1), 0, null, 'segment is missing');
    // Line by line (flat memory whatever the segment's size). An incomplete last line is reported after the
    // complete lines before it are checked: the first record that does not verify may be one of those, and
    // the count verified must be true.
    const file = join(dir, name);
    let line = 0;
    let complete = 0;
    // A running gateway appends to the last segment while it is read: a tail without its newline may be a
    // batch being written (reported as a truncated write, kt events verify of a busy gateway failed now and
    // then). That tail is read again until the line it held has ended; one that stays cut is damage.
    let target = 0;
    for (let waited = 0; ; waited += TAIL_RETRY_MS) {
      try {
        for await (const { text, end } of linesFrom(file, complete)) {
          line++;
          let rec: Record<string, unknown>;
          try {
            rec = JSON.parse(text) as Record<string, unknown>;
          } catch {
            return bad(name, line, null, 'line is not valid JSON');
          }
          const id = typeof rec.id === 'string' ? rec.id : null;
          if (rec.prev_hash !== prev)
            return bad(
              name,
              line,
              id,
              'prev_hash does not match the previous record (a record was removed, inserted or reordered)',
            );
          if (recordHash(rec) !== rec.hash)
            return bad(name, line, id, 'hash does not match the record contents (the record was edited)');
          prev = rec.hash as string;
          if (head !== undefined && prev === head.hash) seenHead = true;
          records++;
          complete = end;
        }
      } catch (error) {
        // A line with no end in sight is a finding about this segment, like a line that is not JSON.
        if (error instanceof KtError && error.details.data?.overlong_line_at !== undefined)
          return bad(name, line + 1, null, 'line has no end within 64 MiB (not a record kt writes)');
        throw error;
      }
      // The bytes on disk when the walk first reached the end: records appended after that are not waited for.
      if (waited === 0) {
        const size = await stat(file).then(
          (info) => info.size,
          (e: NodeJS.ErrnoException) => {
            if (e.code === 'ENOENT') return undefined;
            throw e;
          },
        );
        // Removed since the listing: by a prune (verifyEventLog walks again) or by hand (a missing segment).
        if (size === undefined) return bad(name, 0, null, 'segment is missing');
        target = size;
      }
      if (complete >= target) break;
      if (i < segments.length - 1 || waited >= TAIL_GRACE_MS)
        return bad(name, line + 1, null, 'last line is incomplete (truncated write or edit)');
      await sleep(TAIL_RETRY_MS);
    }
  }
  if (!seenHead && head !== undefined) {
    const last = segments.at(-1);
    return bad(
      last === undefined ? '(none)' : segmentName(last),
      0,
      null,
      `the log ends at ${prev.slice(0, 12)}... but head.json records ${head.hash.slice(0, 12)}... (records were removed from the end)`,
    );
  }
  return {
    ok: true,
    records,
    segments: segments.length,
    head: prev,
    ...(head === undefined && records > 0 ? { head_file: false } : {}),
  };
}
