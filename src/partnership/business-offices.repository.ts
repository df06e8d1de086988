import type SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import type { Database } from '../db/schema.js';
import { cachedStatement } from '../db/statement-cache.js';

/**
 * How many declarations each business lodged at each office (business_offices), and the office
 * where it lodged most with that count (business_main_offices; ties: the lower office id), kept by
 * the declaration feed in the transaction of each batch: +1 for a new declaration, and for a
 * changed one −1 where it was and +1 where it is now. Readers never aggregate the declarations.
 *
 * Cost on the feed's hot path: the counts are upserted several rows to a statement, returning the
 * new counts; the main office can only move to an office whose count grew, so each business's best
 * grown office is offered to business_main_offices in one conditional upsert. Only a business that
 * lost a declaration somewhere (a corrected declaration, rare) has its main office chosen again
 * from its rows.
 */
export class OfficeCounts<K> {
  /** Count changes by business, then office (numbers all the way: the feed adds one per declaration). */
  private readonly counts = new Map<K, Map<number, number>>();

  add(business: K, officeId: number, delta: number): void {
    let offices = this.counts.get(business);
    if (!offices) this.counts.set(business, (offices = new Map<number, number>()));
    offices.set(officeId, (offices.get(officeId) ?? 0) + delta);
  }

  /** The non-zero changes, as [business, office, delta]. */
  rows(): [K, number, number][] {
    const changes: [K, number, number][] = [];
    for (const [business, offices] of this.counts) for (const [office, n] of offices) if (n !== 0) changes.push([business, office, n]);
    return changes;
  }

  /** True when the business's count at the office grew. */
  grew(business: K, officeId: number): boolean {
    return (this.counts.get(business)?.get(officeId) ?? 0) > 0;
  }

  /** The businesses that lost a declaration at some office: their main office is chosen again from scratch. */
  shrunk(): K[] {
    return [...new Set(this.rows().filter((r) => r[2] < 0).map((r) => r[0]))];
  }
}

/** Changes by business id. */
export class BusinessOfficeDeltas extends OfficeCounts<number> {}

export interface OfficeCount {
  business_id: number;
  office_id: number;
  declarations: number;
}

/** Of the offices whose count grew, each business's best (most declarations, then the lower id). Pure. */
export function grownCandidates(counts: readonly OfficeCount[], deltas: BusinessOfficeDeltas): OfficeCount[] {
  const best = new Map<number, OfficeCount>();
  for (const c of counts) {
    const row = { business_id: Number(c.business_id), office_id: Number(c.office_id), declarations: Number(c.declarations) };
    if (!deltas.grew(row.business_id, row.office_id)) continue;
    const current = best.get(row.business_id);
    if (!current || row.declarations > current.declarations || (row.declarations === current.declarations && row.office_id < current.office_id)) best.set(row.business_id, row);
  }
  return [...best.values()];
}

const countsUpsert = (values: string) => `insert into business_offices (business_id, office_id, declarations) values ${values}
  on conflict (business_id, office_id) do update set declarations = business_offices.declarations + excluded.declarations
  returning business_id, office_id, declarations`;
// The offered office becomes the main one if it now has more declarations (or as many and a lower
// id), or if it is the main office already (its count is kept in step).
const offerMain = `on conflict (business_id) do update set office_id = excluded.office_id, declarations = excluded.declarations
  where excluded.declarations > business_main_offices.declarations
     or (excluded.declarations = business_main_offices.declarations and excluded.office_id < business_main_offices.office_id)
     or excluded.office_id = business_main_offices.office_id`;
const mainUpsert = (values: string) => `insert into business_main_offices (business_id, office_id, declarations) values ${values} ${offerMain}`;
const chooseMainAgain = `insert into business_main_offices (business_id, office_id, declarations)
  select business_id, office_id, declarations from business_offices where business_id = ? and declarations > 0
  order by declarations desc, office_id limit 1
  on conflict (business_id) do update set office_id = excluded.office_id, declarations = excluded.declarations`;
const dropMain = `delete from business_main_offices where business_id = ?
  and not exists (select 1 from business_offices where business_id = ? and declarations > 0)`;

const chunk = 200;
const placeholders = (n: number) => new Array(n).fill('(?, ?, ?)').join(', ');

function inChunks<T>(items: readonly T[], each: (part: readonly T[]) => void): void {
  for (let i = 0; i < items.length; i += chunk) each(items.slice(i, i + chunk));
}

/** Bare better-sqlite3, inside the feed's synchronous transaction. */
export function applyBusinessOfficesSqlite(sqlite: SQLite.Database, deltas: BusinessOfficeDeltas): void {
  const counts: OfficeCount[] = [];
  inChunks(deltas.rows(), (part) => counts.push(...(cachedStatement(sqlite, countsUpsert(placeholders(part.length))).all(part.flat()) as OfficeCount[])));
  inChunks(grownCandidates(counts, deltas), (part) =>
    cachedStatement(sqlite, mainUpsert(placeholders(part.length))).run(part.flatMap((c) => [c.business_id, c.office_id, c.declarations])));
  for (const business of deltas.shrunk()) {
    cachedStatement(sqlite, chooseMainAgain).run(business);
    cachedStatement(sqlite, dropMain).run(business, business);
  }
}

/** Bare pg, inside the feed's transaction: a few statements over arrays. */
export async function applyBusinessOfficesPostgres(client: pg.PoolClient, deltas: BusinessOfficeDeltas): Promise<void> {
  const rows = deltas.rows();
  if (rows.length === 0) return;
  const counts = await client.query<OfficeCount>(
    `insert into business_offices (business_id, office_id, declarations)
     select b, o, n from unnest($1::bigint[], $2::bigint[], $3::bigint[]) as u(b, o, n)
     on conflict (business_id, office_id) do update set declarations = business_offices.declarations + excluded.declarations
     returning business_id, office_id, declarations`,
    [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])],
  );
  const candidates = grownCandidates(counts.rows, deltas);
  if (candidates.length > 0) {
    await client.query(`insert into business_main_offices (business_id, office_id, declarations)
       select b, o, n from unnest($1::bigint[], $2::bigint[], $3::bigint[]) as u(b, o, n) ${offerMain}`,
      [candidates.map((c) => c.business_id), candidates.map((c) => c.office_id), candidates.map((c) => c.declarations)]);
  }
  const shrunk = deltas.shrunk();
  if (shrunk.length === 0) return;
  await client.query(
    `insert into business_main_offices (business_id, office_id, declarations)
     select distinct on (business_id) business_id, office_id, declarations from business_offices
     where business_id = any($1::bigint[]) and declarations > 0
     order by business_id, declarations desc, office_id
     on conflict (business_id) do update set office_id = excluded.office_id, declarations = excluded.declarations`,
    [shrunk],
  );
  await client.query(
    `delete from business_main_offices m where m.business_id = any($1::bigint[])
     and not exists (select 1 from business_offices c where c.business_id = m.business_id and c.declarations > 0)`,
    [shrunk],
  );
}

/** Recounts both tables from the declarations (`hailong rollups rebuild`), in the caller's transaction. */
export async function recountBusinessOffices(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('business_main_offices').execute();
  await db.deleteFrom('business_offices').execute();
  await sql`insert into business_offices (business_id, office_id, declarations)
    select declarant_id, office_id, count(*) from declarations group by declarant_id, office_id`.execute(db);
  await sql`insert into business_main_offices (business_id, office_id, declarations)
    select business_id, office_id, declarations from (
      select business_id, office_id, declarations, row_number() over (partition by business_id order by declarations desc, office_id) as rn
      from business_offices) ranked
    where rn = 1`.execute(db);
}
