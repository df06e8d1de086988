import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures. No secret is stored per vendor: the signing key of API client N is derived
 * from the server's SECRET_KEY as hex(HMAC-SHA256(SECRET_KEY, "webhook:N")), shown to the admin
 * who registers the vendor's endpoint. Each delivery carries
 * `X-Hailong-Signature: sha256=<hex(HMAC-SHA256(signing key as ASCII text, raw body bytes))>`.
 * Changing SECRET_KEY changes every signing key (vendors must be given the new one).
 */
export const signatureHeader = 'X-Hailong-Signature';
const scheme = 'sha256=';

export function webhookSigningKey(secretKey: string, apiClientId: number): string {
  return createHmac('sha256', secretKey).update(`webhook:${apiClientId}`).digest('hex');
}

/** The header value for a body: `sha256=` and 64 lowercase hex digits. */
export function signWebhookBody(signingKey: string, body: string | Buffer): string {
  return scheme + createHmac('sha256', signingKey).update(body).digest('hex');
}

/** Whether a received header signs this exact body under the key (constant-time comparison). */
export function verifyWebhookSignature(signingKey: string, body: string | Buffer, header: string | undefined): boolean {
  if (header === undefined || !/^sha256=[0-9a-fA-F]{64}$/.test(header)) return false;
  const expected = Buffer.from(signWebhookBody(signingKey, body).slice(scheme.length), 'hex');
  const actual = Buffer.from(header.slice(scheme.length), 'hex');
  return timingSafeEqual(expected, actual);
}
