import type { Insertable, Kysely } from 'kysely';
import { leaderEmails } from '../cases/cases.repository.js';
import type { Database, OutboxTable, Problem } from '../db/schema.js';
import { enqueue } from '../notifications/outbox.repository.js';
import { problemParties, webhookEndpointsOfClient } from './problems.repository.js';

/**
 * What a problem's steps announce, written to the durable outbox in the step's own transaction:
 * e-mails to the assigned unit's leaders when a problem arrives and when an answer awaits their
 * approval; to the business when its answer is sent — Vietnamese first, English below — and, for a
 * problem a vendor's software raised, a webhook to that vendor when it is answered.
 */
export type ProblemNotice = 'received' | 'drafted' | 'answered';

const leaderMail = {
  received: ['Vướng mắc mới của doanh nghiệp', 'New problem raised by a business'],
  drafted: ['Câu trả lời vướng mắc chờ duyệt', 'An answer awaits your approval'],
} as const;

export async function notifyProblem(db: Kysely<Database>, p: Problem, event: ProblemNotice, now: number): Promise<void> {
  const rows: Insertable<OutboxTable>[] = [];
  const base = { status: 'pending' as const, next_attempt_at: now, created_at: now, case_id: null, event: `problem.${event}`, claimed_until: null, last_error: null, sent_at: null };
  const parties = await problemParties(db, p.id);
  if (event === 'received' || event === 'drafted') {
    const [vi, en] = leaderMail[event];
    for (const to of await leaderEmails(db, p.unit_id)) {
      rows.push({
        ...base, channel: 'email', target: to, webhook_endpoint_id: null, subject: `[hailong] ${vi} / ${en} #${p.id}`,
        body: `${vi}: vướng mắc #${p.id}, hạn trả lời ${p.due_day}.\n\n${en}: problem #${p.id}, to be answered by ${p.due_day}.\n`,
      });
    }
  }
  if (event === 'answered' && parties.business_email) {
    rows.push({
      ...base, channel: 'email', target: parties.business_email, webhook_endpoint_id: null,
      subject: `[hailong] Trả lời vướng mắc #${p.id} / Answer to your problem #${p.id}`,
      body: `Kính gửi ${parties.business_name},\n\nHải quan trả lời vướng mắc #${p.id} của Quý doanh nghiệp:\n\n${p.answer ?? ''}\n\n` +
        `Quý doanh nghiệp có thể đánh giá câu trả lời trên cổng thông tin.\n\n---\n\nCustoms' answer to your problem #${p.id}:\n\n${p.answer ?? ''}\n\n` +
        'You may rate this answer on the portal.\n',
    });
  }
  const client = /^api_client:(\d+)$/.exec(p.submitted_by);
  if (event === 'answered' && client) {
    for (const endpoint of await webhookEndpointsOfClient(db, Number(client[1]))) {
      rows.push({
        ...base, channel: 'webhook', target: endpoint.url, webhook_endpoint_id: endpoint.id, subject: null,
        body: JSON.stringify({ event: 'problem.answered', problemId: p.id, status: p.status, answer: p.answer, answeredAt: new Date(now).toISOString() }),
      });
    }
  }
  await enqueue(db, rows);
}
