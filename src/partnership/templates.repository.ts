import type { Kysely } from 'kysely';
import type { AgreementAppendixItem, AgreementTemplate, Database } from '../db/schema.js';

type Q = Kysely<Database>;

export type NewTemplate = Omit<AgreementTemplate, 'id'>;
export type NewAppendixItem = Omit<AgreementAppendixItem, 'id' | 'position'>;

/** Inserts a template unless its code/version exists; returns the new id, or undefined. */
export async function insertTemplate(db: Q, template: NewTemplate): Promise<number | undefined> {
  const row = await db.insertInto('agreement_templates').values(template)
    .onConflict((oc) => oc.columns(['code', 'version']).doNothing())
    .returning('id').executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

/** Every template with its number of appendix documents and of agreements, newest first. */
export function listTemplates(db: Q) {
  return db.selectFrom('agreement_templates as t')
    .select(['t.id', 't.code', 't.version', 't.effective_on', 't.title_vi', 't.title_en'])
    .select((eb) => [
      eb.selectFrom('agreement_appendix_items as i').whereRef('i.template_id', '=', 't.id').select((s) => s.fn.countAll<number>().as('n')).as('appendix_items'),
      eb.selectFrom('agreements as a').whereRef('a.template_id', '=', 't.id').select((s) => s.fn.countAll<number>().as('n')).as('agreements'),
    ])
    .orderBy('t.effective_on', 'desc').orderBy('t.id', 'desc')
    .execute();
}

export function findTemplate(db: Q, id: number): Promise<AgreementTemplate | undefined> {
  return db.selectFrom('agreement_templates').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every template, for resolving `code/version` references in an import (templates are few). */
export function listAllTemplates(db: Q): Promise<AgreementTemplate[]> {
  return db.selectFrom('agreement_templates').selectAll().execute();
}

export function listAppendixItems(db: Q, templateId: number): Promise<AgreementAppendixItem[]> {
  return db.selectFrom('agreement_appendix_items').selectAll().where('template_id', '=', templateId).orderBy('position').execute();
}

/** Appends a document at the end of the template's appendix (in the caller's transaction). */
export async function appendAppendixItem(db: Q, item: NewAppendixItem): Promise<AgreementAppendixItem> {
  const last = await db.selectFrom('agreement_appendix_items').select((eb) => eb.fn.max('position').as('p'))
    .where('template_id', '=', item.template_id).executeTakeFirst();
  const position = Number(last?.p ?? 0) + 1;
  const row = await db.insertInto('agreement_appendix_items').values({ ...item, position }).returning('id').executeTakeFirstOrThrow();
  return { ...item, position, id: Number(row.id) };
}

export function findAppendixItem(db: Q, id: number): Promise<AgreementAppendixItem | undefined> {
  return db.selectFrom('agreement_appendix_items').selectAll().where('id', '=', id).executeTakeFirst();
}
