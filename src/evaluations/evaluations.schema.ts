import { Type, type Static } from 'typebox';
import { evaluationReasons, ratingChannels } from '../stats/rollup-columns.js';

/** Limits shared by the API schema, the rules and the web forms. */
export const maxCommentLength = 2000;
export const targetTypes = ['office', 'team', 'step', 'officer'] as const;
export type TargetType = (typeof targetTypes)[number];

// Levels and reasons are checked by the rules, each with its own error code (`invalid_level`,
// `unknown_reason`), so the schema accepts any number or text there and documents what is allowed.
const Level = Type.Number({ description: 'an integer, 1 Rất không hài lòng … 5 Rất hài lòng', examples: [5] });

export const EvaluationTarget = Type.Object({
  type: Type.String({ enum: [...targetTypes] }),
  code: Type.String({ maxLength: 40, description: 'unit code (office, team), officer code, or step name' }),
  level: Level,
});
export type EvaluationTarget = Static<typeof EvaluationTarget>;

export const EvaluationInput = Type.Object({
  overall: Level,
  targets: Type.Optional(Type.Array(EvaluationTarget, { maxItems: 50 })),
  reasons: Type.Optional(Type.Array(
    Type.String({ maxLength: 40, description: `one of: ${evaluationReasons.join(', ')}` }),
    { maxItems: 20, description: 'required when any level is 3 or lower', examples: [['delay']] },
  )),
  comment: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: `at most ${maxCommentLength} characters` })),
});
export type EvaluationInput = Static<typeof EvaluationInput>;

export const EvaluationBody = Type.Object({ token: Type.String({ maxLength: 200 }), ...EvaluationInput.properties });
export type EvaluationBody = Static<typeof EvaluationBody>;

export const StoredEvaluation = Type.Object({
  declarationNo: Type.String(),
  version: Type.Integer({ description: '1 for the first rating; each revision adds one' }),
  overall: Type.Integer(),
  targets: Type.Array(EvaluationTarget),
  reasons: Type.Array(Type.String()),
  comment: Type.Union([Type.String(), Type.Null()]),
  ratingChannel: Type.String({ enum: [...ratingChannels] }),
  submittedAt: Type.String({ format: 'date-time' }),
  revisableUntil: Type.String({ format: 'date-time' }),
});
export type StoredEvaluation = Static<typeof StoredEvaluation>;

export const RatingLink = Type.Object({
  token: Type.String(),
  url: Type.String(),
  qrSvgUrl: Type.String(),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'null while the declaration is not cleared' }),
});
export type RatingLink = Static<typeof RatingLink>;
