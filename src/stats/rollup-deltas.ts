import type { RatingChannel } from '../db/schema.js';
import { counterColumns, eligibleIndex, levelIndex, reasonIndex, type EvaluationReason } from './rollup-columns.js';

/**
 * What a declaration (and its current evaluation) adds to the roll-ups — pure, no I/O.
 *
 * Attribution (issue 4): a declaration counts for every officer who handled it (credited to the unit
 * the officer belonged to on the registration day), for that unit and every ancestor of it, and for
 * its office and the office's ancestors — once per subject. A unit's level is the level the business
 * gave that unit as a target, else the overall level; an officer's likewise.
 */
export interface RolloutUnit {
  id: number;
  /** Ids from the root down to the unit itself. */
  lineage: readonly number[];
  pilotFrom: string | null;
  pilotTo: string | null;
  liveFrom: string | null;
}

export interface DeclarationFacts {
  clearedDay: string | null;
  kind: string;
  typeCode: string | null;
  channel: number | null;
  officeId: number;
  /** Officer and the unit credited (the officer's unit on the registration day). */
  handlers: readonly { officerId: number; unitId: number }[];
}

/** Targets as stored: unit targets (office, team) and officer targets resolved to ids. */
export interface EvaluationFacts {
  overall: number;
  ratingChannel: RatingChannel;
  unitLevels: ReadonlyMap<number, number>;
  officerLevels: ReadonlyMap<number, number>;
  reasons: readonly EvaluationReason[];
}

/** True when the unit rated declarations on that day: in its pilot period or live. */
export function inRollout(unit: Pick<RolloutUnit, 'pilotFrom' | 'pilotTo' | 'liveFrom'>, day: string): boolean {
  if (unit.pilotFrom && unit.pilotFrom <= day && (!unit.pilotTo || day <= unit.pilotTo)) return true;
  return unit.liveFrom !== null && unit.liveFrom <= day;
}

export function isEligible(declaration: DeclarationFacts, units: ReadonlyMap<number, RolloutUnit>): boolean {
  const office = units.get(declaration.officeId);
  return declaration.clearedDay !== null && office !== undefined && inRollout(office, declaration.clearedDay);
}

export interface RollupKey {
  officerId: number;
  unitId: number;
  grain: 'd' | 'm';
  period: string;
}
export interface FineRollupKey extends RollupKey {
  kind: string;
  typeCode: string;
  channel: number;
}
export interface RollupRow<K> {
  key: K;
  counters: number[];
}

/** Deltas of a batch of changes, summed per roll-up row before anything is written. */
export class RollupDeltas {
  readonly coarse = new Map<string, RollupRow<RollupKey>>();
  readonly fine = new Map<string, RollupRow<FineRollupKey>>();

  /**
   * Adds (sign 1) or removes (sign -1) what a declaration contributes. The feed's hot path: keys are
   * built once per subject and row objects only when a row is new.
   */
  add(declaration: DeclarationFacts, evaluation: EvaluationFacts | null, units: ReadonlyMap<number, RolloutUnit>, sign: 1 | -1): void {
    if (!isEligible(declaration, units)) return;
    const day = declaration.clearedDay!;
    const month = day.slice(0, 7);
    const kind = declaration.kind;
    const typeCode = declaration.typeCode ?? '';
    const channel = declaration.channel ?? 0;
    const dims = `|${kind}|${typeCode}|${channel}`;
    for (const subject of subjectsOf(declaration, units)) {
      const { officerId, unitId } = subject;
      const level = evaluation
        ? (officerId === 0 ? evaluation.unitLevels.get(unitId) : evaluation.officerLevels.get(officerId)) ?? evaluation.overall
        : 0;
      const counters = nonZeroCounters(evaluation, level);
      const dayId = `${officerId}|${unitId}|d|${day}`;
      const monthId = `${officerId}|${unitId}|m|${month}`;
      bump(this.coarse, dayId, counters, sign, officerId, unitId, 'd', day, null);
      bump(this.coarse, monthId, counters, sign, officerId, unitId, 'm', month, null);
      bump(this.fine, dayId + dims, counters, sign, officerId, unitId, 'd', day, { kind, typeCode, channel });
      bump(this.fine, monthId + dims, counters, sign, officerId, unitId, 'm', month, { kind, typeCode, channel });
    }
  }

  /** Rows whose delta is not all zero, in key order (a fixed lock order for concurrent writers). */
  coarseRows(): RollupRow<RollupKey>[] {
    return nonZeroSorted(this.coarse);
  }

  fineRows(): RollupRow<FineRollupKey>[] {
    return nonZeroSorted(this.fine);
  }
}

function subjectsOf(declaration: DeclarationFacts, units: ReadonlyMap<number, RolloutUnit>): { officerId: number; unitId: number }[] {
  const unitIds = new Set<number>(units.get(declaration.officeId)?.lineage ?? [declaration.officeId]);
  const officers = new Map<number, number>();
  for (const h of declaration.handlers) {
    for (const id of units.get(h.unitId)?.lineage ?? [h.unitId]) unitIds.add(id);
    if (!officers.has(h.officerId)) officers.set(h.officerId, h.unitId);
  }
  return [
    ...[...unitIds].map((unitId) => ({ officerId: 0, unitId })),
    ...[...officers].map(([officerId, unitId]) => ({ officerId, unitId })),
  ];
}

/** The indexes of the counters a declaration adds 1 to (most declarations: only `eligible`). */
const eligibleOnly: readonly number[] = [eligibleIndex];

function nonZeroCounters(evaluation: EvaluationFacts | null, level: number): readonly number[] {
  if (!evaluation) return eligibleOnly;
  return [eligibleIndex, levelIndex(evaluation.ratingChannel, level), ...evaluation.reasons.map(reasonIndex)];
}

function bump<K extends RollupKey>(
  map: Map<string, RollupRow<K>>, id: string, indexes: readonly number[], sign: 1 | -1,
  officerId: number, unitId: number, grain: 'd' | 'm', period: string, dims: Omit<FineRollupKey, keyof RollupKey> | null,
): void {
  let row = map.get(id);
  if (!row) {
    row = { key: (dims ? { officerId, unitId, grain, period, ...dims } : { officerId, unitId, grain, period }) as K, counters: new Array<number>(counterColumns.length).fill(0) };
    map.set(id, row);
  }
  for (const i of indexes) row.counters[i]! += sign;
}

function nonZeroSorted<K>(map: Map<string, RollupRow<K>>): RollupRow<K>[] {
  return [...map.entries()]
    .filter(([, row]) => row.counters.some((c) => c !== 0))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, row]) => row);
}
