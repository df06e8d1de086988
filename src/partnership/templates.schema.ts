import { Type, type Static } from 'typebox';

// Inputs of the template administration: one schema each, for validation, types and form limits.

export const templateLimits = { code: 40, version: 40, title: 300, number: 60, link: 500, filePath: 300 } as const;

/** A template code or version label: letters, digits, dots, dashes, underscores. */
export const templateCodePattern = /^[A-Za-z0-9_.-]{1,40}$/;

export const TemplateBody = Type.Object({
  code: Type.String({ maxLength: templateLimits.code }),
  version: Type.String({ maxLength: templateLimits.version }),
  effective_on: Type.String({ maxLength: 10 }),
  title_vi: Type.String({ maxLength: templateLimits.title }),
  title_en: Type.String({ maxLength: templateLimits.title }),
  _csrf: Type.Optional(Type.String()),
});
export type TemplateBody = Static<typeof TemplateBody>;

export const AppendixItemBody = Type.Object({
  title_vi: Type.String({ maxLength: templateLimits.title }),
  title_en: Type.String({ maxLength: templateLimits.title }),
  number: Type.Optional(Type.String({ maxLength: templateLimits.number })),
  issued_on: Type.Optional(Type.String({ maxLength: 10 })),
  link: Type.Optional(Type.String({ maxLength: templateLimits.link })),
  file_path: Type.Optional(Type.String({ maxLength: templateLimits.filePath })),
  _csrf: Type.Optional(Type.String()),
});
export type AppendixItemBody = Static<typeof AppendixItemBody>;

/** Path of the pages of one record: a numeric id. */
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) });
export type IdParams = Static<typeof IdParams>;

/** After a change, which one (for the notice). */
export const NoticeQuery = Type.Object({
  created: Type.Optional(Type.String({ maxLength: 100 })),
  lang: Type.Optional(Type.String()),
});
export type NoticeQuery = Static<typeof NoticeQuery>;
