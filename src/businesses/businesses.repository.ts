import type { Kysely } from 'kysely';
import type { Business, Database } from '../db/schema.js';

type Q = Kysely<Database>;

export type BusinessFields = Pick<Business, 'tax_code' | 'name' | 'address' | 'email' | 'phone'>;

export function findBusinessesByTaxCodes(db: Q, taxCodes: readonly string[]): Promise<Business[]> {
  if (taxCodes.length === 0) return Promise.resolve([]);
  return db.selectFrom('businesses').selectAll().where('tax_code', 'in', taxCodes).execute();
}

export async function insertBusiness(db: Q, b: BusinessFields, now: number): Promise<number> {
  const row = await db.insertInto('businesses').values({ ...b, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateBusiness(db: Q, id: number, b: BusinessFields, now: number): Promise<void> {
  await db.updateTable('businesses').set({ ...b, updated_at: now }).where('id', '=', id).execute();
}

export async function countBusinesses(db: Q): Promise<number> {
  const row = await db.selectFrom('businesses').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
