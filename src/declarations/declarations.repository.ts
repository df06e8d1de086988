import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { everyRow, noRow, unitIdInSubtree, type DataScope } from '../auth/scope.js';
import type { Database } from '../db/schema.js';

type Q = Kysely<Database>;

/**
 * The declarations a scope may read, as a condition checked on each row (every subquery is served
 * by an index, and columns are wrapped in `+ 0` so that SQLite keeps walking the list's own index
 * instead of following theirs). A leader: declarations lodged at an office of the subtree, or with a
 * handler credited to a unit of it. An officer account: the declarations they handled. A business:
 * its own (a broker: those of each authorised business).
 */
export function declarationInScope(eb: ExpressionBuilder<Database, 'declarations'>, scope: DataScope): Expression<SqlBool> {
  const handlers = () => eb.selectFrom('declaration_handlers as h').select('h.seq').whereRef('h.declaration_id', '=', 'declarations.id');
  switch (scope.kind) {
    case 'all':
      return everyRow;
    case 'units':
      return eb.or([
        unitIdInSubtree(sql`${sql.ref('declarations.office_id')} + 0`, scope.path),
        eb.exists(handlers().where(unitIdInSubtree(sql.ref('h.unit_id'), scope.path))),
      ]);
    case 'officer':
      return eb.exists(handlers().where(sql<number>`${sql.ref('h.officer_id')} + 0`, '=', scope.officerId));
    case 'businesses':
      if (scope.businessIds.length === 0) return noRow;
      return eb(sql<number>`${sql.ref('declarations.declarant_id')} + 0`, 'in', scope.businessIds);
    default:
      return noRow;
  }
}

export async function countDeclarations(db: Q): Promise<number> {
  const row = await db.selectFrom('declarations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A declaration by number, with its office and declarant's tax code, if the scope may read it. */
export function findDeclarationByNo(db: Q, scope: DataScope, declarationNo: string) {
  return db
    .selectFrom('declarations')
    .innerJoin('units as u', 'u.id', 'declarations.office_id')
    .innerJoin('businesses as b', 'b.id', 'declarations.declarant_id')
    .select([
      'declarations.id', 'declarations.declaration_no', 'declarations.kind', 'declarations.type_code', 'declarations.declarant_name',
      'declarations.registered_at', 'declarations.cleared_at', 'declarations.channel',
      'u.code as office_code', 'u.name_vi as office_name_vi', 'u.name_en as office_name_en', 'b.tax_code',
    ])
    .where('declarations.declaration_no', '=', declarationNo)
    .where((eb) => declarationInScope(eb, scope))
    .executeTakeFirst();
}

/** Who handled a declaration, step by step, with the team credited. */
export function listDeclarationHandlers(db: Q, declarationId: number) {
  return db
    .selectFrom('declaration_handlers as h')
    .innerJoin('officers as o', 'o.id', 'h.officer_id')
    .innerJoin('units as u', 'u.id', 'h.unit_id')
    .select(['h.seq', 'h.step', 'o.code as officer_code', 'o.full_name', 'u.code as unit_code', 'u.name_vi', 'u.name_en'])
    .where('h.declaration_id', '=', declarationId)
    .orderBy('h.seq')
    .execute();
}
