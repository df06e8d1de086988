import type { FastifyRequest } from 'fastify';
import type { Lang } from '../errors.js';

/** The reader's language: `?lang=`, then the `lang` cookie, then Accept-Language; Vietnamese first. */
export function requestLang(request: FastifyRequest): Lang {
  const query = (request.query as Record<string, unknown> | undefined)?.lang;
  if (query === 'vi' || query === 'en') return query;
  const cookie = /(?:^|;\s*)lang=(vi|en)\b/.exec(request.headers.cookie ?? '')?.[1];
  if (cookie === 'vi' || cookie === 'en') return cookie;
  const accept = request.headers['accept-language'] ?? '';
  const first = /^\s*([a-z]{2})/i.exec(accept)?.[1]?.toLowerCase();
  return first === 'en' ? 'en' : 'vi';
}
