import type { Lang } from '../errors.js';
import { formatNumber } from '../web/i18n/index.js';

// Figures as a reader of the language writes them: 95,5 % and 4,52 in Vietnamese; 95.5% and 4.52
// in English. A missing figure (nothing eligible, nothing rated) is a dash, never 0.

const dash = '—';

/** A share 0..1 as a percentage, with one decimal unless told otherwise. */
export function formatShare(lang: Lang, share: number | null, decimals = 1): string {
  if (share === null) return dash;
  const number = formatNumber(lang, share * 100, decimals);
  return lang === 'vi' ? `${number}\u00a0%` : `${number}%`;
}

export function formatInterval(lang: Lang, ci: readonly [number, number] | null): string {
  return ci === null ? dash : `${formatShare(lang, ci[0])} – ${formatShare(lang, ci[1])}`;
}

export function formatMean(lang: Lang, mean: number | null): string {
  return mean === null ? dash : formatNumber(lang, mean, 2);
}

export function formatCount(lang: Lang, count: number): string {
  return formatNumber(lang, count);
}

/** A number of working days: whole, or with one decimal when it is a median between two. */
export function formatDays(lang: Lang, days: number | null): string {
  return days === null ? dash : formatNumber(lang, days, Number.isInteger(days) ? 0 : 1);
}
