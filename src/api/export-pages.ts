/**
 * Turning a raw GET /v1/events page into export rows, optionally in a converter thread. The worker is
 * this very module file loaded again (bundled code: a chunk of dist/), switched into worker mode by
 * `workerData.role`; under a TypeScript test runner (a .ts URL) there are no workers and pages convert
 * on the main thread. A worker gets the page text and, for a file, hands back the rows already encoded
 * as UTF-8 in a transferred buffer, so the main thread only fetches, writes in order and checkpoints.
 *
 * Where the CPU of a CSV export goes (profiled 2026-11, 1000-event pages of ~0.9 MB, per event): through
 * JSON.parse, the parse 3.5-6 us and the CSV rows ~2-3 us; through the fast CSV route (export-fast-csv.ts,
 * pages in the contract's field order) ~3-4 us for both; body decode ~0.7 us and encode for the write
 * ~0.5 us either way, plus undici's receive path (~1-2 us). A hand-written char-by-char JSON scanner was
 * 2-3x slower than JSON.parse; the fast route is one native regular-expression match per event instead.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { wholeNumberFromEnv } from '../config/env-number.js';
import type { EventRecord } from '../core/types.js';
import { csvHeader, eventToCsv } from '../output/csv.js';
import { IdKeys } from './event-ids.js';
import type { BufferPool } from './export-buffers.js';
import { fastCsvChunks, fastCsvPage, learnLayout } from './export-fast-csv.js';
import { type EventsPage, validateEventsPage } from './validate.js';

export type PageFormat = 'csv' | 'json' | 'ndjson';

const ROLE = 'kt-export-page-converter';

export interface ConvertedPage {
  /** Rows as text. For JSON every row starts with ",\n"; the writer drops the comma of the very first. */
  text: string;
  /** The rows as UTF-8 instead of `text` (then ''), when a converter thread encoded them for a file. */
  bytes?: Uint8Array;
  count: number;
  next: string | null;
  /**
   * The page's first event, for a full schema check on the main thread; absent when the page came
   * through the fast CSV route, whose match already checked every event against the schema.
   */
  first?: EventRecord;
  /** Converted by the fast CSV route (export-fast-csv.ts) rather than through JSON.parse. */
  fast?: true;
  /**
   * The rows' event ids as keys (event-ids.ts), KEY_WORDS words a row in row order, so that the export
   * can drop an event it has written already (dropRows) without parsing the page again.
   */
  ids?: Uint32Array;
}

export const exportPrefix = (format: PageFormat): string =>
  format === 'csv' ? csvHeader() : format === 'json' ? '[' : '';
export const exportSuffix = (format: PageFormat, rows: number): string =>
  format === 'json' ? (rows > 0 ? '\n]\n' : ']\n') : '';

/**
 * How many of a page's rows are whole in the first `written` bytes of its text (as UTF-8): what a
 * reader has of a page whose write failed part-way. A CSV or NDJSON row is whole with its line end (a
 * CSV line end inside a quoted cell ends no row); a JSON row, ",\n" (the export's first: "\n") and an
 * object without a raw line feed, with its closing brace, the byte before the next row's comma.
 */
export function wholeRows(format: PageFormat, text: string, written: number): number {
  const bytes = Buffer.from(text, 'utf8');
  const end = Math.min(written, bytes.length);
  let whole = 0;
  if (format === 'json') {
    for (let start = bytes.indexOf(0x0a); start !== -1; whole++) {
      const next = bytes.indexOf(0x0a, start + 1);
      if ((next === -1 ? bytes.length : next - 1) > end) break;
      start = next;
    }
    return whole;
  }
  let quoted = false;
  for (let i = 0; i < end; i++) {
    if (bytes[i] === 0x22 && format === 'csv') quoted = !quoted;
    else if (bytes[i] === 0x0a && !quoted) whole++;
  }
  return whole;
}

/**
 * The rows of a page's text or bytes whose flag in `drop` is 0, in the form they came (text stays text):
 * an event the export has written already is cut out of the page after conversion, which keeps the
 * converters (and their threads) free of the export's state. Rows are found as wholeRows finds them: a
 * CSV row ends with a line feed outside quotes, an NDJSON row with its line feed, a JSON row (",\n" and
 * an object without a raw line feed) starts at the comma before its line feed. Throws when the rows
 * found are not `drop.length` (a bug, not a server's fault: the page was converted here).
 */
export function dropRows<T extends string | Uint8Array>(format: PageFormat, rows: T, drop: Uint8Array): T {
  const bytes: Uint8Array = typeof rows === 'string' ? Buffer.from(rows, 'utf8') : rows;
  const starts: number[] = [];
  if (format === 'json') {
    for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) starts.push(i - 1);
  } else {
    let quoted = false;
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0x22 && format === 'csv') quoted = !quoted;
      else if (bytes[i] === 0x0a && !quoted) {
        starts.push(start);
        start = i + 1;
      }
    }
  }
  if (starts.length !== drop.length)
    throw new Error(`a converted page has ${starts.length} rows where its events are ${drop.length}`);
  const kept: Uint8Array[] = [];
  for (let r = 0; r < starts.length; r++) {
    if (drop[r] === 0) kept.push(bytes.subarray(starts[r], r + 1 < starts.length ? starts[r + 1] : bytes.length));
  }
  const out = Buffer.concat(kept);
  return (typeof rows === 'string' ? out.toString('utf8') : out) as T;
}

/**
 * Parses, shallow-validates and formats one page. Throws an Error naming what is wrong. `asBytes` asks
 * for the rows as UTF-8 in `bytes` where that is cheaper than text (the fast CSV route); the caller
 * takes whichever it gets.
 */
export function convertPage(raw: string, format: PageFormat, neutralise: boolean, asBytes = false): ConvertedPage {
  if (format === 'csv') {
    const fast = fastCsvPage(raw, neutralise, asBytes);
    if (fast) return fast;
  }
  return convertParsedLearning(raw, format, neutralise);
}

/**
 * convertPage for a body still in the Buffers it arrived in (ApiClient rawBytes). A CSV page of the
 * fast route is decoded and converted 32 KiB at a time (export-fast-csv.ts fastCsvChunks), so no
 * page-sized string is made: such a string (~1 MB) lands in V8's large-object space, which only a
 * major collection frees, and was what made an export's memory grow with its length. Any other page is
 * decoded whole, from the same bytes, and converted as convertPage does.
 */
export function convertChunks(
  chunks: readonly Buffer[],
  format: PageFormat,
  neutralise: boolean,
  asBytes = false,
  buffers?: BufferPool,
): ConvertedPage {
  if (format === 'csv') {
    const fast = fastCsvChunks(chunks, neutralise, asBytes, buffers);
    if (fast) return fast;
  }
  return convertParsedLearning(joinChunks(chunks).toString('utf8'), format, neutralise, buffers);
}

/**
 * convertParsedPage, and for CSV the layout of the page's first event is learnt (and that of its first
 * event with an upstream_status, which most events do not have): a server that orders the fields its
 * own way can have its next pages take the fast route in that order.
 */
function convertParsedLearning(
  raw: string,
  format: PageFormat,
  neutralise: boolean,
  buffers?: BufferPool,
): ConvertedPage {
  const page = parsedPage(raw);
  if (format === 'csv' && page.events.length > 0) {
    learnLayout(page.events[0]);
    const withStatus = page.events.find((e) => e.upstream_status !== undefined);
    if (withStatus !== undefined) learnLayout(withStatus);
  }
  return formatPage(page, format, neutralise, buffers);
}

/** The chunks as one Buffer (the chunk itself when there is one). */
export function joinChunks(chunks: readonly Buffer[]): Buffer {
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/** convertPage through JSON.parse: any page the contract allows (the reference for the fast CSV route). */
export function convertParsedPage(raw: string, format: PageFormat, neutralise: boolean): ConvertedPage {
  return formatPage(parsedPage(raw), format, neutralise);
}

function parsedPage(raw: string): EventsPage {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new Error('the response is not JSON');
  }
  return validateEventsPage(body);
}

function formatPage(page: EventsPage, format: PageFormat, neutralise: boolean, buffers?: BufferPool): ConvertedPage {
  const events = page.events;
  // An array joined once gives a flat string; `+=` would build a rope that is flattened (slowly) on write.
  const parts = new Array<string>(events.length);
  if (format === 'csv') for (let i = 0; i < events.length; i++) parts[i] = eventToCsv(events[i]!, neutralise);
  else if (format === 'ndjson') for (let i = 0; i < events.length; i++) parts[i] = `${JSON.stringify(events[i])}\n`;
  else for (let i = 0; i < events.length; i++) parts[i] = `,\n${JSON.stringify(events[i])}`;
  const ids = new IdKeys(events.length, buffers?.ids);
  for (let i = 0; i < events.length; i++) ids.add(events[i]!.id);
  const out: ConvertedPage = { text: parts.join(''), count: events.length, next: page.next_cursor, ids: ids.finish() };
  if (events.length > 0) out.first = events[0]!;
  return out;
}

const tailCursor = /"next_cursor"\s*:\s*(?:null|"([^"\\]*)")\s*\}\s*$/;

/**
 * Reads `next_cursor` from the end of a raw page without parsing it all, so the next page can be
 * fetched while this one converts. Undefined when the text does not end that way (then parse it).
 * The converter's own parse is checked against this value before anything is written. A page still
 * in Buffers has only its last 4 KiB decoded (a character cut at the start of that window decodes to
 * U+FFFD, far from the cursor the expression reads at the end).
 */
export function peekCursor(raw: string | readonly Buffer[]): string | null | undefined {
  const m = tailCursor.exec(
    typeof raw === 'string' ? (raw.length > 4096 ? raw.slice(-4096) : raw) : tailBytes(raw, 4096).toString('utf8'),
  );
  if (!m) return undefined;
  return m[1] ?? null;
}

function tailBytes(chunks: readonly Buffer[], n: number): Buffer {
  const parts: Buffer[] = [];
  let size = 0;
  for (let i = chunks.length - 1; i >= 0 && size < n; i--) {
    const chunk = chunks[i]!;
    const part = chunk.length > n - size ? chunk.subarray(chunk.length - (n - size)) : chunk;
    parts.unshift(part);
    size += part.length;
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
}

interface Job {
  resolve: (p: ConvertedPage) => void;
  reject: (e: Error) => void;
}

/**
 * A small pool of page converters; `convert` falls back to the main thread when there are none. The
 * threads start with the first page that has more after it: that page converts on the main thread
 * while they boot, and an export of a single page never starts them.
 */
export class PageConverters {
  private readonly workers: Worker[] = [];
  private readonly jobs = new Map<number, Job>();
  private nextId = 0;
  private turn = 0;
  /** Threads still to start (0 once started, or when there are none). */
  private pending: number;

  constructor(count: number) {
    const url = new URL(import.meta.url);
    this.pending = count > 0 && url.pathname.endsWith('.js') ? count : 0;
  }

  /** The threads this pool has or will start. */
  get capacity(): number {
    return this.workers.length + this.pending;
  }

  private start(): void {
    const url = new URL(import.meta.url);
    const count = this.pending;
    this.pending = 0;
    for (let i = 0; i < count; i++) {
      const worker = new Worker(url, { workerData: { role: ROLE } });
      worker.unref();
      worker.on('message', (m: { id: number; page?: ConvertedPage; error?: string }) => {
        const job = this.jobs.get(m.id);
        if (!job) return;
        this.jobs.delete(m.id);
        if (m.page) job.resolve(m.page);
        else job.reject(new Error(m.error ?? 'page conversion failed'));
      });
      worker.on('error', (e) => {
        for (const job of this.jobs.values()) job.reject(e);
        this.jobs.clear();
      });
      this.workers.push(worker);
    }
  }

  /**
   * Converts a page (in a worker when there are workers). With `asBytes` a worker also encodes the rows
   * and hands the buffer over (transferred, not copied), so the main thread only writes it. `more`:
   * other pages follow this one (see the class comment). `raw` is no longer read once this returns (a
   * worker gets a copy), so its buffer can be reused; on the main thread the rows go into a buffer of
   * `buffers`, to give back once written.
   */
  convert(
    raw: string | readonly Buffer[],
    format: PageFormat,
    neutralise: boolean,
    asBytes = false,
    more = true,
    buffers?: BufferPool,
  ): Promise<ConvertedPage> {
    if (this.workers.length === 0) {
      if (this.pending > 0 && more) this.start();
      try {
        return Promise.resolve(
          typeof raw === 'string'
            ? convertPage(raw, format, neutralise, asBytes)
            : convertChunks(raw, format, neutralise, asBytes, buffers),
        );
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    const id = this.nextId++;
    const worker = this.workers[this.turn++ % this.workers.length]!;
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      // Bytes are copied into the message (a chunk may be a view of a larger buffer, which cannot move).
      worker.postMessage({ id, raw: typeof raw === 'string' ? raw : joinChunks(raw), format, neutralise, asBytes });
    });
  }

  get size(): number {
    return this.workers.length;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Converter threads: KT_EXPORT_WORKERS (0-8) when set, else by os.availableParallelism(): one thread
 * from 4 CPUs up, none below. A converter thread moves the page's parse and CSV (about half of an
 * export's CPU) off the main thread, which keeps HTTP, ordered writes and checkpoints; it costs more
 * CPU in total (the page text is copied in, the rows handed back, a second heap) and ~30 MiB of RSS.
 * On the 2-CPU test machine, where the server and other work compete for the second CPU, it measured
 * slower in wall time too (2026-11, bench/40-export.mjs, 1M events: 10.5-11.0 s of CPU against
 * 6.8-9.1 s without, wall 14.8-15.6 s against 8.6-13.4 s, peak RSS 190 MiB against 159), so it is
 * kept for machines where a CPU is likely to be idle for it. The 4-CPU threshold is a judgement, not
 * a measurement (no such machine here); KT_EXPORT_WORKERS=0 turns the thread off.
 */
export function converterCount(env: NodeJS.ProcessEnv, cpus = availableParallelism()): number {
  // A value outside 0-8 is a usage error naming the variable (it used to mean "kt decides", so a typo
  // silently ran another configuration than the one being measured); within it, at most two threads
  // per CPU.
  const fromEnv = wholeNumberFromEnv(env, 'KT_EXPORT_WORKERS', {
    min: 0,
    max: 8,
    hint: 'KT_EXPORT_WORKERS=1 (0 turns the converter thread off), or unset it to let kt choose',
  });
  if (fromEnv !== undefined) return Math.min(fromEnv, Math.max(1, cpus) * 2);
  return cpus >= 4 ? 1 : 0;
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE && parentPort) {
  const port = parentPort;
  const encoder = new TextEncoder();
  port.on(
    'message',
    (m: { id: number; raw: string | Uint8Array; format: PageFormat; neutralise: boolean; asBytes: boolean }) => {
      try {
        const raw = m.raw;
        const page =
          typeof raw === 'string'
            ? convertPage(raw, m.format, m.neutralise, m.asBytes)
            : convertChunks(
                [Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)],
                m.format,
                m.neutralise,
                m.asBytes,
              );
        // The ids' buffer is the page's own (IdKeys), handed over without a copy.
        const ids = page.ids ? [page.ids.buffer as ArrayBuffer] : [];
        if (!m.asBytes) {
          port.postMessage({ id: m.id, page }, ids);
          return;
        }
        // Buffers of their own (the fast route's, TextEncoder's; Buffer.from may share a pool slab, which
        // cannot move), handed over without a copy.
        if (!page.bytes) {
          page.bytes = encoder.encode(page.text);
          page.text = '';
        }
        port.postMessage({ id: m.id, page }, [page.bytes.buffer as ArrayBuffer, ...ids]);
      } catch (error) {
        port.postMessage({ id: m.id, error: error instanceof Error ? error.message : String(error) });
      }
    },
  );
}
