import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { errorsDoc } from '../scripts/errors-doc.js';
import { AppError, errorCatalogue, errorMessage, type ErrorCode } from './errors.js';

const codes = Object.keys(errorCatalogue) as ErrorCode[];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every error code is stable snake_case with an HTTP error status', () => {
  for (const code of codes) {
    assert.match(code, /^[a-z]+(_[a-z]+)*$/, code);
    const { status } = errorCatalogue[code];
    assert.ok(Number.isInteger(status) && status >= 400 && status <= 599, `${code}: ${status}`);
  }
});

test('every error has a Vietnamese and an English message with the same placeholders', () => {
  for (const code of codes) {
    const { vi, en } = errorCatalogue[code];
    assert.ok(vi.trim() !== '' && en.trim() !== '', code);
    assert.notEqual(vi, en, `${code}: the Vietnamese message is not the English one`);
    assert.deepEqual(placeholders(vi), placeholders(en), code);
  }
});

test('only internal_error is a 5xx: nothing a user sends is the server’s fault', () => {
  assert.deepEqual(codes.filter((code) => errorCatalogue[code].status >= 500), ['internal_error']);
});

test('messages are filled from the params, in both languages', () => {
  assert.equal(errorMessage('too_many_items', 'vi', { max: 1000 }), 'Tối đa 1000 mục mỗi lần gửi');
  assert.equal(errorMessage('too_many_items', 'en', { max: 1000 }), 'At most 1000 items per request');
  const error = new AppError('duplicate_in_file', { value: '103456789012', line: 2 });
  assert.equal(error.status, 400);
  assert.deepEqual(error.toJSON('req-1'), {
    error: {
      code: 'duplicate_in_file',
      message: {
        vi: 'Giá trị "103456789012" đã có ở dòng 2 của cùng tệp',
        en: '"103456789012" already appears at line 2 of the same file',
      },
      params: { value: '103456789012', line: 2 },
      requestId: 'req-1',
    },
  });
});

test('docs/errors.md lists every code and is up to date with the catalogue', () => {
  const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
  const listed = new Set([...doc.matchAll(/^\| `(\w+)` \| (\d{3}) \|/gm)].map((m) => m[1]));
  assert.deepEqual(codes.filter((code) => !listed.has(code)), [], 'codes missing from docs/errors.md');
  assert.equal(doc, errorsDoc(), 'docs/errors.md is stale: run node --import tsx scripts/errors-doc.ts > docs/errors.md');
});
