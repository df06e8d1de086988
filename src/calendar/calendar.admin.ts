import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { actionButton, csrfField, formError, formNotice } from '../admin/forms.js';
import { actorOf } from '../auth/auth.plugin.js';
import { requirePageRole } from '../auth/guards.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { vietnamDay } from '../shared/time.js';
import { hrefWith, scrollRegion, sendPage } from '../web/components.js';
import { formatDay } from '../web/format.js';
import { html } from '../web/html.js';
import { fillMessage } from '../web/i18n/index.js';
import { layout, pageContext } from '../web/layout.js';
import { calendarMessages } from './calendar.i18n.js';
import { CalendarQuery, calendarYears, HolidayBody, HolidayParams, holidayNameMaxLength } from './calendar.schema.js';
import { addHoliday, calendarYear, isCalendarDay, removeHoliday, type CalendarYear } from './calendar.service.js';
import { dayOfWeek } from './working-days.js';

function currentYear(): number {
  return Number(vietnamDay(Date.now()).slice(0, 4));
}

/** The year to show after a change of `day`: its own, or this year for a day the calendar cannot hold. */
function yearOf(day: string): number {
  return isCalendarDay(day.trim()) ? Number(day.trim().slice(0, 4)) : currentYear();
}

interface PageExtra {
  notice?: string;
  error?: AppError;
  /** What the admin typed, shown again when the addition failed. */
  form?: HolidayBody;
}

function calendarPage(request: FastifyRequest, view: CalendarYear, extra: PageExtra = {}) {
  const ctx = pageContext(request);
  const c = calendarMessages(ctx.lang);
  const { year } = view;
  const yearLink = (to: number, label: string, rel: 'prev' | 'next') =>
    to >= calendarYears.min && to <= calendarYears.max ? html`<a rel="${rel}" href="${hrefWith('/admin/calendar', { year: to })}">${label}</a>` : '';
  const rows = view.holidays.map((h) => html`<tr><td>${formatDay(h.day)}</td><td>${c.weekdays[dayOfWeek(h.day)]}</td>
    <td lang="vi">${h.name_vi}</td><td lang="en">${h.name_en}</td>
    <td>${actionButton(request, `/admin/calendar/${h.day}/delete`, `${c.remove} ${formatDay(h.day)}`, true)}</td></tr>`);
  const form = extra.form;
  return layout(ctx, c.calendarTitle, html`
<p>${c.calendarLead}</p>${formNotice(extra.notice)}${formError(ctx, extra.error)}
<nav class="pager" aria-label="${c.year}">${yearLink(year - 1, `‹ ${year - 1}`, 'prev')}
<form method="get" action="/admin/calendar" class="inline"><label for="year">${c.year}</label>
<input id="year" name="year" type="number" min="${calendarYears.min}" max="${calendarYears.max}" step="1" value="${year}" required> <button type="submit">${c.show}</button></form>
${yearLink(year + 1, `${year + 1} ›`, 'next')}</nav>
<p>${fillMessage(c.workingDaysInYear, { year, count: view.workingDays })}</p>
${view.holidays.length === 0 ? html`<p>${c.noHolidays}</p>` : scrollRegion(fillMessage(c.holidaysOfYear, { year }), html`<table class="data">
<caption>${fillMessage(c.holidaysOfYear, { year })}</caption>
<thead><tr><th scope="col">${c.day}</th><th scope="col">${c.weekday}</th><th scope="col">${c.nameVi}</th><th scope="col">${c.nameEn}</th><th scope="col"><span class="visually-hidden">${c.remove}</span></th></tr></thead>
<tbody>${rows}</tbody></table>`)}
<h2>${c.addTitle}</h2>
<form method="post" action="/admin/calendar" class="form narrow">${csrfField(request)}
  <p><label for="day">${c.day}</label><input id="day" name="day" type="date" required value="${form?.day ?? ''}"></p>
  <p><label for="name_vi">${c.nameVi}</label><input id="name_vi" name="name_vi" lang="vi" required maxlength="${holidayNameMaxLength}" value="${form?.name_vi ?? ''}"></p>
  <p><label for="name_en">${c.nameEn}</label><input id="name_en" name="name_en" lang="en" required maxlength="${holidayNameMaxLength}" value="${form?.name_en ?? ''}"></p>
  <p><button type="submit">${c.add}</button></p>
</form>`);
}

/** /admin/calendar: the days off of a year, added and removed by administrators (audited). */
export function calendarAdminRoutes(db: Db): FastifyPluginAsync {
  return async (app) => {
    const admin = { preHandler: requirePageRole('admin') };

    app.get<{ Querystring: CalendarQuery }>('/admin/calendar', { ...admin, schema: { querystring: CalendarQuery } }, async (request, reply) => {
      const { year = currentYear(), added, removed } = request.query;
      const c = calendarMessages(pageContext(request).lang);
      const notice = added ? fillMessage(c.added, { day: formatDay(added) }) : removed ? fillMessage(c.removed, { day: formatDay(removed) }) : undefined;
      return sendPage(reply, calendarPage(request, await calendarYear(db.kysely, year), { notice }));
    });

    app.post<{ Body: HolidayBody }>('/admin/calendar', { ...admin, schema: { body: HolidayBody } }, async (request, reply) => {
      try {
        const { day } = await addHoliday(db.kysely, request.body, actorOf(request));
        return reply.redirect(hrefWith('/admin/calendar', { year: yearOf(day), added: day }), 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const view = await calendarYear(db.kysely, yearOf(request.body.day));
        return sendPage(reply.status(error.status), calendarPage(request, view, { error, form: request.body }));
      }
    });

    app.post<{ Params: HolidayParams }>('/admin/calendar/:day/delete', { ...admin, schema: { params: HolidayParams } }, async (request, reply) => {
      const { day } = request.params;
      await removeHoliday(db.kysely, day, actorOf(request));
      return reply.redirect(hrefWith('/admin/calendar', { year: yearOf(day), removed: day }), 303);
    });
  };
}
