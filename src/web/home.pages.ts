import type { Lang } from '../errors.js';
import { html } from './html.js';
import { formatNumber } from './i18n/index.js';
import { layout, mayOpenSection, type PageContext } from './layout.js';

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

const levels = [5, 4, 3, 2, 1] as const;

/** The overview: organisation-wide counts when the reader may see them (null otherwise), and the sections they may open. */
export function homePage(ctx: PageContext, counts: HomeCounts | null) {
  const { t, lang } = ctx;
  const browse = ([
    ['/units', t.navUnits, t.homeBrowseUnits],
    ['/officers', t.navOfficers, t.homeBrowseOfficers],
    ['/declarations', t.navDeclarations, t.homeBrowseDeclarations],
  ] as const).filter(([href]) => mayOpenSection(ctx, href));
  return layout(ctx, t.homeTitle, html`
<p class="lead">${t.appTagline}</p>
${counts ? html`<ul class="tiles">
  ${tile(lang, t.countUnits, counts.units, '/units')}
  ${tile(lang, t.countOfficers, counts.officers, '/officers')}
  ${tile(lang, t.countBusinesses, counts.businesses)}
  ${tile(lang, t.countDeclarations, counts.declarations, '/declarations')}
</ul>` : ''}
<div class="home-panels">
  <section aria-labelledby="browse-title">
    <h2 id="browse-title">${t.homeBrowseTitle}</h2>
    <ul class="browse">${browse.map(([href, title, text]) => html`<li><a href="${href}">${title}</a><p>${text}</p></li>`)}</ul>
  </section>
  <section aria-labelledby="levels-title">
    <h2 id="levels-title">${t.homeLevelsTitle}</h2>
    <p>${t.homeLevelsLead}</p>
    <ol class="levels" reversed>${levels.map((level) => html`<li class="level level-${level}"><span class="level-mark">${level}</span>${t[`homeLevel${level}`]}</li>`)}</ol>
  </section>
</div>`);
}
