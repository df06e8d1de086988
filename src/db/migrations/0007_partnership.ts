import { sql, type Kysely } from 'kysely';
import { bigint, idColumn, isPostgres } from './helpers.js';

// Customs–Business partnership programme: versioned agreement templates with their appendix of
// rule documents, the agreements businesses sign (the scanned PDF lives under DATA_DIR, only its
// path here), business associations with their coordination rule, and association members;
// and how many declarations each business lodged at each office with the office where it lodged
// most (both kept by the declaration feed in its transactions, seeded here from the declarations
// already stored), so that a business's most frequent office is read, never computed from the
// declarations.
export async function up(db: Kysely<any>): Promise<void> {
  const big = bigint(db);
  const id = idColumn(db);

  await db.schema
    .createTable('agreement_templates')
    .addColumn('id', big, id)
    .addColumn('code', 'varchar(40)', (c) => c.notNull())
    .addColumn('version', 'varchar(40)', (c) => c.notNull())
    .addColumn('effective_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('title_vi', 'varchar(300)', (c) => c.notNull())
    .addColumn('title_en', 'varchar(300)', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .addUniqueConstraint('agreement_templates_code_version', ['code', 'version'])
    .execute();

  await db.schema
    .createTable('agreement_appendix_items')
    .addColumn('id', big, id)
    .addColumn('template_id', big, (c) => c.notNull().references('agreement_templates.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title_vi', 'varchar(300)', (c) => c.notNull())
    .addColumn('title_en', 'varchar(300)', (c) => c.notNull())
    .addColumn('number', 'varchar(60)')
    .addColumn('issued_on', 'varchar(10)')
    .addColumn('link', 'varchar(500)')
    .addColumn('file_path', 'varchar(300)')
    .addColumn('created_at', big, (c) => c.notNull())
    .addUniqueConstraint('agreement_appendix_items_position', ['template_id', 'position'])
    .execute();

  await db.schema
    .createTable('agreements')
    .addColumn('id', big, id)
    .addColumn('business_id', big, (c) => c.notNull().references('businesses.id'))
    .addColumn('template_id', big, (c) => c.notNull().references('agreement_templates.id'))
    .addColumn('signed_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('signatory', 'varchar(200)', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('scan_path', 'varchar(200)')
    .addColumn('scan_bytes', 'integer')
    .addColumn('scan_uploaded_at', big)
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .addUniqueConstraint('agreements_business_template', ['business_id', 'template_id'])
    .execute();
  await db.schema.createIndex('agreements_signed_on').on('agreements').columns(['signed_on']).execute();
  await db.schema.createIndex('agreements_template').on('agreements').columns(['template_id']).execute();

  await db.schema
    .createTable('associations')
    .addColumn('id', big, id)
    .addColumn('code', 'varchar(40)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(300)', (c) => c.notNull())
    .addColumn('rule_signed_on', 'varchar(10)')
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('association_members')
    .addColumn('association_id', big, (c) => c.notNull().references('associations.id'))
    .addColumn('business_id', big, (c) => c.notNull().references('businesses.id'))
    .addColumn('created_at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('association_members_pk', ['association_id', 'business_id'])
    .execute();
  await db.schema.createIndex('association_members_business').on('association_members').column('business_id').execute();

  await db.schema
    .createTable('business_offices')
    .addColumn('business_id', big, (c) => c.notNull())
    .addColumn('office_id', big, (c) => c.notNull())
    .addColumn('declarations', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('business_offices_pk', ['business_id', 'office_id'])
    // SQLite: rows live in the primary-key B-tree itself: the feed's upsert touches one B-tree, not two.
    .$call((builder) => (isPostgres(db) ? builder : builder.modifyEnd(sql`without rowid`)))
    .execute();
  await sql`insert into business_offices (business_id, office_id, declarations)
    select declarant_id, office_id, count(*) from declarations group by declarant_id, office_id`.execute(db);

  await db.schema
    .createTable('business_main_offices')
    .addColumn('business_id', big, (c) => c.primaryKey())
    .addColumn('office_id', big, (c) => c.notNull())
    .addColumn('declarations', big, (c) => c.notNull())
    .execute();
  await sql`insert into business_main_offices (business_id, office_id, declarations)
    select business_id, office_id, declarations from (
      select business_id, office_id, declarations, row_number() over (partition by business_id order by declarations desc, office_id) as rn
      from business_offices) ranked
    where rn = 1`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['business_main_offices', 'business_offices', 'association_members', 'associations', 'agreements', 'agreement_appendix_items', 'agreement_templates']) {
    await db.schema.dropTable(table).execute();
  }
}
