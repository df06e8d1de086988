import type { Db } from '../db/database.js';
import { validateBusinessRow, writeBusinessRows } from '../businesses/businesses.service.js';
import { validateOfficerRow, writeOfficerRows } from '../officers/officers.service.js';
import { unitCsvColumns } from '../units/units.schema.js';
import { validateUnitRow, writeUnitRows } from '../units/units.service.js';
import type { ImportOptions } from '../declarations/declarations.service.js';
import { runRowImport } from './import-runner.js';
import type { ImportSummary } from './import-report.js';
import { SeenKeys } from './seen-keys.js';
import { readCsv } from './sources.js';

const officerCsvColumns = ['officer_code', 'full_name', 'unit_code', 'from', 'to'] as const;
const businessCsvColumns = ['tax_code', 'name', 'address', 'email', 'phone'] as const;

/** units.csv: the whole file in one transaction, since a parent may follow its child. */
export function importUnitFile(db: Db, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  return runRowImport({
    source: readCsv(path, { requiredColumns: unitCsvColumns, onBytes: options.onBytes }),
    validate: validateUnitRow,
    writeBatch: (rows) => writeUnitRows(db.kysely, rows),
    batchSize: Number.POSITIVE_INFINITY,
    onRejected: options.onRejected,
  });
}

export function importOfficerFile(db: Db, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const seen = new SeenKeys();
  return runRowImport({
    source: readCsv(path, { requiredColumns: officerCsvColumns, onBytes: options.onBytes }),
    validate: validateOfficerRow,
    writeBatch: (rows) => writeOfficerRows(db.kysely, rows, seen),
    batchSize: 500,
    onRejected: options.onRejected,
    afterBatch: options.afterBatch,
  });
}

export function importBusinessFile(db: Db, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const seen = new SeenKeys();
  return runRowImport({
    source: readCsv(path, { requiredColumns: businessCsvColumns, onBytes: options.onBytes }),
    validate: validateBusinessRow,
    writeBatch: (rows) => writeBusinessRows(db.kysely, rows, seen),
    batchSize: 1000,
    onRejected: options.onRejected,
    afterBatch: options.afterBatch,
  });
}
