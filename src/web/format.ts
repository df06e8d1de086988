import { vietnamDay, vietnamOffsetMs } from '../shared/time.js';

// Dates as people in Vietnam write them (dd/mm/yyyy), in both languages; times in Vietnam time.

/** 'YYYY-MM-DD' → 'dd/mm/yyyy'. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/** Epoch ms → 'dd/mm/yyyy HH:mm' in Vietnam time (UTC+7). */
export function formatInstant(epochMs: number): string {
  const time = new Date(epochMs + vietnamOffsetMs).toISOString().slice(11, 16);
  return `${formatDay(vietnamDay(epochMs))} ${time}`;
}

/** A unit's name in the reader's language. */
export function localName(lang: 'vi' | 'en', named: { name_vi: string; name_en: string }): string {
  return lang === 'vi' ? named.name_vi : named.name_en;
}
