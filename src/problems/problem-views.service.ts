import type { Kysely } from 'kysely';
import type { Principal } from '../auth/principal.js';
import { dataScope } from '../auth/scope.js';
import type { Database, ProblemStatus } from '../db/schema.js';
import { AppError } from '../errors.js';
import { vietnamDay } from '../shared/time.js';
import { findPublication } from './problem-publications.repository.js';
import { answeredOnTime, problemOverdue } from './problem-rules.js';
import { findProblem, listAttachments, listProblemEvents, listProblems, problemParties, type ProblemFilter } from './problems.repository.js';

/**
 * What the problem pages and API show. A business sees its own problems, the answer once it is
 * sent (never a draft) and not the internal timeline; an officer does not see how the business
 * rated an answer (no officer learns how a business judged them).
 */
export const problemPageSize = 50;
export const problemViews = ['mine', 'overdue', 'all'] as const;
export type ProblemView = (typeof problemViews)[number];
export const problemStatusFilters = ['open', 'received', 'drafted', 'answered', 'any'] as const;

export interface ProblemListQuery {
  view?: ProblemView | undefined;
  status?: (typeof problemStatusFilters)[number] | undefined;
  before?: number | undefined;
  /** Only the questions collected for this dialogue conference. */
  conferenceId?: number | undefined;
}

const isBusiness = (p: Principal) => p.kind === 'user' && p.role === 'business';
const seesRatings = (p: Principal) => p.kind === 'user' && p.role !== 'officer';
/** A business sees a draft awaiting approval as still received: drafts are internal. */
const shownStatus = (p: Principal, status: ProblemStatus): ProblemStatus => (isBusiness(p) && status === 'drafted' ? 'received' : status);

export async function problemList(db: Kysely<Database>, principal: Principal, query: ProblemListQuery, now = Date.now()) {
  const today = vietnamDay(now);
  const filter: ProblemFilter = {};
  if (query.view === 'mine' && principal.kind === 'user' && principal.role === 'leader' && principal.unitId !== null) filter.unitId = principal.unitId;
  if (query.view === 'overdue') filter.overdueOn = today;
  if (query.status && query.status !== 'any') filter.status = query.status;
  if (query.before) filter.before = query.before;
  if (query.conferenceId) filter.conferenceId = query.conferenceId;
  const rows = await listProblems(db, dataScope(principal), filter, problemPageSize + 1);
  const ratings = seesRatings(principal);
  return {
    problems: rows.slice(0, problemPageSize).map((r) => ({
      id: r.id, topic: r.topic, question: r.question, status: shownStatus(principal, r.status), channel: r.channel, receivedAt: new Date(r.received_at).toISOString(),
      dueDay: r.due_day, answeredDay: r.answered_day, overdue: problemOverdue(r, today), onTime: answeredOnTime(r),
      rating: ratings ? r.rating : null, published: Boolean(r.published), declarationNo: r.declaration_no,
      business: { taxCode: r.tax_code, name: r.business_name }, unit: { code: r.unit_code, nameVi: r.unit_name_vi, nameEn: r.unit_name_en },
    })),
    next: rows.length > problemPageSize ? rows[problemPageSize - 1]!.id : null,
    today,
  };
}
export type ProblemList = Awaited<ReturnType<typeof problemList>>;

export async function problemDetail(db: Kysely<Database>, principal: Principal, id: number, now = Date.now()) {
  const p = await findProblem(db, dataScope(principal), id);
  if (!p) throw new AppError('problem_not_found', { value: id });
  const business = isBusiness(principal);
  const [parties, attachments, events, publication] = [
    await problemParties(db, id), await listAttachments(db, id), business ? [] : await listProblemEvents(db, id), await findPublication(db, id),
  ];
  const answered = p.status === 'answered';
  const ratings = seesRatings(principal);
  return {
    id: p.id, topic: p.topic, question: p.question, channel: p.channel, status: shownStatus(principal, p.status),
    receivedAt: new Date(p.received_at).toISOString(), dueDay: p.due_day, overdue: problemOverdue(p, vietnamDay(now)),
    answer: business && !answered ? null : p.answer, draftedBy: business ? null : p.drafted_by_name,
    answeredAt: p.answered_at === null ? null : new Date(p.answered_at).toISOString(), answeredDay: p.answered_day, onTime: answeredOnTime(p),
    rating: ratings ? p.rating : null, ratingComment: ratings ? p.rating_comment : null,
    ratedAt: ratings && p.rated_at !== null ? new Date(p.rated_at).toISOString() : null,
    business: { taxCode: parties.tax_code, name: parties.business_name }, declarationNo: parties.declaration_no,
    unit: { id: p.unit_id, code: parties.unit_code, nameVi: parties.unit_name_vi, nameEn: parties.unit_name_en }, routing: p.routing,
    conference: p.conference_id === null ? null : { id: p.conference_id, title: parties.conference_title },
    attachments: attachments.map((a) => ({ id: a.id, fileName: a.file_name, mediaType: a.media_type, size: Number(a.size) })),
    published: publication !== undefined,
    timeline: events.filter((e) => ratings || e.kind !== 'rated').map((e) => ({
      at: new Date(e.at).toISOString(), kind: e.kind, actor: e.actor_kind === 'user' || e.actor_kind === 'business' ? e.actor_name : e.actor_kind,
      details: e.details_json ? (JSON.parse(e.details_json) as Record<string, unknown>) : null,
    })),
  };
}
export type ProblemDetail = Awaited<ReturnType<typeof problemDetail>>;
