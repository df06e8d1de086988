import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Mailer } from '../mail/mailer.js';
import { anyDueDelivery, claimDueDeliveries, recordAttempt, webhookTargets, type AttemptRecord, type OutboxRow } from './outbox-delivery.repository.js';
import { signatureHeader, signWebhookBody, webhookSigningKey } from './webhook-signature.js';

/**
 * Delivers the outbox from the scheduler, never from a request: e-mails through the Mailer,
 * webhooks by HTTP POST of the stored JSON body, signed with the vendor's derived key. Delivery is
 * at least once: a receiver that answered too late, or a mail server that accepted a message after
 * the timeout, may see it again on the retry — webhook receivers deduplicate on X-Hailong-Delivery.
 */
const minute = 60_000;
const hour = 60 * minute;

export const deliveryPolicy = {
  /** Attempts in all; after the last failure the row is `failed`. */
  maxAttempts: 8,
  /** The wait after the 1st, 2nd, … failure (the last entry repeats). */
  backoffMs: [1 * minute, 5 * minute, 30 * minute, 2 * hour, 12 * hour, 24 * hour],
  /** One e-mail or one HTTP call, response body included. */
  timeoutMs: 10_000,
  /** Rows claimed and delivered together; a claim lasts far longer than a batch can take. */
  batchSize: 10,
  leaseMs: 5 * minute,
  /** Rows per run at most, so one tick of the scheduler stays short. */
  maxPerRun: 200,
} as const;

/** The wait before the next attempt after `attempts` failed ones, or null when it is time to give up. */
export function retryDelayAfter(attempts: number, policy: Pick<typeof deliveryPolicy, 'maxAttempts' | 'backoffMs'> = deliveryPolicy): number | null {
  if (attempts >= policy.maxAttempts) return null;
  return policy.backoffMs[Math.min(attempts, policy.backoffMs.length) - 1] ?? null;
}

export interface DeliveryOptions {
  mailer: Mailer;
  /** The server's SECRET_KEY, from which each vendor's signing key is derived. */
  secretKey: string;
  now?: number;
  fetch?: typeof fetch;
  timeoutMs?: number;
  batchSize?: number;
  maxPerRun?: number;
}

export interface DeliveryRun {
  sent: number;
  /** Failed this time, to be tried again after the backoff. */
  retrying: number;
  /** Failed for good (attempts exhausted, or the endpoint disabled). */
  failed: number;
}

interface Outcome extends AttemptRecord {
  /** No retry can succeed (the endpoint is disabled or its client revoked). */
  final?: boolean;
}

const maxErrorLength = 1000;

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `timed out after ${timeoutMs} ms`;
  const message = error instanceof Error ? error.message : String(error);
  // fetch reports "fetch failed" and keeps the reason (ECONNREFUSED, a reset socket…) as its cause.
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return message + cause;
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

type Target = Awaited<ReturnType<typeof webhookTargets>>[number];

async function postWebhook(row: OutboxRow, target: Target | undefined, options: Required<Pick<DeliveryOptions, 'secretKey' | 'fetch' | 'timeoutMs'>>): Promise<Outcome> {
  if (!target || target.disabled_at !== null || target.revoked_at !== null) {
    return { ok: false, statusCode: null, error: 'webhook endpoint disabled or its API client revoked', final: true };
  }
  const signal = AbortSignal.timeout(options.timeoutMs);
  const response = await options.fetch(row.target, {
    method: 'POST', body: row.body, redirect: 'manual', signal,
    headers: {
      'Content-Type': 'application/json', 'User-Agent': 'hailong-webhooks', 'X-Hailong-Event': row.event, 'X-Hailong-Delivery': String(row.id),
      [signatureHeader]: signWebhookBody(webhookSigningKey(options.secretKey, target.api_client_id), row.body),
    },
  });
  const text = await response.text();
  if (response.status >= 200 && response.status < 300) return { ok: true, statusCode: response.status, error: null };
  return { ok: false, statusCode: response.status, error: `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}` };
}

async function attempt(row: OutboxRow, targets: Map<number, Target>, options: Required<Pick<DeliveryOptions, 'mailer' | 'secretKey' | 'fetch' | 'timeoutMs'>>): Promise<Outcome> {
  try {
    if (row.channel === 'email') {
      await withTimeout(options.mailer.send({ to: row.target, subject: row.subject ?? row.event, text: row.body }), options.timeoutMs);
      return { ok: true, statusCode: null, error: null };
    }
    return await postWebhook(row, row.webhook_endpoint_id === null ? undefined : targets.get(row.webhook_endpoint_id), options);
  } catch (error) {
    return { ok: false, statusCode: null, error: describe(error, options.timeoutMs).slice(0, maxErrorLength) };
  }
}

/** What becomes of a row after an attempt made at `now`. */
function nextState(row: OutboxRow, outcome: Outcome, now: number) {
  const attempts = row.attempts + 1;
  if (outcome.ok) return { status: 'sent' as const, attempts, next_attempt_at: row.next_attempt_at, last_error: null, sent_at: now };
  const delay = outcome.final ? null : retryDelayAfter(attempts);
  return delay === null
    ? { status: 'failed' as const, attempts, next_attempt_at: row.next_attempt_at, last_error: outcome.error, sent_at: null }
    : { status: 'pending' as const, attempts, next_attempt_at: now + delay, last_error: outcome.error, sent_at: null };
}

/**
 * One run of the worker: claims due rows batch by batch and delivers each batch concurrently, every
 * attempt logged in outbox_attempts. Safe with several workers at once (each row is claimed by one).
 */
export async function deliverOutbox(db: Kysely<Database>, options: DeliveryOptions): Promise<DeliveryRun> {
  const now = options.now ?? Date.now();
  const settings = { mailer: options.mailer, secretKey: options.secretKey, fetch: options.fetch ?? fetch, timeoutMs: options.timeoutMs ?? deliveryPolicy.timeoutMs };
  const batchSize = options.batchSize ?? deliveryPolicy.batchSize;
  const maxPerRun = options.maxPerRun ?? deliveryPolicy.maxPerRun;
  const run: DeliveryRun = { sent: 0, retrying: 0, failed: 0 };
  // On PostgreSQL two workers' claims may pick the same rows; the one that waited gets none of them
  // although others are still due: it claims again (a few times) rather than end its run early.
  for (let done = 0, emptyClaims = 0; done < maxPerRun;) {
    const claimedUntil = now + deliveryPolicy.leaseMs;
    const rows = await claimDueDeliveries(db, now, claimedUntil, Math.min(batchSize, maxPerRun - done));
    if (rows.length === 0) {
      if (++emptyClaims > 10 || !(await anyDueDelivery(db, now))) break;
      continue;
    }
    emptyClaims = 0;
    done += rows.length;
    const endpointIds = rows.flatMap((r) => (r.webhook_endpoint_id === null ? [] : [r.webhook_endpoint_id]));
    const targets = new Map((await webhookTargets(db, endpointIds)).map((t) => [t.id, t]));
    const settled = await Promise.allSettled(rows.map(async (row) => {
      const outcome = await attempt(row, targets, settings);
      const next = nextState(row, outcome, now);
      if (await recordAttempt(db, row.id, claimedUntil, now, outcome, next)) run[next.status === 'sent' ? 'sent' : next.status === 'failed' ? 'failed' : 'retrying']++;
    }));
    const failure = settled.find((s) => s.status === 'rejected');
    if (failure) throw failure.reason;
  }
  return run;
}
