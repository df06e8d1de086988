import { searchForm } from '../web/components.js';
import { formatDay, localName } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import { fillMessage } from '../web/i18n/index.js';
import { layout, type PageContext } from '../web/layout.js';
import { maxSearchLength } from '../shared/text-search.js';
import type { UnitBrowse } from './units.service.js';
import type { UnitNode } from './unit-tree.js';

function unitDates(ctx: PageContext, node: UnitNode): Html | '' {
  const { t } = ctx;
  const u = node.unit;
  const pilot = u.pilot_from && u.pilot_to ? `${formatDay(u.pilot_from)} – ${formatDay(u.pilot_to)}` : null;
  if (!pilot && !u.live_from) return '';
  return html`<dl class="unit-dates">
    ${pilot ? html`<div><dt>${t.unitPilot}</dt><dd>${pilot}</dd></div>` : ''}
    ${u.live_from ? html`<div><dt>${t.unitLiveFrom}</dt><dd>${formatDay(u.live_from)}</dd></div>` : ''}
  </dl>`;
}

function unitItem(ctx: PageContext, node: UnitNode): Html {
  const { t, lang } = ctx;
  const u = node.unit;
  const name = localName(lang, u);
  return html`<li>
  <div class="unit${node.matched ? ' unit-match' : ''}">
    <span class="unit-code" title="${t.unitCode}">${u.code}</span>
    ${node.matched ? html`<mark class="unit-name">${name}</mark>` : html`<span class="unit-name">${name}</span>`}
    <span class="badge badge-${u.kind}">${t[`unitKind_${u.kind}`]}</span>
    ${unitDates(ctx, node)}
  </div>
  ${node.children.length > 0 ? html`<ul>${node.children.map((child) => unitItem(ctx, child))}</ul>` : ''}
</li>`;
}

/** /units: the organisation as nested lists, any depth, with a search box. */
export function unitsPage(ctx: PageContext, view: UnitBrowse): Html {
  const { t } = ctx;
  const summary = view.matchCount === null ? '' :
    html`<p class="result-count">${fillMessage(t.unitsMatching, { count: view.matchCount, q: view.query })}</p>`;
  const tree = view.tree.length === 0 ? html`<p>${t.noResults}</p>` :
    html`<ul class="tree" aria-label="${t.unitsTreeLabel}">${view.tree.map((node) => unitItem(ctx, node))}</ul>`;
  return layout(ctx, t.unitsTitle, html`<p class="lead">${t.unitsLead}</p>
${searchForm(ctx, { action: '/units', label: t.unitsSearchLabel, value: view.query, maxLength: maxSearchLength })}
${summary}
${tree}`);
}
