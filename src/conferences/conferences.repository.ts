import { sql, type Insertable, type Kysely } from 'kysely';
import type { ConferenceInvitationTable, ConferenceTable, Database } from '../db/schema.js';

type Q = Kysely<Database>;

export async function insertConference(db: Q, row: Insertable<ConferenceTable>): Promise<number> {
  const inserted = await db.insertInto('conferences').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export function findConference(db: Q, id: number) {
  return db.selectFrom('conferences').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function saveMinutes(db: Q, id: number, minutes: string | null, now: number): Promise<void> {
  await db.updateTable('conferences').set({ minutes, updated_at: now }).where('id', '=', id).execute();
}

/** Conferences, latest first, with how many were invited and how many questions were collected. */
export function listConferences(db: Q) {
  return db.selectFrom('conferences as c')
    .select(['c.id', 'c.title', 'c.held_on', 'c.place'])
    .select((eb) => [
      eb.selectFrom('conference_invitations as i').select((e) => e.fn.countAll<number>().as('n')).whereRef('i.conference_id', '=', 'c.id').as('invited'),
      eb.selectFrom('problems as p').select((e) => e.fn.countAll<number>().as('n')).whereRef('p.conference_id', '=', 'c.id').as('questions'),
      sql<number>`case when c.minutes is null then 0 else 1 end`.as('has_minutes'),
    ])
    .orderBy('c.held_on', 'desc').orderBy('c.id', 'desc').execute();
}

/** Records invitations; one already there is kept as it was. Returns how many were new. */
export async function insertInvitations(db: Q, rows: readonly ConferenceInvitationTable[]): Promise<number> {
  let added = 0;
  for (const row of rows) {
    const inserted = await db.insertInto('conference_invitations').values(row)
      .onConflict((oc) => oc.columns(['conference_id', 'invitee_kind', 'invitee_code']).doNothing()).returning('conference_id').executeTakeFirst();
    if (inserted) added++;
  }
  return added;
}

/** The invited businesses and associations, with their names (an association's from the partnership data). */
export function listInvitations(db: Q, conferenceId: number) {
  return db.selectFrom('conference_invitations as i')
    .leftJoin('businesses as b', 'b.id', 'i.business_id')
    .leftJoin('associations as a', (join) => join.onRef('a.code', '=', 'i.invitee_code').on('i.invitee_kind', '=', 'association'))
    .select(['i.invitee_kind', 'i.invitee_code', 'b.name as business_name', 'a.name as association_name'])
    .where('i.conference_id', '=', conferenceId).orderBy('i.invitee_kind', 'desc').orderBy('i.invitee_code').execute();
}

/** Whether a business is invited: by its own invitation, or as a member of an invited association. */
export async function isInvited(db: Q, conferenceId: number, businessId: number): Promise<boolean> {
  const row = await db.selectFrom('conference_invitations as i')
    .select('i.invitee_code')
    .where('i.conference_id', '=', conferenceId)
    .where((eb) => eb.or([
      eb.and([eb('i.invitee_kind', '=', 'business'), eb('i.business_id', '=', businessId)]),
      eb.and([eb('i.invitee_kind', '=', 'association'), eb('i.invitee_code', 'in',
        eb.selectFrom('associations as a').innerJoin('association_members as m', 'm.association_id', 'a.id').select('a.code').where('m.business_id', '=', businessId))]),
    ]))
    .limit(1).executeTakeFirst();
  return row !== undefined;
}

export function findBusinessesByTaxCodes(db: Q, taxCodes: readonly string[]) {
  if (taxCodes.length === 0) return Promise.resolve([]);
  return db.selectFrom('businesses').select(['id', 'tax_code']).where('tax_code', 'in', taxCodes).execute();
}

export function findAssociationsByCodes(db: Q, codes: readonly string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('associations').select(['id', 'code']).where('code', 'in', codes).execute();
}
