import type { Kysely } from 'kysely';
import { bigint, idColumn } from './helpers.js';

// Closed loop: a verification case per neutral-or-negative evaluation, its timeline, the
// once-per-deadline escalation record, and the durable outbox of e-mails and webhooks with the log
// of every delivery attempt; webhook endpoints registered per vendor API client.
export async function up(db: Kysely<any>): Promise<void> {
  const big = bigint(db);
  const id = idColumn(db);

  await db.schema
    .createTable('cases')
    .addColumn('id', big, id)
    .addColumn('declaration_id', big, (c) => c.notNull().unique())
    .addColumn('business_id', big, (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('origin_unit_id', big, (c) => c.notNull())
    .addColumn('assigned_unit_id', big, (c) => c.notNull())
    .addColumn('lowest_level', 'integer', (c) => c.notNull())
    .addColumn('opened_at', big, (c) => c.notNull())
    .addColumn('opened_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('acknowledge_due', 'varchar(10)', (c) => c.notNull())
    .addColumn('conclude_due', 'varchar(10)', (c) => c.notNull())
    .addColumn('acknowledged_at', big)
    .addColumn('acknowledged_day', 'varchar(10)')
    .addColumn('concluded_at', big)
    .addColumn('concluded_day', 'varchar(10)')
    .addColumn('finding', 'varchar(30)')
    .addColumn('categories_json', 'text')
    .addColumn('officers_json', 'text')
    .addColumn('action', 'varchar(20)')
    .addColumn('action_details', 'text')
    .addColumn('response', 'text')
    .addColumn('responded_at', big)
    .addColumn('answer_due', 'varchar(10)')
    .addColumn('business_answer', 'varchar(20)')
    .addColumn('dispute_reason', 'text')
    .addColumn('closed_at', big)
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cases_assigned').on('cases').columns(['assigned_unit_id', 'status']).execute();
  await db.schema.createIndex('cases_origin_opened').on('cases').columns(['origin_unit_id', 'opened_day']).execute();
  await db.schema.createIndex('cases_status').on('cases').columns(['status', 'acknowledge_due']).execute();

  await db.schema
    .createTable('case_events')
    .addColumn('id', big, id)
    .addColumn('case_id', big, (c) => c.notNull().references('cases.id'))
    .addColumn('at', big, (c) => c.notNull())
    .addColumn('kind', 'varchar(30)', (c) => c.notNull())
    .addColumn('actor_kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('actor_id', big)
    .addColumn('actor_name', 'varchar(200)')
    .addColumn('from_status', 'varchar(20)')
    .addColumn('to_status', 'varchar(20)')
    .addColumn('details_json', 'text')
    .execute();
  await db.schema.createIndex('case_events_case').on('case_events').columns(['case_id', 'id']).execute();

  await db.schema
    .createTable('case_escalations')
    .addColumn('case_id', big, (c) => c.notNull().references('cases.id'))
    .addColumn('deadline', 'varchar(20)', (c) => c.notNull())
    .addColumn('due_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('from_unit_id', big, (c) => c.notNull())
    .addColumn('to_unit_id', big, (c) => c.notNull())
    .addColumn('at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('case_escalations_pk', ['case_id', 'deadline', 'due_day'])
    .execute();

  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', big, id)
    .addColumn('api_client_id', big, (c) => c.notNull().references('api_clients.id'))
    .addColumn('url', 'varchar(500)', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('disabled_at', big)
    .execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', big, id)
    .addColumn('channel', 'varchar(10)', (c) => c.notNull())
    .addColumn('target', 'varchar(500)', (c) => c.notNull())
    .addColumn('webhook_endpoint_id', big)
    .addColumn('subject', 'varchar(300)')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('event', 'varchar(40)', (c) => c.notNull())
    .addColumn('case_id', big)
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', big, (c) => c.notNull())
    .addColumn('claimed_until', big)
    .addColumn('last_error', 'text')
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('sent_at', big)
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('outbox_attempts')
    .addColumn('id', big, id)
    .addColumn('outbox_id', big, (c) => c.notNull().references('outbox.id'))
    .addColumn('at', big, (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('outbox_attempts_outbox').on('outbox_attempts').column('outbox_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['outbox_attempts', 'outbox', 'webhook_endpoints', 'case_escalations', 'case_events', 'cases']) {
    await db.schema.dropTable(table).execute();
  }
}
