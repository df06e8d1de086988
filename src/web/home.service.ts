import type { Kysely } from 'kysely';
import type { DataScope } from '../auth/scope.js';
import { countBusinesses } from '../businesses/businesses.repository.js';
import type { Database } from '../db/schema.js';
import { countDeclarations } from '../declarations/declarations.repository.js';
import { countOfficers } from '../officers/officers.repository.js';
import { recentValue } from '../shared/recent-value.js';
import { countUnits } from '../units/units.repository.js';
import type { HomeCounts } from './home.pages.js';

/**
 * The home page's figures: organisation-wide counts, so only for readers whose scope is everything
 * (administrators, inspectors); a leader, an officer or a business sees none rather than totals
 * that are not theirs. Counting ten million declarations takes a noticeable moment: the counts are
 * taken at most once a minute per app.
 */
export function homeFigures(db: Kysely<Database>): (scope: DataScope) => Promise<HomeCounts | null> {
  const counts = recentValue(async () => {
    const [units, officers, businesses, declarations] = await Promise.all([
      countUnits(db), countOfficers(db), countBusinesses(db), countDeclarations(db),
    ]);
    return { units, officers, businesses, declarations };
  }, 60_000);
  return async (scope) => (scope.kind === 'all' ? counts() : null);
}
