import { Type, type Static } from 'typebox';
import { declarationKinds, handlingSteps } from './declaration-rules.js';

/**
 * A declaration as the feed sends it (NDJSON lines, API items). The CSV columns are the same fields
 * in snake_case, with handlers as 'step:officer_code' joined by ';'. This schema documents the API
 * (OpenAPI); each item is then checked field by field so that every rejection has its own code.
 */
export const HandlerItem = Type.Object({
  step: Type.String({ enum: [...handlingSteps] }),
  officerCode: Type.String({ maxLength: 40 }),
});

export const DeclarationItem = Type.Object(
  {
    declarationNo: Type.String({ description: '12 digits for import/export; 1–30 of A–Z 0–9 / - for a dossier', examples: ['103456789012'] }),
    kind: Type.String({ enum: [...declarationKinds] }),
    typeCode: Type.Optional(Type.String({ description: 'Decision 1357/QĐ-TCHQ code, e.g. A11, B11' })),
    officeCode: Type.String({ description: 'Customs office (unit) code' }),
    declarantTaxCode: Type.String({ description: '10 digits, or 10 digits + "-" + 3 digits' }),
    declarantName: Type.String({ maxLength: 300 }),
    registeredAt: Type.String({ description: 'ISO 8601 (no offset = Vietnam time) or dd/mm/yyyy HH:mm[:ss]' }),
    clearedAt: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    channel: Type.Optional(Type.Union([Type.String(), Type.Integer({ minimum: 1, maximum: 3 }), Type.Null()], { description: '1|2|3, green|yellow|red, xanh|vàng|đỏ; empty for a dossier' })),
    handlers: Type.Array(HandlerItem),
  },
  { additionalProperties: true },
);
export type DeclarationItem = Static<typeof DeclarationItem>;

export const maxDeclarationsPerRequest = 1000;

export const DeclarationBatchBody = Type.Object({
  declarations: Type.Array(DeclarationItem, { maxItems: maxDeclarationsPerRequest }),
});

export const ItemStatus = Type.String({ enum: ['created', 'updated', 'unchanged', 'rejected'] });
export type ItemStatus = 'created' | 'updated' | 'unchanged' | 'rejected';

export const DeclarationResult = Type.Object({
  declarationNo: Type.String(),
  status: ItemStatus,
  code: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
  ratingToken: Type.Optional(Type.String({ description: 'for created and updated items: proves the declarant (see /r/{token})' })),
  ratingUrl: Type.Optional(Type.String()),
});

export const DeclarationBatchResponse = Type.Object({ results: Type.Array(DeclarationResult) });

/** A declaration after validation, with codes resolved to ids: what the repository stores. */
export interface ValidDeclaration {
  declarationNo: string;
  kind: 'import' | 'export' | 'dossier';
  typeCode: string | null;
  officeId: number;
  declarantTaxCode: string;
  declarantName: string;
  registeredAt: number;
  registeredDay: string;
  clearedAt: number | null;
  clearedDay: string | null;
  channel: number | null;
  handlers: { step: string; officerId: number; unitId: number }[];
  contentHash: string;
}
