import type { Kysely } from 'kysely';
import type { Database, Officer } from '../db/schema.js';
import { AppError } from '../errors.js';
import { vietnamDay } from '../shared/time.js';
import { assignmentHistory, countOfficersMatching, findOfficerByCode, listOfficersPage, type OfficerListRow } from './officers.repository.js';

export const officersPerPage = 50;

export interface OfficerBrowse {
  query: string;
  page: number;
  pages: number;
  total: number;
  officers: OfficerListRow[];
}

/** A page of the officer list; each officer with the unit they are in today (Vietnam time). */
export async function browseOfficers(db: Kysely<Database>, query: string, page: number, now = Date.now()): Promise<OfficerBrowse> {
  const term = query.trim();
  const total = await countOfficersMatching(db, term);
  const officers = await listOfficersPage(db, {
    term, day: vietnamDay(now), offset: (page - 1) * officersPerPage, limit: officersPerPage,
  });
  return { query: term, page, pages: Math.max(1, Math.ceil(total / officersPerPage)), total, officers };
}

type Assignment = Awaited<ReturnType<typeof assignmentHistory>>[number];

export interface OfficerProfile {
  officer: Officer;
  assignments: Assignment[];
  /** The assignment covering today (Vietnam time), if any. */
  current: Assignment | undefined;
}

/** One officer and the units they served in; not_found for an unknown code. */
export async function officerProfile(db: Kysely<Database>, code: string, now = Date.now()): Promise<OfficerProfile> {
  const officer = await findOfficerByCode(db, code);
  if (!officer) throw new AppError('not_found');
  const assignments = await assignmentHistory(db, officer.id);
  const today = vietnamDay(now);
  const current = assignments.find((a) => a.from_day <= today && (a.to_day === null || a.to_day >= today));
  return { officer, assignments, current };
}
