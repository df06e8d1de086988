import type { Kysely } from 'kysely';
import type { Database, Session } from '../db/schema.js';

type Q = Kysely<Database>;

export async function insertSession(db: Q, s: Session): Promise<void> {
  await db.insertInto('sessions').values(s).execute();
}

export function findSessionWithUser(db: Q, id: string) {
  return db.selectFrom('sessions as s').innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('units as un', 'un.id', 'u.unit_id')
    .select(['s.id', 's.csrf_token', 's.created_at', 's.last_seen_at', 'u.id as user_id', 'u.username', 'u.display_name',
      'u.role', 'u.unit_id', 'un.path as unit_path', 'u.officer_id', 'u.disabled_at'])
    .where('s.id', '=', id).executeTakeFirst();
}

export async function touchSession(db: Q, id: string, now: number): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function deleteSession(db: Q, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteUserSessions(db: Q, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export function findThrottle(db: Q, key: string) {
  return db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function saveThrottle(db: Q, key: string, failures: number, windowStart: number, lockedUntil: number | null): Promise<void> {
  await db.insertInto('login_throttle').values({ key, failures, window_start: windowStart, locked_until: lockedUntil })
    .onConflict((oc) => oc.column('key').doUpdateSet({ failures, window_start: windowStart, locked_until: lockedUntil })).execute();
}

export async function clearThrottle(db: Q, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
