import type { Actor } from '../audit/audit.service.js';
import { systemActor } from '../audit/audit.service.js';
import { runCaseJobs } from '../cases/case-jobs.service.js';
import type { StaffTransition } from '../cases/case-rules.js';
import type { TransitionInput } from '../cases/cases.schema.js';
import { answerCase, caseActorOf, openOrReviseCase, transitionCase, type EvaluationForCase } from '../cases/cases.service.js';
import type { Db } from '../db/database.js';
import { findCaseByDeclaration } from '../cases/cases.repository.js';
import type { Random } from './random.js';

/**
 * The closed loop as it ran in 2020: every rating at level 3 or lower opened a case; most were
 * acknowledged and concluded in time, some late (and escalated), a few disputed; businesses mostly
 * accepted the response, and those that did not answer were closed as accepted. Everything goes
 * through the real services, with the times they happened.
 */
const hour = 3_600_000;
const day = 24 * hour;
const demoInspector: Actor = {
  principal: {
    kind: 'user', userId: 0, username: 'demo.thanhtra', displayName: 'Thanh tra (dữ liệu mẫu)', role: 'inspector', unitId: null, unitPath: null,
    officerId: null, businessIds: [], sessionId: '', csrfToken: '',
  },
  ip: null, requestId: null,
};
/** The same instant, or the next 08:xx in Vietnam when it falls outside office hours. */
function officeHours(t: number): number {
  const hourOfDay = Math.floor(((t / hour) + 7) % 24);
  if (hourOfDay < 8) return t + (8 - hourOfDay) * hour;
  if (hourOfDay >= 17) return t + (24 - hourOfDay + 8) * hour;
  return t;
}

const responses = [
  'Chi cục đã xác minh, phê bình công chức liên quan và chấn chỉnh quy trình tiếp nhận.',
  'Qua xác minh, thời gian xử lý kéo dài do hồ sơ cần bổ sung chứng từ; Chi cục đã hướng dẫn cụ thể hơn.',
  'Chi cục ghi nhận phản ánh và đã nhắc nhở công chức về thái độ phục vụ.',
];

export async function buildDemoCases(
  db: Db, random: Random, low: readonly EvaluationForCase[], at: readonly number[], info: readonly { reasons: string[]; officerCodes: string[] }[],
): Promise<number> {
  const order = low.map((_, i) => i).sort((a, b) => at[a]! - at[b]!);
  let cases = 0;
  for (const i of order) {
    const e = low[i]!;
    const opened = at[i]!;
    await openOrReviseCase(db.kysely, e, { ...caseActorOf(systemActor), kind: 'business', id: e.businessId, name: 'demo' }, opened);
    const c = await findCaseByDeclaration(db.kysely, e.declarationId);
    if (!c) continue;
    cases++;
    const late = random.next() < 0.1;
    // A late case misses its acknowledgement day: the scheduled job escalates it first.
    let t = opened + (late ? 3 * day : random.int(1, 20) * hour);
    if (late) await runCaseJobs(db.kysely, t);
    const violation = random.next();
    const finding = violation < 0.4 ? 'violation_confirmed' : violation < 0.55 ? 'partly' : 'not_confirmed';
    // The officers the business named, else those who handled the declaration.
    const named = e.targets.filter((x) => x.type === 'officer').map((x) => x.code);
    const officers = named.length > 0 ? named : info[i]!.officerCodes;
    const categories = info[i]!.reasons.length > 0 ? info[i]!.reasons : ['other'];
    const steps: [StaffTransition, TransitionInput][] = [
      ['acknowledge', {}],
      ['verify', { note: 'Đã liên hệ doanh nghiệp và xem lại hồ sơ tờ khai.' }],
      ['conclude', {
        finding, categories, officers,
        action: finding === 'not_confirmed' ? 'none' : finding === 'partly' ? 'reminder' : 'criticism',
        actionDetails: finding === 'not_confirmed' ? undefined : 'Nhắc nhở, phê bình tại cuộc họp đơn vị',
      }],
      ['respond', { response: random.pick(responses) }],
    ];
    for (const [transition, input] of steps) {
      t = officeHours(t + random.int(2, 40) * hour);
      await transitionCase(db.kysely, demoInspector, c.id, transition, input, t);
    }
    const answer = random.next();
    t += random.int(1, 5) * day;
    if (answer < 0.8) await answerCase(db.kysely, systemActor, e.declarationId, 'accept', undefined, t);
    else if (answer < 0.9) await answerCase(db.kysely, systemActor, e.declarationId, 'dispute', 'Doanh nghiệp chưa đồng ý với kết quả xác minh', t);
  }
  // Responses nobody answered close as accepted once their ten working days are over.
  await runCaseJobs(db.kysely, Date.parse('2021-01-31T00:00:00+07:00'));
  return cases;
}
