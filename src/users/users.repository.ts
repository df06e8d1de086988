import type { Kysely } from 'kysely';
import type { Database, User, UserRole } from '../db/schema.js';

type Q = Kysely<Database>;

export interface NewUserRow {
  username: string;
  email: string | null;
  displayName: string;
  passwordHash: string;
  role: UserRole;
  unitId: number | null;
  officerId: number | null;
}

export async function insertUser(db: Q, u: NewUserRow, now: number): Promise<number> {
  const row = await db.insertInto('users').values({
    username: u.username, email: u.email, display_name: u.displayName, password_hash: u.passwordHash, role: u.role,
    unit_id: u.unitId, officer_id: u.officerId, locked_until: null, disabled_at: null, created_at: now, updated_at: now,
  }).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

/** By username or e-mail, case-insensitively (both are stored lowercase). */
export function findUserByLogin(db: Q, login: string): Promise<User | undefined> {
  const key = login.trim().toLowerCase();
  return db.selectFrom('users').selectAll().where((eb) => eb.or([eb('username', '=', key), eb('email', '=', key)])).executeTakeFirst();
}

export function findUserById(db: Q, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listUsers(db: Q): Promise<User[]> {
  return db.selectFrom('users').selectAll().orderBy('username').execute();
}

export async function recordFailedLogin(db: Q, id: number, failures: number, lockedUntil: number | null): Promise<void> {
  await db.updateTable('users').set({ failed_logins: failures, locked_until: lockedUntil }).where('id', '=', id).execute();
}

export async function clearFailedLogins(db: Q, id: number): Promise<void> {
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
}

export async function setPasswordHash(db: Q, id: number, hash: string, now: number): Promise<void> {
  await db.updateTable('users').set({ password_hash: hash, updated_at: now, failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
}

export async function setUserDisabled(db: Q, id: number, disabledAt: number | null, now: number): Promise<void> {
  await db.updateTable('users').set({ disabled_at: disabledAt, updated_at: now }).where('id', '=', id).execute();
}

export function listUserBusinessIds(db: Q, userId: number) {
  return db.selectFrom('user_businesses').select('business_id').where('user_id', '=', userId).execute();
}

export async function authoriseBusiness(db: Q, userId: number, businessId: number, by: number | null, now: number): Promise<void> {
  await db.insertInto('user_businesses').values({ user_id: userId, business_id: businessId, authorised_by: by, authorised_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'business_id']).doNothing()).execute();
}

export async function revokeBusiness(db: Q, userId: number, businessId: number): Promise<number> {
  const result = await db.deleteFrom('user_businesses').where('user_id', '=', userId).where('business_id', '=', businessId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Users with what binds them (unit, officer, businesses), for the administration list. */
export function listUsersWithBindings(db: Q) {
  return db.selectFrom('users as u')
    .leftJoin('units as un', 'un.id', 'u.unit_id')
    .leftJoin('officers as o', 'o.id', 'u.officer_id')
    .select(['u.id', 'u.username', 'u.email', 'u.display_name', 'u.role', 'u.disabled_at', 'u.locked_until', 'un.code as unit_code', 'o.code as officer_code'])
    .orderBy('u.username').execute();
}

export function listUserBusinesses(db: Q, userId: number) {
  return db.selectFrom('user_businesses as ub').innerJoin('businesses as b', 'b.id', 'ub.business_id')
    .select(['b.tax_code', 'b.name', 'ub.authorised_at']).where('ub.user_id', '=', userId).orderBy('b.tax_code').execute();
}

/** An account already holding this username or e-mail, if any. */
export function findUserHolding(db: Q, username: string, email: string | null) {
  return db.selectFrom('users').select('id')
    .where((eb) => eb.or([eb('username', '=', username), ...(email ? [eb('email', '=', email)] : [])])).executeTakeFirst();
}
