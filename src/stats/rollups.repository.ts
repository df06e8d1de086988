import type SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import { isPostgres } from '../db/migrations/helpers.js';
import type { Database } from '../db/schema.js';
import { counterColumns } from './rollup-columns.js';
import type { FineRollupKey, RollupDeltas, RollupKey, RollupRow, RolloutUnit } from './rollup-deltas.js';

/**
 * Writes roll-up deltas: insert the row, or add the deltas to it. Three entry points for the three
 * write paths — Kysely (evaluations, inside the caller's transaction), and the bare drivers for the
 * declaration feed's bulk writer — sharing one statement text per table.
 */
const coarseKeys = ['officer_id', 'unit_id', 'grain', 'period'] as const;
const fineKeys = [...coarseKeys, 'kind', 'type_code', 'channel'] as const;

function upsertText(table: string, keys: readonly string[], placeholders: string, counters: readonly string[] = counterColumns): string {
  const columns = [...keys, ...counters];
  return `insert into ${table} (${columns.join(', ')}) values ${placeholders}
    on conflict (${keys.join(', ')}) do update set ${counters.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ')}`;
}

/** Most rows of a feed batch change only `eligible`: they go through a statement that binds and adds just that. */
function onlyEligible(counters: readonly number[]): boolean {
  for (let i = 1; i < counters.length; i++) if (counters[i] !== 0) return false;
  return true;
}

const coarseValues = (r: RollupRow<RollupKey>): unknown[] => [r.key.officerId, r.key.unitId, r.key.grain, r.key.period, ...r.counters];
const fineValues = (r: RollupRow<FineRollupKey>): unknown[] =>
  [r.key.officerId, r.key.unitId, r.key.grain, r.key.period, r.key.kind, r.key.typeCode, r.key.channel, ...r.counters];

const coarseKeyTypes = ['bigint', 'bigint', 'text', 'text'] as const;
const fineKeyTypes = [...coarseKeyTypes, 'text', 'text', 'int'] as const;

/** PostgreSQL: the upsert of many rows as one statement over one typed array per column ($1…$n). */
function unnestUpsertText(table: string, keys: readonly string[], keyTypes: readonly string[], counters: readonly string[] = counterColumns): string {
  const types = [...keyTypes, ...counters.map(() => 'int')];
  return upsertText(table, keys, '\u0000', counters).replace('values \u0000', `select * from unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`);
}

/** SQLite: the upsert of many rows as one statement over one JSON array of rows — one text, prepared once. */
function jsonUpsertText(table: string, keys: readonly string[]): string {
  const columns = [...keys, ...counterColumns];
  // "where true" keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
  return upsertText(table, keys, '\u0000').replace('values \u0000', `select ${columns.map((_, i) => `value ->> ${i}`).join(', ')} from json_each(?) where true`);
}

const columnsOf = (rows: readonly unknown[][], width: number) => Array.from({ length: width }, (_, i) => rows.map((r) => r[i]));

/**
 * Through Kysely, in the caller's transaction: one statement per table whatever the number of rows
 * (a multi-row VALUES list would be a new statement text, prepared anew, at every size), rows in
 * key order — concurrent writers lock rows in the same order and queue instead of deadlocking.
 */
export async function applyRollups(db: Kysely<Database>, deltas: RollupDeltas): Promise<void> {
  const postgres = isPostgres(db);
  for (const [table, keys, keyTypes, rows] of [
    ['stat_rollups', coarseKeys, coarseKeyTypes, deltas.coarseRows().map(coarseValues)],
    ['stat_rollups_fine', fineKeys, fineKeyTypes, deltas.fineRows().map(fineValues)],
  ] as const) {
    if (rows.length === 0) continue;
    if (postgres) {
      const parts = unnestUpsertText(table, keys, keyTypes).split(/\$\d+/);
      const arrays = columnsOf(rows, keys.length + counterColumns.length);
      await sql.join(parts.map((part, i) => (i < arrays.length ? sql`${sql.raw(part)}${arrays[i]}` : sql.raw(part))), sql``).execute(db);
    } else {
      const [head, tail] = jsonUpsertText(table, keys).split('?');
      await sql`${sql.raw(head!)}${JSON.stringify(rows)}${sql.raw(tail!)}`.execute(db);
    }
  }
}

interface SqliteUpserts {
  coarse: SQLite.Statement<unknown[]>;
  fine: SQLite.Statement<unknown[]>;
  coarseEligible: SQLite.Statement<unknown[]>;
  fineEligible: SQLite.Statement<unknown[]>;
}
const sqliteStatements = new WeakMap<SQLite.Database, SqliteUpserts>();

/** Bare better-sqlite3, inside the caller's synchronous transaction. */
export function applyRollupsSqlite(sqlite: SQLite.Database, deltas: RollupDeltas): void {
  let s = sqliteStatements.get(sqlite);
  if (!s) {
    const row = (n: number) => `(${new Array(n).fill('?').join(', ')})`;
    s = {
      coarse: sqlite.prepare(upsertText('stat_rollups', coarseKeys, row(coarseKeys.length + counterColumns.length))),
      fine: sqlite.prepare(upsertText('stat_rollups_fine', fineKeys, row(fineKeys.length + counterColumns.length))),
      coarseEligible: sqlite.prepare(upsertText('stat_rollups', coarseKeys, row(coarseKeys.length + 1), ['eligible'])),
      fineEligible: sqlite.prepare(upsertText('stat_rollups_fine', fineKeys, row(fineKeys.length + 1), ['eligible'])),
    };
    sqliteStatements.set(sqlite, s);
  }
  for (const r of deltas.coarseRows()) {
    if (onlyEligible(r.counters)) s.coarseEligible.run(r.key.officerId, r.key.unitId, r.key.grain, r.key.period, r.counters[0]);
    else s.coarse.run(coarseValues(r));
  }
  for (const r of deltas.fineRows()) {
    const k = r.key;
    if (onlyEligible(r.counters)) s.fineEligible.run(k.officerId, k.unitId, k.grain, k.period, k.kind, k.typeCode, k.channel, r.counters[0]);
    else s.fine.run(fineValues(r));
  }
}

/** Bare pg, inside the caller's transaction: one statement per table over arrays (unnest). */
export async function applyRollupsPostgres(client: pg.PoolClient, deltas: RollupDeltas): Promise<void> {
  // One statement per table, rows in key order: concurrent writers (evaluations) lock rows in the same
  // order, so they queue instead of deadlocking. When every row changes only `eligible` (a feed of new
  // declarations), the statement binds and adds just that column.
  const run = async <K>(table: string, keys: readonly string[], keyTypes: readonly string[], rows: RollupRow<K>[], values: (r: RollupRow<K>) => unknown[]) => {
    if (rows.length === 0) return;
    const narrow = rows.every((r) => onlyEligible(r.counters));
    const counters = narrow ? ['eligible'] : counterColumns;
    const width = keys.length + counters.length;
    await client.query(unnestUpsertText(table, keys, keyTypes, counters), columnsOf(rows.map((r) => values(r).slice(0, width)), width));
  };
  await run('stat_rollups', coarseKeys, coarseKeyTypes, deltas.coarseRows(), coarseValues);
  await run('stat_rollups_fine', fineKeys, fineKeyTypes, deltas.fineRows(), fineValues);
}

/** Every unit with its lineage and roll-out dates (a few dozen rows; read once per batch). */
export async function loadRolloutUnits(db: Kysely<Database>): Promise<Map<number, RolloutUnit>> {
  const rows = await db.selectFrom('units').select(['id', 'path', 'pilot_from', 'pilot_to', 'live_from']).execute();
  return new Map(rows.map((u) => [u.id, {
    id: u.id,
    lineage: u.path.split('/').filter((p) => p !== '').map(Number),
    pilotFrom: u.pilot_from, pilotTo: u.pilot_to, liveFrom: u.live_from,
  }]));
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

/** Cleared declarations in (cleared_day, id) order after the cursor: a keyset walk over the office index. */
export function pageClearedDeclarations(db: Kysely<Database>, filter: FactsFilter, after: { day: string; id: number } | null, limit: number) {
  let query = db.selectFrom('declarations')
    .select(['id', 'office_id', 'kind', 'type_code', 'channel', 'cleared_day'])
    .where('cleared_day', 'is not', null);
  if (filter.officeId !== undefined) query = query.where('office_id', '=', filter.officeId);
  if (filter.fromDay !== undefined) query = query.where('cleared_day', '>=', filter.fromDay);
  if (filter.toDay !== undefined) query = query.where('cleared_day', '<=', filter.toDay);
  if (after) query = query.where((eb) => eb.or([eb('cleared_day', '>', after.day), eb.and([eb('cleared_day', '=', after.day), eb('id', '>', after.id)])]));
  return query.orderBy('cleared_day').orderBy('id').limit(limit).execute();
}

export async function handlersAndEvaluationsOf(db: Kysely<Database>, ids: readonly number[]) {
  if (ids.length === 0) return { handlers: [], evaluations: [] };
  const handlers = await db.selectFrom('declaration_handlers').select(['declaration_id', 'officer_id', 'unit_id'])
    .where('declaration_id', 'in', ids).orderBy('declaration_id').orderBy('seq').execute();
  const evaluations = await db.selectFrom('evaluations').select(['declaration_id', 'overall', 'rating_channel', 'targets_json', 'reasons_json'])
    .where('declaration_id', 'in', ids).execute();
  return { handlers, evaluations };
}
