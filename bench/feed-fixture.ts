import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { writeBusinessRows } from '../src/businesses/businesses.service.js';
import type { Db } from '../src/db/database.js';
import { demoBusinesses, demoDeclarations } from '../src/demo/demo-feed.js';
import { demoOfficers, demoUnits } from '../src/demo/demo-organisation.js';
import { Random } from '../src/demo/random.js';
import { writeOfficerRows } from '../src/officers/officers.service.js';
import { writeUnitRows } from '../src/units/units.service.js';

/** The demo organisation, reproducibly: what a feed file is validated against. */
export function benchOrganisation() {
  const random = new Random(2020);
  const units = demoUnits();
  const officers = demoOfficers(random);
  const businesses = demoBusinesses(random);
  return { random, units, officers, businesses };
}

export async function loadOrganisation(db: Db): Promise<void> {
  const org = benchOrganisation();
  await writeUnitRows(db.kysely, org.units);
  await writeOfficerRows(db.kysely, org.officers.rows);
  for (let i = 0; i < org.businesses.length; i += 1000) await writeBusinessRows(db.kysely, org.businesses.slice(i, i + 1000));
}

function csv(value: unknown): string {
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes `count` declaration rows as the feed's CSV (the contract's columns). */
export async function writeDeclarationCsv(path: string, count: number): Promise<void> {
  const org = benchOrganisation();
  const out = createWriteStream(path);
  out.write('declaration_no,kind,type_code,office_code,declarant_tax_code,declarant_name,registered_at,cleared_at,channel,handlers\n');
  const feed = demoDeclarations(org.random, {
    count, officers: org.officers.officers,
    businesses: org.businesses.map((b) => b.value.tax_code), businessNames: org.businesses.map((b) => b.value.name),
  });
  for (const d of feed) {
    const handlers = (d.handlers as { step: string; officerCode: string }[]).map((h) => `${h.step}:${h.officerCode}`).join(';');
    const line = [d.declarationNo, d.kind, d.typeCode, d.officeCode, d.declarantTaxCode, d.declarantName, d.registeredAt, d.clearedAt, d.channel, handlers]
      .map(csv).join(',') + '\n';
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
