import { isEligible, type DeclarationFacts, type EligibleCounts, type RolloutUnit } from './rollup-deltas.js';

// The import's worker sums what each batch of new declarations adds to the roll-ups (only
// `eligible` moves). `RollupDeltas` would make a key text per subject of every declaration (~7)
// and look each up; here subjects are numbers, summed under the declaration's day and dimensions,
// and a key text is made once per roll-up row (~1.2 per declaration).

/** Unit ids below this, officer ids below 2^32: `officerId * unitSpan + unitId` is an exact number. */
const unitSpan = 2 ** 21;
const officerLimit = 2 ** 32;

/**
 * `eligibleCounts()` of a `RollupDeltas` to which every declaration was added as new without an
 * evaluation — the same keys and counts, in another order; null when an id is too large for the
 * numeric keys (the caller then sums with `RollupDeltas`).
 */
export function eligibleCountsOfNew(declarations: Iterable<DeclarationFacts>, units: ReadonlyMap<number, RolloutUnit>): EligibleCounts | null {
  const byTail = new Map<string, Map<number, number>>();
  const subjects: number[] = [];
  for (const d of declarations) {
    if (!isEligible(d, units)) continue;
    subjects.length = 0;
    addLineage(subjects, units, d.officeId);
    for (const h of d.handlers) addLineage(subjects, units, h.unitId);
    const unitCount = subjects.length;
    for (const h of d.handlers) {
      if (h.unitId >= unitSpan || h.officerId >= officerLimit) return null;
      let seen = false;
      for (let i = unitCount; i < subjects.length && !seen; i++) seen = Math.floor(subjects[i]! / unitSpan) === h.officerId;
      if (!seen) subjects.push(h.officerId * unitSpan + h.unitId);
    }
    for (let i = 0; i < unitCount; i++) if (subjects[i]! >= unitSpan) return null;
    const tail = `|d|${d.clearedDay!}|${d.kind}|${d.typeCode ?? ''}|${d.channel ?? 0}`;
    let counts = byTail.get(tail);
    if (!counts) byTail.set(tail, (counts = new Map<number, number>()));
    for (const subject of subjects) counts.set(subject, (counts.get(subject) ?? 0) + 1);
  }
  const keys: string[] = [];
  const values: number[] = [];
  for (const [tail, counts] of byTail) {
    for (const [subject, count] of counts) {
      const officerId = Math.floor(subject / unitSpan);
      keys.push(`${officerId}|${subject - officerId * unitSpan}${tail}`);
      values.push(count);
    }
  }
  return { keys, counts: Int32Array.from(values) };
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
