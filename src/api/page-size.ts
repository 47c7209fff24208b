/**
 * How many events `kt events list` and `kt events export` ask for per page of GET /v1/events. A page of
 * 1,000 events of 16 KB each (a gateway that logs notes or prompts) held some 50 MB at once in `events
 * list` (its body text and its parsed events), and 1,000 events of 64 KB or more passed the client's
 * 64 MiB cap on one response, so neither command could read them. Decision: the first page of a listing
 * asks for FIRST_PAGE events; every later page for as many as fit in PAGE_BYTES at the size per event of
 * the page before, from 1 to MAX_PAGE. Ordinary events (under 4 KB) still come 1,000 to a page after the
 * first.
 */
export const MAX_PAGE = 1000;
const FIRST_PAGE = 100;
const PAGE_BYTES = 4 * 1024 * 1024;

export class PageSize {
  /**
   * `first`: the size of the first page. The export starts at MAX_PAGE: its pages stay raw bytes outside
   * the JS heap, so only the response cap bounds them, and one too large is asked again smaller (shrink).
   */
  constructor(private size = FIRST_PAGE) {}

  /** The limit of the next request: at most `wanted` (events still to list), the page size otherwise. */
  next(wanted = Infinity): number {
    return Math.max(1, Math.min(this.size, wanted));
  }

  /** After a page of `limit` events was refused as too large: the limit to ask again with (0: none left). */
  shrink(limit: number): number {
    this.size = limit > 1 ? Math.max(1, Math.floor(limit / 8)) : 0;
    return this.size;
  }

  /** Learns from a page received: `count` events in `bytes` of body. */
  observe(count: number, bytes: number): void {
    if (count === 0 || bytes <= 0) return;
    this.size = Math.max(1, Math.min(MAX_PAGE, Math.floor((PAGE_BYTES * count) / bytes)));
  }
}
