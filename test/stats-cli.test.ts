import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { testApp } from './helpers/app.js';
import { buildCli, cliDataDir, hailong } from './helpers/cli.js';
import { dialects, freshDatabase } from './helpers/databases.js';
import { buildWorld } from './helpers/principals.js';
import { addRatedDeclarations } from './helpers/rated-declarations.js';

// `hailong stats` as an operator runs it, against the API's answers on the same database.

const dataDir = cliDataDir('hailong-stats-cli-');
before(buildCli);

const cases: [string[], string][] = [
  [[], ''],
  [['--unit', 'HP', '--from', '2020-01-01', '--to', '2020-12-31', '--group-by', 'unit'], 'unit=HP&from=2020-01-01&to=2020-12-31&groupBy=unit'],
  [['--unit', '03CC', '--group-by', 'officer'], 'unit=03CC&groupBy=officer'],
  [['--officer', 'CC002', '--group-by', 'month'], 'officer=CC002&groupBy=month'],
  [['--kind', 'import', '--channel', '1', '--type-code', 'A11', '--group-by', 'typeCode'], 'kind=import&channel=1&typeCode=A11&groupBy=typeCode'],
  [['--rating-channel', 'software', '--group-by', 'level'], 'ratingChannel=software&groupBy=level'],
  [['--from', '2020-06-15', '--to', '2020-07-31', '--group-by', 'week'], 'from=2020-06-15&to=2020-07-31&groupBy=week'],
  [['--group-by', 'channel'], 'groupBy=channel'],
];

for (const dialect of dialects) {
  test(`stats --json prints exactly the API's answer for the same filters; without --json a bilingual table [${dialect}]`, async () => {
    const fresh = await freshDatabase(dialect);
    try {
      const app = await testApp(fresh.db);
      const { clients } = await buildWorld(fresh.db, app);
      await addRatedDeclarations(fresh.db);
      const env = { DATABASE_URL: fresh.url };
      for (const [args, query] of cases) {
        const run = await hailong(['stats', ...args, '--json'], env, dataDir);
        assert.equal(run.code, 0, run.stderr);
        const api = await clients.admin.get(`/api/v1/stats${query ? `?${query}` : ''}`);
        assert.equal(api.statusCode, 200, api.body);
        assert.equal(run.stdout, `${JSON.stringify(api.json())}\n`, args.join(' '));
        if (args.length === 0) {
          // The two ratings of 3 or lower opened cases at 03CC, never acknowledged: both deadlines missed.
          assert.deepEqual(api.json<{ cases: unknown }>().cases, {
            opened: 2, acknowledgedOnTime: 0, concludedOnTime: 0, medianDaysToConclude: null, violationsConfirmed: null, accepted: null, disputed: null,
          });
        }
      }
      await app.close();

      const table = await hailong(['stats', '--unit', 'HP', '--group-by', 'unit'], env, dataDir);
      assert.equal(table.code, 0, table.stderr);
      const lines = table.stdout.split('\n');
      assert.equal(lines[0], 'Kết quả đánh giá / Evaluation figures');
      assert.equal(lines[1], 'Bộ lọc / Filters: --unit HP --group-by unit');
      assert.match(lines[3]!, /Đủ điều kiện\s+Được đánh giá\s+Tỷ lệ đánh giá\s+Hài lòng\s+Khoảng tin cậy 95 %\s+Mức TB\s+Xếp hạng$/);
      assert.match(lines[4]!, /Eligible\s+Rated\s+Rate\s+Satisfied\s+95% interval\s+Mean\s+Rankable$/);
      assert.match(lines[5]!, /^Tổng\/Total\s+7\s+5\s+71\.4%\s+60\.0%\s+23\.1%–88\.2%\s+3\.80\s+có\/yes$/);
      assert.match(lines[6]!, /^03CC\s+6\s+4\s+66\.7%\s+50\.0%\s+15\.0%–85\.0%\s+3\.50\s+có\/yes\s+Chi cục Hải quan cửa khẩu cảng Hải Phòng khu vực I$/);
      assert.match(lines[7]!, /^03EE\s+1\s+1\s+100\.0%\s+100\.0%\s+20\.7%–100\.0%\s+5\.00\s+không\/no\s+Chi cục Hải quan cửa khẩu cảng Hải Phòng khu vực II$/);
      assert.match(table.stdout, /Lý do \/ Reasons — Thái độ phục vụ \/ Attitude: 1; Chậm trễ \/ Delay: 1; /);
      assert.match(table.stdout, /\nXử lý phản hồi \(vụ việc mở trong kỳ\) \/ Closed loop \(cases opened in the period\)\n {2}Vụ việc \/ Cases opened: 2\n {2}Tiếp nhận đúng hạn \/ Acknowledged on time: 0\.0%\n/);
      assert.match(table.stdout, /Trung vị ngày làm việc đến kết luận \/ Median working days to conclude: —\n/);
      assert.doesNotMatch(table.stdout, /--rating-channel does not apply/);
      const byChannel = await hailong(['stats', '--rating-channel', 'link'], env, dataDir);
      assert.match(byChannel.stdout, /Lý do \/ Reasons — .*\n {2}\(mọi kênh đánh giá: --rating-channel không áp dụng cho lý do \/ every rating channel: --rating-channel does not apply to reasons\)\n/);
    } finally {
      await fresh.drop();
    }
  });
}

test('stats refuses options it does not take (exit 64) and values the API refuses (the catalogue error)', async () => {
  const env = { DATABASE_URL: `sqlite:${dataDir}/refusals.db` };
  for (const args of [['--role', 'admin'], ['--frobnicate'], ['extra'], ['--group-by']]) {
    const run = await hailong(['stats', ...args], env, dataDir);
    assert.equal(run.code, 64, `${args.join(' ')}: ${run.stderr}`);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /Try: hailong help/);
  }
  for (const [args, code] of [
    [['--kind', 'car'], /validation_failed: .*--kind must be equal to one of the allowed values/],
    [['--group-by', 'business'], /validation_failed: .*--group-by/],
    [['--channel', '4'], /validation_failed/],
    [['--from', '2020-13-01'], /invalid_date/],
    [['--from', '2020-09-01', '--to', '2020-08-01'], /invalid_period/],
    [['--unit', 'NOPE'], /unit_not_found/],
    [['--officer', 'NOPE', '--json'], /officer_not_found/],
  ] as const) {
    const run = await hailong(['stats', ...args], env, dataDir);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, code, args.join(' '));
  }
});
