import type { Kysely } from 'kysely';
import { audit, type Actor } from '../audit/audit.service.js';
import { dataScope, type DataScope } from '../auth/scope.js';
import type { CaseStatus, Database } from '../db/schema.js';
import { AppError, isAppError } from '../errors.js';
import type { ResolvedTarget } from '../evaluations/evaluation-rules.js';
import { findCurrentEvaluation, findHandlersForRating } from '../evaluations/evaluations.repository.js';
import { vietnamDay } from '../shared/time.js';
import { findUnitByCode, findUnitsByIds, listUnits } from '../units/units.repository.js';
import { canTransition, isOverdue } from './case-rules.js';
import { caseDeclaration, findCase, findCaseByDeclaration, listCaseEvents, listCases, type CaseFilter } from './cases.repository.js';
import type { CaseListQuery } from './cases.routes.js';

/** What the case pages and the case API show; reading a case's evaluation is a read of the rater, audited. */
export const casePageSize = 50;

/** Which deadlines a case has let pass as of `today`: one met, or no longer due in its status, never is. */
export function overdueDeadlines(c: { status: CaseStatus; acknowledgeDue: string; concludeDue: string }, today: string) {
  return {
    acknowledge: c.status === 'opened' && isOverdue(c.acknowledgeDue, today),
    conclude: ['opened', 'acknowledged', 'verifying', 'disputed'].includes(c.status) && isOverdue(c.concludeDue, today),
  };
}

/**
 * A page of the cases in the reader's scope. Each names its declaration — the rater's, one step
 * away: the read is audited (`read_rater_identity`), as a case's is.
 */
export async function caseList(db: Kysely<Database>, actor: Actor, query: CaseListQuery, now = Date.now()) {
  const { principal } = actor;
  const scope = dataScope(principal);
  const filter: CaseFilter = { ...(query.status ? { status: query.status as 'open' | 'closed' } : {}), ...(query.before ? { before: query.before } : {}) };
  if (query.mine && principal.kind === 'user' && principal.unitId !== null) filter.assignedUnitId = principal.unitId;
  if (query.overdue) filter.overdueOn = vietnamDay(now);
  if (query.unit) {
    const unit = await findUnitByCode(db, query.unit);
    if (!unit || (scope.kind === 'units' && !unit.path.startsWith(scope.path))) throw new AppError('unit_not_found', { value: query.unit });
    filter.unitPath = unit.path;
  }
  const rows = await listCases(db, scope, filter, casePageSize + 1);
  const today = vietnamDay(now);
  const shown = rows.slice(0, casePageSize);
  if (shown.length > 0) {
    await audit(db, actor, { action: 'read_rater_identity', entity: 'case_list', after: { cases: shown.map((r) => r.id), declarations: shown.map((r) => r.declaration_no) } });
  }
  return {
    cases: shown.map((r) => ({
      id: r.id, status: r.status, lowestLevel: r.lowest_level, openedAt: new Date(r.opened_at).toISOString(), declarationNo: r.declaration_no,
      originUnit: r.origin_code, assignedUnit: r.assigned_code, acknowledgeDue: r.acknowledge_due, concludeDue: r.conclude_due,
      overdue: Object.values(overdueDeadlines({ status: r.status, acknowledgeDue: r.acknowledge_due, concludeDue: r.conclude_due }, today)).some(Boolean),
    })),
    next: rows.length > casePageSize ? rows[casePageSize - 1]!.id : null,
  };
}

export async function caseDetail(db: Kysely<Database>, actor: Actor, scope: DataScope, id: number) {
  const c = await findCase(db, scope, id);
  if (!c) throw new AppError('case_not_found', { value: id });
  const [declaration, evaluation, handlers, events] = [
    await caseDeclaration(db, c.declaration_id), await findCurrentEvaluation(db, c.declaration_id),
    await findHandlersForRating(db, c.declaration_id), await listCaseEvents(db, c.id),
  ];
  const inspector = scope.kind === 'all';
  const units = new Map((await findUnitsByIds(db, [c.origin_unit_id, c.assigned_unit_id])).map((u) => [u.id, u]));
  await audit(db, actor, { action: 'read_rater_identity', entity: 'case', entityId: c.id, after: { declarations: [declaration?.declaration_no] } });
  return {
    id: c.id, status: c.status, originUnit: units.get(c.origin_unit_id)?.code ?? null, assignedUnit: units.get(c.assigned_unit_id)?.code ?? null,
    originUnitId: c.origin_unit_id, assignedUnitId: c.assigned_unit_id, lowestLevel: c.lowest_level,
    openedAt: new Date(c.opened_at).toISOString(), acknowledgeDue: c.acknowledge_due, concludeDue: c.conclude_due,
    acknowledgedAt: c.acknowledged_at === null ? null : new Date(c.acknowledged_at).toISOString(),
    concludedAt: c.concluded_at === null ? null : new Date(c.concluded_at).toISOString(),
    finding: c.finding, categories: c.categories_json ? (JSON.parse(c.categories_json) as string[]) : [],
    officers: c.officers_json ? (JSON.parse(c.officers_json) as string[]) : [], action: c.action, actionDetails: c.action_details,
    response: c.response, answerDue: c.answer_due, businessAnswer: c.business_answer, disputeReason: c.dispute_reason,
    declaration: declaration ? {
      declarationNo: declaration.declaration_no, kind: declaration.kind, office: declaration.office_code,
      registeredAt: new Date(declaration.registered_at).toISOString(), clearedAt: declaration.cleared_at === null ? null : new Date(declaration.cleared_at).toISOString(),
      // The business itself only for inspectors: leaders verify the declaration, not who rated it.
      ...(inspector ? { business: { taxCode: declaration.tax_code, name: declaration.business_name } } : {}),
    } : null,
    evaluation: evaluation ? {
      version: evaluation.version, overall: evaluation.overall, ratingChannel: evaluation.rating_channel, comment: evaluation.comment,
      targets: (JSON.parse(evaluation.targets_json) as ResolvedTarget[]).map(({ type, code, level }) => ({ type, code, level })),
      reasons: JSON.parse(evaluation.reasons_json) as string[], submittedAt: new Date(evaluation.submitted_at).toISOString(),
    } : null,
    handlers: handlers.map((h) => ({ step: h.step, officerCode: h.officer_code, officerName: h.officer_name, team: h.unit_code })),
    timeline: events.map((e) => ({
      at: new Date(e.at).toISOString(), kind: e.kind, actor: e.actor_kind === 'user' ? e.actor_name : e.actor_kind, from: e.from_status, to: e.to_status,
      details: e.details_json ? (JSON.parse(e.details_json) as unknown) : null,
    })),
  };
}
export type CaseDetail = Awaited<ReturnType<typeof caseDetail>>;

/**
 * The /cases page: a page of the list (or, for a unit outside the reader's scope, the refusal to
 * show beside the filters), the units of the scope to filter by, and every unit by code to name them.
 */
export async function caseListPage(db: Kysely<Database>, actor: Actor, query: CaseListQuery, now = Date.now()) {
  const scope = dataScope(actor.principal);
  const units = await listUnits(db);
  const scoped = units.filter((u) => scope.kind !== 'units' || u.path.startsWith(scope.path));
  const named = new Map(units.map((u) => [u.code, u]));
  try {
    return { ...(await caseList(db, actor, query, now)), units: scoped, named, refused: null, today: vietnamDay(now) };
  } catch (error) {
    if (!isAppError(error) || error.code !== 'unit_not_found') throw error;
    return { cases: [], next: null, units: scoped, named, refused: error, today: vietnamDay(now) };
  }
}
export type CaseListPage = Awaited<ReturnType<typeof caseListPage>>;

/** The keys of timeline details that hold a unit id (escalations, disputes). */
export const unitDetailKeys = ['assignedUnitId', 'fromUnitId', 'toUnitId'] as const;

/** The case page: the case as caseDetail shows it (the read audited), and the units it names, by id. */
export async function casePage(db: Kysely<Database>, actor: Actor, scope: DataScope, id: number) {
  const detail = await caseDetail(db, actor, scope, id);
  const ids = new Set([detail.originUnitId, detail.assignedUnitId]);
  for (const event of detail.timeline) {
    const details = (event.details ?? {}) as Record<string, unknown>;
    for (const key of unitDetailKeys) if (typeof details[key] === 'number') ids.add(details[key]);
  }
  const units = new Map((await findUnitsByIds(db, [...ids])).map((u) => [u.id, u]));
  return { detail, units };
}
export type CasePage = Awaited<ReturnType<typeof casePage>>;

/**
 * What the business sees of its declaration's case: the status, the response and its own answer —
 * never the notes, the finding, the officers involved or the action taken.
 */
export async function businessCaseView(db: Kysely<Database>, declarationId: number, now = Date.now()) {
  const c = await findCaseByDeclaration(db, declarationId);
  if (!c) return null;
  const today = vietnamDay(now);
  return {
    status: c.status, response: c.response, respondedAt: c.responded_at, answerDue: c.answer_due,
    answer: c.business_answer, disputeReason: c.dispute_reason,
    mayAnswer: canTransition(c.status, 'accept') && (c.answer_due === null || today <= c.answer_due),
  };
}
export type BusinessCaseView = NonNullable<Awaited<ReturnType<typeof businessCaseView>>>;
