/**
 * Turning a raw GET /v1/events page into export text, optionally in worker threads. JSON.parse and
 * CSV formatting are most of an export's CPU time; with idle cores, converting in workers while the main
 * thread only fetches and writes keeps the export I/O-bound (see converterCount for the default). The worker is this very module file loaded again
 * (bundled code: a chunk of dist/), switched into worker mode by `workerData.role`; under a TypeScript
 * test runner (a .ts URL) there are no workers and pages convert on the main thread.
 *
 * Where the CPU of a CSV export goes on the main thread (profiled 2026-11, 1000-event pages of ~0.9 MB,
 * per event): JSON.parse of a freshly received page 3.5-6 us, CSV rows ~2-3 us, body decode ~0.7 us,
 * encode for the write ~0.4 us. A hand-written JSON scanner that builds only the CSV fields was tried
 * and was 2-3x slower than JSON.parse, so JSON.parse stays; beyond ~100k events per CPU-second the
 * remaining lever is these workers, which only pay on a machine with an idle core.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { EventRecord } from '../core/types.js';
import { csvHeader, eventToCsv } from '../output/csv.js';
import { fastCsvPage } from './export-fast-csv.js';
import { validateEventsPage } from './validate.js';

export type PageFormat = 'csv' | 'json' | 'ndjson';

const ROLE = 'kt-export-page-converter';

export interface ConvertedPage {
  /** Rows as text. For JSON every row starts with ",\n"; the writer drops the comma of the very first. */
  text: string;
  count: number;
  next: string | null;
  /**
   * The page's first event, for a full schema check on the main thread; absent when the page came
   * through the fast CSV route, whose match already checked every event against the schema.
   */
  first?: EventRecord;
  /** Converted by the fast CSV route (export-fast-csv.ts) rather than through JSON.parse. */
  fast?: true;
}

export const exportPrefix = (format: PageFormat): string => (format === 'csv' ? csvHeader() : format === 'json' ? '[' : '');
export const exportSuffix = (format: PageFormat, rows: number): string => (format === 'json' ? (rows > 0 ? '\n]\n' : ']\n') : '');

/** Parses, shallow-validates and formats one page. Throws an Error naming what is wrong. */
export function convertPage(raw: string, format: PageFormat, neutralise: boolean): ConvertedPage {
  if (format === 'csv') {
    const fast = fastCsvPage(raw, neutralise);
    if (fast) return fast;
  }
  return convertParsedPage(raw, format, neutralise);
}

/** convertPage through JSON.parse: any page the contract allows (the reference for the fast CSV route). */
export function convertParsedPage(raw: string, format: PageFormat, neutralise: boolean): ConvertedPage {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new Error('the response is not JSON');
  }
  const page = validateEventsPage(body);
  const events = page.events;
  // An array joined once gives a flat string; `+=` would build a rope that is flattened (slowly) on write.
  const parts = new Array<string>(events.length);
  if (format === 'csv') for (let i = 0; i < events.length; i++) parts[i] = eventToCsv(events[i]!, neutralise);
  else if (format === 'ndjson') for (let i = 0; i < events.length; i++) parts[i] = `${JSON.stringify(events[i])}\n`;
  else for (let i = 0; i < events.length; i++) parts[i] = `,\n${JSON.stringify(events[i])}`;
  const out: ConvertedPage = { text: parts.join(''), count: events.length, next: page.next_cursor };
  if (events.length > 0) out.first = events[0]!;
  return out;
}

const tailCursor = /"next_cursor"\s*:\s*(?:null|"([^"\\]*)")\s*\}\s*$/;

/**
 * Reads `next_cursor` from the end of a raw page without parsing it all, so the next page can be
 * fetched while this one converts. Undefined when the text does not end that way (then parse it).
 * The converter's own parse is checked against this value before anything is written.
 */
export function peekCursor(raw: string): string | null | undefined {
  const m = tailCursor.exec(raw.length > 4096 ? raw.slice(-4096) : raw);
  if (!m) return undefined;
  return m[1] ?? null;
}

interface Job {
  resolve: (p: ConvertedPage) => void;
  reject: (e: Error) => void;
}

/** A small pool of page converters; `convert` falls back to the main thread when there are none. */
export class PageConverters {
  private readonly workers: Worker[] = [];
  private readonly jobs = new Map<number, Job>();
  private nextId = 0;
  private turn = 0;

  constructor(count: number) {
    const url = new URL(import.meta.url);
    if (count <= 0 || !url.pathname.endsWith('.js')) return;
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

  /** Converts a page (in a worker when there are workers). */
  convert(raw: string, format: PageFormat, neutralise: boolean): Promise<ConvertedPage> {
    if (this.workers.length === 0) {
      try {
        return Promise.resolve(convertPage(raw, format, neutralise));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    const id = this.nextId++;
    const worker = this.workers[this.turn++ % this.workers.length]!;
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      worker.postMessage({ id, raw, format, neutralise });
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
 * Converter threads: KT_EXPORT_WORKERS (0-8), default 0. Measured on the 2-core shared test machine,
 * two workers cost more CPU and ~40 MiB more RSS than they saved in wall time, so they are opt-in for
 * machines with idle cores.
 */
export function converterCount(env: NodeJS.ProcessEnv): number {
  const fromEnv = env.KT_EXPORT_WORKERS;
  if (fromEnv !== undefined && /^\d+$/.test(fromEnv)) return Math.min(Number(fromEnv), 8, Math.max(1, availableParallelism()) * 2);
  return 0;
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE && parentPort) {
  const port = parentPort;
  port.on('message', (m: { id: number; raw: string; format: PageFormat; neutralise: boolean }) => {
    try {
      port.postMessage({ id: m.id, page: convertPage(m.raw, m.format, m.neutralise) });
    } catch (error) {
      port.postMessage({ id: m.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}
