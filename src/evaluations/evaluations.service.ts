import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Evaluation, RatingChannel } from '../db/schema.js';
import { AppError } from '../errors.js';
import { readSettings } from '../settings/settings.js';
import { vietnamDay } from '../shared/time.js';
import type { EvaluationReason } from '../stats/rollup-columns.js';
import { inRollout, RollupDeltas, type DeclarationFacts, type EvaluationFacts, type RolloutUnit } from '../stats/rollup-deltas.js';
import { applyRollups, loadRolloutUnits } from '../stats/rollups.repository.js';
import { openOrReviseCase } from '../cases/cases.service.js';
import { checkEvaluation, type ResolvedTarget } from './evaluation-rules.js';
import {
  appendVersion, findCurrentEvaluation, findDeclarationForRating, findHandlersForRating, findIdempotentResponse,
  saveCurrentEvaluation, saveIdempotentResponse, type RatingDeclaration, type RatingHandler,
} from './evaluations.repository.js';
import type { EvaluationInput, StoredEvaluation } from './evaluations.schema.js';
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
  if (rater.kind === 'token') {
    const declarationNo = declarationNoOfToken(rater.token);
    const declaration = declarationNo ? await findDeclarationForRating(db, declarationNo) : undefined;
    if (!declaration || !tokenMatches(secret, rater.token, declaration.declaration_no, declaration.tax_code)) {
      throw new AppError('rating_token_invalid');
    }
    return declaration;
  }
  const declaration = await findDeclarationForRating(db, rater.declarationNo);
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

function requestHash(rater: Rater, input: EvaluationInput): string {
  return createHash('sha256').update(JSON.stringify([rater, input.overall, input.targets ?? [], input.reasons ?? [], input.comment ?? null])).digest('hex');
}

/**
 * Stores an evaluation (or a revision of it) with everything that belongs to it — the new chained
 * version, the current evaluation, the roll-ups and the idempotency record — in one transaction.
 */
export async function submitEvaluation(
  db: Kysely<Database>, ctx: EvaluationContext, rater: Rater, input: EvaluationInput, meta: SubmissionMeta,
): Promise<StoredEvaluation> {
  const now = meta.now ?? Date.now();
  const hash = meta.idempotency ? requestHash(rater, input) : '';
  return withRetry(() => db.transaction().execute(async (trx) => {
    if (meta.idempotency) {
      const earlier = await findIdempotentResponse(trx, meta.idempotency.clientId, meta.idempotency.key);
      if (earlier && earlier.request_hash !== hash) throw new AppError('idempotency_key_reused');
      if (earlier) return JSON.parse(earlier.response_json) as StoredEvaluation;
    }
    const declaration = await resolveRatedDeclaration(trx, ctx.secretKey, rater);
    const [units, settings, handlers, current] = [
      await loadRolloutUnits(trx),
      await readSettings(trx, { rating_window_days: ctx.ratingWindowDays }),
      await findHandlersForRating(trx, declaration.id),
      await findCurrentEvaluation(trx, declaration.id),
    ];
    checkRateable(declaration, units, settings.rating_window_days, now);
    const checked = checkEvaluation(input, {
      office: { id: declaration.office_id, code: declaration.office_code },
      handlers: handlers.map((h) => ({ step: h.step, officerId: h.officer_id, officerCode: h.officer_code, unitId: h.unit_id, unitCode: h.unit_code })),
    });
    const row: Evaluation = {
      declaration_id: declaration.id, business_id: declaration.declarant_id, version: (current?.version ?? 0) + 1,
      overall: checked.overall, targets_json: JSON.stringify(checked.targets), reasons_json: JSON.stringify(checked.reasons),
      comment: checked.comment, rating_channel: meta.channel, first_submitted_at: current?.first_submitted_at ?? now, submitted_at: now,
    };
    const facts = declarationFacts(declaration, handlers);
    const deltas = new RollupDeltas();
    // Out with the declaration as it counted (unrated, or with the previous version), in with the new one.
    deltas.add(facts, current ? evaluationFacts(current) : null, units, -1);
    deltas.add(facts, evaluationFacts(row), units, 1);
    const { first_submitted_at: _first, ...versionFields } = row;
    await appendVersion(trx, ctx.secretKey, { ...versionFields, submitted_by: meta.submittedBy, ip: meta.ip });
    await saveCurrentEvaluation(trx, row);
    await applyRollups(trx, deltas);
    await openOrReviseCase(trx, {
      declarationId: declaration.id, businessId: declaration.declarant_id, officeId: declaration.office_id, handlers: facts.handlers,
      version: row.version, overall: row.overall, targets: checked.targets,
    }, { actor: { principal: { kind: 'anonymous' }, ip: meta.ip, requestId: null }, kind: 'business', id: declaration.declarant_id, name: meta.submittedBy }, now, settings);
    const stored = presentEvaluation(row, declaration.declaration_no, windowClosesAt(declaration, settings.rating_window_days)!);
    if (meta.idempotency) {
      await saveIdempotentResponse(trx, {
        client_id: meta.idempotency.clientId, key: meta.idempotency.key, request_hash: hash, status_code: 201,
        response_json: JSON.stringify(stored), created_at: now,
      });
    }
    return stored;
  }));
}

/** PostgreSQL: deadlocks, serialisation failures and racing first inserts are retried. */
async function withRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt < 4 && (code === '40P01' || code === '40001' || code === '23505')) continue;
      throw error;
    }
  }
}
