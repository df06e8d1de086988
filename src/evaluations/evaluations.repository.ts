import type { Kysely } from 'kysely';
import type { Database, Evaluation, EvaluationTable, EvaluationVersionTable } from '../db/schema.js';
import { chainOf, versionHash, type ChainedFields } from './evaluation-chain.js';

type Q = Kysely<Database>;

/** The declaration as the rating rules need it, with its declarant's tax code and its office. */
export async function findDeclarationForRating(db: Q, declarationNo: string) {
  return db
    .selectFrom('declarations as d')
    .innerJoin('businesses as b', 'b.id', 'd.declarant_id')
    .innerJoin('units as o', 'o.id', 'd.office_id')
    .select([
      'd.id', 'd.declaration_no', 'd.kind', 'd.type_code', 'd.channel', 'd.office_id', 'd.declarant_id', 'd.registered_at',
      'd.cleared_at', 'd.cleared_day', 'b.tax_code', 'o.code as office_code', 'o.name_vi as office_name_vi', 'o.name_en as office_name_en',
    ])
    .where('d.declaration_no', '=', declarationNo)
    .executeTakeFirst();
}
export type RatingDeclaration = NonNullable<Awaited<ReturnType<typeof findDeclarationForRating>>>;

/** Who handled it: step, officer (code and name, for the rating page) and the credited team. */
export async function findHandlersForRating(db: Q, declarationId: number) {
  return db
    .selectFrom('declaration_handlers as h')
    .innerJoin('officers as o', 'o.id', 'h.officer_id')
    .innerJoin('units as u', 'u.id', 'h.unit_id')
    .select(['h.seq', 'h.step', 'h.officer_id', 'o.code as officer_code', 'o.full_name as officer_name', 'h.unit_id',
      'u.code as unit_code', 'u.name_vi as unit_name_vi', 'u.name_en as unit_name_en'])
    .where('h.declaration_id', '=', declarationId)
    .orderBy('h.seq')
    .execute();
}
export type RatingHandler = Awaited<ReturnType<typeof findHandlersForRating>>[number];

export async function findCurrentEvaluation(db: Q, declarationId: number): Promise<Evaluation | undefined> {
  return db.selectFrom('evaluations').selectAll().where('declaration_id', '=', declarationId).executeTakeFirst();
}

export type NewVersion = Omit<EvaluationVersionTable, 'id' | 'chain' | 'chain_seq' | 'prev_hash' | 'hash'>;

/**
 * Appends a version to its chain. The head's UPDATE takes the chain's row lock on PostgreSQL (and
 * returns the previous hash), so concurrent writers to one chain queue instead of forking it.
 */
export async function appendVersion(db: Q, secret: string, version: NewVersion): Promise<void> {
  const chain = chainOf(version.declaration_id);
  const head = await db
    .updateTable('evaluation_chain_heads')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('chain', '=', chain)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const fields: ChainedFields = { ...version, chain, chain_seq: head.seq, prev_hash: head.hash };
  const hash = versionHash(secret, fields);
  await db.insertInto('evaluation_versions').values({ ...fields, rating_channel: version.rating_channel, ip: version.ip, hash }).execute();
  await db.updateTable('evaluation_chain_heads').set({ hash }).where('chain', '=', chain).execute();
}

export async function saveCurrentEvaluation(db: Q, row: EvaluationTable): Promise<void> {
  const { declaration_id: _id, first_submitted_at: _first, ...changes } = row;
  await db
    .insertInto('evaluations')
    .values(row)
    .onConflict((oc) => oc.column('declaration_id').doUpdateSet(changes))
    .execute();
}

export async function findIdempotentResponse(db: Q, clientId: number, key: string) {
  return db.selectFrom('idempotency_keys').select(['request_hash', 'status_code', 'response_json'])
    .where('client_id', '=', clientId).where('key', '=', key).executeTakeFirst();
}

export async function saveIdempotentResponse(
  db: Q, row: { client_id: number; key: string; request_hash: string; status_code: number; response_json: string; created_at: number },
): Promise<void> {
  await db.insertInto('idempotency_keys').values(row).execute();
}
