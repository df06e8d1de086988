import assert from 'node:assert/strict';
import { systemActor } from '../src/audit/audit.service.js';
import { shippedHolidays } from '../src/calendar/holidays.js';
import { listHolidaysBetween } from '../src/calendar/calendar.repository.js';
import { addHoliday, calendarYear, loadHolidays, removeHoliday } from '../src/calendar/calendar.service.js';
import { addWorkingDays } from '../src/calendar/working-days.js';
import type { Db } from '../src/db/database.js';
import { AppError } from '../src/errors.js';
import { createUser } from '../src/users/users.service.js';
import { Client, testApp } from './helpers/app.js';
import { dbTest } from './helpers/databases.js';

const password = 'calendar password 2026';
const cultureDay = { day: '2026-11-24', name_vi: 'Ngày Văn hoá Việt Nam', name_en: 'Vietnam Culture Day' };

async function auditTrail(db: Db) {
  return db.kysely.selectFrom('audit_events').select(['action', 'entity_id', 'before_json', 'after_json'])
    .where('entity', '=', 'holiday').orderBy('id').execute();
}

function rejects(code: string) {
  return (error: unknown) => error instanceof AppError && error.code === code;
}

dbTest('a freshly migrated database holds the shipped holidays 2020–2030', async (db) => {
  const stored = await listHolidaysBetween(db.kysely, '2000-01-01', '2100-12-31');
  assert.deepEqual(stored.map(({ day, name_vi, name_en }) => ({ day, name_vi, name_en })), shippedHolidays);
  assert.ok(stored.every((h) => h.created_at > 0 && h.updated_at === h.created_at));
  const year = await calendarYear(db.kysely, 2026);
  assert.equal(year.holidays.length, 12);
  assert.equal(year.workingDays, 250);
});

dbTest('a day off added by an administrator counts at once, is audited, and can be removed again', async (db) => {
  assert.equal(addWorkingDays('2026-02-13', 1, await loadHolidays(db.kysely)), '2026-02-23');
  const actor = systemActor;
  await addHoliday(db.kysely, { day: '2026-02-23', name_vi: '  Nghỉ thêm sau Tết ', name_en: 'Extra day after Tết' }, actor);
  assert.equal(addWorkingDays('2026-02-13', 1, await loadHolidays(db.kysely)), '2026-02-24');
  const [added] = await listHolidaysBetween(db.kysely, '2026-02-23', '2026-02-23');
  assert.equal(added?.name_vi, 'Nghỉ thêm sau Tết', 'names are trimmed');

  await assert.rejects(addHoliday(db.kysely, { day: '2026-02-23', name_vi: 'Khác', name_en: 'Other' }, actor), rejects('holiday_exists'));
  await removeHoliday(db.kysely, '2026-02-23', actor);
  assert.equal(addWorkingDays('2026-02-13', 1, await loadHolidays(db.kysely)), '2026-02-23');
  await assert.rejects(removeHoliday(db.kysely, '2026-02-23', actor), rejects('holiday_not_found'));

  const trail = await auditTrail(db);
  assert.deepEqual(trail.map((e) => [e.action, e.entity_id]), [['create', '2026-02-23'], ['delete', '2026-02-23']]);
  assert.deepEqual(JSON.parse(trail[0]!.after_json!), { name_vi: 'Nghỉ thêm sau Tết', name_en: 'Extra day after Tết' });
  assert.deepEqual(JSON.parse(trail[1]!.before_json!), { name_vi: 'Nghỉ thêm sau Tết', name_en: 'Extra day after Tết' });
});

dbTest('a day off needs a real day of 2000–2100 and both names; nothing is stored otherwise', async (db) => {
  const cases: [Parameters<typeof addHoliday>[1], string][] = [
    [{ ...cultureDay, day: '' }, 'missing_field'],
    [{ ...cultureDay, day: '2026-02-30' }, 'invalid_date'],
    [{ ...cultureDay, day: '24/11/2026' }, 'invalid_date'],
    [{ ...cultureDay, day: '1999-12-31' }, 'invalid_date'],
    [{ ...cultureDay, name_vi: '   ' }, 'missing_field'],
    [{ ...cultureDay, name_en: '' }, 'missing_field'],
    [{ ...cultureDay, name_en: 'x'.repeat(201) }, 'field_too_long'],
  ];
  for (const [input, code] of cases) await assert.rejects(addHoliday(db.kysely, input, systemActor), rejects(code), JSON.stringify(input));
  assert.deepEqual(await listHolidaysBetween(db.kysely, '2026-11-01', '2026-11-30'), []);
  assert.deepEqual(await auditTrail(db), []);
});

async function signedIn(db: Db, username: string, role: 'admin' | 'inspector') {
  await createUser(db.kysely, { username, password, role }, systemActor);
  return username;
}

dbTest('the calendar page lists a year in both languages; an administrator adds and removes a day off', async (db) => {
  await signedIn(db, 'cal.admin', 'admin');
  const app = await testApp(db);
  try {
    const admin = new Client(app);
    assert.equal((await admin.signIn('cal.admin', password)).statusCode, 303);
    assert.match((await admin.get('/admin')).body, /href="\/admin\/calendar"/);

    const page = await admin.get('/admin/calendar?year=2026');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Lịch ngày làm việc/);
    assert.match(page.body, /17\/02\/2026<\/td><td>Thứ Ba<\/td>\s*<td lang="vi">Tết Nguyên đán \(mùng 1\)/);
    assert.match(page.body, /Năm 2026 có 250 ngày làm việc/);
    const english = await admin.get('/admin/calendar?year=2030&lang=en');
    assert.match(english.body, /02\/02\/2030<\/td><td>Saturday<\/td>/);
    assert.match(english.body, /2030 has 250 working days/);

    const added = await admin.post('/admin/calendar', cultureDay, '/admin/calendar');
    assert.equal(added.statusCode, 303);
    assert.equal(added.headers.location, '/admin/calendar?year=2026&added=2026-11-24');
    const after = await admin.get(added.headers.location);
    assert.match(after.body, /role="status"><p>Đã thêm ngày nghỉ 24\/11\/2026\./);
    assert.match(after.body, /24\/11\/2026<\/td><td>Thứ Ba<\/td>\s*<td lang="vi">Ngày Văn hoá Việt Nam<\/td><td lang="en">Vietnam Culture Day/);
    assert.match(after.body, /Năm 2026 có 249 ngày làm việc/);

    const again = await admin.post('/admin/calendar', { ...cultureDay, name_en: 'Culture <Day>' }, '/admin/calendar');
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /holiday_exists/);
    assert.match(again.body, /value="Culture &lt;Day&gt;"/, 'the form keeps what was typed, escaped');

    const removed = await admin.post('/admin/calendar/2026-11-24/delete', {}, '/admin/calendar');
    assert.equal(removed.statusCode, 303);
    assert.equal(removed.headers.location, '/admin/calendar?year=2026&removed=2026-11-24');
    assert.doesNotMatch((await admin.get('/admin/calendar?year=2026')).body, /Ngày Văn hoá Việt Nam/);
    assert.equal((await admin.post('/admin/calendar/2026-11-24/delete', {}, '/admin/calendar')).statusCode, 404);

    assert.deepEqual((await auditTrail(db)).map((e) => e.action), ['create', 'delete']);
  } finally {
    await app.close();
  }
});

dbTest('only administrators change the calendar, and only with the form’s CSRF token', async (db) => {
  await signedIn(db, 'cal.admin', 'admin');
  await signedIn(db, 'cal.inspector', 'inspector');
  const app = await testApp(db);
  try {
    const inspector = new Client(app);
    await inspector.signIn('cal.inspector', password);
    assert.equal((await inspector.get('/admin/calendar')).statusCode, 403);
    assert.equal((await inspector.post('/admin/calendar', cultureDay, '/login')).statusCode, 403);
    assert.equal((await inspector.post('/admin/calendar/2026-09-02/delete', {}, '/login')).statusCode, 403);

    const admin = new Client(app);
    await admin.signIn('cal.admin', password);
    const forged = await admin.post('/admin/calendar', cultureDay);
    assert.equal(forged.statusCode, 403);
    assert.match(forged.body, /csrf_failed/);
    assert.equal((await admin.post('/admin/calendar/2026-09-02/delete', { _csrf: 'forged' })).statusCode, 403);

    const anonymous = await new Client(app).get('/admin/calendar');
    assert.equal(anonymous.statusCode, 303);
    assert.match(anonymous.headers.location as string, /^\/login\?next=/);
    assert.equal((await listHolidaysBetween(db.kysely, '2026-09-02', '2026-09-02')).length, 1);
    assert.deepEqual(await auditTrail(db), []);
  } finally {
    await app.close();
  }
});
