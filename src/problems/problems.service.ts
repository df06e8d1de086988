import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { audit, type Actor } from '../audit/audit.service.js';
import { loadHolidays } from '../calendar/calendar.service.js';
import type { Database, Problem, ProblemEventTable } from '../db/schema.js';
import { AppError } from '../errors.js';
import { resolveRatedDeclaration } from '../evaluations/evaluations.service.js';
import { readSettings } from '../settings/settings.js';
import { vietnamDay } from '../shared/time.js';
import { placeFile, removeFiles, type ReceivedFile } from './attachment-store.js';
import { extensionOf, type AttachmentType } from './attachment-types.js';
import { notifyProblem } from './problem-notices.js';
import { isProblemTopic, problemDueDay, problemLimits, routeProblem } from './problem-rules.js';
import {
  departmentUnit, findBusinessByTaxCode, findDeclarationByNo, insertAttachment, insertProblem, insertProblemEvent, mostFrequentOffice,
} from './problems.repository.js';

/** Where attachments are kept (DATA_DIR) and the key that checks rating tokens (SECRET_KEY). */
export interface ProblemContext {
  secretKey: string;
  dataDir: string;
}

/**
 * Who says which business raises the problem: a vendor relaying the business's rating token, a
 * business session (its authorised businesses), or a staff member entering a question collected
 * for a dialogue conference (the conference service has checked the business is invited).
 */
export type ProblemRaiser =
  | { kind: 'token'; token: string }
  | { kind: 'business'; businessIds: readonly number[] }
  | { kind: 'conference'; conferenceId: number; businessId: number };

export interface RaiseInput {
  topic: string;
  question: string;
  declarationNo?: string | undefined;
  /** Which of the session's businesses (a broker holds several). */
  taxCode?: string | undefined;
  attachments?: readonly ReceivedFile[];
}

/** Who acts, as the timeline records it. */
export function eventActor(actor: Actor): Pick<ProblemEventTable, 'actor_kind' | 'actor_id' | 'actor_name'> {
  const p = actor.principal;
  if (p.kind === 'user') return { actor_kind: p.role === 'business' ? 'business' : 'user', actor_id: p.userId, actor_name: p.username };
  if (p.kind === 'api_client') return { actor_kind: 'api_client', actor_id: p.clientId, actor_name: p.name };
  return { actor_kind: 'system', actor_id: null, actor_name: null };
}

export async function recordProblemEvent(db: Kysely<Database>, actor: Actor, problemId: number, kind: string, details: Record<string, unknown> | undefined, now: number): Promise<void> {
  await insertProblemEvent(db, { problem_id: problemId, at: now, kind, ...eventActor(actor), details_json: details === undefined ? null : JSON.stringify(details) });
  await audit(db, actor, { action: `problem_${kind}`, entity: 'problem', entityId: problemId, after: details }, now);
}

/** The question and attachments as the rules accept them, or the first refusal. */
export function checkRaiseInput(input: RaiseInput): { topic: Problem['topic']; question: string; attachments: readonly ReceivedFile[] } {
  if (!isProblemTopic(input.topic)) throw new AppError('invalid_problem_topic', { value: input.topic });
  const question = input.question.trim();
  if (question === '') throw new AppError('missing_field', { field: 'question' });
  if (question.length > problemLimits.questionMaxLength) throw new AppError('field_too_long', { field: 'question', max: problemLimits.questionMaxLength });
  const attachments = input.attachments ?? [];
  if (attachments.length > problemLimits.maxAttachments) throw new AppError('too_many_attachments', { max: problemLimits.maxAttachments });
  for (const file of attachments) {
    if (file.tooLarge || file.size > problemLimits.maxAttachmentBytes) throw new AppError('attachment_too_large', { name: file.fileName, max: problemLimits.maxAttachmentBytes / 1024 / 1024 });
    if (file.mediaType === null) throw new AppError('attachment_type_not_allowed', { name: file.fileName });
  }
  return { topic: input.topic, question, attachments };
}

/** The business raising the problem, as its raiser proves it. */
async function raisingBusiness(db: Kysely<Database>, ctx: ProblemContext, raiser: ProblemRaiser, input: RaiseInput): Promise<number> {
  if (raiser.kind === 'token') return (await resolveRatedDeclaration(db, ctx.secretKey, { kind: 'token', token: raiser.token })).declarant_id;
  if (raiser.kind === 'conference') return raiser.businessId;
  if (input.taxCode) {
    const business = await findBusinessByTaxCode(db, input.taxCode.trim());
    if (!business || !raiser.businessIds.includes(business.id)) throw new AppError('unknown_business', { value: input.taxCode });
    return business.id;
  }
  if (input.declarationNo) {
    const declaration = await findDeclarationByNo(db, input.declarationNo.trim());
    if (declaration && raiser.businessIds.includes(declaration.declarant_id)) return declaration.declarant_id;
    throw new AppError('declaration_not_found', { value: input.declarationNo });
  }
  if (raiser.businessIds.length !== 1) throw new AppError('business_required');
  return raiser.businessIds[0]!;
}

const channelOf = { token: 'api', business: 'portal', conference: 'conference' } as const;

function submittedBy(actor: Actor): string {
  const p = actor.principal;
  if (p.kind === 'user') return `user:${p.userId}`;
  if (p.kind === 'api_client') return `api_client:${p.clientId}`;
  return 'system';
}

export function newStoredName(mediaType: AttachmentType): string {
  return `${randomBytes(12).toString('hex')}.${extensionOf[mediaType]}`;
}

/**
 * Records a problem: checks the question and attachments, proves the business, checks that a named
 * declaration is the business's own, routes it (problem-rules.ts), sets its due day in working
 * days, and — in one transaction — stores it, its attachments' records and files, its first event
 * and the leaders' notice. Files placed by a transaction that fails are removed.
 */
export async function raiseProblem(db: Kysely<Database>, ctx: ProblemContext, actor: Actor, raiser: ProblemRaiser, input: RaiseInput, now = Date.now()): Promise<Problem> {
  const checked = checkRaiseInput(input);
  const businessId = await raisingBusiness(db, ctx, raiser, input);
  let declaration: { id: number; office_id: number } | null = null;
  if (input.declarationNo?.trim()) {
    const found = await findDeclarationByNo(db, input.declarationNo.trim());
    if (!found || found.declarant_id !== businessId) throw new AppError('declaration_not_found', { value: input.declarationNo.trim() });
    declaration = found;
  }
  const department = await departmentUnit(db);
  if (department === null) throw new AppError('unit_not_found', { value: 'department' });
  const route = routeProblem({
    declarationOfficeId: declaration?.office_id ?? null,
    frequentOfficeId: declaration ? null : await mostFrequentOffice(db, businessId),
    departmentId: department,
  });
  const receivedDay = vietnamDay(now);
  const settings = await readSettings(db);
  const row = {
    business_id: businessId, declaration_id: declaration?.id ?? null, conference_id: raiser.kind === 'conference' ? raiser.conferenceId : null,
    topic: checked.topic, question: checked.question, channel: channelOf[raiser.kind], submitted_by: submittedBy(actor), unit_id: route.unitId,
    routing: route.routing, status: 'received' as const, received_at: now, received_day: receivedDay,
    due_day: problemDueDay(receivedDay, settings.problem_answer_working_days, await loadHolidays(db)),
    answer: null, drafted_at: null, drafted_by: null, drafted_by_name: null, answered_at: null, answered_day: null, approved_by: null,
    rating: null, rating_comment: null, rated_at: null, updated_at: now,
  };
  const placed: string[] = [];
  try {
    return await db.transaction().execute(async (trx) => {
      const id = await insertProblem(trx, row);
      for (const file of checked.attachments) {
        const storedName = newStoredName(file.mediaType!);
        await insertAttachment(trx, { problem_id: id, file_name: file.fileName, media_type: file.mediaType!, size: file.size, sha256: file.sha256, stored_name: storedName, created_at: now });
        placed.push(await placeFile(ctx.dataDir, id, file, storedName));
      }
      const problem: Problem = { ...row, id };
      await recordProblemEvent(trx, actor, id, 'received', {
        topic: row.topic, unitId: row.unit_id, routing: row.routing, dueDay: row.due_day, attachments: checked.attachments.length,
      }, now);
      await notifyProblem(trx, problem, 'received', now);
      return problem;
    });
  } catch (error) {
    await removeFiles(placed);
    throw error;
  }
}

