import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containsPatterns, escapeLike, textVariants } from './text-search.js';

test('a search term is tried as typed, lower case, upper case and capitalised, Vietnamese letters included', () => {
  assert.deepEqual(textVariants('  đỗ   văn '), ['đỗ văn', 'ĐỖ VĂN', 'Đỗ Văn']);
  assert.deepEqual(textVariants('cb100'), ['cb100', 'CB100', 'Cb100']);
  assert.deepEqual(textVariants('CB100'), ['CB100', 'cb100', 'Cb100']);
});

test('a blank search term has no spellings (the search matches everything)', () => {
  assert.deepEqual(textVariants('   '), []);
  assert.deepEqual(containsPatterns(''), []);
});

test('search terms are compared in NFC, whatever the keyboard produced', () => {
  const decomposed = 'Nguye\u0302\u0303n';
  assert.equal(textVariants(decomposed)[0], 'Nguyễn');
});

test('LIKE wildcards typed by a user are searched for literally', () => {
  assert.equal(escapeLike('50%_a\\b'), '50\\%\\_a\\\\b');
  assert.deepEqual(containsPatterns('%'), ['%\\%%']);
});
