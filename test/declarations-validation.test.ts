import assert from 'node:assert/strict';
import { dbTest } from './helpers/databases.js';
import {
  countRows, declarationItem, declarationRow, declarationsCsv, importDeclarations, importNo, loadOrganisation,
  ndjsonFile, writeTemp, type CsvRow, type Rejection,
} from './helpers/fixtures.js';
import { snakeToCamel } from '../src/imports/sources.js';

/**
 * Every validation rule of the declaration feed, each on its own row of one file: the errors file
 * names the rule's code on the row's physical line (header = line 1), and the other rows are written.
 */
interface Rule {
  rule: string;
  row: Partial<CsvRow>;
  code: string;
  /** The NDJSON form when it differs from the CSV row's (handlers as an array). */
  item?: Record<string, unknown>;
}

const dossier = { kind: 'dossier', type_code: '', channel: '' };
const rules: Rule[] = [
  { rule: 'an import number has 12 digits', row: { declaration_no: '10345678901' }, code: 'invalid_declaration_no' },
  { rule: 'an export number has 12 digits', row: { kind: 'export', type_code: 'B11', declaration_no: '30345678901A' }, code: 'invalid_declaration_no' },
  { rule: 'a dossier number has at most 30 characters', row: { ...dossier, declaration_no: 'HS' + '1'.repeat(29) }, code: 'invalid_declaration_no' },
  { rule: 'a dossier number has only A–Z 0–9 / -', row: { ...dossier, declaration_no: 'HS_2020' }, code: 'invalid_declaration_no' },
  { rule: 'the kind is import, export or dossier', row: { kind: 'transit' }, code: 'invalid_kind' },
  { rule: 'an import takes an import type code', row: { type_code: 'B11' }, code: 'invalid_type_code' },
  { rule: 'an export takes an export type code', row: { kind: 'export', declaration_no: '300000000001', type_code: 'A11' }, code: 'invalid_type_code' },
  { rule: 'the office is a known unit', row: { office_code: '03XX' }, code: 'unknown_office' },
  { rule: 'the office is an office, not a team', row: { office_code: '03CC-T1' }, code: 'unknown_office' },
  { rule: 'the office is an office, not the department', row: { office_code: 'HP' }, code: 'unknown_office' },
  { rule: 'the declarant tax code has a valid check digit', row: { declarant_tax_code: '0200123450' }, code: 'invalid_tax_code' },
  { rule: 'the declarant tax code has 10 or 10+3 digits', row: { declarant_tax_code: '0200123457-01' }, code: 'invalid_tax_code' },
  { rule: 'officers are known, never created by the feed', row: { handlers: 'reception:CC001;document_check:NOBODY' }, code: 'unknown_officer' },
  { rule: 'the officer belongs to a unit on the registration day', row: { registered_at: '31/12/2018 23:00', cleared_at: '' }, code: 'officer_not_assigned' },
  { rule: 'the step is one of the five', row: { handlers: 'approval:CC001' }, code: 'unknown_step' },
  { rule: 'the channel is 1|2|3, green|yellow|red or xanh|vàng|đỏ', row: { channel: 'blue' }, code: 'invalid_channel' },
  { rule: 'the registration time is a real date', row: { registered_at: '31/02/2020 10:00' }, code: 'invalid_datetime' },
  { rule: 'the clearance time is a real time', row: { cleared_at: '2020-04-01T24:00:00' }, code: 'invalid_datetime' },
  { rule: 'a time has an accepted form', row: { registered_at: '2020/04/01 08:30' }, code: 'invalid_datetime' },
  { rule: 'clearance is not before registration', row: { cleared_at: '01/04/2020 08:29' }, code: 'cleared_before_registered' },
  { rule: 'the declarant name is required', row: { declarant_name: '' }, code: 'missing_field' },
  { rule: 'the registration time is required', row: { registered_at: '' }, code: 'missing_field' },
  { rule: 'the office is required', row: { office_code: '' }, code: 'missing_field' },
  { rule: 'an import has a channel', row: { channel: '' }, code: 'missing_field' },
  { rule: 'an import has a type code', row: { type_code: '' }, code: 'missing_field' },
  { rule: 'handlers are step:officer_code', row: { handlers: 'reception-CC001' }, code: 'invalid_handlers', item: { handlers: [{ step: 'reception' }] } },
  { rule: 'a handler names its officer', row: { handlers: 'reception:' }, code: 'invalid_handlers', item: { handlers: [{ step: 'reception', officerCode: ' ' }] } },
  { rule: 'a handler has one step and one code', row: { handlers: 'reception:CC001:CC002' }, code: 'invalid_handlers', item: { handlers: 'reception:CC001:CC002' } },
];

/**
 * Valid rows 1 and 2 around the rule rows, then a repeat of row 1's number. `firstLine` is the
 * physical line of the first row: 2 below a CSV header, 1 in NDJSON.
 */
function feedRows(firstLine: number): { rows: CsvRow[]; expected: string[]; describe: (r: Rejection) => string } {
  const rows = [declarationRow(1), ...rules.map((r, i) => declarationRow(100 + i, r.row)), declarationRow(2), declarationRow(1, { channel: 'đỏ' })];
  const ruleAtLine = new Map(rules.map((r, i) => [firstLine + 1 + i, r]));
  const duplicateLine = firstLine + rows.length - 1;
  const describe = (r: Rejection) => `line ${r.line}: ${r.code} — ${ruleAtLine.get(r.line)?.rule ?? (r.line === duplicateLine ? 'a number once per file' : '?')}`;
  const expected = [
    ...rules.map((r, i) => `line ${firstLine + 1 + i}: ${r.code} — ${r.rule}`),
    `line ${duplicateLine}: duplicate_in_file — a number once per file`,
  ];
  return { rows, expected, describe };
}

function toItem(row: CsvRow, rule?: Rule): Record<string, unknown> {
  const item: Record<string, unknown> = Object.fromEntries(Object.entries(row).map(([k, v]) => [snakeToCamel(k), v]));
  item.handlers = row.handlers!.split(';').map((h) => ({ step: h.split(':')[0], officerCode: h.split(':')[1] }));
  return { ...item, ...rule?.item };
}

const variants = [
  { format: 'CSV with a BOM and CRLF line ends', useWorker: false },
  { format: 'NDJSON', useWorker: false },
  { format: 'CSV with a BOM and CRLF line ends, validated on a worker thread', useWorker: true },
];

for (const { format, useWorker } of variants) {
  dbTest(`each invalid row of a ${format} file is rejected with its code on its physical line`, async (db) => {
    await loadOrganisation(db);
    const ndjson = format.startsWith('NDJSON');
    const { rows, expected, describe } = feedRows(ndjson ? 1 : 2);
    const path = ndjson
      ? ndjsonFile('declarations.ndjson', rows.map((row, i) => toItem(row, rules[i - 1])))
      : declarationsCsv(rows, { bom: true, crlf: true });
    const officers = await countRows(db, 'officers');
    const businesses = await countRows(db, 'businesses');

    const { summary, rejections } = await importDeclarations(db, path, { useWorker });

    assert.deepEqual(rejections.map(describe), expected);
    assert.deepEqual(summary, { created: 2, updated: 0, unchanged: 0, rejected: rules.length + 1 });
    assert.equal(await countRows(db, 'declarations'), 2);
    assert.equal(await countRows(db, 'officers'), officers, 'no officer is created by the feed');
    assert.equal(await countRows(db, 'businesses'), businesses);
    for (const r of rejections) assert.match(r.message, /\S.* \/ \S/, 'the message is in Vietnamese, then English');
  });
}

dbTest('a rejected row says what is wrong in Vietnamese and English', async (db) => {
  await loadOrganisation(db);
  const { rejections } = await importDeclarations(db, declarationsCsv([declarationRow(1, { office_code: '03XX' })]));
  assert.deepEqual(rejections, [{ line: 2, code: 'unknown_office', message: 'Không có chi cục hải quan mã "03XX" / Unknown customs office "03XX"' }]);
});

dbTest('line numbers stay physical across blank lines and quoted fields spanning lines', async (db) => {
  await loadOrganisation(db);
  const header = 'declaration_no,kind,type_code,office_code,declarant_tax_code,declarant_name,registered_at,cleared_at,channel,handlers';
  const row = (no: string, name: string, channel = 'xanh') =>
    `${no},import,A11,03CC,0200123457,${name},2020-04-01T08:30:00,,${channel},reception:CC001`;
  const text = [
    header,
    row(importNo(1), 'Công ty A'), // line 2
    '', // line 3: blank
    row(importNo(2), '"Công ty ""B"",\nchi nhánh Hải Phòng"'), // lines 4–5
    row(importNo(3), 'Công ty C', 'tím'), // line 6
    `${importNo(4)},import,A11`, // line 7: too few columns
    row(importNo(5), 'Công ty E', 'vàng'), // line 8
  ].join('\r\n') + '\r\n';

  const { summary, rejections } = await importDeclarations(db, writeTemp('declarations.csv', text));

  assert.deepEqual(rejections.map((r) => [r.line, r.code]), [[6, 'invalid_channel'], [7, 'invalid_row']]);
  assert.deepEqual(summary, { created: 3, updated: 0, unchanged: 0, rejected: 2 });
  const stored = await db.kysely.selectFrom('declarations').select('declarant_name').where('declaration_no', '=', importNo(2)).executeTakeFirstOrThrow();
  assert.equal(stored.declarant_name, 'Công ty "B",\nchi nhánh Hải Phòng');
});

dbTest('an NDJSON line that is not a JSON object is rejected on its line; blank lines still count', async (db) => {
  await loadOrganisation(db);
  const lines = [JSON.stringify(declarationItem(1)), '', '{"declarationNo": ', '[1,2]', 'null', JSON.stringify(declarationItem(2))];
  const { summary, rejections } = await importDeclarations(db, writeTemp('feed.ndjson', '\uFEFF' + lines.join('\r\n') + '\r\n'));
  assert.deepEqual(rejections.map((r) => [r.line, r.code]), [[3, 'invalid_row'], [4, 'invalid_row'], [5, 'invalid_row']]);
  assert.deepEqual(summary, { created: 2, updated: 0, unchanged: 0, rejected: 3 });
});

dbTest('fields of the wrong JSON type are rejected, never a crash', async (db) => {
  await loadOrganisation(db);
  const items = [
    declarationItem(1, { kind: 5 }), declarationItem(2, { declarantName: { vi: 'x' } }),
    declarationItem(3, { handlers: { step: 'reception' } }), declarationItem(4, { handlers: [null] }),
    declarationItem(5, { registeredAt: 1585704600000 }), declarationItem(6, { channel: true }),
  ];
  const { summary, rejections } = await importDeclarations(db, ndjsonFile('feed.ndjson', items));
  assert.deepEqual(rejections.map((r) => [r.line, r.code]), [
    [1, 'invalid_kind'], [2, 'validation_failed'], [3, 'invalid_handlers'], [4, 'invalid_handlers'],
    [5, 'invalid_datetime'], [6, 'validation_failed'],
  ]);
  assert.equal(summary.rejected, 6);
});
