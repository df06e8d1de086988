import assert from 'node:assert/strict';
import type { DataScope } from '../../src/auth/scope.js';
import type { Db } from '../../src/db/database.js';
import { submitDeclarations } from '../../src/declarations/declarations.service.js';
import type { EvaluationInput } from '../../src/evaluations/evaluations.schema.js';
import { submitEvaluation } from '../../src/evaluations/evaluation-submission.service.js';
import { ratingToken } from '../../src/evaluations/rating-token.js';
import type { StatsQuery } from '../../src/stats/stats.schema.js';
import { computeStats } from '../../src/stats/stats.service.js';
import { declarationItem, importNo, loadOrganisation, type LoadedOrganisation } from './fixtures.js';

// Five declarations of summer 2020, rated by hand: the figures' tests and the re-attribution's.

const secret = 's'.repeat(40);
const ctx = { secretKey: secret, ratingWindowDays: 30 };
export const all: DataScope = { kind: 'all' };

function at(day: string, time = '10:00'): string {
  return `${day}T${time}:00+07:00`;
}

export function item(n: number, office: string, day: string, handlers: [string, string][], overrides: Record<string, unknown> = {}) {
  return declarationItem(n, {
    officeCode: office, registeredAt: at(day, '08:00'), clearedAt: at(day),
    handlers: handlers.map(([step, officerCode]) => ({ step, officerCode })), ...overrides,
  });
}

export async function rate(db: Db, n: number, day: string, input: EvaluationInput) {
  return submitEvaluation(db.kysely, ctx, { kind: 'token', token: ratingToken(secret, importNo(n), '0200123457') }, input, {
    channel: 'software', submittedBy: 'test', ip: null, now: Date.parse(at(day, '16:00')),
  });
}

/**
 * Five declarations of summer 2020. TR001 is in 03CC-T1 until 30/6 and in 03EE-T1 from 1/7.
 * D1 03CC 15/6 CC001+TR001 rated 5, TR001 targeted 2 · D2 03EE 10/7 EE001+TR001 rated 4 ·
 * D3 03CC 11/7 CC001+CC002 not rated · D4 03CC 20/3 (before the pilot: not eligible) ·
 * D5 03CC 1/8 CC002 rated 3, team 03CC-T2 targeted 1.
 */
export async function summer2020(db: Db): Promise<LoadedOrganisation> {
  const org = await loadOrganisation(db);
  const results = await submitDeclarations(db, [
    item(1, '03CC', '2020-06-15', [['reception', 'CC001'], ['document_check', 'TR001']]),
    item(2, '03EE', '2020-07-10', [['reception', 'EE001'], ['document_check', 'TR001']]),
    item(3, '03CC', '2020-07-11', [['reception', 'CC001'], ['physical_inspection', 'CC002']]),
    item(4, '03CC', '2020-03-20', [['reception', 'CC001']]),
    item(5, '03CC', '2020-08-01', [['physical_inspection', 'CC002']]),
  ], 'en');
  assert.deepEqual(results.map((r) => r.status), ['created', 'created', 'created', 'created', 'created']);
  await rate(db, 1, '2020-06-16', { overall: 5, targets: [{ type: 'officer', code: 'TR001', level: 2 }], reasons: ['delay'] });
  await rate(db, 2, '2020-07-11', { overall: 4 });
  await rate(db, 5, '2020-08-02', { overall: 3, targets: [{ type: 'team', code: '03CC-T2', level: 1 }], reasons: ['attitude'] });
  return org;
}

export const summer = { from: '2020-06-01', to: '2020-08-31' };

export async function levelsOf(db: Db, query: StatsQuery, scope: DataScope = all) {
  const { total } = await computeStats(db.kysely, scope, { ...summer, ...query });
  return { eligible: total.eligible, evaluated: total.evaluated, levels: total.levels };
}

export const lv = (l: Partial<Record<1 | 2 | 3 | 4 | 5, number>>) => ({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, ...l });

