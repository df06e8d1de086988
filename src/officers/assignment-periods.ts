import { addDays } from '../shared/time.js';

/** One assignment as stored: the unit from its first day to its last (inclusive; null while current). */
export interface AssignmentPeriod {
  unit_id: number;
  from_day: string;
  to_day: string | null;
}

/** Days from `from` to `to` inclusive; `to` null: with no end. */
export interface DayRange {
  from: string;
  to: string | null;
}

/** The unit of the assignment covering the day, if any (assignments of one officer never overlap). */
export function unitOnDay(history: readonly AssignmentPeriod[], day: string): number | undefined {
  return history.find((a) => a.from_day <= day && (a.to_day === null || day <= a.to_day))?.unit_id;
}

/**
 * The days on which two histories of one officer name a different unit (or one names a unit and the
 * other none), as few ranges as possible, oldest first. Both histories are constant between their
 * assignments' first days and the days after their last days: one day of each such stretch decides it.
 */
export function changedRanges(before: readonly AssignmentPeriod[], after: readonly AssignmentPeriod[]): DayRange[] {
  const bounds = [...new Set([...before, ...after].flatMap((a) => (a.to_day === null ? [a.from_day] : [a.from_day, addDays(a.to_day, 1)])))].sort();
  const ranges: DayRange[] = [];
  bounds.forEach((start, i) => {
    if (unitOnDay(before, start) === unitOnDay(after, start)) return;
    const to = i + 1 < bounds.length ? addDays(bounds[i + 1]!, -1) : null;
    const last = ranges[ranges.length - 1];
    if (last && last.to !== null && addDays(last.to, 1) === start) last.to = to;
    else ranges.push({ from: start, to });
  });
  return ranges;
}
