import { Type, type Static } from 'typebox';
import { DayOrEmpty, OneOfOrEmpty, PageNumber, SearchText } from '../web/query.schema.js';

// Query strings and paths of the partnership pages: one schema each (validation and types).

export const AgreementListQuery = Type.Object({
  q: Type.Optional(SearchText),
  status: Type.Optional(OneOfOrEmpty(['active', 'terminated'])),
  /** A template id, or empty for any. */
  template: Type.Optional(Type.String({ pattern: '^([1-9][0-9]{0,14})?$' })),
  from: Type.Optional(DayOrEmpty),
  to: Type.Optional(DayOrEmpty),
  page: Type.Optional(PageNumber),
});
export type AgreementListQuery = Static<typeof AgreementListQuery>;

export const FiguresQuery = Type.Object({
  group: Type.Optional(OneOfOrEmpty(['month', 'year'])),
  from: Type.Optional(DayOrEmpty),
  to: Type.Optional(DayOrEmpty),
});
export type FiguresQuery = Static<typeof FiguresQuery>;

export const AssociationParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) });
export type AssociationParams = Static<typeof AssociationParams>;

/** GET /partnership/agreements/:id after an upload: `uploaded=1` shows the notice. */
export const UploadedQuery = Type.Object({ uploaded: Type.Optional(Type.String({ maxLength: 1 })) });
export type UploadedQuery = Static<typeof UploadedQuery>;

export const PageQuery = Type.Object({ page: Type.Optional(PageNumber) });
export type PageQuery = Static<typeof PageQuery>;

/** Largest scanned agreement accepted. */
export const scanMaxMegabytes = 10;
export const scanMaxBytes = scanMaxMegabytes * 1024 * 1024;
