import type { CaseStatus } from '../db/schema.js';
import { addWorkingDays } from '../calendar/working-days.js';
import type { ResolvedTarget } from '../evaluations/evaluation-rules.js';

/** The closed loop's rules — pure, no I/O. */

export const findings = ['violation_confirmed', 'not_confirmed', 'partly'] as const;
export type Finding = (typeof findings)[number];
export const actions = ['none', 'reminder', 'criticism', 'discipline'] as const;
export type CaseAction = (typeof actions)[number];

export const staffTransitions = ['acknowledge', 'verify', 'conclude', 'respond'] as const;
export type StaffTransition = (typeof staffTransitions)[number];
export type BusinessAnswer = 'accept' | 'dispute';

/** Which status each action leaves from and goes to. */
export const transitionTable: Record<StaffTransition | BusinessAnswer | 'auto_close', { from: readonly CaseStatus[]; to: CaseStatus }> = {
  acknowledge: { from: ['opened'], to: 'acknowledged' },
  verify: { from: ['acknowledged', 'disputed'], to: 'verifying' },
  conclude: { from: ['verifying'], to: 'concluded' },
  respond: { from: ['concluded'], to: 'responded' },
  accept: { from: ['responded'], to: 'closed' },
  dispute: { from: ['responded'], to: 'disputed' },
  auto_close: { from: ['responded'], to: 'closed' },
};

export function canTransition(status: CaseStatus, transition: keyof typeof transitionTable): boolean {
  return transitionTable[transition].from.includes(status);
}

/** A case opens when the overall level or any target level is at or below the threshold. */
export function lowestLevel(overall: number, targets: readonly Pick<ResolvedTarget, 'level'>[]): number {
  return Math.min(overall, ...targets.map((t) => t.level));
}

export function needsCase(overall: number, targets: readonly Pick<ResolvedTarget, 'level'>[], threshold: number): boolean {
  return lowestLevel(overall, targets) <= threshold;
}

/**
 * The lowest responsible unit: the team (credited on the registration day) of the lowest-rated
 * officer, else the office.
 */
export function responsibleUnit(
  officeId: number, targets: readonly ResolvedTarget[], handlers: readonly { officerId: number; unitId: number }[],
): number {
  const officerTargets = targets.filter((t) => t.type === 'officer' && t.id !== null).sort((a, b) => a.level - b.level);
  const lowest = officerTargets[0];
  if (!lowest) return officeId;
  return handlers.find((h) => h.officerId === lowest.id)?.unitId ?? officeId;
}

export interface Deadlines {
  acknowledgeDue: string;
  concludeDue: string;
}

export function deadlinesFrom(openedDay: string, ackDays: number, concludeDays: number, holidays: ReadonlySet<string>): Deadlines {
  return { acknowledgeDue: addWorkingDays(openedDay, ackDays, holidays), concludeDue: addWorkingDays(openedDay, concludeDays, holidays) };
}

/** Working days a business has to accept or dispute a response. */
export const answerWorkingDays = 10;

/** Overdue: the due day has passed (a deadline is met on its due day). */
export function isOverdue(dueDay: string, today: string): boolean {
  return today > dueDay;
}
