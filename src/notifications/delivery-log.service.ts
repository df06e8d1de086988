import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  attemptsOf, countDeliveriesByStatus, listDeliveries, type OutboxAttempt, type OutboxRow, type OutboxStatus,
} from './outbox-delivery.repository.js';

/** The delivery log for administrators: outbox rows newest first, each with its attempts. */
export interface DeliveryLogPage {
  deliveries: (OutboxRow & { attemptLog: OutboxAttempt[] })[];
  counts: Record<OutboxStatus, number>;
  /** The keyset of the next (older) page, when there is one. */
  olderThan: number | null;
}

export const deliveryLogPageSize = 50;

export async function deliveryLog(db: Kysely<Database>, filter: { status?: OutboxStatus; beforeId?: number }): Promise<DeliveryLogPage> {
  const rows = await listDeliveries(db, { ...filter, limit: deliveryLogPageSize + 1 });
  const page = rows.slice(0, deliveryLogPageSize);
  const attempts = await attemptsOf(db, page.map((r) => r.id));
  const byRow = new Map<number, OutboxAttempt[]>();
  for (const a of attempts) byRow.set(a.outbox_id, [...(byRow.get(a.outbox_id) ?? []), a]);
  return {
    deliveries: page.map((row) => ({ ...row, attemptLog: byRow.get(row.id) ?? [] })),
    counts: await countDeliveriesByStatus(db),
    olderThan: rows.length > deliveryLogPageSize ? page[page.length - 1]!.id : null,
  };
}
