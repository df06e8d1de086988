import assert from 'node:assert/strict';
import { test } from 'node:test';
import { officerPeriod } from './officer-figures.js';

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
