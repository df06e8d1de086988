import type { Lang } from '../../errors.js';
import { en } from './en.js';
import { vi, type MessageKey } from './vi.js';

export type Messages = Record<MessageKey, string>;
const catalogues: Record<Lang, Messages> = { vi, en };

export function messages(lang: Lang): Messages {
  return catalogues[lang];
}

/** Numbers as a reader of the language writes them (1.234,5 in Vietnamese; 1,234.5 in English). */
export function formatNumber(lang: Lang, value: number, fractionDigits = 0): string {
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits,
  }).format(value);
}

export type { MessageKey };

/** Fills `{name}` placeholders of a catalogue message. */
export function fillMessage(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
