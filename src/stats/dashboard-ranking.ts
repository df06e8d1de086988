import type { Stat } from './figures.js';

/**
 * The ranking rule: only rankable groups (at least the minimum number of evaluations) get a rank;
 * the others are listed apart and never numbered. Ranked by satisfaction share, highest first;
 * equal shares share a rank (1, 2, 2, 4). Ties in the order are broken by the interval's lower
 * bound, then by the number of evaluations, then by key — so the order is stable.
 */
export interface Ranking<G> {
  ranked: { rank: number; group: G }[];
  unranked: G[];
}

export function rankGroups<G extends Stat & { key: string }>(groups: readonly G[]): Ranking<G> {
  const rankable = groups.filter((g) => g.rankable && g.satisfactionShare !== null);
  const share = (g: G) => g.satisfactionShare!;
  const sorted = [...rankable].sort((a, b) =>
    share(b) - share(a) || (b.satisfactionCi?.[0] ?? 0) - (a.satisfactionCi?.[0] ?? 0) || b.evaluated - a.evaluated || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const ranked = sorted.map((group, i) => ({ group, rank: i + 1 }));
  for (let i = 1; i < ranked.length; i++) {
    if (share(ranked[i]!.group) === share(ranked[i - 1]!.group)) ranked[i]!.rank = ranked[i - 1]!.rank;
  }
  return { ranked, unranked: groups.filter((g) => !rankable.includes(g)) };
}
