import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { genesisHash } from './evaluation-chain.js';

type Q = Kysely<Database>;

/** Every column the chain's HMAC covers, and the row's id for the report. */
const chainedColumns = [
  'id', 'declaration_id', 'version', 'business_id', 'overall', 'targets_json', 'reasons_json', 'comment', 'rating_channel',
  'submitted_at', 'submitted_by', 'chain', 'chain_seq', 'prev_hash', 'hash',
] as const;

/** The next `limit` versions of a chain after position `afterSeq` (keyset on the (chain, chain_seq) unique index). */
export async function chainVersionPage(db: Q, chain: number, afterSeq: number, limit: number) {
  return db
    .selectFrom('evaluation_versions')
    .select(chainedColumns)
    .where('chain', '=', chain)
    .where('chain_seq', '>', afterSeq)
    .orderBy('chain_seq')
    .limit(limit)
    .execute();
}
export type ChainVersionRow = Awaited<ReturnType<typeof chainVersionPage>>[number];

/** The head of a chain as it is now; a missing head row reads as an empty chain. */
export async function readChainHead(db: Q, chain: number): Promise<{ seq: number; hash: string }> {
  const head = await db.selectFrom('evaluation_chain_heads').select(['seq', 'hash']).where('chain', '=', chain).executeTakeFirst();
  return head ?? { seq: 0, hash: genesisHash };
}

/**
 * The next `limit` current evaluations after `afterDeclarationId`, each beside the version of the
 * same number (null when there is none). One statement, so a concurrent revision — which writes
 * both in one transaction — is seen whole or not at all.
 */
export async function currentEvaluationPage(db: Q, afterDeclarationId: number, limit: number) {
  return db
    .selectFrom('evaluations as e')
    // The bound on v repeats the keyset, else PostgreSQL's merge join reads the versions from the start on every page.
    .leftJoin('evaluation_versions as v', (join) => join
      .onRef('v.declaration_id', '=', 'e.declaration_id').onRef('v.version', '=', 'e.version').on('v.declaration_id', '>', afterDeclarationId))
    .select([
      'e.declaration_id', 'e.business_id', 'e.version', 'e.overall', 'e.targets_json', 'e.reasons_json', 'e.comment',
      'e.rating_channel', 'e.submitted_at',
      'v.id as v_id', 'v.business_id as v_business_id', 'v.overall as v_overall', 'v.targets_json as v_targets_json',
      'v.reasons_json as v_reasons_json', 'v.comment as v_comment', 'v.rating_channel as v_rating_channel',
      'v.submitted_at as v_submitted_at', 'v.chain_seq as v_chain_seq',
    ])
    .where('e.declaration_id', '>', afterDeclarationId)
    .orderBy('e.declaration_id')
    .limit(limit)
    .execute();
}
export type CurrentEvaluationRow = Awaited<ReturnType<typeof currentEvaluationPage>>[number];

/**
 * The first version (by chain, position) newer than its declaration's current evaluation, or of a
 * declaration without one; with the current evaluation's version number (null when there is none).
 */
export async function firstVersionAheadOfCurrent(db: Q) {
  return db
    .selectFrom('evaluation_versions as v')
    .select((eb) => [
      'v.id', 'v.declaration_id', 'v.version', 'v.chain', 'v.chain_seq',
      eb.selectFrom('evaluations as c').select('c.version').whereRef('c.declaration_id', '=', 'v.declaration_id').as('current_version'),
    ])
    .where((eb) => eb.not(eb.exists(
      eb.selectFrom('evaluations as e').select('e.declaration_id')
        .whereRef('e.declaration_id', '=', 'v.declaration_id').whereRef('e.version', '>=', 'v.version'),
    )))
    .orderBy('v.chain')
    .orderBy('v.chain_seq')
    .limit(1)
    .executeTakeFirst();
}

export async function findDeclarationNo(db: Q, declarationId: number): Promise<string | undefined> {
  const row = await db.selectFrom('declarations').select('declaration_no').where('id', '=', declarationId).executeTakeFirst();
  return row?.declaration_no;
}

export async function saveChainVerification(db: Q, row: { at: number; ok: boolean; records: number; problem: string | null }): Promise<void> {
  await db.insertInto('chain_verifications').values({ ...row, ok: row.ok ? 1 : 0 }).execute();
}

export async function findLatestChainVerification(db: Q) {
  return db.selectFrom('chain_verifications').select(['at', 'ok', 'records', 'problem']).orderBy('id', 'desc').limit(1).executeTakeFirst();
}
