import type pg from 'pg';
import { copyBinaryInto } from '../db/pg-copy-binary.js';
import { caseDimensionsUpdate } from '../cases/cases.repository.js';
import { evaluationFacts } from '../evaluations/evaluations.service.js';
import { applyBusinessOfficesPostgres } from '../partnership/business-offices.repository.js';
import type { RolloutUnit } from '../stats/rollup-deltas.js';
import { applyRollupsPostgres } from '../stats/rollups.bulk-postgres.js';
import {
  addWriteDeltas, BulkConflict, evaluationFactColumns, isCovered, newFacts, resolveSummedOffices, storedFactColumns, storedFacts,
  summedWrite, TransactionState, type BulkSession, type BusinessIdCache, type CommitOptions, type EvaluationOfFacts, type StoredFacts,
  type Summed, type WriteOutcome,
} from './declarations.bulk-shared.js';
import type { ValidDeclaration } from './declarations.schema.js';
import { compareContent } from './content-hash.js';
import {
  isPacked, packDeclarations, packedDeclarationColumns, packedHandlerColumns, rowCount, stampDeclarations, stampHandlers, unpack,
  type DeclarationRows, type PackedDeclarations,
} from './packed-declarations.js';

// PostgreSQL: a handful of set-based statements per write (COPY, unnest of arrays).

/**
 * Another writer got in the way: a declaration or business created meanwhile, a deadlock, or a lock
 * waited for longer than a lock timeout (the import sets one only for `sharedCommitLockTimeout`).
 */
const retryable = new Set(['23505', '40P01', '40001', '55P03']);

/**
 * How long a commit beside another open session of the same writer waits for a lock. Its roll-up
 * rows can be locked by a third transaction (a rating) that itself waits for a row the other,
 * idle session holds — a wait through the application that PostgreSQL cannot see as a deadlock;
 * past this, the commit gives way (`BulkConflict`) and is written again once that session let go.
 */
const sharedCommitLockTimeout = '2s';

/** A write kept until its transaction commits. */
interface HeldWrite {
  count: number;
  rows: DeclarationRows;
  summed: Summed | undefined;
}

/** A held write in a group written as one (`nextGroup`); its rows unpacked when they had to be. */
interface GroupedWrite {
  rows: DeclarationRows;
  covered: boolean;
  summed: Summed | undefined;
}

/**
 * One transaction over as many writes as the caller likes. The rows written are kept until commit:
 * when a concurrent writer gets in the way, the transaction is rolled back and everything written in
 * it is written again in a new one (at most three attempts), which then sees what the other wrote —
 * except a batch tried as new declarations (`WriteGuess`), written again from its own savepoint.
 */
export class PostgresBulkSession implements BulkSession {
  private client: pg.PoolClient | undefined;
  private state: TransactionState | undefined;
  /** The rows of every write since the last commit, and the outcomes of those written in the open transaction. */
  private held: HeldWrite[] = [];
  private outcomes: WriteOutcome[][] = [];
  private readonly guess: WriteGuess = { allNew: false, savepoints: 0 };

  constructor(
    private readonly pool: pg.Pool,
    private readonly loadUnits: () => Promise<ReadonlyMap<number, RolloutUnit>>,
    private readonly cache: BusinessIdCache,
    private readonly now: () => number,
    /** Writes of fewer rows wait for more (or for the commit), and are written together (a file import: `rowsPerCopy`). */
    private readonly rowsPerWrite = 0,
  ) {}

  get pendingRows(): number {
    return this.held.reduce((n, write) => n + write.count, 0);
  }

  async write(rows: DeclarationRows, summed?: Summed): Promise<void> {
    this.held.push({ count: rowCount(rows), rows, summed });
    let waiting = 0;
    for (let i = this.outcomes.length; i < this.held.length; i++) waiting += this.held[i]!.count;
    if (waiting >= this.rowsPerWrite) await this.attempt(3, () => this.catchUp());
  }

  async commit(options: CommitOptions = {}): Promise<WriteOutcome[][]> {
    if (this.held.length === 0) return [];
    const alone = options.alone !== false;
    // Beside another session only the commit may run here: rows written now would not wait under the lock timeout.
    if (!alone && (!this.state || this.outcomes.length < this.held.length)) throw new Error('a shared commit needs its rows written first (resume)');
    await this.attempt(alone ? 3 : 1, async () => {
      const { client, state } = await this.catchUp();
      if (!alone) await client.query(`set local lock_timeout = '${sharedCommitLockTimeout}'`);
      resolveSummedOffices(state);
      await applyRollupsPostgres(client, state.deltas, state.sums);
      await applyBusinessOfficesPostgres(client, state.offices);
      await client.query('commit');
    });
    this.state!.learnt.forEach((id, taxCode) => this.cache.set(taxCode, id));
    const outcomes = this.outcomes;
    this.end();
    return outcomes;
  }

  async rollback(): Promise<void> {
    await this.rollbackTransaction();
    this.end();
  }

  async restart(): Promise<void> {
    await this.rollbackTransaction();
  }

  async resume(): Promise<void> {
    if (this.held.length > 0) await this.attempt(3, () => this.catchUp());
  }

  /** Opens the transaction if needed and writes every held write it does not have yet. */
  private async catchUp(): Promise<{ client: pg.PoolClient; state: TransactionState }> {
    if (!this.state) {
      const units = await this.loadUnits();
      this.client ??= await this.pool.connect();
      await this.client.query('begin');
      this.state = new TransactionState(units, this.cache, this.now());
      this.guess.savepoints = 0;
    }
    const client = this.client!;
    const state = this.state;
    while (this.outcomes.length < this.held.length) {
      const group = this.nextGroup(state);
      const outcomes = await writeGroup(client, group, state, this.guess);
      let at = 0;
      for (const { rows, covered, summed } of group) {
        const own = outcomes.slice(at, (at += rowCount(rows)));
        addWriteDeltas(state, rows, own, covered, summed);
        this.outcomes.push(own);
      }
    }
    return { client, state };
  }

  /**
   * The next held writes to write as one: up to `rowsPerCopy` rows, all counted alike (`summedWrite`),
   * all packed or none, and no number twice (a number repeated by a later write updates what the
   * earlier one wrote). Packed rows come from one file's worker thread, which rejected every number
   * repeated in the file (`duplicateOf`): they are not looked at.
   */
  private nextGroup(state: TransactionState): GroupedWrite[] {
    const group: GroupedWrite[] = [];
    const numbers = new Set<string>();
    let count = 0;
    for (let i = this.outcomes.length; i < this.held.length && (group.length === 0 || count < rowsPerCopy); i++) {
      const { rows, summed } = this.held[i]!;
      const first = group[0];
      if (first && (isCovered(state, summed) !== first.covered || isPacked(rows) !== isPacked(first.rows))) break;
      if (!isPacked(rows)) {
        if (first && rows.some((row) => numbers.has(row.declarationNo))) break;
        for (const row of rows) numbers.add(row.declarationNo);
      }
      group.push({ rows, covered: summedWrite(state, summed), summed });
      count += rowCount(rows);
    }
    return group;
  }

  /**
   * Runs `step`, writing the transaction again after a conflict with a concurrent writer, up to
   * `attempts` times in all. With one attempt, a conflict keeps the rows and throws `BulkConflict`.
   */
  private async attempt(attempts: number, step: () => Promise<unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await step();
        return;
      } catch (error) {
        await this.rollbackTransaction();
        const conflict = retryable.has((error as { code?: string }).code ?? '');
        if (conflict && attempt < attempts) continue;
        if (conflict && attempts === 1) throw new BulkConflict(error);
        this.end();
        throw error;
      }
    }
  }

  /** Rolls the open transaction back; the held rows stay, to be written again. */
  private async rollbackTransaction(): Promise<void> {
    const open = this.state !== undefined;
    this.state = undefined;
    this.outcomes = [];
    if (!open || !this.client) return;
    try {
      await this.client.query('rollback');
    } catch (error) {
      // The connection itself failed: drop it from the pool (a retry takes a new one).
      this.client.release(error as Error);
      this.client = undefined;
    }
  }

  private end(): void {
    this.client?.release();
    this.client = undefined;
    this.state = undefined;
    this.held = [];
    this.outcomes = [];
  }
}

/**
 * Rows per COPY of new declarations, when the session has as many waiting (`rowsPerWrite`): a file
 * import's worker hands over batches of a quarter of this (its rows then die young on both
 * threads), which the session writes four at a time.
 */
export const rowsPerCopy = 2000;

const sequences = new WeakMap<pg.PoolClient, string>();

/**
 * The declarations' id sequence, named once (a constant name makes `nextval` ten times cheaper than
 * looking the sequence up for every id), per connection.
 */
async function idSequence(client: pg.PoolClient): Promise<string> {
  let name = sequences.get(client);
  if (!name) {
    const { rows } = await client.query<{ seq: string }>(`select pg_get_serial_sequence('declarations', 'id') as seq`);
    name = rows[0]!.seq.replace(/'/g, "''");
    sequences.set(client, name);
  }
  return name;
}

/** Creates the declarants not known yet (`names`: tax code → name), and learns their ids. */
async function createBusinesses(client: pg.PoolClient, names: ReadonlyMap<string, string>, state: TransactionState): Promise<void> {
  if (names.size === 0) return;
  const taxCodes = [...names.keys()];
  await client.query(
    `insert into businesses (tax_code, name, created_at, updated_at)
     select t, n, $3, $3 from unnest($1::text[], $2::text[]) as u(t, n)
     on conflict (tax_code) do nothing`,
    [taxCodes, [...names.values()], state.now],
  );
  const found = await client.query<{ id: number; tax_code: string }>('select id, tax_code from businesses where tax_code = any($1::text[])', [taxCodes]);
  for (const b of found.rows) state.learnt.set(b.tax_code, b.id);
}

/** The rows' declarants not known yet, with the name of each one's first row. */
function unknownDeclarants(rows: readonly ValidDeclaration[], state: TransactionState): Map<string, string> {
  const names = new Map<string, string>();
  for (const r of rows) if (state.businessId(r.declarantTaxCode) === undefined && !names.has(r.declarantTaxCode)) names.set(r.declarantTaxCode, r.declarantName);
  return names;
}

function unknownPackedDeclarants(packs: readonly PackedDeclarations[], state: TransactionState): Map<string, string> {
  const names = new Map<string, string>();
  for (const { taxCodes, names: firstNames } of packs) {
    taxCodes.forEach((taxCode, j) => state.businessId(taxCode) === undefined && !names.has(taxCode) && names.set(taxCode, firstNames[j]!));
  }
  return names;
}

/**
 * Whether the next write of a session is tried as new declarations only, without looking its
 * numbers up first: after a write whose lookup found none of its numbers stored, until a write meets
 * one. A feed of new declarations then looks up its first batch only (1,000,000 rows: the lookups
 * took 5.5 s of 44); a write that meets a stored number costs one COPY rolled back to its savepoint,
 * and the writes after it look up again. A session starts looking up: a feed API request, one write
 * that often resends stored declarations, never tries.
 */
export interface WriteGuess {
  allNew: boolean;
  /**
   * Savepoints taken in the open transaction. Each is a subtransaction until commit, and past 64 of
   * them every snapshot on the server grows costly: a transaction takes at most `maxSavepoints`.
   */
  savepoints: number;
}

const maxSavepoints = 32;

/**
 * Writes a group of writes (`nextGroup`). Packed rows are tried as new declarations straight from
 * their COPY text when the session guesses so and the window sums count them; otherwise, or when
 * one is stored already, they are unpacked (in the group too, for `addWriteDeltas`) and written as rows.
 */
async function writeGroup(client: pg.PoolClient, group: GroupedWrite[], state: TransactionState, guess: WriteGuess): Promise<WriteOutcome[]> {
  const covered = group[0]!.covered;
  if (group.every((w) => rowCount(w.rows) === 0)) return [];
  if (group.every((w) => isPacked(w.rows))) {
    const packs = group.map((w) => w.rows as PackedDeclarations);
    if (covered && guess.allNew && guess.savepoints < maxSavepoints) {
      await createBusinesses(client, unknownPackedDeclarants(packs, state), state);
      guess.savepoints++;
      const ids = await insertAllNew(client, packs, state);
      guess.allNew = ids !== null;
      if (ids) {
        await copyHandlers(client, handlerTuples(packs, ids));
        return new Array<WriteOutcome>(ids.length).fill('created');
      }
    }
    for (const w of group) w.rows = unpack(w.rows as PackedDeclarations);
  }
  return writeRows(client, group.flatMap((w) => w.rows as readonly ValidDeclaration[]), state, guess, covered);
}

/** Writes rows; new rows' business counts join the state's unless `covered` by window sums (`summedWrite`). */
async function writeRows(
  client: pg.PoolClient, rows: readonly ValidDeclaration[], state: TransactionState, guess: WriteGuess, covered: boolean,
): Promise<WriteOutcome[]> {
  if (rows.length === 0) return [];
  await createBusinesses(client, unknownDeclarants(rows, state), state);
  const { offices, now } = state;
  const businessId = (taxCode: string) => state.businessId(taxCode)!;
  const outcomes: WriteOutcome[] = [];
  const toInsert: ValidDeclaration[] = [];
  const toUpdate: { id: number; row: ValidDeclaration; stored: StoredFacts }[] = [];
  const handlers: Uint8Array[] = [];
  const packed = guess.allNew && guess.savepoints < maxSavepoints ? packDeclarations(rows) : undefined;
  let ids: number[] | null = null;
  if (packed) {
    guess.savepoints++;
    ids = await insertAllNew(client, [packed], state);
    guess.allNew = ids !== null;
  }
  if (ids) {
    outcomes.push(...rows.map((): WriteOutcome => 'created'));
    toInsert.push(...rows);
    handlers.push(...handlerTuples([packed!], ids));
  } else {
    const existing = await client.query<StoredFacts>(
      `select ${storedFactColumns} from declarations where declaration_no = any($1::text[])`,
      [rows.map((r) => r.declarationNo)],
    );
    guess.allNew = existing.rows.length === 0;
    const existingByNo = new Map(existing.rows.map((e) => [e.declaration_no, e]));
    const rehash: { id: number; hash: string }[] = [];
    for (const row of rows) {
      const found = existingByNo.get(row.declarationNo);
      const content = found ? compareContent(found.content_hash, row) : 'changed';
      if (!found) { outcomes.push('created'); toInsert.push(row); }
      else if (content !== 'changed') {
        outcomes.push('unchanged');
        if (content === 'rehash') rehash.push({ id: found.id, hash: row.contentHash });
      } else { outcomes.push('updated'); toUpdate.push({ id: found.id, row, stored: found }); }
    }
    if (rehash.length > 0) {
      await client.query('update declarations d set content_hash = u.h from unnest($1::bigint[], $2::text[]) as u(id, h) where d.id = u.id',
        [rehash.map((r) => r.id), rehash.map((r) => r.hash)]);
    }
    if (toUpdate.length > 0) {
      await takeBackOldContributions(client, toUpdate, state);
      handlers.push(stampHandlers(packDeclarations(toUpdate.map((u) => u.row)), toUpdate.map((u) => u.id), 0));
    }
    if (toInsert.length > 0) {
      const inserted = packDeclarations(toInsert);
      handlers.push(...handlerTuples([inserted], await copyNewDeclarations(client, [inserted], state)));
    }
  }
  for (const row of [...(covered ? [] : toInsert), ...toUpdate.map((u) => u.row)]) offices.add(businessId(row.declarantTaxCode), row.officeId, 1);
  for (const u of toUpdate) offices.add(u.stored.declarant_id, u.stored.office_id, -1);
  if (toUpdate.length > 0) {
    await client.query(
      `update declarations d set kind = u.kind, type_code = u.type_code, office_id = u.office_id,
         declarant_id = u.declarant_id, declarant_name = u.declarant_name, registered_at = u.registered_at,
         registered_day = u.registered_day, cleared_at = u.cleared_at, cleared_day = u.cleared_day,
         channel = u.channel, content_hash = u.content_hash, updated_at = $13
       from unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::bigint[],
         $8::text[], $9::bigint[], $10::text[], $11::int[], $12::text[])
         as u(id, kind, type_code, office_id, declarant_id, declarant_name, registered_at, registered_day,
              cleared_at, cleared_day, channel, content_hash)
       where d.id = u.id`,
      [toUpdate.map((u) => u.id), ...columnArrays(toUpdate.map((u) => u.row), businessId), now],
    );
    await client.query('delete from declaration_handlers where declaration_id = any($1::bigint[])', [toUpdate.map((u) => u.id)]);
    await client.query(caseDimensionsUpdate('declaration_id = any($1::bigint[])'), [toUpdate.map((u) => u.id)]);
  }
  if (handlers.length > 0) await copyHandlers(client, handlers);
  return outcomes;
}

/**
 * COPY of every packed row as a new declaration, under a savepoint: their ids, in row order, or
 * null, with nothing written, when one of the numbers is stored already (by an earlier write or,
 * meanwhile, by another writer).
 */
async function insertAllNew(client: pg.PoolClient, packs: readonly PackedDeclarations[], state: TransactionState): Promise<number[] | null> {
  await client.query('savepoint all_new');
  try {
    const ids = await copyNewDeclarations(client, packs, state);
    await client.query('release savepoint all_new');
    return ids;
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code !== '23505' || constraint !== 'declarations_declaration_no_key') throw error;
    // Released too: the writes that follow are not left inside a subtransaction.
    await client.query('rollback to savepoint all_new; release savepoint all_new');
    return null;
  }
}

/** COPY of packed rows as new declarations, with ids taken from the sequence; returns the ids, in row order. */
async function copyNewDeclarations(client: pg.PoolClient, packs: readonly PackedDeclarations[], state: TransactionState): Promise<number[]> {
  const count = packs.reduce((n, p) => n + p.ends.length, 0);
  // One row holding every id as array text: parsing 2,000 result rows costs more than making the ids.
  const { rows: [allocated] } = await client.query<{ ids: string }>(
    `select array_agg(nextval('${await idSequence(client)}'::regclass))::text as ids from generate_series(1, $1::int)`,
    [count],
  );
  const ids = allocated!.ids.slice(1, -1).split(',').map(Number);
  let at = 0;
  const tuples = packs.map((packed) => {
    const stamped = stampDeclarations(packed, ids, at, packed.taxCodes.map((taxCode) => state.businessId(taxCode)!), state.now);
    at += packed.ends.length;
    return stamped;
  });
  await copyBinaryInto(client, `declarations (${packedDeclarationColumns}, created_at, updated_at, declarant_id, id)`, tuples);
  return ids;
}

/** The handlers of packed rows written with `ids` (`copyNewDeclarations`). */
function handlerTuples(packs: readonly PackedDeclarations[], ids: readonly number[]): Uint8Array[] {
  let at = 0;
  return packs.map((packed) => {
    const stamped = stampHandlers(packed, ids, at);
    at += packed.ends.length;
    return stamped;
  });
}

const copyHandlers = (client: pg.PoolClient, tuples: readonly Uint8Array[]) => copyBinaryInto(client, `declaration_handlers (${packedHandlerColumns})`, tuples);

/** Updated declarations: remove what they contributed before, add what they contribute now. */
async function takeBackOldContributions(
  client: pg.PoolClient, updates: readonly { id: number; row: ValidDeclaration; stored: StoredFacts }[], state: TransactionState,
): Promise<void> {
  const ids = updates.map((u) => u.id);
  const handlers = await client.query<{ declaration_id: number; officer_id: number; unit_id: number }>(
    'select declaration_id, officer_id, unit_id from declaration_handlers where declaration_id = any($1::bigint[]) order by declaration_id, seq', [ids],
  );
  const evaluations = await client.query<EvaluationOfFacts & { declaration_id: number }>(
    `select declaration_id, ${evaluationFactColumns} from evaluations where declaration_id = any($1::bigint[])`, [ids],
  );
  const handlersOf = new Map<number, { officer_id: number; unit_id: number }[]>();
  for (const h of handlers.rows) handlersOf.set(h.declaration_id, [...(handlersOf.get(h.declaration_id) ?? []), h]);
  const evaluationOf = new Map(evaluations.rows.map((e) => [e.declaration_id, evaluationFacts(e)]));
  for (const u of updates) {
    const evaluation = evaluationOf.get(u.id) ?? null;
    state.deltas.add(storedFacts(u.stored, handlersOf.get(u.id) ?? []), evaluation, state.units, -1);
    state.deltas.add(newFacts(u.row), evaluation, state.units, 1);
  }
}

function columnArrays(rows: readonly ValidDeclaration[], businessId: (taxCode: string) => number): unknown[][] {
  return [
    rows.map((r) => r.kind), rows.map((r) => r.typeCode), rows.map((r) => r.officeId),
    rows.map((r) => businessId(r.declarantTaxCode)), rows.map((r) => r.declarantName),
    rows.map((r) => r.registeredAt), rows.map((r) => r.registeredDay), rows.map((r) => r.clearedAt),
    rows.map((r) => r.clearedDay), rows.map((r) => r.channel), rows.map((r) => r.contentHash),
  ];
}
