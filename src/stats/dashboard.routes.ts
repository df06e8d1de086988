import type { FastifyPluginAsync } from 'fastify';
import { requirePageRole, staffRoles } from '../auth/guards.js';
import { dataScope } from '../auth/scope.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { settingDefaultsOf } from '../settings/settings.js';
import { reasonLabel } from '../evaluations/rating.i18n.js';
import { sendPage } from '../web/components.js';
import { pageContext } from '../web/layout.js';
import { casesCsv, groupsCsv, programmeCsv, rankingCsv, reasonsCsv } from './dashboard-csv.js';
import { DashboardCsvQuery, DashboardQuery, type DashboardTable } from './dashboard-query.schema.js';
import { buildDashboard, dashboardTable, type DashboardTableData } from './dashboard-view.js';
import { dashboardPage } from './dashboard.pages.js';

function csvBody(data: DashboardTableData, label: (reason: string) => string): string {
  switch (data.kind) {
    case 'groups': return groupsCsv(data.groups);
    case 'ranking': return rankingCsv(data.ranking);
    case 'reasons': return reasonsCsv(data.reasons, label);
    case 'cases': return casesCsv(data.groups);
    case 'programme': return programmeCsv(data.table, data.programme);
  }
}

/** /dashboard and its tables as CSV, for staff; each reader sees the figures of their scope. */
export function dashboardRoutes(db: Db, config: Pick<Config, 'ratingWindowDays'>): FastifyPluginAsync {
  const options = { settingDefaults: settingDefaultsOf(config) };
  return async (app) => {
    const preHandler = requirePageRole(...staffRoles);
    app.get<{ Querystring: DashboardQuery }>('/dashboard', { preHandler, schema: { querystring: DashboardQuery } }, async (request, reply) => {
      const ctx = pageContext(request);
      return sendPage(reply, dashboardPage(ctx, await buildDashboard(db.kysely, dataScope(request.principal), request.query, ctx.lang, Date.now(), options)));
    });
    app.get<{ Querystring: DashboardCsvQuery }>('/dashboard.csv', { preHandler, schema: { querystring: DashboardCsvQuery } }, async (request, reply) => {
      const { lang } = pageContext(request);
      const { table, ...form } = request.query;
      // The schema's enum has checked it.
      const data = await dashboardTable(db.kysely, dataScope(request.principal), form, table as DashboardTable, lang, Date.now(), options);
      return reply.type('text/csv; charset=utf-8').header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="dashboard-${table}.csv"`)
        .send(csvBody(data, (reason) => reasonLabel(lang, reason)));
    });
  };
}
