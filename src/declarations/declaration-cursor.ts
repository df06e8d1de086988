import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { parseDay } from '../shared/time.js';
import type { DeclarationKey } from './declaration-list.repository.js';

/**
 * Keyset cursors of the declaration list. Inside: `2020-05-04_8812` (cleared on that day, id 8812),
 * `_9120` (not cleared yet, id 9120), or a declaration number when the list is ordered by number.
 * In links they are sealed (AES-256-GCM under a key derived from SECRET_KEY): a scan that stops on
 * a row outside the reader's scope must not show that row's number or day, and a forged cursor is
 * refused.
 */
export type ListOrder = 'clearance' | 'number';

function plainCursor(key: DeclarationKey): string {
  if (key.segment === 'number') return `n:${key.no}`;
  if (key.segment === 'uncleared') return `_${key.id}`;
  return `${key.day}_${key.id}`;
}

const clearanceCursor = /^(\d{4}-\d{2}-\d{2})?_(\d{1,15})$/;
const numberCursor = /^n:([A-Z0-9/-]{1,30})$/;

function parsePlain(order: ListOrder, text: string): DeclarationKey | null {
  if (order === 'number') {
    const match = numberCursor.exec(text);
    return match ? { segment: 'number', no: match[1]! } : null;
  }
  const match = clearanceCursor.exec(text);
  if (!match) return null;
  const id = Number(match[2]);
  if (match[1] === undefined) return { segment: 'uncleared', id };
  const day = parseDay(match[1]);
  return day === null ? null : { segment: 'cleared', day, id };
}

const keys = new Map<string, Buffer>();
function cursorKey(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = createHmac('sha256', secret).update('declaration-cursor').digest();
    keys.set(secret, key);
  }
  return key;
}

export function encodeCursor(secret: string, key: DeclarationKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', cursorKey(secret), iv);
  const sealed = Buffer.concat([cipher.update(plainCursor(key), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** The key a cursor names, or null when the text is not a sealed cursor of this order. */
export function decodeCursor(secret: string, order: ListOrder, text: string): DeclarationKey | null {
  const raw = /^[A-Za-z0-9_-]{40,120}$/.test(text) ? Buffer.from(text, 'base64url') : null;
  if (!raw || raw.length < 29) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', cursorKey(secret), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    return parsePlain(order, plain);
  } catch {
    return null;
  }
}
