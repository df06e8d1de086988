import type { Insertable, Kysely } from 'kysely';
import type { Database, OutboxTable } from '../db/schema.js';

/** The durable outbox: rows written in the transaction of the event they announce, delivered later. */
export async function enqueue(db: Kysely<Database>, rows: readonly Insertable<OutboxTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('outbox').values([...rows]).execute();
}

/** Enabled webhook endpoints of the vendor clients that submitted a version of the declaration's evaluation. */
export async function webhookEndpointsForDeclaration(db: Kysely<Database>, declarationId: number) {
  const submitters = await db.selectFrom('evaluation_versions').select('submitted_by').distinct()
    .where('declaration_id', '=', declarationId).where('submitted_by', 'like', 'api_client:%').execute();
  const clientIds = submitters.map((s) => Number(s.submitted_by.slice('api_client:'.length))).filter((n) => Number.isInteger(n));
  if (clientIds.length === 0) return [];
  return db.selectFrom('webhook_endpoints').select(['id', 'url']).where('api_client_id', 'in', clientIds).where('disabled_at', 'is', null).execute();
}

export async function declarationNumberAndBusinessEmail(db: Kysely<Database>, declarationId: number) {
  return db.selectFrom('declarations as d').innerJoin('businesses as b', 'b.id', 'd.declarant_id')
    .select(['d.declaration_no', 'b.email', 'b.name']).where('d.id', '=', declarationId).executeTakeFirst();
}
