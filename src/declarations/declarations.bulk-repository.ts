import type SQLite from 'better-sqlite3';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../db/database.js';
import { evaluationFacts } from '../evaluations/evaluations.service.js';
import { applyBusinessOfficesPostgres, applyBusinessOfficesSqlite, BusinessOfficeDeltas } from '../partnership/business-offices.repository.js';
import type { Evaluation } from '../db/schema.js';
import { RollupDeltas, type DeclarationFacts, type RolloutUnit } from '../stats/rollup-deltas.js';
import { caseDimensionsUpdate } from '../cases/cases.repository.js';
import { applyRollupsPostgres, applyRollupsSqlite, loadRolloutUnits } from '../stats/rollups.repository.js';
import type { ValidDeclaration } from './declarations.schema.js';

/**
 * Bulk upsert of validated declarations, one transaction per batch, through the bare drivers (the
 * feed's hot path: Kysely's per-query overhead would halve throughput). Returns each row's outcome
 * in input order. Unknown declarants are created with the declarant name, inside the same batch.
 */
export type WriteOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Business ids by tax code, shared by the batches of one import: most batches then skip the
 * business lookups. Ids learnt in a batch join it only once that batch has committed.
 */
export type BusinessIdCache = Map<string, number>;

export async function upsertDeclarations(
  db: Db, rows: readonly ValidDeclaration[], now = Date.now(), cache: BusinessIdCache = new Map(),
): Promise<WriteOutcome[]> {
  if (rows.length === 0) return [];
  const learnt = new Map<string, number>();
  const units = await loadRolloutUnits(db.kysely);
  const outcomes = db.dialect === 'sqlite'
    ? upsertSqlite(db.sqlite, rows, now, cache, learnt, units)
    : await upsertPostgres(db.pool, rows, now, cache, learnt, units);
  for (const [taxCode, id] of learnt) cache.set(taxCode, id);
  return outcomes;
}

// — SQLite: prepared statements in a loop, inside one synchronous transaction —

interface SqliteStatements {
  findBusiness: SQLite.Statement<[string], { id: number }>;
  insertBusiness: SQLite.Statement<[string, string, number, number]>;
  findDeclaration: SQLite.Statement<[string], StoredFacts>;
  findHandlers: SQLite.Statement<[number], { officer_id: number; unit_id: number }>;
  findEvaluation: SQLite.Statement<[number], EvaluationOfFacts>;
  insertDeclaration: SQLite.Statement<unknown[]>;
  updateDeclaration: SQLite.Statement<unknown[]>;
  deleteHandlers: SQLite.Statement<[number]>;
  updateCaseDimensions: SQLite.Statement<[number]>;
  insertHandler: SQLite.Statement<[number, number, string, number, number]>;
}

const statementCache = new WeakMap<SQLite.Database, SqliteStatements>();

const declarationColumns =
  'kind, type_code, office_id, declarant_id, declarant_name, registered_at, registered_day, cleared_at, cleared_day, channel, content_hash';

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
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      updateDeclaration: sqlite.prepare(
        `update declarations set kind = ?, type_code = ?, office_id = ?, declarant_id = ?, declarant_name = ?,
         registered_at = ?, registered_day = ?, cleared_at = ?, cleared_day = ?, channel = ?, content_hash = ?,
         updated_at = ? where id = ?`,
      ),
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

/** What the roll-ups need of a stored declaration, to take back its old contribution on update. */
interface StoredFacts {
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
const storedFactColumns = 'id, declaration_no, content_hash, cleared_day, kind, type_code, channel, office_id, declarant_id';
type EvaluationOfFacts = Pick<Evaluation, 'overall' | 'rating_channel' | 'targets_json' | 'reasons_json'>;
const evaluationFactColumns = 'overall, rating_channel, targets_json, reasons_json';

function newFacts(row: ValidDeclaration): DeclarationFacts {
  return { clearedDay: row.clearedDay, kind: row.kind, typeCode: row.typeCode, channel: row.channel, officeId: row.officeId, handlers: row.handlers };
}

function storedFacts(d: StoredFacts, handlers: readonly { officer_id: number; unit_id: number }[]): DeclarationFacts {
  return {
    clearedDay: d.cleared_day, kind: d.kind, typeCode: d.type_code, channel: d.channel, officeId: d.office_id,
    handlers: handlers.map((h) => ({ officerId: h.officer_id, unitId: h.unit_id })),
  };
}

function valuesOf(row: ValidDeclaration, declarantId: number): unknown[] {
  return [row.kind, row.typeCode, row.officeId, declarantId, row.declarantName, row.registeredAt, row.registeredDay,
    row.clearedAt, row.clearedDay, row.channel, row.contentHash];
}

function upsertSqlite(
  sqlite: SQLite.Database, rows: readonly ValidDeclaration[], now: number, cache: BusinessIdCache, learnt: BusinessIdCache,
  units: ReadonlyMap<number, RolloutUnit>,
): WriteOutcome[] {
  const s = statements(sqlite);
  const deltas = new RollupDeltas();
  const offices = new BusinessOfficeDeltas();
  const businessId = (taxCode: string, name: string): number => {
    let id = cache.get(taxCode) ?? learnt.get(taxCode);
    if (id !== undefined) return id;
    id = s.findBusiness.get(taxCode)?.id ?? Number(s.insertBusiness.run(taxCode, name, now, now).lastInsertRowid);
    learnt.set(taxCode, id);
    return id;
  };
  const insertHandlers = (declarationId: number, row: ValidDeclaration) => {
    row.handlers.forEach((h, seq) => s.insertHandler.run(declarationId, seq, h.step, h.officerId, h.unitId));
  };
  return sqlite.transaction(() => {
    const outcomes = rows.map((row): WriteOutcome => {
      const existing = s.findDeclaration.get(row.declarationNo);
      if (existing && existing.content_hash === row.contentHash) return 'unchanged';
      const declarantId = businessId(row.declarantTaxCode, row.declarantName);
      const values = valuesOf(row, declarantId);
      offices.add(declarantId, row.officeId, 1);
      if (!existing) {
        const id = Number(s.insertDeclaration.run(row.declarationNo, ...values, now, now).lastInsertRowid);
        insertHandlers(id, row);
        deltas.add(newFacts(row), null, units, 1);
        return 'created';
      }
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
    applyRollupsSqlite(sqlite, deltas);
    applyBusinessOfficesSqlite(sqlite, offices);
    return outcomes;
  })();
}

// — PostgreSQL: a handful of set-based statements per batch (unnest of arrays) —

async function upsertPostgres(
  pool: pg.Pool, rows: readonly ValidDeclaration[], now: number, cache: BusinessIdCache, learnt: BusinessIdCache,
  units: ReadonlyMap<number, RolloutUnit>,
): Promise<WriteOutcome[]> {
  const client = await pool.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query('begin');
        learnt.clear();
        const outcomes = await upsertPostgresInTransaction(client, rows, now, cache, learnt, units);
        await client.query('commit');
        return outcomes;
      } catch (error) {
        await client.query('rollback');
        // Two feeds creating the same declaration or business at once: the loser retries the batch.
        if ((error as { code?: string }).code === '23505' && attempt < 3) continue;
        throw error;
      }
    }
  } finally {
    client.release();
  }
}

/** Ids of the batch's declarants; unknown ones are created with the declarant name. */
async function resolveBusinessesPostgres(
  client: pg.PoolClient, rows: readonly ValidDeclaration[], now: number, cache: BusinessIdCache, learnt: BusinessIdCache,
): Promise<(taxCode: string) => number | undefined> {
  const names = new Map<string, string>();
  for (const r of rows) if (!cache.has(r.declarantTaxCode) && !names.has(r.declarantTaxCode)) names.set(r.declarantTaxCode, r.declarantName);
  if (names.size > 0) {
    const taxCodes = [...names.keys()];
    await client.query(
      `insert into businesses (tax_code, name, created_at, updated_at)
       select t, n, $3, $3 from unnest($1::text[], $2::text[]) as u(t, n)
       on conflict (tax_code) do nothing`,
      [taxCodes, [...names.values()], now],
    );
    const found = await client.query<{ id: number; tax_code: string }>('select id, tax_code from businesses where tax_code = any($1::text[])', [taxCodes]);
    for (const b of found.rows) learnt.set(b.tax_code, b.id);
  }
  return (taxCode) => cache.get(taxCode) ?? learnt.get(taxCode);
}

async function upsertPostgresInTransaction(
  client: pg.PoolClient, rows: readonly ValidDeclaration[], now: number, cache: BusinessIdCache, learnt: BusinessIdCache,
  units: ReadonlyMap<number, RolloutUnit>,
): Promise<WriteOutcome[]> {
  const businessId = await resolveBusinessesPostgres(client, rows, now, cache, learnt);
  const existing = await client.query<StoredFacts>(
    `select ${storedFactColumns} from declarations where declaration_no = any($1::text[])`,
    [rows.map((r) => r.declarationNo)],
  );
  const existingByNo = new Map(existing.rows.map((e) => [e.declaration_no, e]));
  const outcomes: WriteOutcome[] = [];
  const toInsert: ValidDeclaration[] = [];
  const toUpdate: { id: number; row: ValidDeclaration; stored: StoredFacts }[] = [];
  for (const row of rows) {
    const found = existingByNo.get(row.declarationNo);
    if (!found) { outcomes.push('created'); toInsert.push(row); }
    else if (found.content_hash === row.contentHash) outcomes.push('unchanged');
    else { outcomes.push('updated'); toUpdate.push({ id: found.id, row, stored: found }); }
  }
  const deltas = new RollupDeltas();
  const offices = new BusinessOfficeDeltas();
  for (const row of toInsert) deltas.add(newFacts(row), null, units, 1);
  for (const row of [...toInsert, ...toUpdate.map((u) => u.row)]) offices.add(businessId(row.declarantTaxCode)!, row.officeId, 1);
  for (const u of toUpdate) offices.add(u.stored.declarant_id, u.stored.office_id, -1);
  if (toUpdate.length > 0) await takeBackOldContributions(client, toUpdate, deltas, units);
  const handlerOwners: { id: number; row: ValidDeclaration }[] = [...toUpdate];
  if (toInsert.length > 0) {
    const ids = await client.query<{ id: number }>(
      `select nextval(pg_get_serial_sequence('declarations', 'id'))::bigint as id from generate_series(1, $1::int)`,
      [toInsert.length],
    );
    const lines = toInsert.map((row, i) => {
      const id = ids.rows[i]!.id;
      handlerOwners.push({ id, row });
      return copyLine([id, row.declarationNo, ...valuesOf(row, businessId(row.declarantTaxCode)!), now, now]);
    });
    await copyInto(client, `declarations (id, declaration_no, ${declarationColumns}, created_at, updated_at)`, lines.join(''));
  }
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
  await insertHandlersPostgres(client, handlerOwners);
  await applyRollupsPostgres(client, deltas);
  await applyBusinessOfficesPostgres(client, offices);
  return outcomes;
}

/** Updated declarations: remove what they contributed before, add what they contribute now. */
async function takeBackOldContributions(
  client: pg.PoolClient, updates: readonly { id: number; row: ValidDeclaration; stored: StoredFacts }[], deltas: RollupDeltas,
  units: ReadonlyMap<number, RolloutUnit>,
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
    deltas.add(storedFacts(u.stored, handlersOf.get(u.id) ?? []), evaluation, units, -1);
    deltas.add(newFacts(u.row), evaluation, units, 1);
  }
}

function columnArrays(rows: readonly ValidDeclaration[], businessId: (taxCode: string) => number | undefined): unknown[][] {
  const columns: unknown[][] = [
    rows.map((r) => r.kind), rows.map((r) => r.typeCode), rows.map((r) => r.officeId),
    rows.map((r) => businessId(r.declarantTaxCode)), rows.map((r) => r.declarantName),
    rows.map((r) => r.registeredAt), rows.map((r) => r.registeredDay), rows.map((r) => r.clearedAt),
    rows.map((r) => r.clearedDay), rows.map((r) => r.channel), rows.map((r) => r.contentHash),
  ];
  return columns;
}

async function insertHandlersPostgres(client: pg.PoolClient, owners: readonly { id: number; row: ValidDeclaration }[]): Promise<void> {
  let text = '';
  for (const { id, row } of owners) {
    row.handlers.forEach((h, seq) => (text += copyLine([id, seq, h.step, h.officerId, h.unitId])));
  }
  if (text !== '') await copyInto(client, 'declaration_handlers (declaration_id, seq, step, officer_id, unit_id)', text);
}

// COPY text format: tab-separated, \N for null, backslash escapes for tab, newline, CR and backslash.
function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : text;
}

function copyLine(values: readonly unknown[]): string {
  return values.map(copyValue).join('\t') + '\n';
}

/** Streams prepared COPY text into a table: the fastest way into PostgreSQL. */
async function copyInto(client: pg.PoolClient, target: string, text: string): Promise<void> {
  const stream = client.query(copyFrom(`copy ${target} from stdin`));
  await pipeline(Readable.from([text]), stream);
}
