import type { Actor } from '../audit/audit.service.js';
import { addQuestion, createConference, invite, recordMinutes } from '../conferences/conferences.service.js';
import type { Db } from '../db/database.js';
import type { ProblemTopic } from '../db/schema.js';
import { publicationDraft, publishProblem } from '../problems/problem-publication.service.js';
import { moveProblem, rateAnswer } from '../problems/problem-workflow.service.js';
import { raiseProblem, type ProblemContext } from '../problems/problems.service.js';
import type { Random } from './random.js';

/**
 * Problem resolution as it ran: the first dialogue conference (June 2018, 400 businesses invited,
 * with the associations on record) with questions collected beforehand and its minutes; problems
 * raised through 2020 on the portal, answered by the office's leaders mostly on time, rated by the
 * businesses; some published anonymised to the Q&A (their texts name the business, its tax code and
 * a declaration, which the publication removes). Everything goes through the real services.
 */
const hour = 3_600_000;
const questions: readonly [ProblemTopic, string, string][] = [
  ['classification', 'Mặt hàng thép cuộn cán nóng, chiều rộng 600 mm, chưa phủ mạ thì phân loại vào nhóm nào?',
    'Theo Biểu thuế xuất khẩu, nhập khẩu và Chú giải nhóm 72.08, thép cán phẳng không hợp kim, cán nóng, chiều rộng từ 600 mm trở lên, chưa phủ mạ được phân loại vào nhóm 72.08.'],
  ['valuation', 'Chi phí bản quyền trả cho bên bán sau khi nhập khẩu có phải cộng vào trị giá hải quan không?',
    'Phí bản quyền là điều kiện mua bán hàng hóa nhập khẩu thì được cộng vào trị giá giao dịch theo Điều 13 Thông tư 39/2015/TT-BTC; doanh nghiệp khai bổ sung trong thời hạn quy định.'],
  ['origin', 'Thủ tục nộp bổ sung C/O mẫu D sau khi đã thông quan để được hưởng thuế suất ưu đãi đặc biệt thế nào?',
    'Doanh nghiệp khai báo việc nộp bổ sung chứng từ chứng nhận xuất xứ khi đăng ký tờ khai và nộp C/O trong thời hạn 01 năm kể từ ngày đăng ký; cơ quan hải quan xử lý tiền thuế nộp thừa theo quy định.'],
  ['procedure', 'Thủ tục tạm nhập tái xuất máy móc để sửa chữa, bảo hành cần những hồ sơ gì?',
    'Hồ sơ gồm tờ khai hải quan, hợp đồng sửa chữa, bảo hành và các chứng từ liên quan; thời hạn tái xuất theo hợp đồng đã thỏa thuận với đối tác.'],
  ['it_system', 'Hệ thống VNACCS báo lỗi khi khai bổ sung sau thông quan, doanh nghiệp cần làm gì?',
    'Doanh nghiệp kiểm tra thông điệp lỗi, cập nhật phiên bản phần mềm khai báo; nếu vẫn lỗi, liên hệ bộ phận hỗ trợ của Cục qua đường dây nóng để được hướng dẫn xử lý.'],
  ['inspection', 'Hàng hóa bị phân luồng đỏ nhiều lần dù doanh nghiệp chấp hành tốt, có thể đề nghị xem xét không?',
    'Việc phân luồng căn cứ kết quả quản lý rủi ro; doanh nghiệp có thể đề nghị đánh giá lại mức độ tuân thủ và đăng ký doanh nghiệp ưu tiên khi đáp ứng điều kiện.'],
  ['procedure', 'Đăng ký kiểm tra chuyên ngành và thủ tục hải quan có làm đồng thời được không?',
    'Doanh nghiệp được đăng ký tờ khai trước, nộp kết quả kiểm tra chuyên ngành trong thời hạn; hàng được đưa về bảo quản theo quy định trong khi chờ kết quả.'],
  ['other', 'Doanh nghiệp muốn góp ý về thời gian làm thủ tục ngoài giờ hành chính tại cảng.',
    'Cục ghi nhận góp ý; các Chi cục bố trí công chức làm thủ tục ngoài giờ theo đăng ký của doanh nghiệp, kể cả ngày nghỉ.'],
];

function leaderOf(unitId: number, unitPath: string): Actor {
  return {
    principal: {
      kind: 'user', userId: 0, username: 'demo.lanhdao', displayName: 'Lãnh đạo đơn vị (dữ liệu mẫu)', role: 'leader', unitId, unitPath,
      officerId: null, businessIds: [], sessionId: '', csrfToken: '',
    },
    ip: null, requestId: null,
  };
}

const demoAdmin: Actor = {
  principal: { kind: 'user', userId: 0, username: 'demo.quantri', displayName: 'Quản trị (dữ liệu mẫu)', role: 'admin', unitId: null, unitPath: null, officerId: null, businessIds: [], sessionId: '', csrfToken: '' },
  ip: null, requestId: null,
};

async function businessIdsByTaxCode(db: Db, taxCodes: readonly string[]): Promise<Map<string, number>> {
  const rows = await db.kysely.selectFrom('businesses').select(['id', 'tax_code']).where('tax_code', 'in', [...taxCodes]).execute();
  return new Map(rows.map((r) => [r.tax_code, Number(r.id)]));
}

/** Answers (draft, then approval) `hours` after receipt; the business rates it a day later. */
async function answer(db: Db, ctx: ProblemContext, id: number, text: string, receivedAt: number, hours: number, rating: number | null): Promise<void> {
  const problem = await db.kysely.selectFrom('problems as p').innerJoin('units as u', 'u.id', 'p.unit_id').select(['p.unit_id', 'u.path', 'p.business_id'])
    .where('p.id', '=', id).executeTakeFirstOrThrow();
  const leader = leaderOf(problem.unit_id, problem.path);
  await moveProblem(db.kysely, leader, id, 'draft', { answer: text }, receivedAt + (hours / 2) * hour);
  await moveProblem(db.kysely, leader, id, 'approve', {}, receivedAt + hours * hour);
  if (rating === null) return;
  const business: Actor = { ...demoAdmin, principal: { ...leader.principal, role: 'business', unitId: null, unitPath: null, businessIds: [problem.business_id] } as Actor['principal'] };
  await rateAnswer(db.kysely, ctx, business, { kind: 'business', businessIds: [problem.business_id] }, id, { rating }, receivedAt + (hours + 24) * hour);
}

export interface DemoProblems {
  problems: number;
  published: number;
}

export async function buildDemoProblems(db: Db, random: Random, taxCodes: readonly string[], businessNames: readonly string[], dataDir: string): Promise<DemoProblems> {
  const ctx: ProblemContext = { secretKey: '', dataDir };
  const ids = await businessIdsByTaxCode(db, taxCodes.slice(0, 400));
  const conference = await createConference(db.kysely, demoAdmin, {
    title: 'Hội nghị đối thoại Hải quan – Doanh nghiệp năm 2018', heldOn: '2018-06-28', place: 'Trung tâm Hội nghị thành phố Hải Phòng',
  }, Date.parse('2018-05-15T09:00:00+07:00'));
  const associations = await db.kysely.selectFrom('associations').select('code').execute();
  await invite(db.kysely, demoAdmin, conference, [...ids.keys(), ...associations.map((a) => a.code)].join(' '), Date.parse('2018-05-16T09:00:00+07:00'));
  let problems = 0;
  let published = 0;
  for (let i = 0; i < 6; i++) {
    const [topic, question, reply] = questions[i]!;
    const at = Date.parse(`2018-06-${String(4 + i * 3).padStart(2, '0')}T10:00:00+07:00`);
    const p = await addQuestion(db.kysely, ctx, demoAdmin, conference, { taxCode: taxCodes[i]!, topic, question }, at);
    await answer(db, ctx, p.id, reply, at, random.int(24, 90), random.pick([5, 5, 4, 4, 3]));
    problems++;
  }
  await recordMinutes(db.kysely, demoAdmin, conference, 'Hội nghị có hơn 400 doanh nghiệp và các hiệp hội tham dự. Lãnh đạo Cục trả lời trực tiếp các vướng mắc gửi trước về '
    + 'phân loại, trị giá, xuất xứ và thủ tục; các câu hỏi chưa trả lời hết tại hội nghị được trả lời bằng văn bản trong thời hạn 5 ngày làm việc. '
    + 'Cục cam kết tiếp tục phương châm "Tận tình hướng dẫn – Thái độ lịch sự – Tác phong nhanh nhẹn".', Date.parse('2018-06-29T16:00:00+07:00'));

  // 2020: problems from the portal, each naming its business and tax code as businesses do.
  // Mostly businesses that lodged declarations (routed to their office), a few that have none (the department).
  const declarants = await db.kysely.selectFrom('declarations as d').innerJoin('businesses as b', 'b.id', 'd.declarant_id')
    .select(['b.id', 'b.tax_code', 'b.name']).distinct().orderBy('b.tax_code').limit(300).execute();
  for (let i = 0; i < 36; i++) {
    const n = random.int(0, Math.min(taxCodes.length, 200) - 1);
    const declarant = declarants.length > 0 && random.next() < 0.8 ? random.pick(declarants) : null;
    const who = declarant ? { taxCode: declarant.tax_code, name: declarant.name } : { taxCode: taxCodes[n]!, name: businessNames[n]! };
    const [topic, question, reply] = random.pick(questions);
    const at = Date.parse('2020-04-01T08:00:00+07:00') + i * 7 * 24 * hour + random.int(0, 8) * hour;
    const text = `${who.name} (MST ${who.taxCode}) xin hỏi: ${question}`;
    const business = (await businessIdsByTaxCode(db, [who.taxCode])).get(who.taxCode)!;
    const p = await raiseProblem(db.kysely, ctx, { ...demoAdmin, principal: { ...demoAdmin.principal, role: 'business', businessIds: [business] } as Actor['principal'] },
      { kind: 'business', businessIds: [business] }, { topic, question: text }, at);
    problems++;
    if (i >= 33) continue; // the last ones are still waiting (overdue by now)
    const late = random.next() < 0.12;
    await answer(db, ctx, p.id, `Kính gửi ${who.name}: ${reply}`, at, late ? random.int(200, 300) : random.int(20, 100), random.next() < 0.85 ? random.pick([5, 5, 4, 4, 4, 3, 2]) : null);
    if (i % 3 === 0) {
      const draft = await publicationDraft(db.kysely, demoAdmin, p.id);
      await publishProblem(db.kysely, demoAdmin, p.id, draft, at + 300 * hour);
      published++;
    }
  }
  return { problems, published };
}
