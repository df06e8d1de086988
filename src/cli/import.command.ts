import { basename } from 'node:path';
import { audit, systemActor } from '../audit/audit.service.js';
import { refreshPlannerStatistics, type Db } from '../db/database.js';
import { importDeclarationFile, type ImportOptions } from '../declarations/declarations.service.js';
import { RejectionFile, type ImportSummary } from '../imports/import-report.js';
import { progressBar } from '../imports/progress.js';
import { importBusinessFile, importOfficerFile, importUnitFile } from '../imports/reference-imports.js';
import { fileSize } from '../imports/sources.js';
import { importAgreementFile, importAssociationFile, importAssociationMemberFile } from '../partnership/partnership-imports.js';
import { print, UsageError } from './output.js';

const importers: Record<string, (db: Db, path: string, options: ImportOptions) => Promise<ImportSummary>> = {
  units: importUnitFile,
  officers: importOfficerFile,
  businesses: importBusinessFile,
  declarations: importDeclarationFile,
  agreements: importAgreementFile,
  associations: importAssociationFile,
  'association-members': importAssociationMemberFile,
};

export const importKinds = Object.keys(importers);

export interface ImportCommandOptions {
  json?: boolean;
  errors?: string;
}

function describe(summary: ImportSummary): string {
  return (
    `Tạo mới ${summary.created} · Cập nhật ${summary.updated} · Không đổi ${summary.unchanged} · Từ chối ${summary.rejected}\n` +
    `Created ${summary.created} · updated ${summary.updated} · unchanged ${summary.unchanged} · rejected ${summary.rejected}`
  );
}

/** `hailong import units|officers|businesses|declarations|agreements|associations|association-members FILE [--json] [--errors FILE]` */
export async function importCommand(db: Db, kind: string | undefined, path: string | undefined, options: ImportCommandOptions): Promise<number> {
  const importer = kind ? importers[kind] : undefined;
  if (!importer) throw new UsageError(`import needs one of ${importKinds.join('|')}`);
  if (!path) throw new UsageError('import needs a FILE');
  const size = fileSize(path);
  const rejections = options.errors ? new RejectionFile(options.errors) : undefined;
  const progress = progressBar(size, kind!);
  try {
    const summary = await importer(db, path, {
      onRejected: rejections?.add,
      onBytes: progress.update,
      afterBatch: rejections ? () => rejections.drain() : undefined,
    });
    progress.done();
    // A large load changes the tables' shape faster than autovacuum notices: plan the next queries on
    // fresh statistics (PostgreSQL; without them, rating a declaration scanned whole tables).
    if (summary.created + summary.updated >= 10_000) await refreshPlannerStatistics(db);
    // One audit event per import (not per row: a feed brings millions), with the file and its counts.
    await audit(db.kysely, systemActor, { action: 'import', entity: kind!, entityId: basename(path), after: summary });
    print(options.json ? JSON.stringify(summary) : describe(summary));
    return 0;
  } finally {
    await rejections?.close();
  }
}
