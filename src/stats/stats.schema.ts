import { Type, type Static } from 'typebox';
import { declarationKinds } from '../declarations/declaration-rules.js';
import { ratingChannels } from './rollup-columns.js';

export const groupings = ['unit', 'officer', 'month', 'week', 'channel', 'typeCode', 'level'] as const;
export type Grouping = (typeof groupings)[number];

/** The filters of GET /api/v1/stats, the dashboard and `hailong stats` (one schema for all three). */
export const StatsQuery = Type.Object({
  unit: Type.Optional(Type.String({ maxLength: 40, description: 'unit code; default: the caller\'s unit, or the whole organisation' })),
  officer: Type.Optional(Type.String({ maxLength: 40, description: 'officer code' })),
  from: Type.Optional(Type.String({ description: 'first clearance day, YYYY-MM-DD (Vietnam time)' })),
  to: Type.Optional(Type.String({ description: 'last clearance day, YYYY-MM-DD (Vietnam time)' })),
  kind: Type.Optional(Type.String({ enum: [...declarationKinds] })),
  typeCode: Type.Optional(Type.String({ maxLength: 10 })),
  channel: Type.Optional(Type.String({ enum: ['1', '2', '3'], description: '1 green, 2 yellow, 3 red' })),
  ratingChannel: Type.Optional(Type.String({ enum: [...ratingChannels] })),
  groupBy: Type.Optional(Type.String({ enum: [...groupings] })),
});
export type StatsQuery = Static<typeof StatsQuery>;

const Share = Type.Union([Type.Number(), Type.Null()]);
const StatProperties = {
  eligible: Type.Integer({ description: 'declarations in scope cleared in the period while their office was live or in pilot' }),
  evaluated: Type.Integer({ description: 'eligible declarations with a current evaluation' }),
  evaluationRate: Share,
  levels: Type.Object({ 1: Type.Integer(), 2: Type.Integer(), 3: Type.Integer(), 4: Type.Integer(), 5: Type.Integer() }),
  satisfactionShare: Type.Union([Type.Number(), Type.Null()], { description: 'levels 4–5 ÷ evaluated' }),
  satisfactionCi: Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()], { description: '95 % Wilson interval' }),
  meanLevel: Share,
  rankable: Type.Boolean({ description: 'false under the minimum number of evaluations (setting rankable_min_evaluations)' }),
};
export const Stat = Type.Object(StatProperties);
export const StatGroup = Type.Object({ key: Type.String(), label: Type.String(), ...StatProperties });

export const StatsResponse = Type.Object({ total: Stat, groups: Type.Array(StatGroup) });
