import type { FastifyRequest } from 'fastify';
import { hrefWith, scrollRegion } from '../web/components.js';
import { formatInstant, localName } from '../web/format.js';
import { html } from '../web/html.js';
import { layout, pageContext } from '../web/layout.js';
import type { ResolvedTarget } from './evaluation-rules.js';
import type { EvaluationWithRater } from './evaluation-review.repository.js';

const texts = {
  vi: {
    title: 'Đánh giá và người đánh giá', lead: 'Chỉ thanh tra và quản trị xem được doanh nghiệp đã đánh giá. Mỗi lần xem được ghi vào nhật ký.',
    low: 'Chỉ mức 1–3', all: 'Tất cả', filter: 'Lọc', when: 'Thời điểm', declaration: 'Tờ khai', business: 'Doanh nghiệp', office: 'Chi cục',
    overall: 'Mức chung', targets: 'Đối tượng', reasons: 'Lý do', comment: 'Ý kiến', channel: 'Kênh', older: 'Cũ hơn', version: 'Lần',
  },
  en: {
    title: 'Ratings and raters', lead: 'Only inspectors and administrators see which business rated. Every view is recorded in the audit trail.',
    low: 'Levels 1–3 only', all: 'All', filter: 'Filter', when: 'Submitted', declaration: 'Declaration', business: 'Business', office: 'Office',
    overall: 'Overall', targets: 'Targets', reasons: 'Reasons', comment: 'Comment', channel: 'Channel', older: 'Older', version: 'Version',
  },
};

export function reviewPage(request: FastifyRequest, rows: EvaluationWithRater[], more: boolean, low: boolean) {
  const ctx = pageContext(request);
  const t = texts[ctx.lang];
  const body = rows.map((r) => {
    const targets = (JSON.parse(r.targets_json) as ResolvedTarget[]).map((x) => `${x.type} ${x.code}: ${x.level}`).join('; ');
    return html`<tr><td>${formatInstant(r.submitted_at)}</td><td>${r.declaration_no}</td><td>${r.tax_code}<br>${r.business_name}</td>
      <td>${localName(ctx.lang, { name_vi: r.office_name_vi, name_en: r.office_name_en })}</td><td>${r.overall}</td><td>${targets}</td>
      <td>${(JSON.parse(r.reasons_json) as string[]).join(', ')}</td><td>${r.comment ?? ''}</td><td>${r.rating_channel}</td><td>${r.version}</td></tr>`;
  });
  const last = rows[rows.length - 1];
  return layout(ctx, t.title, html`
<p>${t.lead}</p>
<form method="get" action="/evaluations" class="filters">
  <p><label><input type="checkbox" name="low" value="1" ${low ? 'checked' : ''}> ${t.low}</label> <button type="submit">${t.filter}</button></p>
</form>
${scrollRegion(t.title, html`<table class="data"><caption>${t.title}</caption>
<thead><tr><th scope="col">${t.when}</th><th scope="col">${t.declaration}</th><th scope="col">${t.business}</th><th scope="col">${t.office}</th>
<th scope="col">${t.overall}</th><th scope="col">${t.targets}</th><th scope="col">${t.reasons}</th><th scope="col">${t.comment}</th><th scope="col">${t.channel}</th><th scope="col">${t.version}</th></tr></thead>
<tbody>${body}</tbody></table>`)}
${more && last ? html`<nav class="pager"><a rel="next" href="${hrefWith('/evaluations', { low: low ? '1' : undefined, before: `${last.submitted_at}.${last.declaration_id}` })}">${t.older}</a></nav>` : ''}`);
}
