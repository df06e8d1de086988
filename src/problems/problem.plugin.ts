import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { problemPageRoutes } from './problem-pages.routes.js';
import { installUploads } from './problem-uploads.js';
import { problemApiRoutes } from './problems.routes.js';

/** Problem resolution: the API and the pages, in one scope that alone accepts multipart bodies. */
export function problemRoutes(db: Db, config: Config): FastifyPluginAsync {
  return async (app) => {
    await installUploads(app, config.dataDir);
    await app.register(problemApiRoutes(db, config));
    await app.register(problemPageRoutes(db, config));
  };
}
