import type { UserRole } from '../db/schema.js';

/**
 * Who is asking. Every service and repository call that reads scoped data receives one; the
 * data layer turns it into a filter (see scope.ts), so a route cannot forget the scope.
 */
export type Principal =
  | {
      kind: 'user';
      userId: number;
      username: string;
      displayName: string;
      role: UserRole;
      /** Leader: the bound unit and its materialised path (subtree = path prefix). */
      unitId: number | null;
      unitPath: string | null;
      /** Officer account: the bound officer. */
      officerId: number | null;
      /** Business account: the authorised businesses (a broker holds several). */
      businessIds: number[];
      sessionId: string;
      csrfToken: string;
    }
  | { kind: 'api_client'; clientId: number; role: 'feed' | 'vendor'; name: string }
  | { kind: 'anonymous' };

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

export const anonymous: Principal = { kind: 'anonymous' };

export function isUser(p: Principal): p is UserPrincipal {
  return p.kind === 'user';
}

export function hasRole(p: Principal, ...roles: UserRole[]): p is UserPrincipal {
  return p.kind === 'user' && roles.includes(p.role);
}
