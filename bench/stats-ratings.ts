import { sql } from 'kysely';
import type { Db } from '../src/db/database.js';
import type { Evaluation, RatingChannel } from '../src/db/schema.js';
import { Random } from '../src/demo/random.js';
import { loadRolloutUnits } from '../src/stats/rollups.repository.js';
import { rateUnratedDeclarations } from '../src/demo/demo-ratings.js';

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
  return rateUnratedDeclarations(db, secret, units, (d) => {
    if (random.next() >= share) return null;
    const overall = random.next() < 0.955 ? (random.next() < 0.72 ? 5 : 4) : random.weighted([[3, 60], [2, 30], [1, 10]] as const);
    const at = d.cleared_at! + random.int(30, 72 * 60) * 60_000;
    const evaluation: Evaluation = {
      declaration_id: d.id, business_id: d.declarant_id, version: 1, overall, targets_json: '[]',
      reasons_json: JSON.stringify(overall <= 3 ? ['delay'] : []), comment: null,
      rating_channel: random.weighted(channels), first_submitted_at: at, submitted_at: at,
    };
    return { evaluation, submittedBy: 'bench:top-up' };
  });
}
