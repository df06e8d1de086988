import type { Kysely } from 'kysely';
import { audit, type Actor } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import type { Database, Problem } from '../db/schema.js';
import { AppError } from '../errors.js';
import { findBusinessByTaxCode } from '../problems/problems.repository.js';
import { raiseProblem, type ProblemContext } from '../problems/problems.service.js';
import { parseDay } from '../shared/time.js';
import {
  findAssociationsByCodes, findBusinessesByTaxCodes, findConference, insertConference, insertInvitations, isInvited, saveMinutes,
} from './conferences.repository.js';

/**
 * Dialogue conferences (hội nghị đối thoại): a date, a place, the businesses and associations
 * invited, the questions collected beforehand — each recorded as a problem of the business that
 * asked, routed and answered like any other — and the minutes. Administrators and leaders organise
 * them; inspectors read.
 */
export const conferenceLimits = { titleMaxLength: 300, placeMaxLength: 300, minutesMaxLength: 50_000, inviteesMax: 500 } as const;

export function mayOrganise(p: Principal): boolean {
  return p.kind === 'user' && (p.role === 'admin' || p.role === 'leader');
}

function requireOrganiser(actor: Actor): void {
  if (!mayOrganise(actor.principal)) throw new AppError('forbidden');
}

function required(value: string | undefined, field: string, max: number): string {
  const text = value?.trim() ?? '';
  if (text === '') throw new AppError('missing_field', { field });
  if (text.length > max) throw new AppError('field_too_long', { field, max });
  return text;
}

export interface NewConference {
  title?: string | undefined;
  heldOn?: string | undefined;
  place?: string | undefined;
}

export async function createConference(db: Kysely<Database>, actor: Actor, input: NewConference, now = Date.now()): Promise<number> {
  requireOrganiser(actor);
  const title = required(input.title, 'title', conferenceLimits.titleMaxLength);
  const heldOn = required(input.heldOn, 'heldOn', 10);
  if (parseDay(heldOn) === null) throw new AppError('invalid_date', { field: 'heldOn', value: heldOn });
  const place = required(input.place, 'place', conferenceLimits.placeMaxLength);
  return db.transaction().execute(async (trx) => {
    const id = await insertConference(trx, { title, held_on: heldOn, place, minutes: null, created_at: now, updated_at: now });
    await audit(trx, actor, { action: 'create', entity: 'conference', entityId: id, after: { title, heldOn, place } }, now);
    return id;
  });
}

async function existing(db: Kysely<Database>, id: number) {
  const conference = await findConference(db, id);
  if (!conference) throw new AppError('conference_not_found', { value: id });
  return conference;
}

/** Tax codes (10 digits, or 10-3 for a branch) invite businesses; any other code an association. */
export function splitInvitees(text: string): { taxCodes: string[]; associationCodes: string[] } {
  const codes = [...new Set(text.split(/[\s,;]+/).map((c) => c.trim()).filter((c) => c !== ''))];
  return { taxCodes: codes.filter((c) => /^\d{10}(-\d{3})?$/.test(c)), associationCodes: codes.filter((c) => !/^\d{10}(-\d{3})?$/.test(c)) };
}

/** Invites the businesses and associations listed (all known, or none is invited); returns how many were new. */
export async function invite(db: Kysely<Database>, actor: Actor, id: number, invitees: string, now = Date.now()): Promise<number> {
  requireOrganiser(actor);
  const { taxCodes, associationCodes } = splitInvitees(invitees);
  if (taxCodes.length + associationCodes.length === 0) throw new AppError('missing_field', { field: 'invitees' });
  if (taxCodes.length + associationCodes.length > conferenceLimits.inviteesMax) throw new AppError('too_many_items', { max: conferenceLimits.inviteesMax });
  return db.transaction().execute(async (trx) => {
    await existing(trx, id);
    const businesses = new Map((await findBusinessesByTaxCodes(trx, taxCodes)).map((b) => [b.tax_code, Number(b.id)]));
    const unknownBusiness = taxCodes.find((c) => !businesses.has(c));
    if (unknownBusiness) throw new AppError('unknown_business', { value: unknownBusiness });
    const associations = new Set((await findAssociationsByCodes(trx, associationCodes)).map((a) => a.code));
    const unknownAssociation = associationCodes.find((c) => !associations.has(c));
    if (unknownAssociation) throw new AppError('unknown_association', { value: unknownAssociation });
    const added = await insertInvitations(trx, [
      ...taxCodes.map((code) => ({ conference_id: id, invitee_kind: 'business' as const, invitee_code: code, business_id: businesses.get(code)!, invited_at: now })),
      ...associationCodes.map((code) => ({ conference_id: id, invitee_kind: 'association' as const, invitee_code: code, business_id: null, invited_at: now })),
    ]);
    await audit(trx, actor, { action: 'invite', entity: 'conference', entityId: id, after: { taxCodes, associationCodes, added } }, now);
    return added;
  });
}

export interface CollectedQuestion {
  taxCode?: string | undefined;
  topic?: string | undefined;
  question?: string | undefined;
}

/** A question an invited business sent before the conference: recorded as that business's problem. */
export async function addQuestion(db: Kysely<Database>, ctx: ProblemContext, actor: Actor, id: number, input: CollectedQuestion, now = Date.now()): Promise<Problem> {
  requireOrganiser(actor);
  await existing(db, id);
  const taxCode = required(input.taxCode, 'taxCode', 14);
  const business = await findBusinessByTaxCode(db, taxCode);
  if (!business) throw new AppError('unknown_business', { value: taxCode });
  if (!(await isInvited(db, id, business.id))) throw new AppError('not_invited', { value: taxCode });
  return raiseProblem(db, ctx, actor, { kind: 'conference', conferenceId: id, businessId: business.id }, { topic: input.topic ?? '', question: input.question ?? '' }, now);
}

export async function recordMinutes(db: Kysely<Database>, actor: Actor, id: number, minutes: string | undefined, now = Date.now()): Promise<void> {
  requireOrganiser(actor);
  const text = minutes?.trim() || null;
  if (text !== null && text.length > conferenceLimits.minutesMaxLength) throw new AppError('field_too_long', { field: 'minutes', max: conferenceLimits.minutesMaxLength });
  await db.transaction().execute(async (trx) => {
    const before = await existing(trx, id);
    await saveMinutes(trx, id, text, now);
    await audit(trx, actor, { action: 'minutes', entity: 'conference', entityId: id, before: { length: before.minutes?.length ?? 0 }, after: { length: text?.length ?? 0 } }, now);
  });
}
