import type { Kysely } from 'kysely';
import type { Database, Evaluation, RatingChannel } from '../db/schema.js';
import { AppError } from '../errors.js';
import { vietnamDay } from '../shared/time.js';
import type { EvaluationReason } from '../stats/rollup-columns.js';
import { inRollout, type DeclarationFacts, type EvaluationFacts, type RolloutUnit } from '../stats/rollup-deltas.js';
import type { ResolvedTarget } from './evaluation-rules.js';
import { findDeclarationForRating, type RatingDeclaration, type RatingHandler } from './evaluations.repository.js';
import type { StoredEvaluation } from './evaluations.schema.js';
import { declarationNoOfToken, tokenMatches } from './rating-token.js';

export interface EvaluationContext {
  secretKey: string;
  /** RATING_WINDOW_DAYS: the default when no administrator setting overrides it. */
  ratingWindowDays: number;
}

/** Who claims to be the declarant: a rating token, or a business session's authorised businesses. */
export type Rater =
  | { kind: 'token'; token: string }
  | { kind: 'business'; declarationNo: string; businessIds: readonly number[] };

export interface SubmissionMeta {
  channel: RatingChannel;
  /** 'api_client:3', 'user:5' or 'link'. */
  submittedBy: string;
  ip: string | null;
  now?: number;
  idempotency?: { clientId: number; key: string };
}

const dayMs = 86_400_000;

/** Finds the declaration a rater may rate, or the 404 that does not reveal whether it exists. */
export async function resolveRatedDeclaration(db: Kysely<Database>, secret: string, rater: Rater): Promise<RatingDeclaration> {
  const declarationNo = raterDeclarationNo(rater);
  return checkRater(secret, rater, declarationNo === null ? undefined : await findDeclarationForRating(db, declarationNo));
}

/** The number of the declaration the rater claims, or null for a token that names none. */
export function raterDeclarationNo(rater: Rater): string | null {
  return rater.kind === 'token' ? declarationNoOfToken(rater.token) : rater.declarationNo;
}

/** The declaration if the rater is its declarant (token or authorised business), else the refusal. */
export function checkRater(secret: string, rater: Rater, declaration: RatingDeclaration | undefined): RatingDeclaration {
  if (rater.kind === 'token') {
    if (!declaration || !tokenMatches(secret, rater.token, declaration.declaration_no, declaration.tax_code)) {
      throw new AppError('rating_token_invalid');
    }
    return declaration;
  }
  if (!declaration || !rater.businessIds.includes(declaration.declarant_id)) {
    throw new AppError('declaration_not_found', { value: rater.declarationNo });
  }
  return declaration;
}

/** The instant the rating window closes, or null while the declaration is not cleared. */
export function windowClosesAt(declaration: Pick<RatingDeclaration, 'cleared_at'>, windowDays: number): number | null {
  return declaration.cleared_at === null ? null : declaration.cleared_at + windowDays * dayMs;
}

/** The rules on the declaration itself: cleared, its office rating on that day, window open. */
export function checkRateable(declaration: RatingDeclaration, units: ReadonlyMap<number, RolloutUnit>, windowDays: number, now: number): void {
  if (declaration.cleared_at === null || declaration.cleared_day === null) throw new AppError('declaration_not_cleared');
  const office = units.get(declaration.office_id);
  if (!office || !inRollout(office, declaration.cleared_day)) throw new AppError('unit_not_rating', { day: declaration.cleared_day });
  const closes = windowClosesAt(declaration, windowDays)!;
  if (now >= closes) throw new AppError('rating_window_closed', { day: vietnamDay(closes) });
}

export function declarationFacts(declaration: RatingDeclaration, handlers: readonly RatingHandler[]): DeclarationFacts {
  return {
    clearedDay: declaration.cleared_day, kind: declaration.kind, typeCode: declaration.type_code, channel: declaration.channel,
    officeId: declaration.office_id, handlers: handlers.map((h) => ({ officerId: h.officer_id, unitId: h.unit_id })),
  };
}

export function evaluationFacts(e: Pick<Evaluation, 'overall' | 'rating_channel' | 'targets_json' | 'reasons_json'>): EvaluationFacts {
  const targets = JSON.parse(e.targets_json) as ResolvedTarget[];
  const unitLevels = new Map<number, number>();
  const officerLevels = new Map<number, number>();
  for (const t of targets) {
    if ((t.type === 'office' || t.type === 'team') && t.id !== null) unitLevels.set(t.id, t.level);
    if (t.type === 'officer' && t.id !== null) officerLevels.set(t.id, t.level);
  }
  return { overall: e.overall, ratingChannel: e.rating_channel, unitLevels, officerLevels, reasons: JSON.parse(e.reasons_json) as EvaluationReason[] };
}

export function presentEvaluation(e: Evaluation, declarationNo: string, closesAt: number): StoredEvaluation {
  return {
    declarationNo,
    version: e.version,
    overall: e.overall,
    targets: (JSON.parse(e.targets_json) as ResolvedTarget[]).map(({ type, code, level }) => ({ type, code, level })),
    reasons: JSON.parse(e.reasons_json) as string[],
    comment: e.comment,
    ratingChannel: e.rating_channel,
    submittedAt: new Date(e.submitted_at).toISOString(),
    revisableUntil: new Date(closesAt).toISOString(),
  };
}
