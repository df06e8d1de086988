import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromCopyValue, copyValue } from '../db/pg-copy.js';
import { contentHash } from './content-hash.js';
import type { ValidDeclaration } from './declarations.schema.js';
import { declarationCopyText, handlerCopyText, packDeclarations, unpack, unpackRow } from './packed-declarations.js';

const declaration = (changes: Partial<ValidDeclaration>): ValidDeclaration => {
  const content = {
    declarationNo: '102345678901', kind: 'import' as const, typeCode: 'A11', officeId: 7, declarantTaxCode: '0200123457',
    declarantName: 'Công ty TNHH Vận tải Biển Đông', registeredAt: 1585704600000, registeredDay: '2020-04-01',
    clearedAt: 1585710900000, clearedDay: '2020-04-01', channel: 1,
    handlers: [{ step: 'reception', officerId: 3, unitId: 5 }, { step: 'physical_inspection', officerId: 4, unitId: 6 }],
    ...changes,
  };
  return { ...content, contentHash: contentHash(content) };
};

const rows = [
  declaration({}),
  declaration({ declarationNo: 'HS-2020/001', kind: 'dossier', typeCode: null, channel: null, clearedAt: null, clearedDay: null, handlers: [] }),
  // A name with every character COPY escapes, and the text of its null marker.
  declaration({ declarationNo: '102345678902', declarantName: 'A\tB\nC\rD\\E \\N', declarantTaxCode: '0200123457-001' }),
  declaration({ declarationNo: '102345678903', declarantName: 'Another name, same declarant', handlers: [{ step: 'other', officerId: 2 ** 40, unitId: 1 }] }),
  declaration({ declarationNo: '102345678904', registeredAt: -2208988800000, registeredDay: '1900-01-01', channel: 3 }),
];

test('packed rows unpack to the same rows, nulls, escapes and handlers included', () => {
  const packed = packDeclarations(rows);
  assert.deepEqual(unpack(packed), rows);
  rows.forEach((row, i) => assert.deepEqual(unpackRow(packed, i), row));
  assert.deepEqual(unpack(packDeclarations([])), []);
});

test('a pack names each declarant once, with its first row\'s name', () => {
  const packed = packDeclarations(rows);
  assert.deepEqual(packed.taxCodes, ['0200123457', '0200123457-001']);
  assert.deepEqual(packed.names, ['Công ty TNHH Vận tải Biển Đông', 'A\tB\nC\rD\\E \\N']);
  assert.deepEqual([...packed.declarantOf], [0, 0, 1, 0, 0]);
  assert.deepEqual([...packed.handlerCounts], [2, 0, 2, 1, 2]);
});

test('the COPY text ends each line with the stamps, the declarant id and the row id; handlers with the row id', () => {
  const packed = packDeclarations(rows.slice(0, 3));
  const text = declarationCopyText(packed, [90, 100, 101, 102], 1, [40, 41], 1234);
  const lines = text.split('\n');
  assert.equal(lines.pop(), '');
  assert.equal(lines.length, 3);
  const fields = lines.map((line) => line.split('\t'));
  assert.deepEqual(fields.map((f) => f.slice(-4)), [['1234', '1234', '40', '100'], ['1234', '1234', '40', '101'], ['1234', '1234', '41', '102']]);
  // Fields: number, kind, type, office, name, registered at and day, cleared at and day, channel, hash.
  assert.deepEqual(fields[1]!.slice(0, 11), ['HS-2020/001', 'dossier', '\\N', '7', copyValue(rows[1]!.declarantName), '1585704600000', '2020-04-01', '\\N', '\\N', '\\N', rows[1]!.contentHash]);
  assert.equal(fromCopyValue(fields[2]![4]!), 'A\tB\nC\rD\\E \\N');
  assert.equal(handlerCopyText(packed, [90, 100, 101, 102], 1), '0\treception\t3\t5\t100\n1\tphysical_inspection\t4\t6\t100\n0\treception\t3\t5\t102\n1\tphysical_inspection\t4\t6\t102\n');
});
