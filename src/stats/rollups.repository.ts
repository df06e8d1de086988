import type SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../db/migrations/helpers.js';
import { cachedStatement } from '../db/statement-cache.js';
import { together } from '../db/pipelined-transaction.js';
import type { Database } from '../db/schema.js';
import type { SummedRollupRows, SummedTable } from './eligible-counts.js';
import { eligibleIndex } from './rollup-columns.js';
import { columnsIn, keyValues, maskAndIndexes, maskOf, tables, tailValues, upsertText, width, type RollupTable } from './rollup-upserts.js';
import type { RollupDeltas, RolloutUnit } from './rollup-deltas.js';

// Writes roll-up deltas: insert the row, or add the deltas to it. Three entry points for the three
// write paths — Kysely (evaluations, rebuilds, the demo, inside the caller's transaction), and the
// bare drivers (the declaration feed's bulk writers, PostgreSQL's in rollups.bulk-postgres.ts, and
// evaluations on SQLite). Each statement names only the counters that change (a rating moves one or
// two of the 23; a new declaration only `eligible`): less to bind, less to add.

/** A table's rows as one array per column (keys, then the counters of `mask`), and the union of their masks. */
function columnArrays(deltas: RollupDeltas, table: RollupTable): { mask: number; columns: unknown[][] } | null {
  const found = maskAndIndexes(deltas, table);
  if (!found) return null;
  const { mask, indexes } = found;
  const columns: unknown[][] = Array.from({ length: table.keys.length + width }, () => []);
  deltas.forEachRow(table.part, (key, counters, base) => {
    keyValues(key).forEach((v, i) => columns[i]!.push(v));
    indexes.forEach((c, i) => columns[table.keys.length + i]!.push(counters[base + c]));
  });
  return { mask, columns: columns.slice(0, table.keys.length + indexes.length) };
}

/**
 * PostgreSQL: one statement per table over one typed array per column, the rows taken in key order —
 * concurrent writers lock rows in the same order, so they queue instead of deadlocking.
 */
function unnestUpsertText(table: RollupTable, counters: readonly string[]): string {
  const types = [...table.keyTypes, ...counters.map(() => 'int')];
  const order = table.keys.map((_, i) => i + 1).join(', ');
  return upsertText(table, `select * from unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')}) order by ${order}`, counters);
}

/** SQLite through Kysely: one statement per table over one JSON array of rows. "where true" keeps SQLite from reading ON CONFLICT as part of the SELECT's join. */
function jsonUpsertText(table: RollupTable, counters: readonly string[]): string {
  return upsertText(table, `select ${[...table.keys, ...counters].map((_, i) => `value ->> ${i}`).join(', ')} from json_each(?) where true`, counters);
}

/** Through Kysely, in the caller's transaction. */
export async function applyRollups(db: Kysely<Database>, deltas: RollupDeltas): Promise<void> {
  const postgres = isPostgres(db);
  // One statement per table, sent together (a pipelined transaction sends them in this order).
  await together(tables.map(async (table) => {
    const arrays = columnArrays(deltas, table);
    if (!arrays) return;
    const counters = columnsIn(arrays.mask);
    if (postgres) {
      const parts = unnestUpsertText(table, counters).split(/\$\d+/);
      await sql.join(parts.map((part, i) => (i < arrays.columns.length ? sql`${sql.raw(part)}${arrays.columns[i]}` : sql.raw(part))), sql``).execute(db);
    } else {
      const rows = arrays.columns[0]!.map((_, r) => arrays.columns.map((column) => column[r]));
      const [head, tail] = jsonUpsertText(table, counters).split('?');
      await sql`${sql.raw(head!)}${JSON.stringify(rows)}${sql.raw(tail!)}`.execute(db);
    }
  }));
}

/** The statement upserting a row with the counters of `mask` (cached per connection). */
function upsertStatement(sqlite: SQLite.Database, table: RollupTable, mask: number): SQLite.Statement<unknown[]> {
  return cachedStatement(sqlite, `${table.name}:${mask}`, () => {
    const row = `values (${new Array(table.keys.length + columnsIn(mask).length).fill('?').join(', ')})`;
    return upsertText(table, row, columnsIn(mask));
  });
}

/**
 * Bare better-sqlite3, inside the caller's synchronous transaction: one prepared upsert per row of
 * the deltas, then of each summed table (the key values of a tail split once).
 */
export function applyRollupsSqlite(sqlite: SQLite.Database, deltas: RollupDeltas, summed: readonly SummedRollupRows[] = []): void {
  for (const table of tables) {
    // An import writes hundreds of thousands of rows with a handful of counter sets: one cache lookup per set.
    const byMask = new Map<number, SQLite.Statement<unknown[]>>();
    deltas.forEachRow(table.part, (key, counters, base) => {
      const mask = maskOf(counters, base);
      let statement = byMask.get(mask);
      if (!statement) byMask.set(mask, (statement = upsertStatement(sqlite, table, mask)));
      const values = keyValues(key);
      for (let i = 0; i < width; i++) if ((mask & (1 << i)) !== 0) values.push(counters[base + i]);
      statement.run(values);
    });
    for (const rows of summed) upsertSummedSqlite(upsertStatement(sqlite, table, 1 << eligibleIndex), table, rows[table.part]);
  }
}

function upsertSummedSqlite(statement: SQLite.Statement<unknown[]>, table: RollupTable, rows: SummedTable): void {
  const tails = rows.tails.map((tail) => tailValues(tail.split('|')));
  const values: unknown[] = new Array(table.keys.length + 1);
  for (let i = 0; i < rows.counts.length; i++) {
    values[0] = rows.officerIds[i];
    values[1] = rows.unitIds[i];
    const tail = tails[rows.tailOf[i]!]!;
    for (let k = 0; k < tail.length; k++) values[2 + k] = tail[k];
    values[table.keys.length] = rows.counts[i];
    statement.run(values);
  }
}

/** Every unit with its lineage and roll-out dates (a few dozen rows; read once per batch). */
export function rolloutUnitsQuery(db: Kysely<Database>) {
  return db.selectFrom('units').select(['id', 'path', 'pilot_from', 'pilot_to', 'live_from']);
}

export function rolloutUnitsFrom(rows: readonly { id: number; path: string; pilot_from: string | null; pilot_to: string | null; live_from: string | null }[]): Map<number, RolloutUnit> {
  return new Map(rows.map((u) => [u.id, {
    id: u.id,
    lineage: u.path.split('/').filter((p) => p !== '').map(Number),
    pilotFrom: u.pilot_from, pilotTo: u.pilot_to, liveFrom: u.live_from,
  }]));
}

export async function loadRolloutUnits(db: Kysely<Database>): Promise<Map<number, RolloutUnit>> {
  return rolloutUnitsFrom(await rolloutUnitsQuery(db).execute());
}

export async function deleteAllRollups(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('stat_rollups_fine').execute();
  await db.deleteFrom('stat_rollups').execute();
}

export interface FactsFilter {
  officeId?: number;
  fromDay?: string;
  toDay?: string;
}

/** What the roll-ups need of a declaration, its handlers aside. */
const factColumns = ['id', 'office_id', 'kind', 'type_code', 'channel', 'cleared_day'] as const;

/** Cleared declarations in (cleared_day, id) order after the cursor: a keyset walk over the office index. */
export function pageClearedDeclarations(db: Kysely<Database>, filter: FactsFilter, after: { day: string; id: number } | null, limit: number) {
  let query = db.selectFrom('declarations')
    .select(factColumns)
    .where('cleared_day', 'is not', null);
  if (filter.officeId !== undefined) query = query.where('office_id', '=', filter.officeId);
  if (filter.fromDay !== undefined) query = query.where('cleared_day', '>=', filter.fromDay);
  if (filter.toDay !== undefined) query = query.where('cleared_day', '<=', filter.toDay);
  if (after) query = query.where((eb) => eb.or([eb('cleared_day', '>', after.day), eb.and([eb('cleared_day', '=', after.day), eb('id', '>', after.id)])]));
  return query.orderBy('cleared_day').orderBy('id').limit(limit).execute();
}

/** The same columns of the given declarations. */
export function declarationsByIds(db: Kysely<Database>, ids: readonly number[]) {
  return db.selectFrom('declarations').select(factColumns).where('id', 'in', ids).execute();
}

export async function handlersAndEvaluationsOf(db: Kysely<Database>, ids: readonly number[]) {
  if (ids.length === 0) return { handlers: [], evaluations: [] };
  const handlers = await db.selectFrom('declaration_handlers').select(['declaration_id', 'officer_id', 'unit_id'])
    .where('declaration_id', 'in', ids).orderBy('declaration_id').orderBy('seq').execute();
  const evaluations = await db.selectFrom('evaluations').select(['declaration_id', 'overall', 'rating_channel', 'targets_json', 'reasons_json'])
    .where('declaration_id', 'in', ids).execute();
  return { handlers, evaluations };
}
