import assert from 'node:assert/strict';
import { test } from 'node:test';
import { completeTaxCode, isValidTaxCode, taxCodeCheckDigit } from './tax-code.js';

// Check digits computed by hand from the rule: 10 − (Σ dᵢ·wᵢ mod 11), weights 31 29 23 19 17 13 7 5 3.
const validCodes = [
  '0100109106', // Viettel: Σ = 114, 114 mod 11 = 4, check digit 6
  '0200123457',
  '0301234562',
  '0312345673',
  '0102030405',
  '1234567893',
  '0300000000', // remainder 10 → check digit 0
  '2000000099', // remainder 1 → check digit 9
];

test('a tax code whose tenth digit is the check digit is valid', () => {
  for (const code of validCodes) assert.ok(isValidTaxCode(code), code);
});

test('every other tenth digit makes the tax code invalid', () => {
  for (const code of validCodes) {
    for (let digit = 0; digit <= 9; digit++) {
      const other = code.slice(0, 9) + String(digit);
      assert.equal(isValidTaxCode(other), other === code, other);
    }
  }
});

test('changing any one of the first nine digits breaks the check digit', () => {
  for (const code of validCodes) {
    for (let position = 0; position < 9; position++) {
      for (let digit = 0; digit <= 9; digit++) {
        if (String(digit) === code[position]) continue;
        const altered = code.slice(0, position) + String(digit) + code.slice(position + 1);
        // Weights are all coprime with 11, so one changed digit always changes the sum mod 11.
        assert.equal(isValidTaxCode(altered), false, altered);
      }
    }
  }
});

test('nine digits whose weighted sum is ≡ 0 (mod 11) have no valid check digit', () => {
  for (const prefix of ['000000000', '100000008', '100000021', '100000033', '100000045']) {
    assert.equal(taxCodeCheckDigit(prefix), null, prefix);
    assert.equal(completeTaxCode(prefix), null, prefix);
    for (let digit = 0; digit <= 9; digit++) assert.equal(isValidTaxCode(prefix + String(digit)), false, prefix + digit);
  }
});

test('each nine-digit prefix has exactly one valid tenth digit, or none when its sum is ≡ 0 (mod 11)', () => {
  let without = 0;
  for (let n = 0; n < 5_000; n++) {
    const prefix = String((n * 7_919_191) % 1_000_000_000).padStart(9, '0');
    const valid = [...'0123456789'].filter((digit) => isValidTaxCode(prefix + digit));
    const completed = completeTaxCode(prefix);
    if (completed === null) without++;
    assert.deepEqual(valid.map((digit) => prefix + digit), completed === null ? [] : [completed], prefix);
  }
  // About one prefix in eleven has no check digit.
  assert.ok(without > 300 && without < 650, `${without} prefixes without a check digit`);
});

test('a branch is a valid ten-digit code, a hyphen and three digits', () => {
  assert.ok(isValidTaxCode('0100109106-001'));
  assert.ok(isValidTaxCode('0100109106-999'));
  assert.equal(isValidTaxCode('0100109107-001'), false, 'the parent part must still be valid');
});

test('anything not shaped as 10 digits or 10 digits + "-" + 3 digits is invalid', () => {
  for (const value of [
    '', '010010910', '01001091060', '0100109106-', '0100109106-01', '0100109106-0001', '0100109106_001',
    '0100109106 001', ' 0100109106', '0100109106 ', '01001O9106', '０１００１０９１０６', '-0100109106',
    '0100109106-00a', '0100109106\n',
  ]) {
    assert.equal(isValidTaxCode(value), false, JSON.stringify(value));
  }
});
