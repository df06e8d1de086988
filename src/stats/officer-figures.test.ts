import assert from 'node:assert/strict';
import { test } from 'node:test';
import { monthRangesWithout, officerPeriod, withheldMonths } from './officer-figures.js';

const today = '2026-11-29';
const period = (from: string, to: string, on = today, windowDays = 30) => officerPeriod({}, { from, to }, on, windowDays);

test('an officer\'s period widens to whole months and ends with the last month whose rating window has closed', () => {
  assert.deepEqual(period('2020-07-15', '2020-07-15'), { from: '2020-07-01', to: '2020-07-31' });
  assert.deepEqual(period('2020-07-01', '2020-07-05'), { from: '2020-07-01', to: '2020-07-31' });
  assert.deepEqual(period('2020-02-10', '2020-02-10'), { from: '2020-02-01', to: '2020-02-29' });
  assert.deepEqual(period('2020-12-05', '2021-01-02'), { from: '2020-12-01', to: '2021-01-31' });
  assert.deepEqual(period('1900-01-01', '2199-12-31'), { from: '1900-01-01', to: '2026-09-30' }, 'October is still being rated (until 30/11)');
  assert.deepEqual(period('1900-01-01', '2199-12-31', '2026-11-30'), { from: '1900-01-01', to: '2026-09-30' }, 'a declaration cleared late on 31/10 is rated until late on 30/11');
  assert.deepEqual(period('1900-01-01', '2199-12-31', '2026-12-01'), { from: '1900-01-01', to: '2026-10-31' }, 'October closed');
  assert.deepEqual(period('1900-01-01', '2199-12-31', today, 1), { from: '1900-01-01', to: '2026-10-31' }, 'a one-day window');
  assert.deepEqual(period('2026-10-01', '2026-11-29'), { from: '2026-10-01', to: '2026-09-30' }, 'the months being rated: nothing');
  assert.deepEqual(period('2026-12-01', '2026-12-31', '2027-02-10'), { from: '2026-12-01', to: '2026-12-31' }, 'across the year end');
});

test('an officer may not filter or group figures down to a few declarations', () => {
  for (const query of [{ unit: '03CC' }, { kind: 'import' }, { typeCode: '' }, { typeCode: 'A11' }, { channel: '3' }, { ratingChannel: 'link' },
    { groupBy: 'unit' }, { groupBy: 'week' }, { groupBy: 'channel' }, { groupBy: 'typeCode' }]) {
    assert.throws(() => officerPeriod(query, { from: '2020-01-01', to: '2020-12-31' }, today, 30),
      (e: { code?: string; params?: { value?: string } }) => e.code === 'officer_figures_restricted', JSON.stringify(query));
  }
  for (const groupBy of ['officer', 'month', 'level']) {
    assert.deepEqual(officerPeriod({ groupBy }, { from: '2020-01-01', to: '2020-12-31' }, today, 30), { from: '2020-01-01', to: '2020-12-31' });
  }
});

test('the months under the minimum are those with 0 to min − 1 evaluations, in order', () => {
  const monthly = [{ month: '2020-09', evaluated: 4 }, { month: '2020-07', evaluated: 0 }, { month: '2020-08', evaluated: 1 }, { month: '2020-10', evaluated: 5 }];
  assert.deepEqual(withheldMonths(monthly, 5), { months: ['2020-07', '2020-08', '2020-09'] });
  assert.deepEqual(withheldMonths(monthly, 2), { months: ['2020-07', '2020-08'] }, 'a month of none too: shown, "withheld" would say someone rated');
  assert.deepEqual(withheldMonths([], 5), { months: [] });
});

test('month ranges without some months are the runs between them', () => {
  const range = [{ from: '2020-06', to: '2020-12' }];
  assert.deepEqual(monthRangesWithout(range, []), range);
  assert.deepEqual(monthRangesWithout(range, ['2020-08', '2020-09', '2021-03']), [{ from: '2020-06', to: '2020-07' }, { from: '2020-10', to: '2020-12' }]);
  assert.deepEqual(monthRangesWithout(range, ['2020-06', '2020-12']), [{ from: '2020-07', to: '2020-11' }], 'at either end');
  assert.deepEqual(monthRangesWithout([{ from: '2020-12', to: '2021-02' }], ['2021-01']), [{ from: '2020-12', to: '2020-12' }, { from: '2021-02', to: '2021-02' }], 'across the year end');
  assert.deepEqual(monthRangesWithout([{ from: '2020-08', to: '2020-08' }], ['2020-08']), [], 'nothing left');
});
