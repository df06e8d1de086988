import { sql } from 'kysely';
import type { Db } from '../src/db/database.js';
import type { Evaluation, RatingChannel } from '../src/db/schema.js';
import { Random } from '../src/demo/random.js';
import { appendFirstEvaluations, evaluatedAmong, handlersOfDeclarations, pageRateableDeclarations } from '../src/evaluations/evaluations.bulk-repository.js';
import { evaluationFacts } from '../src/evaluations/evaluations.service.js';
import { inRollout, RollupDeltas } from '../src/stats/rollup-deltas.js';
import { applyRollups, loadRolloutUnits } from '../src/stats/rollups.repository.js';

/**
 * The demo rates about 9.7 % of the eligible declarations (about 7.3 % of a year's, since the
 * rating starts in late March); the figures bench asks for 1 million evaluations on
 * 10 million declarations. This tops the ratings up to `target` through the same bulk path as the
 * demo (chained first versions, current rows and roll-ups in one transaction per page).
 */
const channels: readonly (readonly [RatingChannel, number])[] = [['software', 62], ['link', 28], ['portal', 10]];

async function count(db: Db, query: 'evaluations' | 'eligible'): Promise<number> {
  const { rows } = query === 'evaluations'
    ? await sql<{ n: number }>`select count(*) as n from evaluations`.execute(db.kysely)
    : await sql<{ n: number }>`select count(*) as n from declarations d join units o on o.id = d.office_id
        where d.cleared_day is not null and ((o.pilot_from <= d.cleared_day and d.cleared_day <= o.pilot_to) or o.live_from <= d.cleared_day)`.execute(db.kysely);
  return Number(rows[0]!.n);
}

export async function topUpRatings(db: Db, secret: string, target: number): Promise<number> {
  const rated = await count(db, 'evaluations');
  const unrated = (await count(db, 'eligible')) - rated;
  if (rated >= target || unrated <= 0) return 0;
  const share = Math.min(1, (target - rated) / unrated);
  const random = new Random(10);
  const units = await loadRolloutUnits(db.kysely);
  let afterId = 0;
  let written = 0;
  for (;;) {
    const page = await pageRateableDeclarations(db.kysely, afterId, 5000);
    if (page.length === 0) break;
    afterId = page[page.length - 1]!.id;
    const [handlers, evaluated] = [await handlersOfDeclarations(db.kysely, page.map((d) => d.id)), await evaluatedAmong(db.kysely, page.map((d) => d.id))];
    const handlersOf = new Map<number, typeof handlers>();
    for (const h of handlers) handlersOf.set(h.declaration_id, [...(handlersOf.get(h.declaration_id) ?? []), h]);
    const batch: { evaluation: Evaluation; submittedBy: string }[] = [];
    const deltas = new RollupDeltas();
    for (const d of page) {
      const office = units.get(d.office_id);
      if (evaluated.has(d.id) || !office || !inRollout(office, d.cleared_day!) || random.next() >= share) continue;
      const overall = random.next() < 0.955 ? (random.next() < 0.72 ? 5 : 4) : random.weighted([[3, 60], [2, 30], [1, 10]] as const);
      const at = d.cleared_at! + random.int(30, 72 * 60) * 60_000;
      const evaluation: Evaluation = {
        declaration_id: d.id, business_id: d.declarant_id, version: 1, overall, targets_json: '[]',
        reasons_json: JSON.stringify(overall <= 3 ? ['delay'] : []), comment: null,
        rating_channel: random.weighted(channels), first_submitted_at: at, submitted_at: at,
      };
      const facts = { clearedDay: d.cleared_day, kind: d.kind, typeCode: d.type_code, channel: d.channel, officeId: d.office_id,
        handlers: (handlersOf.get(d.id) ?? []).map((h) => ({ officerId: h.officer_id, unitId: h.unit_id })) };
      deltas.add(facts, null, units, -1);
      deltas.add(facts, evaluationFacts(evaluation), units, 1);
      batch.push({ evaluation, submittedBy: 'bench:top-up' });
    }
    await db.kysely.transaction().execute(async (trx) => {
      await appendFirstEvaluations(trx, secret, batch);
      await applyRollups(trx, deltas);
    });
    written += batch.length;
  }
  return written;
}
