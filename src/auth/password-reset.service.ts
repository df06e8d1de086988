import type { Kysely } from 'kysely';
import { audit, type Actor } from '../audit/audit.service.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { Mailer } from '../mail/mailer.js';
import { findUserByLogin, setPasswordHash } from '../users/users.repository.js';
import { hashPassword } from './password.js';
import { findPasswordReset, insertPasswordReset, spendPasswordReset } from './password-resets.repository.js';
import { deleteUserSessions } from './sessions.repository.js';
import { hashToken, newToken } from './tokens.js';

const resetValidityMs = 30 * 60_000;

/**
 * Sends a one-time reset link to the account's e-mail. Answers the same whether or not the account
 * exists, so the form cannot be used to discover accounts.
 */
export async function requestPasswordReset(
  db: Kysely<Database>, mailer: Mailer, publicUrl: string, login: string, actor: Actor, now = Date.now(),
): Promise<void> {
  const user = login.trim() === '' ? undefined : await findUserByLogin(db, login);
  if (!user?.email || user.disabled_at !== null) return;
  const token = newToken();
  await insertPasswordReset(db, hashToken(token), user.id, now, now + resetValidityMs);
  await audit(db, actor, { action: 'password_reset_requested', entity: 'user', entityId: user.id }, now);
  const link = `${publicUrl}/password/reset?token=${encodeURIComponent(token)}`;
  await mailer.send({
    to: user.email,
    subject: 'Đặt lại mật khẩu / Password reset — hailong',
    text: `Để đặt lại mật khẩu, mở liên kết sau trong vòng 30 phút (dùng một lần):\n${link}\n\n` +
      `To reset your password, open this link within 30 minutes (it works once):\n${link}\n`,
  });
}

async function findValidReset(db: Kysely<Database>, token: string, now: number) {
  const row = await findPasswordReset(db, hashToken(token));
  return row && row.used_at === null && row.expires_at > now ? row : undefined;
}

export async function isResetTokenValid(db: Kysely<Database>, token: string, now = Date.now()): Promise<boolean> {
  return (await findValidReset(db, token, now)) !== undefined;
}

/** Sets the new password, spends the link and ends every session of the account, in one transaction. */
export async function completePasswordReset(
  db: Kysely<Database>, token: string, password: string, confirm: string, actor: Actor, now = Date.now(),
): Promise<void> {
  if (password !== confirm) throw new AppError('passwords_differ');
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    const reset = await findValidReset(trx, token, now);
    if (!reset) throw new AppError('reset_link_invalid');
    if (!(await spendPasswordReset(trx, reset.token_hash, now))) throw new AppError('reset_link_invalid');
    await setPasswordHash(trx, reset.user_id, hash, now);
    await deleteUserSessions(trx, reset.user_id);
    await audit(trx, actor, { action: 'password_reset', entity: 'user', entityId: reset.user_id }, now);
  });
}
