import type { Kysely } from 'kysely';
import type { DataScope } from '../auth/scope.js';
import type { Database } from '../db/schema.js';
import { checkedPeriod } from './agreements.service.js';
import type { FiguresQuery } from './partnership.schema.js';
import {
  agreementTotals, agreementsByOffice, associationTotals, memberBusinessesByOffice, rulesSignedIn, signedPerPeriod, type Grain,
} from './partnership-figures.repository.js';

/** A row of a breakdown by unit: the figures of the businesses mainly at the offices of its subtree. */
export interface UnitGroup {
  key: string;
  label: string;
  /** The unit's materialised path ('/1/4/'). */
  path: string;
}

export interface PartnershipUnitFigures {
  key: string;
  label: string;
  signed: number;
  active: number;
  memberBusinesses: number;
}

/**
 * Beyond the reader's scope: `unitPath` narrows every figure but the associations' own to the
 * businesses mainly at that unit's offices (the dashboard's unit); `groups` adds a row per unit.
 */
export interface FiguresSelection {
  unitPath?: string | undefined;
  groups?: readonly UnitGroup[];
}

export interface PartnershipFigures {
  grain: Grain;
  period: { from?: string; to?: string };
  totals: Awaited<ReturnType<typeof agreementTotals>>;
  perPeriod: Awaited<ReturnType<typeof signedPerPeriod>>;
  byOffice: Awaited<ReturnType<typeof agreementsByOffice>>;
  associations: Awaited<ReturnType<typeof associationTotals>>;
  /** Coordination rules signed in the period. */
  rulesSignedInPeriod: number;
  /** One row per group asked for, in the same order. */
  byUnit: PartnershipUnitFigures[];
}

type ByOffice = PartnershipFigures['byOffice'];
type MembersByOffice = Awaited<ReturnType<typeof memberBusinessesByOffice>>;

const total = <T>(rows: readonly T[], count: (row: T) => number) => rows.reduce((sum, row) => sum + count(row), 0);

/** Offices add up into the units above them: a business has one most frequent office. */
function unitFigures(groups: readonly UnitGroup[], byOffice: ByOffice, members: MembersByOffice): PartnershipUnitFigures[] {
  return groups.map((g) => {
    const within = (path: string | null | undefined) => path !== null && path !== undefined && path.startsWith(g.path);
    const offices = byOffice.filter((o) => within(o.office?.path));
    return {
      key: g.key, label: g.label, signed: total(offices, (o) => o.signed), active: total(offices, (o) => o.active),
      memberBusinesses: total(members.filter((m) => within(m.officePath)), (m) => m.businesses),
    };
  });
}

/**
 * The programme's figures within the reader's scope: agreements signed (in the period, per month
 * or year), active, by the office where each business lodged most declarations; associations,
 * their members and coordination rules (per year, and signed in the period).
 */
export async function partnershipFigures(
  db: Kysely<Database>, scope: DataScope, query: FiguresQuery, selection: FiguresSelection = {},
): Promise<PartnershipFigures> {
  const grain: Grain = query.group === 'month' ? 'month' : 'year';
  const period = checkedPeriod(query.from, query.to);
  const selected = { ...period, unitPath: selection.unitPath };
  const groups = selection.groups ?? [];
  const byOffice = await agreementsByOffice(db, scope, selected);
  const members = groups.length === 0 ? [] : await memberBusinessesByOffice(db, scope, selection.unitPath);
  return {
    grain, period,
    totals: await agreementTotals(db, scope, selected),
    perPeriod: await signedPerPeriod(db, scope, grain, selected),
    byOffice,
    associations: await associationTotals(db, scope, selected),
    rulesSignedInPeriod: await rulesSignedIn(db, period),
    byUnit: unitFigures(groups, byOffice, members),
  };
}
