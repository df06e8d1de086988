import type { Kysely } from 'kysely';
import type { Actor } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { dataScope } from '../auth/scope.js';
import type { Database, Problem } from '../db/schema.js';
import { AppError } from '../errors.js';
import { resolveRatedDeclaration } from '../evaluations/evaluations.service.js';
import { vietnamDay } from '../shared/time.js';
import { notifyProblem } from './problem-notices.js';
import { canTransitionProblem, isLevel, problemLimits, problemTransitions, type ProblemTransition } from './problem-rules.js';
import { findProblem, setProblemRating, updateProblem } from './problems.repository.js';
import { recordProblemEvent, type ProblemContext } from './problems.service.js';

/**
 * Who may take a step on a problem they can read (their scope has found it): officers and leaders
 * draft (the scope gives an officer the problems of the unit they work in, a leader those of the
 * subtree); leaders approve or return a draft.
 */
export function mayTakeStep(p: Principal, transition: ProblemTransition): boolean {
  if (p.kind !== 'user') return false;
  return transition === 'draft' ? p.role === 'officer' || p.role === 'leader' : p.role === 'leader';
}

export interface StepInput {
  answer?: string | undefined;
  note?: string | undefined;
}

function answerText(raw: string | undefined, required: boolean): string | null {
  const answer = raw?.trim() ?? '';
  if (answer === '') {
    if (required) throw new AppError('problem_answer_required');
    return null;
  }
  if (answer.length > problemLimits.answerMaxLength) throw new AppError('field_too_long', { field: 'answer', max: problemLimits.answerMaxLength });
  return answer;
}

/** Drafts (or rewrites) the answer, approves it — it is sent — or returns it for a new draft. */
export async function moveProblem(db: Kysely<Database>, actor: Actor, id: number, transition: ProblemTransition, input: StepInput, now = Date.now()): Promise<Problem> {
  return db.transaction().execute(async (trx) => {
    const p = await findProblem(trx, dataScope(actor.principal), id);
    if (!p) throw new AppError('problem_not_found', { value: id });
    if (!mayTakeStep(actor.principal, transition)) throw new AppError(transition === 'draft' ? 'problem_not_assignee' : 'problem_approver_required');
    if (!canTransitionProblem(p.status, transition)) throw new AppError('problem_transition_not_allowed', { transition, status: p.status });
    const user = actor.principal.kind === 'user' ? actor.principal : null;
    let changes: Partial<Problem> = {};
    const details: Record<string, unknown> = {};
    if (transition === 'draft') {
      const answer = answerText(input.answer, true)!;
      changes = { answer, drafted_at: now, drafted_by: user?.userId ?? null, drafted_by_name: user?.displayName || user?.username || null };
      details.answer = answer;
    }
    if (transition === 'approve') {
      // The leader may correct the draft as they approve it: the text sent is the one recorded.
      const answer = answerText(input.answer, false) ?? p.answer;
      changes = { answer, answered_at: now, answered_day: vietnamDay(now), approved_by: user?.userId ?? null };
      details.answer = answer;
      details.onTime = vietnamDay(now) <= p.due_day;
    }
    const note = input.note?.trim();
    if (note) details.note = note.slice(0, problemLimits.commentMaxLength);
    const to = problemTransitions[transition].to;
    if (!(await updateProblem(trx, p.id, p.status, { ...changes, status: to, updated_at: now }))) {
      throw new AppError('problem_transition_not_allowed', { transition, status: 'changed' });
    }
    const updated: Problem = { ...p, ...changes, status: to, updated_at: now };
    await recordProblemEvent(trx, actor, p.id, transition === 'return' ? 'returned' : transition === 'approve' ? 'answered' : 'drafted', details, now);
    if (transition === 'draft') await notifyProblem(trx, updated, 'drafted', now);
    if (transition === 'approve') await notifyProblem(trx, updated, 'answered', now);
    return updated;
  });
}

/** Who rates an answer: the business's session, or a vendor relaying the business's rating token. */
export type AnswerRater = { kind: 'business'; businessIds: readonly number[] } | { kind: 'token'; token: string };

export interface AnswerRating {
  rating: number;
  comment?: string | undefined;
}

/** The business rates the answer it received on the five levels; a new rating replaces the last (each kept in the timeline). */
export async function rateAnswer(db: Kysely<Database>, ctx: ProblemContext, actor: Actor, rater: AnswerRater, id: number, input: AnswerRating, now = Date.now()): Promise<Problem> {
  const businessIds = rater.kind === 'business' ? rater.businessIds
    : [(await resolveRatedDeclaration(db, ctx.secretKey, { kind: 'token', token: rater.token })).declarant_id];
  return db.transaction().execute(async (trx) => {
    const p = await findProblem(trx, { kind: 'businesses', businessIds: [...businessIds] }, id);
    if (!p) throw new AppError('problem_not_found', { value: id });
    if (p.status !== 'answered') throw new AppError('problem_not_answered');
    if (!isLevel(input.rating)) throw new AppError('invalid_level', { field: 'rating' });
    const comment = input.comment?.trim() || null;
    if (comment !== null && comment.length > problemLimits.commentMaxLength) throw new AppError('comment_too_long', { max: problemLimits.commentMaxLength });
    const changes = { rating: input.rating, rating_comment: comment, rated_at: now, updated_at: now };
    await setProblemRating(trx, p.id, changes);
    await recordProblemEvent(trx, actor, p.id, 'rated', { rating: input.rating, comment }, now);
    return { ...p, ...changes };
  });
}
