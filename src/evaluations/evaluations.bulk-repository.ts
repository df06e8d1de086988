import type { Kysely } from 'kysely';
import type { Database, Evaluation } from '../db/schema.js';
import { appendVersions } from './evaluations.repository.js';

/**
 * Bulk paths of the evaluations: reading declarations page by page (the demo and the benchmark
 * rate a share of them) and appending many first evaluations in one transaction. Same chain, same
 * tables as the API path; only fewer statements.
 */
type Q = Kysely<Database>;

export async function pageRateableDeclarations(db: Q, afterId: number, limit: number) {
  return db.selectFrom('declarations')
    .select(['id', 'declaration_no', 'declarant_id', 'office_id', 'kind', 'type_code', 'channel', 'cleared_at', 'cleared_day'])
    .where('id', '>', afterId).where('cleared_at', 'is not', null)
    .orderBy('id').limit(limit).execute();
}

export async function handlersOfDeclarations(db: Q, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('declaration_handlers as h').innerJoin('officers as o', 'o.id', 'h.officer_id')
    .select(['h.declaration_id', 'h.step', 'h.officer_id', 'o.code as officer_code', 'h.unit_id'])
    .where('h.declaration_id', 'in', ids).orderBy('h.declaration_id').orderBy('h.seq').execute();
}

/** Share of the cleared declarations that one of the officers handled (the demo's calibration). */
export async function shareHandledBy(db: Q, officerCodes: readonly string[]): Promise<number> {
  if (officerCodes.length === 0) return 0;
  const handled = await db.selectFrom('declaration_handlers as h').innerJoin('officers as o', 'o.id', 'h.officer_id')
    .innerJoin('declarations as d', 'd.id', 'h.declaration_id')
    .select((eb) => eb.fn.count<number>('h.declaration_id').distinct().as('n'))
    .where('o.code', 'in', officerCodes).where('d.cleared_at', 'is not', null).executeTakeFirstOrThrow();
  const cleared = await db.selectFrom('declarations').select((eb) => eb.fn.countAll<number>().as('n')).where('cleared_at', 'is not', null).executeTakeFirstOrThrow();
  return Number(cleared.n) === 0 ? 0 : Number(handled.n) / Number(cleared.n);
}

/** Ids of the given declarations that already have an evaluation. */
export async function evaluatedAmong(db: Q, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('evaluations').select('declaration_id').where('declaration_id', 'in', ids).execute();
  return new Set(rows.map((r) => r.declaration_id));
}

/**
 * Appends first versions (version 1) and their current rows: the chains' heads move once per
 * batch. Call inside a transaction.
 */
export async function appendFirstEvaluations(db: Q, secret: string, rows: readonly { evaluation: Evaluation; submittedBy: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await appendVersions(db, secret, rows.map(({ evaluation: { first_submitted_at: _first, ...e }, submittedBy }) => ({ ...e, submitted_by: submittedBy, ip: null })));
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('evaluations').values(rows.slice(i, i + 500).map((r) => r.evaluation)).execute();
}
