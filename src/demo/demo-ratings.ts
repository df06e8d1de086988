import type { Db } from '../db/database.js';
import { truncateLongWal } from '../db/wal-checkpointer.js';
import type { Evaluation, RatingChannel } from '../db/schema.js';
import { appendFirstEvaluations, evaluatedAmong, handlersOfDeclarations, pageRateableDeclarations, shareHandledBy } from '../evaluations/evaluations.bulk-repository.js';
import type { EvaluationForCase } from '../cases/cases.service.js';
import type { ResolvedTarget } from '../evaluations/evaluation-rules.js';
import { evaluationFacts } from '../evaluations/evaluations.service.js';
import type { EvaluationReason } from '../stats/rollup-columns.js';
import { inRollout, RollupDeltas, type RolloutUnit } from '../stats/rollup-deltas.js';
import { applyRollups, loadRolloutUnits } from '../stats/rollups.repository.js';
import { demoOffices } from './demo-organisation.js';
import { Random } from './random.js';

/**
 * Ratings that reproduce the source's headline for 1/4–31/12/2020: about 9.7 % of eligible
 * declarations rated, about 95.5 % of them at level 4–5. Sub-departments differ (how often their
 * businesses rate, how satisfied they are), the two pilot sub-departments rate more during the pilot
 * week, and a few officers are rated clearly worse — businesses then name them as a target.
 */
const headlineRate = 0.0949;
const headlineSatisfied = 0.9505;
/** Relative propensity to rate, per sub-department (normalised to the headline rate below). */
const rateFactor: Record<string, number> = { '03CC': 1.3, '03NK': 1.2, '03EE': 0.95, '03CE': 0.85, '03PA': 1.0, '03PJ': 0.75, '03TG': 0.7, '03PL': 0.9, '03DD': 0.8 };
/**
 * Share of levels 4–5 per sub-department, for declarations no poorly rated officer touched — shifted
 * at run time so that the whole comes out at the headline whatever share those officers handled.
 */
const satisfied: Record<string, number> = { '03CC': 0.979, '03NK': 0.974, '03EE': 0.961, '03CE': 0.954, '03PA': 0.971, '03PJ': 0.956, '03TG': 0.981, '03PL': 0.966, '03DD': 0.964 };
const poorOfficerSatisfied = 0.6;
const reasons: readonly (readonly [EvaluationReason, number])[] = [
  ['delay', 40], ['unclear_guidance', 20], ['attitude', 15], ['professional_error', 12], ['harassment', 4], ['misconduct', 3], ['other', 6],
];
const channels: readonly (readonly [RatingChannel, number])[] = [['software', 62], ['link', 28], ['portal', 10]];
const comments = ['Thông quan chậm hơn thời gian công bố', 'Hướng dẫn chưa rõ ràng về hồ sơ', 'Cán bộ thái độ chưa niềm nở', 'Phải bổ sung chứng từ nhiều lần'];

const meanSatisfied = Object.values(satisfied).reduce((a, b) => a + b, 0) / Object.values(satisfied).length;
const meanFactor = demoOffices.reduce((s, o) => s + o.weight * rateFactor[o.code]!, 0) / demoOffices.reduce((s, o) => s + o.weight, 0);

function levelFor(random: Random, pSatisfied: number): number {
  if (random.next() < pSatisfied) return random.next() < 0.72 ? 5 : 4;
  return random.weighted([[3, 60], [2, 30], [1, 10]] as const);
}

export interface DemoRatingsResult {
  evaluations: number;
  /** The ratings at level 3 or lower, in the order they came: each opens a case. */
  low: EvaluationForCase[];
  lowAt: number[];
  /** Per low rating: its reasons and the codes of the officers who handled the declaration. */
  lowInfo: { reasons: EvaluationReason[]; officerCodes: string[] }[];
}

/** Rates a share of the cleared declarations; `poorOfficers` are the codes of the officers rated worse. */
export async function buildDemoRatings(db: Db, secret: string, random: Random, poorOfficers: ReadonlySet<string>): Promise<DemoRatingsResult> {
  const units = await loadRolloutUnits(db.kysely);
  const officeCode = new Map((await db.kysely.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.id, u.code]));
  // Separate streams: which declarations get rated does not move when the levels' model changes.
  const whoRates = new Random(random.int(1, 2 ** 31));
  const poorShare = await shareHandledBy(db.kysely, [...poorOfficers]);
  const shift = (headlineSatisfied - poorShare * poorOfficerSatisfied) / (1 - poorShare) - meanSatisfied;
  const low: EvaluationForCase[] = [];
  const lowAt: number[] = [];
  const lowInfo: DemoRatingsResult['lowInfo'] = [];
  const written = await rateUnratedDeclarations(db, secret, units, (d) => {
    const code = officeCode.get(d.office_id) ?? '';
    const pilotWeek = d.cleared_day! < '2020-04-01';
    const rate = headlineRate * (rateFactor[code] ?? 1) / meanFactor * (pilotWeek ? 1.6 : 1);
    if (whoRates.next() >= rate) return null;
    const hs = d.handlers;
    const poor = hs.find((h) => poorOfficers.has(h.officer_code));
    const overall = levelFor(random, poor ? poorOfficerSatisfied : Math.min(0.995, (satisfied[code] ?? meanSatisfied) + shift));
    const targets: ResolvedTarget[] = poor && overall <= 3 ? [{ type: 'officer', code: poor.officer_code, level: Math.min(overall, 2), id: poor.officer_id }] : [];
    const lowest = Math.min(overall, ...targets.map((t) => t.level));
    const why = lowest <= 3 ? [...new Set([random.weighted(reasons), ...(random.next() < 0.3 ? [random.weighted(reasons)] : [])])] : [];
    const at = d.cleared_at! + random.int(30, 72 * 60) * 60_000;
    const evaluation: Evaluation = {
      declaration_id: d.id, business_id: d.declarant_id, version: 1, overall, targets_json: JSON.stringify(targets),
      reasons_json: JSON.stringify(why), comment: lowest <= 3 && random.next() < 0.5 ? random.pick(comments) : null,
      rating_channel: random.weighted(channels), first_submitted_at: at, submitted_at: at,
    };
    if (lowest <= 3) {
      const handlers = hs.map((h) => ({ officerId: h.officer_id, unitId: h.unit_id }));
      low.push({ declarationId: d.id, businessId: d.declarant_id, officeId: d.office_id, handlers, version: 1, overall, targets });
      lowAt.push(at);
      lowInfo.push({ reasons: why, officerCodes: [...new Set(hs.map((h) => h.officer_code))] });
    }
    return { evaluation, submittedBy: evaluation.rating_channel === 'software' ? 'demo:vendor' : 'demo:business' };
  });
  return { evaluations: written, low, lowAt, lowInfo };
}

export type UnratedDeclaration = Awaited<ReturnType<typeof pageRateableDeclarations>>[number] & {
  handlers: Awaited<ReturnType<typeof handlersOfDeclarations>>;
};

/**
 * Walks the cleared declarations not yet rated whose office was rating on their clearance day, in id
 * order, page by page; `rate` decides for each whether and how it is rated (version 1). Each page's
 * evaluations are appended, with their roll-ups, in one transaction. The demo and the figures
 * bench's top-up. Returns how many were written.
 */
export async function rateUnratedDeclarations(
  db: Db, secret: string, units: ReadonlyMap<number, RolloutUnit>,
  rate: (d: UnratedDeclaration) => { evaluation: Evaluation; submittedBy: string } | null,
): Promise<number> {
  let afterId = 0;
  let written = 0;
  for (;;) {
    const page = await pageRateableDeclarations(db.kysely, afterId, 5000);
    if (page.length === 0) return written;
    afterId = page[page.length - 1]!.id;
    const ids = page.map((d) => d.id);
    const [handlers, rated] = [await handlersOfDeclarations(db.kysely, ids), await evaluatedAmong(db.kysely, ids)];
    const handlersOf = new Map<number, typeof handlers>();
    for (const h of handlers) handlersOf.set(h.declaration_id, [...(handlersOf.get(h.declaration_id) ?? []), h]);
    const batch: { evaluation: Evaluation; submittedBy: string }[] = [];
    const deltas = new RollupDeltas();
    for (const d of page) {
      const office = units.get(d.office_id);
      if (rated.has(d.id) || !office || !inRollout(office, d.cleared_day!)) continue;
      const hs = handlersOf.get(d.id) ?? [];
      const rating = rate({ ...d, handlers: hs });
      if (!rating) continue;
      const facts = { clearedDay: d.cleared_day, kind: d.kind, typeCode: d.type_code, channel: d.channel, officeId: d.office_id,
        handlers: hs.map((h) => ({ officerId: h.officer_id, unitId: h.unit_id })) };
      deltas.add(facts, null, units, -1);
      deltas.add(facts, evaluationFacts(rating.evaluation), units, 1);
      batch.push(rating);
    }
    await db.kysely.transaction().execute(async (trx) => {
      await appendFirstEvaluations(trx, secret, batch);
      await applyRollups(trx, deltas);
    });
    if (db.dialect === 'sqlite') truncateLongWal(db.sqlite);
    written += batch.length;
  }
}
