import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { DayRange } from './assignment-periods.js';

type Q = Kysely<Database>;

/**
 * The declarations an officer handled that were registered in one of the ranges, with their
 * registration day, in id order: read at once (an officer handles a few thousand a year), then
 * moved in pages — a keyset walk would read the officer's rows again for every page on PostgreSQL,
 * whose index on the officer is not in declaration order.
 */
export function handledInRanges(db: Q, officerId: number, ranges: readonly DayRange[]) {
  return db.selectFrom('declaration_handlers as h').innerJoin('declarations as d', 'd.id', 'h.declaration_id')
    .select(['h.declaration_id', 'd.registered_day']).distinct()
    .where('h.officer_id', '=', officerId)
    .where((eb) => eb.or(ranges.map((r) => (r.to === null
      ? eb('d.registered_day', '>=', r.from)
      : eb.and([eb('d.registered_day', '>=', r.from), eb('d.registered_day', '<=', r.to)])))))
    .orderBy('h.declaration_id').execute();
}

/** Credits the officer's handling of these declarations to another unit. */
export async function creditHandlingsTo(db: Q, officerId: number, unitId: number, declarationIds: readonly number[]): Promise<void> {
  await db.updateTable('declaration_handlers').set({ unit_id: unitId })
    .where('officer_id', '=', officerId).where('declaration_id', 'in', declarationIds).execute();
}
