import type { Kysely } from 'kysely';
import type { DataScope } from '../auth/scope.js';
import type { Database } from '../db/schema.js';
import type { Lang } from '../errors.js';
import { partnershipFigures, type PartnershipUnitFigures, type UnitGroup } from '../partnership/partnership-figures.service.js';
import { problemFiguresInScope, type ProblemFigures } from '../problems/problem-figures.service.js';
import { localName } from '../web/format.js';
import type { DashboardPosition } from './dashboard-view.js';

/**
 * The partnership programme on the dashboard: agreements signed, association members and problems
 * received in the dashboard's period, for its unit and each child unit it drills down to. An
 * agreement or a member counts at the office where the business lodged most declarations, a
 * problem at the unit it was routed to; what lies at no child (a business without declarations, a
 * problem routed to the department itself) counts only in the unit's own row. Associations and
 * their coordination rules are the department's, whatever the unit. Aggregates only: no business.
 */
export type ProblemGroupFigures = ProblemFigures['byGroup'][number];

export interface ProgrammeView {
  /** The unit's row first (label empty above several roots), then each child unit's. */
  partnership: PartnershipUnitFigures[];
  associations: { associations: number; rules: number; rulesSignedInPeriod: number };
  problems: ProblemGroupFigures[];
}

/**
 * Who reads the programme's figures: those whose scope is the whole organisation (administrators,
 * inspectors) or a subtree (leaders) — the readers of /partnership and /problems/figures. An
 * officer's or anyone else's dashboard has no such section.
 */
function readsProgrammeFigures(scope: DataScope): boolean {
  return scope.kind === 'all' || scope.kind === 'units';
}

/** The child units the dashboard drills down to (none when it shows one officer), as groups. */
function childGroups(at: DashboardPosition, lang: Lang): UnitGroup[] {
  if (at.officer) return [];
  const selected = at.unit ? [at.unit] : at.units.filter((u) => u.parent_id === null);
  return at.units.filter((u) => selected.some((s) => u.parent_id === s.id)).map((u) => ({ key: u.code, label: localName(lang, u), path: u.path }));
}

/**
 * The unit's subtree, or nothing more than the scope when the dashboard shows the whole
 * organisation (so that businesses without declarations count there, as on /partnership).
 */
function unitPathOf(at: DashboardPosition, scope: DataScope): string | undefined {
  const roots = at.units.filter((u) => u.parent_id === null);
  const whole = scope.kind === 'all' && (at.unit === null || (roots.length === 1 && roots[0]!.id === at.unit.id));
  return whole ? undefined : at.unit?.path;
}

/** The section's figures, or null for a reader who may not see them. A few aggregate queries, none per row. */
export async function programmeFigures(db: Kysely<Database>, scope: DataScope, at: DashboardPosition, lang: Lang, now: number): Promise<ProgrammeView | null> {
  if (!readsProgrammeFigures(scope)) return null;
  const groups = childGroups(at, lang);
  const selection = { unitPath: unitPathOf(at, scope), groups };
  const period = { from: at.query.from, to: at.query.to };
  const partnership = await partnershipFigures(db, scope, period, selection);
  const problems = await problemFiguresInScope(db, scope, period, now, selection);
  const key = at.unit?.code ?? '';
  const label = at.unit ? localName(lang, at.unit) : '';
  const { associations, rules, memberBusinesses } = partnership.associations;
  return {
    partnership: [{ key, label, signed: partnership.totals.signed, active: partnership.totals.active, memberBusinesses }, ...partnership.byUnit],
    associations: { associations, rules, rulesSignedInPeriod: partnership.rulesSignedInPeriod },
    problems: [{ key, label, ...problems.total }, ...problems.byGroup],
  };
}
