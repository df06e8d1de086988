import { sql, type Expression, type ExpressionBuilder, type Insertable, type Kysely, type SqlBool, type Updateable } from 'kysely';
import { everyRow, noRow, unitIdInSubtree, type DataScope } from '../auth/scope.js';
import type { Database, Problem, ProblemAttachmentTable, ProblemEventTable, ProblemStatus, ProblemTable } from '../db/schema.js';

type Q = Kysely<Database>;

/**
 * Who may read a problem: administrators and inspectors all; a leader those assigned to a unit of
 * the subtree; an officer those assigned to the officer's current unit or a unit above it (the
 * officer works "in" that unit); a business its own.
 */
export function problemScope(eb: ExpressionBuilder<Database, 'problems'>, scope: DataScope): Expression<SqlBool> {
  switch (scope.kind) {
    case 'all':
      return everyRow;
    case 'units':
      return unitIdInSubtree(eb.ref('problems.unit_id'), scope.path);
    case 'officer':
      return sql<SqlBool>`problems.unit_id in (select pu.id from units pu, officer_assignments a inner join units ou on ou.id = a.unit_id
        where a.officer_id = ${scope.officerId} and a.to_day is null and ou.path like (pu.path || '%'))`;
    case 'businesses':
      return scope.businessIds.length === 0 ? noRow : eb('problems.business_id', 'in', scope.businessIds);
    default:
      return noRow;
  }
}

export async function insertProblem(db: Q, row: Insertable<ProblemTable>): Promise<number> {
  const inserted = await db.insertInto('problems').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function insertProblemEvent(db: Q, event: Omit<ProblemEventTable, 'id'>): Promise<void> {
  await db.insertInto('problem_events').values(event).execute();
}

export async function insertAttachment(db: Q, row: Omit<ProblemAttachmentTable, 'id'>): Promise<number> {
  const inserted = await db.insertInto('problem_attachments').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export function findProblem(db: Q, scope: DataScope, id: number): Promise<Problem | undefined> {
  return db.selectFrom('problems').selectAll().where('id', '=', id).where((eb) => problemScope(eb, scope)).executeTakeFirst();
}

/** Changes a problem only if it is still in the status the caller read (a concurrent change loses). */
export async function updateProblem(db: Q, id: number, expected: ProblemStatus, changes: Updateable<ProblemTable>): Promise<boolean> {
  const result = await db.updateTable('problems').set(changes).where('id', '=', id).where('status', '=', expected).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Changes the rating fields (whatever the status: the caller checked it is answered). */
export async function setProblemRating(db: Q, id: number, changes: Pick<ProblemTable, 'rating' | 'rating_comment' | 'rated_at' | 'updated_at'>): Promise<void> {
  await db.updateTable('problems').set(changes).where('id', '=', id).where('status', '=', 'answered').execute();
}

/** What the pages and notices name: the business, the declaration, the unit. */
export function problemParties(db: Q, id: number) {
  return db.selectFrom('problems as p')
    .innerJoin('businesses as b', 'b.id', 'p.business_id')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .leftJoin('declarations as d', 'd.id', 'p.declaration_id')
    .leftJoin('conferences as c', 'c.id', 'p.conference_id')
    .select(['b.tax_code', 'b.name as business_name', 'b.email as business_email', 'u.code as unit_code', 'u.name_vi as unit_name_vi',
      'u.name_en as unit_name_en', 'd.declaration_no', 'c.title as conference_title'])
    .where('p.id', '=', id).executeTakeFirstOrThrow();
}
export type ProblemParties = Awaited<ReturnType<typeof problemParties>>;

export function listProblemEvents(db: Q, problemId: number) {
  return db.selectFrom('problem_events').selectAll().where('problem_id', '=', problemId).orderBy('id').execute();
}

export function listAttachments(db: Q, problemId: number) {
  return db.selectFrom('problem_attachments').select(['id', 'file_name', 'media_type', 'size', 'created_at'])
    .where('problem_id', '=', problemId).orderBy('id').execute();
}

/** An attachment, found only through a problem the reader may read. */
export function findAttachment(db: Q, scope: DataScope, attachmentId: number) {
  return db.selectFrom('problem_attachments as a').innerJoin('problems', 'problems.id', 'a.problem_id')
    .select(['a.id', 'a.problem_id', 'a.file_name', 'a.media_type', 'a.size', 'a.stored_name'])
    .where('a.id', '=', attachmentId).where((eb) => problemScope(eb, scope)).executeTakeFirst();
}

export interface ProblemFilter {
  /** Only problems assigned to this unit. */
  unitId?: number;
  status?: ProblemStatus | 'open';
  /** Only problems not answered with their due day before this day. */
  overdueOn?: string;
  conferenceId?: number;
  before?: number;
}

export function listProblems(db: Q, scope: DataScope, filter: ProblemFilter, limit: number) {
  let query = db.selectFrom('problems')
    .innerJoin('businesses as b', 'b.id', 'problems.business_id')
    .innerJoin('units as u', 'u.id', 'problems.unit_id')
    .leftJoin('declarations as d', 'd.id', 'problems.declaration_id')
    .select(['problems.id', 'problems.topic', 'problems.question', 'problems.status', 'problems.received_at', 'problems.due_day',
      'problems.answered_day', 'problems.rating', 'problems.channel', 'b.tax_code', 'b.name as business_name', 'u.code as unit_code',
      'u.name_vi as unit_name_vi', 'u.name_en as unit_name_en', 'd.declaration_no'])
    .select((eb) => eb.exists(eb.selectFrom('problem_publications as pp').select('pp.problem_id').whereRef('pp.problem_id', '=', 'problems.id')).as('published'))
    .where((eb) => problemScope(eb, scope));
  if (filter.unitId !== undefined) query = query.where('problems.unit_id', '=', filter.unitId);
  if (filter.status === 'open') query = query.where('problems.status', '!=', 'answered');
  else if (filter.status !== undefined) query = query.where('problems.status', '=', filter.status);
  if (filter.overdueOn !== undefined) query = query.where('problems.status', '!=', 'answered').where('problems.due_day', '<', filter.overdueOn);
  if (filter.conferenceId !== undefined) query = query.where('problems.conference_id', '=', filter.conferenceId);
  if (filter.before !== undefined) query = query.where('problems.id', '<', filter.before);
  return query.orderBy('problems.id', 'desc').limit(limit).execute();
}
export type ProblemListRow = Awaited<ReturnType<typeof listProblems>>[number];

/** The office where the business lodged most declarations (ties: the lower unit id), or null. */
export async function mostFrequentOffice(db: Q, businessId: number): Promise<number | null> {
  const row = await db.selectFrom('declarations').select('office_id')
    .where('declarant_id', '=', businessId)
    .groupBy('office_id')
    .orderBy((eb) => eb.fn.countAll(), 'desc').orderBy('office_id')
    .limit(1).executeTakeFirst();
  return row ? Number(row.office_id) : null;
}

/** The department: the root of the unit tree (the first by code if there are several). */
export async function departmentUnit(db: Q): Promise<number | null> {
  const row = await db.selectFrom('units').select('id').where('parent_id', 'is', null).orderBy('code').limit(1).executeTakeFirst();
  return row ? Number(row.id) : null;
}

export function findDeclarationByNo(db: Q, declarationNo: string) {
  return db.selectFrom('declarations').select(['id', 'declaration_no', 'office_id', 'declarant_id'])
    .where('declaration_no', '=', declarationNo).executeTakeFirst();
}

export function findBusinessByTaxCode(db: Q, taxCode: string) {
  return db.selectFrom('businesses').select(['id', 'tax_code', 'name']).where('tax_code', '=', taxCode).executeTakeFirst();
}

export function findBusinessesByIds(db: Q, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('businesses').select(['id', 'tax_code', 'name']).where('id', 'in', ids).orderBy('tax_code').execute();
}

/** Enabled webhook endpoints of one vendor API client (the one that raised a problem). */
export function webhookEndpointsOfClient(db: Q, clientId: number) {
  return db.selectFrom('webhook_endpoints').select(['id', 'url']).where('api_client_id', '=', clientId).where('disabled_at', 'is', null).execute();
}

/** Every declaration number of the business mentioned by the problem (its own and the linked one): removed from publications. */
export async function declarationNumbersOf(db: Q, problemId: number): Promise<string[]> {
  const rows = await db.selectFrom('problems as p').innerJoin('declarations as d', 'd.id', 'p.declaration_id')
    .select('d.declaration_no').where('p.id', '=', problemId).execute();
  return rows.map((r) => r.declaration_no);
}
