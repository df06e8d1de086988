import type { Kysely } from 'kysely';
import type { Database, OfficerAssignment } from '../db/schema.js';
import { AppError } from '../errors.js';
import { optionalDay, requiredField, type Row, type RowOutcome } from '../imports/import-runner.js';
import { SeenKeys } from '../imports/seen-keys.js';
import { parseDay } from '../shared/time.js';
import {
  findOfficersByCodes, insertAssignment, insertOfficer, listAssignments, renameOfficer, updateAssignment,
} from './officers.repository.js';
import { findUnitsByCodes } from '../units/units.repository.js';
import { reattributeHandlings } from './reattribution.service.js';
import { audit, systemActor } from '../audit/audit.service.js';

export const officerCodePattern = /^[A-Za-z0-9_.-]{1,40}$/;

/** One row of officers.csv: one assignment of one officer. */
export interface OfficerRow {
  code: string;
  fullName: string;
  unitCode: string;
  from: string;
  to: string | null;
}

export function validateOfficerRow(fields: Record<string, unknown>): OfficerRow {
  const code = requiredField(fields, 'officer_code', 40);
  if (!officerCodePattern.test(code)) throw new AppError('invalid_officer_code', { value: code });
  const from = optionalDay(fields, 'from', parseDay);
  if (from === null) throw new AppError('missing_field', { field: 'from' });
  const to = optionalDay(fields, 'to', parseDay);
  if (to !== null && to < from) throw new AppError('invalid_assignment_period');
  return { code, fullName: requiredField(fields, 'full_name', 200), unitCode: requiredField(fields, 'unit_code', 40), from, to };
}

type Period = Pick<OfficerAssignment, 'from_day' | 'to_day'>;

function overlaps(a: Period, b: Period): boolean {
  const aEnd = a.to_day ?? '9999-12-31';
  const bEnd = b.to_day ?? '9999-12-31';
  return a.from_day <= bEnd && b.from_day <= aEnd;
}

/**
 * Applies a batch of assignment rows in one transaction. An assignment is identified by officer and
 * first day: the same row again is unchanged, a new unit or last day updates it. Assignments of one
 * officer may not overlap; unknown units are rejected, never created. An assignment already in
 * `seen` is rejected as duplicate_in_file naming its first line (the first row wins), so importing
 * the same file twice changes nothing. An import passes one set for the whole file; by default a
 * repeat is caught within the batch. The declarations an officer handled on days whose unit the
 * batch changed are credited to the unit of the new history (`reattributeHandlings`).
 */
export async function writeOfficerRows(
  db: Kysely<Database>, rows: Row<OfficerRow>[], seen = new SeenKeys(rows.length * 2), now = Date.now(),
): Promise<RowOutcome[]> {
  return db.transaction().execute(async (trx) => {
    const unitCodes = [...new Set(rows.map((r) => r.value.unitCode))];
    const units = await findUnitsByCodes(trx, unitCodes);
    const unitId = new Map(units.map((u) => [u.code, Number(u.id)]));
    const officers = await findOfficersByCodes(trx, [...new Set(rows.map((r) => r.value.code))]);
    const officerByCode = new Map(officers.map((o) => [o.code, { id: Number(o.id), name: o.full_name }]));
    const history = new Map<number, OfficerAssignment[]>();
    for (const a of await listAssignments(trx, officers.map((o) => o.id))) {
      history.set(a.officer_id, [...(history.get(a.officer_id) ?? []), a]);
    }
    // The stored histories as they were, to move the declarations of officers whose history the batch changed.
    const stored = new Map([...history].map(([id, assignments]) => [id, assignments.map((a) => ({ ...a }))]));
    const changed = new Map<number, string>(); // officer id → code
    const outcomes: RowOutcome[] = [];
    for (const { line, value: row } of rows) {
      const key = `${row.code}, ${row.from}`;
      const firstLine = seen.firstSeen(key, line);
      if (firstLine !== undefined) { outcomes.push(new AppError('duplicate_in_file', { value: key, line: firstLine })); continue; }
      const unit = unitId.get(row.unitCode);
      if (unit === undefined) { outcomes.push(new AppError('unknown_unit', { value: row.unitCode })); continue; }
      let officer = officerByCode.get(row.code);
      const assignments = officer ? (history.get(officer.id) ?? []) : [];
      const same = assignments.find((a) => a.from_day === row.from);
      const period = { from_day: row.from, to_day: row.to };
      if (assignments.some((a) => a !== same && overlaps(a, period))) {
        outcomes.push(new AppError('overlapping_assignment', { value: row.code }));
        continue;
      }
      let outcome: RowOutcome = 'unchanged';
      if (!officer) {
        officer = { id: await insertOfficer(trx, row.code, row.fullName, now), name: row.fullName };
        officerByCode.set(row.code, officer);
        outcome = 'created';
      } else if (officer.name !== row.fullName) {
        await renameOfficer(trx, officer.id, row.fullName, now);
        officer.name = row.fullName;
        outcome = 'updated';
      }
      if (!same) {
        const id = await insertAssignment(trx, { officer_id: officer.id, unit_id: unit, ...period });
        assignments.push({ id, officer_id: officer.id, unit_id: unit, ...period });
        history.set(officer.id, assignments);
        if (outcome === 'unchanged') outcome = 'created';
        changed.set(officer.id, row.code);
      } else if (same.unit_id !== unit || same.to_day !== row.to) {
        await updateAssignment(trx, same.id, unit, row.to);
        Object.assign(same, { unit_id: unit, to_day: row.to });
        if (outcome === 'unchanged') outcome = 'updated';
        changed.set(officer.id, row.code);
      }
      outcomes.push(outcome);
    }
    // Officers new in this batch handled no declaration yet: only stored ones can have any to move.
    for (const [id, code] of changed) {
      if (!stored.has(id)) continue;
      const moved = await reattributeHandlings(trx, id, stored.get(id)!, history.get(id)!);
      if (moved > 0) await audit(trx, systemActor, { action: 'reattribute', entity: 'officer', entityId: code, after: { declarationsMoved: moved } }, now);
    }
    return outcomes;
  });
}
