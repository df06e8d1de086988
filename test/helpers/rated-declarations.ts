import assert from 'node:assert/strict';
import { systemActor } from '../../src/audit/audit.service.js';
import type { Db } from '../../src/db/database.js';
import { submitDeclarations } from '../../src/declarations/declarations.service.js';
import type { EvaluationInput } from '../../src/evaluations/evaluations.schema.js';
import { submitEvaluation } from '../../src/evaluations/evaluation-submission.service.js';
import { ratingToken } from '../../src/evaluations/rating-token.js';
import { updateSettings } from '../../src/settings/settings.js';
import { declarationItem, importNo } from './fixtures.js';

/** The secret of testApp's configuration (test/helpers/app.ts): rating tokens made here open its declarations. */
export const ratingSecret = 'k'.repeat(40);
export const ratedComment = 'Ý kiến riêng ZX-9137: công chức gây khó dễ';
export const ratedBusinessName = 'Công ty Bí Ẩn Đặc Biệt ZX';
export const ratedTaxCode = '0200123457';

const at = (day: string, time = '10:00') => `${day}T${time}:00+07:00`;

function item(n: number, office: string, day: string, officers: string[]) {
  return declarationItem(n, {
    officeCode: office, registeredAt: at(day, '08:00'), clearedAt: at(day), declarantName: ratedBusinessName,
    handlers: officers.map((officerCode, i) => ({ step: i === 0 ? 'reception' : 'physical_inspection', officerCode })),
  });
}

async function rate(db: Db, n: number, day: string, input: EvaluationInput) {
  const rater = { kind: 'token' as const, token: ratingToken(ratingSecret, importNo(n), ratedTaxCode) };
  await submitEvaluation(db.kysely, { secretKey: ratingSecret, ratingWindowDays: 30 }, rater, input, {
    channel: 'software', submittedBy: 'test', ip: null, now: Date.parse(at(day, '16:00')),
  });
}

/**
 * Into the test organisation (loaded already, with declaration 1: 03CC, 1/4/2020, CC001 + CC002,
 * not rated): six more declarations of 2020 by one business with a distinctive name, five rated
 * (two with a distinctive comment); groups are ranked from 2 evaluations. Hand-computed figures:
 * HP 7 eligible / 5 rated (levels 2,3,4,5,5) · 03CC 6 / 4 (5,4,2,3) · 03EE 1 / 1 (5) ·
 * 03CC-T1 4 / 2 (5,4) · 03CC-T2 3 / 2 (2,3) · CC001 4 / 2 · CC002 3 / 2; reasons delay 1, attitude 1.
 */
export async function addRatedDeclarations(db: Db): Promise<void> {
  const results = await submitDeclarations(db, [
    item(2, '03CC', '2020-06-15', ['CC001']), item(3, '03CC', '2020-06-20', ['CC001']), item(4, '03CC', '2020-07-05', ['CC002']),
    item(5, '03EE', '2020-07-10', ['EE001']), item(6, '03CC', '2020-08-01', ['CC001']), item(7, '03CC', '2020-08-02', ['CC002']),
  ], 'en');
  assert.ok(results.every((r) => r.status === 'created'), JSON.stringify(results));
  await rate(db, 2, '2020-06-16', { overall: 5, comment: ratedComment });
  await rate(db, 3, '2020-06-21', { overall: 4 });
  await rate(db, 4, '2020-07-06', { overall: 2, reasons: ['delay'], comment: ratedComment });
  await rate(db, 5, '2020-07-11', { overall: 5 });
  await rate(db, 7, '2020-08-03', { overall: 3, reasons: ['attitude'] });
  // Small minimums, so that these few ratings are ranked and shown to the officers rated (CC001's June: 2).
  await updateSettings(db.kysely, { rankable_min_evaluations: '2', officer_min_evaluations: '2' }, systemActor);
}
