import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError } from '../errors.js';
import { scanMaxBytes, scanMaxMegabytes } from './partnership.schema.js';

/**
 * Scanned agreements on disk, never in the database: DATA_DIR/agreements/<id>-<sha256 prefix>.pdf.
 * A scan is a PDF by its content (the magic bytes %PDF-), whatever its name or claimed type.
 */
export const scansFolder = 'agreements';

export interface UploadedScan {
  fileName: string;
  data: Buffer;
  /** More bytes came than the limit: the upload was cut short. */
  truncated: boolean;
}

const pdfMagic = Buffer.from('%PDF-', 'ascii');

export function isPdf(data: Uint8Array): boolean {
  return data.length >= pdfMagic.length && pdfMagic.every((b, i) => data[i] === b);
}

/** Refuses a missing, oversized or non-PDF upload with its catalogue code. Pure. */
export function checkScan(scan: UploadedScan | undefined): UploadedScan {
  if (!scan || (scan.data.length === 0 && !scan.truncated && scan.fileName === '')) throw new AppError('scan_required');
  if (scan.truncated || scan.data.length > scanMaxBytes) throw new AppError('scan_too_large', { max: scanMaxMegabytes });
  if (!isPdf(scan.data)) throw new AppError('scan_not_pdf', { value: scan.fileName });
  return scan;
}

/** Writes the scan (temporary name, then a rename) and returns its path relative to DATA_DIR. */
export async function storeScan(dataDir: string, agreementId: number, data: Buffer): Promise<string> {
  const folder = join(dataDir, scansFolder);
  await mkdir(folder, { recursive: true });
  const name = `${agreementId}-${createHash('sha256').update(data).digest('hex').slice(0, 16)}.pdf`;
  const temp = join(folder, `.${randomBytes(8).toString('hex')}.tmp`);
  await writeFile(temp, data, { mode: 0o600 });
  await rename(temp, join(folder, name));
  return `${scansFolder}/${name}`;
}

export function scanFile(dataDir: string, relativePath: string): string {
  return resolve(dataDir, relativePath);
}

export async function removeScan(dataDir: string, relativePath: string | null): Promise<void> {
  if (relativePath) await rm(scanFile(dataDir, relativePath), { force: true });
}
