import type { Lang } from '../errors.js';
import { levelLabel, reasonLabel } from '../evaluations/rating.i18n.js';
import { scrollRegion } from '../web/components.js';
import { html, type Html } from '../web/html.js';
import { fillMessage } from '../web/i18n/index.js';
import { intervalPlot, meter } from './dashboard-charts.js';
import { formatCount, formatDays, formatInterval, formatMean, formatShare } from './dashboard-format.js';
import type { DashboardMessages } from './dashboard.i18n.js';
import type { Ranking } from './dashboard-ranking.js';
import type { CaseFigureGroup } from './case-figures.service.js';
import type { StatGroupResult } from './stats.service.js';

// The dashboard's tables. Each is the readable form of a chart or the primary view itself; bars
// in cells are decorative (aria-hidden), the numbers beside them say the same.

export const num = (text: string) => html`<td class="num">${text}</td>`;

export interface GroupTableOptions {
  id: string;
  caption: string;
  firstHeader: string;
  groups: readonly StatGroupResult[];
  /** Where a row's name leads (the same dashboard, one level down), or null for plain text. */
  link?: (group: StatGroupResult) => string | null;
}

function nameCell(group: StatGroupResult, link: GroupTableOptions['link']): Html {
  const href = link?.(group) ?? null;
  return html`<th scope="row" class="wrap">${href ? html`<a href="${href}">${group.label}</a>` : group.label}</th>`;
}

/** Eligible, evaluated, evaluation rate, satisfaction share with its interval, mean level — one row per group. */
export function groupTable(lang: Lang, m: DashboardMessages, o: GroupTableOptions): Html {
  const rows = o.groups.map((g) => html`<tr>
  ${nameCell(g, o.link)}${num(formatCount(lang, g.eligible))}${num(formatCount(lang, g.evaluated))}${num(formatShare(lang, g.evaluationRate))}
  <td class="num">${formatShare(lang, g.satisfactionShare)} ${meter(g.satisfactionShare)}</td>${num(formatInterval(lang, g.satisfactionCi))}${num(formatMean(lang, g.meanLevel))}
</tr>`);
  return scrollRegion(o.caption, html`<table class="data figures" id="${o.id}">
<caption>${o.caption}</caption>
<thead><tr><th scope="col">${o.firstHeader}</th><th scope="col">${m.eligible}</th><th scope="col">${m.evaluated}</th><th scope="col">${m.evaluationRate}</th>
<th scope="col">${m.satisfactionShare}</th><th scope="col">${m.interval}</th><th scope="col">${m.meanLevel}</th></tr></thead>
<tbody>${rows}</tbody>
</table>`);
}

/** Ratings by level, 5 first, with each level's share of the ratings. */
export function levelsTable(lang: Lang, m: DashboardMessages, levels: readonly StatGroupResult[], evaluated: number): Html {
  const rows = [...levels].reverse().map((g) => {
    const level = Number(g.key);
    const share = evaluated > 0 ? g.evaluated / evaluated : null;
    return html`<tr class="level-row level-${level}"><th scope="row"><span class="level-mark">${level}</span> ${levelLabel(lang, level)}</th>
${num(formatCount(lang, g.evaluated))}<td class="num">${formatShare(lang, share)} ${meter(share)}</td></tr>`;
  });
  return scrollRegion(m.levels, html`<table class="data figures" id="levels-table">
<caption>${m.levels}</caption>
<thead><tr><th scope="col">${m.level}</th><th scope="col">${m.count}</th><th scope="col">${m.shareOfEvaluated}</th></tr></thead>
<tbody>${rows}</tbody>
</table>`);
}

/** How often each reason was given, most frequent first; bars relative to the most frequent. */
export function reasonsTable(lang: Lang, m: DashboardMessages, reasons: Record<string, number>): Html {
  const entries = Object.entries(reasons).sort((a, b) => b[1] - a[1]);
  const most = Math.max(0, ...entries.map(([, n]) => n));
  const rows = entries.map(([reason, n]) => html`<tr><th scope="row" class="wrap">${reasonLabel(lang, reason)}</th>
<td class="num">${formatCount(lang, n)} ${meter(most > 0 ? n / most : 0)}</td></tr>`);
  return scrollRegion(m.reasons, html`<table class="data figures" id="reasons-table">
<caption>${m.reasons}</caption>
<thead><tr><th scope="col">${m.reason}</th><th scope="col">${m.count}</th></tr></thead>
<tbody>${rows}</tbody>
</table>`);
}

function intervalCell(lang: Lang, g: StatGroupResult): Html {
  return html`<td class="num">${formatInterval(lang, g.satisfactionCi)} ${intervalPlot(g.satisfactionShare, g.satisfactionCi)}</td>`;
}

/** Ranked groups with their rank and interval; the others in a table of their own, never numbered. */
export function rankingTables(lang: Lang, m: DashboardMessages, ranking: Ranking<StatGroupResult>, min: number, link: GroupTableOptions['link']): Html {
  const ranked = ranking.ranked.map(({ rank, group }) => html`<tr><td class="num rank">${rank}</td>${nameCell(group, link)}
${num(formatCount(lang, group.evaluated))}${num(formatShare(lang, group.satisfactionShare))}${intervalCell(lang, group)}</tr>`);
  const unranked = ranking.unranked.map((group) => html`<tr>${nameCell(group, link)}
${num(formatCount(lang, group.evaluated))}${num(formatShare(lang, group.satisfactionShare))}${intervalCell(lang, group)}<td>${m.notRanked}</td></tr>`);
  const unrankedCaption = fillMessage(m.unrankedCaption, { min: formatCount(lang, min) });
  return html`${ranked.length > 0 ? scrollRegion(m.rankCaption, html`<table class="data figures" id="ranking-table">
<caption>${m.rankCaption}</caption>
<thead><tr><th scope="col">${m.rank}</th><th scope="col">${m.name}</th><th scope="col">${m.evaluated}</th><th scope="col">${m.satisfactionShare}</th><th scope="col">${m.interval}</th></tr></thead>
<tbody>${ranked}</tbody>
</table>`) : ''}
${unranked.length > 0 ? html`<h3 id="unranked">${fillMessage(m.unranked, { min: formatCount(lang, min) })}</h3>
${scrollRegion(unrankedCaption, html`<table class="data figures" id="unranked-table">
<caption class="visually-hidden">${unrankedCaption}</caption>
<thead><tr><th scope="col">${m.name}</th><th scope="col">${m.evaluated}</th><th scope="col">${m.satisfactionShare}</th><th scope="col">${m.interval}</th><th scope="col">${m.rank}</th></tr></thead>
<tbody>${unranked}</tbody>
</table>`)}` : ''}`;
}

export interface UnitTableOptions<R extends { key: string; label: string }> {
  id: string;
  caption: string;
  /** The column headers after the unit's. */
  headers: readonly string[];
  /** The page's subject first, then each child unit. */
  rows: readonly R[];
  cells: (row: R) => Html;
  /** Where a child unit's row leads (its own dashboard); the subject's row is plain text. */
  link: (row: R) => string | null;
}

/** A table by unit: the subject's row first, then each child unit's, linked to its own dashboard. */
export function unitTable<R extends { key: string; label: string }>(m: DashboardMessages, o: UnitTableOptions<R>): Html {
  const body = o.rows.map((row, i) => {
    const href = i === 0 ? null : o.link(row);
    return html`<tr><th scope="row" class="wrap">${href ? html`<a href="${href}">${row.label}</a>` : row.label}</th>
${o.cells(row)}</tr>`;
  });
  return scrollRegion(o.caption, html`<table class="data figures" id="${o.id}">
<caption>${o.caption}</caption>
<thead><tr><th scope="col">${m.unit}</th>${o.headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${body}</tbody>
</table>`);
}

/** The closed loop's figures: the subject's row first, then each child unit, linked to its own dashboard. */
export function casesTable(lang: Lang, m: DashboardMessages, caption: string, rows: readonly CaseFigureGroup[], link: (g: CaseFigureGroup) => string | null): Html {
  return unitTable(m, {
    id: 'cases-table', caption, rows, link,
    headers: [m.casesOpened, m.acknowledgedOnTime, m.concludedOnTime, m.medianDaysToConclude, m.violationsConfirmed, m.responsesAccepted, m.responsesDisputed],
    cells: (g) => html`${num(formatCount(lang, g.opened))}${num(formatShare(lang, g.acknowledgedOnTime))}${num(formatShare(lang, g.concludedOnTime))}${num(formatDays(lang, g.medianDaysToConclude))}
${num(formatShare(lang, g.violationsConfirmed))}${num(formatShare(lang, g.accepted))}${num(formatShare(lang, g.disputed))}`,
  });
}
