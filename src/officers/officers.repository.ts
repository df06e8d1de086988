import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { everyRow, noRow, unitIdInSubtree, type DataScope } from '../auth/scope.js';
import type { Database, Officer, OfficerAssignment } from '../db/schema.js';
import { anyColumnContains } from '../db/text-search.js';

type Q = Kysely<Database>;

export function findOfficersByCodes(db: Q, codes: readonly string[]): Promise<Officer[]> {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('officers').selectAll().where('code', 'in', codes).execute();
}

export async function insertOfficer(db: Q, code: string, fullName: string, now: number): Promise<number> {
  const row = await db.insertInto('officers')
    .values({ code, full_name: fullName, created_at: now, updated_at: now })
    .returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function renameOfficer(db: Q, id: number, fullName: string, now: number): Promise<void> {
  await db.updateTable('officers').set({ full_name: fullName, updated_at: now }).where('id', '=', id).execute();
}

export function listAssignments(db: Q, officerIds: readonly number[]): Promise<OfficerAssignment[]> {
  if (officerIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('officer_assignments').selectAll().where('officer_id', 'in', officerIds).orderBy('from_day').execute();
}

export async function insertAssignment(db: Q, a: Omit<OfficerAssignment, 'id'>): Promise<number> {
  const row = await db.insertInto('officer_assignments').values(a).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateAssignment(db: Q, id: number, unitId: number, toDay: string | null): Promise<void> {
  await db.updateTable('officer_assignments').set({ unit_id: unitId, to_day: toDay }).where('id', '=', id).execute();
}

/** "Which unit was officer X in on day D": one indexed query. */
export async function unitOfOfficerOn(db: Q, officerCode: string, day: string): Promise<{ unitId: number; unitCode: string } | undefined> {
  const row = await db
    .selectFrom('officer_assignments as a')
    .innerJoin('officers as o', 'o.id', 'a.officer_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['u.id as unitId', 'u.code as unitCode'])
    .where('o.code', '=', officerCode)
    .where('a.from_day', '<=', day)
    .where((eb) => eb.or([eb('a.to_day', 'is', null), eb('a.to_day', '>=', day)]))
    .executeTakeFirst();
  return row ? { unitId: Number(row.unitId), unitCode: row.unitCode } : undefined;
}

/** Every officer with the assignment history, for the feed's validation cache. */
export function listAllAssignments(db: Q) {
  return db
    .selectFrom('officers as o')
    .leftJoin('officer_assignments as a', 'a.officer_id', 'o.id')
    .select(['o.id', 'o.code', 'a.unit_id', 'a.from_day', 'a.to_day'])
    .orderBy('o.id').orderBy('a.from_day')
    .execute();
}

export async function countOfficers(db: Q): Promise<number> {
  const row = await db.selectFrom('officers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface OfficerListRow {
  code: string;
  full_name: string;
  unit_code: string | null;
  unit_name_vi: string | null;
  unit_name_en: string | null;
}

/**
 * The officers a scope may read. A leader: officers assigned to a unit of the subtree — on `day`
 * when given (the list: who works there now), at any time otherwise (an officer's page: who served
 * there). An officer account: itself. Businesses and anyone else: none.
 */
function officerInScope(eb: ExpressionBuilder<Database, 'officers'>, scope: DataScope, day?: string): Expression<SqlBool> {
  switch (scope.kind) {
    case 'all':
      return everyRow;
    case 'officer':
      return eb('officers.id', '=', scope.officerId);
    case 'units':
      return eb.exists(eb.selectFrom('officer_assignments as s').select('s.id')
        .whereRef('s.officer_id', '=', 'officers.id')
        .where(unitIdInSubtree(sql.ref('s.unit_id'), scope.path))
        .$if(day !== undefined, (q) => q.where('s.from_day', '<=', day!)
          .where((s) => s.or([s('s.to_day', 'is', null), s('s.to_day', '>=', day!)]))));
    default:
      return noRow;
  }
}

/** One page of the scope's officers (by code) whose code or name contains the term, each with the unit they are in on `day`. */
export function listOfficersPage(db: Q, scope: DataScope, o: { term: string; day: string; offset: number; limit: number }): Promise<OfficerListRow[]> {
  return db
    .selectFrom('officers')
    .leftJoin('officer_assignments as a', (join) => join
      .onRef('a.officer_id', '=', 'officers.id')
      .on('a.from_day', '<=', o.day)
      .on((eb) => eb.or([eb('a.to_day', 'is', null), eb('a.to_day', '>=', o.day)])))
    .leftJoin('units as u', 'u.id', 'a.unit_id')
    .select(['officers.code', 'officers.full_name', 'u.code as unit_code', 'u.name_vi as unit_name_vi', 'u.name_en as unit_name_en'])
    .where(anyColumnContains(['officers.code', 'officers.full_name'], o.term))
    .where((eb) => officerInScope(eb, scope, o.day))
    .orderBy('officers.code')
    .limit(o.limit)
    .offset(o.offset)
    .execute();
}

/** How many of the scope's officers (today, on `day`) match the term (officers number in thousands: counting is cheap). */
export async function countOfficersMatching(db: Q, scope: DataScope, term: string, day: string): Promise<number> {
  const row = await db.selectFrom('officers').select((eb) => eb.fn.countAll<number>().as('n'))
    .where(anyColumnContains(['officers.code', 'officers.full_name'], term))
    .where((eb) => officerInScope(eb, scope, day))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** An officer by code. Unscoped: for the feed, imports and administration. */
export function findOfficerByCode(db: Q, code: string): Promise<Officer | undefined> {
  return db.selectFrom('officers').selectAll().where('code', '=', code).executeTakeFirst();
}

/** An officer by code, if the scope may read them (a leader: anyone who ever served in the subtree). */
export function findOfficerInScope(db: Q, scope: DataScope, code: string): Promise<Officer | undefined> {
  return db.selectFrom('officers').selectAll().where('code', '=', code)
    .where((eb) => officerInScope(eb, scope)).executeTakeFirst();
}

/** An officer's assignments, oldest first, with the units' codes and names. */
export function assignmentHistory(db: Q, officerId: number) {
  return db
    .selectFrom('officer_assignments as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['u.code as unit_code', 'u.name_vi', 'u.name_en', 'a.from_day', 'a.to_day'])
    .where('a.officer_id', '=', officerId)
    .orderBy('a.from_day')
    .execute();
}
