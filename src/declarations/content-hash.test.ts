import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareContent, contentHash } from './content-hash.js';
import type { ValidDeclaration } from './declarations.schema.js';

const base: Omit<ValidDeclaration, 'contentHash'> = {
  declarationNo: '102345678901', kind: 'import', typeCode: 'A11', officeId: 7, declarantTaxCode: '0200123457',
  declarantName: 'Công ty TNHH Vận tải Biển Đông', registeredAt: 1585704600000, registeredDay: '2020-04-01',
  clearedAt: 1585710900000, clearedDay: '2020-04-01', channel: 1,
  handlers: [{ step: 'reception', officerId: 3, unitId: 5 }, { step: 'physical_inspection', officerId: 4, unitId: 6 }],
};
const row = (changes: Partial<ValidDeclaration> = {}): ValidDeclaration => {
  const content = { ...base, ...changes };
  return { ...content, contentHash: contentHash(content) };
};

test('the content hash is 16 hex digits, the same for the same content', () => {
  assert.match(row().contentHash, /^[0-9a-f]{16}$/);
  // Stored with every declaration: a change of the hash would make the next import update every row.
  assert.equal(row().contentHash, '080e954782eb96b2');
  assert.equal(row().contentHash, contentHash(structuredClone(base)));
});

test('every field the feed sends changes the hash, nulls and field boundaries included', () => {
  const variants: Partial<ValidDeclaration>[] = [
    { declarationNo: '102345678902' }, { kind: 'export' }, { typeCode: null }, { typeCode: 'A12' }, { officeId: 8 },
    { declarantTaxCode: '0200123458' }, { declarantName: 'Công ty TNHH Vận tải Biển Đong' }, { registeredAt: 1585704600001 },
    { registeredAt: -2208988800000 }, { clearedAt: null }, { clearedAt: 0 }, { channel: null }, { channel: 0 }, { channel: 2 },
    { handlers: [...base.handlers].reverse() }, { handlers: base.handlers.slice(0, 1) }, { handlers: [] },
    { handlers: [{ ...base.handlers[0]!, step: 'supervision' }, base.handlers[1]!] },
    { handlers: [{ ...base.handlers[0]!, officerId: 9 }, base.handlers[1]!] },
    { handlers: [{ ...base.handlers[0]!, unitId: 9 }, base.handlers[1]!] },
    { declarantTaxCode: '020012345', declarantName: `7${base.declarantName}` },
  ];
  const hashes = new Set([row().contentHash, ...variants.map((v) => row(v).contentHash)]);
  assert.equal(hashes.size, variants.length + 1);
});

test('a stored hash of either version is recognised: the 32-digit MD5 of earlier versions, or the 16-digit one', () => {
  const legacy = '0c3e016676ec8d1a630af36481acc23e'; // stored by the MD5 version for `base`
  assert.equal(compareContent(legacy, row()), 'rehash');
  assert.equal(compareContent(legacy, row({ channel: 2 })), 'changed');
  assert.equal(compareContent(row().contentHash, row()), 'same');
  assert.equal(compareContent(row({ channel: 2 }).contentHash, row()), 'changed');
  assert.equal(compareContent('0'.repeat(32), row()), 'changed');
});
