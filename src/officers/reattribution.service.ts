import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { evaluationFacts } from '../evaluations/evaluations.service.js';
import { RollupDeltas, type DeclarationFacts, type RolloutUnit } from '../stats/rollup-deltas.js';
import { applyRollups, handlersAndEvaluationsOf, loadRolloutUnits } from '../stats/rollups.repository.js';
import { listAllAssignments } from './officers.repository.js';
import { changedRanges, unitOnDay, type AssignmentPeriod } from './assignment-periods.js';
import { creditHandlingsTo, declarationFactsOf, handledInRanges } from './reattribution.repository.js';

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
  const ids = page.map((p) => p.declaration_id);
  const { handlers, evaluations } = await handlersAndEvaluationsOf(trx, ids);
  const declarations = await declarationFactsOf(trx, ids);
  const handlersOf = new Map<number, { officerId: number; unitId: number }[]>();
  for (const h of handlers) {
    const list = handlersOf.get(h.declaration_id) ?? [];
    list.push({ officerId: h.officer_id, unitId: h.unit_id });
    handlersOf.set(h.declaration_id, list);
  }
  const evaluationOf = new Map(evaluations.map((e) => [e.declaration_id, evaluationFacts(e)]));
  const declarationOf = new Map(declarations.map((d) => [d.id, d]));
  const deltas = new RollupDeltas();
  const movedTo = new Map<number, number[]>();
  let moved = 0;
  for (const { declaration_id: id, registered_day: day } of page) {
    const unitId = unitOnDay(after, day);
    const old = handlersOf.get(id) ?? [];
    if (unitId === undefined || !old.some((h) => h.officerId === officerId && h.unitId !== unitId)) continue;
    const d = declarationOf.get(id)!;
    const facts = (credited: DeclarationFacts['handlers']): DeclarationFacts => ({
      clearedDay: d.cleared_day, kind: d.kind, typeCode: d.type_code, channel: d.channel, officeId: d.office_id, handlers: credited,
    });
    const evaluation = evaluationOf.get(id) ?? null;
    deltas.add(facts(old), evaluation, units, -1);
    deltas.add(facts(old.map((h) => (h.officerId === officerId ? { officerId, unitId } : h))), evaluation, units, 1);
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
export async function reattributeChangedSince(db: Kysely<Database>, read: Histories): Promise<number> {
  const stored = new Map<number, AssignmentPeriod[]>();
  for (const a of await listAllAssignments(db)) {
    if (a.unit_id === null || a.from_day === null) continue;
    const list = stored.get(a.id) ?? [];
    list.push({ unit_id: a.unit_id, from_day: a.from_day, to_day: a.to_day });
    stored.set(a.id, list);
  }
  const same = (x: readonly AssignmentPeriod[], y: readonly AssignmentPeriod[]) =>
    x.length === y.length && x.every((a, i) => a.unit_id === y[i]!.unit_id && a.from_day === y[i]!.from_day && a.to_day === y[i]!.to_day);
  const changed = [...stored].filter(([id, history]) => read.has(id) && !same(read.get(id)!, history));
  if (changed.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    let moved = 0;
    for (const [id, history] of changed) moved += await reattributeHandlings(trx, id, read.get(id)!, history);
    return moved;
  });
}
