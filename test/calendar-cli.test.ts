import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { before, test } from 'node:test';
import { systemActor } from '../src/audit/audit.service.js';
import { addHoliday } from '../src/calendar/calendar.service.js';
import { dialects, freshDatabase } from './helpers/databases.js';

/**
 * `hailong calendar add-working-days` as an operator runs it: `node bin/hailong.js` on dist/,
 * rebuilt first when older than src/ (as in cli.test.ts).
 */
const root = resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(join(tmpdir(), 'hailong-calendar-cli-'));
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));

function newestSource(dir: string): number {
  return Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return newestSource(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? statSync(path).mtimeMs : 0;
  }));
}

before(() => {
  const built = join(root, 'dist', 'cli.js');
  if (existsSync(built) && statSync(built).mtimeMs >= newestSource(join(root, 'src'))) return;
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--noCheck'], { cwd: root, stdio: 'pipe' });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function hailong(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [join(root, 'bin/hailong.js'), ...args], {
      cwd: dataDir, env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env },
    }, (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

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
