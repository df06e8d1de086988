import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyRange, prefixUpperBound } from './declaration-key-range.js';

const noFilter = { numberPrefix: null, clearedFrom: null, clearedTo: null };

test('a number prefix range ends just after the last number with that prefix', () => {
  assert.equal(prefixUpperBound('1034'), '1035');
  assert.equal(prefixUpperBound('1039'), '103:');
  assert.ok('103999999999' < prefixUpperBound('1039') && '1040' >= prefixUpperBound('1039'));
  assert.equal(prefixUpperBound('HS/'), 'HS0');
});

test('a read keeps one bound a side: the tightest of the filter, the cursor and the horizon', () => {
  const range = keyRange({
    segment: 'number', descending: false, from: { segment: 'number', no: '1034000' }, horizon: { segment: 'number', no: '1034999' },
  }, { ...noFilter, numberPrefix: '1034' });
  assert.deepEqual(range, { column: 'declaration_no', lower: { value: '1034000', strict: true }, upper: { value: '1034999', strict: false }, ties: [] });

  const wide = keyRange({ segment: 'number', descending: false, horizon: { segment: 'number', no: '2000' } }, { ...noFilter, numberPrefix: '1034' });
  assert.deepEqual(wide.upper, { value: '1035', strict: true }, 'the prefix bound is tighter than a far horizon');
});

test('on equal values the strict bound wins', () => {
  const range = keyRange({ segment: 'uncleared', descending: true, from: { segment: 'uncleared', id: 50 }, horizon: { segment: 'uncleared', id: 10 } }, noFilter);
  assert.deepEqual([range.lower, range.upper], [{ value: 10, strict: false }, { value: 50, strict: true }]);
});

test('a (day, id) cursor bounds the day and settles rows of that day by id, newest first', () => {
  const range = keyRange({
    segment: 'cleared', descending: true, from: { segment: 'cleared', day: '2020-05-04', id: 8812 },
    horizon: { segment: 'cleared', day: '2020-04-30', id: 7000 },
  }, { ...noFilter, clearedFrom: '2020-05-01' });
  assert.equal(range.column, 'cleared_day');
  assert.deepEqual(range.upper, { value: '2020-05-04', strict: false });
  assert.deepEqual(range.lower, { value: '2020-05-01', strict: false }, 'the day filter is tighter than the horizon');
  assert.deepEqual(range.ties, [{ day: '2020-05-04', id: 8812, op: '<' }, { day: '2020-04-30', id: 7000, op: '>=' }]);
});

test('a page that starts at a row includes it; reading backwards turns the sides round', () => {
  const at = keyRange({ segment: 'cleared', descending: true, from: { segment: 'cleared', day: '2020-05-04', id: 8812 }, fromInclusive: true }, noFilter);
  assert.deepEqual(at.ties, [{ day: '2020-05-04', id: 8812, op: '<=' }]);
  const back = keyRange({ segment: 'cleared', descending: false, from: { segment: 'cleared', day: '2020-05-04', id: 8812 } }, noFilter);
  assert.deepEqual([back.lower, back.upper, back.ties], [{ value: '2020-05-04', strict: false }, undefined, [{ day: '2020-05-04', id: 8812, op: '>' }]]);
});

test('a filtered list walks the index of its rarest filter: a red channel before an office, an office before a kind', async () => {
  const { drivingFilter } = await import('./declaration-list.repository.js');
  const none = { numberPrefix: null, officeId: null, kind: null, channel: null, clearedFrom: null, clearedTo: null };
  assert.equal(drivingFilter(none), null);
  assert.equal(drivingFilter({ ...none, officeId: 3, channel: 3 }), 'channel');
  assert.equal(drivingFilter({ ...none, officeId: 3, channel: 1, kind: 'import' }), 'office_id');
  assert.equal(drivingFilter({ ...none, channel: 2, kind: 'dossier' }), 'kind');
  // Common values have no index of their own (0015): the clearance index's walk finds them.
  assert.equal(drivingFilter({ ...none, channel: 2 }), null);
  assert.equal(drivingFilter({ ...none, channel: 1, kind: 'export' }), null);
  assert.equal(drivingFilter({ ...none, officeId: 3, kind: 'import' }), 'office_id');
  assert.equal(drivingFilter({ ...none, numberPrefix: '10', officeId: 3 }), null, 'a number search walks the number index');
});
