import type SQLite from 'better-sqlite3';

/**
 * Prepared statements kept per connection for the bare-driver hot paths (the feed's bulk writers,
 * roll-ups): preparing costs more than running most of them. `key` names the statement (its text,
 * or something cheaper to build); `text` is called only on a miss. At most `limit` are kept per
 * connection: the keys in use are some hundreds (one per row count of a multi-row statement), and a pathological mix must not grow the cache without end.
 */
const caches = new WeakMap<SQLite.Database, Map<string, SQLite.Statement<unknown[]>>>();
const limit = 1024;

export function cachedStatement(sqlite: SQLite.Database, key: string, text: () => string = () => key): SQLite.Statement<unknown[]> {
  let cache = caches.get(sqlite);
  if (!cache) caches.set(sqlite, (cache = new Map<string, SQLite.Statement<unknown[]>>()));
  let statement = cache.get(key);
  if (!statement) {
    if (cache.size >= limit) cache.clear();
    cache.set(key, (statement = sqlite.prepare(text())));
  }
  return statement;
}
