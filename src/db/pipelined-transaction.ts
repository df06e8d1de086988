import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema.js';

/**
 * Transactions whose independent statements travel together. On PostgreSQL, the work runs on a
 * connection in pg's pipeline mode through a Kysely of its own that does not serialise its queries:
 * statements issued together (`together`, below) are sent without waiting for each other's answers —
 * one round trip for all of them — and run in the order sent. On SQLite (one connection,
 * in-process) it is a plain Kysely transaction: the same statements simply run one after the other.
 *
 * The work orders dependent statements by awaiting them (statements sent together run in the order
 * they were sent, not in a promised one) and waits for every statement it starts: `together`, not
 * Promise.all, which would fail while others still run — and they would run after the rollback.
 */
const pipelinedPools = new WeakMap<Kysely<Database>, () => pg.Pool>();

/** Like Promise.all, but a failure is thrown only once every promise has settled. */
export async function together<T extends readonly unknown[]>(values: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const results = await Promise.allSettled(values);
  for (const result of results) if (result.status === 'rejected') throw result.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}

/** Called by openDatabase: how to make the pipelined pool of this database (made on first use). */
export function registerPipelinedPool(kysely: Kysely<Database>, pool: () => pg.Pool): void {
  pipelinedPools.set(kysely, pool);
}

const names = new Map<string, string>();

/**
 * Statements are named by their text, so the server parses each once per connection and may keep
 * its plan (few texts: IN lists are padded to powers of two, src/db/in-list.ts).
 */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    if (names.size >= 4096) names.clear();
    names.set(text, name = `h${createHash('sha1').update(text).digest('hex')}`);
  }
  return name;
}

/** A client's Kysely, open to statements only while a transaction's work runs on it. */
interface Bound { kysely: Kysely<Database>; open: boolean }
const bound = new WeakMap<pg.PoolClient, Bound>();

/** Kysely over one client: every query acquires the same connection, so concurrent ones pipeline. */
function boundTo(client: pg.PoolClient): Bound {
  let b = bound.get(client);
  if (!b) {
    const state: Bound = { kysely: undefined as never, open: false };
    const handle = {
      query: (text: string, values: unknown[]) => (state.open
        ? client.query({ text, values, name: statementName(text) })
        : Promise.reject(new Error('statement issued outside its pipelined transaction'))),
      release: () => {},
    } as unknown as pg.PoolClient;
    const pool = { connect: () => Promise.resolve(handle), end: () => Promise.resolve() } as unknown as pg.Pool;
    state.kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    bound.set(client, b = state);
  }
  return b;
}

export async function pipelinedTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  const makePool = pipelinedPools.get(db);
  if (!makePool) return db.transaction().execute(work);
  const client = await makePool().connect();
  const b = boundTo(client);
  let broken: Error | undefined;
  try {
    // Sent ahead of the work's first statements, not awaited on its own.
    const begun = client.query('begin');
    b.open = true;
    let result: T;
    try {
      [, result] = await together([begun, work(b.kysely)]);
    } finally {
      // Nothing the work left behind reaches the server after this.
      b.open = false;
    }
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch((e: unknown) => { broken = e instanceof Error ? e : new Error(String(e)); });
    throw error;
  } finally {
    // A connection that could not roll back is closed, not reused.
    client.release(broken);
  }
}
