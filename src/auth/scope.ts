import { sql, type Expression, type SqlBool } from 'kysely';
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

/** The conditions of the `all` and `none` scopes: every row, no row. */
export const everyRow = sql<SqlBool>`1 = 1`;
export const noRow = sql<SqlBool>`1 = 0`;

/** `LIKE` pattern of a subtree: the path itself and everything below. */
export function subtreePattern(path: string): string {
  return `${path.replace(/[%_\\]/g, '\\$&')}%`;
}

/** The unit path (a column) lies in the subtree of `path`: the unit itself or one below it. */
export function pathInSubtree(unitPath: Expression<unknown>, path: string): Expression<SqlBool> {
  return sql<SqlBool>`${unitPath} like ${subtreePattern(path)} escape '\\'`;
}

/** The unit id (a column or expression) is one of the subtree's units: a subquery on the small, path-indexed units table. */
export function unitIdInSubtree(unitId: Expression<unknown>, path: string): Expression<SqlBool> {
  return sql<SqlBool>`${unitId} in (select units.id from units where ${pathInSubtree(sql.ref('units.path'), path)})`;
}
