import type { Db } from '../db/database.js';
import type { ImportOptions } from '../declarations/declarations.service.js';
import type { ImportSummary } from '../imports/import-report.js';
import { runRowImport } from '../imports/import-runner.js';
import { SeenKeys } from '../imports/seen-keys.js';
import { readCsv } from '../imports/sources.js';
import { agreementCsvColumns, validateAgreementRow, writeAgreementRows } from './agreements.import.js';
import {
  associationCsvColumns, associationMemberCsvColumns, validateAssociationRow, validateMembershipRow, writeAssociationRows, writeMembershipRows,
} from './associations.import.js';

// `hailong import agreements|associations|association-members FILE`: streamed, validated, written
// in batches, each batch one transaction; one SeenKeys per file so a repeated key is caught anywhere.

export function importAgreementFile(db: Db, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const seen = new SeenKeys();
  return runRowImport({
    source: readCsv(path, { requiredColumns: agreementCsvColumns, onBytes: options.onBytes }),
    validate: validateAgreementRow,
    writeBatch: (rows) => writeAgreementRows(db.kysely, rows, seen),
    batchSize: 1000,
    onRejected: options.onRejected,
    afterBatch: options.afterBatch,
  });
}

export function importAssociationFile(db: Db, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const seen = new SeenKeys();
  return runRowImport({
    source: readCsv(path, { requiredColumns: associationCsvColumns, onBytes: options.onBytes }),
    validate: validateAssociationRow,
    writeBatch: (rows) => writeAssociationRows(db.kysely, rows, seen),
    batchSize: 500,
    onRejected: options.onRejected,
    afterBatch: options.afterBatch,
  });
}

export function importAssociationMemberFile(db: Db, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const seen = new SeenKeys();
  return runRowImport({
    source: readCsv(path, { requiredColumns: associationMemberCsvColumns, onBytes: options.onBytes }),
    validate: validateMembershipRow,
    writeBatch: (rows) => writeMembershipRows(db.kysely, rows, seen),
    batchSize: 1000,
    onRejected: options.onRejected,
    afterBatch: options.afterBatch,
  });
}
