import type { Lang } from '../errors.js';
import { html } from './html.js';
import { formatNumber } from './i18n/index.js';
import { layout, type PageContext } from './layout.js';

export interface HomeCounts {
  units: number;
  officers: number;
  businesses: number;
  declarations: number;
}

function tile(lang: Lang, label: string, value: number, href?: string) {
  const number = formatNumber(lang, value);
  return html`<li class="tile">${href ? html`<a href="${href}">` : ''}<span class="tile-value">${number}</span>
    <span class="tile-label">${label}</span>${href ? html`</a>` : ''}</li>`;
}

export function homePage(ctx: PageContext, counts: HomeCounts) {
  const { t, lang } = ctx;
  return layout(ctx, t.homeTitle, html`
<p class="lead">${t.appTagline}</p>
<ul class="tiles">
  ${tile(lang, t.countUnits, counts.units, '/units')}
  ${tile(lang, t.countOfficers, counts.officers, '/officers')}
  ${tile(lang, t.countBusinesses, counts.businesses)}
  ${tile(lang, t.countDeclarations, counts.declarations, '/declarations')}
</ul>`);
}
