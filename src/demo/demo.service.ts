import { writeBusinessRows } from '../businesses/businesses.service.js';
import { refreshPlannerStatistics, type Db } from '../db/database.js';
import { loadDeclarationReferences } from '../declarations/declaration-references.js';
import { validateDeclaration } from '../declarations/declaration-validation.js';
import { openBulkSession, rowsPerBulkTransaction } from '../declarations/declarations.bulk-repository.js';
import type { ValidDeclaration } from '../declarations/declarations.schema.js';
import { writeOfficerRows } from '../officers/officers.service.js';
import { writeUnitRows } from '../units/units.service.js';
import { demoBusinesses } from './demo-feed.js';
import { demoDeclarations } from './demo-feed.js';
import { demoOfficers, demoUnits } from './demo-organisation.js';
import { buildDemoCases } from './demo-cases.js';
import { buildDemoProblems } from './demo-problems.js';
import { buildDemoPartnership } from './demo-partnership.js';
import { buildDemoRatings } from './demo-ratings.js';
import { createDemoUsers, type DemoCredential } from './demo-users.js';
import { Random } from './random.js';

export interface DemoOptions {
  declarations: number;
  /** SECRET_KEY: the demo's evaluations are hash-chained under it, as live ones are. */
  secretKey: string;
  seed?: number;
  /** DATA_DIR: where the demo puts its rule documents and the demo business's scanned agreement (links and no scan without it). */
  dataDir?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface DemoResult {
  credentials: DemoCredential[];
  units: number;
  officers: number;
  businesses: number;
  declarations: number;
  evaluations: number;
  cases: number;
  agreements: number;
  associations: number;
}

/**
 * Builds the demo organisation and a year of declarations through the same validation and bulk
 * writer as the feed (so the demo exercises the real path, and its data passes the real rules).
 */
export async function buildDemo(db: Db, options: DemoOptions): Promise<DemoResult> {
  const random = new Random(options.seed ?? 2020);
  const units = demoUnits();
  await writeUnitRows(db.kysely, units);
  const { rows: officerRows, officers } = demoOfficers(random);
  await writeOfficerRows(db.kysely, officerRows);
  const businesses = demoBusinesses(random);
  for (let i = 0; i < businesses.length; i += 1000) await writeBusinessRows(db.kysely, businesses.slice(i, i + 1000));

  const refs = await loadDeclarationReferences(db.kysely);
  const feed = demoDeclarations(random, {
    count: options.declarations, officers,
    businesses: businesses.map((b) => b.value.tax_code), businessNames: businesses.map((b) => b.value.name),
  });
  let batch: ValidDeclaration[] = [];
  let written = 0;
  // Transactions as large as a file import's.
  const session = openBulkSession(db);
  const flush = async (last: boolean) => {
    await session.write(batch);
    batch = [];
    if (!last && session.pendingRows < rowsPerBulkTransaction[db.dialect]) return;
    written += session.pendingRows;
    await session.commit();
    options.onProgress?.(written, options.declarations);
  };
  try {
    for (const item of feed) {
      const result = validateDeclaration(item, refs);
      if (!result.ok) throw new Error(`demo data failed validation: ${result.error.message} ${JSON.stringify(item)}`);
      batch.push(result.value);
      if (batch.length >= 5000) await flush(false);
    }
    await flush(true);
  } finally {
    await session.rollback();
  }
  await refreshPlannerStatistics(db);
  // A few supervision officers of the busiest sub-departments, whom businesses rate clearly worse.
  const busy = officers.filter((o) => o.assignments.some((a) => /^03(CC|NK|EE|CE)-GS$/.test(a.unitCode)));
  const poorOfficers = new Set(random.sample(busy.map((o) => o.code), 3));
  const { evaluations, low, lowAt, lowInfo } = await buildDemoRatings(db, options.secretKey, random, poorOfficers);
  const cases = await buildDemoCases(db, random, low, lowAt, lowInfo);
  const partnership = await buildDemoPartnership(db, random, businesses.map((b) => b.value.tax_code), options.dataDir);
  // Its own random stream: problems added or changed do not move the other demo data.
  await buildDemoProblems(db, new Random((options.seed ?? 2020) + 8), businesses.map((b) => b.value.tax_code), businesses.map((b) => b.value.name), options.dataDir ?? '.');
  const credentials = await createDemoUsers(db, businesses.map((b) => b.value.tax_code), officers[0]!.code);
  return { credentials, units: units.length, officers: officers.length, businesses: businesses.length, declarations: written, evaluations, cases,
    agreements: partnership.agreements, associations: partnership.associations };
}
