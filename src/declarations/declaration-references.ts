import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AssignmentPeriod } from '../officers/assignment-periods.js';
import { listAllAssignments } from '../officers/officers.repository.js';
import { listUnits } from '../units/units.repository.js';
import type { DeclarationReferences } from './declaration-validation.js';

/** Plain, cloneable reference data: it crosses to the import worker thread as is. */
export interface ReferenceData {
  offices: [code: string, id: number][];
  officers: [code: string, id: number, periods: [unitId: number, from: string, to: string | null][]][];
}

export async function loadReferenceData(db: Kysely<Database>): Promise<ReferenceData> {
  const units = await listUnits(db);
  const officers = new Map<string, ReferenceData['officers'][number]>();
  for (const row of await listAllAssignments(db)) {
    let officer = officers.get(row.code);
    if (!officer) officers.set(row.code, (officer = [row.code, Number(row.id), []]));
    if (row.unit_id !== null && row.from_day !== null) officer[2].push([Number(row.unit_id), row.from_day, row.to_day]);
  }
  // Declarations are lodged at customs offices (Chi cục): a team's or the department's code is not one.
  return { offices: units.filter((u) => u.kind === 'office').map((u) => [u.code, Number(u.id)]), officers: [...officers.values()] };
}

/** The assignment histories, by officer id. */
export function assignmentHistories(data: ReferenceData): Map<number, AssignmentPeriod[]> {
  return new Map(data.officers.map(([, id, periods]) => [id, periods.map(([unit_id, from_day, to_day]) => ({ unit_id, from_day, to_day }))]));
}

/**
 * Units and officers' assignment histories held in memory for one import or request: a feed of
 * millions of rows checks each handler without a query. (Tens of thousands of officers fit easily.)
 */
export function referencesFrom(data: ReferenceData): DeclarationReferences {
  const officeIds = new Map(data.offices);
  const officers = new Map(data.officers.map(([code, id, periods]) => [code, {
    id,
    unitOn: (day: string) => periods.find(([, from, to]) => from <= day && (to === null || to >= day))?.[0],
  }]));
  return { officeId: (code) => officeIds.get(code), officer: (code) => officers.get(code) };
}

export async function loadDeclarationReferences(db: Kysely<Database>): Promise<DeclarationReferences> {
  return referencesFrom(await loadReferenceData(db));
}
