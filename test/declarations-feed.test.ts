import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { importDeclarationFile } from '../src/declarations/declarations.service.js';
import { dbTest } from './helpers/databases.js';
import {
  countRows, csvFile, declarationItem, declarationRow, declarationsCsv, handlersOf, importDeclarations, importNo,
  importWithErrors, loadOrganisation, ndjsonFile, writeTemp,
} from './helpers/fixtures.js';
import type { Db } from '../src/db/database.js';

function storedDeclaration(db: Db, declarationNo: string) {
  return db.kysely.selectFrom('declarations as d').innerJoin('units as u', 'u.id', 'd.office_id')
    .innerJoin('businesses as b', 'b.id', 'd.declarant_id')
    .select(['d.kind', 'd.type_code', 'u.code as office', 'b.tax_code', 'd.declarant_name', 'd.registered_at',
      'd.registered_day', 'd.cleared_at', 'd.cleared_day', 'd.channel'])
    .where('d.declaration_no', '=', declarationNo).executeTakeFirstOrThrow();
}

dbTest('importing the same file again reports every row unchanged', async (db) => {
  await loadOrganisation(db);
  const path = declarationsCsv([1, 2, 3].map((n) => declarationRow(n)));
  assert.deepEqual((await importDeclarations(db, path)).summary, { created: 3, updated: 0, unchanged: 0, rejected: 0 });
  assert.deepEqual((await importDeclarations(db, path)).summary, { created: 0, updated: 0, unchanged: 3, rejected: 0 });
  assert.equal(await countRows(db, 'declarations'), 3);
  assert.equal(await countRows(db, 'declaration_handlers'), 6);
});

dbTest('declarations stored with the MD5 content hash of earlier versions are unchanged when imported again', async (db) => {
  await loadOrganisation(db);
  const rows = [1, 2, 3].map((n) => declarationRow(n));
  await importDeclarations(db, declarationsCsv(rows));
  // The earlier versions' hash: MD5 of the fields joined by U+001F, handlers as step:officer@unit joined by ';'.
  for (const d of await db.kysely.selectFrom('declarations').selectAll().execute()) {
    const handlers = await db.kysely.selectFrom('declaration_handlers').selectAll().where('declaration_id', '=', d.id).orderBy('seq').execute();
    const canonical = [d.declaration_no, d.kind, d.type_code, d.office_id, '0200123457', d.declarant_name, d.registered_at, d.cleared_at, d.channel,
      handlers.map((h) => `${h.step}:${h.officer_id}@${h.unit_id}`).join(';')].join('\u001f');
    await db.kysely.updateTable('declarations').set({ content_hash: createHash('md5').update(canonical).digest('hex') }).where('id', '=', d.id).execute();
  }
  const lengths = async () => (await db.kysely.selectFrom('declarations').select('content_hash').orderBy('declaration_no').execute()).map((h) => h.content_hash.length);
  const changed = [rows[0]!, { ...rows[1]!, channel: 'đỏ' }];
  assert.deepEqual((await importDeclarations(db, declarationsCsv(changed))).summary, { created: 0, updated: 1, unchanged: 1, rejected: 0 });
  assert.deepEqual(await lengths(), [16, 16, 32], 'an unchanged row and an updated one store the new hash; a row not met keeps the old');
  assert.deepEqual((await importDeclarations(db, declarationsCsv([rows[0]!, changed[1]!, rows[2]!]))).summary, { created: 0, updated: 0, unchanged: 3, rejected: 0 });
  assert.deepEqual(await lengths(), [16, 16, 16]);
});

dbTest('the same declaration in NDJSON and in CSV is the same content', async (db) => {
  await loadOrganisation(db);
  await importDeclarations(db, ndjsonFile('feed.ndjson', [declarationItem(1)]));
  const again = await importDeclarations(db, declarationsCsv([declarationRow(1, { channel: 'GREEN', cleared_at: '2020-04-01 10:15' })]));
  assert.deepEqual(again.summary, { created: 0, updated: 0, unchanged: 1, rejected: 0 });
});

dbTest('a changed row updates its declaration and replaces its handlers', async (db) => {
  await loadOrganisation(db);
  await importDeclarations(db, declarationsCsv([declarationRow(1), declarationRow(2)]));
  const changed = declarationRow(2, { channel: 'ĐỎ', cleared_at: '02/04/2020 16:00', handlers: 'document_check:EE001;supervision:CC001;other:CC001' });

  const { summary } = await importDeclarations(db, declarationsCsv([declarationRow(1), changed]));

  assert.deepEqual(summary, { created: 0, updated: 1, unchanged: 1, rejected: 0 });
  assert.equal((await storedDeclaration(db, importNo(2))).channel, 3);
  assert.equal((await storedDeclaration(db, importNo(2))).cleared_day, '2020-04-02');
  assert.deepEqual(await handlersOf(db, importNo(2)), [
    { step: 'document_check', officer: 'EE001', unit: '03EE-T1' },
    { step: 'supervision', officer: 'CC001', unit: '03CC-T1' },
    { step: 'other', officer: 'CC001', unit: '03CC-T1' },
  ]);
  assert.deepEqual(await handlersOf(db, importNo(1)), [
    { step: 'reception', officer: 'CC001', unit: '03CC-T1' },
    { step: 'physical_inspection', officer: 'CC002', unit: '03CC-T2' },
  ]);
  assert.equal(await countRows(db, 'declaration_handlers'), 5);
});

dbTest('a row that drops its handlers leaves the declaration with none', async (db) => {
  await loadOrganisation(db);
  await importDeclarations(db, declarationsCsv([declarationRow(1)]));
  const { summary } = await importDeclarations(db, declarationsCsv([declarationRow(1, { handlers: '' })]));
  assert.equal(summary.updated, 1);
  assert.deepEqual(await handlersOf(db, importNo(1)), []);
});

dbTest('the team credited is the officer’s unit on the Vietnam registration day, across a transfer', async (db) => {
  await loadOrganisation(db);
  const rows = [
    declarationRow(1, { registered_at: '2020-06-30T23:30:00+07:00', cleared_at: '', handlers: 'reception:TR001' }),
    // 17:30 UTC on 30 June is already 1 July in Hai Phong: the new team is credited.
    declarationRow(2, { registered_at: '2020-06-30T17:30:00Z', cleared_at: '', handlers: 'reception:TR001' }),
    declarationRow(3, { registered_at: '15/08/2020 09:00', cleared_at: '', handlers: 'reception:TR001;supervision:CC001' }),
  ];
  const { summary } = await importDeclarations(db, declarationsCsv(rows));
  assert.equal(summary.created, 3);
  assert.deepEqual(await handlersOf(db, importNo(1)), [{ step: 'reception', officer: 'TR001', unit: '03CC-T1' }]);
  assert.deepEqual(await handlersOf(db, importNo(2)), [{ step: 'reception', officer: 'TR001', unit: '03EE-T1' }]);
  assert.deepEqual(await handlersOf(db, importNo(3)), [
    { step: 'reception', officer: 'TR001', unit: '03EE-T1' },
    { step: 'supervision', officer: 'CC001', unit: '03CC-T1' },
  ]);
  assert.equal((await storedDeclaration(db, importNo(2))).registered_day, '2020-07-01');
});

dbTest('an unknown but valid declarant tax code creates the business with the declarant name', async (db) => {
  await loadOrganisation(db);
  const before = await countRows(db, 'businesses');
  const rows = [
    declarationRow(1, { declarant_tax_code: '0312345673-002', declarant_name: 'Chi nhánh Công ty Cổ phần Cảng Xanh' }),
    declarationRow(2, { declarant_tax_code: '0312345673-002', declarant_name: 'Another spelling of the name' }),
    declarationRow(3, { declarant_name: 'Biển Đông (tên trên tờ khai)' }),
  ];
  await importDeclarations(db, declarationsCsv(rows));
  assert.equal(await countRows(db, 'businesses'), before + 1);
  const created = await db.kysely.selectFrom('businesses').select('name').where('tax_code', '=', '0312345673-002').executeTakeFirstOrThrow();
  assert.equal(created.name, 'Chi nhánh Công ty Cổ phần Cảng Xanh');
  const known = await db.kysely.selectFrom('businesses').select('name').where('tax_code', '=', '0200123457').executeTakeFirstOrThrow();
  assert.equal(known.name, 'Công ty TNHH Vận tải Biển Đông', 'a declaration does not rename a known business');
  assert.equal((await storedDeclaration(db, importNo(3))).declarant_name, 'Biển Đông (tên trên tờ khai)');
});

dbTest('every channel spelling is stored as 1, 2 or 3', async (db) => {
  await loadOrganisation(db);
  const spellings = { 1: ['1', 'green', 'Xanh', 'XANH'], 2: ['2', 'Yellow', 'vàng', 'VÀNG'], 3: ['3', 'RED', 'đỏ', 'ĐỎ'] };
  const rows = Object.values(spellings).flat().map((channel, i) => declarationRow(i + 1, { channel }));
  assert.equal((await importDeclarations(db, declarationsCsv(rows))).summary.created, 12);
  const stored = await db.kysely.selectFrom('declarations').select(['declaration_no', 'channel']).orderBy('declaration_no').execute();
  assert.deepEqual(stored.map((d) => d.channel), [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
});

dbTest('times are stored as UTC instants with their Vietnam days; export and dossier rows are accepted', async (db) => {
  await loadOrganisation(db);
  const rows = [
    declarationRow(1, { registered_at: '31/12/2020 23:45', cleared_at: '2021-01-01T00:10:00+07:00' }),
    declarationRow(2, { declaration_no: '300000000012', kind: 'export', type_code: 'B11', office_code: '03EE', handlers: 'reception:EE001' }),
    declarationRow(3, { declaration_no: 'HP/2020/HS-0001', kind: 'dossier', type_code: '', channel: '', handlers: '' }),
    declarationRow(4, { declaration_no: 'hp-hs-2', kind: 'Dossier', type_code: '', channel: '', handlers: '' }),
  ];
  assert.deepEqual((await importDeclarations(db, declarationsCsv(rows))).summary, { created: 4, updated: 0, unchanged: 0, rejected: 0 });
  assert.deepEqual(await storedDeclaration(db, importNo(1)), {
    kind: 'import', type_code: 'A11', office: '03CC', tax_code: '0200123457', declarant_name: 'Công ty TNHH Vận tải Biển Đông',
    registered_at: Date.UTC(2020, 11, 31, 16, 45), registered_day: '2020-12-31',
    cleared_at: Date.UTC(2020, 11, 31, 17, 10), cleared_day: '2021-01-01', channel: 1,
  });
  assert.equal((await storedDeclaration(db, '300000000012')).kind, 'export');
  const dossier = await storedDeclaration(db, 'HP/2020/HS-0001');
  assert.deepEqual([dossier.kind, dossier.type_code, dossier.channel], ['dossier', null, null]);
  assert.equal((await storedDeclaration(db, 'HP-HS-2')).kind, 'dossier', 'kind and dossier numbers are read in any case');
});

dbTest('CSV columns may come in any order and case; extra columns are ignored; clearance may equal registration', async (db) => {
  await loadOrganisation(db);
  const row = declarationRow(1, { cleared_at: '01/04/2020 08:30' });
  const columns = ['Remarks', ...Object.keys(row).reverse().map((c) => c.toUpperCase())];
  const path = csvFile('declarations.csv', columns, [{ Remarks: 'ghi chú', ...Object.fromEntries(Object.entries(row).map(([c, v]) => [c.toUpperCase(), v])) }]);
  const { summary, rejections } = await importDeclarations(db, path);
  assert.deepEqual(rejections, []);
  assert.equal(summary.created, 1);
  const stored = await storedDeclaration(db, importNo(1));
  assert.equal(stored.cleared_at, stored.registered_at);
});

for (const useWorker of [false, true]) {
  const where = useWorker ? 'validated on a worker thread' : 'validated in the main thread';
  dbTest(`rejections keep their lines and order across batches, ${where}`, async (db) => {
    await loadOrganisation(db);
    const rows = Array.from({ length: 10 }, (_, i) => declarationRow(i + 1, i % 3 === 1 ? { channel: 'tím' } : {}));
    const { summary, rejections } = await importDeclarations(db, declarationsCsv(rows), { useWorker, batchSize: 3 });
    assert.deepEqual(rejections.map((r) => [r.line, r.code]), [[3, 'invalid_channel'], [6, 'invalid_channel'], [9, 'invalid_channel']]);
    assert.deepEqual(summary, { created: 7, updated: 0, unchanged: 0, rejected: 3 });
  });

  dbTest(`a file without the contract columns or of an unknown type cannot be read, ${where}`, async (db) => {
    await loadOrganisation(db);
    const lacking = csvFile('declarations.csv', ['declaration_no', 'kind'], [{ declaration_no: importNo(1), kind: 'import' }]);
    await assert.rejects(importDeclarations(db, lacking, { useWorker }), { name: 'UnreadableFileError', message: /missing columns: type_code/ });
    if (!useWorker) await assert.rejects(importDeclarations(db, writeTemp('declarations.xlsx', 'x')), { name: 'UnreadableFileError' });
    assert.equal(await countRows(db, 'declarations'), 0);
  });
}

dbTest('a number repeated in a later batch of the same file is still a duplicate, so a re-import changes nothing', async (db) => {
  await loadOrganisation(db);
  const path = declarationsCsv([declarationRow(1), declarationRow(2), declarationRow(3), declarationRow(1, { channel: 'đỏ' })]);
  const importInBatchesOfTwo = (d: Db, p: string, options: object) => importDeclarationFile(d, p, { ...options, batchSize: 2 });

  const first = await importWithErrors(importInBatchesOfTwo, db, path);
  assert.deepEqual(first.rejections.map((r) => [r.line, r.code]), [[5, 'duplicate_in_file']]);
  const second = await importWithErrors(importInBatchesOfTwo, db, path);
  assert.deepEqual(second.summary, { created: 0, updated: 0, unchanged: 3, rejected: 1 });
});
