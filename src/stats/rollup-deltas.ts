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

/**
 * Deltas of a batch of changes, summed per roll-up row before anything is written. A file import's
 * transaction sums tens of thousands of declarations, so a row is kept compactly: its key text
 * (`officer|unit|grain|period`, then `|kind|type|channel` for the fine table) and its counters in
 * one shared typed array; row objects are made only when the rows are read out.
 *
 * Only the fine table's day rows are summed declaration by declaration; the three other tables
 * (fine by month, coarse by day and by month) are sums of them, made once when the rows are read:
 * a declaration's month row and coarse rows follow from its fine day row (drop the day, drop the
 * dimensions). A declaration touches ~7 subjects: 7 sums instead of 28.
 */
export class RollupDeltas {
  private readonly fineDays = new DeltaTable();
  private derived: { coarse: DeltaTable; fineMonths: DeltaTable } | undefined;

  /**
   * Adds (sign 1) or removes (sign -1) what a declaration contributes. The feed's hot path: keys are
   * built once per subject.
   */
  add(declaration: DeclarationFacts, evaluation: EvaluationFacts | null, units: ReadonlyMap<number, RolloutUnit>, sign: 1 | -1): void {
    if (!isEligible(declaration, units)) return;
    this.derived = undefined;
    const tail = `|d|${declaration.clearedDay!}|${declaration.kind}|${declaration.typeCode ?? ''}|${declaration.channel ?? 0}`;
    for (const subject of subjectsOf(declaration, units)) {
      const { officerId, unitId } = subject;
      const level = evaluation
        ? (officerId === 0 ? evaluation.unitLevels.get(unitId) : evaluation.officerLevels.get(officerId)) ?? evaluation.overall
        : 0;
      this.fineDays.bump(`${officerId}|${unitId}${tail}`, nonZeroCounters(evaluation, level), sign);
    }
  }

  /**
   * A sum of new declarations, where only `eligible` moves (`add(…, null, …, 1)` only), as key
   * texts and counts of the fine day rows: compact to pass between threads.
   */
  eligibleCounts(): EligibleCounts {
    return this.fineDays.eligibleCounts();
  }

  /** Adds counts made by `eligibleCounts`. */
  addEligibleCounts(counts: EligibleCounts): void {
    this.derived = undefined;
    this.fineDays.addEligible(counts);
  }

  /**
   * Visits every row whose delta is not all zero, in no particular order: its key parts
   * (`officer, unit, grain, period`, then `kind, type, channel` for the fine table) and its counters,
   * `counters[base]` to `counters[base + counterColumns.length - 1]` (valid during the visit).
   */
  forEachRow(table: 'coarse' | 'fine', visit: (key: string[], counters: Int32Array, base: number) => void): void {
    this.forEachRowText(table, (id, counters, base) => visit(id.split('|'), counters, base));
  }

  /** The same rows with their keys as text: the key's values joined by `|`, the fine table's null type code as ''. */
  forEachRowText(table: 'coarse' | 'fine', visit: (id: string, counters: Int32Array, base: number) => void): void {
    const derived = this.derive();
    if (table === 'coarse') {
      derived.coarse.forEachRowText(visit);
    } else {
      this.fineDays.forEachRowText(visit);
      derived.fineMonths.forEachRowText(visit);
    }
  }

  /** The fine month rows and the coarse rows, summed from the fine day rows. */
  private derive(): { coarse: DeltaTable; fineMonths: DeltaTable } {
    if (this.derived) return this.derived;
    const coarse = new DeltaTable();
    const fineMonths = new DeltaTable();
    this.fineDays.forEachSlot((id, eligible, vector) => {
      // id: officer|unit|d|YYYY-MM-DD|kind|type|channel
      const grainAt = id.indexOf('|', id.indexOf('|') + 1) + 1;
      const subject = id.slice(0, grainAt);
      const month = id.slice(grainAt + 2, grainAt + 9);
      const dims = id.slice(grainAt + 12);
      coarse.addRow(id.slice(0, grainAt + 12), eligible, vector);
      coarse.addRow(`${subject}m|${month}`, eligible, vector);
      fineMonths.addRow(`${subject}m|${month}${dims}`, eligible, vector);
    });
    return (this.derived = { coarse, fineMonths });
  }
}

/** Roll-up rows by key text and what they add to `eligible`. */
export interface EligibleCounts {
  keys: string[];
  counts: Int32Array;
}

/** Changes when a unit's lineage or roll-out dates change: deltas summed with other units do not apply. */
export function rolloutFingerprint(units: ReadonlyMap<number, RolloutUnit>): string {
  return JSON.stringify([...units.values()].sort((a, b) => a.id - b.id).map((u) => [u.id, u.lineage, u.pilotFrom, u.pilotTo, u.liveFrom]));
}

const width = counterColumns.length;

/**
 * Counter vectors by key text. A new declaration moves only `eligible` (an import sums hundreds of
 * thousands of such rows in one transaction), so `eligible` has its own growable Int32Array, one
 * count per row, and a full vector is made only for a row where another counter moves (a rating).
 */
class DeltaTable {
  private readonly slots = new Map<string, number>();
  private eligible = new Int32Array(64);
  private readonly wide = new Map<number, Int32Array>();

  bump(id: string, indexes: readonly number[], sign: 1 | -1): void {
    const slot = this.slotOf(id);
    for (const i of indexes) {
      if (i === eligibleIndex) {
        this.eligible[slot]! += sign;
        continue;
      }
      this.vectorOf(slot)[i]! += sign;
    }
  }

  /** Adds a row's `eligible` and, when it has one, its vector (whose own `eligible` is not read). */
  addRow(id: string, eligible: number, vector: Int32Array | undefined): void {
    const slot = this.slotOf(id);
    this.eligible[slot]! += eligible;
    if (!vector) return;
    const sum = this.vectorOf(slot);
    for (let i = 0; i < width; i++) if (i !== eligibleIndex) sum[i]! += vector[i]!;
  }

  eligibleCounts(): EligibleCounts {
    const keys: string[] = [];
    const counts = new Int32Array(this.slots.size);
    for (const [id, slot] of this.slots) {
      counts[keys.length] = this.eligible[slot]!;
      keys.push(id);
    }
    return { keys, counts };
  }

  addEligible({ keys, counts }: EligibleCounts): void {
    keys.forEach((id, i) => {
      const slot = this.slotOf(id); // first: it may grow (replace) the array
      this.eligible[slot]! += counts[i]!;
    });
  }

  private vectorOf(slot: number): Int32Array {
    let vector = this.wide.get(slot);
    if (!vector) this.wide.set(slot, (vector = new Int32Array(width)));
    return vector;
  }

  private slotOf(id: string): number {
    let slot = this.slots.get(id);
    if (slot === undefined) {
      slot = this.slots.size;
      this.slots.set(id, slot);
      if (slot >= this.eligible.length) {
        const grown = new Int32Array(this.eligible.length * 2);
        grown.set(this.eligible);
        this.eligible = grown;
      }
    }
    return slot;
  }

  /** Every row as kept: key text, `eligible`, and the vector of the other counters if any moved. */
  forEachSlot(visit: (id: string, eligible: number, vector: Int32Array | undefined) => void): void {
    for (const [id, slot] of this.slots) visit(id, this.eligible[slot]!, this.wide.get(slot));
  }

  forEachRowText(visit: (id: string, counters: Int32Array, base: number) => void): void {
    const eligibleOnly = new Int32Array(width); // only its `eligible` is ever set
    this.forEachSlot((id, eligible, vector) => {
      if (vector) {
        vector[eligibleIndex] = eligible; // a copy: bump() keeps `eligible` in its own array
        if (!isZero(vector)) visit(id, vector, 0);
      } else if (eligible !== 0) {
        eligibleOnly[eligibleIndex] = eligible;
        visit(id, eligibleOnly, 0);
      }
    });
  }
}

function isZero(counters: Int32Array): boolean {
  for (let i = 0; i < counters.length; i++) if (counters[i] !== 0) return false;
  return true;
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
