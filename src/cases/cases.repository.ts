import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Updateable } from 'kysely';
import { everyRow, noRow, unitIdInSubtree, type DataScope } from '../auth/scope.js';
import type { Case, CaseEventTable, CaseTable, Database } from '../db/schema.js';
import { inList } from '../db/in-list.js';

type Q = Kysely<Database>;

/**
 * Who may read a case: inspectors and admins all; a leader the cases whose origin unit lies in the
 * subtree (the assigned unit is always that unit or one of its ancestors); a business its own.
 */
function caseScope(eb: ExpressionBuilder<Database, 'cases'>, scope: DataScope): Expression<SqlBool> {
  switch (scope.kind) {
    case 'all':
      return everyRow;
    case 'units':
      return unitIdInSubtree(eb.ref('cases.origin_unit_id'), scope.path);
    case 'businesses':
      return eb('cases.business_id', 'in', scope.businessIds);
    default:
      return noRow;
  }
}

export async function insertCase(db: Q, row: Omit<CaseTable, 'id' | 'concluded_now'>): Promise<number> {
  const inserted = await db.insertInto('cases').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export function findCaseByDeclaration(db: Q, declarationId: number): Promise<Case | undefined> {
  return db.selectFrom('cases').selectAll().where('declaration_id', '=', declarationId).executeTakeFirst();
}

/**
 * Copies the declaration's kind, type and channel and its current rating's channel onto its case
 * (what the figures filter by); `where` selects the cases. One text for the three writers: Kysely
 * here, and the feed's bulk writers on the bare drivers.
 */
export function caseDimensionsUpdate(where: string): string {
  return `update cases set (kind, type_code, channel, rating_channel) = (
      select d.kind, d.type_code, d.channel, e.rating_channel from declarations d
      left join evaluations e on e.declaration_id = d.id where d.id = cases.declaration_id) where ${where}`;
}

export async function refreshCaseDimensions(db: Q, declarationIds: readonly number[]): Promise<void> {
  if (declarationIds.length === 0) return;
  const [head, tail] = caseDimensionsUpdate('declaration_id in (\u0000)').split('\u0000');
  await sql`${sql.raw(head!)}${sql.join(inList(declarationIds))}${sql.raw(tail!)}`.execute(db);
}

/** The cases of these declarations, given by id or by number (at most one each). */
export async function findCasesByDeclarations(
  db: Q, of: { ids: readonly number[] } | { numbers: readonly string[] },
): Promise<Pick<Case, 'id' | 'declaration_id'>[]> {
  if (('ids' in of ? of.ids : of.numbers).length === 0) return [];
  const declarations = 'ids' in of ? inList(of.ids) : db.selectFrom('declarations').select('id').where('declaration_no', 'in', inList(of.numbers));
  return db.selectFrom('cases').select(['id', 'declaration_id']).where('declaration_id', 'in', declarations).execute();
}

export function findCase(db: Q, scope: DataScope, id: number): Promise<Case | undefined> {
  return db.selectFrom('cases').selectAll().where('id', '=', id).where((eb) => caseScope(eb, scope)).executeTakeFirst();
}

/** Changes a case only if it is still in the status the caller read (a concurrent change loses). */
export async function updateCase(db: Q, id: number, expected: Case['status'], changes: Updateable<CaseTable>): Promise<boolean> {
  const result = await db.updateTable('cases').set(changes).where('id', '=', id).where('status', '=', expected).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertCaseEvent(db: Q, event: Omit<CaseEventTable, 'id'>): Promise<void> {
  await db.insertInto('case_events').values(event).execute();
}

export function listCaseEvents(db: Q, caseId: number) {
  return db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

export interface CaseFilter {
  /** Only cases assigned to this unit (a leader's "my cases"). */
  assignedUnitId?: number;
  /** Only cases whose origin lies under this unit path. */
  unitPath?: string;
  status?: 'open' | 'closed';
  /** Only cases past a deadline they have not met, as of this day. */
  overdueOn?: string;
  before?: number;
}

const openStatuses = ['opened', 'acknowledged', 'verifying', 'concluded', 'disputed'] as const;

export function listCases(db: Q, scope: DataScope, filter: CaseFilter, limit: number) {
  let query = db.selectFrom('cases')
    .innerJoin('declarations as d', 'd.id', 'cases.declaration_id')
    .innerJoin('units as o', 'o.id', 'cases.origin_unit_id')
    .innerJoin('units as a', 'a.id', 'cases.assigned_unit_id')
    .select(['cases.id', 'cases.status', 'cases.lowest_level', 'cases.opened_at', 'cases.acknowledge_due', 'cases.conclude_due',
      'cases.acknowledged_at', 'cases.concluded_at', 'd.declaration_no', 'o.code as origin_code', 'o.name_vi as origin_name_vi',
      'o.name_en as origin_name_en', 'a.code as assigned_code', 'a.name_vi as assigned_name_vi', 'a.name_en as assigned_name_en'])
    .where((eb) => caseScope(eb, scope));
  if (filter.assignedUnitId !== undefined) query = query.where('cases.assigned_unit_id', '=', filter.assignedUnitId);
  if (filter.unitPath !== undefined) query = query.where((eb) => unitIdInSubtree(eb.ref('cases.origin_unit_id'), filter.unitPath!));
  if (filter.status === 'open') query = query.where('cases.status', 'in', openStatuses);
  if (filter.status === 'closed') query = query.where('cases.status', 'in', ['responded', 'closed']);
  const day = filter.overdueOn;
  if (day !== undefined) {
    query = query.where((eb) => eb.or([
      eb.and([eb('cases.status', '=', 'opened'), eb('cases.acknowledge_due', '<', day)]),
      eb.and([eb('cases.status', 'in', ['opened', 'acknowledged', 'verifying', 'disputed']), eb('cases.conclude_due', '<', day)]),
    ]));
  }
  if (filter.before !== undefined) query = query.where('cases.id', '<', filter.before);
  return query.orderBy('cases.id', 'desc').limit(limit).execute();
}
export type CaseListRow = Awaited<ReturnType<typeof listCases>>[number];

/** Open cases with a deadline passed as of `today` and not yet escalated for it. */
export function casesDueForEscalation(db: Q, today: string, limit: number) {
  return db.selectFrom('cases').selectAll()
    .where((eb) => eb.or([
      eb.and([eb('status', '=', 'opened'), eb('acknowledge_due', '<', today),
        eb.not(eb.exists(eb.selectFrom('case_escalations as e').select('e.case_id')
          .whereRef('e.case_id', '=', 'cases.id').where('e.deadline', '=', 'acknowledge').whereRef('e.due_day', '=', 'cases.acknowledge_due')))]),
      eb.and([eb('status', 'in', ['opened', 'acknowledged', 'verifying']), eb('conclude_due', '<', today),
        eb.not(eb.exists(eb.selectFrom('case_escalations as e').select('e.case_id')
          .whereRef('e.case_id', '=', 'cases.id').where('e.deadline', '=', 'conclude').whereRef('e.due_day', '=', 'cases.conclude_due')))]),
    ]))
    .orderBy('id').limit(limit).execute();
}

/** Records an escalation; false when another process already did (the primary key makes it once). */
export async function recordEscalation(
  db: Q, row: { case_id: number; deadline: 'acknowledge' | 'conclude'; due_day: string; from_unit_id: number; to_unit_id: number; at: number },
): Promise<boolean> {
  const inserted = await db.insertInto('case_escalations').values(row)
    .onConflict((oc) => oc.columns(['case_id', 'deadline', 'due_day']).doNothing()).returning('case_id').executeTakeFirst();
  return inserted !== undefined;
}

export function casesPastAnswerDay(db: Q, today: string, limit: number) {
  return db.selectFrom('cases').selectAll().where('status', '=', 'responded').where('answer_due', '<', today).orderBy('id').limit(limit).execute();
}

/** Leaders' e-mail addresses of a unit: whom a case assigned there notifies. */
export async function leaderEmails(db: Q, unitId: number): Promise<string[]> {
  const rows = await db.selectFrom('users').select('email').where('role', '=', 'leader').where('unit_id', '=', unitId)
    .where('disabled_at', 'is', null).where('email', 'is not', null).execute();
  return rows.map((r) => r.email!);
}

export function unitParent(db: Q, unitId: number) {
  return db.selectFrom('units').select(['id', 'parent_id', 'code']).where('id', '=', unitId).executeTakeFirst();
}


export function caseDeclaration(db: Q, declarationId: number) {
  return db.selectFrom('declarations as d').innerJoin('businesses as b', 'b.id', 'd.declarant_id').innerJoin('units as o', 'o.id', 'd.office_id')
    .select(['d.declaration_no', 'd.kind', 'd.registered_at', 'd.cleared_at', 'b.tax_code', 'b.name as business_name', 'o.code as office_code'])
    .where('d.id', '=', declarationId).executeTakeFirst();
}
