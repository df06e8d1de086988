import { createHmac } from 'node:crypto';

/**
 * Tamper evidence: every evaluation version carries the hash of the previous version of its chain
 * (16 chains, by declaration id) and its own HMAC-SHA256 over its content and that previous hash,
 * under a key derived from SECRET_KEY — so whoever alters the database without the key cannot
 * re-forge the chain. `hailong verify` recomputes every chain.
 */
export const chainCount = 16;
export const genesisHash = '0'.repeat(64);

export interface ChainedFields {
  declaration_id: number;
  version: number;
  business_id: number;
  overall: number;
  targets_json: string;
  reasons_json: string;
  comment: string | null;
  rating_channel: string;
  submitted_at: number;
  submitted_by: string;
  chain: number;
  chain_seq: number;
  prev_hash: string;
}

export function chainOf(declarationId: number): number {
  return declarationId % chainCount;
}

const keys = new Map<string, Buffer>();

/** The chain's key, derived from SECRET_KEY once per process. */
function chainKey(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = createHmac('sha256', secret).update('evaluation-chain').digest();
    keys.set(secret, key);
  }
  return key;
}

export function versionHash(secret: string, v: ChainedFields): string {
  const content = JSON.stringify([
    v.declaration_id, v.version, v.business_id, v.overall, v.targets_json, v.reasons_json, v.comment, v.rating_channel,
    v.submitted_at, v.submitted_by, v.chain, v.chain_seq, v.prev_hash,
  ]);
  return createHmac('sha256', chainKey(secret)).update(content).digest('hex');
}
