import type { Kysely } from 'kysely';
import type { Actor } from '../audit/audit.service.js';
import { businessCaseView, type BusinessCaseView } from '../cases/case-views.service.js';
import { answerCase } from '../cases/cases.service.js';
import type { Database } from '../db/schema.js';
import { isAppError, type AppError } from '../errors.js';
import type { RolloutUnit } from '../stats/rollup-deltas.js';
import { loadRolloutUnits } from '../stats/rollups.repository.js';
import {
  findCurrentEvaluation, findHandlersForRating, type RatingDeclaration, type RatingHandler,
} from './evaluations.repository.js';
import type { StoredEvaluation } from './evaluations.schema.js';
import {
  checkRateable, presentEvaluation, resolveRatedDeclaration, windowClosesAt, type EvaluationContext, type Rater, type SubmissionMeta,
} from './evaluations.service.js';
import { submitEvaluation } from './evaluation-submission.service.js';
import { ratingInput, ratingFormValues, type RatingFormBody, type RatingFormValues } from './rating-form.js';
import { ratingWindowDays } from './rating-link.service.js';

/** What the rating pages (link and portal) show: the declaration, who handled it, the current rating, whether it can be rated now. */
export interface RatingView {
  declaration: RatingDeclaration;
  handlers: RatingHandler[];
  current: StoredEvaluation | null;
  /** When the rating window closes; null while the declaration is not cleared. */
  closesAt: number | null;
  /** Why the declaration cannot be rated now (not cleared, office not rating, window closed), or null. */
  blocked: AppError | null;
  /** The case its rating opened, as the business may see it, or null. */
  followUp: BusinessCaseView | null;
}

/** The rules on the declaration itself, as a value: the error that refuses a rating now, or null. */
export function rateability(
  declaration: Pick<RatingDeclaration, 'cleared_at' | 'cleared_day' | 'office_id'>, units: ReadonlyMap<number, RolloutUnit>, windowDays: number, now: number,
): AppError | null {
  try {
    // checkRateable reads only these three fields of the declaration.
    checkRateable(declaration as RatingDeclaration, units, windowDays, now);
    return null;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
}

/** The page of a declaration its rater may rate; 404 (rating_token_invalid, declaration_not_found) otherwise. */
export async function ratingView(db: Kysely<Database>, ctx: EvaluationContext, rater: Rater, now = Date.now()): Promise<RatingView> {
  const declaration = await resolveRatedDeclaration(db, ctx.secretKey, rater);
  const [units, windowDays, handlers, current, followUp] = await Promise.all([
    loadRolloutUnits(db), ratingWindowDays(db, ctx), findHandlersForRating(db, declaration.id), findCurrentEvaluation(db, declaration.id),
    businessCaseView(db, declaration.id, now),
  ]);
  const closesAt = windowClosesAt(declaration, windowDays);
  return {
    declaration, handlers, closesAt,
    current: current ? presentEvaluation(current, declaration.declaration_no, closesAt ?? current.submitted_at) : null,
    blocked: rateability(declaration, units, windowDays, now),
    followUp,
  };
}

export type RatingOutcome =
  | { saved: true }
  /** Refused by a rule: the page again, with the error beside the form and the values as entered. */
  | { saved: false; view: RatingView; error: AppError; values: RatingFormValues };

/**
 * Submits the rating form through the evaluation service. A refusal the rater can act on comes back
 * as an outcome to show; an unknown declaration or token (404) and unexpected errors are thrown.
 */
export async function submitRatingForm(
  db: Kysely<Database>, ctx: EvaluationContext, rater: Rater, body: RatingFormBody, meta: SubmissionMeta,
): Promise<RatingOutcome> {
  const view = await ratingView(db, ctx, rater, meta.now);
  const values = ratingFormValues(body);
  try {
    await submitEvaluation(db, ctx, rater, ratingInput(values, view.declaration.office_code), meta);
    return { saved: true };
  } catch (error) {
    if (!isAppError(error) || error.status === 404 || error.status >= 500) throw error;
    return { saved: false, view, error, values };
  }
}

export type CaseAnswerOutcome =
  | { saved: true }
  /** Refused by a rule (no reason, window closed, already answered): the page again, the reason as typed. */
  | { saved: false; view: RatingView; error: AppError; reason: string };

/**
 * The business's answer to the response on its case, from the rating pages: the rater opens the
 * declaration (link token or business account), the actor is who posted (the session, or anonymous).
 */
export async function submitCaseAnswer(
  db: Kysely<Database>, ctx: EvaluationContext, rater: Rater, actor: Actor, body: { answer: string; reason?: string }, now = Date.now(),
): Promise<CaseAnswerOutcome> {
  const view = await ratingView(db, ctx, rater, now);
  try {
    await answerCase(db, actor, view.declaration.id, body.answer === 'accept' ? 'accept' : 'dispute', body.reason, now);
    return { saved: true };
  } catch (error) {
    if (!isAppError(error) || error.status === 404 || error.status >= 500) throw error;
    return { saved: false, view, error, reason: body.reason ?? '' };
  }
}

/** Where a declaration of the business's list stands: rateable, rated (and whether still revisable), or why not. */
export type ListRatingStatus =
  | { kind: 'rate' }
  | { kind: 'rated'; overall: number; revisable: boolean }
  | { kind: 'closed' | 'not_rating' | 'not_cleared' };

export interface ListedDeclaration {
  id: number;
  office_id: number;
  cleared_at: number | null;
  cleared_day: string | null;
  evaluation_overall: number | null;
}

export async function listRatingStatuses(
  db: Kysely<Database>, ctx: EvaluationContext, rows: readonly ListedDeclaration[], now = Date.now(),
): Promise<Map<number, ListRatingStatus>> {
  const [units, windowDays] = await Promise.all([loadRolloutUnits(db), ratingWindowDays(db, ctx)]);
  return new Map(rows.map((row): [number, ListRatingStatus] => {
    const refusal = rateability(row, units, windowDays, now);
    if (row.evaluation_overall !== null) return [row.id, { kind: 'rated', overall: row.evaluation_overall, revisable: refusal === null }];
    if (refusal === null) return [row.id, { kind: 'rate' }];
    const kind = refusal.code === 'declaration_not_cleared' ? 'not_cleared' : refusal.code === 'unit_not_rating' ? 'not_rating' : 'closed';
    return [row.id, { kind }];
  }));
}
