import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoAgreementRows } from './demo-partnership.js';
import { Random } from './random.js';

// The demo stores a scan of the demo business's active agreement: whatever the random stream (its
// position depends on `--declarations`), that business must have one. Before, its 2020 agreement was
// terminated in about one stream in fifty, and `hailong demo --declarations 200000` failed at its end.
test('the demo business has an active agreement in every random stream', () => {
  const taxCodes = Array.from({ length: 200 }, (_, i) => `02${String(i).padStart(8, '0')}`);
  const terminatedOthers = new Set<number>();
  for (let seed = 1; seed <= 500; seed++) {
    const rows = demoAgreementRows(new Random(seed), taxCodes).map((r) => r.value);
    const own = rows.filter((r) => r.taxCode === taxCodes[0]);
    assert.deepEqual(own.map((r) => [r.template, r.status]), [['HQHP-DN/2020', 'active']], `seed ${seed}`);
    if (rows.some((r) => r.taxCode !== taxCodes[0] && r.template === 'HQHP-DN/2020' && r.status === 'terminated')) terminatedOthers.add(seed);
  }
  assert.ok(terminatedOthers.size > 0, 'other businesses still end some 2020 agreements');
});
