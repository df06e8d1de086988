import { deserialize } from 'node:v8';
import type pg from 'pg';
import { copyInto, copyValue } from '../db/pg-copy.js';
import { caseDimensionsUpdate } from '../cases/cases.repository.js';
import { evaluationFacts } from '../evaluations/evaluations.service.js';
import { applyBusinessOfficesPostgres } from '../partnership/business-offices.repository.js';
import type { RolloutUnit } from '../stats/rollup-deltas.js';
import { applyRollupsPostgres } from '../stats/rollups.repository.js';
import {
  addWriteDeltas, BulkConflict, declarationColumns, evaluationFactColumns, isCovered, newFacts, resolveSummedOffices, storedFactColumns, storedFacts,
  summedWrite, TransactionState, type BulkSession, type BusinessIdCache, type CommitOptions, type EvaluationOfFacts, type StoredFacts,
  type Summed, type WriteOutcome,
} from './declarations.bulk-shared.js';
import type { Row } from '../imports/import-runner.js';
import type { ValidDeclaration } from './declarations.schema.js';
import { compareContent } from './content-hash.js';

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

/** A write kept until its transaction commits: its rows, or their bytes (`BulkSession.write`). */
interface HeldWrite {
  count: number;
  rows: readonly ValidDeclaration[] | undefined;
  serialized: Uint8Array | undefined;
  summed: Summed | undefined;
}

/** A held write in a group written as one (`nextGroup`). */
interface GroupedWrite {
  rows: readonly ValidDeclaration[];
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

  async write(rows: readonly ValidDeclaration[], summed?: Summed, serialized?: Uint8Array): Promise<void> {
    this.held.push({ count: rows.length, rows, summed, serialized });
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
      const outcomes = await writeRows(client, group.flatMap((w) => w.rows), state, this.guess, group[0]!.covered);
      let at = 0;
      for (const { rows, covered, summed } of group) {
        const own = outcomes.slice(at, (at += rows.length));
        addWriteDeltas(state, rows, own, covered, summed);
        this.outcomes.push(own);
      }
    }
    return { client, state };
  }

  /**
   * The next held writes to write as one: up to `rowsPerCopy` rows, all counted alike (`summedWrite`)
   * and no number twice (a number repeated by a later write updates what the earlier one wrote).
   */
  private nextGroup(state: TransactionState): GroupedWrite[] {
    const group: GroupedWrite[] = [];
    const numbers = new Set<string>();
    let count = 0;
    for (let i = this.outcomes.length; i < this.held.length && (group.length === 0 || count < rowsPerCopy); i++) {
      const held = this.held[i]!;
      const rows = held.rows ?? (deserialize(held.serialized!) as Row<ValidDeclaration>[]).map((row) => row.value);
      const covered = isCovered(state, held.summed);
      if (group.length > 0 && (covered !== group[0]!.covered || rows.some((row) => numbers.has(row.declarationNo)))) break;
      for (const row of rows) numbers.add(row.declarationNo);
      // Kept as bytes from now on, when there are some: the rows die young.
      if (held.serialized) held.rows = undefined;
      group.push({ rows, covered: summedWrite(state, held.summed), summed: held.summed });
      count += rows.length;
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

/** Ids of the rows' declarants; unknown ones are created with the declarant name. */
async function resolveBusinesses(client: pg.PoolClient, rows: readonly ValidDeclaration[], state: TransactionState): Promise<void> {
  const names = new Map<string, string>();
  for (const r of rows) if (state.businessId(r.declarantTaxCode) === undefined && !names.has(r.declarantTaxCode)) names.set(r.declarantTaxCode, r.declarantName);
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

/** Writes rows; new rows' business counts join the state's unless `covered` by window sums (`summedWrite`). */
async function writeRows(
  client: pg.PoolClient, rows: readonly ValidDeclaration[], state: TransactionState, guess: WriteGuess, covered: boolean,
): Promise<WriteOutcome[]> {
  if (rows.length === 0) return [];
  await resolveBusinesses(client, rows, state);
  const { offices, now } = state;
  const businessId = (taxCode: string) => state.businessId(taxCode)!;
  let handlerOwners: { id: number; row: ValidDeclaration }[] | null = null;
  if (guess.allNew && guess.savepoints < maxSavepoints) {
    guess.savepoints++;
    handlerOwners = await insertAllNew(client, rows, state);
    guess.allNew = handlerOwners !== null;
  }
  const outcomes: WriteOutcome[] = [];
  const toInsert: ValidDeclaration[] = [];
  const toUpdate: { id: number; row: ValidDeclaration; stored: StoredFacts }[] = [];
  if (handlerOwners) {
    outcomes.push(...rows.map((): WriteOutcome => 'created'));
    toInsert.push(...rows);
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
    if (toUpdate.length > 0) await takeBackOldContributions(client, toUpdate, state);
    handlerOwners = [...toUpdate];
    if (toInsert.length > 0) handlerOwners.push(...await copyNewDeclarations(client, toInsert, state));
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
  await insertHandlers(client, handlerOwners);
  return outcomes;
}

/**
 * COPY of every row as a new declaration, under a savepoint: the rows with their ids, or null, with
 * nothing written, when one of the numbers is stored already (by an earlier write or, meanwhile, by
 * another writer).
 */
async function insertAllNew(client: pg.PoolClient, rows: readonly ValidDeclaration[], state: TransactionState): Promise<{ id: number; row: ValidDeclaration }[] | null> {
  await client.query('savepoint all_new');
  try {
    const owners = await copyNewDeclarations(client, rows, state);
    await client.query('release savepoint all_new');
    return owners;
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code !== '23505' || constraint !== 'declarations_declaration_no_key') throw error;
    // Released too: the writes that follow are not left inside a subtransaction.
    await client.query('rollback to savepoint all_new; release savepoint all_new');
    return null;
  }
}

/** COPY of new declarations with ids taken from the sequence; returns each row with its id. */
async function copyNewDeclarations(client: pg.PoolClient, rows: readonly ValidDeclaration[], state: TransactionState): Promise<{ id: number; row: ValidDeclaration }[]> {
  // One row holding every id as array text: parsing 2,000 result rows costs more than making the ids.
  const { rows: [allocated] } = await client.query<{ ids: string }>(
    `select array_agg(nextval('${await idSequence(client)}'::regclass))::text as ids from generate_series(1, $1::int)`,
    [rows.length],
  );
  const ids = allocated!.ids.slice(1, -1).split(',').map(Number);
  const owners: { id: number; row: ValidDeclaration }[] = [];
  let text = '';
  rows.forEach((row, i) => {
    const id = ids[i]!;
    owners.push({ id, row });
    text += declarationLine(id, row, state.businessId(row.declarantTaxCode)!, state.now);
  });
  await copyInto(client, `declarations (id, declaration_no, ${declarationColumns}, created_at, updated_at)`, text);
  return owners;
}

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

/** A new declaration's COPY line: id, number, `declarationColumns`, created and updated (no arrays: the feed's hot path). */
function declarationLine(id: number, r: ValidDeclaration, declarantId: number, now: number): string {
  return `${id}\t${copyValue(r.declarationNo)}\t${copyValue(r.kind)}\t${copyValue(r.typeCode)}\t${r.officeId}\t${declarantId}\t${copyValue(r.declarantName)}`
    + `\t${r.registeredAt}\t${copyValue(r.registeredDay)}\t${copyValue(r.clearedAt)}\t${copyValue(r.clearedDay)}\t${copyValue(r.channel)}`
    + `\t${copyValue(r.contentHash)}\t${now}\t${now}\n`;
}

async function insertHandlers(client: pg.PoolClient, owners: readonly { id: number; row: ValidDeclaration }[]): Promise<void> {
  let text = '';
  for (const { id, row } of owners) {
    row.handlers.forEach((h, seq) => (text += `${id}\t${seq}\t${copyValue(h.step)}\t${h.officerId}\t${h.unitId}\n`));
  }
  if (text !== '') await copyInto(client, 'declaration_handlers (declaration_id, seq, step, officer_id, unit_id)', text);
}
