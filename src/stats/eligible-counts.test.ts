import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eligibleCountsOfNew, forEachSummedRow, NewDeclarationSums, type SummedTable } from './eligible-counts.js';
import { RollupDeltas, type DeclarationFacts, type EligibleCounts, type RolloutUnit } from './rollup-deltas.js';

// Department 1 → offices 2, 3 → teams 4, 5 (under 2) and 6 (under 3); office 3 is live only from June.
const unit = (id: number, lineage: number[], liveFrom = '2020-04-01'): RolloutUnit => ({ id, lineage, pilotFrom: null, pilotTo: null, liveFrom });
const units = new Map([unit(1, [1]), unit(2, [1, 2]), unit(3, [1, 3], '2020-06-01'), unit(4, [1, 2, 4]), unit(5, [1, 2, 5]), unit(6, [1, 3, 6])].map((u) => [u.id, u]));

function sorted({ keys, counts }: EligibleCounts): string[] {
  return keys.map((k, i) => `${k}=${counts[i]}`).sort();
}

function bySubjects(declarations: DeclarationFacts[]): string[] {
  const deltas = new RollupDeltas();
  for (const d of declarations) deltas.add(d, null, units, 1);
  return sorted(deltas.eligibleCounts());
}

test('new declarations sum to the same roll-up rows as declaration by declaration', () => {
  let seed = 7;
  const random = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
  const declarations: DeclarationFacts[] = Array.from({ length: 3000 }, () => ({
    clearedDay: random(10) === 0 ? null : `2020-0${3 + random(5)}-1${random(3)}`,
    kind: ['import', 'export', 'dossier'][random(3)]!, typeCode: random(4) === 0 ? null : `A1${random(3)}`, channel: random(4) === 0 ? null : 1 + random(3),
    officeId: 2 + random(2),
    // Repeated officers (one declaration: the same officer in two steps), officers of other offices, units outside the tree.
    handlers: Array.from({ length: random(4) }, () => ({ officerId: 1 + random(6), unitId: random(8) === 0 ? 99 : 4 + random(3) })),
  }));
  const expected = bySubjects(declarations);
  assert.ok(expected.length > 500, 'many roll-up rows');
  assert.deepEqual(sorted(eligibleCountsOfNew(declarations, units)), expected);
});

test('an officer named twice counts once, with the unit of the first mention; ids too large fall back', () => {
  const twice: DeclarationFacts = { clearedDay: '2020-05-02', kind: 'import', typeCode: 'A11', channel: 1, officeId: 2,
    handlers: [{ officerId: 9, unitId: 4 }, { officerId: 9, unitId: 5 }, { officerId: 10, unitId: 4 }] };
  assert.deepEqual(sorted(eligibleCountsOfNew([twice], units)), bySubjects([twice]));
  assert.ok(bySubjects([twice]).includes('9|4|d|2020-05-02|import|A11|1=1'));
  for (const large of [{ officerId: 2 ** 32, unitId: 4 }, { officerId: 9, unitId: 2 ** 21 }]) {
    const declarations = [twice, { ...twice, handlers: [large] }, twice];
    assert.deepEqual(sorted(eligibleCountsOfNew(declarations, units)), bySubjects(declarations));
  }
});

test('the sum\'s rows are those of every table, as RollupDeltas gives them, also when ids are too large for numeric subjects', () => {
  const declarations: DeclarationFacts[] = [1, 2, 3, 4].map((n) => ({
    clearedDay: `2020-0${4 + (n % 2)}-0${n}`, kind: 'import', typeCode: n === 4 ? null : 'A11', channel: n % 3, officeId: 2 + (n % 2),
    handlers: [{ officerId: n, unitId: 4 }, { officerId: 1, unitId: 6 }],
  }));
  const large: DeclarationFacts = { ...declarations[0]!, handlers: [{ officerId: 2 ** 33, unitId: 5 }] };
  for (const all of [declarations, [...declarations, large]]) {
    const sums = new NewDeclarationSums(units);
    const deltas = new RollupDeltas();
    for (const d of all) {
      sums.add(d);
      deltas.add(d, null, units, 1);
    }
    const expected = (part: 'fine' | 'coarse') => {
      const rows: string[] = [];
      deltas.forEachRowText(part, (id, counters, base) => rows.push(`${id}=${counters[base]}`));
      return rows.sort();
    };
    const summed = (table: SummedTable) => {
      const rows: string[] = [];
      forEachSummedRow(table, (id, eligible) => rows.push(`${id}=${eligible}`));
      return rows.sort();
    };
    const rows = sums.rows();
    assert.ok(expected('fine').length > 20 && expected('coarse').length > 10);
    assert.deepEqual(summed(rows.fine), expected('fine'));
    assert.deepEqual(summed(rows.coarse), expected('coarse'));
  }
});

test('the sum\'s rows come in the order of the tables\' primary keys: ids as numbers, an empty type code first, the channel as a number', () => {
  const declarations: DeclarationFacts[] = [3, 1, 2, 1, 3, 2, 12].flatMap((officerId, n) => [null, 'A11', 'B11', 'A2'].map((typeCode, t) => ({
    clearedDay: `2020-0${5 - (n % 2)}-${10 + t}`, kind: n % 2 === 0 ? 'import' : 'export', typeCode, channel: n % 4, officeId: 2 + (t % 2),
    handlers: [{ officerId, unitId: 4 + (t % 3) }],
  })));
  const sums = new NewDeclarationSums(units);
  for (const d of declarations) sums.add(d);
  const rows = sums.rows();
  for (const table of [rows.fine, rows.coarse]) {
    const keys = Array.from(table.counts, (_, i) => [table.officerIds[i]!, table.unitIds[i]!, ...table.tails[table.tailOf[i]!]!.split('|')]);
    const expected = [...keys].sort((a, b) => {
      for (let c = 0; c < a.length; c++) {
        if (a[c] === b[c]) continue;
        return c < 2 || c === 6 ? Number(a[c]) - Number(b[c]) : String(a[c]) < String(b[c]) ? -1 : 1;
      }
      return 0;
    });
    assert.ok(keys.length > 20);
    assert.deepEqual(keys, expected);
  }
});
