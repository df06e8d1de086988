import type { ExpressionBuilder, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, OutboxAttemptTable, OutboxTable } from '../db/schema.js';

type Q = Kysely<Database>;
export type OutboxRow = Selectable<OutboxTable>;
export type OutboxAttempt = Selectable<OutboxAttemptTable>;
export type OutboxStatus = OutboxRow['status'];

/** Due and not held by a live claim: pending, its time come, never claimed or its lease run out. */
function isDue(now: number) {
  return (eb: ExpressionBuilder<Database, 'outbox'>) => eb.and([
    eb('outbox.status', '=', 'pending'),
    eb('outbox.next_attempt_at', '<=', now),
    eb.or([eb('outbox.claimed_until', 'is', null), eb('outbox.claimed_until', '<', now)]),
  ]);
}

/**
 * Claims up to `limit` due rows until `until`, oldest due first, in one conditional UPDATE: the
 * due condition is checked again on the row being updated, so with several workers (or processes)
 * a row is claimed by exactly one. PostgreSQL re-evaluates it after a concurrent claim commits;
 * SQLite runs writes one at a time.
 */
export async function claimDueDeliveries(db: Q, now: number, until: number, limit: number): Promise<OutboxRow[]> {
  const rows = await db.updateTable('outbox').set({ claimed_until: until })
    .where('id', 'in', db.selectFrom('outbox').select('outbox.id').where(isDue(now))
      .orderBy('outbox.next_attempt_at').orderBy('outbox.id').limit(limit))
    .where(isDue(now))
    .returningAll().execute();
  return rows.sort((a, b) => a.id - b.id);
}

/** Whether any row is due (a claim that came back empty may only have lost a race to another worker). */
export async function anyDueDelivery(db: Q, now: number): Promise<boolean> {
  const row = await db.selectFrom('outbox').select('outbox.id').where(isDue(now)).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The endpoint of each webhook row, with what decides whether it may still be called. */
export function webhookTargets(db: Q, endpointIds: readonly number[]) {
  if (endpointIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('webhook_endpoints as w').innerJoin('api_clients as c', 'c.id', 'w.api_client_id')
    .select(['w.id', 'w.api_client_id', 'w.disabled_at', 'c.revoked_at'])
    .where('w.id', 'in', [...endpointIds]).execute();
}

export interface AttemptRecord {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

/**
 * Logs one attempt and moves the row on, in one transaction. The row changes only while this
 * worker's claim (`claimedUntil`) still holds it; returns false when the claim had been lost.
 */
export async function recordAttempt(
  db: Q, outboxId: number, claimedUntil: number, at: number, attempt: AttemptRecord,
  next: Pick<Updateable<OutboxTable>, 'status' | 'attempts' | 'next_attempt_at' | 'last_error' | 'sent_at'>,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx.insertInto('outbox_attempts')
      .values({ outbox_id: outboxId, at, ok: attempt.ok ? 1 : 0, status_code: attempt.statusCode, error: attempt.error }).execute();
    const updated = await trx.updateTable('outbox').set({ ...next, claimed_until: null })
      .where('id', '=', outboxId).where('claimed_until', '=', claimedUntil).executeTakeFirst();
    return Number(updated.numUpdatedRows) > 0;
  });
}

export interface DeliveryFilter {
  status?: OutboxStatus;
  beforeId?: number;
  limit: number;
}

/** The delivery log, newest first, by keyset (`beforeId`). */
export function listDeliveries(db: Q, filter: DeliveryFilter): Promise<OutboxRow[]> {
  let query = db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
  return query.execute();
}

export function attemptsOf(db: Q, outboxIds: readonly number[]): Promise<OutboxAttempt[]> {
  if (outboxIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('outbox_attempts').selectAll().where('outbox_id', 'in', [...outboxIds]).orderBy('id').execute();
}

export async function countDeliveriesByStatus(db: Q): Promise<Record<OutboxStatus, number>> {
  const rows = await db.selectFrom('outbox').select((eb) => ['status', eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const counts: Record<OutboxStatus, number> = { pending: 0, sent: 0, failed: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}
