import { sql, type Kysely } from 'kysely';
import type { DataScope } from '../auth/scope.js';
import type { Association, Database } from '../db/schema.js';
import { businessInScope } from './main-office.repository.js';

type Q = Kysely<Database>;

export type AssociationFields = Pick<Association, 'code' | 'name' | 'rule_signed_on'>;

export function findAssociationsByCodes(db: Q, codes: readonly string[]): Promise<Association[]> {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('associations').selectAll().where('code', 'in', codes).execute();
}

export async function insertAssociation(db: Q, a: AssociationFields, now: number): Promise<number> {
  const row = await db.insertInto('associations').values({ ...a, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateAssociation(db: Q, id: number, a: AssociationFields, now: number): Promise<void> {
  await db.updateTable('associations').set({ ...a, updated_at: now }).where('id', '=', id).execute();
}

/** The (association, business) pairs among the given ones that are already memberships. */
export async function existingMemberships(db: Q, pairs: readonly { associationId: number; businessId: number }[]): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const rows = await db.selectFrom('association_members').select(['association_id', 'business_id'])
    .where('business_id', 'in', [...new Set(pairs.map((p) => p.businessId))])
    .where('association_id', 'in', [...new Set(pairs.map((p) => p.associationId))])
    .execute();
  return new Set(rows.map((r) => `${r.association_id}:${r.business_id}`));
}

export async function insertMembership(db: Q, associationId: number, businessId: number, now: number): Promise<void> {
  await db.insertInto('association_members').values({ association_id: associationId, business_id: businessId, created_at: now }).execute();
}

/** Every association with its number of members the scope may read, by code. */
export function listAssociations(db: Q, scope: DataScope) {
  return db.selectFrom('associations as s')
    .select(['s.id', 's.code', 's.name', 's.rule_signed_on'])
    .select((eb) => eb.selectFrom('association_members as m').whereRef('m.association_id', '=', 's.id')
      .where(businessInScope(db, sql.ref('m.business_id'), scope))
      .select((c) => c.fn.countAll<number>().as('n')).as('members'))
    .orderBy('s.code')
    .execute();
}

export function findAssociationByCode(db: Q, code: string): Promise<Association | undefined> {
  return db.selectFrom('associations').selectAll().where('code', '=', code).executeTakeFirst();
}

function membersIn(db: Q, scope: DataScope, associationId: number) {
  return db.selectFrom('association_members as m')
    .innerJoin('businesses as b', 'b.id', 'm.business_id')
    .where('m.association_id', '=', associationId)
    .where(businessInScope(db, sql.ref('m.business_id'), scope));
}

/** One page of an association's members the scope may read, by tax code. */
export function listMembersPage(db: Q, scope: DataScope, associationId: number, page: { offset: number; limit: number }) {
  return membersIn(db, scope, associationId).select(['b.tax_code', 'b.name'])
    .orderBy('b.tax_code').limit(page.limit).offset(page.offset).execute();
}

export async function countMembers(db: Q, scope: DataScope, associationId: number): Promise<number> {
  const row = await membersIn(db, scope, associationId).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The associations the given businesses belong to (a business account's own memberships). */
export function membershipsOfBusinesses(db: Q, businessIds: readonly number[]) {
  if (businessIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('association_members as m')
    .innerJoin('associations as s', 's.id', 'm.association_id')
    .innerJoin('businesses as b', 'b.id', 'm.business_id')
    .select(['s.code', 's.name', 's.rule_signed_on', 'b.tax_code', 'b.name as business_name'])
    .where('m.business_id', 'in', businessIds)
    .orderBy('b.tax_code').orderBy('s.code')
    .execute();
}
