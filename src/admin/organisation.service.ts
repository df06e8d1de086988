import type { Kysely } from 'kysely';
import { audit, type Actor } from '../audit/audit.service.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import { findOfficersByCodes, insertAssignment, listAssignments, updateAssignment } from '../officers/officers.repository.js';
import { reattributeHandlings } from '../officers/reattribution.service.js';
import { addDays, parseDay } from '../shared/time.js';
import { applyRolloutChange } from '../stats/rollup-rebuild.service.js';
import { findUnitByCode, setUnitRollout } from '../units/units.repository.js';

function optionalDay(value: string | undefined, field: string): string | null {
  if (!value) return null;
  const day = parseDay(value);
  if (!day) throw new AppError('invalid_date', { field, value });
  return day;
}

/** Changes a unit's pilot window and live-from date (admin page). */
export async function updateUnitRollout(
  db: Kysely<Database>, code: string, input: { pilot_from?: string; pilot_to?: string; live_from?: string }, actor: Actor, now = Date.now(),
): Promise<void> {
  const pilotFrom = optionalDay(input.pilot_from, 'pilot_from');
  const pilotTo = optionalDay(input.pilot_to, 'pilot_to');
  const liveFrom = optionalDay(input.live_from, 'live_from');
  if ((pilotFrom === null) !== (pilotTo === null) || (pilotFrom && pilotTo && pilotFrom > pilotTo)) throw new AppError('invalid_pilot_window');
  await db.transaction().execute(async (trx) => {
    const unit = await findUnitByCode(trx, code);
    if (!unit) throw new AppError('not_found');
    await setUnitRollout(trx, unit.id, { pilotFrom, pilotTo, liveFrom }, now);
    await applyRolloutChange(trx, unit.id, { pilotFrom: unit.pilot_from, pilotTo: unit.pilot_to, liveFrom: unit.live_from });
    await audit(trx, actor, {
      action: 'update_rollout', entity: 'unit', entityId: code,
      before: { pilotFrom: unit.pilot_from, pilotTo: unit.pilot_to, liveFrom: unit.live_from }, after: { pilotFrom, pilotTo, liveFrom },
    }, now);
  });
}

/**
 * Transfers an officer to another unit from a day: the assignment covering that day ends the day
 * before, a new one starts. A transfer recorded late (from a day in the past) moves the declarations
 * the officer handled from that day on to the new unit, figures included. Returns how many moved.
 */
export async function transferOfficer(db: Kysely<Database>, officerCode: string, unitCode: string, from: string, actor: Actor): Promise<number> {
  const day = optionalDay(from, 'from');
  if (!day) throw new AppError('missing_field', { field: 'from' });
  return db.transaction().execute(async (trx) => {
    const [officer] = await findOfficersByCodes(trx, [officerCode]);
    if (!officer) throw new AppError('not_found');
    const unit = await findUnitByCode(trx, unitCode.trim());
    if (!unit) throw new AppError('unknown_unit', { value: unitCode });
    const history = await listAssignments(trx, [officer.id]);
    if (history.some((a) => a.from_day >= day)) throw new AppError('overlapping_assignment', { value: officerCode });
    const current = history.find((a) => a.to_day === null || a.to_day >= day);
    if (current) await updateAssignment(trx, current.id, current.unit_id, addDays(day, -1));
    await insertAssignment(trx, { officer_id: officer.id, unit_id: unit.id, from_day: day, to_day: null });
    const moved = await reattributeHandlings(trx, officer.id, history, await listAssignments(trx, [officer.id]));
    await audit(trx, actor, {
      action: 'transfer', entity: 'officer', entityId: officerCode,
      before: current ? { unitId: current.unit_id, to: current.to_day } : null, after: { unitCode: unit.code, from: day, declarationsMoved: moved },
    });
    return moved;
  });
}
