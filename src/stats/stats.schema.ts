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

/**
 * The closed loop's figures (issue 5 item 8). Cases are selected by opening day (Vietnam time) in
 * [from, to] and by origin unit — the lowest responsible unit when the case opened — in the selected
 * unit's subtree, within the caller's scope as for the other figures. With an officer (chosen, or an
 * officer account's own), only the cases whose conclusion names that officer among those involved.
 * kind, typeCode and channel apply through the case's declaration; ratingChannel through its current
 * evaluation. "Concluded" is the current state: concluded, responded or closed — a disputed case back
 * in verification is not concluded until it is concluded again, against its renewed deadline.
 */
export const CaseFigures = Type.Object({
  opened: Type.Integer({ description: 'cases opened in the period' }),
  acknowledgedOnTime: Type.Union([Type.Number(), Type.Null()], {
    description: 'acknowledged on or before the acknowledgement due day ÷ cases acknowledged or past that day unacknowledged; null when none',
  }),
  concludedOnTime: Type.Union([Type.Number(), Type.Null()], {
    description: 'concluded on or before the conclusion due day ÷ cases concluded or past that day unconcluded; null when none',
  }),
  medianDaysToConclude: Type.Union([Type.Number(), Type.Null()], {
    description: 'median of the Vietnamese working days from the opening day to the (latest) conclusion day, over concluded cases; null when none',
  }),
  violationsConfirmed: Type.Union([Type.Number(), Type.Null()], {
    description: 'concluded cases with the finding violation_confirmed ÷ concluded cases ("partly" does not count); null when none',
  }),
  accepted: Type.Union([Type.Number(), Type.Null()], {
    description: 'cases whose latest business answer is accepted or auto_accepted (no answer in time) ÷ cases with an answer; null when none',
  }),
  disputed: Type.Union([Type.Number(), Type.Null()], { description: 'cases whose latest business answer is disputed ÷ cases with an answer; null when none' }),
}, { description: 'closed-loop figures: shares are 0..1' });
export type CaseFigures = Static<typeof CaseFigures>;

export const WithheldMonths = Type.Object({
  months: Type.Array(Type.String({ description: 'YYYY-MM' })),
}, {
  description: 'an officer account\'s own figures only: months with fewer evaluations than the setting officer_min_evaluations (none included), '
    + 'left out of every figure (totals included, so that no month is told by difference); their number of evaluations, levels and reasons are never shown',
});

export const CountedPeriod = Type.Object({ from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }) }, {
  description: 'an officer account\'s own figures only: the period counted — whole months up to the last one whose rating window has closed; '
    + '`from` after `to` when no month of the period asked for has closed yet',
});

export const StatsResponse = Type.Object({
  total: Stat, cases: CaseFigures, groups: Type.Array(StatGroup), withheld: Type.Optional(WithheldMonths), period: Type.Optional(CountedPeriod),
});
