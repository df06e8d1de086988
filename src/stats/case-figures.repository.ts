import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database, RatingChannel } from '../db/schema.js';
import type { DeclarationKind } from '../declarations/declaration-rules.js';

/**
 * The cases the closed-loop figures count. A direct read of the facts (cases are few next to
 * declarations — one per neutral or negative rating), kept on the covering index cases_origin_opened:
 * origin unit in a list of ids, opening day in a range.
 */
export interface CaseSelection {
  /** Origin units counted: the selected units' subtrees, as ids. */
  unitIds: readonly number[];
  /** Opening days (Vietnam time), both inclusive. */
  from: string;
  to: string;
  /** Only the cases whose conclusion names this officer (a code) among those involved. */
  officerCode: string | null;
  /** Filters through the case's declaration. */
  kind?: DeclarationKind;
  typeCode?: string;
  channel?: number;
  /** Filter through the declaration's current evaluation. */
  ratingChannel?: RatingChannel;
  /**
   * Only the cases of declarations cleared in these months (YYYY-MM): an officer account's months
   * with enough evaluations to be shown (officer-figures.ts) — a case would tell of a few ratings.
   */
  onlyClearedMonths?: readonly string[];
}

/** The selected cases (all but the officer filter, which needs the case's JSON). */
function selectedCases(db: Kysely<Database>, s: CaseSelection) {
  let query = db.selectFrom('cases')
    .where('cases.origin_unit_id', 'in', s.unitIds)
    .where('cases.opened_day', '>=', s.from)
    .where('cases.opened_day', '<=', s.to);
  // The case carries its declaration's kind, type and channel and its rating's channel (kept by their writers).
  if (s.kind !== undefined) query = query.where('cases.kind', '=', s.kind);
  if (s.typeCode !== undefined) query = query.where('cases.type_code', '=', s.typeCode);
  if (s.channel !== undefined) query = query.where('cases.channel', '=', s.channel);
  if (s.ratingChannel !== undefined) query = query.where('cases.rating_channel', '=', s.ratingChannel);
  const months = s.onlyClearedMonths;
  if (months) {
    query = query.where((eb) => eb.exists(eb.selectFrom('declarations as shown')
      .select('shown.id')
      .whereRef('shown.id', '=', 'cases.declaration_id')
      .where((d) => d.or(months.map((m) => d.and([d('shown.cleared_day', '>=', `${m}-01`), d('shown.cleared_day', '<=', `${m}-31`)]))))));
  }
  return query;
}

/** The officer's filter, prefiltered in SQL by the quoted code in the JSON text (made exact by the caller). */
function namingOfficer<Q extends ReturnType<typeof selectedCases>>(query: Q, officerCode: string | null): Q {
  // LIKE ignores case on SQLite; the pattern may match more (likeEscaped): the caller matches exactly.
  return officerCode === null ? query : query.where('cases.officers_json', 'like', `%${likeEscaped(JSON.stringify(officerCode))}%`) as Q;
}

/**
 * The months (YYYY-MM) in which the selected cases' declarations were cleared, ignoring
 * `onlyClearedMonths`; for an officer, a superset (the code prefiltered only).
 */
export async function listCaseClearedMonths(db: Kysely<Database>, s: CaseSelection): Promise<string[]> {
  if (s.unitIds.length === 0) return [];
  const rows = await namingOfficer(selectedCases(db, { ...s, onlyClearedMonths: undefined }), s.officerCode)
    .innerJoin('declarations as cleared', 'cleared.id', 'cases.declaration_id')
    .where('cleared.cleared_day', 'is not', null)
    .select(sql<string>`substr(cleared.cleared_day, 1, 7)`.as('month'))
    .distinct()
    .execute();
  return rows.map((r) => r.month).sort();
}

/** The selected cases one by one (an officer's: few, chosen through the officers their conclusions name). */
export async function listCaseTimings(db: Kysely<Database>, s: CaseSelection) {
  if (s.unitIds.length === 0) return [];
  const query = namingOfficer(selectedCases(db, s), s.officerCode)
    .select(['cases.origin_unit_id', 'cases.status', 'cases.opened_day', 'cases.acknowledge_due', 'cases.acknowledged_day',
      'cases.conclude_due', 'cases.concluded_day', 'cases.conclude_working_days', 'cases.finding', 'cases.business_answer', 'cases.officers_json']);
  const rows = await query.execute();
  const code = s.officerCode;
  return code === null ? rows : rows.filter((r) => r.officers_json !== null && (JSON.parse(r.officers_json) as string[]).includes(code));
}
export type CaseTimingRow = Awaited<ReturnType<typeof listCaseTimings>>[number];

/**
 * What the figures count, per origin unit and number of working days to conclude (see
 * case-figures.service.ts for the definitions): the concluded count of each row is the histogram
 * of the median.
 */
export interface CaseCountRow {
  origin_unit_id: number;
  /** Working days to conclude; -1 for the cases never concluded. */
  days: number;
  opened: number;
  ack_counted: number;
  ack_met: number;
  concluded: number;
  conclude_counted: number;
  conclude_met: number;
  violations: number;
  answered: number;
  accepted: number;
  disputed: number;
}

/**
 * The selected cases counted by the database as of `today`, in one pass over the covering index
 * cases_origin_opened, whatever the number of cases. Grouped by origin unit, "concluded now" (the
 * column `concluded_now`, kept by the database: migration 0012) and working days — the index's order, so the
 * database groups without sorting: a concluded group's cases all count as concluded (and for the
 * conclusion deadline), an open group's count for that deadline once it has passed.
 */
export async function countCases(db: Kysely<Database>, s: CaseSelection, today: string): Promise<CaseCountRow[]> {
  if (s.unitIds.length === 0) return [];
  const count = (condition: RawBuilder<unknown>) => sql<number>`count(*) filter (where ${condition})`;
  const rows = await selectedCases(db, s).select((eb) => [
    'cases.origin_unit_id',
    sql<number>`coalesce(cases.conclude_working_days, -1)`.as('days'),
    'cases.concluded_now as done',
    eb.fn.countAll<number>().as('opened'),
    count(sql`cases.acknowledged_day is not null or cases.acknowledge_due < ${today}`).as('ack_counted'),
    count(sql`cases.acknowledged_day <= cases.acknowledge_due`).as('ack_met'),
    count(sql`cases.conclude_due < ${today}`).as('overdue'),
    count(sql`cases.concluded_day <= cases.conclude_due`).as('in_time'),
    count(sql`cases.finding = 'violation_confirmed'`).as('violations'),
    eb.fn.count<number>('cases.business_answer').as('answered'),
    count(sql`cases.business_answer in ('accepted', 'auto_accepted')`).as('accepted'),
    count(sql`cases.business_answer = 'disputed'`).as('disputed'),
  ]).groupBy(['cases.origin_unit_id', 'cases.concluded_now', 'cases.conclude_working_days']).execute();
  return rows.map((row) => {
    const n = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as Record<keyof typeof row, number>;
    const done = n.done === 1;
    return {
      origin_unit_id: n.origin_unit_id, days: n.days, opened: n.opened, ack_counted: n.ack_counted, ack_met: n.ack_met,
      concluded: done ? n.opened : 0,
      conclude_counted: done ? n.opened : n.overdue,
      conclude_met: done ? n.in_time : 0,
      violations: done ? n.violations : 0,
      answered: n.answered, accepted: n.accepted, disputed: n.disputed,
    };
  });
}

/**
 * A LIKE pattern for the text without an ESCAPE clause (PostgreSQL's default escape is the
 * backslash, SQLite has none): %, _ and \ become single-character wildcards — a wider match, made
 * exact by the filter that follows.
 */
function likeEscaped(text: string): string {
  return text.replace(/[%_\\]/g, '_');
}
