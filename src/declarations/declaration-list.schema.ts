import { Type, type Static } from 'typebox';
import { DayOrEmpty, OneOfOrEmpty } from '../web/query.schema.js';
import { declarationKinds } from './declaration-rules.js';

/** A keyset cursor as it appears in page links (see declaration-cursor.ts). */
const Cursor = Type.String({ maxLength: 120, pattern: '^[A-Za-z0-9_-]*$' });

/** Query string of the /declarations page: a number search, filters, and a cursor:
 * `after` or `at` a row (next pages), `before` a row (previous pages). */
export const DeclarationListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 40, pattern: '^[\\sA-Za-z0-9/-]*$', description: 'Declaration number or its beginning' })),
  office: Type.Optional(Type.String({ maxLength: 40, pattern: '^[A-Za-z0-9_.-]*$' })),
  kind: Type.Optional(OneOfOrEmpty(declarationKinds)),
  channel: Type.Optional(OneOfOrEmpty(['1', '2', '3'])),
  from: Type.Optional(DayOrEmpty),
  to: Type.Optional(DayOrEmpty),
  unrated: Type.Optional(OneOfOrEmpty(['1'])),
  after: Type.Optional(Cursor),
  at: Type.Optional(Cursor),
  before: Type.Optional(Cursor),
});
export type DeclarationListQuery = Static<typeof DeclarationListQuery>;

/** Path of /declarations/:no. */
export const DeclarationParams = Type.Object({ no: Type.String({ minLength: 1, maxLength: 30 }) });
export type DeclarationParams = Static<typeof DeclarationParams>;
