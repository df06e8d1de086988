import { addWorkingDays } from '../calendar/working-days.js';
import type { ProblemStatus, ProblemTopic } from '../db/schema.js';

/** The rules of problem resolution (vướng mắc) — pure, no I/O. */

export const problemTopics = ['classification', 'valuation', 'origin', 'procedure', 'it_system', 'inspection', 'other'] as const satisfies readonly ProblemTopic[];

export function isProblemTopic(value: string): value is ProblemTopic {
  return (problemTopics as readonly string[]).includes(value);
}

/** Limits shared by the schemas, the services and the forms. */
export const problemLimits = {
  questionMaxLength: 4000,
  answerMaxLength: 8000,
  commentMaxLength: 2000,
  maxAttachments: 5,
  /** 10 MB per file. */
  maxAttachmentBytes: 10 * 1024 * 1024,
} as const;

/**
 * The workflow: an officer or leader of the assigned unit drafts an answer (and may rewrite it while
 * it waits), a leader approves it — it is then sent to the business — or returns it for a new draft.
 */
export const problemTransitions = {
  draft: { from: ['received', 'drafted'], to: 'drafted' },
  approve: { from: ['drafted'], to: 'answered' },
  return: { from: ['drafted'], to: 'received' },
} as const satisfies Record<string, { from: readonly ProblemStatus[]; to: ProblemStatus }>;
export type ProblemTransition = keyof typeof problemTransitions;

export function canTransitionProblem(status: ProblemStatus, transition: ProblemTransition): boolean {
  return (problemTransitions[transition].from as readonly ProblemStatus[]).includes(status);
}

export type ProblemRouting = 'declaration' | 'frequent_office' | 'department';

/**
 * Which unit answers a problem: the office that handled the declaration, when the business names
 * one; else the office where the business lodged most declarations (ties: the lower unit id);
 * else — a business with no declaration on record — the department (the root of the unit tree).
 */
export function routeProblem(facts: { declarationOfficeId: number | null; frequentOfficeId: number | null; departmentId: number }): { unitId: number; routing: ProblemRouting } {
  if (facts.declarationOfficeId !== null) return { unitId: facts.declarationOfficeId, routing: 'declaration' };
  if (facts.frequentOfficeId !== null) return { unitId: facts.frequentOfficeId, routing: 'frequent_office' };
  return { unitId: facts.departmentId, routing: 'department' };
}

/** The last day to send the answer: `workingDays` Vietnamese working days after the day it was received. */
export function problemDueDay(receivedDay: string, workingDays: number, holidays: ReadonlySet<string>): string {
  return addWorkingDays(receivedDay, workingDays, holidays);
}

/** Answered on time: sent to the business on or before its due day. */
export function answeredOnTime(p: { answered_day: string | null; due_day: string }): boolean {
  return p.answered_day !== null && p.answered_day <= p.due_day;
}

/** Overdue: not answered yet, and its due day has passed. */
export function problemOverdue(p: { status: ProblemStatus; due_day: string }, today: string): boolean {
  return p.status !== 'answered' && today > p.due_day;
}

/** A rating of the answer: a whole level 1–5. */
export function isLevel(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
}
