import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

type Q = Kysely<Database>;

export async function countDeclarations(db: Q): Promise<number> {
  const row = await db.selectFrom('declarations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findDeclarationByNo(db: Q, declarationNo: string) {
  return db
    .selectFrom('declarations as d')
    .innerJoin('units as u', 'u.id', 'd.office_id')
    .innerJoin('businesses as b', 'b.id', 'd.declarant_id')
    .select([
      'd.id', 'd.declaration_no', 'd.kind', 'd.type_code', 'd.declarant_name', 'd.registered_at', 'd.cleared_at', 'd.channel',
      'u.code as office_code', 'u.name_vi as office_name_vi', 'u.name_en as office_name_en', 'b.tax_code',
    ])
    .where('d.declaration_no', '=', declarationNo)
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
