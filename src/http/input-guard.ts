import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

const maxDepth = 32;

/** Text holding a NUL or an unpaired UTF-16 surrogate. */
export function unstorableText(text: string): boolean {
  // The engine's own check of surrogates: twice as fast as a pattern (the import runs it on every field).
  return text.includes('\0') || !(text as string & { isWellFormed(): boolean }).isWellFormed();
}

/**
 * What a schema lets through but no database stores: a NUL character (PostgreSQL refuses it in
 * text), an unpaired UTF-16 surrogate (stored as U+FFFD, so a hash made of the text as received no
 * longer matches what is kept), and numbers that are not finite or not exact (Ajv coerces "Infinity"
 * and "1e400" into numbers that pass an integer schema and its bounds; ids beyond 2^53 − 1 lose
 * their value and overflow a BIGINT). Returns the path of the first such value, with its error.
 */
export function unstorableValue(value: unknown, path: string, depth = 0): AppError | null {
  // No form or API of ours nests deeper; a body that does (JSON.parse takes thousands of levels) would overflow the walk.
  if (depth > maxDepth) return new AppError('validation_failed', { detail: `${path} is nested more than ${maxDepth} levels deep` });
  if (typeof value === 'string') return unstorableText(value) ? new AppError('invalid_text', { field: path }) : null;
  if (typeof value === 'number') {
    return Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? null : new AppError('number_out_of_range', { field: path });
  }
  if (ArrayBuffer.isView(value)) return null; // an uploaded file's bytes
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = unstorableValue(item, `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = unstorableValue(key, path) ?? unstorableValue(item, path ? `${path}.${key}` : key, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The body's items are checked one by one by the route (the feed: a bad item never rejects the others). */
    itemsCheckedAlone?: boolean;
  }
}

/**
 * Refuses a request whose path, query or body (JSON or form) holds an unstorable value, after the
 * schemas have coerced them and before any route code runs. Multipart fields are checked by the
 * database's answer (error-handler.ts).
 */
export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (request: FastifyRequest) => {
    const parts: [string, unknown][] = [['params', request.params], ['query', request.query]];
    if (!request.routeOptions.config.itemsCheckedAlone) parts.push(['body', request.body]);
    for (const [, value] of parts) {
      const found = unstorableValue(value, '');
      if (found) throw found;
    }
  });
}
