import { statSync } from 'node:fs';
import { isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import type { Kysely } from 'kysely';
import { audit, type Actor } from '../audit/audit.service.js';
import type { AgreementAppendixItem, AgreementTemplate, Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import { parseDay } from '../shared/time.js';
import {
  appendAppendixItem, findAppendixItem, findTemplate, insertTemplate, listAppendixItems, listTemplates,
} from './templates.repository.js';
import { templateCodePattern, templateLimits, type AppendixItemBody, type TemplateBody } from './templates.schema.js';

/** Appendix files live in this folder of DATA_DIR (never the agreement scans, never the secret key). */
export const rulesFolder = 'rules';

/** How an import names a template: `code/version`, e.g. HQHP-DN/2020. */
export function templateKey(template: Pick<AgreementTemplate, 'code' | 'version'>): string {
  return `${template.code}/${template.version}`;
}

function required(value: string | undefined, field: string, max: number): string {
  const text = (value ?? '').trim();
  if (text === '') throw new AppError('missing_field', { field });
  if (text.length > max) throw new AppError('field_too_long', { field, max });
  return text;
}

function optional(value: string | undefined): string | null {
  const text = (value ?? '').trim();
  return text === '' ? null : text;
}

function day(value: string | undefined, field: string, isRequired: boolean): string | null {
  const text = (value ?? '').trim();
  if (text === '') {
    if (isRequired) throw new AppError('missing_field', { field });
    return null;
  }
  if (parseDay(text) === null) throw new AppError('invalid_date', { field, value: text });
  return text;
}

/** Creates a template version (audited); a code/version already there is agreement_template_exists. */
export async function createTemplate(db: Kysely<Database>, input: TemplateBody, actor: Actor, now = Date.now()): Promise<AgreementTemplate> {
  const code = required(input.code, 'code', templateLimits.code);
  const version = required(input.version, 'version', templateLimits.version);
  for (const value of [code, version]) if (!templateCodePattern.test(value)) throw new AppError('invalid_template_code', { value });
  const template = {
    code, version, effective_on: day(input.effective_on, 'effective_on', true)!,
    title_vi: required(input.title_vi, 'title_vi', templateLimits.title), title_en: required(input.title_en, 'title_en', templateLimits.title),
    created_at: now, updated_at: now,
  };
  return db.transaction().execute(async (trx) => {
    const id = await insertTemplate(trx, template);
    if (id === undefined) throw new AppError('agreement_template_exists', { value: templateKey(template) });
    await audit(trx, actor, { action: 'create', entity: 'agreement_template', entityId: id, after: template }, now);
    return { ...template, id };
  });
}

/** The file of an appendix document: inside DATA_DIR/rules, an existing file; or invalid_appendix_path. */
export function appendixFile(dataDir: string, path: string): string {
  const folder = resolve(dataDir, rulesFolder);
  const clean = normalize(path.trim().replace(/\\/g, '/'));
  const full = isAbsolute(clean) ? clean : resolve(dataDir, clean);
  const inside = relative(folder, full);
  let isFile = false;
  try {
    isFile = statSync(full).isFile();
  } catch {
    isFile = false;
  }
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside) || !isFile) throw new AppError('invalid_appendix_path', { value: path.trim() });
  return join(rulesFolder, inside).split(sep).join('/');
}

function appendixLink(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.username || url.password) throw new AppError('invalid_appendix_link', { value });
  return value;
}

/** Appends a rule document to a template's appendix (audited): a link or a file under DATA_DIR/rules, not both. */
export async function addAppendixItem(
  db: Kysely<Database>, dataDir: string, templateId: number, input: AppendixItemBody, actor: Actor, now = Date.now(),
): Promise<AgreementAppendixItem> {
  const link = optional(input.link);
  const path = optional(input.file_path);
  if ((link === null) === (path === null)) throw new AppError('appendix_location_required');
  const item = {
    template_id: templateId,
    title_vi: required(input.title_vi, 'title_vi', templateLimits.title), title_en: required(input.title_en, 'title_en', templateLimits.title),
    number: optional(input.number), issued_on: day(input.issued_on, 'issued_on', false),
    link: link === null ? null : appendixLink(link), file_path: path === null ? null : appendixFile(dataDir, path), created_at: now,
  };
  return db.transaction().execute(async (trx) => {
    if (!(await findTemplate(trx, templateId))) throw new AppError('not_found');
    const stored = await appendAppendixItem(trx, item);
    await audit(trx, actor, { action: 'create', entity: 'agreement_appendix_item', entityId: stored.id, after: stored }, now);
    return stored;
  });
}

export type TemplateSummary = Awaited<ReturnType<typeof listTemplates>>[number];

export function templateList(db: Kysely<Database>): Promise<TemplateSummary[]> {
  return listTemplates(db);
}

export interface TemplateDetail {
  template: AgreementTemplate;
  appendix: AgreementAppendixItem[];
}

export async function templateDetail(db: Kysely<Database>, id: number): Promise<TemplateDetail> {
  const template = await findTemplate(db, id);
  if (!template) throw new AppError('not_found');
  return { template, appendix: await listAppendixItems(db, id) };
}

/** The absolute path of an appendix document's file, or not_found (a link, or a file since removed). */
export async function appendixDocumentPath(db: Kysely<Database>, dataDir: string, id: number): Promise<string> {
  const item = await findAppendixItem(db, id);
  if (!item?.file_path) throw new AppError('not_found');
  try {
    return resolve(dataDir, appendixFile(dataDir, item.file_path));
  } catch {
    throw new AppError('not_found');
  }
}
