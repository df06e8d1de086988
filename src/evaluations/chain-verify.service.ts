import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { chainCount, chainOf, genesisHash, versionHash } from './evaluation-chain.js';
import {
  chainVersionPage, currentEvaluationPage, findDeclarationNo, findLatestChainVerification, firstVersionAheadOfCurrent,
  readChainHead, saveChainVerification, type ChainVersionRow, type CurrentEvaluationRow,
} from './chain-verify.repository.js';

export type ChainProblemKind = 'altered' | 'inserted' | 'deleted' | 'current_mismatch';

/** Where the chain first fails: its chain and position (the declaration's latest, for a current row). */
export interface ChainProblem {
  kind: ChainProblemKind;
  chain: number;
  seq: number;
  declarationNo?: string;
  versionId?: number;
  detail: string;
}

export interface ChainVerification {
  ok: boolean;
  /** Evaluation versions checked, revisions included (up to the first problem, if any). */
  records: number;
  problem: ChainProblem | null;
}

/** A problem before its declaration number is looked up. */
type Found = Omit<ChainProblem, 'declarationNo'> & { declarationId?: number };

export const verifyPageSize = 5_000;

/**
 * Walks one chain in position order and stops at its first problem. A record whose content does
 * not match its HMAC is judged by its successor (the next record, or the head after the last):
 * a successor still chained to it means the record was altered in place; a successor chained to
 * the record before it means the record was slipped in.
 */
class ChainWalker {
  records = 0;
  problem: Found | undefined;
  private lastSeq = 0;
  private lastHash = genesisHash;
  private suspect: ChainVersionRow | undefined;

  constructor(private readonly secret: string, private readonly chain: number) {}

  push(row: ChainVersionRow, headSeq: number): void {
    if (this.suspect) return this.judge(row.prev_hash);
    this.records++;
    const expected = this.lastSeq + 1;
    if (row.chain_seq > expected && expected <= headSeq) {
      const lastMissing = Math.min(row.chain_seq - 1, headSeq);
      return this.found('deleted', expected, undefined, `position ${expected}${lastMissing > expected ? `–${lastMissing}` : ''} is missing`);
    }
    if (row.chain_seq > headSeq) return this.found('inserted', row.chain_seq, row, `the record lies beyond the chain head (position ${headSeq})`);
    const linked = row.prev_hash === this.lastHash;
    const genuine = versionHash(this.secret, row) === row.hash;
    if (linked && genuine) {
      this.lastSeq = row.chain_seq;
      this.lastHash = row.hash;
    } else if (genuine) {
      this.found('inserted', row.chain_seq, row, 'the record is not chained to the record before it');
    } else {
      this.suspect = row;
    }
  }

  end(head: { seq: number; hash: string }): void {
    if (this.suspect) return this.judge(head.seq === this.suspect.chain_seq ? head.hash : undefined);
    const next = this.lastSeq + 1;
    if (head.seq > this.lastSeq) {
      this.found('deleted', next, undefined, `position ${next}${head.seq > next ? `–${head.seq}` : ''} is missing at the end (the chain head is at ${head.seq})`);
    } else if (head.hash !== this.lastHash) {
      this.found('deleted', next, undefined, 'the chain head names a later record that is missing');
    }
  }

  private judge(nextPrevHash: string | undefined): void {
    const row = this.suspect!;
    if (nextPrevHash === this.lastHash && row.hash !== this.lastHash) {
      this.found('inserted', row.chain_seq, row, 'the next record is chained past it, to the record before it');
    } else {
      this.found('altered', row.chain_seq, row, 'the record no longer matches its hash');
    }
  }

  private found(kind: ChainProblemKind, seq: number, row: ChainVersionRow | undefined, detail: string): void {
    this.problem = { kind, chain: this.chain, seq, detail, ...(row ? { versionId: row.id, declarationId: row.declaration_id } : {}) };
  }
}

/**
 * Walks one chain in keyset pages (memory stays flat). Writers keep appending meanwhile, so a
 * record beyond the head, or a head beyond the last record, is only believed after the head has
 * been read again.
 */
async function walkChain(db: Kysely<Database>, secret: string, chain: number, pageSize: number): Promise<ChainWalker> {
  const walker = new ChainWalker(secret, chain);
  let head = await readChainHead(db, chain);
  let after = 0;
  for (;;) {
    const page = await chainVersionPage(db, chain, after, pageSize);
    if (page.length === 0) {
      const fresh = await readChainHead(db, chain);
      if (fresh.seq === head.seq && fresh.hash === head.hash) break;
      head = fresh;
      continue;
    }
    for (const row of page) {
      if (row.chain_seq > head.seq) head = await readChainHead(db, chain);
      walker.push(row, head.seq);
      if (walker.problem) return walker;
    }
    after = page.at(-1)!.chain_seq;
  }
  walker.end(head);
  return walker;
}

const comparedFields = ['business_id', 'overall', 'targets_json', 'reasons_json', 'comment', 'rating_channel', 'submitted_at'] as const;

function currentMismatch(row: CurrentEvaluationRow): Found | undefined {
  const at = { kind: 'current_mismatch' as const, chain: chainOf(row.declaration_id), declarationId: row.declaration_id };
  if (row.v_id === null) return { ...at, seq: 0, detail: `the current evaluation is version ${row.version}, which does not exist` };
  const differing = comparedFields.filter((field) => row[field] !== row[`v_${field}`]);
  if (differing.length === 0) return undefined;
  return { ...at, seq: row.v_chain_seq!, versionId: row.v_id, detail: `the current evaluation differs from version ${row.version} in ${differing.join(', ')}` };
}

const earlier = (a: Found, b: Found | undefined): boolean => !b || a.chain < b.chain || (a.chain === b.chain && a.seq < b.seq);

/**
 * Every current evaluation must equal the version of its number, and no version may be newer than
 * it (nor exist without it): together, the current evaluation is the latest version.
 */
async function checkCurrentEvaluations(db: Kysely<Database>, pageSize: number): Promise<Found | undefined> {
  let first: Found | undefined;
  for (let after = 0; ;) {
    const page = await currentEvaluationPage(db, after, pageSize);
    for (const row of page) {
      const mismatch = currentMismatch(row);
      if (mismatch && earlier(mismatch, first)) first = mismatch;
    }
    if (page.length < pageSize) break;
    after = page.at(-1)!.declaration_id;
  }
  const ahead = await firstVersionAheadOfCurrent(db);
  const stale: Found | undefined = ahead && {
    kind: 'current_mismatch', chain: ahead.chain, seq: ahead.chain_seq, versionId: ahead.id, declarationId: ahead.declaration_id,
    detail: ahead.current_version === null
      ? 'the declaration has versions but no current evaluation'
      : `the current evaluation is version ${ahead.current_version} but version ${ahead.version} exists`,
  };
  return stale && earlier(stale, first) ? stale : first;
}

/**
 * Recomputes the 16 chains and reports the first problem: the lowest chain, then the lowest
 * position. The current evaluations are compared with the versions only once the chain holds,
 * as a broken chain can no longer vouch for them. Every run is recorded for the dashboard.
 */
export async function verifyChains(db: Kysely<Database>, secret: string, now = Date.now(), pageSize = verifyPageSize): Promise<ChainVerification> {
  let records = 0;
  let found: Found | undefined;
  for (let chain = 0; chain < chainCount && !found; chain++) {
    const walker = await walkChain(db, secret, chain, pageSize);
    records += walker.records;
    found = walker.problem;
  }
  found ??= await checkCurrentEvaluations(db, pageSize);
  const problem = found ? await describe(db, found) : null;
  await saveChainVerification(db, { at: now, ok: !problem, records, problem: problem && JSON.stringify(problem) });
  return { ok: !problem, records, problem };
}

async function describe(db: Kysely<Database>, { declarationId, ...problem }: Found): Promise<ChainProblem> {
  const declarationNo = declarationId === undefined ? undefined : await findDeclarationNo(db, declarationId);
  return declarationNo === undefined ? problem : { ...problem, declarationNo };
}

export interface LatestVerification extends ChainVerification {
  at: number;
}

/** The last recorded verification (the dashboard shows when and whether the chain held), if any. */
export async function latestVerification(db: Kysely<Database>): Promise<LatestVerification | undefined> {
  const row = await findLatestChainVerification(db);
  if (!row) return undefined;
  return { at: row.at, ok: row.ok === 1, records: row.records, problem: row.problem === null ? null : JSON.parse(row.problem) as ChainProblem };
}
