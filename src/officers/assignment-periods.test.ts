import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changedRanges, unitOnDay, type AssignmentPeriod } from './assignment-periods.js';

const a = (unit_id: number, from_day: string, to_day: string | null = null): AssignmentPeriod => ({ unit_id, from_day, to_day });

test('the unit on a day is that of the assignment covering it, first and last days included', () => {
  const history = [a(1, '2020-01-01', '2020-06-30'), a(2, '2020-08-01')];
  assert.equal(unitOnDay(history, '2019-12-31'), undefined);
  assert.equal(unitOnDay(history, '2020-01-01'), 1);
  assert.equal(unitOnDay(history, '2020-06-30'), 1);
  assert.equal(unitOnDay(history, '2020-07-15'), undefined, 'a gap');
  assert.equal(unitOnDay(history, '2020-08-01'), 2);
  assert.equal(unitOnDay(history, '2031-01-01'), 2);
});

test('a backdated transfer changes the days from the transfer on', () => {
  assert.deepEqual(changedRanges([a(1, '2019-01-01')], [a(1, '2019-01-01', '2020-05-31'), a(2, '2020-06-01')]), [{ from: '2020-06-01', to: null }]);
});

test('a corrected unit changes the whole assignment; a moved end changes the days between the two ends', () => {
  const before = [a(1, '2019-01-01', '2020-06-30'), a(2, '2020-07-01')];
  assert.deepEqual(changedRanges(before, [a(3, '2019-01-01', '2020-06-30'), a(2, '2020-07-01')]), [{ from: '2019-01-01', to: '2020-06-30' }]);
  assert.deepEqual(changedRanges(before, [a(1, '2019-01-01', '2020-07-14'), a(2, '2020-07-15')]), [{ from: '2020-07-01', to: '2020-07-14' }]);
  assert.deepEqual(changedRanges(before, [a(1, '2019-01-01', '2020-06-14'), a(2, '2020-06-15')]), [{ from: '2020-06-15', to: '2020-06-30' }]);
  assert.deepEqual(changedRanges(before, [a(1, '2019-01-01', '2020-06-14'), a(2, '2020-07-01')]), [{ from: '2020-06-15', to: '2020-06-30' }], 'a gap opened');
});

test('adjacent changed stretches join; unchanged histories change nothing', () => {
  const before = [a(1, '2020-01-01', '2020-03-31'), a(2, '2020-04-01', '2020-06-30'), a(1, '2020-07-01')];
  assert.deepEqual(changedRanges(before, [a(3, '2020-01-01')]), [{ from: '2020-01-01', to: null }]);
  assert.deepEqual(changedRanges(before, [a(1, '2020-01-01')]), [{ from: '2020-04-01', to: '2020-06-30' }]);
  assert.deepEqual(changedRanges(before, before), []);
  assert.deepEqual(changedRanges([], [a(1, '2020-01-01', '2020-01-31')]), [{ from: '2020-01-01', to: '2020-01-31' }], 'a first assignment');
  assert.deepEqual(changedRanges([a(1, '2020-01-01', '2020-01-31')], []), [{ from: '2020-01-01', to: '2020-01-31' }]);
});
