import type { Kysely } from 'kysely';
import { audit, type Actor } from '../audit/audit.service.js';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import { listSettings, saveSetting } from './settings.repository.js';

/**
 * Business settings an administrator may change at run time (stored in the `settings` table,
 * audited). Each has bounds, so a typo cannot switch a rule off.
 */
export const settingDefinitions = {
  rating_window_days: { default: 30, min: 1, max: 365, vi: 'Số ngày được đánh giá sau khi thông quan', en: 'Days a declaration can be rated after clearance' },
  rankable_min_evaluations: { default: 30, min: 1, max: 10_000, vi: 'Số đánh giá tối thiểu để xếp hạng', en: 'Minimum evaluations before a group is ranked' },
  officer_min_evaluations: {
    default: 5, min: 2, max: 1000,
    vi: 'Số đánh giá tối thiểu của một tháng để công chức xem tháng đó trong kết quả của mình',
    en: 'Minimum evaluations in a month before officers see that month in their own figures',
  },
  case_threshold_level: { default: 3, min: 1, max: 4, vi: 'Mức đánh giá từ đó trở xuống phải xác minh', en: 'Level at or below which a rating is verified' },
  case_acknowledge_working_days: { default: 1, min: 1, max: 30, vi: 'Hạn tiếp nhận vụ việc (ngày làm việc)', en: 'Working days to acknowledge a case' },
  case_conclude_working_days: { default: 10, min: 1, max: 60, vi: 'Hạn kết luận vụ việc (ngày làm việc)', en: 'Working days to conclude a case' },
  problem_answer_working_days: { default: 5, min: 1, max: 60, vi: 'Hạn trả lời vướng mắc của doanh nghiệp (ngày làm việc)', en: 'Working days to answer a business\'s problem' },
} as const;

export type SettingKey = keyof typeof settingDefinitions;

/** The settings the environment sets (RATING_WINDOW_DAYS), in force until a stored value replaces them. */
export type SettingDefaults = Partial<Record<SettingKey, number>>;

export function settingDefaultsOf(config: Pick<Config, 'ratingWindowDays'>): SettingDefaults {
  return { rating_window_days: config.ratingWindowDays };
}
export const settingKeys = Object.keys(settingDefinitions) as SettingKey[];

/** Stored values, else `defaults` (from the environment, e.g. RATING_WINDOW_DAYS), else the built-in default. */
export async function readSettings(db: Kysely<Database>, defaults: SettingDefaults = {}): Promise<Record<SettingKey, number>> {
  return settingsFrom(await listSettings(db), defaults);
}

/** The settings from the stored rows (`readSettings` without the read). */
export function settingsFrom(rows: readonly { key: string; value: string }[], defaults: SettingDefaults = {}): Record<SettingKey, number> {
  const values = Object.fromEntries(settingKeys.map((k) => [k, defaults[k] ?? settingDefinitions[k].default])) as Record<SettingKey, number>;
  for (const row of rows) if (row.key in settingDefinitions) values[row.key as SettingKey] = Number(row.value);
  return values;
}

/**
 * Stores the values of `input` that differ from the values in force — `defaults` (the environment's,
 * as for `readSettings`) count as in force, so a value equal to the built-in default is stored when
 * the environment sets another.
 */
export async function updateSettings(
  db: Kysely<Database>, input: Record<string, unknown>, actor: Actor, options: { now?: number; defaults?: SettingDefaults } = {},
): Promise<void> {
  const now = options.now ?? Date.now();
  await db.transaction().execute(async (trx) => {
    const before = await readSettings(trx, options.defaults);
    for (const key of settingKeys) {
      const raw = input[key];
      if (raw === undefined || raw === '') continue;
      const value = Number(raw);
      const def = settingDefinitions[key];
      if (!Number.isInteger(value) || value < def.min || value > def.max) {
        throw new AppError('validation_failed', { detail: `${key} must be a whole number ${def.min}–${def.max}` });
      }
      if (value === before[key]) continue;
      const by = actor.principal.kind === 'user' ? actor.principal.userId : null;
      await saveSetting(trx, key, String(value), by, now);
      await audit(trx, actor, { action: 'update', entity: 'setting', entityId: key, before: before[key], after: value }, now);
    }
  });
}
