import { Type, type Static } from 'typebox';
import { declarationKinds } from '../declarations/declaration-rules.js';
import { DayOrEmpty, OneOfOrEmpty } from '../web/query.schema.js';
import { ratingChannels } from './rollup-columns.js';

/**
 * Query string of /dashboard and /dashboard.csv: the filters of StatsQuery as a GET form sends
 * them (every field, empty meaning "not set"), and which groups the ranking compares.
 */
export const DashboardQuery = Type.Object({
  unit: Type.Optional(Type.String({ maxLength: 40 })),
  officer: Type.Optional(Type.String({ maxLength: 40 })),
  from: Type.Optional(DayOrEmpty),
  to: Type.Optional(DayOrEmpty),
  kind: Type.Optional(OneOfOrEmpty(declarationKinds)),
  typeCode: Type.Optional(Type.String({ maxLength: 10 })),
  channel: Type.Optional(OneOfOrEmpty(['1', '2', '3'])),
  ratingChannel: Type.Optional(OneOfOrEmpty(ratingChannels)),
  rank: Type.Optional(OneOfOrEmpty(['units', 'officers'])),
});
export type DashboardQuery = Static<typeof DashboardQuery>;

/** The tables of the dashboard, each downloadable as CSV. */
export const dashboardTables = ['units', 'officers', 'months', 'levels', 'reasons', 'ranking', 'cases', 'partnership', 'associations', 'problems'] as const;
export type DashboardTable = (typeof dashboardTables)[number];

export const DashboardCsvQuery = Type.Object({
  ...DashboardQuery.properties,
  table: Type.String({ enum: [...dashboardTables] }),
});
export type DashboardCsvQuery = Static<typeof DashboardCsvQuery>;
