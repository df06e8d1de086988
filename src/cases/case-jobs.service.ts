import type { Kysely } from 'kysely';
import { audit, systemActor } from '../audit/audit.service.js';
import type { Database } from '../db/schema.js';
import { vietnamDay } from '../shared/time.js';
import { notifyCase } from './case-notices.js';
import { casesDueForEscalation, casesPastAnswerDay, insertCaseEvent, recordEscalation, unitParent, updateCase } from './cases.repository.js';
import { caseActorOf } from './cases.service.js';

/**
 * The scheduled work of the closed loop, safe to run from several processes at once: an overdue case
 * is escalated to the parent unit's leaders exactly once per deadline (the escalation's primary key
 * decides which process does it, in the same transaction as the move), and a response left
 * unanswered past its day closes as accepted.
 */
export interface CaseJobResult {
  escalated: number;
  autoClosed: number;
}

export async function runCaseJobs(db: Kysely<Database>, now = Date.now()): Promise<CaseJobResult> {
  const today = vietnamDay(now);
  const result = { escalated: 0, autoClosed: 0 };
  const who = caseActorOf(systemActor);
  for (const c of await casesDueForEscalation(db, today, 500)) {
    await db.transaction().execute(async (trx) => {
      const overdue: ['acknowledge' | 'conclude', string][] = [];
      if (c.status === 'opened' && c.acknowledge_due < today) overdue.push(['acknowledge', c.acknowledge_due]);
      if (['opened', 'acknowledged', 'verifying'].includes(c.status) && c.conclude_due < today) overdue.push(['conclude', c.conclude_due]);
      const parent = await unitParent(trx, c.assigned_unit_id);
      const toUnit = parent?.parent_id ?? c.assigned_unit_id;
      for (const [deadline, dueDay] of overdue) {
        // The first deadline not yet escalated; the primary key lets exactly one process record it.
        if (!(await recordEscalation(trx, { case_id: c.id, deadline, due_day: dueDay, from_unit_id: c.assigned_unit_id, to_unit_id: toUnit, at: now }))) continue;
        if (!(await updateCase(trx, c.id, c.status, { assigned_unit_id: toUnit, updated_at: now }))) return;
        await insertCaseEvent(trx, {
          case_id: c.id, at: now, kind: 'escalated', actor_kind: 'system', actor_id: null, actor_name: null, from_status: c.status, to_status: c.status,
          details_json: JSON.stringify({ deadline, dueDay, fromUnitId: c.assigned_unit_id, toUnitId: toUnit }),
        });
        await audit(trx, who.actor, { action: 'case_escalated', entity: 'case', entityId: c.id, before: { assignedUnitId: c.assigned_unit_id }, after: { assignedUnitId: toUnit, deadline } }, now);
        await notifyCase(trx, { ...c, assigned_unit_id: toUnit }, 'escalated', now);
        result.escalated++;
        return;
      }
    });
  }
  for (const c of await casesPastAnswerDay(db, today, 500)) {
    await db.transaction().execute(async (trx) => {
      if (!(await updateCase(trx, c.id, 'responded', { status: 'closed', business_answer: 'auto_accepted', closed_at: now, updated_at: now }))) return;
      await insertCaseEvent(trx, {
        case_id: c.id, at: now, kind: 'closed', actor_kind: 'system', actor_id: null, actor_name: null, from_status: 'responded', to_status: 'closed',
        details_json: JSON.stringify({ answer: 'auto_accepted', answerDue: c.answer_due }),
      });
      await notifyCase(trx, { ...c, status: 'closed' }, 'closed', now);
      result.autoClosed++;
    });
  }
  return result;
}
