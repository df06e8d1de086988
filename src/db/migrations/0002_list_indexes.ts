import type { Kysely } from 'kysely';

// Indexes of the browsable declaration list, newest cleared first and keyset-paged on
// (cleared_day, id): one for the whole list, one per filter that can be rare (a channel, a kind),
// so that a page reads at most the rows of its filter, never the whole table. Office filters use
// declarations_office_cleared (0001); a number search uses the unique number index.
// Declarations arrive roughly in clearance order, so these indexes grow at their ends: cheap to keep.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('declarations_cleared').on('declarations').columns(['cleared_day', 'id']).execute();
  await db.schema.createIndex('declarations_channel_cleared').on('declarations').columns(['channel', 'cleared_day', 'id']).execute();
  await db.schema.createIndex('declarations_kind_cleared').on('declarations').columns(['kind', 'cleared_day', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['declarations_kind_cleared', 'declarations_channel_cleared', 'declarations_cleared']) {
    await db.schema.dropIndex(name).execute();
  }
}
