import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

type Q = Kysely<Database>;

export function settingsQuery(db: Q) {
  return db.selectFrom('settings').select(['key', 'value']);
}

export function listSettings(db: Q) {
  return settingsQuery(db).execute();
}

export async function saveSetting(db: Q, key: string, value: string, by: number | null, now: number): Promise<void> {
  await db.insertInto('settings').values({ key, value, updated_at: now, updated_by: by })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now, updated_by: by })).execute();
}
