import { Type, type Static } from 'typebox';
import { evaluationReasons } from '../stats/rollup-columns.js';
import { actions, findings } from './case-rules.js';

/** One input for every staff transition (the fields each needs are checked by the service, each with its code). */
export const TransitionInput = Type.Object({
  finding: Type.Optional(Type.String({ enum: [...findings] })),
  categories: Type.Optional(Type.Array(Type.String({ enum: [...evaluationReasons] }), { maxItems: evaluationReasons.length })),
  officers: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20, description: 'codes of the officers involved' })),
  action: Type.Optional(Type.String({ enum: [...actions] })),
  actionDetails: Type.Optional(Type.String({ maxLength: 4000 })),
  response: Type.Optional(Type.String({ maxLength: 4000, description: 'the answer sent to the business (respond)' })),
  note: Type.Optional(Type.String({ maxLength: 4000 })),
});
export type TransitionInput = Static<typeof TransitionInput>;
