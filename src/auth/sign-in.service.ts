import type { Kysely } from 'kysely';
import { audit, type Actor } from '../audit/audit.service.js';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import { clearFailedLogins, findUserByLogin, listUserBusinessIds, recordFailedLogin } from '../users/users.repository.js';
import { decoyHash, verifyPassword } from './password.js';
import type { UserPrincipal } from './principal.js';
import {
  clearThrottle, deleteSession, findSessionWithUser, findThrottle, insertSession, saveThrottle, touchSession,
} from './sessions.repository.js';
import { hashToken, newToken } from './tokens.js';

export type SessionPolicy = Pick<Config, 'sessionIdleMinutes' | 'sessionMaxHours' | 'loginMaxFailures' | 'loginLockMinutes'>;

/** An address may fail more often than one account (offices share addresses behind NAT). */
const addressFactor = 4;

async function addressLockedFor(db: Kysely<Database>, key: string, now: number): Promise<number> {
  const row = await findThrottle(db, key);
  return row?.locked_until && row.locked_until > now ? row.locked_until - now : 0;
}

async function countAddressFailure(db: Kysely<Database>, key: string, policy: SessionPolicy, now: number): Promise<void> {
  const windowMs = policy.loginLockMinutes * 60_000;
  const row = await findThrottle(db, key);
  const fresh = !row || now - row.window_start > windowMs;
  const failures = fresh ? 1 : row.failures + 1;
  const locked = failures >= policy.loginMaxFailures * addressFactor ? now + windowMs : null;
  await saveThrottle(db, key, failures, fresh ? now : row.window_start, locked);
}

function lockedError(ms: number): AppError {
  return new AppError('account_locked', { minutes: Math.max(1, Math.ceil(ms / 60_000)) });
}

/**
 * Checks a username (or e-mail) and password and opens a session. Failures count per account and
 * per address; past the limit both are locked for a while. The answer never tells which part was wrong.
 */
export async function signIn(
  db: Kysely<Database>, policy: SessionPolicy, login: string, password: string, actor: Actor, userAgent: string | null, now = Date.now(),
): Promise<{ token: string; userId: number }> {
  const addressKey = `ip:${actor.ip ?? 'unknown'}`;
  const addressLock = await addressLockedFor(db, addressKey, now);
  if (addressLock > 0) throw lockedError(addressLock);
  const user = login.trim() === '' ? undefined : await findUserByLogin(db, login);
  if (user?.locked_until && user.locked_until > now) throw lockedError(user.locked_until - now);
  const ok = user && user.disabled_at === null ? await verifyPassword(user.password_hash, password) : (await verifyPassword(await decoyHash(), password), false);
  if (!ok || !user) {
    await countAddressFailure(db, addressKey, policy, now);
    if (user) {
      const failures = user.failed_logins + 1;
      const locked = failures >= policy.loginMaxFailures ? now + policy.loginLockMinutes * 60_000 : null;
      await recordFailedLogin(db, user.id, locked ? 0 : failures, locked);
      await audit(db, actor, { action: locked ? 'lock' : 'login_failed', entity: 'user', entityId: user.id }, now);
      if (locked) throw lockedError(locked - now);
    }
    throw new AppError('invalid_credentials');
  }
  await clearFailedLogins(db, user.id);
  await clearThrottle(db, addressKey);
  const token = newToken();
  await insertSession(db, {
    id: hashToken(token), user_id: user.id, csrf_token: newToken(), created_at: now, last_seen_at: now,
    ip: actor.ip, user_agent: userAgent?.slice(0, 300) ?? null,
  });
  await audit(db, actor, { action: 'login', entity: 'user', entityId: user.id, after: { username: user.username } }, now);
  return { token, userId: user.id };
}

/** The signed-in user behind a session token, or null when absent or expired (idle or absolute). */
export async function resolveSession(db: Kysely<Database>, policy: SessionPolicy, token: string, now = Date.now()): Promise<UserPrincipal | null> {
  const id = hashToken(token);
  const row = await findSessionWithUser(db, id);
  if (!row) return null;
  const idleExpired = now - row.last_seen_at > policy.sessionIdleMinutes * 60_000;
  const maxExpired = now - row.created_at > policy.sessionMaxHours * 3_600_000;
  if (idleExpired || maxExpired || row.disabled_at !== null) {
    await deleteSession(db, id);
    return null;
  }
  if (now - row.last_seen_at > 60_000) await touchSession(db, id, now);
  const businessIds = row.role === 'business' ? (await listUserBusinessIds(db, row.user_id)).map((b) => Number(b.business_id)) : [];
  return {
    kind: 'user', userId: Number(row.user_id), username: row.username, displayName: row.display_name, role: row.role,
    unitId: row.unit_id === null ? null : Number(row.unit_id), unitPath: row.unit_path ?? null,
    officerId: row.officer_id === null ? null : Number(row.officer_id), businessIds, sessionId: id, csrfToken: row.csrf_token,
  };
}

export async function signOut(db: Kysely<Database>, principal: UserPrincipal, actor: Actor): Promise<void> {
  await deleteSession(db, principal.sessionId);
  await audit(db, actor, { action: 'logout', entity: 'user', entityId: principal.userId });
}
