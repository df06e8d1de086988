import { sql, type Kysely } from 'kysely';
import { pathInSubtree, type DataScope } from '../auth/scope.js';
import type { Database } from '../db/schema.js';
import { problemScope } from './problems.repository.js';

type Q = Kysely<Database>;

/** Problems received on or after / on or before (days, either may be open), routed to the unit's subtree if given. */
export interface ProblemSelection {
  from?: string | undefined;
  to?: string | undefined;
  unitPath?: string | undefined;
}

/**
 * The facts the problem figures count, for problems received in a period within the reader's scope.
 * Problems are few (a department receives thousands a year, not millions): they are counted in
 * memory rather than kept in roll-ups.
 */
export function problemFacts(db: Q, scope: DataScope, s: ProblemSelection) {
  return db.selectFrom('problems').innerJoin('units as u', 'u.id', 'problems.unit_id')
    .select(['problems.unit_id', 'u.code as unit_code', 'u.name_vi as unit_name_vi', 'u.name_en as unit_name_en', 'u.path as unit_path',
      'problems.received_day', 'problems.status', 'problems.due_day', 'problems.answered_day', 'problems.rating'])
    .$if(s.from !== undefined, (q) => q.where('problems.received_day', '>=', s.from!))
    .$if(s.to !== undefined, (q) => q.where('problems.received_day', '<=', s.to!))
    .$if(s.unitPath !== undefined, (q) => q.where(pathInSubtree(sql.ref('u.path'), s.unitPath!)))
    .where((eb) => problemScope(eb, scope)).execute();
}
export type ProblemFact = Awaited<ReturnType<typeof problemFacts>>[number];

/** The last day a problem in scope was received, to open the figures on a period that has some. */
export async function latestProblemDay(db: Q, scope: DataScope): Promise<string | null> {
  const row = await db.selectFrom('problems').select((eb) => eb.fn.max('problems.received_day').as('day'))
    .where((eb) => problemScope(eb, scope)).executeTakeFirst();
  return row?.day ?? null;
}
