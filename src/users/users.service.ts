import type { Kysely } from 'kysely';
import { audit, type Actor } from '../audit/audit.service.js';
import { hashPassword } from '../auth/password.js';
import { findBusinessesByTaxCodes } from '../businesses/businesses.repository.js';
import type { Database, UserRole } from '../db/schema.js';
import { AppError } from '../errors.js';
import { findOfficersByCodes } from '../officers/officers.repository.js';
import { findUnitByCode } from '../units/units.repository.js';
import { deleteUserSessions } from '../auth/sessions.repository.js';
import { authoriseBusiness, findUserById, findUserHolding, insertUser, revokeBusiness, setUserDisabled } from './users.repository.js';

export const userRoles = ['admin', 'inspector', 'leader', 'officer', 'business'] as const satisfies readonly UserRole[];
const usernamePattern = /^[a-z0-9._-]{3,64}$/;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface NewUser {
  username: string;
  password: string;
  role: string;
  displayName?: string;
  email?: string;
  unitCode?: string;
  officerCode?: string;
  taxCodes?: string[];
}

/** Checks and binds a new account: a leader to a unit, an officer to an officer code, a business to tax codes. */
export async function createUser(db: Kysely<Database>, input: NewUser, actor: Actor, now = Date.now()): Promise<number> {
  const username = input.username.trim().toLowerCase();
  if (!usernamePattern.test(username)) throw new AppError('invalid_username');
  if (!(userRoles as readonly string[]).includes(input.role)) throw new AppError('invalid_role', { value: input.role });
  const role = input.role as UserRole;
  const email = input.email?.trim().toLowerCase() || null;
  if (email !== null && !emailPattern.test(email)) throw new AppError('invalid_email', { value: email });
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    let unitId: number | null = null;
    let officerId: number | null = null;
    let businessIds: number[] = [];
    if (role === 'leader') {
      if (!input.unitCode) throw new AppError('role_needs_unit');
      const unit = await findUnitByCode(trx, input.unitCode);
      if (!unit) throw new AppError('unknown_unit', { value: input.unitCode });
      unitId = Number(unit.id);
    }
    if (role === 'officer') {
      if (!input.officerCode) throw new AppError('role_needs_officer');
      const [officer] = await findOfficersByCodes(trx, [input.officerCode]);
      if (!officer) throw new AppError('unknown_officer', { value: input.officerCode });
      officerId = Number(officer.id);
    }
    if (role === 'business') {
      const taxCodes = [...new Set(input.taxCodes ?? [])];
      if (taxCodes.length === 0) throw new AppError('role_needs_tax_code');
      const found = await findBusinessesByTaxCodes(trx, taxCodes);
      const missing = taxCodes.find((t) => !found.some((b) => b.tax_code === t));
      if (missing) throw new AppError('unknown_business', { value: missing });
      businessIds = found.map((b) => Number(b.id));
    }
    const taken = await findUserHolding(trx, username, email);
    if (taken) throw new AppError('username_taken', { value: email ?? username });
    const id = await insertUser(trx, {
      username, email, displayName: input.displayName?.trim() || username, passwordHash, role, unitId, officerId,
    }, now);
    const by = actor.principal.kind === 'user' ? actor.principal.userId : null;
    for (const businessId of businessIds) await authoriseBusiness(trx, id, businessId, by, now);
    await audit(trx, actor, { action: 'create', entity: 'user', entityId: id, after: { username, email, role, unitId, officerId, businessIds } }, now);
    return id;
  });
}

async function requireUser(db: Kysely<Database>, id: number) {
  const user = await findUserById(db, id);
  if (!user) throw new AppError('user_not_found', { value: id });
  return user;
}

/** An administrator authorises a broker (business account) for one more business. */
export async function authoriseBusinessForUser(db: Kysely<Database>, userId: number, taxCode: string, actor: Actor, now = Date.now()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await requireUser(trx, userId);
    if (user.role !== 'business') throw new AppError('not_a_business_account');
    const [business] = await findBusinessesByTaxCodes(trx, [taxCode.trim()]);
    if (!business) throw new AppError('unknown_business', { value: taxCode });
    await authoriseBusiness(trx, userId, Number(business.id), actor.principal.kind === 'user' ? actor.principal.userId : null, now);
    await audit(trx, actor, { action: 'authorise_business', entity: 'user', entityId: userId, after: { taxCode: business.tax_code } }, now);
  });
}

export async function revokeBusinessForUser(db: Kysely<Database>, userId: number, taxCode: string, actor: Actor, now = Date.now()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await requireUser(trx, userId);
    const [business] = await findBusinessesByTaxCodes(trx, [taxCode.trim()]);
    if (!business) throw new AppError('unknown_business', { value: taxCode });
    await revokeBusiness(trx, userId, Number(business.id));
    await deleteUserSessions(trx, userId);
    await audit(trx, actor, { action: 'revoke_business', entity: 'user', entityId: userId, before: { taxCode: business.tax_code } }, now);
  });
}

/** Disabling ends the account's sessions at once. */
export async function setUserEnabled(db: Kysely<Database>, userId: number, enabled: boolean, actor: Actor, now = Date.now()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await requireUser(trx, userId);
    await setUserDisabled(trx, userId, enabled ? null : now, now);
    if (!enabled) await deleteUserSessions(trx, userId);
    await audit(trx, actor, { action: enabled ? 'enable' : 'disable', entity: 'user', entityId: userId, before: { disabled: user.disabled_at !== null } }, now);
  });
}
