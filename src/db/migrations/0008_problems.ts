import type { Kysely } from 'kysely';
import { bigint, idColumn } from './helpers.js';

// Problem resolution (vướng mắc) and dialogue conferences: the problems businesses raise, their
// timeline, their attachments (metadata only: the files live under DATA_DIR/problems/<id>/), the
// anonymised public Q&A, and the conferences with their invitations (businesses by tax code,
// associations by code) and minutes; a question collected for a conference is a problem.
export async function up(db: Kysely<any>): Promise<void> {
  const big = bigint(db);
  const id = idColumn(db);

  await db.schema
    .createTable('conferences')
    .addColumn('id', big, id)
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('held_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('place', 'varchar(300)', (c) => c.notNull())
    .addColumn('minutes', 'text')
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('conferences_held_on').on('conferences').column('held_on').execute();

  await db.schema
    .createTable('conference_invitations')
    .addColumn('conference_id', big, (c) => c.notNull().references('conferences.id'))
    .addColumn('invitee_kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('invitee_code', 'varchar(40)', (c) => c.notNull())
    .addColumn('business_id', big)
    .addColumn('invited_at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('conference_invitations_pk', ['conference_id', 'invitee_kind', 'invitee_code'])
    .execute();

  await db.schema
    .createTable('problems')
    .addColumn('id', big, id)
    .addColumn('business_id', big, (c) => c.notNull().references('businesses.id'))
    .addColumn('declaration_id', big)
    .addColumn('conference_id', big)
    .addColumn('topic', 'varchar(20)', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('channel', 'varchar(20)', (c) => c.notNull())
    .addColumn('submitted_by', 'varchar(40)', (c) => c.notNull())
    .addColumn('unit_id', big, (c) => c.notNull())
    .addColumn('routing', 'varchar(20)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('received_at', big, (c) => c.notNull())
    .addColumn('received_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('due_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('drafted_at', big)
    .addColumn('drafted_by', big)
    .addColumn('drafted_by_name', 'varchar(200)')
    .addColumn('answered_at', big)
    .addColumn('answered_day', 'varchar(10)')
    .addColumn('approved_by', big)
    .addColumn('rating', 'integer')
    .addColumn('rating_comment', 'text')
    .addColumn('rated_at', big)
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('problems_business').on('problems').columns(['business_id', 'id']).execute();
  await db.schema.createIndex('problems_unit_status').on('problems').columns(['unit_id', 'status']).execute();
  await db.schema.createIndex('problems_status_due').on('problems').columns(['status', 'due_day']).execute();
  await db.schema.createIndex('problems_received').on('problems').columns(['received_day', 'unit_id']).execute();
  await db.schema.createIndex('problems_conference').on('problems').column('conference_id').execute();

  await db.schema
    .createTable('problem_events')
    .addColumn('id', big, id)
    .addColumn('problem_id', big, (c) => c.notNull().references('problems.id'))
    .addColumn('at', big, (c) => c.notNull())
    .addColumn('kind', 'varchar(30)', (c) => c.notNull())
    .addColumn('actor_kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('actor_id', big)
    .addColumn('actor_name', 'varchar(200)')
    .addColumn('details_json', 'text')
    .execute();
  await db.schema.createIndex('problem_events_problem').on('problem_events').columns(['problem_id', 'id']).execute();

  await db.schema
    .createTable('problem_attachments')
    .addColumn('id', big, id)
    .addColumn('problem_id', big, (c) => c.notNull().references('problems.id'))
    .addColumn('file_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('media_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('size', big, (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('stored_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('problem_attachments_problem').on('problem_attachments').column('problem_id').execute();

  await db.schema
    .createTable('problem_publications')
    .addColumn('problem_id', big, (c) => c.primaryKey().references('problems.id'))
    .addColumn('topic', 'varchar(20)', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('published_at', big, (c) => c.notNull())
    .addColumn('published_by', big)
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('problem_publications_published').on('problem_publications').column('published_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['problem_publications', 'problem_attachments', 'problem_events', 'problems', 'conference_invitations', 'conferences']) {
    await db.schema.dropTable(table).execute();
  }
}
