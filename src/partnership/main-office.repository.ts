import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { everyRow, noRow, pathInSubtree, type DataScope } from '../auth/scope.js';
import type { Database } from '../db/schema.js';

type Q = Kysely<Database>;

/**
 * A business's most frequent office: the customs office where it lodged most declarations (ties:
 * the lower unit id), computed on demand by one aggregate query over declarations — there is no
 * table to keep in step with the feed. `among` limits the declarants counted (those holding an
 * agreement, or members of an association), so the scan covers only their declarations. The
 * README records what it costs on the demo.
 */
export type Declarants = 'agreements' | 'association_members';

function ranked(db: Q, among: Declarants) {
  const counts = db.selectFrom('declarations')
    .select(['declarations.declarant_id', 'declarations.office_id'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('declarations.declarant_id', 'in', db.selectFrom(among).select(`${among}.business_id`))
    .groupBy(['declarations.declarant_id', 'declarations.office_id']);
  return db.selectFrom(counts.as('c'))
    .select(['c.declarant_id', 'c.office_id'])
    .select(sql<number>`row_number() over (partition by c.declarant_id order by c.n desc, c.office_id)`.as('rn'));
}

/** (business_id, office_id) of each declarant in `among`; a business without declarations has no row. */
export function mainOffices(db: Q, among: Declarants) {
  return db.selectFrom(ranked(db, among).as('r'))
    .select(['r.declarant_id as business_id', 'r.office_id'])
    .where('r.rn', '=', 1);
}

/** The businesses (of `among`) whose most frequent office lies in the subtree of `path`. */
export function businessesMainlyIn(db: Q, among: Declarants, path: string) {
  return db.selectFrom(ranked(db, among).as('r'))
    .innerJoin('units as u', 'u.id', 'r.office_id')
    .select('r.declarant_id')
    .where('r.rn', '=', 1)
    .where(pathInSubtree(sql.ref('u.path'), path));
}

/** The office where one business lodged most declarations, or undefined. */
export async function mainOfficeOf(db: Q, businessId: number): Promise<number | undefined> {
  const row = await db.selectFrom('declarations').select('office_id')
    .where('declarant_id', '=', businessId)
    .groupBy('office_id')
    .orderBy((eb) => eb.fn.countAll(), 'desc').orderBy('office_id')
    .limit(1).executeTakeFirst();
  return row ? Number(row.office_id) : undefined;
}

/**
 * Which businesses' partnership records a scope may read: administrators and inspectors all; a
 * leader those whose most frequent office is in the subtree; a business account its own; no one else.
 */
export function businessInScope(db: Q, column: Expression<unknown>, scope: DataScope, among: Declarants): Expression<SqlBool> {
  switch (scope.kind) {
    case 'all':
      return everyRow;
    case 'businesses':
      return scope.businessIds.length === 0 ? noRow : sql<SqlBool>`${column} in (${sql.join(scope.businessIds)})`;
    case 'units':
      return sql<SqlBool>`${column} in (${businessesMainlyIn(db, among, scope.path)})`;
    default:
      return noRow;
  }
}
