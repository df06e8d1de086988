import assert from 'node:assert/strict';
import type { Db } from '../src/db/database.js';
import { submitDeclarations } from '../src/declarations/declarations.service.js';
import { testApp, type Client } from './helpers/app.js';
import { dbTest } from './helpers/databases.js';
import { declarationItem, importNo } from './helpers/fixtures.js';
import { buildWorld, type World } from './helpers/principals.js';

/**
 * Scope below the routes: each reader sees only their part of the data, and a record outside it is
 * not found (404), never forbidden. The world's declaration 1 is lodged at 03CC by business A
 * (0200123457) and handled by CC001 (03CC-T1) and CC002 (03CC-T2). Added here:
 *  2 — at 03EE, by business B (0301234562), handled by EE001 (03EE-T1);
 *  3 — at 03EE, by business A, handled by EE001 and by CC002, so credited to 03CC-T2 as well;
 *  4 — at 03CC, by business B, handled by CC002 only.
 * TR001 served in 03CC-T1 until 30 June 2020, and in 03EE-T1 since.
 */
const no = { 1: importNo(1), 2: importNo(2), 3: importNo(3), 4: importNo(4) };
const businessB = '0301234562';

async function scopeWorld(db: Db): Promise<World> {
  const app = await testApp(db);
  const world = await buildWorld(db, app);
  const results = await submitDeclarations(db, [
    declarationItem(2, { officeCode: '03EE', declarantTaxCode: businessB, declarantName: 'Công ty Cổ phần Thép Hải An', handlers: [{ step: 'reception', officerCode: 'EE001' }] }),
    declarationItem(3, { officeCode: '03EE', handlers: [{ step: 'reception', officerCode: 'EE001' }, { step: 'physical_inspection', officerCode: 'CC002' }] }),
    declarationItem(4, { declarantTaxCode: businessB, declarantName: 'Công ty Cổ phần Thép Hải An', handlers: [{ step: 'reception', officerCode: 'CC002' }] }),
  ], 'en');
  assert.deepEqual(results.map((r) => r.status), ['created', 'created', 'created']);
  return world;
}

const linked = (body: string, section: string) => [...body.matchAll(new RegExp(`href="/${section}/([^"?]+)"`, 'g'))].map((m) => decodeURIComponent(m[1]!));

async function listed(reader: Client, url: string, section: 'officers' | 'declarations'): Promise<string[]> {
  const page = await reader.get(url);
  assert.equal(page.statusCode, 200, url);
  const table = /<tbody>([\s\S]*?)<\/tbody>/.exec(page.body)?.[1] ?? '';
  return linked(table, section).sort();
}

async function status(reader: Client, url: string): Promise<number> {
  return (await reader.get(url)).statusCode;
}

async function officeOptions(reader: Client): Promise<string[]> {
  const select = /<select id="office" name="office">([\s\S]*?)<\/select>/.exec((await reader.get('/declarations')).body)![1]!;
  return [...select.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]!).filter((code) => code !== '');
}

dbTest('a leader reads the declarations lodged at their subtree or handled by it, and no other (404)', async (db) => {
  const world = await scopeWorld(db);
  const { leader, admin } = world.clients;
  assert.deepEqual(await listed(leader, '/declarations', 'declarations'), [no[1], no[3], no[4]]);
  assert.deepEqual(await listed(world.otherLeader, '/declarations', 'declarations'), [no[2], no[3]]);
  assert.deepEqual(await listed(admin, '/declarations', 'declarations'), [no[1], no[2], no[3], no[4]]);

  assert.equal(await status(leader, `/declarations/${no[3]}`), 200, 'credited to a team of the subtree');
  assert.equal(await status(leader, `/declarations/${no[2]}`), 404);
  assert.equal(await status(world.otherLeader, `/declarations/${no[1]}`), 404);
  assert.equal(await status(world.otherLeader, `/declarations/${no[4]}`), 404);
  assert.deepEqual(await listed(leader, `/declarations?q=${no[2]}`, 'declarations'), [], 'a number search finds nothing outside the scope');

  assert.deepEqual(await officeOptions(leader), ['03CC']);
  assert.deepEqual(await officeOptions(world.otherLeader), ['03EE']);
  assert.deepEqual(await officeOptions(admin), ['03CC', '03EE', 'HP']);
  assert.equal(await status(leader, '/declarations?office=03EE'), 400, 'an office outside the scope is unknown');
});

dbTest('a leader reads the officers working in their subtree today, and the page of anyone who ever served there', async (db) => {
  const world = await scopeWorld(db);
  const { leader } = world.clients;
  assert.deepEqual(await listed(leader, '/officers', 'officers'), ['CC001', 'CC002']);
  assert.match((await leader.get('/officers')).body, /<caption>2 công chức/, 'the count is the scope\'s');
  assert.deepEqual(await listed(world.otherLeader, '/officers', 'officers'), ['EE001', 'TR001']);
  assert.deepEqual(await listed(leader, '/officers?q=EE001', 'officers'), [], 'a search finds nothing outside the scope');

  assert.equal(await status(leader, '/officers/CC002'), 200);
  assert.equal(await status(leader, '/officers/TR001'), 200, 'served in 03CC-T1 until June 2020');
  assert.equal(await status(leader, '/officers/EE001'), 404);
  assert.equal(await status(world.otherLeader, '/officers/CC001'), 404);
  assert.equal(await status(world.otherLeader, '/officers/TR001'), 200);
});

dbTest('a business reads its own declarations only; another business\'s are not found', async (db) => {
  const world = await scopeWorld(db);
  const { business } = world.clients;
  assert.deepEqual(await listed(business, '/declarations', 'declarations'), [no[1], no[3]]);
  assert.deepEqual(await listed(world.otherBusiness, '/declarations', 'declarations'), [no[2], no[4]]);
  assert.equal(await status(business, `/declarations/${no[3]}`), 200);
  assert.equal(await status(business, `/declarations/${no[2]}`), 404);
  assert.equal(await status(world.otherBusiness, `/declarations/${no[1]}`), 404);
  assert.deepEqual(await listed(business, `/declarations?q=${no[4]}`, 'declarations'), []);

  const own = (await business.get(`/declarations/${no[1]}`)).body;
  assert.match(own, /Nguyễn Văn An/, 'who handled it is shown');
  assert.doesNotMatch(own, /href="\/officers\//, 'but not linked: a business has no officer pages');
  assert.deepEqual(await officeOptions(business), ['03CC', '03EE', 'HP'], 'a business may declare at any office');
});

dbTest('an officer lists only themselves and reads only the declarations they handled', async (db) => {
  const world = await scopeWorld(db);
  const { officer } = world.clients;
  assert.deepEqual(await listed(officer, '/officers', 'officers'), ['CC001']);
  assert.equal(await status(officer, '/officers/CC001'), 200);
  assert.equal(await status(officer, '/officers/CC002'), 404);
  assert.deepEqual(await listed(officer, '/declarations', 'declarations'), [no[1]]);
  assert.equal(await status(officer, `/declarations/${no[4]}`), 404, 'lodged at their office, handled by a colleague');
  assert.equal(await status(officer, `/declarations/${no[2]}`), 404);
  assert.deepEqual(await officeOptions(officer), ['03CC']);
});
