import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { pathInSubtree, type DataScope } from '../auth/scope.js';
import type { Database } from '../db/schema.js';
import { businessInScope } from './main-office.repository.js';

type Q = Kysely<Database>;

export type Grain = 'month' | 'year';

export interface SignedPeriod {
  /** Days of signature on or after / on or before, 'YYYY-MM-DD'. */
  from?: string;
  to?: string;
  /**
   * Only the businesses whose most frequent office lies in this unit's subtree, within the scope
   * (the dashboard's unit); unset, the whole scope, businesses without declarations included.
   */
  unitPath?: string;
}

/** The scope, narrowed to the businesses mainly at the selected unit's offices when one is given. */
function businessSelected(db: Q, column: Expression<unknown>, scope: DataScope, unitPath: string | undefined): Expression<SqlBool> {
  const inScope = businessInScope(db, column, scope);
  return unitPath === undefined ? inScope : sql<SqlBool>`(${inScope} and ${businessInScope(db, column, { kind: 'units', path: unitPath })})`;
}

function signedAgreements(db: Q, scope: DataScope, period: SignedPeriod) {
  return db.selectFrom('agreements as a')
    .where(businessSelected(db, sql.ref('a.business_id'), scope, period.unitPath))
    .$if(period.from !== undefined, (q) => q.where('a.signed_on', '>=', period.from!))
    .$if(period.to !== undefined, (q) => q.where('a.signed_on', '<=', period.to!));
}

/** Agreements signed per month ('YYYY-MM') or year ('YYYY'), oldest first; still active ones counted apart. */
export async function signedPerPeriod(db: Q, scope: DataScope, grain: Grain, period: SignedPeriod) {
  const key = sql<string>`substr(a.signed_on, 1, ${sql.lit(grain === 'month' ? 7 : 4)})`;
  const rows = await signedAgreements(db, scope, period)
    .select(key.as('period'))
    .select((eb) => [eb.fn.countAll<number>().as('signed'), eb.fn.sum<number>(sql`case when a.status = 'active' then 1 else 0 end`).as('active')])
    .groupBy(key).orderBy(key).execute();
  return rows.map((r) => ({ period: r.period, signed: Number(r.signed), active: Number(r.active) }));
}

/** Agreements signed in the period, and of them those active; businesses holding an active agreement now. */
export async function agreementTotals(db: Q, scope: DataScope, period: SignedPeriod) {
  const row = await signedAgreements(db, scope, period)
    .select((eb) => [
      eb.fn.countAll<number>().as('signed'),
      eb.fn.sum<number>(sql`case when a.status = 'active' then 1 else 0 end`).as('active'),
      sql<number>`count(distinct case when a.status = 'active' then a.business_id end)`.as('businesses'),
    ]).executeTakeFirstOrThrow();
  return { signed: Number(row.signed), active: Number(row.active ?? 0), activeBusinesses: Number(row.businesses ?? 0) };
}

/**
 * Agreements by the office where each business lodged most declarations (business_main_offices,
 * kept by the feed), with the office's path so that callers can add offices up by subtree. A
 * leader sees the offices of the subtree; businesses without any declaration come under office
 * null (for the whole organisation only).
 */
export async function agreementsByOffice(db: Q, scope: DataScope, period: SignedPeriod) {
  const rows = await db.selectFrom('agreements as a')
    .leftJoin('business_main_offices as m', 'm.business_id', 'a.business_id')
    .leftJoin('units as u', 'u.id', 'm.office_id')
    .select(['u.code', 'u.name_vi', 'u.name_en', 'u.path'])
    .select((eb) => [eb.fn.countAll<number>().as('signed'), eb.fn.sum<number>(sql`case when a.status = 'active' then 1 else 0 end`).as('active')])
    .$if(scope.kind === 'units', (q) => q.where(pathInSubtree(sql.ref('u.path'), (scope as { path: string }).path)))
    .$if(scope.kind !== 'all' && scope.kind !== 'units', (q) => q.where(businessInScope(db, sql.ref('a.business_id'), scope)))
    .$if(period.unitPath !== undefined, (q) => q.where(pathInSubtree(sql.ref('u.path'), period.unitPath!)))
    .$if(period.from !== undefined, (q) => q.where('a.signed_on', '>=', period.from!))
    .$if(period.to !== undefined, (q) => q.where('a.signed_on', '<=', period.to!))
    .groupBy(['u.code', 'u.name_vi', 'u.name_en', 'u.path'])
    .orderBy(sql`case when u.code is null then 1 else 0 end`).orderBy('u.code')
    .execute();
  return rows.map((r) => ({
    office: r.code === null ? null : { code: r.code, name_vi: r.name_vi!, name_en: r.name_en!, path: r.path! },
    signed: Number(r.signed), active: Number(r.active),
  }));
}

/**
 * Businesses that are members of any association, by their most frequent office (path; null
 * without declarations): one business counts once, at one office, so offices add up.
 */
export async function memberBusinessesByOffice(db: Q, scope: DataScope, unitPath: string | undefined) {
  const rows = await db.selectFrom('association_members as am')
    .leftJoin('business_main_offices as m', 'm.business_id', 'am.business_id')
    .leftJoin('units as u', 'u.id', 'm.office_id')
    .select('u.path')
    .select(sql<number>`count(distinct am.business_id)`.as('businesses'))
    .where(businessSelected(db, sql.ref('am.business_id'), scope, unitPath))
    .groupBy('u.path')
    .execute();
  return rows.map((r) => ({ officePath: r.path, businesses: Number(r.businesses) }));
}

/** Associations, their members within the scope (narrowed to the unit when given), and coordination rules per year. */
export async function associationTotals(db: Q, scope: DataScope, period: SignedPeriod = {}) {
  const associations = await db.selectFrom('associations').select((eb) => [
    eb.fn.countAll<number>().as('n'), eb.fn.count<number>('rule_signed_on').as('rules'),
  ]).executeTakeFirstOrThrow();
  const members = await db.selectFrom('association_members as m')
    .select((eb) => [eb.fn.countAll<number>().as('memberships'), sql<number>`count(distinct m.business_id)`.as('businesses')])
    .where(businessSelected(db, sql.ref('m.business_id'), scope, period.unitPath))
    .executeTakeFirstOrThrow();
  const year = sql<string>`substr(rule_signed_on, 1, 4)`;
  const rules = await db.selectFrom('associations').select(year.as('year')).select((eb) => eb.fn.countAll<number>().as('n'))
    .where('rule_signed_on', 'is not', null).groupBy(year).orderBy(year).execute();
  return {
    associations: Number(associations.n), rules: Number(associations.rules),
    memberships: Number(members.memberships), memberBusinesses: Number(members.businesses),
    rulesPerYear: rules.map((r) => ({ year: r.year, rules: Number(r.n) })),
  };
}

/** Coordination rules signed in the period (the department's, whatever the scope). */
export async function rulesSignedIn(db: Q, period: SignedPeriod): Promise<number> {
  const row = await db.selectFrom('associations').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('rule_signed_on', 'is not', null)
    .$if(period.from !== undefined, (q) => q.where('rule_signed_on', '>=', period.from!))
    .$if(period.to !== undefined, (q) => q.where('rule_signed_on', '<=', period.to!))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
