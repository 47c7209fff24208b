/**
 * A small LRU memo for text scanners. Chat requests resend the whole conversation every turn, so the
 * gateway would rescan the same earlier messages on every request; scanners are deterministic, so a
 * text's result can be reused. Bounded in entries and in the length of texts kept (long documents are
 * rarely repeated and would pin memory), so the cache never changes a result and never grows unbounded.
 */

export interface ScanCacheOptions<R = unknown> {
  /** Most entries kept (least recently used evicted first). */
  maxEntries: number;
  /** Texts longer than this are scanned every time, not cached. */
  maxTextLength: number;
  /**
   * Texts shorter than this are scanned every time too (default 0: all are cached), for a scanner
   * whose scan of a short text costs less than a memo lookup (a hit refreshes recency: Map delete + set).
   */
  minTextLength?: number;
  /**
   * The weight of one result (default 1) and the most the kept results may weigh together (default: no
   * bound beyond maxEntries). A scanner whose results grow with the text (one object per match) weighs
   * them by their matches, so that 512 dense hostile texts cannot pin a million match objects: the oldest
   * results go first, and a result heavier than the bound alone is returned without being kept.
   */
  weigh?: (result: R) => number;
  maxWeight?: number;
}

export const defaultScanCache: ScanCacheOptions = { maxEntries: 512, maxTextLength: 16 * 1024 };

/** Wraps `scan` with an LRU memo keyed by the exact text. The result objects are shared: treat as read-only. */
export function memoizeScan<R>(
  scan: (text: string) => R,
  options: ScanCacheOptions<R> = defaultScanCache,
): (text: string) => R {
  const cache = new Map<string, { result: R; weight: number }>();
  const minTextLength = options.minTextLength ?? 0;
  const weigh = options.weigh;
  const maxWeight = options.maxWeight ?? Infinity;
  let weight = 0;
  return (text: string): R => {
    if (text.length > options.maxTextLength || text.length < minTextLength) return scan(text);
    const hit = cache.get(text);
    if (hit !== undefined) {
      // Refresh recency: Map iteration order is insertion order.
      cache.delete(text);
      cache.set(text, hit);
      return hit.result;
    }
    const result = scan(text);
    const entry = { result, weight: weigh === undefined ? 1 : weigh(result) };
    if (entry.weight > maxWeight) return result;
    cache.set(text, entry);
    weight += entry.weight;
    while (cache.size > options.maxEntries || weight > maxWeight) {
      const oldest = cache.keys().next().value as string;
      weight -= cache.get(oldest)!.weight;
      cache.delete(oldest);
    }
    return result;
  };
}
