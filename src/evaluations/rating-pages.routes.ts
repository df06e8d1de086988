import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../auth/auth.plugin.js';
import { requirePageRole } from '../auth/guards.js';
import { CaseAnswerBody } from '../cases/case-business.pages.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { DeclarationParams } from '../declarations/declaration-list.schema.js';
import { ratingHref } from '../declarations/declarations.pages.js';
import { AppError } from '../errors.js';
import { sendPage } from '../web/components.js';
import { html } from '../web/html.js';
import { pageContext } from '../web/layout.js';
import { evaluationContext } from './evaluations.routes.js';
import type { Rater, SubmissionMeta } from './evaluations.service.js';
import { RatingFormBody, RatingPageQuery, RatingTokenParams } from './rating-form.js';
import { ratingView, submitCaseAnswer, submitRatingForm, type CaseAnswerOutcome, type RatingOutcome } from './rating-page.service.js';
import { ratingPage, type RatingPageOptions } from './rating.pages.js';

/** The page's own URL, keeping a `?lang=` the reader chose (these pages may be read without the language cookie). */
function pageUrl(request: FastifyRequest, path: string, flag?: 'saved' | 'answered'): string {
  const params = new URLSearchParams();
  if (flag) params.set(flag, '1');
  const lang = (request.query as Record<string, unknown> | undefined)?.lang;
  if (lang === 'vi' || lang === 'en') params.set('lang', lang);
  const query = params.toString();
  return query === '' ? path : `${path}?${query}`;
}

/** Post/redirect/get: a stored rating sends the browser back to the page; a refused one shows the page again beside its error. */
function answer(request: FastifyRequest, reply: FastifyReply, path: string, outcome: RatingOutcome, options: Omit<RatingPageOptions, 'action'>) {
  // To the stored rating, with its thank-you note (an explicit fragment: the form's #detail is not carried over).
  if (outcome.saved) return reply.redirect(`${pageUrl(request, path, 'saved')}#current`, 303);
  const page = ratingPage(pageContext(request), outcome.view, { ...options, action: pageUrl(request, path), refused: outcome });
  return sendPage(reply.status(outcome.error.status), page);
}

/** The same for the business's answer to its case: back to the case on the page, or the page again beside the answer forms. */
function answered(request: FastifyRequest, reply: FastifyReply, path: string, outcome: CaseAnswerOutcome, options: Omit<RatingPageOptions, 'action'>) {
  if (outcome.saved) return reply.redirect(`${pageUrl(request, path, 'answered')}#case`, 303);
  const page = ratingPage(pageContext(request), outcome.view, { ...options, action: pageUrl(request, path), answerRefused: outcome });
  return sendPage(reply.status(outcome.error.status), page);
}

/** `?answered=1` after an answer was stored (outside RatingPageQuery, which only the rating form's own flag needs). */
function answeredFlag(request: FastifyRequest): boolean {
  return (request.query as Record<string, unknown> | undefined)?.answered === '1';
}

function businessRater(request: FastifyRequest<{ Params: DeclarationParams }>): { rater: Rater; userId: number } {
  const p = request.principal;
  if (p.kind !== 'user') throw new AppError('unauthenticated');
  return { rater: { kind: 'business', declarationNo: request.params.no, businessIds: p.businessIds }, userId: p.userId };
}

/**
 * The rating pages: `/r/:token` for whoever holds the declaration's rating link (the token is the
 * credential, so anonymous posts need no CSRF token; a signed-in reader's do, and the forms carry
 * it), and `/declarations/:no/rate` for the declarant's business accounts. Each has an `/answer`
 * beside it, where the business accepts or disputes the response to the case its rating opened.
 */
export function ratingPageRoutes(db: Db, config: Config): FastifyPluginAsync {
  const ctx = evaluationContext(config);
  return async (app) => {
    const linkPath = (token: string) => `/r/${encodeURIComponent(token)}`;
    const linkOptions = (request: FastifyRequest, token: string) => ({
      qrSrc: `${linkPath(token)}/qr.svg`, answerAction: pageUrl(request, `${linkPath(token)}/answer`),
    });
    // The URL is the credential: it is not sent on as a referrer.
    const noReferrer = (reply: FastifyReply) => reply.header('referrer-policy', 'no-referrer');

    app.get<{ Params: RatingTokenParams; Querystring: RatingPageQuery }>('/r/:token', {
      schema: { params: RatingTokenParams, querystring: RatingPageQuery },
    }, async (request, reply) => {
      const { token } = request.params;
      const view = await ratingView(db.kysely, ctx, { kind: 'token', token });
      const options = { ...linkOptions(request, token), action: pageUrl(request, linkPath(token)), saved: request.query.saved === '1', answered: answeredFlag(request) };
      return sendPage(noReferrer(reply), ratingPage(pageContext(request), view, options));
    });

    app.post<{ Params: RatingTokenParams; Body: RatingFormBody }>('/r/:token', {
      schema: { params: RatingTokenParams, body: RatingFormBody },
    }, async (request, reply) => {
      const { token } = request.params;
      const meta: SubmissionMeta = { channel: 'link', submittedBy: 'link', ip: request.ip };
      const outcome = await submitRatingForm(db.kysely, ctx, { kind: 'token', token }, request.body, meta);
      return answer(request, noReferrer(reply), linkPath(token), outcome, linkOptions(request, token));
    });

    app.post<{ Params: RatingTokenParams; Body: CaseAnswerBody }>('/r/:token/answer', {
      schema: { params: RatingTokenParams, body: CaseAnswerBody },
    }, async (request, reply) => {
      const { token } = request.params;
      const outcome = await submitCaseAnswer(db.kysely, ctx, { kind: 'token', token }, actorOf(request), request.body);
      return answered(request, noReferrer(reply), linkPath(token), outcome, linkOptions(request, token));
    });

    const preHandler = requirePageRole('business');
    const portalOptions = (request: FastifyRequest<{ Params: DeclarationParams }>) => ({
      footer: html`<p><a href="/declarations">${pageContext(request).t.backToDeclarations}</a></p>`,
      answerAction: pageUrl(request, `${ratingHref(request.params.no)}/answer`),
    });

    app.get<{ Params: DeclarationParams; Querystring: RatingPageQuery }>('/declarations/:no/rate', {
      preHandler, schema: { params: DeclarationParams, querystring: RatingPageQuery },
    }, async (request, reply) => {
      const view = await ratingView(db.kysely, ctx, businessRater(request).rater);
      const options = {
        ...portalOptions(request), action: pageUrl(request, ratingHref(request.params.no)), saved: request.query.saved === '1', answered: answeredFlag(request),
      };
      return sendPage(reply, ratingPage(pageContext(request), view, options));
    });

    app.post<{ Params: DeclarationParams; Body: RatingFormBody }>('/declarations/:no/rate', {
      preHandler, schema: { params: DeclarationParams, body: RatingFormBody },
    }, async (request, reply) => {
      const { rater, userId } = businessRater(request);
      const meta: SubmissionMeta = { channel: 'portal', submittedBy: `user:${userId}`, ip: request.ip };
      const outcome = await submitRatingForm(db.kysely, ctx, rater, request.body, meta);
      return answer(request, reply, ratingHref(request.params.no), outcome, portalOptions(request));
    });

    app.post<{ Params: DeclarationParams; Body: CaseAnswerBody }>('/declarations/:no/rate/answer', {
      preHandler, schema: { params: DeclarationParams, body: CaseAnswerBody },
    }, async (request, reply) => {
      const outcome = await submitCaseAnswer(db.kysely, ctx, businessRater(request).rater, actorOf(request), request.body);
      return answered(request, reply, ratingHref(request.params.no), outcome, portalOptions(request));
    });
  };
}
