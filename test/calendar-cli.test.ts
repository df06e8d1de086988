import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { systemActor } from '../src/audit/audit.service.js';
import { addHoliday } from '../src/calendar/calendar.service.js';
import { buildCli, cliDataDir, hailong as runHailong } from './helpers/cli.js';
import { dialects, freshDatabase } from './helpers/databases.js';

/**
 * `hailong calendar add-working-days` as an operator runs it: `node bin/hailong.js` on dist/,
 * rebuilt first when older than src/ (as in cli.test.ts).
 */
const dataDir = cliDataDir('hailong-calendar-cli-');
before(buildCli);
const hailong = (args: string[], env: Record<string, string>) => runHailong(args, env, dataDir);

const addWorkingDays = (day: string, n: string, env: Record<string, string>) => hailong(['calendar', 'add-working-days', day, n], env);

for (const dialect of dialects) {
  test(`calendar add-working-days prints the day alone, counted on the calendar in the database [${dialect}]`, async () => {
    const fresh = await freshDatabase(dialect);
    try {
      const env = { DATABASE_URL: fresh.url };
      const expectations: [day: string, n: string, due: string][] = [
        ['2026-02-13', '1', '2026-02-23'], // Friday before Tết Bính Ngọ: 16–20/2 are off
        ['2020-04-29', '1', '2020-05-04'], // 30/4 and 1/5 on Thursday and Friday
        ['2025-08-29', '1', '2025-09-03'], // 1/9 and 2/9/2025
        ['2026-03-06', '0', '2026-03-06'],
      ];
      for (const [day, n, due] of expectations) {
        const run = await addWorkingDays(day, n, env);
        assert.equal(run.code, 0, run.stderr);
        assert.equal(run.stdout, `${due}\n`, `${day} + ${n}`);
      }
      await addHoliday(fresh.db.kysely, { day: '2026-02-23', name_vi: 'Nghỉ thêm sau Tết', name_en: 'Extra day after Tết' }, systemActor);
      assert.equal((await addWorkingDays('2026-02-13', '1', env)).stdout, '2026-02-24\n', 'an administrator’s change counts');
    } finally {
      await fresh.drop();
    }
  });
}

test('a day that is not a real date, or N that is not a whole number 0–10000, is a usage error (64)', async () => {
  const env = { DATABASE_URL: `sqlite:${join(dataDir, 'usage.db')}` };
  const wrong: string[][] = [
    ['calendar', 'add-working-days', '2026-02-30', '1'],
    ['calendar', 'add-working-days', '13/02/2026', '1'],
    ['calendar', 'add-working-days', '2026-02-13', 'x'],
    ['calendar', 'add-working-days', '2026-02-13', '1.5'],
    ['calendar', 'add-working-days', '2026-02-13', '-1'],
    ['calendar', 'add-working-days', '2026-02-13', '10001'],
    ['calendar', 'add-working-days', '2026-02-13'],
    ['calendar', 'add-working-days', '2026-02-13', '1', '2'],
    ['calendar', 'add-days', '2026-02-13', '1'],
    ['calendar'],
  ];
  for (const args of wrong) {
    const run = await hailong(args, env);
    assert.equal(run.code, 64, args.join(' '));
    assert.equal(run.stdout, '', args.join(' '));
    assert.match(run.stderr, /^hailong: .*\nTry: hailong help\n$/, args.join(' '));
  }
  const help = await hailong(['help'], env);
  assert.match(help.stdout, /hailong calendar add-working-days YYYY-MM-DD N/);
});
