import { hmac, safeEqual } from '../auth/tokens.js';

/**
 * A rating token proves "I am the declarant of this declaration": the declaration number (base64url)
 * and an HMAC over the number and the declarant's tax code, under a key derived from SECRET_KEY.
 * 128 bits of MAC make it unguessable; a token made for one declaration, or for a declarant the
 * declaration no longer has, does not verify. Its validity in time (the rating window) is checked
 * against the declaration's clearance when it is used, so it needs no storage.
 */
const macLength = 22; // base64url characters = 132 bits

function mac(secret: string, declarationNo: string, taxCode: string): string {
  return hmac(secret, `rating-token\n${declarationNo}\n${taxCode}`).slice(0, macLength);
}

export function ratingToken(secret: string, declarationNo: string, taxCode: string): string {
  return `${Buffer.from(declarationNo).toString('base64url')}.${mac(secret, declarationNo, taxCode)}`;
}

/** The declaration number a token claims, or null when it is not even shaped like a token. */
export function declarationNoOfToken(token: string): string | null {
  const match = /^([A-Za-z0-9_-]{1,48})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!match) return null;
  const declarationNo = Buffer.from(match[1]!, 'base64url').toString();
  return /^[A-Z0-9/-]{1,30}$/.test(declarationNo) ? declarationNo : null;
}

export function tokenMatches(secret: string, token: string, declarationNo: string, taxCode: string): boolean {
  return safeEqual(token, ratingToken(secret, declarationNo, taxCode));
}

export function ratingUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/r/${token}`;
}
