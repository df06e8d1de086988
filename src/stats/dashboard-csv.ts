import { csvField } from '../shared/csv.js';
import type { CaseFigureGroup } from './case-figures.service.js';
import type { ProgrammeView } from './dashboard-programme.js';
import type { Ranking } from './dashboard-ranking.js';
import type { StatGroupResult } from './stats.service.js';

/**
 * The dashboard's tables as CSV for spreadsheets: UTF-8 with a BOM (Excel reads Vietnamese
 * correctly), CRLF line ends, a header row, and numbers exactly as the API gives them (shares
 * 0..1, unformatted); labels in the reader's language.
 */
const statHeader = [
  'key', 'label', 'eligible', 'evaluated', 'evaluation_rate', 'level_1', 'level_2', 'level_3', 'level_4', 'level_5',
  'satisfaction_share', 'satisfaction_ci_low', 'satisfaction_ci_high', 'mean_level', 'rankable',
];

type Cell = string | number | null;

function document(header: readonly string[], rows: readonly Cell[][]): string {
  return '\uFEFF' + [header, ...rows].map((row) => row.map(csvField).join(',') + '\r\n').join('');
}

function statCells(g: StatGroupResult): Cell[] {
  return [
    g.key, g.label, g.eligible, g.evaluated, g.evaluationRate, g.levels[1], g.levels[2], g.levels[3], g.levels[4], g.levels[5],
    g.satisfactionShare, g.satisfactionCi?.[0] ?? null, g.satisfactionCi?.[1] ?? null, g.meanLevel, String(g.rankable),
  ];
}

export function groupsCsv(groups: readonly StatGroupResult[]): string {
  return document(statHeader, groups.map(statCells));
}

/** Ranked groups first with their rank; then the groups not ranked, with the rank left empty. */
export function rankingCsv(ranking: Ranking<StatGroupResult>): string {
  return document(['rank', ...statHeader], [
    ...ranking.ranked.map(({ rank, group }) => [rank, ...statCells(group)]),
    ...ranking.unranked.map((group) => [null, ...statCells(group)]),
  ]);
}

export function reasonsCsv(reasons: Record<string, number>, label: (reason: string) => string): string {
  return document(['reason', 'label', 'count'], Object.entries(reasons).map(([reason, count]) => [reason, label(reason), count]));
}

/** The closed loop's figures: the page's subject first, then each child unit. */
export function casesCsv(groups: readonly CaseFigureGroup[]): string {
  return document(
    ['key', 'label', 'opened', 'acknowledged_on_time', 'concluded_on_time', 'median_days_to_conclude', 'violations_confirmed', 'accepted', 'disputed'],
    groups.map((g) => [g.key, g.label, g.opened, g.acknowledgedOnTime, g.concludedOnTime, g.medianDaysToConclude, g.violationsConfirmed, g.accepted, g.disputed]),
  );
}

/** The partnership programme's tables: the unit's row first, then each child unit. */
export function programmeCsv(table: 'partnership' | 'associations' | 'problems', programme: ProgrammeView): string {
  switch (table) {
    case 'partnership':
      return document(['key', 'label', 'agreements_signed', 'agreements_active', 'member_businesses'],
        programme.partnership.map((r) => [r.key, r.label, r.signed, r.active, r.memberBusinesses]));
    case 'associations': {
      const a = programme.associations;
      return document(['associations', 'coordination_rules', 'rules_signed_in_period'], [[a.associations, a.rules, a.rulesSignedInPeriod]]);
    }
    case 'problems':
      return document(['key', 'label', 'received', 'answered', 'answered_on_time', 'on_time_share', 'rated', 'satisfied', 'satisfied_share', 'mean_rating'],
        programme.problems.map((r) => [r.key, r.label, r.received, r.answered, r.onTime, r.onTimeShare, r.rated, r.satisfied, r.satisfiedShare, r.meanRating]));
  }
}
