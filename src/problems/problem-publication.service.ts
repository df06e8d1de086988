import type { Kysely } from 'kysely';
import type { Actor } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { dataScope } from '../auth/scope.js';
import type { Database, Problem } from '../db/schema.js';
import { AppError } from '../errors.js';
import { anonymise, type Identity } from './anonymise.js';
import { isProblemTopic, problemLimits } from './problem-rules.js';
import { deletePublication, findPublication, savePublication, searchPublications } from './problem-publications.repository.js';
import { declarationNumbersOf, findProblem, problemParties } from './problems.repository.js';
import { recordProblemEvent } from './problems.service.js';
import { searchableText, searchWords } from './vietnamese-fold.js';

/**
 * The public Q&A: an answered problem published without who asked. The publisher (an administrator,
 * or a leader whose scope holds the problem) starts from the texts with the business's tax code and
 * name, declaration numbers, e-mail addresses and telephone numbers already replaced, edits them,
 * and publishes; what they publish is anonymised again, so an edit cannot bring any of it back.
 */
export function mayPublish(p: Principal): boolean {
  return p.kind === 'user' && (p.role === 'admin' || p.role === 'leader');
}

async function publishable(db: Kysely<Database>, actor: Actor, id: number): Promise<{ problem: Problem; identity: Identity }> {
  const problem = await findProblem(db, dataScope(actor.principal), id);
  if (!problem) throw new AppError('problem_not_found', { value: id });
  if (!mayPublish(actor.principal)) throw new AppError('forbidden');
  if (problem.status !== 'answered' || problem.answer === null) throw new AppError('problem_not_answered');
  const parties = await problemParties(db, id);
  return { problem, identity: { taxCode: parties.tax_code, businessName: parties.business_name, declarationNos: await declarationNumbersOf(db, id) } };
}

/** What the publish form starts from: the current publication, else the problem's texts anonymised. */
export async function publicationDraft(db: Kysely<Database>, actor: Actor, id: number) {
  const { problem, identity } = await publishable(db, actor, id);
  const current = await findPublication(db, id);
  return {
    problemId: id, published: current !== undefined, topic: current?.topic ?? problem.topic,
    question: current?.question ?? anonymise(problem.question, identity), answer: current?.answer ?? anonymise(problem.answer!, identity),
  };
}
export type PublicationDraft = Awaited<ReturnType<typeof publicationDraft>>;

export interface PublishInput {
  question: string;
  answer: string;
  topic?: string | undefined;
}

function publishedText(raw: string, field: 'question' | 'answer', identity: Identity): string {
  const text = anonymise(raw.trim(), identity);
  const max = field === 'question' ? problemLimits.questionMaxLength : problemLimits.answerMaxLength;
  if (text === '') throw new AppError('missing_field', { field });
  if (text.length > max) throw new AppError('field_too_long', { field, max });
  return text;
}

export async function publishProblem(db: Kysely<Database>, actor: Actor, id: number, input: PublishInput, now = Date.now()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { problem, identity } = await publishable(trx, actor, id);
    const topic = input.topic?.trim() || problem.topic;
    if (!isProblemTopic(topic)) throw new AppError('invalid_problem_topic', { value: topic });
    const question = publishedText(input.question, 'question', identity);
    const answer = publishedText(input.answer, 'answer', identity);
    const before = await findPublication(trx, id);
    await savePublication(trx, {
      problem_id: id, topic, question, answer, search_text: searchableText(question, answer), published_at: before?.published_at ?? now,
      published_by: actor.principal.kind === 'user' ? actor.principal.userId : null, updated_at: now,
    });
    await recordProblemEvent(trx, actor, id, before ? 'publication_edited' : 'published', { topic }, now);
  });
}

export async function unpublishProblem(db: Kysely<Database>, actor: Actor, id: number, now = Date.now()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await publishable(trx, actor, id);
    if (await deletePublication(trx, id)) await recordProblemEvent(trx, actor, id, 'unpublished', undefined, now);
  });
}

export const qaPageSize = 20;

export interface QaQuery {
  q?: string | undefined;
  topic?: string | undefined;
  before?: number | undefined;
}

/** The public Q&A, searched without regard to diacritics or case: "thu tuc" finds "thủ tục". */
export async function searchQa(db: Kysely<Database>, query: QaQuery) {
  const topic = query.topic && isProblemTopic(query.topic) ? (query.topic) : undefined;
  const rows = await searchPublications(db, { words: searchWords(query.q ?? ''), ...(topic ? { topic } : {}), ...(query.before ? { before: query.before } : {}) }, qaPageSize + 1);
  return {
    entries: rows.slice(0, qaPageSize).map((r) => ({ id: r.problem_id, topic: r.topic, question: r.question, answer: r.answer, publishedAt: new Date(r.published_at).toISOString() })),
    next: rows.length > qaPageSize ? rows[qaPageSize - 1]!.problem_id : null,
  };
}
export type QaResults = Awaited<ReturnType<typeof searchQa>>;

export async function qaEntry(db: Kysely<Database>, id: number) {
  const row = await findPublication(db, id);
  if (!row) throw new AppError('publication_not_found', { value: id });
  return { id: row.problem_id, topic: row.topic, question: row.question, answer: row.answer, publishedAt: new Date(row.published_at).toISOString(), updatedAt: new Date(row.updated_at).toISOString() };
}
