import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Db } from '../src/db/database.js';

/**
 * The submissions baseline: a bare Fastify app whose one route inserts one row per request in its
 * own transaction — no authentication, rules, chain or roll-ups. Through Kysely (the issue's
 * baseline), or through the bare driver (what Kysely itself costs).
 */
export type BaselineVia = 'kysely' | 'driver';

interface BenchSubmissionTable {
  id: number;
  token: string;
  overall: number;
  body_json: string;
  submitted_at: number;
}

async function createTable(db: Db): Promise<void> {
  await db.kysely.schema.createTable('bench_submissions').ifNotExists()
    .addColumn('id', db.dialect === 'sqlite' ? 'integer' : 'bigserial', (c) => c.primaryKey())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('overall', 'integer', (c) => c.notNull())
    .addColumn('body_json', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'bigint', (c) => c.notNull())
    .execute();
}

type Insert = (row: Omit<BenchSubmissionTable, 'id'>) => Promise<void>;

function inserter(db: Db, via: BaselineVia): Insert {
  if (via === 'kysely') {
    const kysely = db.kysely.withTables<{ bench_submissions: Omit<BenchSubmissionTable, 'id'> }>();
    return async (row) => {
      await kysely.transaction().execute(async (trx) => { await trx.insertInto('bench_submissions').values(row).execute(); });
    };
  }
  const text = 'insert into bench_submissions (token, overall, body_json, submitted_at) values ';
  if (db.dialect === 'sqlite') {
    const insert = db.sqlite.prepare<[string, number, string, number]>(`${text}(?, ?, ?, ?)`);
    const inTransaction = db.sqlite.transaction((row: Omit<BenchSubmissionTable, 'id'>) => insert.run(row.token, row.overall, row.body_json, row.submitted_at));
    return async (row) => { inTransaction(row); };
  }
  const pool = db.pool;
  return async (row) => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query(`${text}($1, $2, $3, $4)`, [row.token, row.overall, row.body_json, row.submitted_at]);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw error;
    } finally {
      client.release();
    }
  };
}

export async function baselineApp(db: Db, via: BaselineVia): Promise<FastifyInstance> {
  await createTable(db);
  const insert = inserter(db, via);
  const app = Fastify({ logger: false });
  app.post<{ Body: { token: string; overall: number } }>('/api/v1/evaluations', async (request, reply) => {
    await insert({ token: request.body.token, overall: request.body.overall, body_json: JSON.stringify(request.body), submitted_at: Date.now() });
    return reply.status(201).send({ ok: true });
  });
  return app;
}

/** Listens on a free local port for the duration of `work`. */
export async function serving<T>(app: FastifyInstance, work: (origin: string) => Promise<T>): Promise<T> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    return await work(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
  } finally {
    await app.close();
  }
}
