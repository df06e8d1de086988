import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemActor, type Actor } from '../src/audit/audit.service.js';
import type { Db } from '../src/db/database.js';
import { submitDeclarations } from '../src/declarations/declarations.service.js';
import { anonymise, nameCore, showsIdentity } from '../src/problems/anonymise.js';
import { publicationDraft, publishProblem, searchQa, unpublishProblem } from '../src/problems/problem-publication.service.js';
import { moveProblem } from '../src/problems/problem-workflow.service.js';
import { raiseProblem } from '../src/problems/problems.service.js';
import { foldText, searchWords } from '../src/problems/vietnamese-fold.js';
import { testApp, testConfig } from './helpers/app.js';
import { dbTest } from './helpers/databases.js';
import { declarationItem, importNo, loadOrganisation } from './helpers/fixtures.js';

const taxCode = '0200123457';
const name = 'Công ty TNHH Vận tải Biển Đông';
const declarationNo = importNo(1);
const identity = { taxCode, businessName: name, declarationNos: [declarationNo] };

test('folding: diacritics, đ/Đ and case are ignored, punctuation separates words', () => {
  assert.equal(foldText('Thủ tục HẢI QUAN, đăng ký tờ khai!'), 'thu tuc hai quan dang ky to khai');
  assert.equal(foldText('ĐỒNG ĐẲNG'), 'dong dang');
  assert.equal(foldText('Nguye\u0302\u0303n'), 'nguyen', 'decomposed input');
  assert.deepEqual(searchWords('  Thủ  tục  thủ '), ['thu', 'tuc']);
});

test('the tax code, the name (however written), declaration numbers, e-mails and phones are removed from a text', () => {
  const text = `Chúng tôi là CONG TY TNHH VAN TAI BIEN DONG (MST 0200 123 457, chi nhánh 0200123457-001), tờ khai ${declarationNo} và 301234567890 bị chậm; ` +
    'liên hệ xnk@biendong.vn hoặc 0225 3123 456. Vận tải Biển Đông đề nghị hướng dẫn thủ tục. Mã số thuế khác: 0301234562.';
  const out = anonymise(text, identity);
  assert.equal(showsIdentity(out, identity), false, out);
  for (const leaked of ['0200', '123 457', declarationNo, '301234567890', 'xnk@', '3123', 'BIEN DONG', 'Biển Đông', '0301234562']) assert.ok(!out.includes(leaked), `${leaked} in ${out}`);
  assert.match(out, /\[doanh nghiệp\]/);
  assert.match(out, /\[mã số thuế\]/);
  assert.match(out, /\[số tờ khai\]/);
  assert.match(out, /hướng dẫn thủ tục/, 'the question itself is kept');
  assert.equal(nameCore(name), 'van tai bien dong');
  assert.equal(anonymise('Thủ tục hải quan điện tử', identity), 'Thủ tục hải quan điện tử', 'ordinary words are untouched');
});

const inspector: Actor = {
  principal: { kind: 'user', userId: 1, username: 'admin', displayName: 'Admin', role: 'admin', unitId: null, unitPath: null, officerId: null, businessIds: [], sessionId: '', csrfToken: '' },
  ip: null, requestId: null,
};
const at = (day: string) => Date.parse(`${day}T09:00:00+07:00`);

/** Two answered problems of business 0200123457, their texts full of its identity. */
async function answered(db: Db): Promise<number[]> {
  const org = await loadOrganisation(db);
  await submitDeclarations(db, [declarationItem(1)], 'en');
  const business = await db.kysely.selectFrom('businesses').select('id').where('tax_code', '=', taxCode).executeTakeFirstOrThrow();
  const leader: Actor = {
    principal: { ...inspector.principal, role: 'leader', username: 'ld', unitId: org.unitId('03CC'), unitPath: (await db.kysely.selectFrom('units').select('path').where('code', '=', '03CC').executeTakeFirstOrThrow()).path } as Actor['principal'],
    ip: null, requestId: null,
  };
  const ctx = { secretKey: 'k'.repeat(40), dataDir: testConfig().dataDir };
  const questions = [
    ['procedure', `${name} (MST ${taxCode}) hỏi: thủ tục tạm nhập tái xuất tờ khai ${declarationNo} cần hồ sơ gì?`, `Kính gửi ${name}: hồ sơ gồm tờ khai ${declarationNo} và hợp đồng. Liên hệ xnk@biendong.vn.`],
    ['classification', 'Mã HS của thép cuộn cán nóng là gì? Đăng ký kiểm tra chuyên ngành ở đâu?', 'Áp mã 7208; ĐĂNG KÝ kiểm tra tại Chi cục KV I.'],
  ] as const;
  const ids: number[] = [];
  for (const [topic, question, answer] of questions) {
    const p = await raiseProblem(db.kysely, ctx, systemActor, { kind: 'business', businessIds: [Number(business.id)] }, { topic, question, declarationNo }, at('2020-05-04'));
    await moveProblem(db.kysely, leader, p.id, 'draft', { answer }, at('2020-05-05'));
    await moveProblem(db.kysely, leader, p.id, 'approve', {}, at('2020-05-05'));
    ids.push(p.id);
  }
  return ids;
}

dbTest('publication: the Q&A never shows the tax code, name or declaration number, even when the publisher types them back', async (db) => {
  const [first, second] = await answered(db);
  const draft = await publicationDraft(db.kysely, inspector, first!);
  assert.equal(showsIdentity(`${draft.question} ${draft.answer}`, identity), false, 'the form starts anonymised');
  await publishProblem(db.kysely, inspector, first!, { question: `${draft.question} (${name.toUpperCase()}, ${taxCode})`, answer: `${draft.answer} Tờ khai ${declarationNo}.` });
  await publishProblem(db.kysely, inspector, second!, { question: 'Mã HS của thép cuộn cán nóng là gì? Đăng ký kiểm tra chuyên ngành ở đâu?', answer: 'Áp mã 7208; ĐĂNG KÝ kiểm tra tại Chi cục KV I.' });
  const stored = await db.kysely.selectFrom('problem_publications').selectAll().execute();
  for (const row of stored) {
    const everything = JSON.stringify(row);
    assert.equal(showsIdentity(`${row.question} ${row.answer}`, identity), false, everything);
    for (const leaked of [taxCode, declarationNo, 'bien dong', 'Biển Đông', 'BIỂN ĐÔNG', 'xnk@']) assert.ok(!everything.includes(leaked), `${leaked} in ${everything}`);
  }
  const app = await testApp(db);
  try {
    for (const url of ['/qa', `/qa/${first}`, '/api/v1/qa', `/api/v1/qa/${first}`, '/qa?q=bien+dong', `/api/v1/qa?q=${taxCode}`]) {
      const response = await app.inject({ method: 'GET', url });
      assert.ok(response.statusCode === 200, `${url}: ${response.statusCode}`);
      for (const leaked of [taxCode, declarationNo, 'Biển Đông', 'BIỂN ĐÔNG', 'Bi&#7875;n']) assert.ok(!response.body.includes(leaked), `${url} shows ${leaked}`);
    }
    assert.equal((await app.inject({ method: 'GET', url: `/api/v1/qa?q=${taxCode}` })).json<{ entries: unknown[] }>().entries.length, 0, 'the tax code finds nothing');
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/qa?q=bien+dong' })).json<{ entries: unknown[] }>().entries.length, 0, 'nor the name');
  } finally {
    await app.close();
  }
  await unpublishProblem(db.kysely, inspector, second!);
  assert.deepEqual((await searchQa(db.kysely, {})).entries.map((e) => e.id), [first]);
});

dbTest('search: with or without diacritics, any case, every word must match; by topic', async (db) => {
  const [first, second] = await answered(db);
  for (const id of [first!, second!]) {
    const draft = await publicationDraft(db.kysely, inspector, id);
    await publishProblem(db.kysely, inspector, id, draft);
  }
  const found = async (q: string, topic?: string) => (await searchQa(db.kysely, { q, topic })).entries.map((e) => e.id).sort();
  assert.deepEqual(await found('thủ tục'), [first]);
  assert.deepEqual(await found('thu tuc'), [first], '"thu tuc" finds "thủ tục"');
  assert.deepEqual(await found('THU TUC'), [first]);
  assert.deepEqual(await found('dang ky'), [second], 'đ/Đ folds to d');
  assert.deepEqual(await found('Đăng ký'), [second]);
  assert.deepEqual(await found('tam nhap tai'), [first], 'word prefixes: "tai" finds "tái"');
  assert.deepEqual(await found('thép dang'), [second]);
  assert.deepEqual(await found('thu tuc thep'), [], 'every word must match');
  assert.deepEqual(await found('ho so'), [first]);
  assert.deepEqual(await found(''), [first, second].sort());
  assert.deepEqual(await found('', 'classification'), [second]);
  assert.deepEqual(await found('%'), [first, second].sort(), 'punctuation alone is no word: everything');
});
