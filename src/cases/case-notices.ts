import type { Kysely } from 'kysely';
import type { Case, Database } from '../db/schema.js';
import { together } from '../db/pipelined-transaction.js';
import { declarationNumberAndBusinessEmail, enqueue, webhookEndpointsForDeclaration } from '../notifications/outbox.repository.js';
import { leaderEmails } from './cases.repository.js';

/**
 * What a case event announces, written to the outbox in the event's own transaction (so a slow or
 * dead mail server never delays or loses a rating): e-mails to the assigned unit's leaders when a
 * case opens or is escalated, to the business when it gets a response — in Vietnamese with English
 * below — and a webhook for every event to the vendors whose software submitted the rating.
 */
export type CaseNotice = 'opened' | 'escalated' | 'acknowledge' | 'verify' | 'conclude' | 'respond' | 'accepted' | 'disputed' | 'closed';

const leaderMail = {
  opened: ['Vụ việc mới cần xác minh', 'New case to verify'],
  escalated: ['Vụ việc quá hạn được chuyển lên đơn vị', 'Overdue case escalated to your unit'],
} as const;

export async function notifyCase(db: Kysely<Database>, c: Omit<Case, 'concluded_now'>, event: CaseNotice, now: number): Promise<void> {
  await enqueueCaseNotice(db, c, event, now, await readCaseRecipients(db, c, event));
}

/**
 * Who hears of an event of this case: read before the case has an id (only the declaration and unit
 * count). `submittedBy`: of a rating being stored in the same breath, not yet readable.
 */
export async function readCaseRecipients(
  db: Kysely<Database>, c: Pick<Case, 'declaration_id' | 'assigned_unit_id'>, event: CaseNotice, submittedBy: readonly string[] = [],
) {
  // The reads do not wait for each other (one round trip in a pipelined transaction).
  const [declaration, leaders, endpoints] = await together([
    declarationNumberAndBusinessEmail(db, c.declaration_id),
    event === 'opened' || event === 'escalated' ? leaderEmails(db, c.assigned_unit_id) : [],
    webhookEndpointsForDeclaration(db, c.declaration_id, submittedBy),
  ]);
  return { declaration, leaders, endpoints };
}
export type CaseRecipients = Awaited<ReturnType<typeof readCaseRecipients>>;

export async function enqueueCaseNotice(
  db: Kysely<Database>, c: Omit<Case, 'concluded_now'>, event: CaseNotice, now: number, { declaration, leaders, endpoints }: CaseRecipients,
): Promise<void> {
  const no = declaration?.declaration_no ?? String(c.declaration_id);
  const rows = [];
  const base = { status: 'pending' as const, next_attempt_at: now, created_at: now, case_id: c.id, event, claimed_until: null, last_error: null, sent_at: null };
  if (event === 'opened' || event === 'escalated') {
    const [vi, en] = leaderMail[event];
    for (const to of leaders) {
      rows.push({
        ...base, channel: 'email' as const, target: to, webhook_endpoint_id: null, subject: `[hailong] ${vi} / ${en} #${c.id}`,
        body: `${vi}: vụ việc #${c.id}, tờ khai ${no}. Hạn tiếp nhận ${c.acknowledge_due}, hạn kết luận ${c.conclude_due}.\n\n` +
          `${en}: case #${c.id}, declaration ${no}. Acknowledge by ${c.acknowledge_due}, conclude by ${c.conclude_due}.\n`,
      });
    }
  }
  if (event === 'respond' && declaration?.email) {
    rows.push({
      ...base, channel: 'email' as const, target: declaration.email, webhook_endpoint_id: null,
      subject: `[hailong] Kết quả xác minh đánh giá tờ khai ${no} / Outcome of your rating of declaration ${no}`,
      body: `Kính gửi ${declaration.name},\n\nHải quan đã xác minh đánh giá của Quý doanh nghiệp đối với tờ khai ${no}:\n\n${c.response ?? ''}\n\n` +
        `Quý doanh nghiệp có thể đồng ý hoặc không đồng ý với kết quả đến hết ngày ${c.answer_due}.\n\n---\n\n` +
        `Customs has verified your rating of declaration ${no}:\n\n${c.response ?? ''}\n\nYou may accept or dispute this outcome until ${c.answer_due}.\n`,
    });
  }
  for (const endpoint of endpoints) {
    rows.push({
      ...base, channel: 'webhook' as const, target: endpoint.url, webhook_endpoint_id: endpoint.id, subject: null,
      body: JSON.stringify({ event: `case.${event}`, caseId: c.id, declarationNo: no, status: c.status, at: new Date(now).toISOString(),
        ...(event === 'respond' ? { response: c.response, answerDue: c.answer_due } : {}) }),
    });
  }
  await enqueue(db, rows);
}
