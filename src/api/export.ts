/**
 * Streaming, resumable event export. Pages through GET /v1/events with the cursor and appends each page
 * to `<output>.part` as it arrives (memory stays flat: one page in flight, one being written; a page's
 * body stays in the Buffers it arrived in and a CSV page of the contract's layout is converted from them
 * 32 KiB at a time, see export-pages.ts convertChunks). A
 * checkpoint `<output>.kt-export.json` records (cursor of the next page, rows, bytes) - always a pair
 * that is consistent with what is on disk: a page counts once every byte of it is in the part file
 * (writeAll: a short write, a disk that fills or a file-size limit, is not a written page), and the
 * checkpoint never claims more than that. `--resume` truncates the part file to the checkpoint's byte
 * count (dropping a page that was half written when the process died or the disk filled) and continues
 * from its cursor, so no row is lost or written twice. The finished file is fsync'd and renamed into
 * place atomically.
 *
 * An event whose id the export has written already (a server whose pages overlap, sending events again
 * under fresh cursors) is dropped and counted, and a warning says how many: against the last 65k ids
 * written, in bounded memory (event-ids.ts says why a window and not the ids' order), and across a
 * resume against the last ids the checkpoint keeps (RESUME_IDS).
 */
import { open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { joinHints, KtError, isKtError } from '../errors.js';
import { syncDirectory, writeFileAtomic, writeTarget } from '../io/atomic-write.js';
import { readFileBounded } from '../io/bounded-read.js';
import { acquireLock } from '../config/lock-file.js';
import {
  cannotWriteHint,
  describeFsError,
  directoryPathOutput,
  notARegularOutput,
  specialFileKind,
} from '../io/fs-errors.js';
import type { ApiClient } from './client.js';
import { getEvent, listEventsBytes, type EventsQuery } from './endpoints.js';
import { isSavedIds, RecentIds, savedEventIds } from './event-ids.js';
import { BufferPool } from './export-buffers.js';
import { MAX_PAGE, PageSize } from './page-size.js';
import {
  convertChunks,
  dropRows,
  exportPrefix,
  exportSuffix,
  peekCursor,
  PageConverters,
  wholeRows,
  type ConvertedPage,
} from './export-pages.js';
import { schemaCheck } from './openapi.js';

export type ExportFormat = 'csv' | 'json' | 'ndjson';

export interface ExportQuery {
  from?: string;
  to?: string;
  filters: Record<string, string[]>;
}

export interface Checkpoint {
  kind: 'kt-events-export';
  version: 1;
  api_url: string;
  query: ExportQuery;
  format: ExportFormat;
  neutralize_formulas: boolean;
  /** Cursor of the next page to fetch; null before the first page. */
  cursor: string | null;
  rows: number;
  bytes: number;
  /**
   * The keys of the last ids written (event-ids.ts RecentIds.save, base64), so that a resumed export
   * still drops the events of the pages just before it that the server sends again. Absent in a
   * checkpoint of an older kt (the resume then starts with no ids).
   */
  recent_ids?: string;
  /** Events dropped so far because their id had been written already. */
  duplicates?: number;
  started_at: string;
  updated_at: string;
}

export interface ExportProgress {
  rows: number;
  bytes: number;
}

export interface ExportOptions {
  client: ApiClient;
  query: ExportQuery;
  format: ExportFormat;
  neutralizeFormulas: boolean;
  /** File to write; undefined = write to `sink` (no atomic rename, no resume). */
  output?: string;
  /** `output` as the user typed it, for messages (default: `output`). */
  outputLabel?: string;
  /**
   * Writes one chunk and resolves once all of it is out. A failed write rejects; when the error has a
   * numeric `bytesWritten` (how many bytes of the chunk's UTF-8 got out first), the rows whole in them
   * count as written, else none of the chunk's rows do.
   */
  sink?: (chunk: string) => Promise<void>;
  resume: boolean;
  /**
   * `--force`: replace an existing output file and discard an interrupted export of it (its checkpoint and
   * part file); without it a new export refuses either (a resume never does).
   */
  overwrite?: boolean;
  /** Called once a `--resume` really continues: the checkpoint is read, checked and its part file opened. */
  onResume?: (from: Checkpoint) => void;
  pageSize?: number;
  now: () => number;
  onProgress?: (p: ExportProgress) => void;
  /** Minimum time between checkpoint writes (ms); the final state is always written. */
  checkpointEveryMs?: number;
  warn?: (m: string) => void;
  /** --debug lines (no event content: counts only). */
  debug?: (m: string) => void;
  /** Page converter threads (0 = convert on the main thread); see export-pages.ts. */
  workers?: number;
}

export interface ExportResult {
  rows: number;
  bytes: number;
  resumedFromRows: number;
  /** Events the server sent again (an id already written) and the export dropped, over every run of it. */
  duplicates: number;
  output?: string;
  format: ExportFormat;
}

export const partPath = (output: string): string => `${output}.part`;
export const checkpointPath = (output: string): string => `${output}.kt-export.json`;
export const lockPath = (output: string): string => `${output}.kt-export.lock`;

/** Reads and checks a checkpoint; undefined when there is none. Messages name `label`'s checkpoint. */
export async function readCheckpoint(output: string, label = output): Promise<Checkpoint | undefined> {
  const path = checkpointPath(output);
  let text: string;
  try {
    // Bounded and non-blocking: a checkpoint is a few hundred bytes, never a FIFO to wait on.
    text = (await readFileBounded(path, 1024 * 1024)).toString('utf8');
  } catch (error) {
    // ENOTDIR: a part of the output's path is a file, so there is no checkpoint either; writing the export
    // then fails naming the output itself, not a checkpoint the user never asked for.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new KtError('input.unreadable', `cannot read the export checkpoint: ${describeFsError(error)}`, {
      file: checkpointPath(label),
    });
  }
  try {
    const c = JSON.parse(text) as Checkpoint;
    if (
      c.kind !== 'kt-events-export' ||
      c.version !== 1 ||
      typeof c.bytes !== 'number' ||
      typeof c.rows !== 'number' ||
      (c.cursor !== null && typeof c.cursor !== 'string') ||
      (c.recent_ids !== undefined && (typeof c.recent_ids !== 'string' || !isSavedIds(c.recent_ids))) ||
      (c.duplicates !== undefined && typeof c.duplicates !== 'number')
    ) {
      throw new Error('not a kt export checkpoint');
    }
    return c;
  } catch (error) {
    throw new KtError('input.invalid_checkpoint', `invalid export checkpoint: ${(error as Error).message}`, {
      file: checkpointPath(label),
      hint: 'export again with --force (without --resume) to start over',
    });
  }
}

/**
 * Replaces the checkpoint atomically (writeFileAtomic: a synced temp file renamed over it, the directory
 * synced after), so that a power loss never leaves the new name on an empty file. A failure is the errno
 * error itself, so that the export's message names --output as typed (fileFailure), not the resolved path.
 */
async function writeCheckpoint(output: string, c: Checkpoint): Promise<void> {
  try {
    await writeFileAtomic(checkpointPath(output), `${JSON.stringify(c)}\n`, 0o600);
  } catch (error) {
    throw isKtError(error) && error.details.cause !== undefined ? error.details.cause : error;
  }
}

/**
 * Writes all of `buf` at `position` of the part file, or fails. One write() may take less than it is
 * given: the kernel writes what fits under a file-size limit (`ulimit -f`; Node ignores SIGXFSZ) or on
 * a disk that fills and returns the short count. The rest is written again from where it stopped, so
 * either the page is whole in the file or that retry fails with the real errno (EFBIG, ENOSPC) and the
 * page does not count as written: its bytes past the last whole page are dropped by a `--resume`.
 */
async function writeAll(fh: FileHandle, buf: Uint8Array, position: number, file: string): Promise<void> {
  for (let done = 0; done < buf.length;) {
    const { bytesWritten } = await fh.write(buf, done, buf.length - done, position + done);
    // Not seen from a regular file (a write that can take nothing fails), but a loop must not spin.
    if (bytesWritten <= 0)
      throw new KtError('input.cannot_write', 'cannot write the export: a write took no bytes', { file });
    done += bytesWritten;
  }
}

/** What a checkpoint may record (see `saved` in runExport); `admitted`: RecentIds.admitted then. */
interface Saved {
  cursor: string | null;
  rows: number;
  bytes: number;
  admitted: number;
  duplicates: number;
}

/**
 * Ids a checkpoint keeps for a resume: two full pages. The repeats seen are of the page just before (a
 * server re-sending a page's tail under the next cursor); more would put ~27 bytes of base64 an id into
 * every checkpoint write (a few a second) for repeats reaching further back across an interruption.
 */
const RESUME_IDS = 2000;

/** The page without the rows `drop` flags: text stays text; bytes from the pool go back to it. */
function withoutRows(page: ConvertedPage, format: ExportFormat, drop: Uint8Array, buffers: BufferPool): ConvertedPage {
  let kept = 0;
  for (const flag of drop) if (flag === 0) kept++;
  if (page.bytes) {
    const bytes = dropRows(format, page.bytes, drop);
    buffers.give(page.bytes);
    return { ...page, bytes, count: kept };
  }
  return { ...page, text: dropRows(format, page.text, drop), count: kept };
}

const prefix = exportPrefix;
const suffix = exportSuffix;

/** A checkpoint that counts nothing: no page of the export was written (a resume starts from the first). */
const isEmptyCheckpoint = (c: Checkpoint): boolean => c.rows === 0 && c.cursor === null;

/** Removes the part file and the checkpoint of `output` (those that exist) of an export that wrote nothing. */
async function discardFiles(output: string): Promise<void> {
  for (const file of [partPath(output), checkpointPath(output)]) await unlink(file).catch(() => {});
}

/** Runs the export; see the module comment. A local file error (no such directory, disk full) exits 3. */
export async function exportEvents(opts: ExportOptions): Promise<ExportResult> {
  const held: Held = {};
  try {
    return await runExport(opts, held);
  } catch (error) {
    // A failure while the part file is opened or prepared reaches here (runExport words those of the page
    // loop itself, with the rows a resume keeps): no page of this run was written, so no --resume hint.
    const errno = error as NodeJS.ErrnoException;
    // The hint follows the errno; for ENOENT, whether the directory is there after all (/proc, /sys).
    const file = errno.path ?? opts.output;
    const directoryExists =
      errno.code === 'ENOENT' && file !== undefined
        ? await stat(dirname(file)).then(
            (info) => info.isDirectory(),
            () => false,
          )
        : false;
    const hint = cannotWriteHint(errno.code, directoryExists);
    throw fileFailure(error, opts.outputLabel ?? opts.output, hint) ?? error;
  } finally {
    await held.release?.();
  }
}

/**
 * A resume against another URL than the one the export started from (the gateway restarted on another
 * --listen, reached under a new name). The cursor and the rows saved belong to an event log, not to a
 * URL: the resume continues when the server serves the last events exported (GET /v1/events/{id}; an id
 * is `evt_` + ULID with 80 random bits, so no other log has it), and is refused before anything is touched
 * otherwise, since a cursor of another log would silently skip or repeat events. An export that has
 * fetched nothing yet is tied to no server.
 */
async function checkSameEventLog(client: ApiClient, existing: Checkpoint, file: string): Promise<void> {
  if (existing.rows === 0 && existing.cursor === null) return;
  // The newest few (one of them may have been dropped by a filter change or a retention cut since).
  const ids = (existing.recent_ids === undefined ? [] : savedEventIds(existing.recent_ids)).slice(-3).reverse();
  for (const id of ids) {
    const found = await getEvent(client, id).catch((error: unknown) => {
      if (isKtError(error) && error.code === 'api.not_found') return undefined;
      throw error;
    });
    if (found?.id === id) return;
  }
  const why =
    ids.length === 0
      ? 'the checkpoint names no event id to find there'
      : `${client.baseUrl} has no event ${ids[0]} (the last one exported)`;
  throw new KtError(
    'input.checkpoint_mismatch',
    `cannot resume: the export was started against ${existing.api_url} and ${why}, so it is not known to serve the same event log (its cursor would skip or repeat events)`,
    {
      file,
      hint: `resume with --api-url ${existing.api_url} if that server is still up, or export from ${client.baseUrl} again with --force (without --resume) to start over`,
    },
  );
}

/** The export's lock on its output, released once it has finished or failed (see lockOutput). */
interface Held {
  release?: () => Promise<void>;
}

/**
 * Takes `<output>.kt-export.lock` for this process, or refuses when another live kt holds it. Two exports
 * of one output at once (a cron job and a manual run, a --resume typed in a second terminal) shared the
 * part file: the second discarded the first's checkpoint "as interrupted" and truncated the part file
 * under it, the first then wrote its rows into the file the second had renamed into place (a finished
 * export, exit 0, with the other's rows in it) and left a checkpoint counting rows that no file held.
 * A lock whose process is gone (killed) is taken over, as the profile file's is.
 */
function lockOutput(output: string, shown: string, filesShown: string): Promise<() => Promise<void>> {
  return acquireLock(lockPath(output), {
    // An export holds it for as long as it runs (minutes, hours): refused at once, not waited for.
    waitMs: 0,
    // A file that cannot be created there is about the output's directory (fileFailure names --output).
    unreadable: (error) =>
      new KtError('input.cannot_write', `cannot take the export's lock: ${describeFsError(error)}`, {
        file: lockPath(filesShown),
        hint: 'remove it if no kt is exporting to this file',
      }),
    busy: (holder) =>
      new KtError('input.export_in_progress', `another kt (pid ${holder}) is exporting to this file; nothing touched`, {
        file: shown,
        hint: `wait for it to finish, or export to another file; if no kt is exporting, delete ${lockPath(filesShown)}`,
      }),
  });
}

/** A failed file-system call (not a KtError) as `input.cannot_write` naming `file`; else undefined. */
function fileFailure(error: unknown, file: string | undefined, hint: string): KtError | undefined {
  const errno = error as NodeJS.ErrnoException;
  if (isKtError(error) || typeof errno.code !== 'string' || typeof errno.syscall !== 'string') return undefined;
  const named = file ?? errno.path;
  return new KtError('input.cannot_write', `cannot write the export: ${describeFsError(errno)}`, {
    ...(named === undefined ? {} : { file: named }),
    data: { errno: errno.code, syscall: errno.syscall },
    hint,
  });
}

async function runExport(opts: ExportOptions, held: Held): Promise<ExportResult> {
  // Pages sized by the events' weight (page-size.ts), from 1,000, unless the caller fixes the size.
  const pages = opts.pageSize === undefined ? new PageSize(MAX_PAGE) : undefined;
  const { client } = opts;
  /** The output as the user typed it: what messages name (used only with an output). */
  const shown = opts.outputLabel ?? opts.output ?? '';
  /**
   * The file written: --output, or the file it points to when it is a symbolic link (writeTarget: the
   * link stays a link, a dangling one is written through when its directory exists). The part file and
   * the checkpoint go beside it, on its file system, for the final rename.
   */
  const output = opts.output === undefined ? undefined : await writeTarget(opts.output, shown);
  /**
   * How messages name the part file and the checkpoint: after --output as typed, or, beside a link's
   * target, by the target's path (a path kt found rather than one the user typed, shown as it is, as
   * src/io/shown-path.ts leaves paths it does not know).
   */
  const filesShown = output === opts.output ? shown : (output ?? '');
  let query = opts.query;
  let format = opts.format;
  let neutralise = opts.neutralizeFormulas;
  let rows = 0;
  let bytes = 0;
  let cursor: string | null = null;
  /**
   * What a checkpoint may record: the cursor, rows and bytes after the last page that is whole in the
   * part file, except the export's last page. After that one the state to save is the one before it, so
   * that a failure writing the tail, syncing or renaming leaves a checkpoint that fetches the last page
   * again: a cursor of null means "from the first page", never "after the last one" (a resume from that
   * would write every row a second time).
   */
  let saved: Saved = { cursor, rows, bytes, admitted: 0, duplicates: 0 };
  /** The ids written lately, and how many events were dropped as repeats (see event-ids.ts). */
  const recent = new RecentIds();
  let duplicates = 0;
  let resumedFromRows = 0;
  let fh: FileHandle | undefined;
  let checkpoint: Checkpoint | undefined;
  /** This run made the part file and the checkpoint (not a --resume): see the failure path. */
  let created = false;
  let lastCheckpointAt = 0;
  /** Without --output: the format's head (CSV header, `[`), not yet written to the sink. */
  let unsentHead: string | undefined;
  const stamp = () => new Date(opts.now()).toISOString();

  if (output !== undefined) {
    // The rename at the very end would fail on a directory: say so before fetching a single page, and
    // before leaving a `.part` and a checkpoint beside it that no resume could ever finish.
    const info = await stat(output).catch(() => undefined);
    if (info?.isDirectory() === true) {
      throw new KtError('input.cannot_write', 'is a directory; --output names the file to write', {
        file: shown,
        hint: `e.g. --output ${shown.replace(/\/+$/, '')}/events.${format}`,
      });
    }
    // `--output reports/` where no directory reports exists (or a file does): the file `reports` was written.
    const slashed = directoryPathOutput(shown, `events.${format}`);
    if (slashed !== undefined)
      throw new KtError('input.cannot_write', slashed.message, { file: shown, hint: slashed.hint });
    // `--output /dev/null` renamed a regular file over the device (as root; a `.part` in /dev first).
    if (info !== undefined && !info.isFile()) {
      const { message, hint } = notARegularOutput(specialFileKind(info));
      throw new KtError('input.cannot_write', message, { file: shown, hint });
    }
    held.release = await lockOutput(output, shown, filesShown);
    // A new export with --force starts over whatever is there, a checkpoint that cannot be read included.
    const existing = await readCheckpoint(output, filesShown).catch((error: unknown) => {
      if (!opts.resume && opts.overwrite === true && isKtError(error) && error.code === 'input.invalid_checkpoint')
        return undefined;
      throw error;
    });
    // An existing file is not replaced without --force, as kt init and kt policy migrate keep theirs (a
    // report from last month, exported again by a mistyped --from): refused before anything is fetched,
    // written or discarded. A resume does replace it: the export it continues was started under this rule.
    if (info !== undefined && !opts.resume && opts.overwrite !== true) {
      const resumable =
        existing === undefined ? '' : `, or --resume to continue the interrupted export (${existing.rows} rows saved)`;
      throw new KtError('input.file_exists', 'the file already exists; not overwritten', {
        file: shown,
        hint: `use --force to replace it${resumable}`,
      });
    }
    if (opts.resume) {
      if (!existing)
        throw new KtError('input.no_checkpoint', `nothing to resume: no checkpoint ${checkpointPath(filesShown)}`, {
          hint: 'run the export without --resume',
        });
      if (existing.api_url !== client.baseUrl) await checkSameEventLog(client, existing, checkpointPath(filesShown));
      ({ query, format } = existing);
      neutralise = existing.neutralize_formulas;
      ({ rows, bytes, cursor } = existing);
      if (existing.recent_ids !== undefined) recent.restore(existing.recent_ids);
      duplicates = existing.duplicates ?? 0;
      saved = { cursor, rows, bytes, admitted: recent.admitted, duplicates };
      resumedFromRows = rows;
      try {
        fh = await open(partPath(output), 'r+');
      } catch {
        throw new KtError('input.no_checkpoint', `cannot resume: ${partPath(filesShown)} is missing`, {
          hint: 'export again with --force (without --resume) to start over',
          file: checkpointPath(filesShown),
        });
      }
      // The checkpoint and the part file may disagree, and the checkpoint is the truth: it is written only
      // after the bytes it counts are whole in the part file (see writeAll and `saved`).
      // - Longer: the bytes past the checkpoint are a page that was not committed (cut short by a full disk
      //   or a file-size limit, written whole but the process died or the disk filled before the
      //   checkpoint was updated, or a last page whose tail was never written). They are dropped by
      //   truncating to the checkpoint's byte count and fetched again from its cursor: no row is lost or
      //   doubled, and the file never keeps bytes no checkpoint vouches for.
      // - Shorter: rows the checkpoint counts are missing (e.g. a power loss lost writes the checkpoint had
      //   already recorded). Nothing at the cursor can bring them back, and continuing would leave a hole
      //   of zero bytes in the middle of the file, so the resume is refused.
      const size = (await fh.stat()).size;
      if (size < bytes) {
        await fh.close();
        throw new KtError(
          'input.invalid_checkpoint',
          `cannot resume: ${partPath(filesShown)} is shorter (${size} bytes) than the checkpoint says (${bytes})`,
          { file: checkpointPath(filesShown), hint: 'export again with --force (without --resume) to start over' },
        );
      }
      if (size > bytes) await fh.truncate(bytes);
      // Checkpoints from here on name the server the export continues from.
      checkpoint = { ...existing, api_url: client.baseUrl };
      opts.onResume?.(existing);
    } else {
      // Decision: an interrupted export waiting beside the output is not thrown away by a new export that
      // does not say so (the same command run again from shell history, a cron job retrying without
      // --resume): its rows may have taken hours to fetch. The export stops before anything is fetched or
      // touched and says how to continue or start over, as for an existing output file. One that counts
      // nothing (a process killed before its first page) loses nothing and is replaced without a word.
      if (existing && !isEmptyCheckpoint(existing)) {
        if (opts.overwrite !== true) {
          throw new KtError(
            'input.export_interrupted',
            `an interrupted export of this file is waiting (${existing.rows} rows saved); nothing touched`,
            {
              file: checkpointPath(filesShown),
              hint: 'add --resume to continue it, or --force to discard it and start over',
            },
          );
        }
        opts.warn?.(`discarding the interrupted export of ${existing.rows} rows (--force)`);
      }
      // Opening it empties an old part file: from here on this run's files are the export's.
      fh = await open(partPath(output), 'w', 0o600);
      created = true;
      try {
        const head = Buffer.from(prefix(format), 'utf8');
        await writeAll(fh, head, 0, shown);
        bytes = head.length;
        saved = { cursor, rows, bytes, admitted: 0, duplicates };
        const first: Checkpoint = {
          kind: 'kt-events-export',
          version: 1,
          api_url: client.baseUrl,
          query,
          format,
          neutralize_formulas: neutralise,
          cursor: null,
          rows: 0,
          bytes,
          started_at: stamp(),
          updated_at: stamp(),
        };
        await writeCheckpoint(output, first);
        checkpoint = first;
      } catch (error) {
        // A part file that could not even be prepared (a full disk, `ulimit -f`) holds nothing to resume.
        await fh.close().catch(() => {});
        fh = undefined;
        await discardFiles(output);
        throw error;
      }
    }
  } else {
    if (opts.resume)
      throw new KtError('usage.resume_needs_output', '--resume needs --output (the file being exported)');
    // Held back until the first page has arrived (or the export ends empty): an export that cannot reach
    // the server writes nothing at all to stdout, not a CSV header or a lone `[` a pipeline would take
    // for the start of data.
    unsentHead = prefix(format);
    bytes = Buffer.byteLength(unsentHead);
  }
  /**
   * Writes to the sink, the held-back head first. `rows` counts the rows known to be out whole: a page's
   * once its write succeeded; when a write fails part-way and the sink says how many bytes got out (a
   * file behind stdout, src/cli/file-stdout.ts), the page's rows whole in them (wholeRows). So "the
   * output stopped after N rows" is the number of complete rows in such a file, a row cut in half not
   * among them; elsewhere (a pipe) a page whose write failed counts none of its rows.
   */
  const toSink = async (text: string, hasRows: boolean): Promise<void> => {
    const head = unsentHead ?? '';
    unsentHead = undefined;
    try {
      await opts.sink!(head + text);
    } catch (error) {
      const written = (error as { bytesWritten?: unknown }).bytesWritten;
      if (hasRows && typeof written === 'number') rows += wholeRows(format, text, written - Buffer.byteLength(head));
      throw error;
    }
  };

  /** Writes `saved` to the checkpoint; `checkpoint` is what is on disk, so it changes once that worked. */
  const commit = async (force: boolean) => {
    if (!output || !checkpoint) return;
    const t = Date.now();
    if (!force && t - lastCheckpointAt < (opts.checkpointEveryMs ?? 250)) return;
    lastCheckpointAt = t;
    // The bytes the checkpoint counts reach the disk before it does, so that after a power loss it is never
    // ahead of the part file (a resume refuses a part file shorter than its checkpoint). The failure path
    // (force) has synced already. About four syncs a second at most (checkpointEveryMs).
    if (!force && fh) await fh.datasync();
    const next: Checkpoint = {
      ...checkpoint,
      cursor: saved.cursor,
      rows: saved.rows,
      bytes: saved.bytes,
      // Only ids of rows the checkpoint counts: a page admitted but not written must be fetched again whole.
      recent_ids: recent.save(RESUME_IDS, saved.admitted),
      duplicates: saved.duplicates,
      updated_at: stamp(),
    };
    await writeCheckpoint(output, next);
    checkpoint = next;
  };

  interface Fetch {
    /** The events asked for. */
    limit: number;
    promise: Promise<Buffer[]>;
    settled: boolean;
    failed: boolean;
  }
  // Page bodies and CSV rows go into reused buffers (see export-buffers.ts): each body's buffer comes
  // back once its page is converted, each rows buffer once written.
  const buffers = new BufferPool();
  const fetchRaw = (c: string | null): Fetch => {
    const limit = opts.pageSize ?? pages!.next();
    const q: EventsQuery = { limit, filters: query.filters };
    if (query.from) q.from = query.from;
    if (query.to) q.to = query.to;
    if (c) q.cursor = c;
    const f: Fetch = { limit, promise: Promise.resolve([]), settled: false, failed: false };
    // A page over the response cap (events of 64 KB or more, 1,000 at a time) is asked again smaller.
    const fetchPage = async (): Promise<Buffer[]> => {
      for (;;) {
        try {
          return await listEventsBytes(client, q, buffers);
        } catch (error) {
          if (pages === undefined || !isKtError(error) || error.code !== 'api.response_too_large') throw error;
          const smaller = pages.shrink(f.limit);
          if (smaller === 0) throw error;
          q.limit = f.limit = smaller;
        }
      }
    };
    f.promise = fetchPage();
    f.promise.then(
      () => (f.settled = true),
      () => {
        f.settled = true;
        f.failed = true;
      },
    );
    return f;
  };
  // The full EventRecord schema check (ajv) loads only when a page comes through the JSON.parse route:
  // fast-route pages are checked by their own match (export-fast-csv.ts), and compiling the schema is
  // ~0.1 s of start-up that an export of the contract's own layout never needs.
  let eventCheck: ((event: unknown) => void) | undefined;
  let fastPages = 0;
  let parsedPages = 0;
  const converters = new PageConverters(opts.workers ?? 0);
  const invalid = (message: string) =>
    new KtError('api.invalid_response', `GET /v1/events: unexpected response shape: ${message}`, {
      hint: 'the server does not speak the kt HTTP contract (schemas/openapi.json)',
    });
  // The export reads pages raw (the client's depth cap costs ~1 ms a page on this path): an event nested
  // deep enough to overflow the stack of what converts or checks it is said in words, not as V8's message.
  const unreadable = (error: unknown) =>
    invalid(
      error instanceof RangeError && /call stack/.test(error.message)
        ? 'an event is nested too deeply to read (the contract nests 4 levels)'
        : (error as Error).message,
    );

  try {
    // Pipeline: one fetch in flight, up to `depth` pages converting (in workers), pages written in order.
    // The next cursor is read from the tail of the raw page so fetching never waits for parsing; the
    // converter's parse must agree with it before the page is written.
    // Without workers: one page converting/writing while the next is fetched (memory: two pages).
    const depth = converters.capacity + 1;
    const queue: Array<{ page: Promise<ConvertedPage>; cursorBefore: string | null; next: string | null }> = [];
    let fetchCursor = cursor;
    // Every cursor this export has followed: one given again (A -> B -> A, not only the one just asked
    // with) would page the same events forever, appending them to the output each round.
    const cursorsFollowed = new Set<string>(cursor === null ? [] : [cursor]);
    let fetching: Fetch | undefined = fetchRaw(fetchCursor);
    for (;;) {
      // Block on the network only when there is nothing to write; a failed fetch surfaces only after
      // the pages already fetched are written, so they count as saved.
      while (fetching && queue.length < depth && (queue.length === 0 || (fetching.settled && !fetching.failed))) {
        const raw = await fetching.promise;
        const asked = fetching.limit;
        let next = peekCursor(raw);
        let page: Promise<ConvertedPage> | undefined;
        if (next === undefined) {
          let converted: ConvertedPage;
          try {
            converted = convertChunks(raw, format, neutralise, fh !== undefined, buffers);
          } catch (error) {
            throw unreadable(error);
          }
          next = converted.next;
          page = Promise.resolve(converted);
        }
        const cursorBefore = fetchCursor;
        if (next !== null) {
          if (cursorsFollowed.has(next))
            throw new KtError(
              'api.cursor_stuck',
              'GET /v1/events: the server returned a cursor it had already given (its pages would repeat forever)',
            );
          cursorsFollowed.add(next);
        }
        fetchCursor = next;
        // A page with a next cursor is a full one: `asked` events in these bytes.
        if (next !== null)
          pages?.observe(
            asked,
            raw.reduce((n, chunk) => n + chunk.length, 0),
          );
        // Ask for the next page before converting this one, so the server builds and sends it while
        // this thread parses (on the main thread the conversion below is synchronous).
        fetching = next === null ? undefined : fetchRaw(next);
        if (!page) {
          page = converters.convert(raw, format, neutralise, fh !== undefined, next !== null, buffers);
          page.catch(() => {});
        }
        for (const chunk of raw) buffers.give(chunk);
        queue.push({ page, cursorBefore, next });
      }
      const item = queue.shift();
      if (!item) break;
      let page: ConvertedPage;
      try {
        page = await item.page;
        if (page.first) (eventCheck ??= await schemaCheck('EventRecord'))(page.first);
      } catch (error) {
        throw unreadable(error);
      }
      if (page.next !== item.next) throw invalid('next_cursor differs between the page tail and its parse');
      if (page.fast) fastPages++;
      else parsedPages++;
      const repeats = page.ids === undefined ? undefined : recent.admitPage(page.ids);
      if (page.ids !== undefined) buffers.ids.give(page.ids);
      if (repeats !== undefined) {
        duplicates += repeats.count;
        page = withoutRows(page, format, repeats.drop, buffers);
      }
      // A page counts (bytes, rows, then the cursor and `saved`) only once all of it is in the part file.
      if (page.count > 0 && page.bytes && fh) {
        const buf = format === 'json' && rows === 0 ? page.bytes.subarray(1) : page.bytes;
        await writeAll(fh, buf, bytes, shown);
        bytes += buf.length;
        rows += page.count;
        buffers.give(page.bytes);
      } else if (page.count > 0) {
        const text = format === 'json' && rows === 0 ? page.text.slice(1) : page.text;
        if (fh) {
          const buf = Buffer.from(text, 'utf8');
          await writeAll(fh, buf, bytes, shown);
          bytes += buf.length;
        } else {
          await toSink(text, true);
          bytes += Buffer.byteLength(text);
        }
        rows += page.count;
      }
      cursor = item.next;
      opts.onProgress?.({ rows, bytes });
      if (item.next === null) break;
      saved = { cursor, rows, bytes, admitted: recent.admitted, duplicates };
      await commit(false);
    }
    opts.debug?.(
      `export: ${fastPages + parsedPages} pages, ${fastPages} through the fast CSV route, ${parsedPages} through JSON.parse; ${converters.size} converter threads`,
    );
    // Not data: stdout (or the file) has each event once; the operator learns the server repeated some.
    if (duplicates > 0)
      opts.warn?.(
        `dropped ${duplicates} duplicate event${duplicates === 1 ? '' : 's'}: the server sent ${duplicates === 1 ? 'an event' : 'events'} already exported (same id) again; each is written once`,
      );
    const tail = suffix(format, rows);
    if (fh && output) {
      const end = Buffer.from(tail, 'utf8');
      await writeAll(fh, end, bytes, shown);
      bytes += end.length;
      await fh.sync();
      await fh.close();
      fh = undefined;
      await rename(partPath(output), output);
      await syncDirectory(dirname(output));
      // The export is complete from the rename on: a checkpoint that cannot be removed (a directory in its
      // place, a file system turned read-only) is a leftover for the operator to delete, not a failure.
      // Left there it only makes the next export of this output warn that it discards it.
      await unlink(checkpointPath(output)).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        opts.warn?.(
          `the export is complete, but its checkpoint ${checkpointPath(filesShown)} could not be removed: ${describeFsError(error)}; delete it`,
        );
      });
    } else if (!fh) {
      await toSink(tail, false);
      bytes += Buffer.byteLength(tail);
    }
    const result: ExportResult = { rows, bytes, resumedFromRows, duplicates, format };
    if (opts.output !== undefined) result.output = opts.output;
    return result;
  } catch (caught) {
    if (fh) {
      // Write -> fsync -> checkpoint. A part file whose fsync failed holds no bytes one can count on
      // since the last checkpoint, so the checkpoint is left as it is rather than moved past them.
      const synced = await fh.sync().then(
        () => true,
        () => false,
      );
      if (synced) await commit(true).catch(() => {});
      // Then the part file holds what the checkpoint on disk counts and nothing more: a page the disk or
      // the file-size limit cut short (and pages past a checkpoint that could not be written) is dropped
      // now, giving its room back, rather than at the resume (which truncates too, for a killed process).
      if (checkpoint) await fh.truncate(checkpoint.bytes).catch(() => {});
      await fh.close().catch(() => {});
    }
    // The rows a resume keeps: the checkpoint's on disk (a failed checkpoint write leaves the older one).
    const kept = checkpoint?.rows ?? rows;
    const error = (output && fileFailure(caught, shown, 'check that the disk has room')) || caught;
    // Decision: an export of this run that fails before its checkpoint counts anything (no page arrived:
    // a rejected token, an unreachable server, a refused filter, Ctrl-C while waiting) has nothing worth
    // resuming - a resume would fetch from the first page all the same. Its part file and checkpoint are
    // removed rather than left for the operator to find and delete, and the hint says nothing was written.
    // Once a page counts, both are kept and the hint gives the --resume command. A --resume that fails
    // again keeps the files it found, whatever they count.
    const nothing = output !== undefined && created && (checkpoint === undefined || isEmptyCheckpoint(checkpoint));
    if (nothing) await discardFiles(output);
    const outcome = nothing
      ? `nothing was written to ${shown}, so there is nothing to resume`
      : `${kept} rows are saved; run the same command with --resume to continue`;
    if (output && !isKtError(error) && error instanceof Error && error.name === 'AbortError') {
      throw new KtError('interrupted', 'export interrupted', { hint: outcome });
    }
    if (output && isKtError(error)) {
      throw new KtError(error.code, error.message, {
        ...error.details,
        hint: joinHints(outcome, error.details.hint),
      });
    }
    // Streamed output cannot be taken back: say that what the reader got is incomplete (a JSON array is
    // left unclosed, so a parser says so too).
    if (!output && unsentHead === undefined && isKtError(error)) {
      throw new KtError(error.code, error.message, {
        ...error.details,
        hint: joinHints(
          `the output stopped after ${rows} rows and is incomplete; export with --output FILE to be able to --resume`,
          error.details.hint,
        ),
      });
    }
    throw error;
  } finally {
    await converters.close();
  }
}
