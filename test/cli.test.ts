import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Db } from '../src/db/database.js';
import { buildCli, cliDataDir, hailong as runHailong } from './helpers/cli.js';
import { dialects, freshDatabase, postgresUrl } from './helpers/databases.js';
import {
  csvFile, declarationItem, declarationRow, declarationsCsv, loadOrganisation, officerColumns, organisation,
  readRejections, tempPath, unitColumns,
} from './helpers/fixtures.js';

/** The `hailong` command as an operator runs it: `node bin/hailong.js` on dist/, rebuilt first when older than src/. */
const dataDir = cliDataDir('hailong-cli-');
before(buildCli);
const hailong = (args: string[], env: Record<string, string>) => runHailong(args, env, dataDir);

function cliTest(name: string, body: (db: Db, env: Record<string, string>) => Promise<void>): void {
  for (const dialect of dialects) {
    test(`${name} [${dialect}]`, async () => {
      const fresh = await freshDatabase(dialect);
      try {
        await body(fresh.db, { DATABASE_URL: fresh.url });
      } finally {
        await fresh.drop();
      }
    });
  }
}

cliTest('import declarations --json prints exactly the summary and --errors writes line,code,message', async (db, env) => {
  await loadOrganisation(db);
  const file = declarationsCsv([declarationRow(1), declarationRow(2, { office_code: '03XX' }), declarationRow(3)], { bom: true, crlf: true });
  const errors = tempPath('errors.csv');

  const first = await hailong(['import', 'declarations', file, '--json', '--errors', errors], env);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stdout, '{"created":2,"updated":0,"unchanged":0,"rejected":1}\n');
  assert.equal(readFileSync(errors, 'utf8').split('\n')[0], 'line,code,message');
  assert.deepEqual(readRejections(errors), [{ line: 3, code: 'unknown_office', message: 'Không có chi cục hải quan mã "03XX" / Unknown customs office "03XX"' }]);

  const again = await hailong(['import', 'declarations', file, '--json'], env);
  assert.equal(again.stdout, '{"created":0,"updated":0,"unchanged":2,"rejected":1}\n');
});

test('reference data imports from the command line; without --json the summary is in Vietnamese, then English', async () => {
  const env = { DATABASE_URL: `sqlite:${join(dataDir, 'reference.db')}` };
  const units = await hailong(['import', 'units', csvFile('units.csv', unitColumns, organisation.units), '--json'], env);
  assert.equal(units.stdout, `{"created":${organisation.units.length},"updated":0,"unchanged":0,"rejected":0}\n`, units.stderr);
  const officers = await hailong(['import', 'officers', csvFile('officers.csv', officerColumns, organisation.officers)], env);
  assert.equal(officers.code, 0, officers.stderr);
  assert.match(officers.stdout, /^Tạo mới 5 .* Từ chối 0\nCreated 5 .* rejected 0\n$/);
});

cliTest('apikey create prints {"id","key"} once; the key opens the feed until apikey revoke', async (db, env) => {
  await loadOrganisation(db);
  const created = await hailong(['apikey', 'create', '--role', 'feed', '--name', 'VNACCS feed', '--json'], env);
  assert.equal(created.code, 0, created.stderr);
  const printed = JSON.parse(created.stdout) as { id: number; key: string };
  assert.deepEqual(Object.keys(printed), ['id', 'key']);
  assert.equal(typeof printed.id, 'number');
  const stored = await db.kysely.selectFrom('api_clients').selectAll().where('id', '=', printed.id).executeTakeFirstOrThrow();
  assert.ok(!JSON.stringify(stored).includes(printed.key.split('_').pop()!), 'only a hash of the key is stored');

  const app = await buildApp({ config: loadConfig({ DATA_DIR: dataDir, SECRET_KEY: 'x'.repeat(32) }), db, logger: false });
  try {
    const push = () => app.inject({
      method: 'POST', url: '/api/v1/declarations', headers: { authorization: `Bearer ${printed.key}` },
      payload: { declarations: [declarationItem(1)] },
    });
    assert.equal((await push()).statusCode, 200);

    const revoked = await hailong(['apikey', 'revoke', String(printed.id)], env);
    assert.equal(revoked.code, 0, revoked.stderr);
    const refused = await push();
    assert.equal(refused.statusCode, 401);
    assert.equal(refused.json<{ error: { code: string } }>().error.code, 'invalid_api_key');
  } finally {
    await app.close();
  }
});

test('apikey create refuses a role other than feed or vendor, and revoke an unknown id', async () => {
  const env = { DATABASE_URL: `sqlite:${join(dataDir, 'keys.db')}` };
  const badRole = await hailong(['apikey', 'create', '--role', 'admin', '--name', 'X', '--json'], env);
  assert.notEqual(badRole.code, 0);
  assert.equal(badRole.stdout, '');
  assert.match(badRole.stderr, /invalid_role/);
  const unknown = await hailong(['apikey', 'revoke', '999'], env);
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.stderr, /api_client_not_found/);
});

test('import fails with a non-zero exit when the file is missing, lacks required columns, or the errors file cannot be written', async () => {
  const env = { DATABASE_URL: `sqlite:${join(dataDir, 'import.db')}` };
  const missing = await hailong(['import', 'declarations', join(dataDir, 'no-such-file.csv'), '--json'], env);
  assert.notEqual(missing.code, 0);
  assert.equal(missing.stdout, '');
  assert.match(missing.stderr, /cannot read/);

  const columns = csvFile('declarations.csv', ['declaration_no', 'kind'], [{ declaration_no: '100000000001', kind: 'import' }]);
  const lacking = await hailong(['import', 'declarations', columns, '--json'], env);
  assert.notEqual(lacking.code, 0);
  assert.match(lacking.stderr, /missing columns: type_code, office_code/);

  const unwritable = await hailong(['import', 'declarations', declarationsCsv([declarationRow(1)]), '--json', '--errors', join(dataDir, 'no-such-dir', 'e.csv')], env);
  assert.notEqual(unwritable.code, 0);
  assert.equal(unwritable.stdout, '');
  assert.match(unwritable.stderr, /cannot write the errors file .*no-such-dir/);
});

test('migrate brings an empty SQLite database and an empty PostgreSQL schema up to date', async () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  try {
    const postgresSchemaUrl = `${postgresUrl}${postgresUrl.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
    for (const url of [`sqlite:${join(dataDir, 'empty.db')}`, postgresSchemaUrl]) {
      const run = await hailong(['migrate'], { DATABASE_URL: url });
      assert.equal(run.code, 0, `${url}: ${run.stderr}`);
      const db = await openDatabase(url);
      try {
        assert.deepEqual(await db.kysely.selectFrom('declarations').select('id').execute(), []);
      } finally {
        await db.close();
      }
    }
  } finally {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
});

test('bad configuration reports every problem at once and exits non-zero', async () => {
  const run = await hailong(['migrate'], { DATABASE_URL: `sqlite:${join(dataDir, 'config.db')}`, PORT: 'abc', LOG_LEVEL: 'loud' });
  assert.notEqual(run.code, 0);
  assert.match(run.stderr, /PORT.*"abc"/);
  assert.match(run.stderr, /LOG_LEVEL.*"loud"/);
  assert.ok(!existsSync(join(dataDir, 'config.db')), 'nothing is opened with a bad configuration');
});

test('an unknown command is a usage error', async () => {
  const run = await hailong(['frobnicate'], { DATABASE_URL: `sqlite:${join(dataDir, 'usage.db')}` });
  assert.equal(run.code, 64);
  assert.match(run.stderr, /unknown command "frobnicate"[\s\S]*hailong help/);
});
