import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { holdConnection } from '../db/database.js';
import { truncateLongWal } from '../db/wal-checkpointer.js';
import type { Database } from '../db/schema.js';
import { caseDimensionsUpdate } from '../cases/cases.repository.js';
import { evaluationFacts } from '../evaluations/evaluations.service.js';
import { applyBusinessOfficesSqlite } from '../partnership/business-offices.repository.js';
import type { RolloutUnit } from '../stats/rollup-deltas.js';
import { applyRollupsSqlite } from '../stats/rollups.repository.js';
import {
  addWriteDeltas, declarationColumns, evaluationFactColumns, newFacts, resolveSummedOffices, storedFactColumns, storedFacts, summedWrite,
  TransactionState, valuesOf, type BulkSession, type BusinessIdCache, type EvaluationOfFacts, type StoredFacts, type Summed, type WriteOutcome,
} from './declarations.bulk-shared.js';
import type { ValidDeclaration } from './declarations.schema.js';
import { compareContent } from './content-hash.js';
import { unpacked, type DeclarationRows } from './packed-declarations.js';

// SQLite: prepared statements in a loop, inside the session's transaction (one writer at a time:
// `begin immediate` takes the write lock, so nothing another process writes can conflict).

interface SqliteStatements {
  findBusiness: SQLite.Statement<[string], { id: number }>;
  insertBusiness: SQLite.Statement<[string, string, number, number]>;
  findDeclaration: SQLite.Statement<[string], StoredFacts>;
  findHandlers: SQLite.Statement<[number], { officer_id: number; unit_id: number }>;
  findEvaluation: SQLite.Statement<[number], EvaluationOfFacts>;
  insertDeclaration: SQLite.Statement<unknown[]>;
  updateDeclaration: SQLite.Statement<unknown[]>;
  setContentHash: SQLite.Statement<[string, number]>;
  deleteHandlers: SQLite.Statement<[number]>;
  updateCaseDimensions: SQLite.Statement<[number]>;
  insertHandler: SQLite.Statement<[number, number, string, number, number]>;
}

const statementCache = new WeakMap<SQLite.Database, SqliteStatements>();

function statements(sqlite: SQLite.Database): SqliteStatements {
  let cached = statementCache.get(sqlite);
  if (!cached) {
    cached = {
      findBusiness: sqlite.prepare('select id from businesses where tax_code = ?'),
      insertBusiness: sqlite.prepare('insert into businesses (tax_code, name, created_at, updated_at) values (?, ?, ?, ?)'),
      findDeclaration: sqlite.prepare(`select ${storedFactColumns} from declarations where declaration_no = ?`),
      findHandlers: sqlite.prepare('select officer_id, unit_id from declaration_handlers where declaration_id = ? order by seq'),
      findEvaluation: sqlite.prepare(`select ${evaluationFactColumns} from evaluations where declaration_id = ?`),
      insertDeclaration: sqlite.prepare(
        `insert into declarations (declaration_no, ${declarationColumns}, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (declaration_no) do nothing`,
      ),
      updateDeclaration: sqlite.prepare(
        `update declarations set kind = ?, type_code = ?, office_id = ?, declarant_id = ?, declarant_name = ?,
         registered_at = ?, registered_day = ?, cleared_at = ?, cleared_day = ?, channel = ?, content_hash = ?,
         updated_at = ? where id = ?`,
      ),
      setContentHash: sqlite.prepare('update declarations set content_hash = ? where id = ?'),
      deleteHandlers: sqlite.prepare('delete from declaration_handlers where declaration_id = ?'),
      updateCaseDimensions: sqlite.prepare(caseDimensionsUpdate('declaration_id = ?')),
      insertHandler: sqlite.prepare(
        'insert into declaration_handlers (declaration_id, seq, step, officer_id, unit_id) values (?, ?, ?, ?, ?)',
      ),
    };
    statementCache.set(sqlite, cached);
  }
  return cached;
}

/**
 * Writes rows inside the open transaction; their business-office deltas (new rows': unless
 * `covered` by window sums) and the roll-up deltas of updates join the state's (those of new rows:
 * `addWriteDeltas`).
 */
function writeRows(sqlite: SQLite.Database, rows: readonly ValidDeclaration[], state: TransactionState, covered: boolean): WriteOutcome[] {
  const s = statements(sqlite);
  const { deltas, offices, units, now } = state;
  const businessId = (taxCode: string, name: string): number => {
    let id = state.businessId(taxCode);
    if (id !== undefined) return id;
    id = s.findBusiness.get(taxCode)?.id ?? Number(s.insertBusiness.run(taxCode, name, now, now).lastInsertRowid);
    state.learnt.set(taxCode, id);
    return id;
  };
  const insertHandlers = (declarationId: number, row: ValidDeclaration) => {
    row.handlers.forEach((h, seq) => s.insertHandler.run(declarationId, seq, h.step, h.officerId, h.unitId));
  };
  const created = (id: number, row: ValidDeclaration, declarantId: number): WriteOutcome => {
    insertHandlers(id, row);
    if (!covered) offices.add(declarantId, row.officeId, 1);
    return 'created';
  };
  return rows.map((row): WriteOutcome => {
    // Most rows of a feed are new: try the insert first (one probe of the number's index), and look
    // the stored declaration up only when the number is taken.
    const known = state.businessId(row.declarantTaxCode);
    if (known !== undefined) {
      const inserted = s.insertDeclaration.run(row.declarationNo, ...valuesOf(row, known), now, now);
      if (inserted.changes > 0) return created(Number(inserted.lastInsertRowid), row, known);
    }
    const existing = s.findDeclaration.get(row.declarationNo);
    const content = existing ? compareContent(existing.content_hash, row) : 'changed';
    if (existing && content !== 'changed') {
      if (content === 'rehash') s.setContentHash.run(row.contentHash, existing.id);
      return 'unchanged';
    }
    const declarantId = businessId(row.declarantTaxCode, row.declarantName);
    const values = valuesOf(row, declarantId);
    if (!existing) return created(Number(s.insertDeclaration.run(row.declarationNo, ...values, now, now).lastInsertRowid), row, declarantId);
    offices.add(declarantId, row.officeId, 1);
    offices.add(existing.declarant_id, existing.office_id, -1);
    const stored = s.findEvaluation.get(existing.id);
    const evaluation = stored ? evaluationFacts(stored) : null;
    deltas.add(storedFacts(existing, s.findHandlers.all(existing.id)), evaluation, units, -1);
    deltas.add(newFacts(row), evaluation, units, 1);
    s.updateDeclaration.run(...values, now, existing.id);
    s.updateCaseDimensions.run(existing.id);
    s.deleteHandlers.run(existing.id);
    insertHandlers(existing.id, row);
    return 'updated';
  });
}

/**
 * One transaction over as many writes as the caller likes. While it is open the session holds the
 * connection as a Kysely transaction would, so no other query of the process runs inside it or
 * between its statements.
 */
export class SqliteBulkSession implements BulkSession {
  private state: TransactionState | undefined;
  private outcomes: WriteOutcome[][] = [];
  private release: (() => void) | undefined;

  constructor(
    private readonly kysely: Kysely<Database>,
    private readonly sqlite: SQLite.Database,
    private readonly loadUnits: () => Promise<ReadonlyMap<number, RolloutUnit>>,
    private readonly cache: BusinessIdCache,
    private readonly now: () => number,
  ) {}

  get pendingRows(): number {
    return this.outcomes.reduce((n, written) => n + written.length, 0);
  }

  async write(written: DeclarationRows, summed?: Summed): Promise<void> {
    const rows = unpacked(written);
    if (!this.state) {
      const units = await this.loadUnits();
      this.release = await holdConnection(this.kysely);
      try {
        this.sqlite.exec('begin immediate');
      } catch (error) {
        this.end();
        throw error;
      }
      this.state = new TransactionState(units, this.cache, this.now());
    }
    const state = this.state;
    try {
      const covered = summedWrite(state, summed);
      const outcomes = writeRows(this.sqlite, rows, state, covered);
      addWriteDeltas(state, rows, outcomes, covered, summed);
      this.outcomes.push(outcomes);
    } catch (error) {
      this.rollback();
      throw error;
    }
  }

  async commit(): Promise<WriteOutcome[][]> {
    const state = this.state;
    const outcomes = this.outcomes;
    if (!state) return [];
    try {
      resolveSummedOffices(state);
      applyRollupsSqlite(this.sqlite, state.deltas, state.sums);
      applyBusinessOfficesSqlite(this.sqlite, state.offices);
      this.sqlite.exec('commit');
    } catch (error) {
      this.rollback();
      throw error;
    }
    truncateLongWal(this.sqlite);
    state.learnt.forEach((id, taxCode) => this.cache.set(taxCode, id));
    this.end();
    return outcomes;
  }

  rollback(): void {
    if (this.state && this.sqlite.inTransaction) this.sqlite.exec('rollback');
    this.end();
  }

  private end(): void {
    this.state = undefined;
    this.outcomes = [];
    this.release?.();
    this.release = undefined;
  }
}
