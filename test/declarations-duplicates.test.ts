import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient } from '../src/api-clients/api-clients.service.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Db } from '../src/db/database.js';
import { dbTest } from './helpers/databases.js';
import { countRows, declarationItem, declarationRow, declarationsCsv, importDeclarations, importNo, loadOrganisation } from './helpers/fixtures.js';

const dossier = { kind: 'dossier', type_code: '', channel: '', handlers: '' };

/**
 * 3,002 rows (lines 2–3003): import number 1 on line 2 and again, changed, 3,000 rows later on line
 * 3002; dossier HP/2020/HS-0001 on line 3 and again, in lower case and changed, on line 3003.
 */
function fileWithFarRepeats(): string {
  return declarationsCsv([
    declarationRow(1),
    declarationRow(2, { ...dossier, declaration_no: 'HP/2020/HS-0001' }),
    ...Array.from({ length: 2998 }, (_, i) => declarationRow(3 + i)),
    declarationRow(1, { channel: 'đỏ', cleared_at: '' }),
    declarationRow(2, { ...dossier, declaration_no: 'hp/2020/hs-0001', declarant_name: 'Công ty khác' }),
  ]);
}

function stored(db: Db, declarationNo: string) {
  return db.kysely.selectFrom('declarations').select(['channel', 'cleared_at', 'declarant_name'])
    .where('declaration_no', '=', declarationNo).executeTakeFirstOrThrow();
}

for (const useWorker of [false, true]) {
  const where = useWorker ? 'validated on a worker thread' : 'validated in the main thread';
  dbTest(`a number repeated 3,000 rows (many write batches) later is a duplicate of its first line, and a re-import changes nothing, ${where}`, async (db) => {
    await loadOrganisation(db);
    const path = fileWithFarRepeats();

    const first = await importDeclarations(db, path, { batchSize: 50, useWorker });

    assert.deepEqual(first.summary, { created: 3000, updated: 0, unchanged: 0, rejected: 2 });
    assert.deepEqual(first.rejections, [
      { line: 3002, code: 'duplicate_in_file', message: `Giá trị "${importNo(1)}" đã có ở dòng 2 của cùng tệp / "${importNo(1)}" already appears at line 2 of the same file` },
      { line: 3003, code: 'duplicate_in_file', message: 'Giá trị "HP/2020/HS-0001" đã có ở dòng 3 của cùng tệp / "HP/2020/HS-0001" already appears at line 3 of the same file' },
    ]);
    assert.equal((await stored(db, importNo(1))).channel, 1, 'the first occurrence wins');
    assert.equal((await stored(db, 'HP/2020/HS-0001')).declarant_name, 'Công ty TNHH Vận tải Biển Đông');

    const second = await importDeclarations(db, path, { batchSize: 50, useWorker });

    assert.deepEqual(second.summary, { created: 0, updated: 0, unchanged: 3000, rejected: 2 });
    assert.deepEqual(second.rejections, first.rejections);
    assert.equal(await countRows(db, 'declarations'), 3000);
  });
}

dbTest('the default batches of 2,000 rows also share one run: a repeat 2,500 rows later is a duplicate', async (db) => {
  await loadOrganisation(db);
  const path = declarationsCsv([...Array.from({ length: 2501 }, (_, i) => declarationRow(1 + i)), declarationRow(1, { channel: 'vàng' })]);
  const { summary, rejections } = await importDeclarations(db, path, { useWorker: false });
  assert.deepEqual(summary, { created: 2501, updated: 0, unchanged: 0, rejected: 1 });
  assert.deepEqual(rejections.map((r) => [r.line, r.code]), [[2503, 'duplicate_in_file']]);
});

dbTest('the feed API refuses a body that is not JSON with 415 unsupported_media_type; repeats count within one request only', async (db) => {
  await loadOrganisation(db);
  const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'hailong-api-')), SECRET_KEY: 'x'.repeat(32), LOG_LEVEL: 'silent' });
  const app = await buildApp({ config, db, logger: false });
  try {
    const authorization = `Bearer ${(await createApiClient(db.kysely, 'feed', 'VNACCS')).key}`;
    const push = (body: string, contentType: string) =>
      app.inject({ method: 'POST', url: '/api/v1/declarations', headers: { authorization, 'content-type': contentType }, body });

    for (const contentType of ['text/plain', 'text/plain; charset=utf-8', 'application/xml']) {
      const refused = await push(JSON.stringify({ declarations: [declarationItem(1)] }), contentType);
      assert.equal(refused.statusCode, 415, `${contentType}: ${refused.body}`);
      assert.equal(refused.json<{ error: { code: string } }>().error.code, 'unsupported_media_type', contentType);
    }
    assert.equal(await countRows(db, 'declarations'), 0);

    const statuses = async (items: unknown[]) =>
      (await push(JSON.stringify({ declarations: items }), 'application/json')).json<{ results: { status: string; code?: string }[] }>()
        .results.map((r) => r.code ?? r.status);
    assert.deepEqual(await statuses([declarationItem(1), declarationItem(1, { channel: 3 })]), ['created', 'duplicate_in_file']);
    assert.deepEqual(await statuses([declarationItem(1)]), ['unchanged'], 'a later request is not a repeat of an earlier one');
  } finally {
    await app.close();
  }
});
