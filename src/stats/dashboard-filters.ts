import { declarationKinds } from '../declarations/declaration-rules.js';
import { channelLabel } from '../evaluations/rating.i18n.js';
import { localName } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import type { PageContext } from '../web/layout.js';
import { hasRole } from '../auth/principal.js';
import type { officerRefusedFilters } from './officer-figures.js';
import type { DashboardMessages } from './dashboard.i18n.js';
import type { DashboardView } from './dashboard-view.js';
import { ratingChannels } from './rollup-columns.js';

/** A label that starts a line: its first letter capitalised. */
const sentence = (text: string) => text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);

function options(selected: string, choices: readonly (readonly [string, string])[]): Html[] {
  return choices.map(([value, label]) => html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}</option>`);
}

function field(id: string, label: string, control: Html, hint?: string): Html {
  return html`<div class="field"><label for="${id}">${label}</label>${control}${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}</div>`;
}

/** Units indented by depth under the top of the reader's scope (a non-breaking space per level, as options hold text only). */
function unitChoices(ctx: PageContext, view: DashboardView): [string, string][] {
  const depth = (path: string) => path.split('/').length;
  const top = Math.min(...view.units.map((u) => depth(u.path)));
  return view.units.map((u) => [u.code, `${'\u00a0\u00a0'.repeat(depth(u.path) - top)}${u.code} — ${localName(ctx.lang, u)}`]);
}

/** The dashboard's filters: a plain GET form, usable without JavaScript; the period shown is the one in use. */
export function dashboardFilterForm(ctx: PageContext, m: DashboardMessages, view: DashboardView): Html {
  const { t } = ctx;
  const q = view.query;
  const any = ['', t.anyOption] as const;
  // An officer's own figures: whole months, without the filters the figures refuse them (officer-figures.ts).
  const officer = hasRole(ctx.principal, 'officer');
  // Named by the figures' own list: a field it refuses cannot be offered by mistake.
  const offered = (_name: (typeof officerRefusedFilters)[number], control: Html) => (officer ? '' : control);
  return html`<form class="filters" method="get" action="/dashboard">
<fieldset>
<legend>${m.filtersLegend}</legend>
<div class="fields">
${offered('unit', field('unit', m.unit, html`<select id="unit" name="unit">${options(q.unit ?? view.unit?.code ?? '', unitChoices(ctx, view))}</select>`))}
${field('officer', m.officer, html`<input id="officer" name="officer" value="${q.officer ?? ''}" maxlength="40" autocomplete="off" aria-describedby="officer-hint">`, m.officerHint)}
${field('from', m.from, html`<input id="from" name="from" type="date" value="${q.from ?? ''}"${officer ? html` aria-describedby="from-hint"` : ''}>`, officer ? m.officerMonths : undefined)}
${field('to', m.to, html`<input id="to" name="to" type="date" value="${q.to ?? ''}">`)}
${offered('kind', field('kind', m.kind, html`<select id="kind" name="kind">${options(q.kind ?? '', [any, ...declarationKinds.map((k) => [k, t[`kind_${k}`]] as const)])}</select>`))}
${offered('typeCode', field('typeCode', m.typeCode, html`<input id="typeCode" name="typeCode" value="${q.typeCode ?? ''}" maxlength="10" autocomplete="off">`))}
${offered('channel', field('channel', m.channel, html`<select id="channel" name="channel">${options(q.channel ?? '', [any, ['1', t.channel_1], ['2', t.channel_2], ['3', t.channel_3]])}</select>`))}
${offered('ratingChannel', field('ratingChannel', m.ratingChannel, html`<select id="ratingChannel" name="ratingChannel">${options(q.ratingChannel ?? '', [any, ...ratingChannels.map((c) => [c, sentence(channelLabel(ctx.lang, c))] as const)])}</select>`))}
</div>
<div class="actions"><button type="submit">${m.apply}</button> <a href="/dashboard">${m.reset}</a></div>
</fieldset>
</form>`;
}
