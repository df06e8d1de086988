import assert from 'node:assert/strict';
import { buildDemo } from '../src/demo/demo.service.js';
import { computeStats } from '../src/stats/stats.service.js';
import { dbTest } from './helpers/databases.js';

dbTest('the demo reproduces the headline: about 9.7 % rated, about 95.5 % satisfied, a pilot week, a few poorly rated officers', async (db) => {
  const result = await buildDemo(db, { declarations: 30_000, secretKey: 'd'.repeat(40) });
  assert.ok(result.evaluations > 2000, `${result.evaluations} evaluations`);
  const levels = await db.kysely.selectFrom('evaluations').select(['overall', 'targets_json']).execute();
  const low = levels.filter((e) => Math.min(e.overall, ...(JSON.parse(e.targets_json) as { level: number }[]).map((t) => t.level)) <= 3).length;
  assert.equal(result.cases, low, 'every rating at level 3 or lower has its case');
  const states = await db.kysely.selectFrom('cases').select('status').execute();
  assert.ok(states.filter((c) => c.status === 'closed').length > result.cases * 0.7, 'most cases went the whole loop');
  const all = { kind: 'all' } as const;
  const { total } = await computeStats(db.kysely, all, { from: '2020-04-01', to: '2020-12-31' });
  assert.ok(total.evaluationRate! > 0.09 && total.evaluationRate! < 0.105, `evaluation rate ${total.evaluationRate}`);
  assert.ok(total.satisfactionShare! > 0.945 && total.satisfactionShare! < 0.965, `satisfaction ${total.satisfactionShare}`);
  const pilot = await computeStats(db.kysely, all, { from: '2020-03-25', to: '2020-03-31', groupBy: 'unit' });
  assert.deepEqual(pilot.groups.filter((g) => g.eligible > 0).map((g) => g.key).sort(), ['03CC', '03NK'], 'only the two pilot sub-departments');
  assert.ok(pilot.total.evaluated > 0);
  const before = await computeStats(db.kysely, all, { from: '2020-01-01', to: '2020-03-24' });
  assert.equal(before.total.eligible, 0, 'nothing is eligible before the pilot');
  const units = await computeStats(db.kysely, all, { from: '2020-04-01', to: '2020-12-31', groupBy: 'unit' });
  const shares = units.groups.map((g) => g.satisfactionShare!);
  assert.ok(Math.max(...shares) - Math.min(...shares) > 0.02, `units differ: ${shares.join(', ')}`);
  const officers = await computeStats(db.kysely, all, { from: '2020-04-01', to: '2020-12-31', groupBy: 'officer' });
  const poor = officers.groups.filter((g) => g.rankable && g.satisfactionShare! < 0.75);
  assert.ok(poor.length >= 1 && poor.length <= 5, `poorly rated officers: ${poor.map((g) => g.key).join(', ')}`);
});
