import type { FastifyPluginAsync } from 'fastify';
import { dataScope } from '../auth/scope.js';
import { requireUserRole, staffRoles } from '../auth/guards.js';
import type { Db } from '../db/database.js';
import { requestLang } from '../http/lang.js';
import { StatsQuery, StatsResponse } from './stats.schema.js';
import { computeStats, type StatsResult } from './stats.service.js';

/** The API's shape exactly: Stat without the reasons the dashboard also shows. */
export function presentStats(result: StatsResult) {
  const { reasons: _r, ...total } = result.total;
  return { total, groups: result.groups.map(({ reasons: _g, ...group }) => group) };
}

export function statsRoutes(db: Db): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: StatsQuery }>('/api/v1/stats', {
      schema: {
        tags: ['figures'],
        summary: 'Evaluation figures within the caller\'s scope (signed-in staff)',
        description: 'Declarations are selected by clearance day (Vietnam time). Read from roll-ups: the cost follows the period, not the history.',
        querystring: StatsQuery,
        response: { 200: StatsResponse },
      },
      preHandler: requireUserRole(...staffRoles),
    }, async (request) => presentStats(await computeStats(db.kysely, dataScope(request.principal), request.query, requestLang(request))));
  };
}
