/**
 * A small LRU memo for text scanners. Chat requests resend the whole conversation every turn, so the
 * gateway would rescan the same earlier messages on every request; scanners are deterministic, so a
 * text's result can be reused. Bounded in entries and in the length of texts kept (long documents are
 * rarely repeated and would pin memory), so the cache never changes a result and never grows unbounded.
 */

export interface ScanCacheOptions {
  /** Most entries kept (least recently used evicted first). */
  maxEntries: number;
  /** Texts longer than this are scanned every time, not cached. */
  maxTextLength: number;
  /**
   * Texts shorter than this are scanned every time too (default 0: all are cached), for a scanner
   * whose scan of a short text costs less than a memo lookup (a hit refreshes recency: Map delete + set).
   */
  minTextLength?: number;
}

export const defaultScanCache: ScanCacheOptions = { maxEntries: 512, maxTextLength: 16 * 1024 };

/** Wraps `scan` with an LRU memo keyed by the exact text. The result objects are shared: treat as read-only. */
export function memoizeScan<R>(
  scan: (text: string) => R,
  options: ScanCacheOptions = defaultScanCache,
): (text: string) => R {
  const cache = new Map<string, R>();
  const minTextLength = options.minTextLength ?? 0;
  return (text: string): R => {
    if (text.length > options.maxTextLength || text.length < minTextLength) return scan(text);
    const hit = cache.get(text);
    if (hit !== undefined) {
      // Refresh recency: Map iteration order is insertion order.
      cache.delete(text);
      cache.set(text, hit);
      return hit;
    }
    const result = scan(text);
    cache.set(text, result);
    if (cache.size > options.maxEntries) cache.delete(cache.keys().next().value as string);
    return result;
  };
}
