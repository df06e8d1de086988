import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  declarationKinds, exportTypeCodes, handlingSteps, importTypeCodes, isDeclarationKind, isHandlingStep,
  isValidDeclarationNo, isValidTypeCode, parseChannel,
} from './declaration-rules.js';

test('import and export declarations have 12-digit VNACCS numbers', () => {
  for (const kind of ['import', 'export'] as const) {
    for (const value of ['103456789012', '303456789012', '000000000000', '999999999999']) {
      assert.ok(isValidDeclarationNo(kind, value), `${kind} ${value}`);
    }
    for (const value of ['', '10345678901', '1034567890123', '10345678901A', '10345678901-', ' 103456789012', 'HP/2020/0001']) {
      assert.equal(isValidDeclarationNo(kind, value), false, `${kind} ${JSON.stringify(value)}`);
    }
  }
});

test('a dossier number is 1 to 30 of A–Z, 0–9, "/" and "-"', () => {
  for (const value of ['A', '1', 'HP/2020/0001', '03CC-HS-12', '103456789012', 'X'.repeat(30), '/-/-']) {
    assert.ok(isValidDeclarationNo('dossier', value), value);
  }
  for (const value of ['', 'X'.repeat(31), 'hs-1', 'HS 1', 'HS_1', 'HS.1', 'HỒSƠ1', 'HS\\1', 'HS,1']) {
    assert.equal(isValidDeclarationNo('dossier', value), false, JSON.stringify(value));
  }
});

test('import declarations take exactly the import type codes of Decision 1357', () => {
  const expected = ['A11', 'A12', 'A21', 'A31', 'A41', 'A42', 'A43', 'A44', 'E11', 'E13', 'E15', 'E21', 'E23',
    'E31', 'E33', 'E41', 'G11', 'G12', 'G13', 'G14', 'G51', 'C11', 'C21', 'H11'];
  assert.deepEqual([...importTypeCodes].sort(), expected.sort());
  for (const code of importTypeCodes) {
    assert.ok(isValidTypeCode('import', code), code);
    assert.equal(isValidTypeCode('export', code), false, `${code} is not an export code`);
  }
});

test('export declarations take exactly the export type codes of Decision 1357', () => {
  const expected = ['B11', 'B12', 'B13', 'E42', 'E52', 'E54', 'E62', 'E82', 'G21', 'G22', 'G23', 'G24', 'G61',
    'C12', 'C22', 'H21'];
  assert.deepEqual([...exportTypeCodes].sort(), expected.sort());
  for (const code of exportTypeCodes) {
    assert.ok(isValidTypeCode('export', code), code);
    assert.equal(isValidTypeCode('import', code), false, `${code} is not an import code`);
  }
});

test('codes outside the 1357 list, lower-case or empty are refused for import and export', () => {
  for (const kind of ['import', 'export'] as const) {
    for (const code of ['', 'A13', 'B14', 'A45', 'G15', 'Z99', 'a11', 'b11', ' A11', 'A11 ', 'A1']) {
      assert.equal(isValidTypeCode(kind, code), false, `${kind} ${JSON.stringify(code)}`);
    }
  }
});

test('a dossier may have no type code or a short code of its own', () => {
  for (const code of ['', 'A11', 'HS01', 'X', 'ABCDEFGHIJ']) assert.ok(isValidTypeCode('dossier', code), code);
  for (const code of ['ABCDEFGHIJK', 'hs01', 'HS-01', 'HS 01']) assert.equal(isValidTypeCode('dossier', code), false, code);
});

test('the inspection channel is accepted as 1|2|3, green|yellow|red or xanh|vàng|đỏ in any case', () => {
  const spellings: Record<1 | 2 | 3, string[]> = {
    1: ['1', 'green', 'Green', 'GREEN', 'xanh', 'Xanh', 'XANH', ' xanh ', ' 1 '],
    2: ['2', 'yellow', 'Yellow', 'YELLOW', 'vàng', 'Vàng', 'VÀNG', 'va\u0300ng', 'VA\u0300NG'],
    3: ['3', 'red', 'Red', 'RED', 'đỏ', 'Đỏ', 'ĐỎ', 'đo\u0309', 'ĐO\u0309'],
  };
  for (const [channel, words] of Object.entries(spellings)) {
    for (const word of words) assert.equal(parseChannel(word), Number(channel), JSON.stringify(word));
  }
});

test('anything else is not a channel', () => {
  for (const word of ['', '0', '4', '01', '1.0', 'blue', 'xanh lá', 'luồng xanh', 'greenish', 'r']) {
    assert.equal(parseChannel(word), undefined, JSON.stringify(word));
  }
});

test('declaration kinds are import, export and dossier, in lower case', () => {
  assert.deepEqual([...declarationKinds], ['import', 'export', 'dossier']);
  for (const kind of declarationKinds) assert.ok(isDeclarationKind(kind));
  for (const word of ['', 'Import', 'IMPORT', 'transit', 'hồ sơ']) assert.equal(isDeclarationKind(word), false, word);
});

test('handling steps are the five of the contract', () => {
  assert.deepEqual([...handlingSteps], ['reception', 'document_check', 'physical_inspection', 'supervision', 'other']);
  for (const step of handlingSteps) assert.ok(isHandlingStep(step), step);
  for (const word of ['', 'Reception', 'document-check', 'inspection', 'tiếp nhận', 'other ']) {
    assert.equal(isHandlingStep(word), false, JSON.stringify(word));
  }
});
