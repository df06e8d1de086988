import assert from 'node:assert/strict';
import { submitEvaluation } from '../src/evaluations/evaluations.service.js';
import { ratingToken } from '../src/evaluations/rating-token.js';
import { testApp } from './helpers/app.js';
import { dbTest } from './helpers/databases.js';
import { importNo } from './helpers/fixtures.js';
import { buildWorld } from './helpers/principals.js';

const comment = 'Cán bộ CC002 gây khó dễ — BÍ-MẬT-42';
const declarationNo = importNo(1);
const taxCode = '0200123457';
const businessName = 'Công ty TNHH Vận tải Biển Đông';

/** Every page and API an officer or a leader can open that carries figures or ratings. */
const staffViews = ['/', '/units', '/officers', '/officers/CC001', '/officers/CC002', '/dashboard', '/dashboard?groupBy=officer',
  '/api/v1/stats', '/api/v1/stats?groupBy=officer', '/api/v1/stats?groupBy=level', '/api/v1/stats?groupBy=unit', '/api/v1/stats?groupBy=month'];

dbTest('no retaliation: officers and leaders never see who rated, nor the comment; inspectors do, and that read is audited', async (db) => {
  const app = await testApp(db);
  try {
    const world = await buildWorld(db, app);
    await submitEvaluation(db.kysely, { secretKey: 'k'.repeat(40), ratingWindowDays: 30 },
      { kind: 'token', token: ratingToken('k'.repeat(40), declarationNo, taxCode) },
      { overall: 2, targets: [{ type: 'officer', code: 'CC002', level: 1 }], reasons: ['harassment'], comment },
      { channel: 'link', submittedBy: 'link', ip: null, now: Date.parse('2020-04-02T09:00:00+07:00') });
    for (const name of ['officer', 'leader'] as const) {
      const client = world.clients[name];
      for (const url of [...staffViews, `/declarations/${declarationNo}`, '/declarations']) {
        const response = await client.get(url);
        assert.ok(response.statusCode < 500, `${name} ${url}: ${response.statusCode}`);
        assert.ok(!response.body.includes('BÍ-MẬT-42') && !response.body.includes('B&#205;-M&#7852;T-42'), `${name} ${url} shows the comment`);
        if (!url.startsWith('/declarations')) {
          for (const identity of [taxCode, businessName, declarationNo]) assert.ok(!response.body.includes(identity), `${name} ${url} shows ${identity}`);
        }
      }
      for (const url of ['/evaluations', '/evaluations?low=1']) assert.ok([403, 404].includes((await client.get(url)).statusCode), `${name} ${url}`);
    }
    const leaderFigures = await world.clients.leader.get('/api/v1/stats?groupBy=level');
    assert.equal(leaderFigures.statusCode, 200);
    assert.equal(leaderFigures.json<{ total: { levels: Record<string, number> } }>().total.levels['2'], 1, 'the level itself is visible');

    const review = await world.clients.inspector.get('/evaluations?low=1');
    assert.equal(review.statusCode, 200);
    for (const shown of [taxCode, declarationNo, 'BÍ-MẬT-42']) assert.ok(review.body.includes(shown), `inspector sees ${shown}`);
    const reads = await db.kysely.selectFrom('audit_events').select(['action', 'actor_name', 'after_json']).where('action', '=', 'read_rater_identity').execute();
    assert.equal(reads.length, 1);
    assert.equal(reads[0]!.actor_name, 'm.inspector');
    assert.ok(reads[0]!.after_json!.includes(declarationNo));
  } finally {
    await app.close();
  }
});
