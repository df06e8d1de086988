import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Current evaluations with their raters, newest first, for inspectors (every read is audited by the service). */
export function listEvaluationsWithRaters(
  db: Kysely<Database>, filter: { maxLevel?: number; before?: { at: number; id: number } }, limit: number,
) {
  let query = db.selectFrom('evaluations as e')
    .innerJoin('declarations as d', 'd.id', 'e.declaration_id')
    .innerJoin('businesses as b', 'b.id', 'e.business_id')
    .innerJoin('units as o', 'o.id', 'd.office_id')
    .select(['e.declaration_id', 'e.version', 'e.overall', 'e.targets_json', 'e.reasons_json', 'e.comment', 'e.rating_channel', 'e.submitted_at',
      'd.declaration_no', 'b.tax_code', 'b.name as business_name', 'o.code as office_code', 'o.name_vi as office_name_vi', 'o.name_en as office_name_en']);
  if (filter.maxLevel !== undefined) query = query.where('e.overall', '<=', filter.maxLevel);
  const before = filter.before;
  if (before) query = query.where((eb) => eb.or([eb('e.submitted_at', '<', before.at), eb.and([eb('e.submitted_at', '=', before.at), eb('e.declaration_id', '<', before.id)])]));
  return query.orderBy('e.submitted_at', 'desc').orderBy('e.declaration_id', 'desc').limit(limit).execute();
}
export type EvaluationWithRater = Awaited<ReturnType<typeof listEvaluationsWithRaters>>[number];
