/**
 * How `kt events export` steers V8's young generation while it converts pages (the command calls check
 * with the rows written so far, and release when it ends). Only the export does this: it is the one
 * command that turns megabytes of short-lived strings over for as long as it runs.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

// Total size of V8's new space (two semi-spaces) beyond which an export stops it from growing.
const YOUNG_GENERATION_CAP = 16 * 1024 * 1024;
// Rows before which an export keeps the new space at the size it had when the command started.
const YOUNG_GENERATION_HOLD_ROWS = 20_000;

/**
 * Why hold it at first: in a fresh process the old generation's headroom before V8's first limit is
 * ~8 MiB, and V8 starts a full (incremental) marking as soon as the new space's capacity reaches that
 * headroom. The first page's scavenges see the start-up's objects survive and double the new space
 * twice (2 -> 8 MiB), which started that marking in every export of 10k events: ~8 ms of main-thread
 * pauses plus the marking threads, paid once, a tenth of what those 10k events cost otherwise
 * (2026-11, --trace-gc --trace-incremental-marking: "Start (task) 9MB / 17MB / 8MB" right after the
 * growth). Held at its start size (4 MiB) the new space takes twice the scavenges, each as cheap (their
 * cost is the live bytes): 10k events paired against the same build without the hold, 12 rounds: CPU
 * -41 ms (median of the differences), peak RSS 72 against 78 MiB; the GC pauses of a 30k export equal
 * (37 ms), of 1M equal within noise. After YOUNG_GENERATION_HOLD_ROWS the new space may grow again (a
 * long export is better off with it larger, see below: held for a whole 1M export it took 2,000
 * scavenges and 6 full collections against 550 and 1).
 *
 * Why cap it later: an export allocates ~5 KB of short-lived strings per event, and V8 doubles its
 * young generation (up to 2 x 16 MiB in Node 20) each time the bytes that survived scavenges since the
 * last doubling exceed its size. In a long export the tens of KB live at each scavenge (the page being converted)
 * add up to that: the new space reached its 32 MiB maximum after ~150k events (2026-11, --trace-gc and
 * v8.getHeapSpaceStatistics), so a 10k export peaked ~30 MiB lower than a 1M one. --max-semi-space-size
 * cannot change once the heap exists, but the growth factor is read at each doubling: set to 1 once the
 * new space has reached YOUNG_GENERATION_CAP, it stops growing there; the default (2) comes back when
 * the export ends. Scavenges stay cheap at that size (their cost is the live bytes, not the space):
 * measured with the reused page buffers of export-buffers.ts, 1M events took the same CPU with and
 * without the cap (5.7-5.8 s) and peaked 105 against 111 MiB (100k: 87 against 99). Capped at 8 MiB it
 * cost 6% more CPU for 5 MiB less; frozen at its size when the command starts (2-4 MiB), a 1M export
 * spent 3 s in 150 full collections. Node calls flags set after start-up unsupported; if a V8 stopped
 * reading this one at each doubling the export would only use more memory, nothing else.
 */
export function steerYoungGeneration(): { check(rows: number): void; release(): void } {
  let held = true;
  let capped = false;
  setFlagsFromString('--semi-space-growth-factor=1');
  return {
    check(rows) {
      if (held) {
        if (rows < YOUNG_GENERATION_HOLD_ROWS) return;
        setFlagsFromString('--semi-space-growth-factor=2');
        held = false;
      }
      if (capped) return;
      const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
      if (young === undefined || young.space_size < YOUNG_GENERATION_CAP) return;
      setFlagsFromString('--semi-space-growth-factor=1');
      capped = true;
    },
    release() {
      if (held || capped) setFlagsFromString('--semi-space-growth-factor=2');
      held = false;
      capped = false;
    },
  };
}
