import type { Kysely } from 'kysely';
import type { Database, Evaluation, EvaluationTable, EvaluationVersionTable, IdempotencyKeyTable } from '../db/schema.js';
import { inList } from '../db/in-list.js';
import { together } from '../db/pipelined-transaction.js';
import { settingsQuery } from '../settings/settings.repository.js';
import { rolloutUnitsQuery } from '../stats/rollups.repository.js';
import { chainOf, versionHash, type ChainedFields } from './evaluation-chain.js';

type Q = Kysely<Database>;

/** The declarations as the rating rules need them, with their declarant's tax code and their office. */
export async function findDeclarationsForRating(db: Q, declarationNos: readonly string[]) {
  if (declarationNos.length === 0) return [];
  return declarationsForRatingQuery(db, declarationNos).execute();
}

function declarationsForRatingQuery(db: Q, declarationNos: readonly string[]) {
  return db
    .selectFrom('declarations as d')
    .innerJoin('businesses as b', 'b.id', 'd.declarant_id')
    .innerJoin('units as o', 'o.id', 'd.office_id')
    .select([
      'd.id', 'd.declaration_no', 'd.kind', 'd.type_code', 'd.channel', 'd.office_id', 'd.declarant_id', 'd.registered_at',
      'd.cleared_at', 'd.cleared_day', 'b.tax_code', 'o.code as office_code', 'o.name_vi as office_name_vi', 'o.name_en as office_name_en',
    ])
    .where('d.declaration_no', 'in', inList(declarationNos));
}
export type RatingDeclaration = Awaited<ReturnType<typeof findDeclarationsForRating>>[number];

export async function findDeclarationForRating(db: Q, declarationNo: string): Promise<RatingDeclaration | undefined> {
  return (await findDeclarationsForRating(db, [declarationNo]))[0];
}

/** Who handled them: step, officer (code and name, for the rating page) and the credited team, in order. */
export async function findHandlersForRatings(db: Q, declarationIds: readonly number[]) {
  if (declarationIds.length === 0) return [];
  return handlersQuery(db).where('h.declaration_id', 'in', inList(declarationIds)).execute();
}

function handlersQuery(db: Q) {
  return db
    .selectFrom('declaration_handlers as h')
    .innerJoin('officers as o', 'o.id', 'h.officer_id')
    .innerJoin('units as u', 'u.id', 'h.unit_id')
    .select(['h.declaration_id', 'h.seq', 'h.step', 'h.officer_id', 'o.code as officer_code', 'o.full_name as officer_name', 'h.unit_id',
      'u.code as unit_code', 'u.name_vi as unit_name_vi', 'u.name_en as unit_name_en'])
    .orderBy('h.declaration_id')
    .orderBy('h.seq');
}
export type RatingHandler = Awaited<ReturnType<typeof findHandlersForRatings>>[number];

export async function findHandlersForRating(db: Q, declarationId: number): Promise<RatingHandler[]> {
  return findHandlersForRatings(db, [declarationId]);
}

const evaluationColumns = ['declaration_id', 'business_id', 'version', 'overall', 'targets_json', 'reasons_json', 'comment',
  'rating_channel', 'first_submitted_at', 'submitted_at'] as const satisfies readonly (keyof Evaluation)[];

export async function findCurrentEvaluations(db: Q, declarationIds: readonly number[]): Promise<Evaluation[]> {
  if (declarationIds.length === 0) return [];
  return db.selectFrom('evaluations').select(evaluationColumns).where('declaration_id', 'in', inList(declarationIds)).execute();
}

export async function findCurrentEvaluation(db: Q, declarationId: number): Promise<Evaluation | undefined> {
  return (await findCurrentEvaluations(db, [declarationId]))[0];
}

export type NewVersion = Omit<EvaluationVersionTable, 'id' | 'chain' | 'chain_seq' | 'prev_hash' | 'hash'>;

/**
 * Appends versions to their chains, in the given order within each chain. The heads are read by an
 * UPDATE (which takes their row locks on PostgreSQL, so concurrent writers queue instead of forking
 * a chain) and moved once per call. Call inside a transaction.
 */
export async function appendVersions(db: Q, secret: string, versions: readonly NewVersion[]): Promise<void> {
  if (versions.length === 0) return;
  const byChain = new Map<number, NewVersion[]>();
  for (const v of versions) {
    const chain = chainOf(v.declaration_id);
    const list = byChain.get(chain);
    if (list) list.push(v);
    else byChain.set(chain, [v]);
  }
  const chains = [...byChain.keys()].sort((a, b) => a - b);
  const heads = await db.updateTable('evaluation_chain_heads').set((eb) => ({ seq: eb.ref('seq') }))
    .where('chain', 'in', inList(chains)).returning(['chain', 'seq', 'hash']).execute();
  const rows = [];
  const moved = [];
  for (const head of heads) {
    let seq = Number(head.seq);
    let prev = head.hash;
    for (const v of byChain.get(Number(head.chain))!) {
      const fields: ChainedFields = { ...v, chain: Number(head.chain), chain_seq: ++seq, prev_hash: prev };
      prev = versionHash(secret, fields);
      rows.push({ ...fields, rating_channel: v.rating_channel, ip: v.ip, hash: prev });
    }
    moved.push({ chain: Number(head.chain), seq, hash: prev });
  }
  if (heads.length !== chains.length) throw new Error(`evaluation chain heads missing: ${chains.length - heads.length}`);
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('evaluation_versions').values(rows.slice(i, i + 500)).execute();
  await db.insertInto('evaluation_chain_heads').values(moved)
    .onConflict((oc) => oc.column('chain').doUpdateSet((eb) => ({ seq: eb.ref('excluded.seq'), hash: eb.ref('excluded.hash') })))
    .execute();
}

/** Inserts or replaces the current evaluations (one row per declaration: the last given wins). */
export async function saveCurrentEvaluations(db: Q, rows: readonly EvaluationTable[]): Promise<void> {
  const last = [...new Map(rows.map((r) => [r.declaration_id, r])).values()];
  for (let i = 0; i < last.length; i += 500) {
    await db.insertInto('evaluations').values(last.slice(i, i + 500))
      .onConflict((oc) => oc.column('declaration_id').doUpdateSet((eb) => ({
        business_id: eb.ref('excluded.business_id'), version: eb.ref('excluded.version'), overall: eb.ref('excluded.overall'),
        targets_json: eb.ref('excluded.targets_json'), reasons_json: eb.ref('excluded.reasons_json'), comment: eb.ref('excluded.comment'),
        rating_channel: eb.ref('excluded.rating_channel'), submitted_at: eb.ref('excluded.submitted_at'),
      })))
      .execute();
  }
}

export type IdempotentResponse = IdempotencyKeyTable;

type IdempotencyKey = { clientId: number; key: string };

/**
 * One primary-key lookup per (client, key) pair, whatever the statistics say: as an IN list of pairs
 * that share a client, PostgreSQL scanned all that client's keys while its statistics lagged behind
 * the table (a busy vendor's keys). Lists are padded to powers of two (few statement texts).
 */
function idempotentResponsesQuery(db: Q, keys: readonly IdempotencyKey[]) {
  const pairs = inList([...new Map(keys.map((k) => [`${k.clientId}|${k.key}`, k])).values()]);
  const lookup = ({ clientId, key }: IdempotencyKey) => db.selectFrom('idempotency_keys')
    .select(['client_id', 'key', 'request_hash', 'status_code', 'response_json', 'created_at'])
    .where('client_id', '=', clientId).where('key', '=', key);
  return pairs.slice(1).reduce((query, pair) => query.unionAll(lookup(pair)), lookup(pairs[0]!));
}

/** The stored responses of these API clients' idempotency keys, among the rows read. */
function wantedResponses(rows: readonly IdempotentResponse[], keys: readonly IdempotencyKey[]): IdempotentResponse[] {
  const wanted = new Set(keys.map((k) => `${k.clientId}|${k.key}`));
  return rows.filter((r) => wanted.has(`${r.client_id}|${r.key}`)).map((r) => ({ ...r, client_id: Number(r.client_id), created_at: Number(r.created_at) }));
}

/**
 * Everything a batch of submissions reads — the declarations by number, their handlers and current
 * evaluations, the stored responses of the idempotency keys, the units' roll-out and the settings
 * rows. The six statements do not wait for each other: in a pipelined transaction
 * (src/db/pipelined-transaction.ts) they are one round trip.
 */
export async function readRatingState(db: Q, declarationNos: readonly string[], keys: readonly IdempotencyKey[]) {
  const ids = db.selectFrom('declarations').select('id').where('declaration_no', 'in', inList(declarationNos));
  const none = Promise.resolve([]);
  const [declarations, handlers, current, responses, units, settings] = await together([
    declarationNos.length > 0 ? declarationsForRatingQuery(db, declarationNos).execute() : none,
    declarationNos.length > 0 ? handlersQuery(db).where('h.declaration_id', 'in', ids).execute() : none,
    declarationNos.length > 0 ? db.selectFrom('evaluations').select(evaluationColumns).where('declaration_id', 'in', ids).execute() : none,
    keys.length > 0 ? idempotentResponsesQuery(db, keys).execute() : none,
    rolloutUnitsQuery(db).execute(),
    settingsQuery(db).execute(),
  ]);
  return { declarations, handlers, current, responses: wantedResponses(responses, keys), units, settings };
}

export async function saveIdempotentResponses(db: Q, rows: readonly IdempotentResponse[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('idempotency_keys').values(rows.slice(i, i + 500)).execute();
}
