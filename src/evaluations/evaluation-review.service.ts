import type { Kysely } from 'kysely';
import { audit, type Actor } from '../audit/audit.service.js';
import type { DataScope } from '../auth/scope.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import { listEvaluationsWithRaters, type EvaluationWithRater } from './evaluation-review.repository.js';

/**
 * The raters behind the ratings, for inspectors and administrators only (the no-retaliation rule:
 * officers and leaders never see who rated). Every page read is recorded in the audit trail with
 * the declarations whose rater it showed.
 */
export const reviewPageSize = 50;

export async function reviewEvaluations(
  db: Kysely<Database>, scope: DataScope, actor: Actor, filter: { maxLevel?: number; before?: { at: number; id: number } },
): Promise<{ rows: EvaluationWithRater[]; more: boolean }> {
  if (scope.kind !== 'all') throw new AppError('forbidden');
  const found = await listEvaluationsWithRaters(db, filter, reviewPageSize + 1);
  const rows = found.slice(0, reviewPageSize);
  if (rows.length > 0) {
    await audit(db, actor, {
      action: 'read_rater_identity', entity: 'evaluation', entityId: rows.length === 1 ? rows[0]!.declaration_no : null,
      after: { declarations: rows.map((r) => r.declaration_no) },
    });
  }
  return { rows, more: found.length > reviewPageSize };
}
