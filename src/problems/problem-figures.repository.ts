import type { Kysely } from 'kysely';
import type { DataScope } from '../auth/scope.js';
import type { Database } from '../db/schema.js';
import { problemScope } from './problems.repository.js';

type Q = Kysely<Database>;

/**
 * The facts the problem figures count, for problems received in a period within the reader's scope.
 * Problems are few (a department receives thousands a year, not millions): they are counted in
 * memory rather than kept in roll-ups.
 */
export function problemFacts(db: Q, scope: DataScope, from: string, to: string) {
  return db.selectFrom('problems').innerJoin('units as u', 'u.id', 'problems.unit_id')
    .select(['problems.unit_id', 'u.code as unit_code', 'u.name_vi as unit_name_vi', 'u.name_en as unit_name_en', 'problems.received_day',
      'problems.status', 'problems.due_day', 'problems.answered_day', 'problems.rating'])
    .where('problems.received_day', '>=', from).where('problems.received_day', '<=', to)
    .where((eb) => problemScope(eb, scope)).execute();
}
export type ProblemFact = Awaited<ReturnType<typeof problemFacts>>[number];

/** The last day a problem in scope was received, to open the figures on a period that has some. */
export async function latestProblemDay(db: Q, scope: DataScope): Promise<string | null> {
  const row = await db.selectFrom('problems').select((eb) => eb.fn.max('problems.received_day').as('day'))
    .where((eb) => problemScope(eb, scope)).executeTakeFirst();
  return row?.day ?? null;
}
