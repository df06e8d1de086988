import { Type, type Static } from 'typebox';
import { PageNumber, SearchText } from '../web/query.schema.js';

/** Query string of the /officers page. */
export const OfficerListQuery = Type.Object({
  q: Type.Optional(SearchText),
  page: Type.Optional(PageNumber),
});
export type OfficerListQuery = Static<typeof OfficerListQuery>;

/** Path of /officers/:code. */
export const OfficerParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) });
export type OfficerParams = Static<typeof OfficerParams>;
