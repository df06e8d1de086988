import { createHash } from 'node:crypto';
import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { needsCase } from '../cases/case-rules.js';
import { openOrReviseCases, readCaseState, type CaseState, type RatingForCase } from '../cases/cases.service.js';
import { sqliteOf } from '../db/database.js';
import { GroupCommit, type Outcome } from '../db/group-commit.js';
import { pipelinedTransaction, together } from '../db/pipelined-transaction.js';
import type { Database, Evaluation } from '../db/schema.js';
import { AppError } from '../errors.js';
import { settingDefaultsOf, settingsFrom, type readSettings } from '../settings/settings.js';
import { RollupDeltas, type RolloutUnit } from '../stats/rollup-deltas.js';
import { applyRollups, applyRollupsSqlite, rolloutUnitsFrom } from '../stats/rollups.repository.js';
import { checkEvaluation } from './evaluation-rules.js';
import { submitToWriterThread } from './evaluation-writer.js';
import {
  appendVersions, readRatingState, saveCurrentEvaluations, saveIdempotentResponses, type IdempotentResponse, type NewVersion, type RatingDeclaration, type RatingHandler,
} from './evaluations.repository.js';
import type { EvaluationInput, StoredEvaluation } from './evaluations.schema.js';
import {
  checkRateable, checkRater, declarationFacts, evaluationFacts, presentEvaluation, raterDeclarationNo, windowClosesAt,
  type EvaluationContext, type Rater, type SubmissionMeta,
} from './evaluations.service.js';

/** One submission as queued: the instant it arrived is fixed when it is queued. Plain data: it may cross to the writer's thread. */
export interface Submission {
  ctx: EvaluationContext;
  rater: Rater;
  input: EvaluationInput;
  meta: SubmissionMeta & { now: number };
  /** Of the request, for the idempotency record ('' without a key). */
  requestHash: string;
}

type Settings = Awaited<ReturnType<typeof readSettings>>;

const writers = new WeakMap<Kysely<Database>, Map<string, GroupCommit<Submission, StoredEvaluation>>>();

/**
 * Stores an evaluation (or a revision of it) with everything that belongs to it — the new chained
 * version, the current evaluation, the roll-ups, the case and the idempotency record — in one
 * transaction, shared with the submissions that arrive meanwhile (group commit, src/db/group-commit.ts).
 * Every submission is judged by the same rules, in arrival order, as if it were alone: a revision
 * queued behind the first rating of the same declaration revises it.
 */
export function submitEvaluation(
  db: Kysely<Database>, ctx: EvaluationContext, rater: Rater, input: EvaluationInput, meta: SubmissionMeta,
): Promise<StoredEvaluation> {
  const job: Submission = {
    ctx, rater, input, meta: { ...meta, now: meta.now ?? Date.now() }, requestHash: meta.idempotency ? requestHash(rater, input) : '',
  };
  return submitToWriterThread(db, job) ?? submitHere(db, job);
}

/** Into this thread's group commit for the database (one per rating secret: the chain's hashes depend on it). */
export function submitHere(db: Kysely<Database>, job: Submission): Promise<StoredEvaluation> {
  let bySecret = writers.get(db);
  if (!bySecret) writers.set(db, bySecret = new Map<string, GroupCommit<Submission, StoredEvaluation>>());
  let writer = bySecret.get(job.ctx.secretKey);
  if (!writer) bySecret.set(job.ctx.secretKey, writer = new GroupCommit((jobs) => writeSubmissions(db, job.ctx.secretKey, jobs)));
  return writer.submit(job);
}

function requestHash(rater: Rater, input: EvaluationInput): string {
  return createHash('sha256').update(JSON.stringify([rater, input.overall, input.targets ?? [], input.reasons ?? [], input.comment ?? null])).digest('hex');
}

async function writeSubmissions(db: Kysely<Database>, secret: string, jobs: readonly Submission[]): Promise<Outcome<StoredEvaluation>[]> {
  try {
    return await writeBatch(db, secret, jobs);
  } catch (error) {
    // SQLite: another connection held the write lock for the whole busy timeout. Each job alone would wait as long again.
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return jobs.map(() => ({ ok: false, error }));
    throw error;
  }
}

function writeBatch(db: Kysely<Database>, secret: string, jobs: readonly Submission[]): Promise<Outcome<StoredEvaluation>[]> {
  return withRetry(() => pipelinedTransaction(db, async (trx) => {
    const batch = await SubmissionBatch.load(trx, jobs);
    const outcomes = jobs.map((job): Outcome<StoredEvaluation> => {
      try {
        return { ok: true, value: batch.rate(job) };
      } catch (error) {
        if (error instanceof AppError) return { ok: false, error };
        throw error;
      }
    });
    await batch.write(trx, secret, sqliteOf(db));
    return outcomes;
  }));
}

const idempotencyId = (clientId: number, key: string) => `${clientId}|${key}`;

/**
 * A batch of submissions: everything they read is read once (declarations, handlers, current
 * evaluations, idempotency records, units, settings), each is judged in memory against that state
 * as the earlier ones of the batch left it, and their writes are made once for all.
 */
class SubmissionBatch {
  private readonly versions: NewVersion[] = [];
  private readonly evaluations: Evaluation[] = [];
  private readonly deltas = new RollupDeltas();
  private readonly cases: RatingForCase[] = [];
  private readonly responses: IdempotentResponse[] = [];

  private constructor(
    private readonly declarations: ReadonlyMap<string, RatingDeclaration>,
    private readonly handlers: ReadonlyMap<number, RatingHandler[]>,
    private readonly current: Map<number, Evaluation>,
    private readonly idempotent: Map<string, IdempotentResponse>,
    private readonly units: ReadonlyMap<number, RolloutUnit>,
    private readonly settings: ReadonlyMap<number, Settings>,
    private readonly caseState: CaseState,
  ) {}

  static async load(db: Kysely<Database>, jobs: readonly Submission[]): Promise<SubmissionBatch> {
    const keys = jobs.flatMap((j) => (j.meta.idempotency ? [j.meta.idempotency] : []));
    const numbers = jobs.map((j) => raterDeclarationNo(j.rater)).filter((n): n is string => n !== null);
    const [{ declarations, handlers, current, responses, units, settings: settingRows }, caseState] = await together([
      readRatingState(db, numbers, keys), readCaseState(db, { numbers }),
    ]);
    const settings = new Map<number, Settings>();
    for (const days of new Set(jobs.map((j) => j.ctx.ratingWindowDays))) settings.set(days, settingsFrom(settingRows, settingDefaultsOf({ ratingWindowDays: days })));
    const handlersOf = new Map<number, RatingHandler[]>();
    for (const h of handlers) {
      const list = handlersOf.get(h.declaration_id);
      if (list) list.push(h);
      else handlersOf.set(h.declaration_id, [h]);
    }
    return new SubmissionBatch(
      new Map(declarations.map((d) => [d.declaration_no, d])), handlersOf, new Map(current.map((e) => [e.declaration_id, e])),
      new Map(responses.map((r) => [idempotencyId(r.client_id, r.key), r])), rolloutUnitsFrom(units), settings, caseState,
    );
  }

  /** Judges one submission against the batch's state; when it passes, records its writes and moves the state on. */
  rate(job: Submission): StoredEvaluation {
    const { ctx, rater, input, meta } = job;
    const key = meta.idempotency ? idempotencyId(meta.idempotency.clientId, meta.idempotency.key) : null;
    const earlier = key === null ? undefined : this.idempotent.get(key);
    if (earlier && earlier.request_hash !== job.requestHash) throw new AppError('idempotency_key_reused');
    if (earlier) return JSON.parse(earlier.response_json) as StoredEvaluation;

    const number = raterDeclarationNo(rater);
    const declaration = checkRater(ctx.secretKey, rater, number === null ? undefined : this.declarations.get(number));
    const settings = this.settings.get(ctx.ratingWindowDays)!;
    checkRateable(declaration, this.units, settings.rating_window_days, meta.now);
    const handlers = this.handlers.get(declaration.id) ?? [];
    const current = this.current.get(declaration.id);
    const checked = checkEvaluation(input, {
      office: { id: declaration.office_id, code: declaration.office_code },
      handlers: handlers.map((h) => ({ step: h.step, officerId: h.officer_id, officerCode: h.officer_code, unitId: h.unit_id, unitCode: h.unit_code })),
    });

    const now = meta.now;
    const row: Evaluation = {
      declaration_id: declaration.id, business_id: declaration.declarant_id, version: (current?.version ?? 0) + 1,
      overall: checked.overall, targets_json: JSON.stringify(checked.targets), reasons_json: JSON.stringify(checked.reasons),
      comment: checked.comment, rating_channel: meta.channel, first_submitted_at: current?.first_submitted_at ?? now, submitted_at: now,
    };
    const facts = declarationFacts(declaration, handlers);
    // Out with the declaration as it counted (unrated, or with the previous version), in with the new one.
    this.deltas.add(facts, current ? evaluationFacts(current) : null, this.units, -1);
    this.deltas.add(facts, evaluationFacts(row), this.units, 1);
    const { first_submitted_at: _first, ...versionFields } = row;
    this.versions.push({ ...versionFields, submitted_by: meta.submittedBy, ip: meta.ip });
    this.evaluations.push(row);
    this.current.set(declaration.id, row);
    // Only a low rating opens a case, and only a revision can find one open.
    if (row.version > 1 || needsCase(row.overall, checked.targets, settings.case_threshold_level)) {
      this.cases.push({
        evaluation: {
          declarationId: declaration.id, businessId: declaration.declarant_id, officeId: declaration.office_id, handlers: facts.handlers,
          version: row.version, overall: row.overall, targets: checked.targets,
        },
        who: { actor: { principal: { kind: 'anonymous' }, ip: meta.ip, requestId: null }, kind: 'business', id: declaration.declarant_id, name: meta.submittedBy },
        now, settings,
      });
    }
    const stored = presentEvaluation(row, declaration.declaration_no, windowClosesAt(declaration, settings.rating_window_days)!);
    if (key !== null) {
      const response = {
        client_id: meta.idempotency!.clientId, key: meta.idempotency!.key, request_hash: job.requestHash, status_code: 201,
        response_json: JSON.stringify(stored), created_at: now,
      };
      this.idempotent.set(key, response);
      this.responses.push(response);
    }
    return stored;
  }

  /** `sqlite`: the bare connection the transaction runs on, for the roll-ups' prepared statements. */
  async write(db: Kysely<Database>, secret: string, sqlite: SQLite.Database | undefined): Promise<void> {
    if (sqlite) applyRollupsSqlite(sqlite, this.deltas);
    // Independent writes go together (one round trip on PostgreSQL's pipelined connection).
    const ratingsSaved = saveCurrentEvaluations(db, this.evaluations);
    await together([
      ratingsSaved,
      appendVersions(db, secret, this.versions),
      sqlite ? undefined : applyRollups(db, this.deltas),
      saveIdempotentResponses(db, this.responses),
      openOrReviseCases(db, this.cases, { state: this.caseState, ratingsSaved }),
    ]);
  }
}

/** PostgreSQL: deadlocks, serialisation failures and racing first inserts are retried. */
async function withRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt < 4 && (code === '40P01' || code === '40001' || code === '23505')) continue;
      throw error;
    }
  }
}
