import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../audit/audit.service.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { anonymous, type Principal } from './principal.js';
import { resolveSession } from './sign-in.service.js';
import { hmac, newToken, safeEqual } from './tokens.js';

export const sessionCookie = 'hl_session';
const anonCookie = 'hl_anon';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
    /** The token every state-changing form must echo as `_csrf` (or header X-CSRF-Token). */
    csrfToken: string;
  }
  interface FastifyContextConfig {
    /** Also check CSRF for anonymous posts (sign-in and password forms). */
    csrf?: boolean;
  }
}

export function actorOf(request: FastifyRequest): Actor {
  return { principal: request.principal, ip: request.ip, requestId: request.id };
}

export function sessionCookieOptions(request: FastifyRequest) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: request.protocol === 'https' };
}

function submittedToken(request: FastifyRequest): string | undefined {
  const header = request.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const body = request.body as Record<string, unknown> | undefined;
  return typeof body?._csrf === 'string' ? body._csrf : undefined;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Identifies every request (session cookie → user; otherwise anonymous; API keys are checked by
 * the API routes) and guards every state-changing request made with a session against CSRF:
 * SameSite=Lax cookies plus a per-session token in each form.
 */
export async function installAuth(app: FastifyInstance, db: Db, config: Config): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('principal', null as never);
  app.decorateRequest('csrfToken', '');

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    request.principal = anonymous;
    const token = request.cookies[sessionCookie];
    if (token) {
      const principal = await resolveSession(db.kysely, config, token);
      if (principal) request.principal = principal;
      else reply.clearCookie(sessionCookie, { path: '/' });
    }
    if (request.principal.kind === 'user') {
      request.csrfToken = request.principal.csrfToken;
      return;
    }
    // An API client's call (its key is checked by the route) has no forms to protect: no anonymous cookie.
    if (request.headers.authorization !== undefined) return;
    let anon = request.cookies[anonCookie];
    if (!anon || anon.length > 100) {
      anon = newToken();
      reply.setCookie(anonCookie, anon, sessionCookieOptions(request));
    }
    request.csrfToken = hmac(config.secretKey, `csrf:${anon}`);
  });

  app.addHook('preHandler', async (request: FastifyRequest) => {
    if (safeMethods.has(request.method)) return;
    const needed = request.principal.kind === 'user' || request.routeOptions.config.csrf === true;
    if (!needed) return;
    const sent = submittedToken(request);
    if (!sent || !safeEqual(sent, request.csrfToken)) throw new AppError('csrf_failed');
  });
}
