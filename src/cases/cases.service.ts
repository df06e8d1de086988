import type { Kysely } from 'kysely';
import { audit, systemActor, type Actor } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { dataScope } from '../auth/scope.js';
import { loadHolidays } from '../calendar/calendar.service.js';
import { addWorkingDays, workingDaysBetween } from '../calendar/working-days.js';
import type { Case, CaseStatus, Database } from '../db/schema.js';
import { together } from '../db/pipelined-transaction.js';
import { AppError } from '../errors.js';
import type { ResolvedTarget } from '../evaluations/evaluation-rules.js';
import { readSettings } from '../settings/settings.js';
import { vietnamDay } from '../shared/time.js';
import { evaluationReasons } from '../stats/rollup-columns.js';
import {
  actions, answerWorkingDays, canTransition, deadlinesFrom, findings, lowestLevel, needsCase, responsibleUnit, transitionTable,
  type BusinessAnswer, type StaffTransition,
} from './case-rules.js';
import { findCase, findCaseByDeclaration, findCasesByDeclarations, insertCase, refreshCaseDimensions, insertCaseEvent, unitParent, updateCase } from './cases.repository.js';
import { enqueueCaseNotice, notifyCase, readCaseRecipients, type CaseNotice } from './case-notices.js';
import type { TransitionInput } from './cases.schema.js';

/** Who acts, as the timeline records it. */
export interface CaseActor {
  actor: Actor;
  kind: 'user' | 'business' | 'system' | 'api_client' | 'anonymous';
  id: number | null;
  name: string | null;
}

export function caseActorOf(actor: Actor): CaseActor {
  const p = actor.principal;
  if (p.kind === 'user') return { actor, kind: p.role === 'business' ? 'business' : 'user', id: p.userId, name: p.username };
  if (p.kind === 'api_client') return { actor, kind: 'api_client', id: p.clientId, name: p.name };
  // Anyone else is the scheduler, or a visitor holding the rating link (the token is their credential).
  return { actor, kind: actor === systemActor ? 'system' : 'anonymous', id: null, name: null };
}

async function record(
  db: Kysely<Database>, c: Pick<Case, 'id'>, who: CaseActor, kind: string, from: CaseStatus | null, to: CaseStatus | null, details: unknown, now: number,
): Promise<void> {
  await together([
    insertCaseEvent(db, {
      case_id: c.id, at: now, kind, actor_kind: who.kind, actor_id: who.id, actor_name: who.name, from_status: from, to_status: to,
      details_json: details === undefined ? null : JSON.stringify(details),
    }),
    audit(db, who.actor, { action: `case_${kind}`, entity: 'case', entityId: c.id, before: from === null ? undefined : { status: from }, after: { status: to, ...(details as object | undefined) } }, now),
  ]);
}

export interface EvaluationForCase {
  declarationId: number;
  businessId: number;
  officeId: number;
  handlers: readonly { officerId: number; unitId: number }[];
  version: number;
  overall: number;
  targets: readonly ResolvedTarget[];
}

/** A rating as the closed loop sees it, with who gave it, when, and the settings it was judged under. */
export interface RatingForCase {
  evaluation: EvaluationForCase;
  who: CaseActor;
  now: number;
  settings: Awaited<ReturnType<typeof readSettings>>;
}

/** What opening or revising cases reads first: the declarations' cases and the calendar. */
export interface CaseState {
  cases: ReadonlyMap<number, Pick<Case, 'id'>>;
  holidays: ReadonlySet<string>;
}

/** The case state of these declarations (by id, or by number: read with a batch's other reads). */
export async function readCaseState(db: Kysely<Database>, of: { ids: readonly number[] } | { numbers: readonly string[] }): Promise<CaseState> {
  const [found, holidays] = await together([findCasesByDeclarations(db, of), loadHolidays(db)]);
  return { cases: new Map(found.map((c) => [c.declaration_id, c])), holidays };
}

/**
 * Called in the evaluations' transaction, with the ratings in the order they were given. A rating
 * at or below the threshold opens the declaration's case; a revision of an evaluation that has a
 * case is added to its timeline (whatever its level — a better rating does not close the case by
 * itself). The existing cases and the calendar are read once for all:
 * `state`, read beforehand (readCaseState) in the same transaction, else read here. `ratingsSaved`:
 * settles when the ratings' current evaluations are saved — the cases then take their channel.
 */
export async function openOrReviseCases(
  db: Kysely<Database>, ratings: readonly RatingForCase[], options: { state?: CaseState; ratingsSaved?: Promise<unknown> } = {},
): Promise<void> {
  if (ratings.length === 0) return;
  const state = options.state ?? await readCaseState(db, { ids: ratings.map((r) => r.evaluation.declarationId) });
  const cases = new Map(state.cases);
  const touched: number[] = [];
  // Each declaration's ratings in arrival order (a revision finds the case its first rating opened);
  // different declarations' cases do not wait for each other (one round trip in a pipelined transaction).
  const byDeclaration = new Map<number, RatingForCase[]>();
  for (const r of ratings) {
    const list = byDeclaration.get(r.evaluation.declarationId);
    if (list) list.push(r);
    else byDeclaration.set(r.evaluation.declarationId, [r]);
  }
  await together([...byDeclaration.values()].map(async (list) => {
    for (const { evaluation: e, who, now, settings } of list) {
      const lowest = lowestLevel(e.overall, e.targets);
      const existing = cases.get(e.declarationId);
      if (existing) {
        await record(db, existing, who, 'revised', null, null, { version: e.version, overall: e.overall, lowestLevel: lowest }, now);
        touched.push(e.declarationId);
        continue;
      }
      if (!needsCase(e.overall, e.targets, settings.case_threshold_level)) continue;
      cases.set(e.declarationId, await openCase(db, e, who, now, settings, state.holidays));
      touched.push(e.declarationId);
    }
  }));
  await options.ratingsSaved;
  // The rating may have come by another channel than the case's first: the cases carry the current one.
  await refreshCaseDimensions(db, touched);
}

/** One rating: see openOrReviseCases. */
export async function openOrReviseCase(
  db: Kysely<Database>, e: EvaluationForCase, who: CaseActor, now: number, settings?: Awaited<ReturnType<typeof readSettings>>,
): Promise<void> {
  await openOrReviseCases(db, [{ evaluation: e, who, now, settings: settings ?? await readSettings(db) }]);
}

async function openCase(
  db: Kysely<Database>, e: EvaluationForCase, who: CaseActor, now: number, settings: Awaited<ReturnType<typeof readSettings>>, holidays: ReadonlySet<string>,
): Promise<Pick<Case, 'id'>> {
  const lowest = lowestLevel(e.overall, e.targets);
  const openedDay = vietnamDay(now);
  const due = deadlinesFrom(openedDay, settings.case_acknowledge_working_days, settings.case_conclude_working_days, holidays);
  const unitId = responsibleUnit(e.officeId, e.targets, e.handlers);
  const row = {
    declaration_id: e.declarationId, business_id: e.businessId, status: 'opened' as const, origin_unit_id: unitId, assigned_unit_id: unitId,
    lowest_level: lowest, opened_at: now, opened_day: openedDay, acknowledge_due: due.acknowledgeDue, conclude_due: due.concludeDue,
    acknowledged_at: null, acknowledged_day: null, concluded_at: null, concluded_day: null, conclude_working_days: null, kind: null, type_code: null, channel: null, rating_channel: null, finding: null, categories_json: null, officers_json: null,
    action: null, action_details: null, response: null, responded_at: null, answer_due: null, business_answer: null, dispute_reason: null,
    closed_at: null, updated_at: now,
  };
  // A rating's actor is named as its version's submitted_by: a vendor that rated hears of the case.
  const [id, recipients] = await together([insertCase(db, row), readCaseRecipients(db, row, 'opened', who.name === null ? [] : [who.name])]);
  await together([
    record(db, { id }, who, 'opened', null, 'opened', { version: e.version, lowestLevel: lowest, acknowledgeDue: due.acknowledgeDue, concludeDue: due.concludeDue }, now),
    enqueueCaseNotice(db, { ...row, id }, 'opened', now, recipients),
  ]);
  return { id };
}

/** Inspectors act on any case they see; leaders on the cases assigned to their own unit (the pages offer their forms only then). */
export function mayAct(p: Principal, c: Pick<Case, 'assigned_unit_id'>): boolean {
  if (p.kind !== 'user') return false;
  return p.role === 'inspector' || (p.role === 'leader' && p.unitId === c.assigned_unit_id);
}

function checkConclusion(input: TransitionInput) {
  const categories = input.categories ?? [];
  const officers = input.officers ?? [];
  if (!input.finding || !(findings as readonly string[]).includes(input.finding) || categories.length === 0 || !input.action
    || !(actions as readonly string[]).includes(input.action) || (input.finding !== 'not_confirmed' && officers.length === 0)) {
    throw new AppError('finding_required');
  }
  for (const c of categories) if (!(evaluationReasons as readonly string[]).includes(c)) throw new AppError('unknown_reason', { value: c });
  if (input.action !== 'none' && !input.actionDetails?.trim()) throw new AppError('action_details_required', { action: input.action });
}

/** A staff member moves a case on: acknowledge, start verification, conclude, respond. */
export async function transitionCase(
  db: Kysely<Database>, actor: Actor, caseId: number, transition: StaffTransition, input: TransitionInput, now = Date.now(),
): Promise<Case> {
  return db.transaction().execute(async (trx) => {
    const c = await findCase(trx, dataScope(actor.principal), caseId);
    if (!c) throw new AppError('case_not_found', { value: caseId });
    if (!mayAct(actor.principal, c)) throw new AppError('case_not_assignee');
    if (!canTransition(c.status, transition)) throw new AppError('case_transition_not_allowed', { transition, status: c.status });
    const to = transitionTable[transition].to;
    const day = vietnamDay(now);
    let changes: Partial<Case> = {};
    let details: Record<string, unknown> = {};
    if (transition === 'acknowledge') changes = { acknowledged_at: now, acknowledged_day: day };
    if (transition === 'conclude') {
      checkConclusion(input);
      changes = {
        concluded_at: now, concluded_day: day, conclude_working_days: workingDaysBetween(c.opened_day, day, await loadHolidays(trx)), finding: input.finding as Case['finding'], categories_json: JSON.stringify(input.categories),
        officers_json: JSON.stringify(input.officers ?? []), action: input.action as Case['action'], action_details: input.actionDetails?.trim() || null,
      };
      details = { finding: input.finding, categories: input.categories, officers: input.officers ?? [], action: input.action, actionDetails: input.actionDetails ?? null };
    }
    if (transition === 'respond') {
      const response = input.response?.trim();
      if (!response) throw new AppError('response_required');
      changes = { response, responded_at: now, answer_due: addWorkingDays(day, answerWorkingDays, await loadHolidays(trx)) };
      details = { response, answerDue: changes.answer_due };
    }
    if (input.note?.trim()) details.note = input.note.trim();
    if (!(await updateCase(trx, c.id, c.status, { ...changes, status: to, updated_at: now }))) {
      throw new AppError('case_transition_not_allowed', { transition, status: 'changed' });
    }
    const updated = { ...c, ...changes, status: to, updated_at: now };
    await record(trx, c, caseActorOf(actor), transition, c.status, to, details, now);
    await notifyCase(trx, updated, transition, now);
    return updated;
  });
}

/** A note on the timeline, from anyone who may act on the case. */
export async function addCaseNote(db: Kysely<Database>, actor: Actor, caseId: number, note: string, now = Date.now()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const c = await findCase(trx, dataScope(actor.principal), caseId);
    if (!c) throw new AppError('case_not_found', { value: caseId });
    if (!mayAct(actor.principal, c)) throw new AppError('case_not_assignee');
    if (!note.trim()) throw new AppError('missing_field', { field: 'note' });
    await record(trx, c, caseActorOf(actor), 'note', null, null, { note: note.trim() }, now);
  });
}

/**
 * The business accepts the response, or disputes it with a reason within its answer window: the
 * case then goes back to verification by the parent unit.
 */
export async function answerCase(
  db: Kysely<Database>, actor: Actor, declarationId: number, answer: BusinessAnswer, reason: string | undefined, now = Date.now(),
): Promise<Case> {
  return db.transaction().execute(async (trx) => {
    const c = await findCaseByDeclaration(trx, declarationId);
    if (!c) throw new AppError('case_not_found', { value: declarationId });
    if (!canTransition(c.status, answer)) throw new AppError('case_transition_not_allowed', { transition: answer, status: c.status });
    const day = vietnamDay(now);
    if (c.answer_due && day > c.answer_due) throw new AppError('answer_window_closed', { day: c.answer_due });
    let changes: Partial<Case>;
    if (answer === 'accept') changes = { business_answer: 'accepted', closed_at: now };
    else {
      if (!reason?.trim()) throw new AppError('dispute_reason_required');
      const parent = await unitParent(trx, c.assigned_unit_id);
      const settings = await readSettings(trx);
      changes = {
        business_answer: 'disputed', dispute_reason: reason.trim(), assigned_unit_id: parent?.parent_id ?? c.assigned_unit_id,
        conclude_due: addWorkingDays(day, settings.case_conclude_working_days, await loadHolidays(trx)),
      };
    }
    const to = transitionTable[answer].to;
    if (!(await updateCase(trx, c.id, c.status, { ...changes, status: to, updated_at: now }))) {
      throw new AppError('case_transition_not_allowed', { transition: answer, status: 'changed' });
    }
    const updated = { ...c, ...changes, status: to };
    await record(trx, c, caseActorOf(actor), answer === 'accept' ? 'accepted' : 'disputed', c.status, to,
      answer === 'dispute' ? { reason: reason!.trim(), assignedUnitId: updated.assigned_unit_id } : undefined, now);
    await notifyCase(trx, updated, answer === 'accept' ? 'accepted' : 'disputed', now);
    return updated;
  });
}

export type { CaseNotice };
