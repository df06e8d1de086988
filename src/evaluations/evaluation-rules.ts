import { AppError } from '../errors.js';
import { evaluationReasons, type EvaluationReason } from '../stats/rollup-columns.js';
import { maxCommentLength, type EvaluationInput, type TargetType } from './evaluations.schema.js';

/**
 * The rules of issue 4 §3 that depend only on the input and the declaration — pure, no I/O. Each
 * broken rule throws its own error code.
 */
export interface RatingContext {
  office: { id: number; code: string };
  /** Every handling of the declaration: step, officer, and the team credited on the registration day. */
  handlers: readonly { step: string; officerId: number; officerCode: string; unitId: number; unitCode: string }[];
}

/** A target as stored: resolved to the unit or officer it rates (steps have no id). */
export interface ResolvedTarget {
  type: TargetType;
  code: string;
  level: number;
  id: number | null;
}

export interface CheckedEvaluation {
  overall: number;
  targets: ResolvedTarget[];
  reasons: EvaluationReason[];
  comment: string | null;
}

export const lowLevelThreshold = 3;

function checkLevel(level: unknown, field: string): number {
  if (typeof level !== 'number' || !Number.isInteger(level) || level < 1 || level > 5) throw new AppError('invalid_level', { field });
  return level;
}

function resolveTarget(type: TargetType, code: string, context: RatingContext): number | null | undefined {
  switch (type) {
    case 'office':
      return code === context.office.code ? context.office.id : undefined;
    case 'team':
      return context.handlers.find((h) => h.unitCode === code && h.unitId !== context.office.id)?.unitId;
    case 'officer':
      return context.handlers.find((h) => h.officerCode === code)?.officerId;
    case 'step':
      return context.handlers.some((h) => h.step === code) ? null : undefined;
  }
}

export function checkEvaluation(input: EvaluationInput, context: RatingContext): CheckedEvaluation {
  const overall = checkLevel(input.overall, 'overall');
  const seen = new Set<string>();
  const targets = (input.targets ?? []).map((t, i): ResolvedTarget => {
    const level = checkLevel(t.level, `targets[${i}].level`);
    const type = t.type as TargetType;
    const id = resolveTarget(type, t.code, context);
    if (id === undefined) throw new AppError('target_not_in_declaration', { type, value: t.code });
    if (seen.has(`${type}:${t.code}`)) throw new AppError('duplicate_target', { type, value: t.code });
    seen.add(`${type}:${t.code}`);
    return { type, code: t.code, level, id };
  });
  const reasons = [...new Set(input.reasons ?? [])].map((r) => {
    if (!(evaluationReasons as readonly string[]).includes(r)) throw new AppError('unknown_reason', { value: r });
    return r as EvaluationReason;
  });
  const lowest = Math.min(overall, ...targets.map((t) => t.level));
  if (lowest <= lowLevelThreshold && reasons.length === 0) throw new AppError('reasons_required');
  const comment = input.comment === undefined || input.comment === null || input.comment === '' ? null : input.comment;
  if (comment !== null && [...comment].length > maxCommentLength) throw new AppError('comment_too_long', { max: maxCommentLength });
  return { overall, targets, reasons, comment };
}
