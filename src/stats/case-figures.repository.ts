import type { Kysely } from 'kysely';
import type { Database, RatingChannel } from '../db/schema.js';
import type { DeclarationKind } from '../declarations/declaration-rules.js';

/**
 * The cases the closed-loop figures count. A direct read of the facts (cases are few next to
 * declarations — one per neutral or negative rating), kept on the index cases_origin_opened:
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
}

export async function listCaseTimings(db: Kysely<Database>, s: CaseSelection) {
  if (s.unitIds.length === 0) return [];
  let query = db.selectFrom('cases')
    .select(['cases.origin_unit_id', 'cases.status', 'cases.opened_day', 'cases.acknowledge_due', 'cases.acknowledged_day',
      'cases.conclude_due', 'cases.concluded_day', 'cases.finding', 'cases.business_answer', 'cases.officers_json'])
    .where('cases.origin_unit_id', 'in', s.unitIds)
    .where('cases.opened_day', '>=', s.from)
    .where('cases.opened_day', '<=', s.to);
  if (s.kind !== undefined || s.typeCode !== undefined || s.channel !== undefined) {
    const { kind, typeCode, channel } = s;
    query = query.where((eb) => {
      let declaration = eb.selectFrom('declarations as d').select('d.id').whereRef('d.id', '=', 'cases.declaration_id');
      if (kind !== undefined) declaration = declaration.where('d.kind', '=', kind);
      if (typeCode !== undefined) declaration = declaration.where('d.type_code', '=', typeCode);
      if (channel !== undefined) declaration = declaration.where('d.channel', '=', channel);
      return eb.exists(declaration);
    });
  }
  if (s.ratingChannel !== undefined) {
    const ratingChannel = s.ratingChannel;
    query = query.where((eb) => eb.exists(eb.selectFrom('evaluations as e').select('e.declaration_id')
      .whereRef('e.declaration_id', '=', 'cases.declaration_id').where('e.rating_channel', '=', ratingChannel)));
  }
  // Prefilter by the quoted code in the JSON text, then match exactly (LIKE ignores case on SQLite).
  if (s.officerCode !== null) query = query.where('cases.officers_json', 'like', `%${likeEscaped(JSON.stringify(s.officerCode))}%`);
  const rows = await query.execute();
  const code = s.officerCode;
  return code === null ? rows : rows.filter((r) => r.officers_json !== null && (JSON.parse(r.officers_json) as string[]).includes(code));
}
export type CaseTimingRow = Awaited<ReturnType<typeof listCaseTimings>>[number];

/**
 * A LIKE pattern for the text without an ESCAPE clause (PostgreSQL's default escape is the
 * backslash, SQLite has none): %, _ and \ become single-character wildcards — a wider match, made
 * exact by the filter that follows.
 */
function likeEscaped(text: string): string {
  return text.replace(/[%_\\]/g, '_');
}
