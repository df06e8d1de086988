import type { Kysely } from 'kysely';
import type { DataScope } from '../auth/scope.js';
import type { Association, Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import { countMembers, findAssociationByCode, listAssociations, listMembersPage } from './associations.repository.js';

export const membersPerPage = 100;

export type AssociationSummary = Awaited<ReturnType<typeof listAssociations>>[number];

/** Every association (they are few, and tied to no unit), with the members the scope may read. */
export function associationList(db: Kysely<Database>, scope: DataScope): Promise<AssociationSummary[]> {
  return listAssociations(db, scope);
}

export interface AssociationDetail {
  association: Association;
  page: number;
  pages: number;
  total: number;
  members: { tax_code: string; name: string }[];
}

/** An association and one page of its members within the scope; not_found for an unknown code. */
export async function associationDetail(db: Kysely<Database>, scope: DataScope, code: string, page: number): Promise<AssociationDetail> {
  const association = await findAssociationByCode(db, code);
  if (!association) throw new AppError('not_found');
  const id = Number(association.id);
  const total = await countMembers(db, scope, id);
  const pages = Math.max(1, Math.ceil(total / membersPerPage));
  const current = Math.min(page, pages);
  const members = await listMembersPage(db, scope, id, { offset: (current - 1) * membersPerPage, limit: membersPerPage });
  return { association, page: current, pages, total, members };
}
