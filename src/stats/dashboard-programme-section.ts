import { partnershipMessages } from '../partnership/partnership.i18n.js';
import { problemMessages } from '../problems/problem.i18n.js';
import { hrefWith, scrollRegion } from '../web/components.js';
import { html, type Html } from '../web/html.js';
import { fillMessage } from '../web/i18n/index.js';
import type { PageContext } from '../web/layout.js';
import { formatCount, formatMean, formatShare } from './dashboard-format.js';
import type { ProgrammeView } from './dashboard-programme.js';
import type { DashboardTable } from './dashboard-query.schema.js';
import { num, unitTable } from './dashboard-tables.js';
import type { DashboardMessages } from './dashboard.i18n.js';

/** What the section links to: a table's CSV, a child unit's dashboard, the programme's own pages for the same period. */
export interface ProgrammeLinks {
  csv: (table: DashboardTable, title: string) => Html;
  unit: (code: string) => string;
  period: { from?: string | undefined; to?: string | undefined };
}

function associationsTable(ctx: PageContext, m: DashboardMessages, a: ProgrammeView['associations']): Html {
  const n = (value: number) => num(formatCount(ctx.lang, value));
  return scrollRegion(m.associationsCaption, html`<table class="data figures" id="programme-associations-table">
<caption>${m.associationsCaption}</caption>
<thead><tr><th scope="col">${m.unit}</th><th scope="col">${m.associationsCount}</th><th scope="col">${m.rulesSigned}</th><th scope="col">${m.rulesSignedInPeriod}</th></tr></thead>
<tbody><tr><th scope="row">${m.wholeDepartment}</th>${n(a.associations)}${n(a.rules)}${n(a.rulesSignedInPeriod)}</tr></tbody>
</table>`);
}

/**
 * "Chương trình đối tác": agreements and association members, the associations, and problems, of
 * the dashboard's unit and period and of each child unit (dashboard-programme.ts says how each
 * figure is attributed). Each table has its caption and its CSV.
 */
export function programmeSection(ctx: PageContext, m: DashboardMessages, programme: ProgrammeView, officerShown: boolean, links: ProgrammeLinks): Html {
  const { lang } = ctx;
  const pm = problemMessages(lang);
  const name = programme.partnership[0]?.label || m.total;
  const link = (row: { key: string }) => links.unit(row.key);
  const agreements = unitTable(m, {
    id: 'programme-agreements-table', caption: fillMessage(m.agreementsCaption, { name }), rows: programme.partnership, link,
    headers: [m.agreementsSigned, m.agreementsActive, m.memberBusinesses],
    cells: (r) => html`${num(formatCount(lang, r.signed))}${num(formatCount(lang, r.active))}${num(formatCount(lang, r.memberBusinesses))}`,
  });
  const problems = unitTable(m, {
    id: 'programme-problems-table', caption: fillMessage(m.problemsCaption, { name }), rows: programme.problems, link,
    headers: [pm.figReceived, pm.figAnswered, pm.figOnTimeShare, pm.figRated, m.problemsSatisfied, m.problemsMean],
    cells: (r) => html`${num(formatCount(lang, r.received))}${num(formatCount(lang, r.answered))}${num(formatShare(lang, r.onTimeShare))}
${num(formatCount(lang, r.rated))}${num(formatShare(lang, r.satisfiedShare))}${num(formatMean(lang, r.meanRating))}`,
  });
  return html`<section aria-labelledby="programme-title">
<h2 id="programme-title">${m.programme}</h2>
<p class="hint">${m.programmeLead}${officerShown ? html` ${m.programmeOfficerLead}` : ''}</p>
<h3 id="programme-agreements-title">${m.agreementsTitle}</h3>
${agreements}
${links.csv('partnership', m.agreementsTitle)}
<h3 id="programme-associations-title">${m.associationsTitle}</h3>
${associationsTable(ctx, m, programme.associations)}
${links.csv('associations', m.associationsTitle)}
<h3 id="programme-problems-title">${m.problemsTitle}</h3>
${problems}
${links.csv('problems', m.problemsTitle)}
<p>${m.programmeMore}: <a href="${hrefWith('/partnership', links.period)}">${partnershipMessages(lang).dashboardLink}</a> ·
<a href="${hrefWith('/problems/figures', links.period)}">${pm.figuresTitle}</a></p>
</section>`;
}
