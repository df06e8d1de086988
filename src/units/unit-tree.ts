import type { Unit } from '../db/schema.js';

/** A unit with its sub-units, for display; `matched` marks the units a search found. */
export interface UnitNode {
  unit: Unit;
  matched: boolean;
  children: UnitNode[];
}

/** Ids on a materialised path '/1/4/9/' (the unit and all its ancestors). */
export function idsOnPath(path: string): number[] {
  return path.split('/').filter((part) => part !== '').map(Number);
}

/**
 * The forest of units, siblings ordered by code. With `matches`, only the matched units and their
 * ancestors are kept, so a search result still shows where each unit sits in the organisation.
 */
export function unitTree(units: readonly Unit[], matches?: readonly Unit[]): UnitNode[] {
  const matchedIds = matches ? new Set(matches.map((u) => u.id)) : undefined;
  const kept = matches ? new Set(matches.flatMap((u) => idsOnPath(u.path))) : undefined;
  const nodes = new Map<number, UnitNode>();
  for (const unit of units) {
    if (kept && !kept.has(unit.id)) continue;
    nodes.set(unit.id, { unit, matched: matchedIds?.has(unit.id) ?? false, children: [] });
  }
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parent_id === null ? undefined : nodes.get(node.unit.parent_id);
    (parent ? parent.children : roots).push(node);
  }
  const byCode = (a: UnitNode, b: UnitNode) => (a.unit.code < b.unit.code ? -1 : a.unit.code > b.unit.code ? 1 : 0);
  const sortDeep = (list: UnitNode[]) => {
    list.sort(byCode);
    list.forEach((n) => sortDeep(n.children));
  };
  sortDeep(roots);
  return roots;
}
