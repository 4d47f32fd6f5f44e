import type { AppDatabase } from '../db';
import type { Host, TickReason } from '../engine/host';
import { localDateOf } from '../domain/expiryCalendar';
import { scheduledRunDecision, type LastScheduledRun, type ScheduleDecision } from '../domain/expirySchedule';
import { deliverPendingNotifications, type DeliveryOutcome } from './notifications';
import { enqueueExpiryRun } from './runs';
import { dailyRunMinute, getExpirySettings } from './settings';

/**
 * The scheduler's memory: when the last scheduled run was queued and for which local date. Kept
 * in write order in `settings` rather than derived from `started_at`, which a clock moved
 * backwards would reorder.
 */
export const EXPIRY_SCHEDULE_KEY = 'expiry.schedule';

export interface ExpiryTickOutcome {
  schedule: ScheduleDecision;
  /** the run queued by this tick, if one was due */
  queuedRunId?: string;
  delivery: DeliveryOutcome;
}

/**
 * What the engine's host ticks (interval, start-up, resume from sleep) do for expiry: deliver
 * notifications held by quiet hours once the window has ended, and queue a `desktop-scheduler`
 * run when one is due. `_reason` does not change the rule: start-up and resume are simply the
 * ticks at which an overdue run is noticed first.
 */
export async function expiryTick(
  db: AppDatabase,
  host: Host,
  _reason: TickReason,
): Promise<ExpiryTickOutcome> {
  const delivery = await deliverPendingNotifications(db, host);
  const settings = await getExpirySettings(db);
  const now = host.now();
  const timeZone = host.timeZone();
  return db.transaction('rw', [db.settings, db.jobs], async () => {
    const row = await db.settings.get(EXPIRY_SCHEDULE_KEY);
    const lastRun = (row?.value as LastScheduledRun | undefined) ?? null;
    const schedule = scheduledRunDecision({ now, timeZone, dailyMinute: dailyRunMinute(settings), lastRun });
    if (!schedule.due) return { schedule, delivery };
    const queuedRunId = await enqueueExpiryRun(db, 'desktop-scheduler', now);
    const next: LastScheduledRun = { startedAt: now, evaluatedOn: localDateOf(now, timeZone) };
    await db.settings.put({ key: EXPIRY_SCHEDULE_KEY, value: next });
    return { schedule, queuedRunId, delivery };
  });
}
