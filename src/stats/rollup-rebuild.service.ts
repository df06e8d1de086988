import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { evaluationFacts } from '../evaluations/evaluations.service.js';
import { recountBusinessOffices } from '../partnership/business-offices.repository.js';
import { RollupDeltas, type DeclarationFacts, type EvaluationFacts, type RolloutUnit } from './rollup-deltas.js';
import {
  applyRollups, deleteAllRollups, handlersAndEvaluationsOf, loadRolloutUnits, pageClearedDeclarations, type FactsFilter,
} from './rollups.repository.js';

/**
 * Roll-ups recomputed from the facts: all of them (`hailong rollups rebuild`, after a unit moves to
 * another parent), or the declarations of one office whose eligibility a roll-out change touched.
 * Runs in the caller's transaction, page by page, so memory stays flat.
 */
async function walk(
  db: Kysely<Database>, filter: FactsFilter, before: ReadonlyMap<number, RolloutUnit> | null, after: ReadonlyMap<number, RolloutUnit>,
): Promise<number> {
  let cursor: { day: string; id: number } | null = null;
  let seen = 0;
  for (;;) {
    const page = await pageClearedDeclarations(db, filter, cursor, 5000);
    if (page.length === 0) return seen;
    const last = page[page.length - 1]!;
    cursor = { day: last.cleared_day!, id: last.id };
    seen += page.length;
    const deltas = new RollupDeltas();
    for (const { facts, evaluation } of (await storedFactsOf(db, page)).values()) {
      if (before) deltas.add(facts, evaluation, before, -1);
      deltas.add(facts, evaluation, after, 1);
    }
    await applyRollups(db, deltas);
  }
}

type DeclarationRow = Awaited<ReturnType<typeof pageClearedDeclarations>>[number];

/** Each declaration's facts as stored (its handlers in order) and its current evaluation, by id. */
export async function storedFactsOf(
  db: Kysely<Database>, declarations: readonly DeclarationRow[],
): Promise<Map<number, { facts: DeclarationFacts; evaluation: EvaluationFacts | null }>> {
  const { handlers, evaluations } = await handlersAndEvaluationsOf(db, declarations.map((d) => d.id));
  const handlersOf = new Map<number, { officerId: number; unitId: number }[]>();
  for (const h of handlers) {
    const list = handlersOf.get(h.declaration_id) ?? [];
    list.push({ officerId: h.officer_id, unitId: h.unit_id });
    handlersOf.set(h.declaration_id, list);
  }
  const evaluationOf = new Map(evaluations.map((e) => [e.declaration_id, evaluationFacts(e)]));
  return new Map(declarations.map((d) => [d.id, {
    facts: { clearedDay: d.cleared_day, kind: d.kind, typeCode: d.type_code, channel: d.channel, officeId: d.office_id, handlers: handlersOf.get(d.id) ?? [] },
    evaluation: evaluationOf.get(d.id) ?? null,
  }]));
}

/** Inside the caller's transaction. */
export async function recountAllRollups(trx: Kysely<Database>): Promise<number> {
  await deleteAllRollups(trx);
  return walk(trx, {}, null, await loadRolloutUnits(trx));
}

/** `hailong rollups rebuild`: every roll-up, and the declarations per business and office (partnership scoping). */
export async function rebuildAllRollups(db: Kysely<Database>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const declarations = await recountAllRollups(trx);
    await recountBusinessOffices(trx);
    return declarations;
  });
}

type RolloutDates = Pick<RolloutUnit, 'pilotFrom' | 'pilotTo' | 'liveFrom'>;

/**
 * After a unit's roll-out dates changed (already saved in this transaction): its declarations
 * cleared on days whose eligibility may differ leave the roll-ups as they counted and come back as
 * they count now. Only the days between the earliest and latest date involved can differ.
 */
export async function applyRolloutChange(trx: Kysely<Database>, unitId: number, before: RolloutDates): Promise<void> {
  const after = await loadRolloutUnits(trx);
  const now = after.get(unitId);
  if (!now) return;
  const old = new Map(after).set(unitId, { ...now, ...before });
  const dates = [before.pilotFrom, before.pilotTo, before.liveFrom, now.pilotFrom, now.pilotTo, now.liveFrom].filter((d): d is string => d !== null);
  if (dates.length === 0) return;
  const openEnded = (before.liveFrom === null) !== (now.liveFrom === null);
  await walk(trx, { officeId: unitId, fromDay: dates.sort()[0], ...(openEnded ? {} : { toDay: dates[dates.length - 1] }) }, old, after);
}
