import type { Kysely } from 'kysely';

// Indexes of the browsable declaration list: newest cleared first, keyset-paged on (cleared_day, id).
// Office filters use declarations_office_cleared (0001); number searches the unique number index.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('declarations_cleared').on('declarations').columns(['cleared_day', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('declarations_cleared').execute();
}
