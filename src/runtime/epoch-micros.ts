/**
 * The gateway's event clock: epoch time in whole microseconds (DESIGN.md §3.4 stamps events to the
 * microsecond, and `--from/--to` bounds keep them). Date.now() stops at the millisecond, so the reading is
 * the monotonic clock (performance.now(), sub-millisecond) plus an anchor taken from the wall clock. The
 * anchor is taken again whenever the reading leaves the wall clock's current millisecond by more than a
 * millisecond (an NTP step, a suspended machine, the monotonic clock's slow drift), so the milliseconds
 * stay the wall clock's. A reading is never below the previous one: events are appended in the order they
 * are stamped, and their timestamps keep that order.
 */
export function createEpochMicros(
  wallMs: () => number = Date.now,
  monotonicMs: () => number = () => performance.now(),
): () => number {
  const anchorNow = (): number => wallMs() * 1000 - Math.round(monotonicMs() * 1000);
  let anchor = anchorNow();
  let last = 0;
  return () => {
    const wall = wallMs() * 1000;
    let us = anchor + Math.round(monotonicMs() * 1000);
    if (us < wall - 1000 || us >= wall + 2000) {
      anchor = anchorNow();
      us = anchor + Math.round(monotonicMs() * 1000);
    }
    last = Math.max(us, last + 1);
    return last;
  };
}
