import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { listAllAssignments } from '../officers/officers.repository.js';
import { listUnits } from '../units/units.repository.js';
import type { DeclarationReferences } from './declaration-validation.js';

interface Period {
  unitId: number;
  from: string;
  to: string | null;
}

/**
 * Units and officers' assignment histories, held in memory for one import or request: a feed of
 * millions of rows checks each handler without a query. (Tens of thousands of officers fit easily.)
 */
export async function loadDeclarationReferences(db: Kysely<Database>): Promise<DeclarationReferences> {
  const units = await listUnits(db);
  const officeIds = new Map(units.map((u) => [u.code, Number(u.id)]));
  const officers = new Map<string, { id: number; periods: Period[] }>();
  for (const row of await listAllAssignments(db)) {
    let officer = officers.get(row.code);
    if (!officer) officers.set(row.code, (officer = { id: Number(row.id), periods: [] }));
    if (row.unit_id !== null && row.from_day !== null) {
      officer.periods.push({ unitId: Number(row.unit_id), from: row.from_day, to: row.to_day });
    }
  }
  return {
    officeId: (code) => officeIds.get(code),
    officer(code) {
      const officer = officers.get(code);
      if (!officer) return undefined;
      return {
        id: officer.id,
        unitOn: (day) => officer.periods.find((p) => p.from <= day && (p.to === null || p.to >= day))?.unitId,
      };
    },
  };
}
