import { reasonLabel } from '../evaluations/rating.i18n.js';
import { formatDay, formatInstant, localName } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import type { PageContext } from '../web/layout.js';
import { unitDetailKeys, type CasePage } from './case-views.service.js';
import { actionLabel, caseMessages, findingLabel, statusLabel, type CaseMessages } from './case.i18n.js';

/**
 * The case's timeline, every event with its time, what happened, who did it, the status it moved
 * and its details — each known detail in words, anything else as recorded (always escaped).
 */
type Event = CasePage['detail']['timeline'][number];

const dayKeys: readonly string[] = ['acknowledgeDue', 'concludeDue', 'answerDue', 'dueDay'];
const textKeys: readonly string[] = ['note', 'response', 'actionDetails', 'reason'];

/** The words of a code under a prefix of the catalogue (event_, detail_, actor_ …), or the code as recorded. */
function known(m: CaseMessages, prefix: string, code: string): string {
  const key = `${prefix}${code}`;
  return Object.hasOwn(m, key) ? m[key as keyof CaseMessages] : code;
}

function detailValue(ctx: PageContext, view: CasePage, key: string, value: unknown): Html | string {
  const m = caseMessages(ctx.lang);
  if (value === null || value === undefined) return '';
  if (dayKeys.includes(key) && typeof value === 'string') return formatDay(value);
  if (textKeys.includes(key) && typeof value === 'string') return html`<span class="comment">${value}</span>`;
  if ((unitDetailKeys as readonly string[]).includes(key) && typeof value === 'number') {
    const unit = view.units.get(value);
    return unit ? `${unit.code} — ${localName(ctx.lang, unit)}` : String(value);
  }
  if (key === 'finding' && typeof value === 'string') return findingLabel(ctx.lang, value);
  if (key === 'action' && typeof value === 'string') return actionLabel(ctx.lang, value);
  if (key === 'categories' && Array.isArray(value)) return value.map((c) => reasonLabel(ctx.lang, String(c))).join(', ');
  if (key === 'officers' && Array.isArray(value)) return value.map(String).join(', ');
  if (key === 'deadline' && typeof value === 'string') return known(m, 'deadline_', value);
  if (key === 'answer' && typeof value === 'string') return known(m, 'answer_', value);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}

function eventDetails(ctx: PageContext, view: CasePage, details: unknown): Html | '' {
  if (details === null || typeof details !== 'object') return '';
  const m = caseMessages(ctx.lang);
  const entries = Object.entries(details as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0));
  if (entries.length === 0) return '';
  return html`<dl class="event-details">${entries.map(([key, value]) => html`<div><dt>${known(m, 'detail_', key)}</dt><dd>${detailValue(ctx, view, key, value)}</dd></div>`)}</dl>`;
}

/** A staff member by username; anyone else by kind (the business is never named on staff pages). */
function actorText(m: CaseMessages, actor: string | null): string {
  return actor === null ? m.actor_system : known(m, 'actor_', actor);
}

function eventItem(ctx: PageContext, view: CasePage, e: Event): Html {
  const m = caseMessages(ctx.lang);
  const at = Date.parse(e.at);
  const move = e.from !== null && e.to !== null && e.from !== e.to ? html`<p class="event-move">${statusLabel(ctx.lang, e.from)} → ${statusLabel(ctx.lang, e.to)}</p>` : '';
  return html`<li class="event event-${e.kind}">
<p class="event-head"><time datetime="${e.at}">${formatInstant(at)}</time> <strong>${known(m, 'event_', e.kind)}</strong> — <span class="event-actor">${actorText(m, e.actor)}</span></p>
${move}
${eventDetails(ctx, view, e.details)}
</li>`;
}

export function caseTimeline(ctx: PageContext, view: CasePage): Html {
  const m = caseMessages(ctx.lang);
  return html`<section aria-labelledby="timeline-title">
<h2 id="timeline-title">${m.timelineTitle}</h2>
<ol class="timeline">${view.detail.timeline.map((e) => eventItem(ctx, view, e))}</ol>
</section>`;
}
