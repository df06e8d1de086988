import type SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import { isPostgres } from '../db/migrations/helpers.js';
import { copyInto } from '../db/pg-copy.js';
import { cachedStatement } from '../db/statement-cache.js';
import { together } from '../db/pipelined-transaction.js';
import type { Database } from '../db/schema.js';
import { counterColumns } from './rollup-columns.js';
import type { SummedRollupRows, SummedTable } from './eligible-counts.js';
import { eligibleIndex } from './rollup-columns.js';
import type { RollupDeltas, RolloutUnit } from './rollup-deltas.js';

/**
 * Writes roll-up deltas: insert the row, or add the deltas to it. Three entry points for the three
 * write paths — Kysely (evaluations, rebuilds, the demo, inside the caller's transaction), and the
 * bare drivers (the declaration feed's bulk writers, evaluations on SQLite). Each statement names
 * only the counters that change (a rating moves one or two of the 23; a new declaration only
 * `eligible`): less to bind, less to add.
 */
const tables = [
  { name: 'stat_rollups', part: 'coarse', keys: ['officer_id', 'unit_id', 'grain', 'period'], keyTypes: ['bigint', 'bigint', 'text', 'text'] },
  {
    name: 'stat_rollups_fine', part: 'fine',
    keys: ['officer_id', 'unit_id', 'grain', 'period', 'kind', 'type_code', 'channel'], keyTypes: ['bigint', 'bigint', 'text', 'text', 'text', 'text', 'int'],
  },
] as const;
type RollupTable = (typeof tables)[number];

const width = counterColumns.length;

/** The key's values as bound: officer and unit ids and the channel are numbers. */
function keyValues(key: string[]): unknown[] {
  return [Number(key[0]), Number(key[1]), ...tailValues(key.slice(2))];
}

/** The values after officer and unit (`grain`, `period`, and `kind`, `type_code`, `channel` in the fine table), as bound. */
function tailValues(tail: string[]): unknown[] {
  return tail.length > 2 ? [tail[0], tail[1], tail[2], tail[3], Number(tail[4])] : [tail[0], tail[1]];
}

/** Bit i set: counter i is not zero. */
function maskOf(counters: Int32Array, base: number): number {
  let mask = 0;
  for (let i = 0; i < width; i++) if (counters[base + i] !== 0) mask |= 1 << i;
  return mask;
}

const columnsIn = (mask: number) => counterColumns.filter((_, i) => (mask & (1 << i)) !== 0);

function upsertText(table: RollupTable, source: string, counters: readonly string[]): string {
  return `insert into ${table.name} (${[...table.keys, ...counters].join(', ')}) ${source}
    on conflict (${table.keys.join(', ')}) do update set ${counters.map((c) => `${c} = ${table.name}.${c} + excluded.${c}`).join(', ')}`;
}

/**
 * The union of a table's rows' masks and the counters it names, how many sources (the deltas, each
 * summed table) have rows of it, and whether the deltas are one of them; null without rows.
 */
function maskAndIndexes(
  deltas: RollupDeltas, table: RollupTable, summed: readonly SummedRollupRows[] = [],
): { mask: number; indexes: number[]; sources: number; fromDeltas: boolean } | null {
  let mask = 0;
  let deltaRows = 0;
  deltas.forEachRowText(table.part, (_id, counters, base) => {
    mask |= maskOf(counters, base);
    deltaRows++;
  });
  const summedSources = summed.filter((rows) => rows[table.part].counts.length > 0).length;
  if (summedSources > 0) mask |= 1 << eligibleIndex;
  if (mask === 0) return null;
  return {
    mask, indexes: counterColumns.flatMap((_, i) => ((mask & (1 << i)) !== 0 ? [i] : [])), sources: (deltaRows > 0 ? 1 : 0) + summedSources, fromDeltas: deltaRows > 0,
  };
}

/** A key's text (values joined by "|": numbers, dates and validated codes) as COPY's tab-separated text. */
function copyKeyText(key: string): string {
  if (/[\t\n\r\\]/.test(key)) throw new Error(`roll-up key with a character COPY would escape: ${JSON.stringify(key)}`);
  return key.replaceAll('|', '\t');
}

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

/**
 * Bare pg, inside the caller's transaction block (the feed's bulk writer, tens of thousands of rows a
 * table): the rows are copied into a temporary table, emptied at commit (outside a transaction block
 * it would be emptied before the upsert), then upserted from it in key order. COPY reads them faster
 * than arrays bound as parameters (930,000 rows: 4.8 s against 6.2 s). Rows of the deltas and of the
 * sums may share a key: they are then summed first (one statement may not update a row twice). The
 * rows of one summed table come in key order already (`SummedTable`), and are upserted in the order
 * they were copied in (a sort of the window's ~37,000 fine rows took the server 50–80 ms of its
 * ~500); were a collation to order them otherwise, concurrent writers could deadlock, which the
 * server detects and the bulk writers retry.
 */
export async function applyRollupsPostgres(client: pg.PoolClient, deltas: RollupDeltas, summed: readonly SummedRollupRows[] = []): Promise<void> {
  for (const table of tables) {
    const used = maskAndIndexes(deltas, table, summed);
    if (!used) continue;
    const counters = columnsIn(used.mask);
    const columns = [...table.keys, ...counters].join(', ');
    let text = '';
    const days = new DaysAndUnits();
    deltas.forEachRowText(table.part, (id, values, base) => {
      text += copyKeyText(id);
      for (const c of used.indexes) text += `\t${values[base + c]!}`;
      text += '\n';
      days.addKey(id);
    });
    for (const rows of summed) {
      text += summedCopyText(rows[table.part], used.indexes);
      days.addSummed(rows[table.part]);
    }
    const stage = `pg_temp.${table.name}_stage`;
    await client.query(`create temporary table if not exists ${stage} (like ${table.name} including defaults) on commit delete rows`);
    await copyInto(client, `${stage} (${columns})`, text);
    const keys = table.keys.join(', ');
    const source = (where: string) => (used.sources > 1
      ? `select ${keys}, ${counters.map((c) => `sum(${c})::int`).join(', ')} from ${stage} ${where} group by ${keys} order by ${keys}`
      : `select ${columns} from ${stage} ${where}${used.fromDeltas ? ` order by ${keys}` : ''}`);
    const newDays = await daysWithoutRows(client, table, days);
    if (newDays.length === 0) {
      await client.query(upsertText(table, source(''), counters));
      continue;
    }
    const onNewDays = `grain = 'd' and period = any($1::text[])`;
    await client.query(`insert into ${table.name} (${columns}) ${source(`where ${onNewDays}`)}`, [newDays]);
    await client.query(upsertText(table, source(`where not (${onNewDays})`), counters), [newDays]);
  }
}

/** The days of a table's day rows, and the units of its rows. */
class DaysAndUnits {
  readonly days = new Set<string>();
  readonly units = new Set<number>();

  /** A key as text (`officer|unit|grain|period…`). */
  addKey(id: string): void {
    const [, unit, grain, period] = id.split('|', 4);
    this.units.add(Number(unit));
    if (grain === 'd') this.days.add(period!);
  }

  addSummed(rows: SummedTable): void {
    for (const tail of rows.tails) if (tail.startsWith('d|')) this.days.add(tail.split('|', 2)[1]!);
    for (const unit of rows.unitIds) this.units.add(unit);
  }
}

/**
 * The days on which the table has no row of the units: their rows are all new, and are inserted
 * without ON CONFLICT, whose speculative insertion costs twice as much a row (8,827 rows: 82–86 ms
 * against 175–198 ms). A file import writes days it has not written before, but for those at a
 * window's edges. The commits of an import stay in file order, one at a time, so each sees the rows
 * of the one before; another writer that inserts such a row meanwhile makes the insert fail (a
 * unique violation), and the bulk writers write their transaction again.
 */
async function daysWithoutRows(client: pg.PoolClient, table: RollupTable, { days, units }: DaysAndUnits): Promise<string[]> {
  if (days.size === 0) return [];
  const { rows } = await client.query<{ day: string }>(
    `select day from unnest($1::text[]) as day
     where (select 1 from ${table.name} t where t.unit_id = any($2::bigint[]) and t.grain = 'd' and t.period = day limit 1) is null`,
    [[...days], [...units]],
  );
  return rows.map((r) => r.day);
}

/** COPY lines of a summed table: `eligible` counted, the other counters of `indexes` zero. */
function summedCopyText(rows: SummedTable, indexes: readonly number[]): string {
  const tails = rows.tails.map(copyKeyText);
  const zeros = indexes.map((c) => (c === eligibleIndex ? '' : '\t0'));
  const at = indexes.indexOf(eligibleIndex);
  const before = zeros.slice(0, at).join('');
  const after = zeros.slice(at + 1).join('');
  let text = '';
  for (let i = 0; i < rows.counts.length; i++) {
    text += `${rows.officerIds[i]!}\t${rows.unitIds[i]!}\t${tails[rows.tailOf[i]!]!}${before}\t${rows.counts[i]!}${after}\n`;
  }
  return text;
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
