import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Unit } from '../db/schema.js';
import { idsOnPath, unitTree, type UnitNode } from './unit-tree.js';

function unit(id: number, code: string, parent: Unit | null): Unit {
  return {
    id, code, parent_id: parent?.id ?? null, path: `${parent?.path ?? '/'}${id}/`, depth: parent ? parent.depth + 1 : 0,
    name_vi: code, name_en: code, kind: 'other', pilot_from: null, pilot_to: null, live_from: null, created_at: 0, updated_at: 0,
  };
}

const root = unit(1, 'R', null);
const b = unit(2, 'B', root);
const a = unit(3, 'A', root);
const deep = unit(4, 'A-1', a);
const deeper = unit(5, 'A-1-x', deep);
const units = [root, b, a, deep, deeper];

function shape(nodes: UnitNode[]): unknown[] {
  return nodes.map((n) => (n.children.length ? [n.unit.code + (n.matched ? '*' : ''), shape(n.children)] : n.unit.code + (n.matched ? '*' : '')));
}

test('the unit tree nests any depth and orders siblings by code', () => {
  assert.deepEqual(shape(unitTree(units)), [['R', [['A', [['A-1', ['A-1-x']]]], 'B']]]);
});

test('a searched tree keeps the matches and their ancestors only, and marks the matches', () => {
  assert.deepEqual(shape(unitTree(units, [deep])), [['R', [['A', ['A-1*']]]]]);
  assert.deepEqual(shape(unitTree(units, [b, deeper])), [['R', [['A', [['A-1', ['A-1-x*']]]], 'B*']]]);
  assert.deepEqual(unitTree(units, []), []);
});

test('a materialised path lists the unit and its ancestors', () => {
  assert.deepEqual(idsOnPath('/1/3/4/'), [1, 3, 4]);
});
