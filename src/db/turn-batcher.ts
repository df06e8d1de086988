/**
 * Lookups by key asked for in the same turn of the event loop share one query, sent once the turn is
 * over (setImmediate). A lookup never joins a query sent before it was asked for, so it sees every
 * write committed before it was made — the same answer as its own query, with one round trip for
 * all the requests that arrived together (64 clients on one API key: one query instead of 64).
 */
export class TurnBatcher<K, V> {
  private pending = new Map<K, { resolve: (value: V | undefined) => void; reject: (error: unknown) => void }[]>();

  constructor(private readonly load: (keys: K[]) => Promise<ReadonlyMap<K, V>>) {}

  get(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) setImmediate(() => void this.flush());
      const waiting = this.pending.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else this.pending.set(key, [{ resolve, reject }]);
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    try {
      const found = await this.load([...batch.keys()]);
      for (const [key, waiting] of batch) for (const w of waiting) w.resolve(found.get(key));
    } catch (error) {
      for (const waiting of batch.values()) for (const w of waiting) w.reject(error);
    }
  }
}
