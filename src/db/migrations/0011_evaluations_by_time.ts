import type { Kysely } from 'kysely';

// The inspectors' list of current evaluations reads them newest first; no query reads them by
// business (the portal goes through the declarations). The index by (business, time) cost every
// rating a write at a random place; the one by time is written at its end.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('evaluations_business').execute();
  await db.schema.createIndex('evaluations_submitted').on('evaluations').columns(['submitted_at', 'declaration_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('evaluations_submitted').execute();
  await db.schema.createIndex('evaluations_business').on('evaluations').columns(['business_id', 'submitted_at']).execute();
}
