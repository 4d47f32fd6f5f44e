import type { AppDatabase } from '../db';
import { maxWindowDays } from '../domain/expiry';
import { addDays, localDateOf } from '../domain/expiryCalendar';
import { EXPIRY_RUN_JOB } from './runJob';
import { enqueueExpiryRun } from './runs';
import { getExpirySettings } from './settings';

export const ROSTER_CHANGE = 'roster-change';

/**
 * A roster write whose expiry dates are already inside a reminder window (expired, or within
 * the longest threshold) asks for an expiry run at once, so a coordinator who imports or edits
 * an expired mentor sees the reminder now rather than at the next daily check. It is the same
 * `expiry.run` job as the schedule's and Run now's, so the once-per-threshold rule, quiet hours
 * and sync all hold unchanged.
 *
 * Which day is "today" is the engine's to decide (its host's time zone); here a day of slack on
 * either side of this context's local date is enough, because a run that finds nothing new
 * sends nothing. Call inside the writer's transaction, which must include `settings` and `jobs`.
 */
export async function queueRosterCheck(
  db: AppDatabase,
  written: ReadonlyArray<{ expiry_date: string }>,
  now: number,
): Promise<string | null> {
  if (written.length === 0) return null;
  const { thresholds } = await getExpirySettings(db);
  const today = localDateOf(now, Intl.DateTimeFormat().resolvedOptions().timeZone);
  const horizon = addDays(today, maxWindowDays(thresholds) + 1);
  if (!written.some((record) => record.expiry_date <= horizon)) return null;
  // a run still queued will read these records when it starts; a running one may have read past them
  const queued = await db.jobs.where('[kind+status]').equals([EXPIRY_RUN_JOB, 'queued']).first();
  if (queued) return null;
  return enqueueExpiryRun(db, ROSTER_CHANGE, now);
}
