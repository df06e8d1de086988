import assert from 'node:assert/strict';
import { test } from 'node:test';
import { monthRangesWithout, officerPeriod, withheldMonths } from './officer-figures.js';

const today = '2026-11-29';
const period = (from: string, to: string, on = today) => officerPeriod({}, { from, to }, on);

test('an officer\'s period widens to whole months and ends with the last complete month', () => {
  assert.deepEqual(period('2020-07-15', '2020-07-15'), { from: '2020-07-01', to: '2020-07-31' });
  assert.deepEqual(period('2020-07-01', '2020-07-05'), { from: '2020-07-01', to: '2020-07-31' });
  assert.deepEqual(period('2020-02-10', '2020-02-10'), { from: '2020-02-01', to: '2020-02-29' });
  assert.deepEqual(period('2020-12-05', '2021-01-02'), { from: '2020-12-01', to: '2021-01-31' });
  assert.deepEqual(period('1900-01-01', '2199-12-31'), { from: '1900-01-01', to: '2026-10-31' }, 'no period: up to last month');
  assert.deepEqual(period('2026-11-01', '2026-11-29'), { from: '2026-11-01', to: '2026-10-31' }, 'the month being rated: nothing');
  assert.deepEqual(period('2026-12-01', '2026-12-31', '2027-01-10'), { from: '2026-12-01', to: '2026-12-31' }, 'across the year end');
});

test('an officer may not filter or group figures down to a few declarations', () => {
  for (const query of [{ kind: 'import' }, { typeCode: '' }, { typeCode: 'A11' }, { channel: '3' }, { ratingChannel: 'link' },
    { groupBy: 'week' }, { groupBy: 'channel' }, { groupBy: 'typeCode' }]) {
    assert.throws(() => officerPeriod(query, { from: '2020-01-01', to: '2020-12-31' }, today),
      (e: { code?: string; params?: { value?: string } }) => e.code === 'officer_figures_restricted', JSON.stringify(query));
  }
  for (const groupBy of ['unit', 'officer', 'month', 'level']) {
    assert.deepEqual(officerPeriod({ groupBy }, { from: '2020-01-01', to: '2020-12-31' }, today), { from: '2020-01-01', to: '2020-12-31' });
  }
});

test('the months under the minimum are those with 1 to min − 1 evaluations, in order', () => {
  const monthly = [{ month: '2020-09', evaluated: 4 }, { month: '2020-07', evaluated: 0 }, { month: '2020-08', evaluated: 1 }, { month: '2020-10', evaluated: 5 }];
  assert.deepEqual(withheldMonths(monthly, 5), { months: ['2020-08', '2020-09'], evaluated: 5 });
  assert.deepEqual(withheldMonths(monthly, 2), { months: ['2020-08'], evaluated: 1 });
  assert.deepEqual(withheldMonths([], 5), { months: [], evaluated: 0 });
});

test('month ranges without some months are the runs between them', () => {
  const range = [{ from: '2020-06', to: '2020-12' }];
  assert.deepEqual(monthRangesWithout(range, []), range);
  assert.deepEqual(monthRangesWithout(range, ['2020-08', '2020-09', '2021-03']), [{ from: '2020-06', to: '2020-07' }, { from: '2020-10', to: '2020-12' }]);
  assert.deepEqual(monthRangesWithout(range, ['2020-06', '2020-12']), [{ from: '2020-07', to: '2020-11' }], 'at either end');
  assert.deepEqual(monthRangesWithout([{ from: '2020-12', to: '2021-02' }], ['2021-01']), [{ from: '2020-12', to: '2020-12' }, { from: '2021-02', to: '2021-02' }], 'across the year end');
  assert.deepEqual(monthRangesWithout([{ from: '2020-08', to: '2020-08' }], ['2020-08']), [], 'nothing left');
});
