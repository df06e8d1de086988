import assert from 'node:assert/strict';
import { submitEvaluation } from '../src/evaluations/evaluation-submission.service.js';
import { ratingToken } from '../src/evaluations/rating-token.js';
import { testApp } from './helpers/app.js';
import { dbTest } from './helpers/databases.js';
import { importNo } from './helpers/fixtures.js';
import { buildWorld } from './helpers/principals.js';

const secret = 'k'.repeat(40);
const comment = 'Cán bộ CC002 gây khó dễ — BÍ-MẬT-42';
const declarationNo = importNo(1);
const taxCode = '0200123457';
const businessName = 'Công ty TNHH Vận tải Biển Đông';
const token = ratingToken(secret, declarationNo, taxCode);

/** Concrete values for the route parameters; a GET route with another parameter fails the test until it gets one. */
const parameters: Record<string, string> = {
  no: declarationNo, code: 'CC002', id: '1', token, file: 'app.css', taxCode, day: '2020-04-30',
};

/**
 * Where a leader legitimately sees a rating's declaration and comment: inside a case of the unit's
 * subtree (issue 5). Declaration pages show declarations (their declarants included) but never a rating.
 */
const casePages = /^\/(api\/v1\/)?cases(\/|$)/;
const declarationPages = /^\/declarations/;

dbTest('no retaliation: no page or API an officer or a leader can open shows who rated or the comment; inspectors see it, audited', async (db) => {
  const app = await testApp(db);
  try {
    const world = await buildWorld(db, app);
    await submitEvaluation(db.kysely, { secretKey: secret, ratingWindowDays: 30 }, { kind: 'token', token },
      { overall: 2, targets: [{ type: 'officer', code: 'CC002', level: 1 }], reasons: ['harassment'], comment },
      { channel: 'link', submittedBy: 'link', ip: null, now: Date.parse('2020-04-02T09:00:00+07:00') });
    await app.ready();
    const getRoutes = app.routeList.filter((r) => r.method === 'GET' && !r.url.startsWith('/r/') && r.url !== '/login' && !r.url.startsWith('/password'));
    const urls = getRoutes.map((r) => r.url.replace(/:(\w+)/g, (_, name: string) => {
      const value = parameters[name];
      if (value === undefined) throw new Error(`no value for :${name} in ${r.url}: add one to the parameters above`);
      return value;
    }));
    const extra = ['/dashboard?groupBy=officer', '/api/v1/stats?groupBy=officer', '/api/v1/stats?groupBy=level', '/declarations?unrated=1'];
    let opened = 0;
    for (const name of ['officer', 'leader'] as const) {
      const client = world.clients[name];
      for (const url of [...urls, ...extra]) {
        const response = await client.get(url);
        assert.ok(response.statusCode < 500, `${name} ${url}: ${response.statusCode}`);
        if (response.statusCode !== 200) continue;
        opened++;
        const path = url.split('?')[0]!;
        if (name === 'leader' && casePages.test(path)) continue;
        assert.ok(!response.body.includes('BÍ-MẬT-42') && !response.body.includes('B&#205;-M&#7852;T-42'), `${name} ${url} shows the comment`);
        if (!declarationPages.test(path)) {
          for (const identity of [taxCode, businessName, declarationNo]) assert.ok(!response.body.includes(identity), `${name} ${url} shows ${identity}`);
        }
      }
      for (const url of ['/evaluations', '/evaluations?low=1']) assert.ok([403, 404].includes((await client.get(url)).statusCode), `${name} ${url}`);
    }
    assert.ok(opened >= 20, `only ${opened} pages opened: the check would prove little`);
    const listReads = await db.kysely.selectFrom('audit_events').select(['actor_name', 'after_json'])
      .where('action', '=', 'read_rater_identity').where('entity', '=', 'case_list').execute();
    assert.ok(listReads.some((r) => r.actor_name === 'm.leader' && r.after_json!.includes(declarationNo)), 'the leader\'s reads of the case list (the declaration numbers) are audited');
    assert.ok(!listReads.some((r) => r.actor_name === 'm.officer'), 'an officer lists no case');
    const leaderFigures = await world.clients.leader.get('/api/v1/stats?groupBy=level');
    assert.equal(leaderFigures.json<{ total: { levels: Record<string, number> } }>().total.levels['2'], 1, 'the level itself is visible');

    const review = await world.clients.inspector.get('/evaluations?low=1');
    assert.equal(review.statusCode, 200);
    for (const shown of [taxCode, declarationNo, 'BÍ-MẬT-42']) assert.ok(review.body.includes(shown), `inspector sees ${shown}`);
    const reads = await db.kysely.selectFrom('audit_events').select(['action', 'actor_name', 'after_json'])
      .where('action', '=', 'read_rater_identity').where('entity', '=', 'evaluation').execute();
    assert.equal(reads.length, 1);
    assert.equal(reads[0]!.actor_name, 'm.inspector');
    assert.ok(reads[0]!.after_json!.includes(declarationNo));
  } finally {
    await app.close();
  }
});
