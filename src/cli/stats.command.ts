import { Value } from 'typebox/value';
import { allScope } from '../auth/scope.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { reasonLabel } from '../evaluations/rating.i18n.js';
import type { Stat } from '../stats/figures.js';
import { presentStats } from '../stats/stats.routes.js';
import { StatsQuery, type CaseFigures } from '../stats/stats.schema.js';
import { computeStatsWithCases, type StatsWithCases } from '../stats/stats.service.js';
import { print, UsageError } from './output.js';

/** Command-line option → StatsQuery field: the API's filters, spelled as options. */
const filterOptions = {
  unit: 'unit', officer: 'officer', from: 'from', to: 'to', kind: 'kind', 'type-code': 'typeCode', channel: 'channel',
  'rating-channel': 'ratingChannel', 'group-by': 'groupBy',
} as const satisfies Record<string, keyof StatsQuery>;

export type StatsOptions = Partial<Record<keyof typeof filterOptions, string>> & { json?: boolean };

const usage = `stats takes only --unit, --officer, --from, --to, --kind, --type-code, --channel, --rating-channel, --group-by and --json`;

/** The options as the API's query; a value the API would refuse is the same catalogue error. */
function statsQuery(values: Record<string, unknown>): StatsQuery {
  const query: Record<string, unknown> = {};
  for (const [option, field] of Object.entries(filterOptions)) if (values[option] !== undefined) query[field] = values[option];
  if (Value.Check(StatsQuery, query)) return query;
  const option = (path: string) => Object.entries(filterOptions).find(([, f]) => `/${f}` === path)?.[0] ?? path;
  throw new AppError('validation_failed', { detail: Value.Errors(StatsQuery, query).map((e) => `--${option(e.instancePath)} ${e.message}`).join('; ') });
}

const share = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const mean = (x: number | null) => (x === null ? '—' : x.toFixed(2));

const header = [
  ['', 'Đủ điều kiện', 'Được đánh giá', 'Tỷ lệ đánh giá', 'Hài lòng', 'Khoảng tin cậy 95 %', 'Mức TB', 'Xếp hạng', ''],
  ['', 'Eligible', 'Rated', 'Rate', 'Satisfied', '95% interval', 'Mean', 'Rankable', ''],
];

function statCells(key: string, s: Stat, label: string): string[] {
  return [key, String(s.eligible), String(s.evaluated), share(s.evaluationRate), share(s.satisfactionShare),
    s.satisfactionCi ? `${share(s.satisfactionCi[0])}–${share(s.satisfactionCi[1])}` : '—', mean(s.meanLevel), s.rankable ? 'có/yes' : 'không/no', label];
}

/** Columns padded to their widest cell; figures right-aligned, the first and last (names) left-aligned. */
function columns(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  const cell = (text: string, i: number) => (i === 0 || i === widths.length - 1 ? text.padEnd(widths[i]!) : text.padStart(widths[i]!));
  return rows.map((r) => r.map(cell).join('  ').trimEnd()).join('\n');
}

/** The closed loop's figures, one per line: cases opened in the period, by opening day. */
function caseText(c: CaseFigures): string {
  const days = c.medianDaysToConclude === null ? '—' : String(c.medianDaysToConclude);
  return [
    'Xử lý phản hồi (vụ việc mở trong kỳ) / Closed loop (cases opened in the period)',
    `  Vụ việc / Cases opened: ${c.opened}`,
    `  Tiếp nhận đúng hạn / Acknowledged on time: ${share(c.acknowledgedOnTime)}`,
    `  Kết luận đúng hạn / Concluded on time: ${share(c.concludedOnTime)}`,
    `  Trung vị ngày làm việc đến kết luận / Median working days to conclude: ${days}`,
    `  Xác nhận vi phạm / Violations confirmed: ${share(c.violationsConfirmed)}`,
    `  Doanh nghiệp chấp nhận / Accepted: ${share(c.accepted)} — không đồng ý / disputed: ${share(c.disputed)}`,
  ].join('\n');
}

/** The figures as a bilingual table: the total, then one row per group; the reasons given; the closed loop's figures. */
export function statsText(query: StatsQuery, result: StatsWithCases): string {
  const filters = Object.entries(filterOptions).filter(([, f]) => query[f] !== undefined).map(([o, f]) => `--${o} ${query[f]}`);
  const rows = [...header, statCells('Tổng/Total', result.total, ''), ...result.groups.map((g) => statCells(g.key, g, g.label === g.key ? '' : g.label))];
  const reasons = Object.entries(result.total.reasons).map(([r, n]) => `${reasonLabel('vi', r)} / ${reasonLabel('en', r)}: ${n}`);
  return [
    'Kết quả đánh giá / Evaluation figures',
    `Bộ lọc / Filters: ${filters.length > 0 ? filters.join(' ') : 'không / none'}`,
    '',
    columns(rows),
    '',
    `Lý do / Reasons — ${reasons.join('; ')}`,
    ...(query.ratingChannel === undefined ? [] : ['  (mọi kênh đánh giá: --rating-channel không áp dụng cho lý do / every rating channel: --rating-channel does not apply to reasons)']),
    '',
    caseText(result.cases),
  ].join('\n');
}

/**
 * `hailong stats [--unit CODE] [--officer CODE] [--from DAY] [--to DAY] [--kind K] [--type-code C]
 * [--channel 1|2|3] [--rating-channel C] [--group-by G] [--json]`: the figures of GET /api/v1/stats
 * over the whole organisation (the command runs with the database's own access). `--json` prints
 * exactly the API's answer; labels are Vietnamese, as the API's default.
 */
export async function statsCommand(db: Db, args: readonly string[], values: Record<string, unknown>): Promise<number> {
  if (args.length > 0) throw new UsageError(`${usage} (no arguments)`);
  const unknown = Object.keys(values).filter((k) => values[k] !== undefined && k !== 'json' && !(k in filterOptions));
  if (unknown.length > 0) throw new UsageError(`${usage}, not --${unknown.join(', --')}`);
  const query = statsQuery(values);
  const result = await computeStatsWithCases(db.kysely, allScope, query, 'vi');
  print(values.json === true ? JSON.stringify(presentStats(result)) : statsText(query, result));
  return 0;
}
