/**
 * A value recomputed at most once per `maxAgeMs`: for figures that are costly to compute exactly
 * and fine a little stale, such as the home page's count of ten million declarations. Concurrent
 * callers share one computation; a failed computation is not kept.
 */
export function recentValue<T>(compute: () => Promise<T>, maxAgeMs: number, now: () => number = Date.now): () => Promise<T> {
  let cached: { value: Promise<T>; at: number } | undefined;
  return () => {
    if (!cached || now() - cached.at >= maxAgeMs) {
      const value = compute();
      const entry = { value, at: now() };
      cached = entry;
      value.catch(() => {
        if (cached === entry) cached = undefined;
      });
    }
    return cached.value;
  };
}
