import type { Kysely } from 'kysely';
import type { Database, ProblemPublicationTable, ProblemTopic } from '../db/schema.js';

type Q = Kysely<Database>;

export async function savePublication(db: Q, row: ProblemPublicationTable): Promise<void> {
  const { problem_id: _id, published_at: _at, ...changes } = row;
  await db.insertInto('problem_publications').values(row).onConflict((oc) => oc.column('problem_id').doUpdateSet(changes)).execute();
}

export async function deletePublication(db: Q, problemId: number): Promise<boolean> {
  const result = await db.deleteFrom('problem_publications').where('problem_id', '=', problemId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export function findPublication(db: Q, problemId: number) {
  return db.selectFrom('problem_publications').select(['problem_id', 'topic', 'question', 'answer', 'published_at', 'updated_at'])
    .where('problem_id', '=', problemId).executeTakeFirst();
}

export interface QaFilter {
  /** Folded words (vietnamese-fold.ts): each must begin a word of the question or the answer. */
  words: readonly string[];
  topic?: ProblemTopic;
  before?: number;
}

/**
 * The published questions matching every word, newest first. The folded text is scanned with one
 * LIKE per word (` thu` finds "thủ tục"): the same on both engines, and quick at the size of a
 * department's Q&A (thousands of entries).
 */
export function searchPublications(db: Q, filter: QaFilter, limit: number) {
  let query = db.selectFrom('problem_publications').select(['problem_id', 'topic', 'question', 'answer', 'published_at']);
  // Folded words hold letters and digits only: no LIKE wildcard can reach the pattern.
  for (const word of filter.words) query = query.where('search_text', 'like', `% ${word}%`);
  if (filter.topic !== undefined) query = query.where('topic', '=', filter.topic);
  if (filter.before !== undefined) query = query.where('problem_id', '<', filter.before);
  return query.orderBy('problem_id', 'desc').limit(limit).execute();
}
