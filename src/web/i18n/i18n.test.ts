import assert from 'node:assert/strict';
import { test } from 'node:test';
import { en } from './en.js';
import { vi } from './vi.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every message exists in Vietnamese and English, not empty, with the same placeholders', () => {
  assert.deepEqual(Object.keys(en).sort(), Object.keys(vi).sort());
  for (const [key, text] of Object.entries(vi)) {
    const english = en[key as keyof typeof vi];
    assert.ok(text.trim() !== '' && english.trim() !== '', key);
    assert.deepEqual(placeholders(english), placeholders(text), key);
  }
});
