import assert from 'node:assert/strict';
import { test } from 'node:test';
import { declarationNoOfToken, ratingToken, tokenMatches } from './rating-token.js';

const secret = 'a'.repeat(64);

test('a rating token names its declaration and verifies only for it and its declarant', () => {
  const token = ratingToken(secret, '103456789012', '0200123457');
  assert.equal(declarationNoOfToken(token), '103456789012');
  assert.ok(tokenMatches(secret, token, '103456789012', '0200123457'));
  assert.ok(!tokenMatches(secret, token, '103456789013', '0200123457'), 'another declaration');
  assert.ok(!tokenMatches(secret, token, '103456789012', '0301234562'), 'another declarant');
  assert.ok(!tokenMatches('b'.repeat(64), token, '103456789012', '0200123457'), 'another key');
});

test('a token for one declaration cannot be re-pointed at another', () => {
  const token = ratingToken(secret, '103456789012', '0200123457');
  const forged = `${Buffer.from('103456789013').toString('base64url')}.${token.split('.')[1]}`;
  assert.equal(declarationNoOfToken(forged), '103456789013');
  assert.ok(!tokenMatches(secret, forged, '103456789013', '0200123457'));
});

test('malformed tokens are refused before any lookup', () => {
  for (const bad of ['', 'abc', 'abc.def', `${'x'.repeat(60)}.${'y'.repeat(22)}`, `${Buffer.from('abc def').toString('base64url')}.${'y'.repeat(22)}`]) {
    assert.equal(declarationNoOfToken(bad), null, bad);
  }
  const dossier = ratingToken(secret, 'HS/2020-01', '0200123457');
  assert.equal(declarationNoOfToken(dossier), 'HS/2020-01');
});
