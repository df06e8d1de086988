import type { Kysely } from 'kysely';

// The closed loop's figures are aggregated by the database instead of read case by case: each
// concluded case keeps the working days it took from opening to conclusion (like its deadlines,
// fixed with the calendar of the day it was concluded). Existing concluded cases are counted here
// with the holidays table as it stands.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('conclude_working_days', 'integer').execute();
  const holidays = new Set((await db.selectFrom('holidays').select('day').execute()).map((r) => r.day as string));
  const pairs = await db.selectFrom('cases').select(['opened_day', 'concluded_day']).distinct()
    .where('concluded_day', 'is not', null).execute() as { opened_day: string; concluded_day: string }[];
  for (const { opened_day: from, concluded_day: to } of pairs) {
    await db.updateTable('cases').set({ conclude_working_days: workingDaysBetween(from, to, holidays) })
      .where('opened_day', '=', from).where('concluded_day', '=', to).execute();
  }
  // The figures select cases by origin unit and opening day, then count by status, deadlines and answers.
  await db.schema.dropIndex('cases_origin_opened').execute();
  await db.schema.createIndex('cases_origin_opened').on('cases')
    .columns(['origin_unit_id', 'opened_day', 'status', 'acknowledged_day', 'acknowledge_due', 'concluded_day', 'conclude_due',
      'conclude_working_days', 'finding', 'business_answer', 'declaration_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('cases_origin_opened').execute();
  await db.schema.createIndex('cases_origin_opened').on('cases').columns(['origin_unit_id', 'opened_day']).execute();
  await db.schema.alterTable('cases').dropColumn('conclude_working_days').execute();
}

/** Working days after `from` up to and including `to`: Monday–Friday not in `holidays` (src/calendar/working-days.ts, frozen here). */
function workingDaysBetween(from: string, to: string, holidays: ReadonlySet<string>): number {
  let count = 0;
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`) + 86_400_000; t <= end; t += 86_400_000) {
    const day = new Date(t);
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !holidays.has(day.toISOString().slice(0, 10))) count++;
  }
  return count;
}
