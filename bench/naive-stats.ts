import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../src/db/database.js';
import type { StatsQuery } from '../src/stats/stats.schema.js';
import type { StatsOrganisation } from './stats-queries.js';

/**
 * The figures bench's baseline: the same question answered by a GROUP BY over the facts
 * (declarations ⋈ declaration_handlers ⋈ evaluations) with the same attribution — a declaration
 * counts for a unit when its office or a handler's credited team lies in the unit's subtree, for an
 * officer who handled it — the same filters and grouping, and no roll-ups. Levels are the overall
 * level (the roll-ups also honour target levels); eligible and evaluated are exact, so totals are
 * compared with the API's.
 */
export interface NaiveGroup {
  key: string | number | null;
  eligible: number;
  evaluated: number;
}

interface NaiveRow {
  group_key: string | number | null;
  eligible: number;
  evaluated: number;
}

const ids = (values: readonly number[]) => sql.join(values.map((v) => sql.lit(v)));

function subtreeIds(org: StatsOrganisation, unitId: number): number[] {
  const root = org.units.find((u) => u.id === unitId)!;
  return org.units.filter((u) => u.path.startsWith(root.path)).map((u) => u.id);
}

function factsFilter(q: StatsQuery): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  if (q.kind !== undefined) parts.push(sql`and d.kind = ${q.kind}`);
  if (q.typeCode !== undefined) parts.push(sql`and d.type_code = ${q.typeCode}`);
  if (q.channel !== undefined) parts.push(sql`and d.channel = ${Number(q.channel)}`);
  return sql.join(parts, sql` `);
}

const groupExpressions: Record<string, RawBuilder<unknown>> = {
  none: sql`s.subject_id`, unit: sql`s.subject_id`, officer: sql`s.subject_id`, month: sql`substr(s.cleared_day, 1, 7)`,
  week: sql`s.cleared_day`, channel: sql`s.channel`, typeCode: sql`s.type_code`, level: sql`e.overall`,
};

// The grouping dimensions travel with the pairs: joining the facts again makes SQLite loop over one inside the other.
const dims = sql`f.cleared_day, f.channel, f.type_code`;

/** Pairs (declaration, subject) the figures count, with the grouping dimensions, as a CTE body; null when none can match. */
function subjects(org: StatsOrganisation, q: StatsQuery): RawBuilder<unknown> | null {
  const selected = q.unit !== undefined ? org.units.filter((u) => u.code === q.unit) : org.units.filter((u) => u.parentId === null);
  const officer = q.officer !== undefined ? org.officers.find((o) => o.code === q.officer) : undefined;
  const within = q.unit !== undefined ? sql`and h.unit_id in (${ids(selected.flatMap((u) => subtreeIds(org, u.id)))})` : sql``;
  if (officer) {
    const key = q.groupBy === 'unit' ? sql`h.unit_id` : sql`h.officer_id`;
    return sql`select distinct h.declaration_id, ${key} as subject_id, ${dims} from declaration_handlers h join facts f on f.id = h.declaration_id
      where h.officer_id = ${sql.lit(officer.id)} ${within}`;
  }
  if (q.groupBy === 'officer') {
    return sql`select distinct h.declaration_id, h.officer_id as subject_id, ${dims} from declaration_handlers h join facts f on f.id = h.declaration_id
      where 1 = 1 ${within}`;
  }
  const roots = q.groupBy === 'unit' ? org.units.filter((u) => selected.some((s) => u.parentId === s.id)) : selected;
  if (roots.length === 0) return null;
  const pairs = roots.flatMap((root) => subtreeIds(org, root.id).map((unitId) => sql`(${sql.lit(unitId)}, ${sql.lit(root.id)})`));
  return sql`select distinct c.declaration_id, m.subject_id, c.cleared_day, c.channel, c.type_code from (
      select f.id as declaration_id, f.office_id as unit_id, ${dims} from facts f
      union select h.declaration_id, h.unit_id, ${dims} from declaration_handlers h join facts f on f.id = h.declaration_id
    ) c join (select column1 as unit_id, column2 as subject_id from (values ${sql.join(pairs)}) as v) m on m.unit_id = c.unit_id`;
}

/** The naive query of a stats query, or null when no subject can match. */
export function naiveStatsQuery(org: StatsOrganisation, q: StatsQuery): RawBuilder<NaiveRow> | null {
  const from = q.from ?? '1900-01-01';
  const to = q.to ?? '2199-12-31';
  const subject = subjects(org, q);
  if (!subject) return null;
  const ratingChannel = q.ratingChannel !== undefined ? sql`and e.rating_channel = ${q.ratingChannel}` : sql``;
  const group = groupExpressions[q.groupBy ?? 'none']!;
  return sql<NaiveRow>`
    with facts as (
      select d.id, d.cleared_day, d.kind, d.type_code, d.channel, d.office_id
      from declarations d join units o on o.id = d.office_id
      where d.cleared_day >= ${from} and d.cleared_day <= ${to}
        and ((o.pilot_from <= d.cleared_day and d.cleared_day <= o.pilot_to) or o.live_from <= d.cleared_day)
        ${factsFilter(q)}
    ), s as (${subject})
    select ${group} as group_key, count(*) as eligible, count(e.declaration_id) as evaluated,
      ${sql.join([1, 2, 3, 4, 5].map((l) => sql`sum(case when e.overall = ${sql.lit(l)} then 1 else 0 end) as ${sql.raw(`l${l}`)}`))}
    from s
    left join evaluations e on e.declaration_id = s.declaration_id ${ratingChannel}
    group by ${group}`;
}

export async function naiveStats(db: Db, org: StatsOrganisation, q: StatsQuery): Promise<NaiveGroup[]> {
  const query = naiveStatsQuery(org, q);
  if (!query) return [];
  const { rows } = await query.execute(db.kysely);
  return rows.map((r) => ({ key: r.group_key, eligible: Number(r.eligible), evaluated: Number(r.evaluated) }));
}
