import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actorOf } from '../auth/auth.plugin.js';
import { requirePageRole } from '../auth/guards.js';
import type { Db } from '../db/database.js';
import type { Unit } from '../db/schema.js';
import { AppError } from '../errors.js';
import { assignmentHistory, findOfficerByCode } from '../officers/officers.repository.js';
import { listUnits } from '../units/units.repository.js';
import { scrollRegion, sendPage } from '../web/components.js';
import { formatDay, localName } from '../web/format.js';
import { html } from '../web/html.js';
import { fillMessage } from '../web/i18n/index.js';
import { layout, pageContext } from '../web/layout.js';
import { adminMessages } from './admin.i18n.js';
import { csrfField, formError, formNotice } from './forms.js';
import { transferOfficer, updateUnitRollout } from './organisation.service.js';

const RolloutBody = Type.Object({
  pilot_from: Type.Optional(Type.String({ maxLength: 10 })), pilot_to: Type.Optional(Type.String({ maxLength: 10 })),
  live_from: Type.Optional(Type.String({ maxLength: 10 })), _csrf: Type.Optional(Type.String()),
});
const OfficerPageQuery = Type.Object({ moved: Type.Optional(Type.Integer({ minimum: 0 })) });
const TransferBody = Type.Object({ unit_code: Type.String({ maxLength: 40 }), from: Type.String({ maxLength: 10 }), _csrf: Type.Optional(Type.String()) });

function rolloutPage(request: FastifyRequest, units: Unit[], error?: AppError) {
  const ctx = pageContext(request);
  const a = adminMessages(ctx.lang);
  const date = (u: Unit, name: 'pilot_from' | 'pilot_to' | 'live_from', label: string) =>
    html`<label class="visually-hidden" for="${name}-${u.id}">${label} ${u.code}</label><input id="${name}-${u.id}" name="${name}" type="date" form="f-${u.id}" value="${u[name] ?? ''}">`;
  const rows = units.map((u) => html`<tr><th scope="row">${'· '.repeat(u.depth)}${u.code} ${localName(ctx.lang, u)}</th>
    <td>${date(u, 'pilot_from', a.pilotFrom)}</td><td>${date(u, 'pilot_to', a.pilotTo)}</td><td>${date(u, 'live_from', a.liveFrom)}</td>
    <td><form id="f-${u.id}" method="post" action="/admin/units/${encodeURIComponent(u.code)}/rollout">${csrfField(request)}<button type="submit">${a.save}<span class="visually-hidden"> ${u.code}</span></button></form></td></tr>`);
  return layout(ctx, a.rolloutTitle, html`${formError(ctx, error)}
${scrollRegion(a.rolloutTitle, html`<table class="data"><caption>${a.rolloutTitle}</caption>
<thead><tr><th scope="col">${a.name}</th><th scope="col">${a.pilotFrom}</th><th scope="col">${a.pilotTo}</th><th scope="col">${a.liveFrom}</th><th scope="col"><span class="visually-hidden">${a.save}</span></th></tr></thead>
<tbody>${rows}</tbody></table>`)}`);
}

/** An officer's assignment history and the transfer form. */
async function officerPage(
  db: Db, request: FastifyRequest<{ Params: { code: string } }>, extra: { error?: AppError; notice?: string; form?: { unit_code: string; from: string } },
) {
  const officer = await findOfficerByCode(db.kysely, request.params.code);
  if (!officer) throw new AppError('not_found');
  const history = await assignmentHistory(db.kysely, officer.id);
  const ctx = pageContext(request);
  const a = adminMessages(ctx.lang);
  return layout(ctx, `${officer.code} — ${officer.full_name}`, html`${formNotice(extra.notice)}${formError(ctx, extra.error)}
<table class="data"><caption>${ctx.t.officerAssignments}</caption><thead><tr><th scope="col">${ctx.t.assignmentUnit}</th><th scope="col">${ctx.t.assignmentFrom}</th><th scope="col">${ctx.t.assignmentTo}</th></tr></thead>
<tbody>${history.map((h) => html`<tr><td>${h.unit_code}</td><td>${formatDay(h.from_day)}</td><td>${h.to_day ? formatDay(h.to_day) : ctx.t.present}</td></tr>`)}</tbody></table>
<h2>${a.transferTitle}</h2>
<form method="post" action="/admin/officers/${encodeURIComponent(officer.code)}/transfer" class="form narrow">${csrfField(request)}
  <p><label for="unit_code">${a.transferUnit}</label><input id="unit_code" name="unit_code" required maxlength="40" value="${extra.form?.unit_code ?? ''}"></p>
  <p><label for="from">${a.transferFrom}</label><input id="from" name="from" type="date" required aria-describedby="from-hint" value="${extra.form?.from ?? ''}"></p>
  <p class="hint" id="from-hint">${a.transferFromHint}</p>
  <p><button type="submit">${a.transfer}</button></p></form>`);
}

/** Administration of the organisation: roll-out dates, officer transfers. */
export function organisationAdminRoutes(db: Db): FastifyPluginAsync {
  return async (app) => {
    const admin = { preHandler: requirePageRole('admin') };
    app.get('/admin/units', admin, async (request, reply) => sendPage(reply, rolloutPage(request, await listUnits(db.kysely))));

    app.post<{ Params: { code: string }; Body: { pilot_from?: string; pilot_to?: string; live_from?: string } }>(
      '/admin/units/:code/rollout', { ...admin, schema: { body: RolloutBody } }, async (request, reply) => {
        try {
          await updateUnitRollout(db.kysely, request.params.code, request.body, actorOf(request));
          return reply.redirect('/admin/units', 303);
        } catch (error) {
          if (!(error instanceof AppError) || error.code === 'not_found') throw error;
          return sendPage(reply.status(error.status), rolloutPage(request, await listUnits(db.kysely), error));
        }
      });

    app.get<{ Params: { code: string }; Querystring: { moved?: number } }>(
      '/admin/officers/:code', { ...admin, schema: { querystring: OfficerPageQuery } }, async (request, reply) => {
        const ctx = pageContext(request);
        const moved = request.query.moved;
        return sendPage(reply, await officerPage(db, request, moved === undefined ? {} : { notice: fillMessage(adminMessages(ctx.lang).transferred, { count: moved }) }));
      });

    app.post<{ Params: { code: string }; Body: { unit_code: string; from: string } }>(
      '/admin/officers/:code/transfer', { ...admin, schema: { body: TransferBody } }, async (request, reply) => {
        try {
          const moved = await transferOfficer(db.kysely, request.params.code, request.body.unit_code, request.body.from, actorOf(request));
          return reply.redirect(`/admin/officers/${encodeURIComponent(request.params.code)}?moved=${moved}`, 303);
        } catch (error) {
          if (!(error instanceof AppError) || error.code === 'not_found') throw error;
          return sendPage(reply.status(error.status), await officerPage(db, request, { error, form: request.body }));
        }
      });
  };
}
