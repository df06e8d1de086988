import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database, OutboxTable } from '../db/schema.js';

/** The durable outbox: rows written in the transaction of the event they announce, delivered later. */
export async function enqueue(db: Kysely<Database>, rows: readonly Insertable<OutboxTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('outbox').values([...rows]).execute();
}

const apiClientPrefix = 'api_client:';

/**
 * Enabled webhook endpoints of the vendor clients that submitted a version of the declaration's
 * evaluation — those stored, and `submittedBy` (a version being written alongside) — in one statement.
 */
export async function webhookEndpointsForDeclaration(db: Kysely<Database>, declarationId: number, submittedBy: readonly string[] = []) {
  const named = submittedBy.filter((s) => s.startsWith(apiClientPrefix)).map((s) => Number(s.slice(apiClientPrefix.length))).filter(Number.isInteger);
  return db.selectFrom('webhook_endpoints as w').select(['w.id', 'w.url'])
    .where((eb) => eb.or([
      eb.exists(eb.selectFrom('evaluation_versions as v').select('v.declaration_id').where('v.declaration_id', '=', declarationId)
        .where('v.submitted_by', '=', sql<string>`${apiClientPrefix} || cast(w.api_client_id as varchar(20))`)),
      ...(named.length > 0 ? [eb('w.api_client_id', 'in', named)] : []),
    ]))
    .where('w.disabled_at', 'is', null).orderBy('w.id').execute();
}

export async function declarationNumberAndBusinessEmail(db: Kysely<Database>, declarationId: number) {
  return db.selectFrom('declarations as d').innerJoin('businesses as b', 'b.id', 'd.declarant_id')
    .select(['d.declaration_no', 'b.email', 'b.name']).where('d.id', '=', declarationId).executeTakeFirst();
}
