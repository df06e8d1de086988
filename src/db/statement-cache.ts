import type SQLite from 'better-sqlite3';

/**
 * Prepared statements kept per connection, for Kysely's queries (src/db/database.ts) and the
 * bare-driver hot paths (the feed's bulk writers, roll-ups) alike: on SQLite preparing costs more than
 * running most of our statements. `key` names the statement (its text, or something cheaper to
 * build); `text` is called only on a miss. At most `limit` are kept per connection, the least recently
 * used dropped first. Sharing is safe because every user runs them with run()/all()/get() only — no
 * iteration — so a cached statement is never busy when it is used again.
 */
const caches = new WeakMap<SQLite.Database, Map<string, SQLite.Statement<unknown[]>>>();
const limit = 1024;

export function cachedStatement(sqlite: SQLite.Database, key: string, text: () => string = () => key): SQLite.Statement<unknown[]> {
  let cache = caches.get(sqlite);
  if (!cache) caches.set(sqlite, (cache = new Map<string, SQLite.Statement<unknown[]>>()));
  let statement = cache.get(key);
  if (statement) {
    cache.delete(key);
  } else {
    statement = sqlite.prepare(text());
    if (cache.size >= limit) cache.delete(cache.keys().next().value!);
  }
  cache.set(key, statement);
  return statement;
}
