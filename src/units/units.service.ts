import type { Kysely } from 'kysely';
import { applyRolloutChange, recountAllRollups } from '../stats/rollup-rebuild.service.js';
import type { Database, Unit } from '../db/schema.js';
import { AppError } from '../errors.js';
import { optionalDay, requiredField, field, type Row, type RowOutcome } from '../imports/import-runner.js';
import { parseDay } from '../shared/time.js';
import { insertUnit, listUnits, searchUnits, setUnitPath, updateUnit } from './units.repository.js';
import { unitTree, type UnitNode } from './unit-tree.js';
import { unitKinds, type UnitInput, type UnitKind } from './units.schema.js';

export const unitCodePattern = /^[A-Za-z0-9_.-]{1,40}$/;

/** Checks one row of units.csv. */
export function validateUnitRow(fields: Record<string, unknown>): UnitInput {
  const code = requiredField(fields, 'code', 40);
  if (!unitCodePattern.test(code)) throw new AppError('invalid_unit_code', { value: code });
  const parentCode = field(fields, 'parent_code') || null;
  if (parentCode === code) throw new AppError('unit_cycle', { value: code });
  const kind = requiredField(fields, 'kind').toLowerCase();
  if (!(unitKinds as readonly string[]).includes(kind)) throw new AppError('invalid_unit_kind', { value: kind });
  const pilotFrom = optionalDay(fields, 'pilot_from', parseDay);
  const pilotTo = optionalDay(fields, 'pilot_to', parseDay);
  if ((pilotFrom === null) !== (pilotTo === null) || (pilotFrom && pilotTo && pilotFrom > pilotTo)) {
    throw new AppError('invalid_pilot_window');
  }
  return {
    code, parentCode, kind: kind as UnitKind, pilotFrom, pilotTo,
    nameVi: requiredField(fields, 'name_vi'), nameEn: requiredField(fields, 'name_en'),
    liveFrom: optionalDay(fields, 'live_from', parseDay),
  };
}

function sameUnit(unit: Unit, input: UnitInput, parentId: number | null): boolean {
  return unit.parent_id === parentId && unit.name_vi === input.nameVi && unit.name_en === input.nameEn &&
    unit.kind === input.kind && unit.pilot_from === input.pilotFrom && unit.pilot_to === input.pilotTo &&
    unit.live_from === input.liveFrom;
}

/**
 * Decides which rows can apply: each needs a parent that exists (in the database or among the
 * accepted rows) and must not close a cycle. Returns the reason for each row it turns down.
 */
function screenRows(existing: Unit[], rows: Row<UnitInput>[]): Map<number, AppError> {
  const rejected = new Map<number, AppError>();
  const firstLine = new Map<string, number>();
  rows.forEach((row, i) => {
    const seen = firstLine.get(row.value.code);
    if (seen === undefined) firstLine.set(row.value.code, row.line);
    else rejected.set(i, new AppError('duplicate_in_file', { value: row.value.code, line: seen }));
  });
  const codeById = new Map(existing.map((u) => [u.id, u.code]));
  const dbParent = new Map(existing.map((u) => [u.code, u.parent_id === null ? null : codeById.get(u.parent_id)!]));
  for (let changed = true; changed; ) {
    changed = false;
    const parent = new Map(dbParent);
    rows.forEach((row, i) => { if (!rejected.has(i)) parent.set(row.value.code, row.value.parentCode); });
    rows.forEach((row, i) => {
      if (rejected.has(i)) return;
      const p = row.value.parentCode;
      if (p !== null && !parent.has(p)) {
        rejected.set(i, new AppError('unknown_parent_unit', { value: p }));
        changed = true;
        return;
      }
      for (let at = p, steps = 0; at !== null && at !== undefined; at = parent.get(at) ?? null, steps++) {
        if (at === row.value.code || steps > parent.size) {
          rejected.set(i, new AppError('unit_cycle', { value: row.value.code }));
          changed = true;
          return;
        }
      }
    });
  }
  return rejected;
}

/** Recomputes every unit's materialised path and depth from the parent links. */
async function refreshPaths(db: Kysely<Database>): Promise<void> {
  const units = await listUnits(db);
  const byId = new Map(units.map((u) => [u.id, u]));
  const pathOf = (u: Unit): string => (u.parent_id === null ? `/${u.id}/` : `${pathOf(byId.get(u.parent_id)!)}${u.id}/`);
  for (const unit of units) {
    const path = pathOf(unit);
    const depth = path.split('/').length - 3;
    if (path !== unit.path || depth !== unit.depth) await setUnitPath(db, unit.id, path, depth);
  }
}

/** Applies a whole units file in one transaction: parents first, then paths refreshed. */
export async function writeUnitRows(db: Kysely<Database>, rows: Row<UnitInput>[], now = Date.now()): Promise<RowOutcome[]> {
  return db.transaction().execute(async (trx) => {
    const existing = await listUnits(trx);
    const rejected = screenRows(existing, rows);
    const outcomes: RowOutcome[] = rows.map((_, i) => rejected.get(i) ?? 'unchanged');
    const byCode = new Map(existing.map((u) => [u.code, u]));
    const idByCode = new Map(existing.map((u) => [u.code, u.id]));
    const pending = rows.map((row, i) => ({ row, i })).filter(({ i }) => !rejected.has(i));
    let reparented = false;
    // Insert in waves: a row whose parent has an id can be written now.
    while (pending.length > 0) {
      const ready = pending.filter(({ row }) => row.value.parentCode === null || idByCode.has(row.value.parentCode));
      for (const { row, i } of ready) {
        const input = row.value;
        const parentId = input.parentCode === null ? null : idByCode.get(input.parentCode)!;
        const current = byCode.get(input.code);
        if (!current) {
          idByCode.set(input.code, await insertUnit(trx, input, parentId, now));
          outcomes[i] = 'created';
        } else if (!sameUnit(current, input, parentId)) {
          await updateUnit(trx, current.id, input, parentId, now);
          await applyRolloutChange(trx, current.id, { pilotFrom: current.pilot_from, pilotTo: current.pilot_to, liveFrom: current.live_from });
          if (current.parent_id !== parentId) reparented = true;
          outcomes[i] = 'updated';
        }
        pending.splice(pending.findIndex((p) => p.i === i), 1);
      }
      if (ready.length === 0) throw new Error('units: unresolvable parents after screening');
    }
    await refreshPaths(trx);
    // A unit under another parent changes every ancestor's figures: recount them all.
    if (reparented) await recountAllRollups(trx);
    return outcomes;
  });
}

export interface UnitBrowse {
  query: string;
  tree: UnitNode[];
  /** Units the search found; null without a search. */
  matchCount: number | null;
}

/** The unit tree for the /units page, pruned to the search's matches and their ancestors. */
export async function browseUnits(db: Kysely<Database>, query: string): Promise<UnitBrowse> {
  const units = await listUnits(db);
  const term = query.trim();
  if (term === '') return { query: term, tree: unitTree(units), matchCount: null };
  const matches = await searchUnits(db, term);
  return { query: term, tree: unitTree(units, matches), matchCount: matches.length };
}
