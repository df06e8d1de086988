import { sql, type Kysely } from 'kysely';
import { everyRow, noRow, pathInSubtree, type DataScope } from '../auth/scope.js';
import type { Database, Unit } from '../db/schema.js';
import { anyColumnContains } from '../db/text-search.js';
import type { UnitInput } from './units.schema.js';

type Q = Kysely<Database>;

export function listUnits(db: Q): Promise<Unit[]> {
  return db.selectFrom('units').selectAll().orderBy('path').execute();
}

export function findUnitByCode(db: Q, code: string): Promise<Unit | undefined> {
  return db.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function countUnits(db: Q): Promise<number> {
  const row = await db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertUnit(db: Q, input: UnitInput, parentId: number | null, now: number): Promise<number> {
  const row = await db
    .insertInto('units')
    .values({
      code: input.code, parent_id: parentId, path: '/', depth: 0, name_vi: input.nameVi, name_en: input.nameEn,
      kind: input.kind, pilot_from: input.pilotFrom, pilot_to: input.pilotTo, live_from: input.liveFrom,
      created_at: now, updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateUnit(db: Q, id: number, input: UnitInput, parentId: number | null, now: number): Promise<void> {
  await db
    .updateTable('units')
    .set({
      parent_id: parentId, name_vi: input.nameVi, name_en: input.nameEn, kind: input.kind,
      pilot_from: input.pilotFrom, pilot_to: input.pilotTo, live_from: input.liveFrom, updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function setUnitPath(db: Q, id: number, path: string, depth: number): Promise<void> {
  await db.updateTable('units').set({ path, depth }).where('id', '=', id).execute();
}

/** Units whose code or name (either language) contains the term. */
export function searchUnits(db: Q, term: string): Promise<Unit[]> {
  return db.selectFrom('units').selectAll().where(anyColumnContains(['code', 'name_vi', 'name_en'], term)).orderBy('path').execute();
}

/**
 * Customs offices a declaration can name (every unit that is not a team), as far as the scope
 * reaches, for filter lists. A unit's office is the unit itself, or for a team the office above it.
 * A leader: the offices of the subtree, or a team leader's office. An officer account: the offices
 * of the units they served in. A business declares at any office: all of them.
 */
export function listOfficeUnits(db: Q, scope: DataScope): Promise<Pick<Unit, 'id' | 'code' | 'name_vi' | 'name_en'>[]> {
  return db.selectFrom('units').select(['id', 'code', 'name_vi', 'name_en']).where('kind', '!=', 'team')
    .where((eb) => {
      switch (scope.kind) {
        case 'all':
        case 'businesses':
          return everyRow;
        case 'units':
          return eb.or([
            pathInSubtree(sql.ref('units.path'), scope.path),
            eb('units.id', 'in', eb.selectFrom('units as t').select('t.parent_id').where('t.path', '=', scope.path).where('t.kind', '=', 'team')),
          ]);
        case 'officer':
          return eb.exists(eb.selectFrom('officer_assignments as a').innerJoin('units as t', 't.id', 'a.unit_id').select('a.id')
            .where('a.officer_id', '=', scope.officerId)
            .where((w) => w.or([w('t.id', '=', w.ref('units.id')), w.and([w('t.kind', '=', 'team'), w('t.parent_id', '=', w.ref('units.id'))])])));
        default:
          return noRow;
      }
    })
    .orderBy('code').execute();
}

export function findUnitsByIds(db: Q, ids: readonly number[]): Promise<Pick<Unit, 'id' | 'code' | 'name_vi' | 'name_en'>[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('units').select(['id', 'code', 'name_vi', 'name_en']).where('id', 'in', ids).execute();
}

export async function setUnitRollout(
  db: Q, id: number, dates: { pilotFrom: string | null; pilotTo: string | null; liveFrom: string | null }, now: number,
): Promise<void> {
  await db.updateTable('units')
    .set({ pilot_from: dates.pilotFrom, pilot_to: dates.pilotTo, live_from: dates.liveFrom, updated_at: now })
    .where('id', '=', id).execute();
}

export function findUnitsByCodes(db: Q, codes: readonly string[]): Promise<Pick<Unit, 'id' | 'code'>[]> {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('units').select(['id', 'code']).where('code', 'in', codes).execute();
}

/** A cheap query that proves the database answers (health check). */
export async function pingDatabase(db: Q): Promise<void> {
  await db.selectFrom('units').select('id').limit(1).execute();
}
