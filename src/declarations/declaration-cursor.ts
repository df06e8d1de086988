import { parseDay } from '../shared/time.js';
import type { DeclarationKey } from './declaration-list.repository.js';

/**
 * Keyset cursors of the declaration list, as they appear in links: `2020-05-04_8812` (cleared on
 * that day, id 8812), `_9120` (not cleared yet, id 9120), or a declaration number when the list is
 * ordered by number.
 */
export type ListOrder = 'clearance' | 'number';

export function encodeCursor(key: DeclarationKey): string {
  if (key.segment === 'number') return key.no;
  if (key.segment === 'uncleared') return `_${key.id}`;
  return `${key.day}_${key.id}`;
}

const clearanceCursor = /^(\d{4}-\d{2}-\d{2})?_(\d{1,15})$/;
const numberCursor = /^[A-Z0-9/-]{1,30}$/;

/** The key a cursor names, or null when the text is not a cursor of this order. */
export function decodeCursor(order: ListOrder, text: string): DeclarationKey | null {
  if (order === 'number') return numberCursor.test(text) ? { segment: 'number', no: text } : null;
  const match = clearanceCursor.exec(text);
  if (!match) return null;
  const id = Number(match[2]);
  if (match[1] === undefined) return { segment: 'uncleared', id };
  const day = parseDay(match[1]);
  return day === null ? null : { segment: 'cleared', day, id };
}
