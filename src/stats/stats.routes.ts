import type { FastifyPluginAsync } from 'fastify';
import { dataScope } from '../auth/scope.js';
import { requireUserRole, staffRoles } from '../auth/guards.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { settingDefaultsOf } from '../settings/settings.js';
import { requestLang } from '../http/lang.js';
import { StatsQuery, StatsResponse } from './stats.schema.js';
import { computeStatsWithCases, type StatsWithCases } from './stats.service.js';

/** The API's shape exactly: Stat without the reasons the dashboard also shows; the case figures beside the total. */
export function presentStats(result: StatsWithCases) {
  const { reasons: _r, ...total } = result.total;
  const groups = result.groups.map(({ reasons: _g, ...group }) => group);
  return { total, cases: result.cases, groups, ...(result.withheld ? { withheld: result.withheld, period: result.period } : {}) };
}

export function statsRoutes(db: Db, config: Pick<Config, 'ratingWindowDays'>): FastifyPluginAsync {
  const options = { settingDefaults: settingDefaultsOf(config) };
  return async (app) => {
    app.get<{ Querystring: StatsQuery }>('/api/v1/stats', {
      schema: {
        tags: ['figures'],
        summary: 'Evaluation figures within the caller\'s scope (signed-in staff)',
        description: 'Declarations are selected by clearance day (Vietnam time), read from roll-ups: the cost follows the period, not the history. '
          + '`cases`: the closed loop\'s figures of the cases opened in the period (opening day, Vietnam time) whose origin unit lies in the selected subtree; '
          + 'with an officer, only the cases whose conclusion names that officer. Deadlines are met on or before their due day; working days per the Vietnamese calendar. '
          + 'An officer account sees its own figures over whole months up to the last one whose rating window has closed (the period widens to them), '
          + 'may not filter by unit, kind, typeCode, channel or ratingChannel nor group by unit, week, channel or typeCode (`officer_figures_restricted`), '
          + 'and its months with fewer evaluations than the setting officer_min_evaluations are left out of every figure (`withheld`), '
          + 'the cases about declarations cleared in such a month too, whenever opened; `period` is the period counted: '
          + 'no figure narrows down to a few declarations, whose raters the officer could tell.',
        querystring: StatsQuery,
        response: { 200: StatsResponse },
      },
      preHandler: requireUserRole(...staffRoles),
    }, async (request) => presentStats(await computeStatsWithCases(db.kysely, dataScope(request.principal), request.query, requestLang(request), options)));
  };
}
