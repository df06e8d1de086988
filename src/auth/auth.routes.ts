import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import type { Mailer } from '../mail/mailer.js';
import type { Html } from '../web/html.js';
import { pageContext } from '../web/layout.js';
import { authMessages } from './auth.i18n.js';
import { forgotPage, loginPage, resetPage } from './auth.pages.js';
import { actorOf, sessionCookie, sessionCookieOptions } from './auth.plugin.js';
import { safeNext } from './guards.js';
import { completePasswordReset, isResetTokenValid, requestPasswordReset } from './password-reset.service.js';
import { signIn, signOut } from './sign-in.service.js';

const LoginBody = Type.Object({
  username: Type.String({ maxLength: 254 }),
  password: Type.String({ maxLength: 200 }),
  next: Type.Optional(Type.String({ maxLength: 2000 })),
  _csrf: Type.Optional(Type.String()),
});
const ForgotBody = Type.Object({ login: Type.String({ maxLength: 254 }), _csrf: Type.Optional(Type.String()) });
/** One token: a repeated one would arrive as an array. */
const ResetQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) });

const ResetBody = Type.Object({
  token: Type.String({ maxLength: 100 }), password: Type.String({ maxLength: 200 }), confirm: Type.String({ maxLength: 200 }),
  _csrf: Type.Optional(Type.String()),
});

function page(reply: FastifyReply, body: Html, status = 200) {
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body.value);
}

/** Sign-in, sign-out and password reset pages. */
export function authRoutes(db: Db, config: Config, mailer: Mailer): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: { next?: string; done?: string } }>('/login', async (request, reply) => {
      const ctx = pageContext(request);
      const t = authMessages(ctx.lang);
      const notice = request.query.done === 'reset' ? t.resetDone : request.query.done === 'logout' ? t.signedOut : undefined;
      return page(reply, loginPage(ctx, request.csrfToken, safeNext(request.query.next), { notice }));
    });

    app.post<{ Body: { username: string; password: string; next?: string } }>('/login', { schema: { body: LoginBody }, config: { csrf: true } }, async (request, reply) => {
      const { username, password } = request.body;
      const next = safeNext(request.body.next);
      try {
        const { token } = await signIn(db.kysely, config, username, password, actorOf(request), request.headers['user-agent'] ?? null);
        reply.setCookie(sessionCookie, token, sessionCookieOptions(request));
        return reply.redirect(next, 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return page(reply, loginPage(pageContext(request), request.csrfToken, next, { error, username }), error.status);
      }
    });

    app.post('/logout', async (request, reply) => {
      if (request.principal.kind === 'user') await signOut(db.kysely, request.principal, actorOf(request));
      reply.clearCookie(sessionCookie, { path: '/' });
      return reply.redirect('/login?done=logout', 303);
    });

    app.get('/password/forgot', async (request, reply) => page(reply, forgotPage(pageContext(request), request.csrfToken)));

    app.post<{ Body: { login: string } }>('/password/forgot', { schema: { body: ForgotBody }, config: { csrf: true } }, async (request, reply) => {
      await requestPasswordReset(db.kysely, mailer, config.publicUrl, request.body.login, actorOf(request));
      return page(reply, forgotPage(pageContext(request), request.csrfToken, { sent: true }));
    });

    app.get<{ Querystring: { token?: string } }>('/password/reset', { schema: { querystring: ResetQuery } }, async (request, reply) => {
      const token = request.query.token ?? '';
      const ctx = pageContext(request);
      if (!(await isResetTokenValid(db.kysely, token))) return page(reply, forgotPage(ctx, request.csrfToken, { error: new AppError('reset_link_invalid') }), 400);
      return page(reply, resetPage(ctx, request.csrfToken, token));
    });

    app.post<{ Body: { token: string; password: string; confirm: string } }>('/password/reset', { schema: { body: ResetBody }, config: { csrf: true } }, async (request, reply) => {
      const { token, password, confirm } = request.body;
      try {
        await completePasswordReset(db.kysely, token, password, confirm, actorOf(request));
        return reply.redirect('/login?done=reset', 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return page(reply, resetPage(pageContext(request), request.csrfToken, token, error), error.status);
      }
    });
  };
}
