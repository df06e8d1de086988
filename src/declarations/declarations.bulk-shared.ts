import type { Evaluation } from '../db/schema.js';
import { BusinessOfficeDeltas } from '../partnership/business-offices.repository.js';
import { eligibleCountsOfNew } from '../stats/eligible-counts.js';
import { RollupDeltas, rolloutFingerprint, type DeclarationFacts, type EligibleCounts, type RolloutUnit } from '../stats/rollup-deltas.js';
import type { ValidDeclaration } from './declarations.schema.js';

// What the SQLite and PostgreSQL bulk writers share.

export type WriteOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Business ids by tax code, shared by the transactions of one import: most batches then skip the
 * business lookups. Ids learnt in a transaction join it only once that transaction has committed.
 */
export type BusinessIdCache = Map<string, number>;

/**
 * One transaction over one or several writes. The roll-up and business-office deltas of all its
 * writes are summed and applied once, at commit: a file import commits every few tens of thousands
 * of rows, so a roll-up row touched by many declarations is written once, not once per batch.
 */
export interface BulkSession {
  /** Rows written in the open transaction. */
  readonly pendingRows: number;
  /**
   * Writes rows in the open transaction (begun by the first write). `presummed`: their roll-up
   * contributions as new declarations, summed beforehand (by the import's worker thread).
   */
  write(rows: readonly ValidDeclaration[], presummed?: PresummedDeltas): Promise<void>;
  /**
   * Applies the deltas and commits. Returns the outcome of every row written since the last commit,
   * one array per write: final only now, as a transaction that had to be replayed (PostgreSQL, a
   * concurrent writer) may have found rows created meanwhile.
   */
  commit(options?: CommitOptions): Promise<WriteOutcome[][]>;
  /** Abandons the open transaction, if any. */
  rollback(): void | Promise<void>;
  /**
   * Sessions that keep their rows until commit (PostgreSQL): rolls the open transaction back, keeping
   * the rows, which the next write, commit or `resume` writes again in a new transaction.
   */
  restart?(): Promise<void>;
  /**
   * Sessions that keep their rows: writes again, in a new transaction, the rows a restart (or a
   * failed attempt) rolled back — so that a commit beside another session's writes has its rows
   * written already and only commits.
   */
  resume?(): Promise<void>;
}

export interface CommitOptions {
  /**
   * False when another session of the same writer has an open transaction: a commit that meets a
   * concurrent writer (or waits long for a lock) is then not written again here (its new attempt
   * could wait for rows the other session wrote meanwhile, while that session waits for this
   * commit), but rolled back, its rows kept, and a `BulkConflict` thrown. The caller restarts the
   * other session and commits again. The session's rows must be written already (`resume`).
   */
  alone?: boolean;
}

/** A commit rolled back by a conflict with a concurrent writer, its rows kept (`CommitOptions.alone`). */
export class BulkConflict extends Error {
  constructor(cause: unknown) {
    super('the transaction met a concurrent writer and was rolled back; commit it again', { cause });
  }
}

/** What one open transaction has accumulated. */
export class TransactionState {
  readonly deltas = new RollupDeltas();
  readonly offices = new BusinessOfficeDeltas();
  /** Business ids found or created in this transaction. */
  readonly learnt: BusinessIdCache = new Map();
  readonly rollout: string;

  constructor(readonly units: ReadonlyMap<number, RolloutUnit>, private readonly cache: BusinessIdCache, readonly now: number) {
    this.rollout = rolloutFingerprint(units);
  }

  businessId(taxCode: string): number | undefined {
    return this.cache.get(taxCode) ?? this.learnt.get(taxCode);
  }
}

export const declarationColumns =
  'kind, type_code, office_id, declarant_id, declarant_name, registered_at, registered_day, cleared_at, cleared_day, channel, content_hash';

/** What the roll-ups need of a stored declaration, to take back its old contribution on update. */
export interface StoredFacts {
  id: number;
  declaration_no: string;
  content_hash: string;
  cleared_day: string | null;
  kind: string;
  type_code: string | null;
  channel: number | null;
  office_id: number;
  declarant_id: number;
}
export const storedFactColumns = 'id, declaration_no, content_hash, cleared_day, kind, type_code, channel, office_id, declarant_id';
export type EvaluationOfFacts = Pick<Evaluation, 'overall' | 'rating_channel' | 'targets_json' | 'reasons_json'>;
export const evaluationFactColumns = 'overall, rating_channel, targets_json, reasons_json';

export function newFacts(row: ValidDeclaration): DeclarationFacts {
  return { clearedDay: row.clearedDay, kind: row.kind, typeCode: row.typeCode, channel: row.channel, officeId: row.officeId, handlers: row.handlers };
}

export function storedFacts(d: StoredFacts, handlers: readonly { officer_id: number; unit_id: number }[]): DeclarationFacts {
  return {
    clearedDay: d.cleared_day, kind: d.kind, typeCode: d.type_code, channel: d.channel, officeId: d.office_id,
    handlers: handlers.map((h) => ({ officerId: h.officer_id, unitId: h.unit_id })),
  };
}

export function valuesOf(row: ValidDeclaration, declarantId: number): unknown[] {
  return [row.kind, row.typeCode, row.officeId, declarantId, row.declarantName, row.registeredAt, row.registeredDay,
    row.clearedAt, row.clearedDay, row.channel, row.contentHash];
}

/**
 * What a batch of rows contributes to the roll-ups if every one of them is new, summed before the
 * write (on the import's worker thread, beside the writer's): the writer then adds
 * one count per roll-up row instead of two dozen per declaration.
 */
export interface PresummedDeltas {
  /** `rolloutFingerprint` of the units summed with. */
  rollout: string;
  /** Of the fine day rows (`RollupDeltas.eligibleCounts`). */
  eligible: EligibleCounts;
}

export function presumNewRows(rows: readonly ValidDeclaration[], units: ReadonlyMap<number, RolloutUnit>, rollout: string): PresummedDeltas {
  // A ValidDeclaration has every field of DeclarationFacts.
  const eligible = eligibleCountsOfNew(rows, units);
  if (eligible) return { rollout, eligible };
  const deltas = new RollupDeltas();
  for (const row of rows) deltas.add(newFacts(row), null, units, 1);
  return { rollout, eligible: deltas.eligibleCounts() };
}

/**
 * Adds the contributions of the rows written as new: the presummed ones when they were summed with
 * the transaction's units, less the rows that were not new after all (updated, unchanged); else
 * row by row.
 */
export function addCreatedDeltas(
  state: TransactionState, rows: readonly ValidDeclaration[], outcomes: readonly WriteOutcome[], presummed: PresummedDeltas | undefined,
): void {
  if (presummed?.rollout === state.rollout) {
    state.deltas.addEligibleCounts(presummed.eligible);
    rows.forEach((row, i) => outcomes[i] !== 'created' && state.deltas.add(newFacts(row), null, state.units, -1));
  } else {
    rows.forEach((row, i) => outcomes[i] === 'created' && state.deltas.add(newFacts(row), null, state.units, 1));
  }
}
