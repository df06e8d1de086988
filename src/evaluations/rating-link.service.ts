import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import { readSettings, settingDefaultsOf } from '../settings/settings.js';
import { findDeclarationForRating, type RatingDeclaration } from './evaluations.repository.js';
import type { RatingLink } from './evaluations.schema.js';
import { resolveRatedDeclaration, windowClosesAt, type EvaluationContext } from './evaluations.service.js';
import { ratingToken, ratingUrl } from './rating-token.js';

export interface LinkContext extends EvaluationContext {
  publicUrl: string;
}

/** The token and URL of a declaration, as the feed API returns them for each written item. */
export function tokenAndUrl(ctx: LinkContext, declarationNo: string, taxCode: string): { ratingToken: string; ratingUrl: string } {
  const token = ratingToken(ctx.secretKey, declarationNo, taxCode);
  return { ratingToken: token, ratingUrl: ratingUrl(ctx.publicUrl, token) };
}

export async function ratingWindowDays(db: Kysely<Database>, ctx: EvaluationContext): Promise<number> {
  return (await readSettings(db, settingDefaultsOf(ctx))).rating_window_days;
}

async function linkOf(db: Kysely<Database>, ctx: LinkContext, declaration: RatingDeclaration): Promise<RatingLink> {
  const { ratingToken: token, ratingUrl: url } = tokenAndUrl(ctx, declaration.declaration_no, declaration.tax_code);
  const closes = windowClosesAt(declaration, await ratingWindowDays(db, ctx));
  return { token, url, qrSvgUrl: `${url}/qr.svg`, expiresAt: closes === null ? null : new Date(closes).toISOString() };
}

/** For an API client (businessIds null) or a business session (only its own declarations). */
export async function ratingLinkFor(
  db: Kysely<Database>, ctx: LinkContext, declarationNo: string, businessIds: readonly number[] | null,
): Promise<RatingLink> {
  const declaration = await findDeclarationForRating(db, declarationNo);
  if (!declaration || (businessIds !== null && !businessIds.includes(declaration.declarant_id))) {
    throw new AppError('declaration_not_found', { value: declarationNo });
  }
  return linkOf(db, ctx, declaration);
}

export async function ratingLinkOfToken(db: Kysely<Database>, ctx: LinkContext, token: string): Promise<RatingLink> {
  return linkOf(db, ctx, await resolveRatedDeclaration(db, ctx.secretKey, { kind: 'token', token }));
}
