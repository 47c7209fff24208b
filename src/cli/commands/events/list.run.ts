import { recordsFormat, typedName, type CommandRun } from '../../command.js';
import type { EventRecord } from '../../../core/types.js';
import type { EventsQuery } from '../../../api/endpoints.js';
import type { EventsPage } from '../../../api/validate.js';
import { wholeNumberFromEnv } from '../../../config/env-number.js';
import { KtError, isKtError, reportAfterData } from '../../errors.js';
import type { EventsFormat } from '../../../output/events.js';
import { writeToStdout } from '../../stdout-sink.js';
import { MAX_PAGE, PageSize } from '../../../api/page-size.js';
import { KEY_WORDS, RecentIds, writeKey } from '../../../api/event-ids.js';

/**
 * `kt events list` (alias `tail`).
 * - `kt events list --from T`: the first `--limit` matching events from T, oldest first (to page forward).
 * - Otherwise the most recent `--limit` events of the period, still oldest first (what `tail` means): the
 *   last 24 hours, or the 24 hours before `--to` when it is given. Typed as `tail`, `--from/--since` only
 *   says where the period starts: the public docs' `kt events tail --since 1h` is the latest 50 of the
 *   hour, as `kubectl logs --since 1h --tail 50`. It asks for newest-first pages (`order=desc`, kt's
 *   gateway extension: docs/http-api.md), so it reads about the --limit events it prints
 *   (latestNewestFirst). A server that does not page newest first (its page does not echo
 *   `order: "desc"`, as the contract's control plane need not) is paged through the whole period in
 *   append order keeping a ring of the last N; N is capped there (LATEST_MAX), see latestLimit.
 * - Format: `--format`, else a table on a terminal and NDJSON when stdout is a pipe or file.
 * - `--follow` keeps polling every 2 s (KT_FOLLOW_INTERVAL_MS) and prints new events as they arrive,
 *   until Ctrl-C (exit 130); it writes to stdout as it goes (rows on a terminal, records otherwise).
 *   A lost gateway (restart, network, 5xx) does not end it: it says so once on stderr and polls again
 *   with a backoff doubling up to 30 s until the gateway answers.
 */
export const run: CommandRun = async (ctx, _args, options) => {
  const { withConnection } = await import('../../connect.js');
  const { listEvents } = await import('../../../api/endpoints.js');
  const { filterOptions, optionOrAlias, timeRange } = await import('../../../api/events-query.js');
  // `--last N` (the public docs' tail tutorial) is `--limit N`; both together are refused as --from
  // with --since is.
  const limitGiven = optionOrAlias(options, 'limit', 'last');
  // Digits only: Number() also read `1e3`, `0x10` and ` 5` (1000, 16, 5) as a count.
  const limitText = limitGiven?.text ?? '50';
  const limit = /^\d+$/.test(limitText) ? Number(limitText) : NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000)
    throw new KtError(
      'usage.invalid_limit',
      `${limitGiven?.flag ?? '--limit'} "${limitText}": expected a whole number from 1 to 100000`,
    );
  // `--format text` and `table` are the same table (recordsFormat), as on every list command.
  const format = recordsFormat<EventsFormat>(ctx, options, 'table');
  const filters = filterOptions(options);
  const range = timeRange(options, ctx.now());
  // `kt events tail --since T`: the latest events from T (the message of a refused --limit says so).
  const tailSince = typedName(options) === 'tail' && range.from !== undefined;
  const latest = range.from === undefined || tailSince;
  // The 24 hours before --to when one is given (`--to 2025-04-30`: the end of that day), else before now:
  // counting back from now would ask for an empty or inverted period for any --to in the past.
  if (range.from === undefined)
    range.from = new Date((range.to !== undefined ? Date.parse(range.to) : ctx.now()) - 86_400_000).toISOString();
  const follow = options.follow === true;
  if (follow && (format === 'json' || format === 'csv'))
    throw new KtError(
      'usage.invalid_combination',
      `--follow streams records; use --format ndjson or table, not ${format}`,
    );
  // Decision: a follow has no end, and it polled with no upper bound, so `--follow --to T` printed every
  // event after T as well; refused rather than silently widened (give --from to follow from a time).
  if (follow && range.to !== undefined)
    throw new KtError(
      'usage.invalid_combination',
      `--follow prints events as they arrive, with no end: it cannot be given with ${typeof options.to === 'string' ? '--to' : '--until'}`,
      { hint: 'drop --follow to list a closed period, or drop the end to follow (--from sets where it starts)' },
    );
  const interval = follow ? followInterval(ctx.env) : 0;

  const { EventsWriter } = await import('../../../output/events.js');
  const writer = new EventsWriter(format);
  // The text of a page. JSON.stringify recurses: an event nested absurdly deep (hostile server) must not crash kt.
  const rendered = (page: readonly EventRecord[]): string => {
    try {
      return writer.page(page);
    } catch (error) {
      if (error instanceof RangeError)
        throw new KtError('api.invalid_response', 'GET /v1/events: an event is nested too deeply to print');
      throw error;
    }
  };
  // Printed a page at a time, each written before the next is asked for, so memory stays that of a page
  // whatever --limit is (or of the last --limit events without --from, which are known only at the end).
  // Decision: an error after the first page leaves what was written (NDJSON and CSV lines, table rows, and
  // an unclosed JSON array that no parser takes for a complete answer), says why on stderr even with
  // --format json, and exits with the error's status (docs/operator-commands.md).
  let wrote = false;
  const write = async (text: string) => {
    if (text.length === 0) return;
    wrote = true;
    await writeToStdout(ctx.stdout, text);
  };

  return withConnection(ctx, options, async ({ client }) => {
    // Without --from: the last `limit` events, known only once the period has been paged through.
    const latestRing = new Ring<EventRecord>(latest ? limit : 0);
    // Pages sized by the events' weight (see src/api/page-size.ts), learnt from every page received.
    const pages = new PageSize();
    const listPage = async (query: EventsQuery) => {
      const page = await listEvents(client, query);
      pages.observe(page.events.length, page.bytes);
      return page;
    };
    // The events of the last timestamp written: where --follow carries on from.
    let tail: EventRecord[] = [];
    const printPage = async (page: readonly EventRecord[]) => {
      if (page.length === 0) return;
      const lastTs = page[page.length - 1]!.timestamp;
      if (tail.length > 0 && tail[0]!.timestamp !== lastTs) tail = [];
      for (const e of page) if (e.timestamp === lastTs) tail.push(e);
      await write(rendered(page));
    };
    let listed = 0;
    let cursor: string | undefined;
    // A server that hands out a cursor it already gave would be paged forever (the latest-N ring never
    // fills up): refuse it, as `events export` does.
    const seen = new Set<string>();
    // A server whose pages overlap (events sent again under a fresh cursor) would print them twice: the
    // recent ids are remembered, as `events export` does (src/api/event-ids.ts explains why by id, not order).
    const printed = new PrintedIds();
    try {
      // Without --from: newest-first pages where the server has them; the first page tells.
      let first: EventsPage | undefined;
      if (latest) {
        first = await listPage({ ...range, limit: pages.next(limit), filters, order: 'desc' });
        if (first.order !== 'desc') latestLimit(limit, tailSince);
      }
      const newestFirst = first?.order === 'desc';
      if (newestFirst)
        await latestNewestFirst(
          first!,
          limit,
          (c, n) => listPage({ ...range, limit: n, filters, cursor: c, order: 'desc' }),
          pages,
          async (page) => printPage(page.filter((e) => printed.admit(e.id))),
        );
      // Append order: --from, or a server without newest-first pages (`first` is its first page then).
      while (!newestFirst) {
        const pageLimit = pages.next(latest ? Infinity : limit - listed);
        const page = first ?? (await listPage({ ...range, limit: pageLimit, filters, ...(cursor ? { cursor } : {}) }));
        first = undefined;
        if (page.next_cursor !== null && page.events.length > 0) {
          if (seen.has(page.next_cursor) || page.next_cursor === cursor) throw cursorStuck();
          seen.add(page.next_cursor);
        }
        const fresh: EventRecord[] = [];
        // (Past --limit with --from: a server that sent more than asked for; those are not listed.)
        for (const e of page.events)
          if ((latest || listed + fresh.length < limit) && printed.admit(e.id)) fresh.push(e);
        if (latest) {
          for (const e of fresh) latestRing.push(e);
        } else {
          listed += fresh.length;
          await printPage(fresh);
        }
        if (page.next_cursor === null || page.events.length === 0 || (!latest && listed >= limit)) {
          cursor = page.next_cursor ?? undefined;
          break;
        }
        cursor = page.next_cursor;
      }
      for (const page of latestRing.drain(MAX_PAGE)) await printPage(page);
      await write(writer.end());
    } catch (error) {
      throw wrote ? reportAfterData(error) : error;
    }
    if (!follow) {
      if (printed.dropped > 0) ctx.warn(droppedNote(printed.dropped));
      return { exitCode: 0 };
    }

    try {
      await followEvents(
        ctx,
        printed,
        tail,
        cursor,
        async (c, from) =>
          // Before any event was printed there is no last timestamp: the period's start still holds (an
          // undefined `from` here asked for the whole log, printing events from before --from, or days old).
          listPage({
            ...range,
            from: from ?? range.from,
            to: undefined,
            limit: pages.next(),
            filters,
            ...(c ? { cursor: c } : {}),
          }),
        printPage,
        interval,
      );
    } catch (error) {
      throw wrote ? reportAfterData(error) : error;
    }
    // Following ends only by interruption: exit 130 like any interrupted command, whether Ctrl-C came
    // while waiting or during a request.
    return { exitCode: 130 };
  });
};

/**
 * The poll interval of `--follow`: KT_FOLLOW_INTERVAL_MS, default 2000. Anything but a whole number of
 * milliseconds is a usage error naming the variable, checked before any request: `Number('2s')` is NaN,
 * which setTimeout takes as 1 ms - a poll loop against the server.
 */
function followInterval(env: NodeJS.ProcessEnv): number {
  return (
    wholeNumberFromEnv(env, 'KT_FOLLOW_INTERVAL_MS', {
      min: 1,
      max: 3_600_000,
      unit: 'milliseconds',
      hint: 'KT_FOLLOW_INTERVAL_MS=2000, or unset it for the default (2 s)',
    }) ?? 2000
  );
}

type Fetch = (
  cursor: string | undefined,
  from: string | undefined,
) => Promise<{ events: EventRecord[]; next_cursor: string | null }>;

/**
 * Polls for new events. Uses the cursor while the server gives one; at the end of the log (null cursor)
 * it asks again from the last timestamp seen and skips ids already printed at that timestamp.
 */
async function followEvents(
  ctx: Parameters<CommandRun>[0],
  printed: PrintedIds,
  shown: EventRecord[],
  cursor: string | undefined,
  fetch: Fetch,
  print: (page: readonly EventRecord[]) => Promise<void>,
  interval: number,
): Promise<void> {
  let lastTs = shown.length > 0 ? shown[shown.length - 1]!.timestamp : undefined;
  let seenAtLast = new Set(shown.filter((e) => e.timestamp === lastTs).map((e) => e.id));
  // While the gateway is away: the wait before the next poll (doubling, capped), undefined when connected.
  let backoff: number | undefined;
  while (!ctx.signal.aborted) {
    await new Promise<void>((resolve) => {
      // The listener goes when the timer fires: one left per poll piled up on the signal (a
      // MaxListenersExceededWarning on stderr after 11 polls, and a leak for as long as the tail runs).
      const onAbort = () => {
        clearTimeout(t);
        resolve();
      };
      const t = setTimeout(() => {
        ctx.signal.removeEventListener('abort', onAbort);
        resolve();
      }, backoff ?? interval);
      ctx.signal.addEventListener('abort', onAbort, { once: true });
    });
    if (ctx.signal.aborted) break;
    for (;;) {
      let page: Awaited<ReturnType<Fetch>>;
      try {
        page = await fetch(cursor, cursor ? undefined : lastTs);
      } catch (error) {
        // A gateway that restarts (or a network that drops, or a 5xx) ends no follow: the client's own
        // retries ran out, so wait longer each time and ask again from the same cursor. Said once per outage.
        // A certificate that does not verify is no outage: waiting would not change it.
        if (
          ctx.signal.aborted ||
          !isKtError(error) ||
          !/^(network|server)\./.test(error.code) ||
          error.code === 'network.tls'
        )
          throw error;
        if (backoff === undefined) ctx.warn(`${error.message}; reconnecting until the gateway answers (Ctrl-C stops)`);
        backoff = Math.min(Math.max(backoff ?? interval, 1) * 2, Math.max(interval, MAX_FOLLOW_BACKOFF_MS));
        break;
      }
      if (backoff !== undefined) {
        ctx.info('reconnected');
        backoff = undefined;
      }
      if (page.next_cursor && page.events.length > 0 && page.next_cursor === cursor) throw cursorStuck();
      const fresh: EventRecord[] = [];
      for (const e of page.events) {
        if (e.timestamp === lastTs && seenAtLast.has(e.id)) continue;
        if (!printed.admit(e.id)) {
          // Said once per run of repeats, not per event: a server that replays a batch would flood stderr.
          if (printed.dropped === 1 || printed.dropped % 1000 === 0) ctx.warn(droppedNote(printed.dropped));
          continue;
        }
        if (e.timestamp !== lastTs) {
          lastTs = e.timestamp;
          seenAtLast = new Set();
        }
        seenAtLast.add(e.id);
        fresh.push(e);
      }
      // Table rows keep the columns of the listing above them (EventsWriter).
      await print(fresh);
      cursor = page.next_cursor ?? undefined;
      if (!page.next_cursor || page.events.length === 0) break;
    }
  }
}

const MAX_FOLLOW_BACKOFF_MS = 30_000;

type DescFetch = (cursor: string, limit: number) => Promise<EventsPage>;

/**
 * The latest `limit` events from newest-first pages, printed oldest first, in the memory of two pages.
 * The first pass pages back from the newest event until `limit` are counted, keeping the first (newest)
 * and the last (oldest) page and only the cursor of each page between; the second prints the oldest page,
 * then asks for each page between again (newest-first cursors are positions before which the log never
 * changes), then the newest. So --limit 50 is one request, and --limit 100,000 is ~200 requests and two
 * pages of memory whatever the period holds. A page asked for again must be the one counted (first and
 * last id): one that is not (retention removed it meanwhile, or a server whose pages move) is an error
 * rather than a listing with a hole or a repeat.
 */
async function latestNewestFirst(
  first: EventsPage,
  limit: number,
  fetch: DescFetch,
  pages: PageSize,
  print: (oldestFirst: EventRecord[]) => Promise<void>,
): Promise<void> {
  interface Between {
    cursor: string;
    limit: number;
    count: number;
    firstId: string;
    lastId: string;
  }
  const between: Between[] = [];
  const newest = first.events.slice(0, limit);
  let oldest = newest;
  let taken = newest.length;
  let page = first;
  const seen = new Set<string>();
  while (taken < limit && page.next_cursor !== null && page.events.length > 0) {
    const cursor = page.next_cursor;
    if (seen.has(cursor)) throw cursorStuck();
    seen.add(cursor);
    const pageLimit = pages.next(limit - taken);
    page = await fetch(cursor, pageLimit);
    if (page.order !== 'desc')
      throw new KtError('api.invalid_response', 'GET /v1/events: the server stopped paging newest first (order=desc)');
    const take = page.events.slice(0, limit - taken);
    if (take.length === 0) break;
    between.push({ cursor, limit: pageLimit, count: take.length, firstId: take[0]!.id, lastId: take.at(-1)!.id });
    oldest = take;
    taken += take.length;
  }
  // The last entry of `between` is the oldest page, held; the others are asked for again.
  between.pop();
  await print(oldest.slice().reverse());
  for (let i = between.length - 1; i >= 0; i--) {
    const b = between[i]!;
    const again = await fetch(b.cursor, b.limit);
    const take = again.events.slice(0, b.count);
    if (take.length !== b.count || take[0]?.id !== b.firstId || take.at(-1)?.id !== b.lastId)
      throw new KtError(
        'api.invalid_response',
        'GET /v1/events: a newest-first page changed between two reads (retention removed events while listing?); run the command again',
      );
    await print(take.reverse());
  }
  if (oldest !== newest) await print(newest.slice().reverse());
}

/**
 * The most events `kt events list` holds without --from from a server without newest-first pages (a
 * control plane need not have them): the latest N are known only once the whole period is paged through, and until then they are
 * held as parsed records (~1.6 KB each for a nine-policy chain, more with long fields): 10,000 is ~16 MB,
 * the 100,000 --limit allows with --from (streamed, a page in memory) would be ~160 MB and more. A
 * larger --limit there is refused with what to do instead, rather than quietly holding that.
 */
const LATEST_MAX = 10_000;

function latestLimit(limit: number, tailSince: boolean): void {
  if (limit <= LATEST_MAX) return;
  throw new KtError(
    'usage.invalid_limit',
    `--limit ${limit} ${tailSince ? 'with kt events tail --since' : 'without --from'}: this server does not page newest first, so the latest events are held in memory until the period is paged through, at most ${LATEST_MAX}`,
    {
      hint: `${tailSince ? 'kt events list --from T streams' : 'give --from to stream'} any number from a time (oldest first), or write the period to a file with kt events export`,
    },
  );
}

/** The last `capacity` items pushed, in order, in fixed memory (one slot an item; no copying as it turns). */
class Ring<T> {
  private readonly items: T[] = [];
  private start = 0;
  constructor(private readonly capacity: number) {}

  push(item: T): void {
    if (this.capacity === 0) return;
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return;
    }
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
  }

  /** The items oldest first, `size` at a time; the ring is empty afterwards. */
  *drain(size: number): Generator<T[]> {
    const n = this.items.length;
    for (let i = 0; i < n; i += size) {
      const page: T[] = [];
      for (let k = i; k < Math.min(n, i + size); k++) page.push(this.items[(this.start + k) % n]!);
      yield page;
    }
    this.items.length = 0;
    this.start = 0;
  }
}

const cursorStuck = () =>
  new KtError(
    'api.cursor_stuck',
    'GET /v1/events: the server returned a cursor it had already given (its pages would repeat forever)',
  );

/**
 * The ids of the events printed, in the window `events export` keeps (src/api/event-ids.ts: the last
 * 65,536 ids, oldest forgotten first; bounded, since `tail` pages through a whole day and `--follow` runs
 * for as long as it is left): an event the server sends again is dropped while its id is remembered.
 */
class PrintedIds {
  private readonly window = new RecentIds();
  private readonly key = new Uint32Array(KEY_WORDS);
  /** Events dropped as repeats so far. */
  dropped = 0;

  /** True (and remembered) for an id not seen recently; false, counted as dropped, for a repeat. */
  admit(id: string): boolean {
    writeKey(id, this.key, 0);
    if (!this.window.admit(this.key, 0)) return true;
    this.dropped++;
    return false;
  }
}

const droppedNote = (n: number) =>
  `dropped ${n} duplicate event${n === 1 ? '' : 's'}: the server sent events already listed (same id) again; each is printed once`;
