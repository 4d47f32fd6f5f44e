import { z } from 'zod';
import type { AppDatabase } from '../db';
import {
  DEFAULT_THRESHOLD_LIST,
  parseThresholds,
  ThresholdListError,
  type Threshold,
} from '../domain/expiry';
import { parseTimeOfDay } from '../domain/expiryCalendar';
import type { QuietHours } from '../domain/expirySchedule';
import { clearCoverage } from './coverage';
import { AppError } from '../errors/appError';

/** The coordinator's reminder settings, one validated row of the `settings` table. */

export const EXPIRY_SETTINGS_KEY = 'expiry.settings';

const TimeOfDay = z.string().refine((value) => parseTimeOfDay(value) !== null, {
  message: 'Use a 24-hour time such as "08:00"',
});

const ThresholdList = z.array(z.string()).transform((list, ctx) => {
  try {
    return parseThresholds(list);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
    return z.NEVER;
  }
});

export const ExpirySettings = z.object({
  /** least urgent first */
  thresholds: ThresholdList.default([...DEFAULT_THRESHOLD_LIST]),
  /** local time of the daily run */
  daily_run_time: TimeOfDay.default('08:00'),
  /** notifications raised inside this local window are held until it ends; null: never held */
  quiet_hours: z.object({ start: TimeOfDay, end: TimeOfDay }).nullable().default(null),
});
export type ExpirySettings = z.infer<typeof ExpirySettings>;

export class ExpirySettingsError extends AppError<'invalid_settings'> {
  constructor(message: string) {
    super('invalid_settings', message);
  }
}

/** The stored settings, defaults filled in. A damaged row reads as the defaults rather than stopping runs. */
export async function getExpirySettings(db: AppDatabase): Promise<ExpirySettings> {
  const row = await db.settings.get(EXPIRY_SETTINGS_KEY);
  const parsed = ExpirySettings.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : ExpirySettings.parse({});
}

function validate(candidate: unknown): ExpirySettings {
  const parsed = ExpirySettings.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new ExpirySettingsError(`${where}${issue?.message ?? 'invalid settings'}`);
  }
  return parsed.data;
}

async function update(
  db: AppDatabase,
  change: (current: ExpirySettings) => unknown,
): Promise<ExpirySettings> {
  return db.transaction('rw', db.settings, async () => {
    const current = await getExpirySettings(db);
    const next = validate(change(current));
    await db.settings.put({ key: EXPIRY_SETTINGS_KEY, value: next });
    // records already evaluated under the old list may now reach a threshold they never could
    if (next.thresholds.join() !== current.thresholds.join()) await clearCoverage(db);
    return next;
  });
}

/** Replaces the threshold list (`"60_day,30_day,7_day,expired"` or an array, any order). */
export async function setThresholds(
  db: AppDatabase,
  thresholds: string | readonly string[],
): Promise<Threshold[]> {
  let list: Threshold[];
  try {
    list = parseThresholds(thresholds);
  } catch (error) {
    if (error instanceof ThresholdListError) throw new ExpirySettingsError(error.message);
    throw error;
  }
  return (await update(db, (current) => ({ ...current, thresholds: list }))).thresholds;
}

export async function setDailyRunTime(db: AppDatabase, time: string): Promise<void> {
  await update(db, (current) => ({ ...current, daily_run_time: time }));
}

/** `null` turns quiet hours off. */
export async function setQuietHours(
  db: AppDatabase,
  window: { start: string; end: string } | null,
): Promise<void> {
  await update(db, (current) => ({ ...current, quiet_hours: window }));
}

export function dailyRunMinute(settings: ExpirySettings): number {
  return parseTimeOfDay(settings.daily_run_time) ?? 8 * 60;
}

export function quietHoursOf(settings: ExpirySettings): QuietHours | null {
  if (!settings.quiet_hours) return null;
  const startMinute = parseTimeOfDay(settings.quiet_hours.start);
  const endMinute = parseTimeOfDay(settings.quiet_hours.end);
  return startMinute === null || endMinute === null ? null : { startMinute, endMinute };
}
