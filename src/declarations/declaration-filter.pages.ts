import { ratingMessages } from '../evaluations/rating.i18n.js';
import { html, type Html } from '../web/html.js';
import type { PageContext } from '../web/layout.js';
import { localName } from '../web/format.js';
import { declarationKinds } from './declaration-rules.js';
import type { DeclarationBrowse } from './declaration-browse.service.js';

function options(selected: string, choices: readonly (readonly [string, string])[]): Html[] {
  return choices.map(([value, label]) => html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}</option>`);
}

function field(id: string, label: string, control: Html, hint?: string): Html {
  return html`<div class="field"><label for="${id}">${label}</label>${control}${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}</div>`;
}

/** The search-and-filter form of /declarations: a plain GET form, usable without JavaScript. */
export function declarationFilterForm(ctx: PageContext, view: DeclarationBrowse): Html {
  const { t, lang } = ctx;
  const f = view.form;
  const any = ['', t.anyOption] as const;
  return html`<form class="filters" method="get" action="/declarations" role="search">
<fieldset>
<legend>${t.filtersLegend}</legend>
<div class="fields">
${field('q', t.declarationsSearchLabel, html`<input id="q" name="q" type="search" value="${f.q}" maxlength="40" autocomplete="off" aria-describedby="q-hint">`, t.declarationsSearchHint)}
${field('office', t.declarationOffice, html`<select id="office" name="office">${options(f.office, [any, ...view.offices.map((o) => [o.code, `${o.code} — ${localName(lang, o)}`] as const)])}</select>`)}
${field('kind', t.declarationKind, html`<select id="kind" name="kind">${options(f.kind, [any, ...declarationKinds.map((k) => [k, t[`kind_${k}`]] as const)])}</select>`)}
${field('channel', t.declarationChannel, html`<select id="channel" name="channel">${options(f.channel, [any, ['1', t.channel_1], ['2', t.channel_2], ['3', t.channel_3]])}</select>`)}
${field('from', t.filterClearedFrom, html`<input id="from" name="from" type="date" value="${f.from}">`)}
${field('to', t.filterClearedTo, html`<input id="to" name="to" type="date" value="${f.to}">`)}
${ctx.principal.kind === 'user' && ctx.principal.role === 'business' ? html`<div class="field field-check"><label><input type="checkbox" name="unrated" value="1"${f.unrated === '1' ? html` checked` : ''}> ${ratingMessages(lang).filterUnrated}</label></div>` : ''}
</div>
<div class="actions"><button type="submit">${t.filterButton}</button> <a href="/declarations">${t.clearFilters}</a></div>
</fieldset>
</form>`;
}
