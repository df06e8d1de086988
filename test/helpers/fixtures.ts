import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../src/db/database.js';
import { importDeclarationFile, type ImportOptions } from '../../src/declarations/declarations.service.js';
import { RejectionFile, type ImportSummary } from '../../src/imports/import-report.js';
import { importBusinessFile, importOfficerFile, importUnitFile } from '../../src/imports/reference-imports.js';

/**
 * A small Hai Phong-like organisation loaded through the real import services, and writers of the
 * feed files the tests import. Temporary files live in one folder per test process.
 */
const folder = mkdtempSync(join(tmpdir(), 'hailong-fixtures-'));
process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
let fileCount = 0;

export function tempPath(name: string): string {
  return join(folder, `${++fileCount}-${name}`);
}

export function writeTemp(name: string, content: string | Buffer): string {
  const path = tempPath(name);
  writeFileSync(path, content);
  return path;
}

export type CsvRow = Record<string, string>;
export interface CsvOptions {
  bom?: boolean;
  crlf?: boolean;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvText(columns: readonly string[], rows: readonly CsvRow[], options: CsvOptions = {}): string {
  const eol = options.crlf ? '\r\n' : '\n';
  const lines = [columns.join(','), ...rows.map((row) => columns.map((c) => csvField(row[c] ?? '')).join(','))];
  return (options.bom ? '\uFEFF' : '') + lines.join(eol) + eol;
}

export function csvFile(name: string, columns: readonly string[], rows: readonly CsvRow[], options: CsvOptions = {}): string {
  return writeTemp(name, csvText(columns, rows, options));
}

export function ndjsonFile(name: string, items: readonly unknown[]): string {
  return writeTemp(name, items.map((item) => JSON.stringify(item)).join('\n') + '\n');
}

/** Parses the small CSV files the system writes (the errors file): quoted fields, doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], value = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { value += '"'; i++; } else if (c === '"') quoted = false; else value += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(value); value = ''; }
    else if (c === '\n') { rows.push([...row, value.replace(/\r$/, '')]); row = []; value = ''; }
    else value += c;
  }
  if (value !== '' || row.length > 0) rows.push([...row, value]);
  return rows;
}

export const unitColumns = ['code', 'parent_code', 'name_vi', 'name_en', 'kind', 'pilot_from', 'pilot_to', 'live_from'] as const;
export const officerColumns = ['officer_code', 'full_name', 'unit_code', 'from', 'to'] as const;
export const businessColumns = ['tax_code', 'name', 'address', 'email', 'phone'] as const;
/** The contract's columns, written out here so that a renamed column fails the tests. */
export const declarationColumns = [
  'declaration_no', 'kind', 'type_code', 'office_code', 'declarant_tax_code', 'declarant_name',
  'registered_at', 'cleared_at', 'channel', 'handlers',
] as const;

const rollOut = { pilot_from: '2020-03-25', pilot_to: '2020-03-31', live_from: '2020-04-01' };

/** Department → two sub-departments → three teams; officer TR001 moves from 03CC-T1 to 03EE-T1 on 1 July 2020. */
export const organisation = {
  units: [
    { code: 'HP', parent_code: '', name_vi: 'Cục Hải quan Hải Phòng', name_en: 'Hai Phong Customs Department', kind: 'department', ...rollOut },
    { code: '03CC', parent_code: 'HP', name_vi: 'Chi cục Hải quan cửa khẩu cảng Hải Phòng khu vực I', name_en: 'Hai Phong Port Customs Office, Area I', kind: 'office', ...rollOut },
    { code: '03EE', parent_code: 'HP', name_vi: 'Chi cục Hải quan cửa khẩu cảng Hải Phòng khu vực II', name_en: 'Hai Phong Port Customs Office, Area II', kind: 'office', ...rollOut },
    { code: '03CC-T1', parent_code: '03CC', name_vi: 'Đội Thủ tục hàng hóa xuất nhập khẩu', name_en: 'Clearance team', kind: 'team' },
    { code: '03CC-T2', parent_code: '03CC', name_vi: 'Đội Kiểm tra thực tế hàng hóa', name_en: 'Physical inspection team', kind: 'team' },
    { code: '03EE-T1', parent_code: '03EE', name_vi: 'Đội Thủ tục', name_en: 'Clearance team', kind: 'team' },
  ] as CsvRow[],
  officers: [
    { officer_code: 'CC001', full_name: 'Nguyễn Văn An', unit_code: '03CC-T1', from: '2019-01-01', to: '' },
    { officer_code: 'CC002', full_name: 'Trần Thị Bình', unit_code: '03CC-T2', from: '2019-01-01', to: '' },
    { officer_code: 'EE001', full_name: 'Lê Văn Cường', unit_code: '03EE-T1', from: '2019-01-01', to: '' },
    { officer_code: 'TR001', full_name: 'Phạm Thị Dung', unit_code: '03CC-T1', from: '2019-01-01', to: '2020-06-30' },
    { officer_code: 'TR001', full_name: 'Phạm Thị Dung', unit_code: '03EE-T1', from: '2020-07-01', to: '' },
  ] as CsvRow[],
  businesses: [
    { tax_code: '0200123457', name: 'Công ty TNHH Vận tải Biển Đông', address: 'Số 1 Lạch Tray, Ngô Quyền, Hải Phòng', email: 'xnk@biendong.vn', phone: '0225 3123 456' },
    { tax_code: '0301234562', name: 'Công ty Cổ phần Thép Hải An', address: '', email: '', phone: '' },
  ] as CsvRow[],
};

export interface LoadedOrganisation {
  unitId(code: string): number;
  officerId(code: string): number;
}

/** Imports the organisation through the real import services; fails loudly if any row is rejected. */
export async function loadOrganisation(db: Db): Promise<LoadedOrganisation> {
  const imports: [typeof importUnitFile, readonly string[], CsvRow[], string][] = [
    [importUnitFile, unitColumns, organisation.units, 'units.csv'],
    [importOfficerFile, officerColumns, organisation.officers, 'officers.csv'],
    [importBusinessFile, businessColumns, organisation.businesses, 'businesses.csv'],
  ];
  for (const [importer, columns, rows, name] of imports) {
    const summary = await importer(db, csvFile(name, columns, rows));
    if (summary.rejected > 0) throw new Error(`fixture ${name}: ${JSON.stringify(summary)}`);
  }
  const units = new Map((await db.kysely.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, Number(u.id)]));
  const officers = new Map((await db.kysely.selectFrom('officers').select(['id', 'code']).execute()).map((o) => [o.code, Number(o.id)]));
  const lookup = (map: Map<string, number>, code: string) => {
    const id = map.get(code);
    if (id === undefined) throw new Error(`fixture: no ${code}`);
    return id;
  };
  return { unitId: (code) => lookup(units, code), officerId: (code) => lookup(officers, code) };
}

/** A 12-digit import declaration number (10…), distinct for each n. */
export function importNo(n: number): string {
  return `10${String(n).padStart(10, '0')}`;
}

/** A valid declarations.csv row for the organisation; override any column. */
export function declarationRow(n: number, overrides: Partial<CsvRow> = {}): CsvRow {
  return {
    declaration_no: importNo(n), kind: 'import', type_code: 'A11', office_code: '03CC',
    declarant_tax_code: '0200123457', declarant_name: 'Công ty TNHH Vận tải Biển Đông',
    registered_at: '2020-04-01T08:30:00+07:00', cleared_at: '01/04/2020 10:15', channel: 'xanh',
    handlers: 'reception:CC001;physical_inspection:CC002', ...overrides,
  };
}

/** The same declaration as an NDJSON line or API item (camelCase, handlers as an array). */
export function declarationItem(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    declarationNo: importNo(n), kind: 'import', typeCode: 'A11', officeCode: '03CC',
    declarantTaxCode: '0200123457', declarantName: 'Công ty TNHH Vận tải Biển Đông',
    registeredAt: '2020-04-01T08:30:00+07:00', clearedAt: '2020-04-01T10:15:00+07:00', channel: 1,
    handlers: [{ step: 'reception', officerCode: 'CC001' }, { step: 'physical_inspection', officerCode: 'CC002' }],
    ...overrides,
  };
}

export function declarationsCsv(rows: readonly CsvRow[], options: CsvOptions = {}): string {
  return csvFile('declarations.csv', declarationColumns, rows, options);
}

export interface Rejection {
  line: number;
  code: string;
  message: string;
}

/** Reads an errors file (`line,code,message`), checking its header. */
export function readRejections(path: string): Rejection[] {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  if (header?.join(',') !== 'line,code,message') throw new Error(`errors file header: ${header?.join(',')}`);
  return rows.map(([line, code, message]) => ({ line: Number(line), code: code!, message: message! }));
}

type Importer = (db: Db, path: string, options: ImportOptions) => Promise<ImportSummary>;

/** Runs an import as the CLI does with `--errors FILE`, and reads the errors file back. */
export async function importWithErrors(importer: Importer, db: Db, path: string): Promise<{ summary: ImportSummary; rejections: Rejection[] }> {
  const errorsPath = tempPath('errors.csv');
  const file = new RejectionFile(errorsPath);
  let summary: ImportSummary;
  try {
    summary = await importer(db, path, { onRejected: file.add, afterBatch: () => file.drain() });
  } finally {
    await file.close();
  }
  return { summary, rejections: readRejections(errorsPath) };
}

/** Imports a declarations file; `useWorker` and `batchSize` as the service takes them. */
export function importDeclarations(db: Db, path: string, extra: Pick<ImportOptions, 'useWorker' | 'batchSize' | 'rowsPerTransaction'> = {}) {
  return importWithErrors((d, p, options) => importDeclarationFile(d, p, { ...options, ...extra }), db, path);
}

/** The stored handlers of a declaration: step, officer code and the team credited, in order. */
export async function handlersOf(db: Db, declarationNo: string): Promise<{ step: string; officer: string; unit: string }[]> {
  return db.kysely
    .selectFrom('declaration_handlers as h')
    .innerJoin('declarations as d', 'd.id', 'h.declaration_id')
    .innerJoin('officers as o', 'o.id', 'h.officer_id')
    .innerJoin('units as u', 'u.id', 'h.unit_id')
    .select(['h.step', 'o.code as officer', 'u.code as unit'])
    .where('d.declaration_no', '=', declarationNo)
    .orderBy('h.seq')
    .execute();
}

export async function countRows(db: Db, table: 'units' | 'officers' | 'officer_assignments' | 'businesses' | 'declarations' | 'declaration_handlers'): Promise<number> {
  const row = await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
