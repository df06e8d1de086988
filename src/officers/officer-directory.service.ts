import type { Kysely } from 'kysely';
import type { DataScope } from '../auth/scope.js';
import type { Database, Officer } from '../db/schema.js';
import { AppError } from '../errors.js';
import { vietnamDay } from '../shared/time.js';
import { assignmentHistory, countOfficersMatching, findOfficerInScope, listOfficersPage, type OfficerListRow } from './officers.repository.js';

export const officersPerPage = 50;

export interface OfficerBrowse {
  query: string;
  page: number;
  pages: number;
  total: number;
  officers: OfficerListRow[];
}

/**
 * A page of the scope's officer list; each officer with the unit they are in today (Vietnam time).
 * A leader sees the officers working in the subtree today; an officer account, itself.
 */
export async function browseOfficers(db: Kysely<Database>, scope: DataScope, query: string, page: number, now = Date.now()): Promise<OfficerBrowse> {
  const term = query.trim();
  const day = vietnamDay(now);
  const total = await countOfficersMatching(db, scope, term, day);
  const officers = await listOfficersPage(db, scope, {
    term, day, offset: (page - 1) * officersPerPage, limit: officersPerPage,
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

/** One officer and the units they served in; not_found for an unknown code or an officer outside the scope. */
export async function officerProfile(db: Kysely<Database>, scope: DataScope, code: string, now = Date.now()): Promise<OfficerProfile> {
  const officer = await findOfficerInScope(db, scope, code);
  if (!officer) throw new AppError('not_found');
  const assignments = await assignmentHistory(db, officer.id);
  const today = vietnamDay(now);
  const current = assignments.find((a) => a.from_day <= today && (a.to_day === null || a.to_day >= today));
  return { officer, assignments, current };
}
