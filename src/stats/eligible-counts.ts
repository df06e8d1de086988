import { eligibleIndex } from './rollup-columns.js';
import { isEligible, RollupDeltas, type DeclarationFacts, type EligibleCounts, type RolloutUnit } from './rollup-deltas.js';

// The import's worker sums what its rows add to the roll-ups as new declarations (only `eligible`
// moves), over as many rows as the writer's transaction takes. `RollupDeltas` would make a key text
// per subject of every declaration (~7) and look each up; here subjects are numbers, summed under the
// declaration's day and dimensions, and a key text is made once per roll-up row.

/** Unit ids below this, officer ids below 2^32: `officerId * unitSpan + unitId` is an exact number. */
const unitSpan = 2 ** 21;
const officerLimit = 2 ** 32;

/**
 * Roll-up rows of one table with only `eligible` set, by column: row i is officer `officerIds[i]`,
 * unit `unitIds[i]`, then the key's other values as the text `tails[tailOf[i]]` joins them with `|`
 * (`grain|period`, and `|kind|type|channel` for the fine table), counting `counts[i]`. Compact to pass
 * between threads, and each tail is split once, not once per row. The rows come in key order, the
 * order of the table's primary key (`compareKeyTails`): PostgreSQL upserts them as they come, without
 * sorting them itself.
 */
export interface SummedTable {
  tails: string[];
  tailOf: Int32Array;
  officerIds: Float64Array;
  unitIds: Float64Array;
  counts: Int32Array;
}

/** The roll-up rows of a sum of new declarations. */
export interface SummedRollupRows {
  fine: SummedTable;
  coarse: SummedTable;
}

/** Builds a `SummedTable`, tail by tail. */
class SummedTableBuilder {
  private readonly tails: string[] = [];
  private readonly tailOf: number[] = [];
  private readonly officerIds: number[] = [];
  private readonly unitIds: number[] = [];
  private readonly counts: number[] = [];

  /** `bySubject`: counts by `officerId * unitSpan + unitId`. */
  addTail(tail: string, bySubject: ReadonlyMap<number, number>): void {
    const index = this.tails.push(tail) - 1;
    for (const [subject, count] of bySubject) {
      if (count === 0) continue;
      const officerId = Math.floor(subject / unitSpan);
      this.push(index, officerId, subject - officerId * unitSpan, count);
    }
  }

  /** One row whose tail is the last one added, or a new one. */
  addRow(tail: string, officerId: number, unitId: number, count: number): void {
    const index = this.tails[this.tails.length - 1] === tail ? this.tails.length - 1 : this.tails.push(tail) - 1;
    this.push(index, officerId, unitId, count);
  }

  /** The rows in key order. */
  build(): SummedTable {
    const { tailOf, officerIds, unitIds, counts } = this;
    const rank = new Int32Array(this.tails.length);
    this.tails.map((tail, i) => ({ parts: tail.split('|'), i })).sort((a, b) => compareKeyTails(a.parts, b.parts)).forEach(({ i }, r) => (rank[i] = r));
    // Each row's key as one number, unique: the rank of its officer and unit, then of its tail. Numbers
    // sort natively; a comparator over three columns took 0.9 s of the worker per 1,000,000 declarations.
    const unitsOf = new Map<number, Set<number>>();
    officerIds.forEach((officer, i) => (unitsOf.get(officer) ?? unitsOf.set(officer, new Set()).get(officer)!).add(unitIds[i]!));
    const pairRank = new Map<number, Map<number, number>>();
    let pairs = 0;
    for (const officer of [...unitsOf.keys()].sort((x, y) => x - y)) {
      pairRank.set(officer, new Map([...unitsOf.get(officer)!].sort((x, y) => x - y).map((unit) => [unit, pairs++])));
    }
    const keys = Float64Array.from(counts, (_, i) => pairRank.get(officerIds[i]!)!.get(unitIds[i]!)! * rank.length + rank[tailOf[i]!]!);
    const rowOf = new Map<number, number>();
    keys.forEach((key, i) => rowOf.set(key, i));
    if (rowOf.size !== keys.length) throw new Error('a summed table with a key twice');
    const order = Int32Array.from(keys.sort(), (key) => rowOf.get(key)!);
    return {
      tails: this.tails, tailOf: Int32Array.from(order, (i) => tailOf[i]!), officerIds: Float64Array.from(order, (i) => officerIds[i]!),
      unitIds: Float64Array.from(order, (i) => unitIds[i]!), counts: Int32Array.from(order, (i) => counts[i]!),
    };
  }

  private push(index: number, officerId: number, unitId: number, count: number): void {
    this.tailOf.push(index);
    this.officerIds.push(officerId);
    this.unitIds.push(unitId);
    this.counts.push(count);
  }
}

/**
 * The order of two keys' values after officer and unit (`grain`, `period` and, in the fine table,
 * `kind`, `type_code`, `channel`), as PostgreSQL orders the primary key: the texts by code point —
 * they are ASCII codes and dates, which every collation orders alike — and the channel as a number.
 */
export function compareKeyTails(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (i === 4) return Number(a[i]) - Number(b[i]);
    return a[i]! < b[i]! ? -1 : 1;
  }
  return 0;
}

/** Adds the counts of `from` to those under `tail` in `into`. */
function mergeUnder(into: Map<string, Map<number, number>>, tail: string, from: ReadonlyMap<number, number>): void {
  let counts = into.get(tail);
  if (!counts) into.set(tail, (counts = new Map<number, number>()));
  for (const [subject, n] of from) counts.set(subject, (counts.get(subject) ?? 0) + n);
}

/** Visits the rows of a summed table: key text as `RollupDeltas.forEachRowText` makes it, and `eligible`. */
export function forEachSummedRow(table: SummedTable, visit: (id: string, eligible: number) => void): void {
  for (let i = 0; i < table.counts.length; i++) visit(`${table.officerIds[i]!}|${table.unitIds[i]!}|${table.tails[table.tailOf[i]!]!}`, table.counts[i]!);
}

/** The rows of a `RollupDeltas` in which only `eligible` moved (the sums of ids too large for numeric subjects). */
function rowsOf(deltas: RollupDeltas): SummedRollupRows {
  const table = (part: 'fine' | 'coarse') => {
    const builder = new SummedTableBuilder();
    deltas.forEachRowText(part, (id, counters, base) => {
      const [officerId, unitId] = id.split('|', 2);
      builder.addRow(id.slice(officerId!.length + unitId!.length + 2), Number(officerId), Number(unitId), counters[base + eligibleIndex]!);
    });
    return builder.build();
  };
  return { fine: table('fine'), coarse: table('coarse') };
}

/**
 * What declarations add to the roll-ups if every one of them is new and has no evaluation: the same
 * rows and counts as `RollupDeltas.add(…, null, …, 1)` of each, summed.
 */
export class NewDeclarationSums {
  private byTail = new Map<string, Map<number, number>>();
  /** Once an id is too large for the numeric keys: every declaration, summed the slow way. */
  private fallback: RollupDeltas | undefined;
  private readonly subjects: number[] = [];

  constructor(private readonly units: ReadonlyMap<number, RolloutUnit>) {}

  add(d: DeclarationFacts): void {
    if (this.fallback) {
      this.fallback.add(d, null, this.units, 1);
      return;
    }
    if (!isEligible(d, this.units)) return;
    const subjects = this.subjects;
    subjects.length = 0;
    addLineage(subjects, this.units, d.officeId);
    for (const h of d.handlers) addLineage(subjects, this.units, h.unitId);
    const unitCount = subjects.length;
    let tooLarge = false;
    for (let i = 0; i < unitCount; i++) tooLarge ||= subjects[i]! >= unitSpan;
    for (const h of d.handlers) {
      tooLarge ||= h.unitId >= unitSpan || h.officerId >= officerLimit;
      let seen = false;
      for (let i = unitCount; i < subjects.length && !seen; i++) seen = Math.floor(subjects[i]! / unitSpan) === h.officerId;
      if (!seen) subjects.push(h.officerId * unitSpan + h.unitId);
    }
    if (tooLarge) {
      this.fallback = this.deltas();
      this.byTail = new Map();
      this.fallback.add(d, null, this.units, 1);
      return;
    }
    const tail = `|d|${d.clearedDay!}|${d.kind}|${d.typeCode ?? ''}|${d.channel ?? 0}`;
    let counts = this.byTail.get(tail);
    if (!counts) this.byTail.set(tail, (counts = new Map<number, number>()));
    for (const subject of subjects) counts.set(subject, (counts.get(subject) ?? 0) + 1);
  }

  /** The fine day rows, as `RollupDeltas.eligibleCounts` would give them (in another order). */
  fineDayCounts(): EligibleCounts {
    if (this.fallback) return this.fallback.eligibleCounts();
    const keys: string[] = [];
    const values: number[] = [];
    for (const [tail, counts] of this.byTail) {
      for (const [subject, count] of counts) {
        const officerId = Math.floor(subject / unitSpan);
        keys.push(`${officerId}|${subject - officerId * unitSpan}${tail}`);
        values.push(count);
      }
    }
    return { keys, counts: Int32Array.from(values) };
  }

  /**
   * Every roll-up row of the sum: the fine day and month rows and the coarse ones. The day rows'
   * sums are summed again by month and without the dimensions, tail by tail, on numeric subjects.
   */
  rows(): SummedRollupRows {
    if (this.fallback) return rowsOf(this.fallback);
    const fine = new SummedTableBuilder();
    const fineMonths = new Map<string, Map<number, number>>();
    const coarseDays = new Map<string, Map<number, number>>();
    const coarseMonths = new Map<string, Map<number, number>>();
    for (const [tail, counts] of this.byTail) {
      // tail: |d|YYYY-MM-DD|kind|type|channel
      const day = tail.slice(3, 13);
      const dimensions = tail.slice(13);
      fine.addTail(`d|${day}${dimensions}`, counts);
      mergeUnder(fineMonths, `m|${day.slice(0, 7)}${dimensions}`, counts);
      mergeUnder(coarseDays, `d|${day}`, counts);
      mergeUnder(coarseMonths, `m|${day.slice(0, 7)}`, counts);
    }
    for (const [tail, counts] of fineMonths) fine.addTail(tail, counts);
    const coarse = new SummedTableBuilder();
    for (const months of [coarseDays, coarseMonths]) for (const [tail, counts] of months) coarse.addTail(tail, counts);
    return { fine: fine.build(), coarse: coarse.build() };
  }

  private deltas(): RollupDeltas {
    if (this.fallback) return this.fallback;
    const deltas = new RollupDeltas();
    deltas.addEligibleCounts(this.fineDayCounts());
    return deltas;
  }
}

/**
 * `eligibleCounts()` of a `RollupDeltas` to which every declaration was added as new without an
 * evaluation — the same keys and counts, in another order.
 */
export function eligibleCountsOfNew(declarations: Iterable<DeclarationFacts>, units: ReadonlyMap<number, RolloutUnit>): EligibleCounts {
  const sums = new NewDeclarationSums(units);
  for (const d of declarations) sums.add(d);
  return sums.fineDayCounts();
}

/** The unit and its ancestors, each once. */
function addLineage(subjects: number[], units: ReadonlyMap<number, RolloutUnit>, unitId: number): void {
  const lineage = units.get(unitId)?.lineage;
  if (!lineage) {
    if (!subjects.includes(unitId)) subjects.push(unitId);
    return;
  }
  for (const id of lineage) if (!subjects.includes(id)) subjects.push(id);
}
