import type pg from 'pg';
import { copyInto } from '../db/pg-copy.js';
import type { SummedRollupRows, SummedTable } from './eligible-counts.js';
import { eligibleIndex } from './rollup-columns.js';
import type { RollupDeltas } from './rollup-deltas.js';
import { columnsIn, maskAndIndexes, tables, upsertText, type RollupTable } from './rollup-upserts.js';

// The declaration feed's bulk writer on PostgreSQL: its roll-up rows in a few set-based statements.

/** A key's text (values joined by "|": numbers, dates and validated codes) as COPY's tab-separated text. */
function copyKeyText(key: string): string {
  if (/[\t\n\r\\]/.test(key)) throw new Error(`roll-up key with a character COPY would escape: ${JSON.stringify(key)}`);
  return key.replaceAll('|', '\t');
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
