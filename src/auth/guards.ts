import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { UserRole } from '../db/schema.js';
import { AppError } from '../errors.js';

/** Where a sign-in returns to: only paths on this site. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/**
 * Pages for signed-in users of the given roles. An anonymous visitor is sent to the sign-in page
 * and brought back afterwards; a signed-in user of another role gets `forbidden`.
 */
export function requirePageRole(...roles: UserRole[]): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const p = request.principal;
    if (p.kind !== 'user') {
      return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    }
    if (roles.length > 0 && !roles.includes(p.role)) throw new AppError('forbidden');
  };
}

/** API routes for signed-in users (session cookie) of the given roles: 401 anonymous, 403 other roles. */
export function requireUserRole(...roles: UserRole[]): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest) => {
    const p = request.principal;
    if (p.kind !== 'user') throw new AppError('unauthenticated');
    if (roles.length > 0 && !roles.includes(p.role)) throw new AppError('forbidden');
  };
}

export const staffRoles: UserRole[] = ['admin', 'inspector', 'leader', 'officer'];
/** Who may open the declaration pages: staff, and businesses (their own declarations). */
export const declarationReaderRoles: UserRole[] = [...staffRoles, 'business'];
/** Who may open /admin: administrators, and inspectors (the audit trail). */
export const administrationRoles: UserRole[] = ['admin', 'inspector'];
