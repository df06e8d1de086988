import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { everyRow, noRow, pathInSubtree, type DataScope } from '../auth/scope.js';
import type { Database } from '../db/schema.js';

type Q = Kysely<Database>;

/**
 * A business's most frequent office (the customs office where it lodged most declarations; ties:
 * the lower office id) is read from business_main_offices, which the declaration feed keeps in its
 * own transactions (see business-offices.repository.ts). Aggregating the declarations on demand
 * instead cost 166 ms for a leader's figures on the 60,000-declaration demo, growing with the
 * declarations; the table holds one row per business whatever the history (README).
 */

/** The businesses whose most frequent office lies in the subtree of `path`. */
export function businessesMainlyIn(db: Q, path: string) {
  return db.selectFrom('business_main_offices as m')
    .innerJoin('units as u', 'u.id', 'm.office_id')
    .select('m.business_id')
    .where(pathInSubtree(sql.ref('u.path'), path));
}

/**
 * Which businesses' partnership records a scope may read: administrators and inspectors all; a
 * leader those whose most frequent office is in the subtree; a business account its own; no one else.
 */
export function businessInScope(db: Q, column: Expression<unknown>, scope: DataScope): Expression<SqlBool> {
  switch (scope.kind) {
    case 'all':
      return everyRow;
    case 'businesses':
      return scope.businessIds.length === 0 ? noRow : sql<SqlBool>`${column} in (${sql.join(scope.businessIds)})`;
    case 'units':
      return sql<SqlBool>`${column} in (${businessesMainlyIn(db, scope.path)})`;
    default:
      return noRow;
  }
}
