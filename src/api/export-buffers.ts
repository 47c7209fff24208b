/**
 * Reusable byte buffers for the export: the body of each page is copied into one as it arrives
 * (client.ts RequestOptions.bodyBuffers) and its CSV rows are encoded into another
 * (export-fast-csv.ts), and both go back here once the page is converted / written.
 *
 * Why: a fresh ~1 MB buffer per page (and undici's 64 KiB chunks, held until the page is complete)
 * outlives the scavenges of the page's conversion, so its small JavaScript object is promoted and the
 * memory behind it is freed only by a full collection; V8 then runs full collections for the external
 * memory alone (measured 2026-11, 1M events: 65 of them against 7). Reused buffers are allocated once.
 */
export class BufferPool {
  private readonly free: Buffer[] = [];
  // Only buffers this pool made come back into it (a view of anything else is ignored by give).
  private readonly own = new WeakSet<ArrayBufferLike>();
  private readonly keep: number;
  private idPool: BufferPool | undefined;

  /**
   * Buffers for the keys of pages' event ids (event-ids.ts IdKeys, ~20 KB a page), a pool of their own
   * so that they neither take nor crowd out the page-sized buffers. Allocated fresh for each page they
   * cost as the page buffers did (external memory that only a full collection frees; measured 2026-11:
   * twice the collector's time of a 1M export).
   */
  get ids(): BufferPool {
    return (this.idPool ??= new BufferPool());
  }

  /** `keep`: how many free buffers to hold at most (an export has two pages in hand, each with two). */
  constructor(keep = 4) {
    this.keep = keep;
  }

  /** A buffer of at least `minBytes` bytes, contents undefined. */
  take(minBytes: number): Buffer {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const b = this.free[i]!;
      if (b.length >= minBytes && (best < 0 || b.length < this.free[best]!.length)) best = i;
    }
    if (best >= 0) return this.free.splice(best, 1)[0]!;
    // Pages of one export differ by a few bytes: rounded up with room to spare, one buffer fits them all.
    const size = Math.ceil((Math.max(minBytes, 4096) * 1.125) / 65536) * 65536;
    const buffer = Buffer.allocUnsafeSlow(size);
    this.own.add(buffer.buffer);
    return buffer;
  }

  /** Hands back a buffer from `take` (or a view of one); the caller must not touch it afterwards. */
  give(view: ArrayBufferView): void {
    const memory = view.buffer;
    if (!this.own.has(memory) || this.free.some((b) => b.buffer === memory)) return;
    this.free.push(Buffer.from(memory, 0, memory.byteLength));
    if (this.free.length > this.keep) {
      // Drop the smallest: the larger ones fit every page.
      let smallest = 0;
      for (let i = 1; i < this.free.length; i++) if (this.free[i]!.length < this.free[smallest]!.length) smallest = i;
      this.free.splice(smallest, 1);
    }
  }
}
