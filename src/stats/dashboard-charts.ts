import type { Lang } from '../errors.js';
import { html, type Html } from '../web/html.js';
import { fillMessage } from '../web/i18n/index.js';
import { formatShare } from './dashboard-format.js';
import type { DashboardMessages } from './dashboard.i18n.js';
import type { StatGroupResult } from './stats.service.js';

// Charts drawn on the server as inline SVG in percentage coordinates, so they stretch to any width
// without distorting and need no script, no style attribute and no library. The SVG holds no text:
// labels are HTML beside it (readable at any zoom), and each chart has a text alternative and the
// same figures in a table right after it.

/** A number 0..1 as an SVG percentage, rounded to keep the markup short. */
const pct = (x: number) => `${Math.round(Math.min(1, Math.max(0, x)) * 10_000) / 100}%`;

/** A horizontal bar for a table cell: decorative, the cell's number says it. */
export function meter(share: number | null): Html | '' {
  if (share === null) return '';
  return html`<svg class="meter" aria-hidden="true" focusable="false"><rect class="meter-track" width="100%" height="100%"></rect><rect class="meter-fill" width="${pct(share)}" height="100%"></rect></svg>`;
}

/** The 95 % interval as a band with the share as a tick, on a 0–100 % scale: decorative, the cells say it. */
export function intervalPlot(share: number | null, ci: readonly [number, number] | null): Html | '' {
  if (share === null || ci === null) return '';
  return html`<svg class="interval" aria-hidden="true" focusable="false">
<rect class="interval-track" width="100%" height="100%"></rect>
<rect class="interval-band" x="${pct(ci[0])}" y="25%" width="${pct(ci[1] - ci[0])}" height="50%"></rect>
<line class="interval-point" x1="${pct(share)}" x2="${pct(share)}" y1="0" y2="100%"></line></svg>`;
}

function monthName(lang: Lang, month: string): string {
  const m = Number(month.slice(5, 7));
  return lang === 'vi' ? `T${m}` : new Date(Date.UTC(2000, m - 1, 1)).toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
}

const monthLabel = (lang: Lang, month: string) => `${monthName(lang, month)} ${month.slice(0, 4)}`;

const extent = (values: readonly number[]) => (values.length === 0 ? null : [Math.min(...values), Math.max(...values)] as const);

/** The text alternative of the trend chart: what it shows and the range of each series. */
function trendDescription(lang: Lang, m: DashboardMessages, months: readonly StatGroupResult[]): string {
  const shares = extent(months.flatMap((g) => (g.satisfactionShare === null ? [] : [g.satisfactionShare])));
  const rates = extent(months.flatMap((g) => (g.evaluationRate === null ? [] : [g.evaluationRate])));
  return fillMessage(m.trendChartDesc, {
    count: months.length, first: monthLabel(lang, months[0]!.key), last: monthLabel(lang, months.at(-1)!.key),
    minShare: formatShare(lang, shares?.[0] ?? null), maxShare: formatShare(lang, shares?.[1] ?? null),
    minRate: formatShare(lang, rates?.[0] ?? null), maxRate: formatShare(lang, rates?.[1] ?? null),
  });
}

/**
 * Monthly evaluation rate (hatched bar, left) and satisfaction share (solid bar, right, with its
 * 95 % interval as a whisker), on one 0–100 % scale. Two shapes, not only two colours, tell them apart.
 */
export function trendChart(lang: Lang, m: DashboardMessages, months: readonly StatGroupResult[]): Html {
  const n = months.length;
  const slot = 1 / n;
  const step = Math.ceil(n / 12);
  const bars = months.map((g, i) => {
    const rate = g.evaluationRate ?? 0;
    const share = g.satisfactionShare;
    const left = i * slot;
    const shareX = left + slot * 0.52;
    const whiskerX = shareX + slot * 0.165;
    return html`<rect class="trend-rate" x="${pct(left + slot * 0.15)}" y="${pct(1 - rate)}" width="${pct(slot * 0.33)}" height="${pct(rate)}"></rect>${share === null ? '' : html`<rect class="trend-share" x="${pct(shareX)}" y="${pct(1 - share)}" width="${pct(slot * 0.33)}" height="${pct(share)}"></rect>`}${g.satisfactionCi ? html`<line class="trend-ci" x1="${pct(whiskerX)}" x2="${pct(whiskerX)}" y1="${pct(1 - g.satisfactionCi[1])}" y2="${pct(1 - g.satisfactionCi[0])}"></line>` : ''}`;
  });
  // The year under the first month and under each January.
  const labels = months.map((g, i) => html`<li>${i % step === 0 ? monthName(lang, g.key) : ''}${i === 0 || g.key.endsWith('-01') ? html`<span class="year">${g.key.slice(0, 4)}</span>` : ''}</li>`);
  const grid = [0, 0.25, 0.5, 0.75, 1].map((y) => html`<line class="trend-grid" x1="0" x2="100%" y1="${pct(y)}" y2="${pct(y)}"></line>`);
  return html`<figure class="chart trend">
<figcaption id="trend-title">${m.trendChartTitle}</figcaption>
<p id="trend-desc" class="hint">${trendDescription(lang, m, months)}</p>
<div class="trend-body">
<div class="trend-y" aria-hidden="true"><span>${formatShare(lang, 1, 0)}</span><span>${formatShare(lang, 0.5, 0)}</span><span>${formatShare(lang, 0, 0)}</span></div>
<svg class="trend-plot" role="img" aria-labelledby="trend-title trend-desc" focusable="false">
<defs><pattern id="trend-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="trend-hatch-bg"></rect><line x1="0" y1="0" x2="0" y2="6" class="trend-hatch-line"></line></pattern></defs>
${grid}${bars}</svg>
</div>
<ol class="trend-x" aria-hidden="true">${labels}</ol>
<ul class="legend" aria-hidden="true">
<li><svg class="swatch" focusable="false"><rect class="trend-rate" width="100%" height="100%"></rect></svg>${m.evaluationRate}</li>
<li><svg class="swatch" focusable="false"><rect class="trend-share" width="100%" height="100%"></rect></svg>${m.satisfactionShare}</li>
<li><svg class="swatch" focusable="false"><line class="trend-ci" x1="50%" x2="50%" y1="0" y2="100%"></line></svg>${m.interval}</li>
</ul>
</figure>`;
}
