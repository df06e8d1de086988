import { Type, type Static } from 'typebox';
import { problemLimits, problemTopics } from './problem-rules.js';

/** One schema per input: validation, the OpenAPI document and the form limits. */
export const RaiseProblemBody = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 200, description: 'the business\'s rating token of any of its declarations (vendor key)' })),
  topic: Type.String({ enum: [...problemTopics] }),
  question: Type.String({ minLength: 1, maxLength: problemLimits.questionMaxLength }),
  declarationNo: Type.Optional(Type.String({ maxLength: 40, description: 'a declaration of the business itself' })),
  taxCode: Type.Optional(Type.String({ maxLength: 14, description: 'which business, for a session that acts for several' })),
});
export type RaiseProblemBody = Static<typeof RaiseProblemBody>;

export const RateAnswerBody = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 200 })),
  rating: Type.Integer({ minimum: 1, maximum: 5, description: '5 = rất hài lòng (very satisfied) … 1 = rất không hài lòng' }),
  comment: Type.Optional(Type.String({ maxLength: problemLimits.commentMaxLength })),
});
export type RateAnswerBody = Static<typeof RateAnswerBody>;

export const ProblemParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export type ProblemParams = Static<typeof ProblemParams>;

export const ProblemListQuery = Type.Object({
  view: Type.Optional(Type.String({ enum: ['mine', 'overdue', 'all'] })),
  status: Type.Optional(Type.String({ enum: ['open', 'received', 'drafted', 'answered', 'any'] })),
  before: Type.Optional(Type.Integer({ minimum: 1 })),
});
export type ProblemListQuery = Static<typeof ProblemListQuery>;

export const QaQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  topic: Type.Optional(Type.String({ maxLength: 20 })),
  before: Type.Optional(Type.Integer({ minimum: 1 })),
  lang: Type.Optional(Type.String({ enum: ['vi', 'en'] })),
});
export type QaQuery = Static<typeof QaQuery>;

export const StoredProblem = Type.Object({
  id: Type.Integer(),
  status: Type.String(),
  unit: Type.String({ description: 'code of the unit that answers' }),
  routing: Type.String({ enum: ['declaration', 'frequent_office', 'department'] }),
  dueDay: Type.String({ description: 'last working day for the answer, YYYY-MM-DD' }),
  attachments: Type.Integer(),
});
