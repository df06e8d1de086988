import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { signWebhookBody, verifyWebhookSignature, webhookSigningKey } from './webhook-signature.js';

const secretKey = 's'.repeat(40);
const body = '{"event":"case.opened","caseId":7,"declarationNo":"100000000001","status":"opened","at":"2020-05-05T03:00:00.000Z","note":"Hải Phòng"}';

test('a vendor’s signing key is HMAC-SHA256(SECRET_KEY, "webhook:" + client id), one per client and per secret', () => {
  assert.equal(webhookSigningKey(secretKey, 2), createHmac('sha256', secretKey).update('webhook:2').digest('hex'));
  assert.match(webhookSigningKey(secretKey, 2), /^[0-9a-f]{64}$/);
  assert.notEqual(webhookSigningKey(secretKey, 2), webhookSigningKey(secretKey, 3));
  assert.notEqual(webhookSigningKey(secretKey, 2), webhookSigningKey('t'.repeat(40), 2));
});

test('the signature is sha256= and the hex HMAC of the raw body, keyed with the signing key as text', () => {
  const key = webhookSigningKey(secretKey, 2);
  assert.equal(signWebhookBody(key, body), `sha256=${createHmac('sha256', Buffer.from(key, 'utf8')).update(Buffer.from(body, 'utf8')).digest('hex')}`);
  assert.equal(signWebhookBody(key, Buffer.from(body)), signWebhookBody(key, body));
});

test('a signature verifies for its body and key only', () => {
  const key = webhookSigningKey(secretKey, 2);
  const signature = signWebhookBody(key, body);
  assert.equal(verifyWebhookSignature(key, body, signature), true);
  assert.equal(verifyWebhookSignature(key, Buffer.from(body), signature.toUpperCase().replace('SHA256=', 'sha256=')), true, 'hex case does not matter');
  assert.equal(verifyWebhookSignature(key, body.replace('7', '8'), signature), false, 'an altered body');
  assert.equal(verifyWebhookSignature(key, `${body} `, signature), false, 'a re-serialised body');
  assert.equal(verifyWebhookSignature(webhookSigningKey(secretKey, 3), body, signature), false, 'another vendor’s key');
  for (const bad of [undefined, '', signature.slice('sha256='.length), `sha1=${signature.slice(7)}`, signature.slice(0, -2), `${signature}00`, 'sha256=' + 'z'.repeat(64)]) {
    assert.equal(verifyWebhookSignature(key, body, bad), false, String(bad));
  }
});
