import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { storedFactsOf } from '../stats/rollup-rebuild.service.js';
import { RollupDeltas, type RolloutUnit } from '../stats/rollup-deltas.js';
import { applyRollups, declarationsByIds, loadRolloutUnits } from '../stats/rollups.repository.js';
import { changedRanges, unitOnDay, type AssignmentPeriod } from './assignment-periods.js';
import { creditHandlingsTo, handledInRanges } from './reattribution.repository.js';

/**
 * After an officer's assignment history changed (already saved in this transaction): the
 * declarations the officer handled on days whose unit changed are credited to the unit the
 * officer was in on their registration day, by the new history — the team a rating counts for is
 * the officer's unit at the time, also when that time was recorded late (a backdated transfer, a
 * corrected assignment). Their roll-ups move with them: what they counted for leaves, what they
 * count for now comes in, ratings included. On a day the new history leaves the officer in no unit,
 * the declarations keep the unit they were credited to. Returns how many declarations moved.
 */
export async function reattributeHandlings(
  trx: Kysely<Database>, officerId: number, before: readonly AssignmentPeriod[], after: readonly AssignmentPeriod[], pageSize = 1000,
): Promise<number> {
  const ranges = changedRanges(before, after);
  if (ranges.length === 0) return 0;
  const units = await loadRolloutUnits(trx);
  const handled = await handledInRanges(trx, officerId, ranges);
  let moved = 0;
  for (let start = 0; start < handled.length; start += pageSize) {
    moved += await movePage(trx, officerId, after, units, handled.slice(start, start + pageSize));
  }
  return moved;
}

/** One page of `reattributeHandlings`: the declarations whose credited unit differs from the new history's. */
async function movePage(
  trx: Kysely<Database>, officerId: number, after: readonly AssignmentPeriod[], units: ReadonlyMap<number, RolloutUnit>,
  page: readonly { declaration_id: number; registered_day: string }[],
): Promise<number> {
  const stored = await storedFactsOf(trx, await declarationsByIds(trx, page.map((p) => p.declaration_id)));
  const deltas = new RollupDeltas();
  const movedTo = new Map<number, number[]>();
  let moved = 0;
  for (const { declaration_id: id, registered_day: day } of page) {
    const unitId = unitOnDay(after, day);
    const { facts, evaluation } = stored.get(id)!;
    if (unitId === undefined || !facts.handlers.some((h) => h.officerId === officerId && h.unitId !== unitId)) continue;
    deltas.add(facts, evaluation, units, -1);
    const handlers = facts.handlers.map((h) => (h.officerId === officerId ? { officerId, unitId } : h));
    deltas.add({ ...facts, handlers }, evaluation, units, 1);
    const list = movedTo.get(unitId) ?? [];
    list.push(id);
    movedTo.set(unitId, list);
    moved++;
  }
  await applyRollups(trx, deltas);
  for (const [unitId, declarationIds] of movedTo) await creditHandlingsTo(trx, officerId, unitId, declarationIds);
  return moved;
}

/** Every officer's assignments by officer id, as `reattributeHandlings` takes them. */
export type Histories = ReadonlyMap<number, readonly AssignmentPeriod[]>;

/**
 * After a declarations import: the officers whose history changed while it ran (a transfer recorded
 * meanwhile moved what was stored then, not the rows the import wrote afterwards with the history it
 * had read) are moved from the history the import read to the stored one. Moving twice is harmless:
 * only a credited unit that differs from the stored history's moves. Returns how many moved.
 */
export async function reattributeChangedSince(db: Kysely<Database>, read: Histories, stored: Histories): Promise<number> {
  const changed = [...stored].filter(([id, history]) => read.has(id) && changedRanges(read.get(id)!, history).length > 0);
  if (changed.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    let moved = 0;
    for (const [id, history] of changed) moved += await reattributeHandlings(trx, id, read.get(id)!, history);
    return moved;
  });
}
