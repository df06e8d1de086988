import { sql, type Kysely } from 'kysely';
import { pathInSubtree, type DataScope } from '../auth/scope.js';
import type { Database } from '../db/schema.js';
import { businessInScope } from './main-office.repository.js';

type Q = Kysely<Database>;

export type Grain = 'month' | 'year';

export interface SignedPeriod {
  /** Days of signature on or after / on or before, 'YYYY-MM-DD'. */
  from?: string;
  to?: string;
}

function signedAgreements(db: Q, scope: DataScope, period: SignedPeriod) {
  return db.selectFrom('agreements as a')
    .where(businessInScope(db, sql.ref('a.business_id'), scope))
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
 * kept by the feed). A leader sees the offices of the subtree;
 * businesses without any declaration come under office null (for the whole organisation only).
 */
export async function agreementsByOffice(db: Q, scope: DataScope, period: SignedPeriod) {
  const rows = await db.selectFrom('agreements as a')
    .leftJoin('business_main_offices as m', 'm.business_id', 'a.business_id')
    .leftJoin('units as u', 'u.id', 'm.office_id')
    .select(['u.code', 'u.name_vi', 'u.name_en'])
    .select((eb) => [eb.fn.countAll<number>().as('signed'), eb.fn.sum<number>(sql`case when a.status = 'active' then 1 else 0 end`).as('active')])
    .$if(scope.kind === 'units', (q) => q.where(pathInSubtree(sql.ref('u.path'), (scope as { path: string }).path)))
    .$if(scope.kind !== 'all' && scope.kind !== 'units', (q) => q.where(businessInScope(db, sql.ref('a.business_id'), scope)))
    .$if(period.from !== undefined, (q) => q.where('a.signed_on', '>=', period.from!))
    .$if(period.to !== undefined, (q) => q.where('a.signed_on', '<=', period.to!))
    .groupBy(['u.code', 'u.name_vi', 'u.name_en'])
    .orderBy(sql`case when u.code is null then 1 else 0 end`).orderBy('u.code')
    .execute();
  return rows.map((r) => ({
    office: r.code === null ? null : { code: r.code, name_vi: r.name_vi!, name_en: r.name_en! },
    signed: Number(r.signed), active: Number(r.active),
  }));
}

/** Associations, their members within the scope, and coordination rules signed per year. */
export async function associationTotals(db: Q, scope: DataScope) {
  const associations = await db.selectFrom('associations').select((eb) => [
    eb.fn.countAll<number>().as('n'), eb.fn.count<number>('rule_signed_on').as('rules'),
  ]).executeTakeFirstOrThrow();
  const members = await db.selectFrom('association_members as m')
    .select((eb) => [eb.fn.countAll<number>().as('memberships'), sql<number>`count(distinct m.business_id)`.as('businesses')])
    .where(businessInScope(db, sql.ref('m.business_id'), scope))
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
