import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Principal } from './principal.js';

/**
 * What part of the data a principal may read, as the data layer applies it:
 * - `all`: administrators and inspectors;
 * - `units`: a leader — the bound unit's subtree (materialised path prefix);
 * - `officer`: an officer account — that officer's own records;
 * - `businesses`: a business or broker — the authorised businesses' own records;
 * - `none`: anyone else (anonymous, API clients on user data).
 * Repositories take a DataScope and add its filter to every query; a record outside it is simply
 * not found, so the caller answers 404, never 403, and learns nothing about it.
 */
export type DataScope =
  | { kind: 'all' }
  | { kind: 'units'; path: string }
  | { kind: 'officer'; officerId: number }
  | { kind: 'businesses'; businessIds: number[] }
  | { kind: 'none' };

export function dataScope(p: Principal): DataScope {
  if (p.kind !== 'user') return { kind: 'none' };
  switch (p.role) {
    case 'admin':
    case 'inspector':
      return { kind: 'all' };
    case 'leader':
      return p.unitPath ? { kind: 'units', path: p.unitPath } : { kind: 'none' };
    case 'officer':
      return p.officerId !== null ? { kind: 'officer', officerId: p.officerId } : { kind: 'none' };
    case 'business':
      return p.businessIds.length > 0 ? { kind: 'businesses', businessIds: p.businessIds } : { kind: 'none' };
  }
}

export const allScope: DataScope = { kind: 'all' };

/** `LIKE` pattern of a subtree: the path itself and everything below. */
export function subtreePattern(path: string): string {
  return `${path.replace(/[%_\\]/g, '\\$&')}%`;
}

/** Units (by id column) inside the scope's subtree. */
export function unitIdInSubtree(eb: ExpressionBuilder<Database, never>, unitIdColumn: Expression<number>, path: string): Expression<SqlBool> {
  return eb(unitIdColumn, 'in', eb.selectFrom('units').select('units.id').where(sql<boolean>`units.path like ${subtreePattern(path)} escape '\\'`));
}
