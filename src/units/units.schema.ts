import { Type, type Static } from 'typebox';
import { SearchText } from '../web/query.schema.js';

export const unitKinds = ['department', 'office', 'team', 'other'] as const;
export type UnitKind = (typeof unitKinds)[number];

/** A row of units.csv (the feed contract: keep the column names). */
export const unitCsvColumns = ['code', 'parent_code', 'name_vi', 'name_en', 'kind', 'pilot_from', 'pilot_to', 'live_from'] as const;

export const UnitView = Type.Object({
  code: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  nameVi: Type.String(),
  nameEn: Type.String(),
  kind: Type.String({ enum: [...unitKinds] }),
  depth: Type.Integer(),
  pilotFrom: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  pilotTo: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  liveFrom: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
});
export type UnitView = Static<typeof UnitView>;

/** A unit row after validation, before ids and paths are assigned. */
export interface UnitInput {
  code: string;
  parentCode: string | null;
  nameVi: string;
  nameEn: string;
  kind: UnitKind;
  pilotFrom: string | null;
  pilotTo: string | null;
  liveFrom: string | null;
}

/** Query string of the /units page. */
export const UnitListQuery = Type.Object({ q: Type.Optional(SearchText) });
export type UnitListQuery = Static<typeof UnitListQuery>;
