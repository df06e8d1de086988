import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { holdConnection, openDatabase, type Db } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { submitDeclarations } from '../src/declarations/declarations.service.js';
import { submitEvaluation } from '../src/evaluations/evaluation-submission.service.js';
import { crashWriterThreadForTests } from '../src/evaluations/evaluation-writer.js';
import type { EvaluationInput } from '../src/evaluations/evaluations.schema.js';
import { ratingToken } from '../src/evaluations/rating-token.js';
import type { AppError } from '../src/errors.js';
import { importNo, loadOrganisation } from './helpers/fixtures.js';
import { recentItem } from './helpers/ratings.js';

// SQLite only: on a database file, evaluations are written by a thread of their own, with its own
// connection (src/evaluations/evaluation-writer.ts). PostgreSQL has no such thread.

const secret = 'writer-test-secret-'.padEnd(48, 'x');
const ctx = { secretKey: secret, ratingWindowDays: 30 };

function rate(db: Db, n: number, input: EvaluationInput) {
  return submitEvaluation(db.kysely, ctx, { kind: 'token', token: ratingToken(secret, importNo(n), '0200123457') }, input, {
    channel: 'software', submittedBy: 'api_client:1', ip: '10.0.0.1',
  });
}

async function withSqliteFile(body: (path: string, db: Db) => Promise<Db>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hailong-writer-'));
  const path = join(dir, 'test.db');
  let db = await openDatabase(`sqlite:${path}`);
  try {
    await migrateToLatest(db);
    await loadOrganisation(db);
    const fed = await submitDeclarations(db, [1, 2, 3].map((n) => recentItem(n)), 'en');
    assert.deepEqual(fed.map((r) => r.status), ['created', 'created', 'created']);
    db = await body(path, db);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('SQLite: ratings are written on the writer thread\'s own connection, not the server\'s', { timeout: 20_000 }, async () => {
  await withSqliteFile(async (_path, db) => {
    // The server's connection is taken (as a Kysely transaction would take it): a rating written on it would wait for ever.
    const release = await holdConnection(db.kysely);
    let stored;
    try {
      stored = await Promise.all([rate(db, 1, { overall: 5 }), rate(db, 2, { overall: 2, reasons: ['delay'] })]);
    } finally {
      release();
    }
    assert.deepEqual(stored.map((s) => [s.declarationNo, s.version, s.overall]), [[importNo(1), 1, 5], [importNo(2), 1, 2]]);
    const current = await db.kysely.selectFrom('evaluations').select(['overall']).orderBy('declaration_id').execute();
    assert.deepEqual(current, [{ overall: 5 }, { overall: 2 }]);
    assert.equal((await db.kysely.selectFrom('cases').select('id').execute()).length, 1, 'the low rating opened its case in the same transaction');
    return db;
  });
});

test('SQLite: a refusal crosses back from the writer thread with its code and parameters', async () => {
  await withSqliteFile(async (_path, db) => {
    const refused = await rate(db, 1, { overall: 2, reasons: ['weather'] }).then(() => assert.fail('accepted'), (error: AppError) => error);
    assert.equal(refused.name, 'AppError');
    assert.equal(refused.code, 'unknown_reason');
    assert.deepEqual(refused.params, { value: 'weather' });
    assert.equal(refused.status, 400);
    const expired = await submitEvaluation(db.kysely, ctx, { kind: 'token', token: 'not-a-token' }, { overall: 5 }, {
      channel: 'software', submittedBy: 'api_client:1', ip: null,
    }).then(() => assert.fail('accepted'), (error: AppError) => error);
    assert.equal(expired.name, 'AppError');
    assert.notEqual(expired.code, undefined);
    return db;
  });
});

test('SQLite: closing the database lets the ratings under way finish first', async () => {
  await withSqliteFile(async (path, db) => {
    const pending = [rate(db, 1, { overall: 4 }), rate(db, 3, { overall: 5 })];
    await db.close();
    assert.deepEqual((await Promise.all(pending)).map((s) => s.version), [1, 1]);
    // The log is removed by the last connection to close: the writer thread's has closed too.
    assert.equal(existsSync(`${path}-wal`), false);
    const reopened = await openDatabase(`sqlite:${path}`);
    assert.deepEqual(await reopened.kysely.selectFrom('evaluations').select('overall').orderBy('declaration_id').execute(), [{ overall: 4 }, { overall: 5 }]);
    // The reopened file gets a connection of its own in the writer thread.
    assert.equal((await rate(reopened, 2, { overall: 5 })).version, 1);
    return reopened;
  });
});

test('SQLite: a transaction of the server\'s connection holds the write lock from its start (BEGIN IMMEDIATE)', async () => {
  await withSqliteFile(async (path, db) => {
    // Another connection to the file that never waits for a lock.
    const other = new SQLite(path);
    other.pragma('busy_timeout = 0');
    try {
      await db.kysely.transaction().execute(async (trx) => {
        await trx.selectFrom('units').select('id').limit(1).execute();
        // A deferred transaction would hold only a read snapshot here, and fail at its first write if
        // another connection (the writer thread) committed meanwhile; an immediate one keeps others out.
        assert.throws(() => other.exec('begin immediate'), { code: 'SQLITE_BUSY' });
      });
      other.exec('begin immediate');
      other.exec('rollback');
    } finally {
      other.close();
    }
    return db;
  });
});

// Last in this file: once the thread has failed, the process writes evaluations on the caller's thread.
test('SQLite: when the writer thread dies, later submissions are written on the caller\'s thread', async () => {
  await withSqliteFile(async (_path, db) => {
    assert.equal((await rate(db, 1, { overall: 5 })).version, 1);
    await crashWriterThreadForTests();
    assert.equal((await rate(db, 2, { overall: 4 })).version, 1);
    assert.equal((await rate(db, 1, { overall: 3, reasons: ['delay'] })).version, 2);
    const current = await db.kysely.selectFrom('evaluations').select(['version', 'overall']).orderBy('declaration_id').execute();
    assert.deepEqual(current, [{ version: 2, overall: 3 }, { version: 1, overall: 4 }]);
    return db;
  });
});
