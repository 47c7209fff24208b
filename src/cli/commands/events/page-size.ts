/**
 * How many events `kt events list` asks for per page. While a page is printed its body text and its
 * parsed events are both in memory, so a page of 1,000 events of 16 KB each (a gateway that logs notes or
 * prompts) held some 50 MB at once, and a small heap ran out. Decision: the first page asks for
 * FIRST_PAGE events; every later page for as many as fit in PAGE_BYTES at the size per event of the page
 * before, from 1 to MAX_PAGE. Ordinary events (about 1 KB) still come 1,000 to a page after the first.
 */
export const MAX_PAGE = 1000;
const FIRST_PAGE = 100;
const PAGE_BYTES = 4 * 1024 * 1024;

export class PageSize {
  private size = FIRST_PAGE;

  /** The limit of the next request: at most `wanted` (events still to list), the page size otherwise. */
  next(wanted = Infinity): number {
    return Math.max(1, Math.min(this.size, wanted));
  }

  /** Learns from a page received: `count` events in `bytes` of body. */
  observe(count: number, bytes: number): void {
    if (count === 0 || bytes <= 0) return;
    this.size = Math.max(1, Math.min(MAX_PAGE, Math.floor((PAGE_BYTES * count) / bytes)));
  }
}
