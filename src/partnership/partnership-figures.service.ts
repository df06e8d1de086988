import type { Kysely } from 'kysely';
import type { DataScope } from '../auth/scope.js';
import type { Database } from '../db/schema.js';
import { checkedPeriod } from './agreements.service.js';
import type { FiguresQuery } from './partnership.schema.js';
import { agreementTotals, agreementsByOffice, associationTotals, signedPerPeriod, type Grain } from './partnership-figures.repository.js';

export interface PartnershipFigures {
  grain: Grain;
  period: { from?: string; to?: string };
  totals: Awaited<ReturnType<typeof agreementTotals>>;
  perPeriod: Awaited<ReturnType<typeof signedPerPeriod>>;
  byOffice: Awaited<ReturnType<typeof agreementsByOffice>>;
  associations: Awaited<ReturnType<typeof associationTotals>>;
}

/**
 * The programme's figures within the reader's scope: agreements signed (in the period, per month
 * or year), active, by the office where each business lodged most declarations; associations,
 * their members and coordination rules per year.
 */
export async function partnershipFigures(db: Kysely<Database>, scope: DataScope, query: FiguresQuery): Promise<PartnershipFigures> {
  const grain: Grain = query.group === 'month' ? 'month' : 'year';
  const period = checkedPeriod(query.from, query.to);
  return {
    grain, period,
    totals: await agreementTotals(db, scope, period),
    perPeriod: await signedPerPeriod(db, scope, grain, period),
    byOffice: await agreementsByOffice(db, scope, period),
    associations: await associationTotals(db, scope),
  };
}
