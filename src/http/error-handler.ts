import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from '../errors.js';

/** Renders an error as a page for browsers; set by the web layer. */
export type ErrorPageRenderer = (request: FastifyRequest, error: AppError) => string;

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
};

/** PostgreSQL's refusals of a value: NUL in text (22021), a number out of a column's range or not a number (22003, 22P02). */
const storageCodes: Record<string, ErrorCode> = { 22021: 'invalid_text', 22003: 'number_out_of_range', '22P02': 'number_out_of_range' };

/** A malformed multipart body, as busboy (under @fastify/multipart) reports it: without a status. */
function isMultipartError(error: Error): boolean {
  return /^(Multipart: |Unexpected end of (multipart|form)|Malformed (part header|urlencoded form))/.test(error.message);
}

/** Maps anything thrown into a catalogue error; unknown errors become internal_error (500). */
export function toAppError(error: FastifyError | Error, requestId: string): AppError {
  if (error instanceof AppError) return error;
  const fe = error as FastifyError;
  if (fe.validation) {
    const detail = fe.validation.map((v) => `${v.instancePath || fe.validationContext || ''} ${v.message ?? ''}`.trim()).join('; ');
    return new AppError('validation_failed', { detail });
  }
  const mapped = fe.code ? fastifyCodes[fe.code] : undefined;
  if (mapped) return new AppError(mapped);
  // What the input guard cannot see (multipart fields) and PostgreSQL refuses to store: the statement
  // failed, its transaction rolled back; the value was the client's.
  const stored = fe.code ? storageCodes[fe.code] : undefined;
  if (stored) return new AppError(stored, { field: '' });
  if (isMultipartError(error)) return new AppError('invalid_multipart');
  if (error instanceof SyntaxError && fe.statusCode === 400) return new AppError('invalid_json');
  if (fe.statusCode === 405) return new AppError('method_not_allowed');
  if (fe.statusCode === 429) return new AppError('rate_limited');
  if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError('validation_failed', { detail: error.message });
  }
  return new AppError('internal_error', { requestId });
}

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || !(request.headers.accept ?? '').includes('text/html');
}

/** Answers an error as JSON or, for a browser, as a page. */
function send(request: FastifyRequest, reply: FastifyReply, error: AppError, renderPage?: ErrorPageRenderer) {
  reply.status(error.status);
  if (!wantsJson(request) && renderPage) {
    return reply.type('text/html; charset=utf-8').send(renderPage(request, error));
  }
  return reply.type('application/json; charset=utf-8').send(error.toJSON(request.id));
}

/** Anything thrown, answered with its catalogue code; an unexpected error is logged with the request id. */
function answer(error: FastifyError, request: FastifyRequest, reply: FastifyReply, renderPage?: ErrorPageRenderer) {
  const appError = toAppError(error, request.id);
  if (appError.code === 'internal_error') request.log.error({ err: error, requestId: request.id }, 'unexpected error');
  return send(request, reply, appError, renderPage);
}

/**
 * Fastify's `frameworkErrors` option: errors raised before a route is found (a URL whose
 * percent-escapes do not decode) are answered like any other.
 */
export function frameworkErrorHandler(renderPage?: ErrorPageRenderer) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    void answer(error, request, reply, renderPage);
  };
}

/**
 * Answers every error with a catalogue code. Call before registering routes: it also removes
 * Fastify's built-in text/plain parser, so that — bodies being read only as JSON or forms — a
 * plain-text body is refused as 415 unsupported_media_type (FST_ERR_CTP_INVALID_MEDIA_TYPE) like
 * any other unread type, instead of reaching a route as a string that fails validation with a 400.
 */
export function installErrorHandling(app: FastifyInstance, renderPage?: ErrorPageRenderer): void {
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((error: FastifyError, request, reply) => answer(error, request, reply, renderPage));
  app.setNotFoundHandler((request, reply) => send(request, reply, new AppError('not_found'), renderPage));
}
