import type SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import type { Database } from '../db/schema.js';

/**
 * How many declarations each business lodged at each office (business_offices), and the office
 * where it lodged most (business_main_offices; ties: the lower office id), kept by the declaration
 * feed in the transaction of each batch: +1 for a new declaration, and for a changed one −1 where
 * it was and +1 where it is now; then the main office of each business touched is chosen again
 * among its few rows. Readers never aggregate the declarations.
 */
export class BusinessOfficeDeltas {
  private readonly counts = new Map<string, number>();

  add(businessId: number, officeId: number, delta: 1 | -1): void {
    const key = `${businessId}:${officeId}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + delta);
  }

  /** The businesses whose counts changed. */
  businesses(): number[] {
    return [...new Set(this.rows().map((r) => r[0]))];
  }

  /** The non-zero changes, as [business, office, delta]. */
  rows(): [number, number, number][] {
    return [...this.counts].filter(([, n]) => n !== 0).map(([key, n]) => {
      const [business, office] = key.split(':').map(Number) as [number, number];
      return [business, office, n];
    });
  }
}

const upsert = `insert into business_offices (business_id, office_id, declarations) values (?, ?, ?)
  on conflict (business_id, office_id) do update set declarations = business_offices.declarations + excluded.declarations`;
const chooseMain = `insert into business_main_offices (business_id, office_id)
  select business_id, office_id from business_offices where business_id = ? and declarations > 0
  order by declarations desc, office_id limit 1
  on conflict (business_id) do update set office_id = excluded.office_id`;
// A business whose every declaration moved to another declarant has no office left.
const dropMain = `delete from business_main_offices where business_id = ?
  and not exists (select 1 from business_offices where business_id = ? and declarations > 0)`;

interface SqliteStatements {
  upsert: SQLite.Statement<[number, number, number]>;
  chooseMain: SQLite.Statement<[number]>;
  dropMain: SQLite.Statement<[number, number]>;
}
const statements = new WeakMap<SQLite.Database, SqliteStatements>();

/** Bare better-sqlite3, inside the feed's synchronous transaction. */
export function applyBusinessOfficesSqlite(sqlite: SQLite.Database, deltas: BusinessOfficeDeltas): void {
  let s = statements.get(sqlite);
  if (!s) {
    s = { upsert: sqlite.prepare(upsert), chooseMain: sqlite.prepare(chooseMain), dropMain: sqlite.prepare(dropMain) };
    statements.set(sqlite, s);
  }
  for (const row of deltas.rows()) s.upsert.run(...row);
  for (const business of deltas.businesses()) {
    s.chooseMain.run(business);
    s.dropMain.run(business, business);
  }
}

/** Bare pg, inside the feed's transaction: one statement over arrays. */
export async function applyBusinessOfficesPostgres(client: pg.PoolClient, deltas: BusinessOfficeDeltas): Promise<void> {
  const rows = deltas.rows();
  if (rows.length === 0) return;
  await client.query(
    `insert into business_offices (business_id, office_id, declarations)
     select b, o, n from unnest($1::bigint[], $2::bigint[], $3::bigint[]) as u(b, o, n)
     on conflict (business_id, office_id) do update set declarations = business_offices.declarations + excluded.declarations`,
    [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])],
  );
  const businesses = deltas.businesses();
  await client.query(
    `insert into business_main_offices (business_id, office_id)
     select distinct on (business_id) business_id, office_id from business_offices
     where business_id = any($1::bigint[]) and declarations > 0
     order by business_id, declarations desc, office_id
     on conflict (business_id) do update set office_id = excluded.office_id`,
    [businesses],
  );
  await client.query(
    `delete from business_main_offices m where m.business_id = any($1::bigint[])
     and not exists (select 1 from business_offices c where c.business_id = m.business_id and c.declarations > 0)`,
    [businesses],
  );
}

/** Recounts both tables from the declarations (`hailong rollups rebuild`), in the caller's transaction. */
export async function recountBusinessOffices(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('business_main_offices').execute();
  await db.deleteFrom('business_offices').execute();
  await sql`insert into business_offices (business_id, office_id, declarations)
    select declarant_id, office_id, count(*) from declarations group by declarant_id, office_id`.execute(db);
  await sql`insert into business_main_offices (business_id, office_id)
    select business_id, office_id from (
      select business_id, office_id, row_number() over (partition by business_id order by declarations desc, office_id) as rn
      from business_offices) ranked
    where rn = 1`.execute(db);
}
