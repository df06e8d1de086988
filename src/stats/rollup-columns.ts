import type { RatingChannel, RollupCounters } from '../db/schema.js';

/** How a rating arrived: the declaration software (vendor API), the link / QR code, the portal. */
export const ratingChannels = ['software', 'link', 'portal'] as const satisfies readonly RatingChannel[];

/** Reasons a business may give; required when any level is 3 or lower. */
export const evaluationReasons = [
  'attitude', 'delay', 'harassment', 'misconduct', 'professional_error', 'unclear_guidance', 'other',
] as const;
export type EvaluationReason = (typeof evaluationReasons)[number];

export const levels = [1, 2, 3, 4, 5] as const;

/**
 * The roll-up counters in one fixed order: eligible, then the current evaluations by
 * (rating channel, level), then reasons. A delta is a vector of this length.
 */
export const counterColumns: readonly (keyof RollupCounters)[] = [
  'eligible',
  ...ratingChannels.flatMap((c) => levels.map((l) => `l${l}_${c}` as keyof RollupCounters)),
  ...evaluationReasons.map((r) => `r_${r}` as keyof RollupCounters),
];

export const eligibleIndex = 0;

export function levelIndex(channel: RatingChannel, level: number): number {
  return 1 + ratingChannels.indexOf(channel) * 5 + (level - 1);
}

export function reasonIndex(reason: EvaluationReason): number {
  return 1 + ratingChannels.length * 5 + evaluationReasons.indexOf(reason);
}
