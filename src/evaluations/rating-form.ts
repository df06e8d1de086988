import { Type, type Static } from 'typebox';
import { evaluationReasons } from '../stats/rollup-columns.js';
import { maxCommentLength, type EvaluationInput, type StoredEvaluation, type TargetType } from './evaluations.schema.js';

/**
 * The rating form of the link and portal pages, as the browser posts it: `overall`, one
 * `level_office`, `level_team_<code>`, `level_step_<step>`, `level_officer_<code>` per target (empty =
 * skipped), `reasons` (repeated) and `comment`. The rules themselves stay in the service: this only
 * turns the fields into an EvaluationInput, and an evaluation back into the fields that show it.
 */
export const RatingTokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });
export type RatingTokenParams = Static<typeof RatingTokenParams>;

/** `?saved=1` after a rating was stored (post/redirect/get). */
export const RatingPageQuery = Type.Object({ saved: Type.Optional(Type.String({ enum: ['', '1'] })) });
export type RatingPageQuery = Static<typeof RatingPageQuery>;

// The comment's limit is the service's (comment_too_long, shown beside the form); the schema only
// keeps bodies sane. Levels and reasons are checked by the rules too, each with its own error.
export const RatingFormBody = Type.Object({
  overall: Type.Optional(Type.String({ maxLength: 2 })),
  reasons: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: evaluationReasons.length * 2 })),
  comment: Type.Optional(Type.String({ maxLength: maxCommentLength * 4 })),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
}, { additionalProperties: Type.String({ maxLength: 2 }), maxProperties: 120 });
export type RatingFormBody = Static<typeof RatingFormBody> & Record<string, string | string[] | undefined>;

/** What the form shows: the overall level, each target's level by field name, reasons, comment. */
export interface RatingFormValues {
  overall: string;
  levels: Readonly<Record<string, string>>;
  reasons: readonly string[];
  comment: string;
}

export const emptyRatingValues: RatingFormValues = { overall: '', levels: {}, reasons: [], comment: '' };

/** The field of a target's level; the office has one field (its code is the declaration's). */
export function levelField(type: TargetType, code: string): string {
  return type === 'office' ? 'level_office' : `level_${type}_${code}`;
}

const targetField = /^level_(team|step|officer)_(.+)$/;

export function ratingFormValues(body: RatingFormBody): RatingFormValues {
  const levels: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if ((name === 'level_office' || targetField.test(name)) && typeof value === 'string' && value !== '') levels[name] = value;
  }
  const reasons = body.reasons === undefined ? [] : [body.reasons].flat();
  // Browsers send a textarea's line breaks as CRLF; the maxlength they enforce counts each as one.
  return { overall: body.overall ?? '', levels, reasons, comment: (body.comment ?? '').replace(/\r\n?/g, '\n') };
}

/** A level as the rules read it: a digit is its number; anything else (NaN) fails as invalid_level. */
const level = (value: string) => (/^\d$/.test(value) ? Number(value) : Number.NaN);

export function ratingInput(values: RatingFormValues, officeCode: string): EvaluationInput {
  const targets = Object.entries(values.levels).map(([name, value]) => {
    const [, type, code] = targetField.exec(name) ?? [name, 'office', officeCode];
    return { type, code, level: level(value) };
  });
  return {
    overall: level(values.overall),
    ...(targets.length > 0 ? { targets } : {}),
    ...(values.reasons.length > 0 ? { reasons: [...values.reasons] } : {}),
    ...(values.comment !== '' ? { comment: values.comment } : {}),
  };
}

/** The stored evaluation as the form's values, so that a revision starts from it. */
export function evaluationValues(evaluation: StoredEvaluation): RatingFormValues {
  return {
    overall: String(evaluation.overall),
    levels: Object.fromEntries(evaluation.targets.map((t) => [levelField(t.type as TargetType, t.code), String(t.level)])),
    reasons: evaluation.reasons,
    comment: evaluation.comment ?? '',
  };
}
