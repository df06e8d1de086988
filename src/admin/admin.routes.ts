import type { FastifyPluginAsync } from 'fastify';
import { requirePageRole } from '../auth/guards.js';
import { auditRoutes } from '../audit/audit.routes.js';
import { calendarAdminRoutes } from '../calendar/calendar.admin.js';
import { calendarMessages } from '../calendar/calendar.i18n.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { deliveryAdminRoutes } from '../notifications/deliveries.admin.js';
import { notificationMessages } from '../notifications/notifications.i18n.js';
import { webhookAdminRoutes } from '../notifications/webhooks.admin.js';
import { partnershipAdminRoutes } from '../partnership/partnership.admin.js';
import { partnershipMessages } from '../partnership/partnership.i18n.js';
import { sendPage } from '../web/components.js';
import { html } from '../web/html.js';
import { layout, pageContext } from '../web/layout.js';
import { adminMessages } from './admin.i18n.js';
import { apiClientAdminRoutes } from './api-clients.admin.js';
import { organisationAdminRoutes } from './organisation.admin.js';
import { settingsAdminRoutes } from './settings.admin.js';
import { settingDefaultsOf } from '../settings/settings.js';
import { userAdminRoutes } from './users.admin.routes.js';

/** /admin: the index and every administration page (admins; the audit trail also for inspectors). */
export function adminRoutes(db: Db, config: Pick<Config, 'secretKey' | 'dataDir' | 'ratingWindowDays'>): FastifyPluginAsync {
  return async (app) => {
    app.get('/admin', { preHandler: requirePageRole('admin', 'inspector') }, async (request, reply) => {
      const ctx = pageContext(request);
      const a = adminMessages(ctx.lang);
      const isAdmin = request.principal.kind === 'user' && request.principal.role === 'admin';
      const links: [string, string][] = isAdmin
        ? [['/admin/users', a.usersTitle], ['/admin/api-clients', a.apiClientsTitle], ['/admin/units', a.rolloutTitle],
          ['/admin/settings', a.settingsTitle], ['/admin/calendar', calendarMessages(ctx.lang).calendarTitle], ['/admin/deliveries', notificationMessages(ctx.lang).deliveriesTitle],
          ['/admin/partnership', partnershipMessages(ctx.lang).adminTitle],
          ['/admin/audit', a.auditTitle]]
        : [['/admin/audit', a.auditTitle]];
      return sendPage(reply, layout(ctx, a.adminTitle, html`<ul class="link-list">${links.map(([href, label]) => html`<li><a href="${href}">${label}</a></li>`)}</ul>`));
    });
    await app.register(userAdminRoutes(db));
    await app.register(apiClientAdminRoutes(db));
    await app.register(organisationAdminRoutes(db));
    await app.register(settingsAdminRoutes(db, settingDefaultsOf(config)));
    await app.register(calendarAdminRoutes(db));
    await app.register(webhookAdminRoutes(db, config.secretKey));
    await app.register(deliveryAdminRoutes(db));
    await app.register(partnershipAdminRoutes(db, config));
    await app.register(auditRoutes(db));
  };
}
