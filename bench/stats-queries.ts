import type { Db } from '../src/db/database.js';
import { Random } from '../src/demo/random.js';
import { addDays } from '../src/shared/time.js';
import type { StatsQuery } from '../src/stats/stats.schema.js';

/** The organisation as the figures bench needs it: units with their subtrees, officers with the units they served. */
export interface StatsOrganisation {
  units: { id: number; code: string; parentId: number | null; path: string; kind: string }[];
  officers: { id: number; code: string; unitIds: number[] }[];
}

export async function loadStatsOrganisation(db: Db): Promise<StatsOrganisation> {
  const units = await db.kysely.selectFrom('units').select(['id', 'code', 'parent_id', 'path', 'kind']).orderBy('path').execute();
  const officers = await db.kysely.selectFrom('officers').select(['id', 'code']).orderBy('code').execute();
  const assignments = await db.kysely.selectFrom('officer_assignments').select(['officer_id', 'unit_id']).execute();
  return {
    units: units.map((u) => ({ id: Number(u.id), code: u.code, parentId: u.parent_id === null ? null : Number(u.parent_id), path: u.path, kind: u.kind })),
    officers: officers.map((o) => ({
      id: Number(o.id), code: o.code, unitIds: assignments.filter((a) => Number(a.officer_id) === Number(o.id)).map((a) => Number(a.unit_id)),
    })),
  };
}

const groupings = [[undefined, 3], ['unit', 1], ['officer', 1], ['month', 1], ['week', 1], ['channel', 1], ['typeCode', 1], ['level', 1]] as const;
const year = '2020';
const daysInYear = 366;

/** A period of the demo's year: a few days, a month, a quarter, the year, or any range. */
function randomPeriod(random: Random): { from: string; to: string } {
  const first = `${year}-01-01`;
  const kind = random.weighted([['days', 30], ['month', 25], ['quarter', 10], ['year', 10], ['range', 25]] as const);
  if (kind === 'year') return { from: first, to: `${year}-12-31` };
  if (kind === 'month' || kind === 'quarter') {
    const months = kind === 'month' ? 1 : 3;
    const start = kind === 'month' ? random.int(1, 12) : random.int(0, 3) * 3 + 1;
    const from = `${year}-${String(start).padStart(2, '0')}-01`;
    const end = start + months - 1;
    const to = addDays(end === 12 ? `${Number(year) + 1}-01-01` : `${year}-${String(end + 1).padStart(2, '0')}-01`, -1);
    return { from, to };
  }
  const length = kind === 'days' ? random.int(1, 14) : random.int(15, daysInYear);
  const start = random.int(0, daysInYear - length);
  return { from: addDays(first, start), to: addDays(first, start + length - 1) };
}

/** The unit and its ancestors (by materialised path). */
function lineage(org: StatsOrganisation, unitId: number) {
  const unit = org.units.find((u) => u.id === unitId);
  return unit ? org.units.filter((u) => unit.path.startsWith(u.path)) : [];
}

/**
 * `count` random queries as a dashboard user would ask them: any unit at any level (or the whole
 * organisation), sometimes an officer (alone or within one of the units the officer served), any
 * period of the demo's year, any grouping or none, sometimes a kind, channel, type or rating-channel filter.
 */
export function randomStatsQueries(org: StatsOrganisation, count: number, seed = 4): StatsQuery[] {
  const random = new Random(seed);
  const byKind = (kind: string) => org.units.filter((u) => u.kind === kind);
  const queries: StatsQuery[] = [];
  for (let i = 0; i < count; i++) {
    const query: StatsQuery = randomPeriod(random);
    if (random.next() < 0.25) {
      const officer = random.pick(org.officers);
      query.officer = officer.code;
      if (random.next() < 0.5 && officer.unitIds.length > 0) query.unit = random.pick(lineage(org, random.pick(officer.unitIds))).code;
    } else if (random.next() < 0.85) {
      const level = random.weighted([['department', 15], ['office', 45], ['team', 40]] as const);
      query.unit = random.pick(byKind(level)).code;
    }
    const groupBy = random.weighted(groupings);
    if (groupBy) query.groupBy = groupBy;
    if (random.next() < 0.15) {
      query.kind = random.weighted([['import', 52], ['export', 43], ['dossier', 5]] as const);
      if (query.kind !== 'dossier' && random.next() < 0.3) query.typeCode = query.kind === 'import' ? 'A11' : 'B11';
    }
    if (random.next() < 0.1) query.channel = random.pick(['1', '2', '3']);
    if (random.next() < 0.1) query.ratingChannel = random.pick(['software', 'link', 'portal']);
    queries.push(query);
  }
  return queries;
}

export function statsPath(query: StatsQuery): string {
  const params = Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return `/api/v1/stats?${new URLSearchParams(params).toString()}`;
}
