import type { Evaluation } from '../db/schema.js';
import { BusinessOfficeDeltas, OfficeCounts } from '../partnership/business-offices.repository.js';
import { NewDeclarationSums, type SummedRollupRows } from '../stats/eligible-counts.js';
import { RollupDeltas, rolloutFingerprint, type DeclarationFacts, type RolloutUnit } from '../stats/rollup-deltas.js';
import type { ValidDeclaration } from './declarations.schema.js';
import { unpacked, type DeclarationRows } from './packed-declarations.js';

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
   * Writes rows in the open transaction (begun by the first write). `summed`: their contributions
   * as new declarations are counted by window sums (see `Summed`). Packed rows come from a file
   * import's worker thread, which rejected every number repeated in the file: no two packed writes
   * of a session share a number.
   */
  write(rows: DeclarationRows, summed?: Summed): Promise<void>;
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
  /** Window sums of the transaction's covered writes (`summedWrite`), applied at commit. */
  readonly sums: SummedRollupRows[] = [];
  /** Business counts of the window sums, by tax code, less the covered rows not written as new. */
  readonly summedOffices = new OfficeCounts<string>();
  /** A covered write came without sums, which a later write of the transaction must bring. */
  awaitingSums = false;

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
 * What a window of a file import's rows adds as new declarations — to the roll-ups and to the
 * business-office counts — summed beforehand, on the import's worker thread beside the writer. The
 * writer then writes each row's facts, and the sums once, at commit, as rows ready to upsert: the
 * main thread (the import's bottleneck) never sums a row's ~7 roll-up subjects nor merges them.
 */
export interface WindowSums {
  /** `rolloutFingerprint` of the units summed with. */
  rollout: string;
  rollups: SummedRollupRows;
  /** Declarations by declarant tax code and office (`taxCodes[i]`, `officeIds[i]`: `counts[i]`). */
  offices: { taxCodes: string[]; officeIds: number[]; counts: number[] };
}

/**
 * How a write's rows are counted: as new declarations, in window sums made with the roll-out
 * `rollout` — the `sums` of this write or of a later one in the same transaction. When the
 * transaction's units have another roll-out, the sums do not apply and the rows count one by one.
 */
export interface Summed {
  rollout: string;
  sums?: WindowSums;
}

/** Sums a window of rows as new declarations (the worker's side of `Summed`). */
export class WindowSummer {
  private rollups: NewDeclarationSums;
  private offices = new OfficeCounts<string>();
  /** Rows summed since the last `take`. */
  rows = 0;

  constructor(private readonly units: ReadonlyMap<number, RolloutUnit>, private readonly rollout: string) {
    this.rollups = new NewDeclarationSums(units);
  }

  add(row: ValidDeclaration): void {
    this.rows++;
    this.rollups.add(row); // a ValidDeclaration has every field of DeclarationFacts
    this.offices.add(row.declarantTaxCode, row.officeId, 1);
  }

  /** The sums since the last `take`, and a new window. */
  take(): WindowSums {
    const offices: WindowSums['offices'] = { taxCodes: [], officeIds: [], counts: [] };
    for (const [taxCode, officeId, n] of this.offices.rows()) {
      offices.taxCodes.push(taxCode);
      offices.officeIds.push(officeId);
      offices.counts.push(n);
    }
    const sums = { rollout: this.rollout, rollups: this.rollups.rows(), offices };
    this.rollups = new NewDeclarationSums(this.units);
    this.offices = new OfficeCounts();
    this.rows = 0;
    return sums;
  }
}

/**
 * Starts a write in the transaction: true when its rows are counted by window sums (`Summed`), so
 * that the writer leaves out what its new rows add.
 */
export function summedWrite(state: TransactionState, summed: Summed | undefined): boolean {
  const covered = isCovered(state, summed);
  if (covered) state.awaitingSums = summed!.sums === undefined;
  return covered;
}

/** True when a write's rows are counted by window sums that apply in the transaction (`Summed`). */
export function isCovered(state: TransactionState, summed: Summed | undefined): boolean {
  return summed !== undefined && summed.rollout === state.rollout;
}

/**
 * After a write: what its rows add to the roll-ups. Uncovered (not `summedWrite`): the new rows',
 * one by one. Covered: the sums (when this write brings them), less what the sums counted of the rows
 * that were not new after all (updated, unchanged) — roll-ups, and business counts by tax code.
 */
export function addWriteDeltas(
  state: TransactionState, written: DeclarationRows, outcomes: readonly WriteOutcome[], covered: boolean, summed: Summed | undefined,
): void {
  if (!covered) {
    unpacked(written).forEach((row, i) => outcomes[i] === 'created' && state.deltas.add(newFacts(row), null, state.units, 1));
    return;
  }
  // Packed rows all created (the usual case of an import) are not unpacked.
  const rows = outcomes.every((o) => o === 'created') ? [] : unpacked(written);
  rows.forEach((row, i) => {
    if (outcomes[i] === 'created') return;
    state.deltas.add(newFacts(row), null, state.units, -1);
    state.summedOffices.add(row.declarantTaxCode, row.officeId, -1);
  });
  if (!summed?.sums) return;
  state.sums.push(summed.sums.rollups);
  const { taxCodes, officeIds, counts } = summed.sums.offices;
  taxCodes.forEach((taxCode, i) => state.summedOffices.add(taxCode, officeIds[i]!, counts[i]!));
}

/**
 * At commit: the business counts of the window sums (by tax code) join the transaction's (by id).
 * Every declarant counted there has its id: its rows were written (created or updated) in this
 * transaction; the rows that were not written cancel out.
 */
export function resolveSummedOffices(state: TransactionState): void {
  if (state.awaitingSums) throw new Error('a write counted by window sums, but no sums came in its transaction');
  for (const [taxCode, officeId, n] of state.summedOffices.rows()) {
    const id = state.businessId(taxCode);
    if (id === undefined) throw new Error(`window sums count declarations of ${taxCode}, which no write of the transaction resolved`);
    state.offices.add(id, officeId, n);
  }
}
