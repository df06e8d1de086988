import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hrefWith } from './components.js';
import { formatDay, formatInstant } from './format.js';

test('days and instants are shown as dd/mm/yyyy, instants in Vietnam time', () => {
  assert.equal(formatDay('2020-04-01'), '01/04/2020');
  // 2020-03-31T17:30Z is 00:30 on 1 April in Hai Phong
  assert.equal(formatInstant(Date.UTC(2020, 2, 31, 17, 30)), '01/04/2020 00:30');
});

test('links leave out empty parameters and encode the rest', () => {
  assert.equal(hrefWith('/declarations', { q: '', office: '03CC', page: null, after: '2020-01-01_5' }), '/declarations?office=03CC&after=2020-01-01_5');
  assert.equal(hrefWith('/officers', { q: 'Đỗ & Co' }), '/officers?q=%C4%90%E1%BB%97+%26+Co');
  assert.equal(hrefWith('/units', {}), '/units');
});
