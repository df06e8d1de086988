import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { actorOf } from '../auth/auth.plugin.js';
import { requirePageRole } from '../auth/guards.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { readSettings, settingDefinitions, settingKeys, updateSettings, type SettingDefaults, type SettingKey } from '../settings/settings.js';
import { sendPage } from '../web/components.js';
import { html } from '../web/html.js';
import { layout, pageContext } from '../web/layout.js';
import { adminMessages } from './admin.i18n.js';
import { csrfField, formError, formNotice } from './forms.js';

function settingsPage(request: FastifyRequest, values: Record<SettingKey, number>, extra: { saved?: boolean; error?: AppError } = {}) {
  const ctx = pageContext(request);
  const a = adminMessages(ctx.lang);
  return layout(ctx, a.settingsTitle, html`
<p>${a.settingsLead}</p>${formNotice(extra.saved ? a.saved : undefined)}${formError(ctx, extra.error)}
<form method="post" action="/admin/settings" class="form narrow">${csrfField(request)}
${settingKeys.map((key) => {
    const def = settingDefinitions[key];
    return html`<p><label for="${key}">${def[ctx.lang]}</label>
  <input id="${key}" name="${key}" type="number" required min="${def.min}" max="${def.max}" step="1" value="${values[key]}"></p>`;
  })}
<p><button type="submit">${a.save}</button></p></form>`);
}

/** `defaults`: the environment's (`settingDefaultsOf`). */
export function settingsAdminRoutes(db: Db, defaults: SettingDefaults): FastifyPluginAsync {
  return async (app) => {
    const admin = { preHandler: requirePageRole('admin') };
    app.get<{ Querystring: { saved?: string } }>('/admin/settings', admin, async (request, reply) =>
      sendPage(reply, settingsPage(request, await readSettings(db.kysely, defaults), { saved: request.query.saved === '1' })));
    app.post<{ Body: Record<string, unknown> }>('/admin/settings', admin, async (request, reply) => {
      try {
        await updateSettings(db.kysely, request.body ?? {}, actorOf(request), { defaults });
        return reply.redirect('/admin/settings?saved=1', 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return sendPage(reply.status(error.status), settingsPage(request, await readSettings(db.kysely, defaults), { error }));
      }
    });
  };
}
