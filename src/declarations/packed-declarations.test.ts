import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TupleReader } from '../db/pg-copy-binary.js';
import { contentHash } from './content-hash.js';
import type { ValidDeclaration } from './declarations.schema.js';
import { packDeclarations, stampDeclarations, stampHandlers, unpack, unpackRow } from './packed-declarations.js';

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

/** The values of each tuple: `read` takes them from a reader at the tuple's start. */
const tuplesOf = <T>(bytes: Uint8Array, ends: Int32Array, read: (reader: TupleReader) => T): T[] =>
  Array.from(ends, (_, i) => read(new TupleReader(bytes, i === 0 ? 0 : ends[i - 1]!)));

test('stamped tuples end with the stamps, the declarant id and the row id; handlers with the row id', () => {
  const packed = packDeclarations(rows.slice(0, 3));
  const tuples = stampDeclarations(packed, [90, 100, 101, 2 ** 40 + 3], 1, [40, 2 ** 33], 1585704600123);
  const values = tuplesOf(tuples, packed.ends, (r) => [
    r.text(), r.text(), r.text(), r.int8(), r.text(), r.int8(), r.text(), r.int8(), r.text(), r.int4(), r.text(), r.int8(), r.int8(), r.int8(), r.int8(),
  ]);
  assert.deepEqual(values.map((v) => v.slice(-4)), [
    [1585704600123, 1585704600123, 40, 100], [1585704600123, 1585704600123, 40, 101], [1585704600123, 1585704600123, 2 ** 33, 2 ** 40 + 3],
  ]);
  // Fields: number, kind, type, office, name, registered at and day, cleared at and day, channel, hash; nulls as nulls.
  assert.deepEqual(values[1]!.slice(0, 11), ['HS-2020/001', 'dossier', null, 7, 'Công ty TNHH Vận tải Biển Đông', 1585704600000, '2020-04-01', null, null, null, rows[1]!.contentHash]);
  assert.equal(values[2]![4], 'A\tB\nC\rD\\E \\N');
  const handlers = tuplesOf(stampHandlers(packed, [90, 100, 101, 2 ** 40 + 3], 1), packed.handlerEnds, (r) => [r.int4(), r.text(), r.int8(), r.int8(), r.int8()]);
  assert.deepEqual(handlers, [
    [0, 'reception', 3, 5, 100], [1, 'physical_inspection', 4, 6, 100], [0, 'reception', 3, 5, 2 ** 40 + 3], [1, 'physical_inspection', 4, 6, 2 ** 40 + 3],
  ]);
});
