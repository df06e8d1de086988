import assert from 'node:assert/strict';
import { createUser } from '../src/users/users.service.js';
import { systemActor } from '../src/audit/audit.service.js';
import { Client } from './helpers/app.js';
import { dbTest } from './helpers/databases.js';
import { errorCode, ratingWorld, recentItem } from './helpers/ratings.js';

const password = 'case api password 2020';

dbTest('the whole life-cycle through the JSON API: a vendor rating opens the case, the team leader moves it, the business answers through the vendor', async (db) => {
  const w = await ratingWorld(db);
  try {
    await createUser(db.kysely, { username: 'lead.t2', password, role: 'leader', unitCode: '03CC-T2' }, systemActor);
    await createUser(db.kysely, { username: 'lead.ee', password, role: 'leader', unitCode: '03EE' }, systemActor);
    const leader = new Client(w.app);
    const outsider = new Client(w.app);
    assert.equal((await leader.signIn('lead.t2', password)).statusCode, 303);
    assert.equal((await outsider.signIn('lead.ee', password)).statusCode, 303);
    const [item] = await w.push([recentItem(1)]);
    const rated = await w.rate({ token: item!.ratingToken, overall: 3, targets: [{ type: 'officer', code: 'CC002', level: 1 }], reasons: ['attitude'], comment: 'Thái độ chưa tốt' });
    assert.equal(rated.statusCode, 201);

    const list = await leader.get('/api/v1/cases?mine=true');
    assert.equal(list.statusCode, 200);
    const [listed] = list.json<{ cases: { id: number; status: string; assignedUnit: string }[] }>().cases;
    assert.deepEqual([listed!.status, listed!.assignedUnit], ['opened', '03CC-T2']);
    const id = listed!.id;
    assert.equal((await outsider.get(`/api/v1/cases/${id}`)).statusCode, 404, 'another subtree does not see it');
    assert.equal((await outsider.json('POST', `/api/v1/cases/${id}/acknowledge`, {})).statusCode, 404);

    const refused = await leader.json('POST', `/api/v1/cases/${id}/conclude`, {});
    assert.equal(refused.statusCode, 409);
    assert.equal(errorCode(refused), 'case_transition_not_allowed');
    for (const [transition, body] of [
      ['acknowledge', {}], ['verify', {}],
      ['conclude', { finding: 'violation_confirmed', categories: ['attitude'], officers: ['CC002'], action: 'reminder', actionDetails: 'Nhắc nhở' }],
      ['respond', { response: 'Đã nhắc nhở công chức; cảm ơn doanh nghiệp.' }],
    ] as const) {
      const moved = await leader.json('POST', `/api/v1/cases/${id}/${transition}`, body);
      assert.equal(moved.statusCode, 200, `${transition}: ${moved.body}`);
    }
    assert.equal((await leader.json('POST', `/api/v1/cases/${id}/notes`, { note: 'Đã gửi trả lời' })).statusCode, 204);

    const answerWithoutReason = await w.app.inject({ method: 'POST', url: '/api/v1/cases/answer', headers: { authorization: `Bearer ${w.vendorKey}` }, payload: { token: item!.ratingToken, answer: 'dispute' } });
    assert.equal(errorCode(answerWithoutReason), 'dispute_reason_required');
    const accepted = await w.app.inject({ method: 'POST', url: '/api/v1/cases/answer', headers: { authorization: `Bearer ${w.vendorKey}` }, payload: { token: item!.ratingToken, answer: 'accept' } });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json<{ status: string }>().status, 'closed');

    const detail = await leader.get(`/api/v1/cases/${id}`);
    const body = detail.json<{ status: string; timeline: { kind: string }[]; evaluation: { comment: string }; response: string; declaration: Record<string, unknown> }>();
    assert.equal(body.status, 'closed');
    assert.deepEqual(body.timeline.map((e) => e.kind), ['opened', 'acknowledge', 'verify', 'conclude', 'respond', 'note', 'accepted']);
    assert.equal(body.evaluation.comment, 'Thái độ chưa tốt', 'the leader of the assigned unit reads the comment inside the case');
    assert.equal(body.declaration.business, undefined, 'but not who rated');
    const webhookless = await db.kysely.selectFrom('outbox').select('channel').where('channel', '=', 'webhook').execute();
    assert.equal(webhookless.length, 0, 'no endpoint registered, no webhook');
  } finally {
    await w.app.close();
  }
});
