import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { evaluationFacts } from '../evaluations/evaluations.service.js';
import { RollupDeltas, type DeclarationFacts } from '../stats/rollup-deltas.js';
import { applyRollups, handlersAndEvaluationsOf, loadRolloutUnits } from '../stats/rollups.repository.js';
import { changedRanges, unitOnDay, type AssignmentPeriod } from './assignment-periods.js';
import { creditHandlingsTo, declarationFactsOf, pageHandledInRanges } from './reattribution.repository.js';

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
  let afterId = 0;
  let moved = 0;
  for (;;) {
    const page = await pageHandledInRanges(trx, officerId, ranges, afterId, pageSize);
    if (page.length === 0) return moved;
    afterId = page[page.length - 1]!.declaration_id;
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
  }
}
