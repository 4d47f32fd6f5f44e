import type { AppDatabase, NotificationLogRecord } from '../db';
import type { Host, HostNotification } from '../engine/host';
import { compareUrgency, EXPIRED, windowDays } from '../domain/expiry';
import { localWallClock } from '../domain/expiryCalendar';
import { isWithinQuietHours } from '../domain/expirySchedule';
import { getExpirySettings, quietHoursOf } from './settings';

/**
 * Delivery of logged notifications to the coordinator and the in-app list. A run outside quiet
 * hours logs its notifications as delivered and shows one grouped host notification when it
 * completes. A run inside quiet hours logs them undelivered and puts its id on a waiting list in
 * its final transaction (`delivered` is a boolean, which IndexedDB cannot index, hence the
 * list); the first tick after the window shows everything waiting as one notification.
 */

export const UNDELIVERED_RUNS_KEY = 'expiry.undelivered_runs';

async function undeliveredRuns(db: AppDatabase): Promise<string[]> {
  const row = await db.settings.get(UNDELIVERED_RUNS_KEY);
  return Array.isArray(row?.value) ? (row.value as string[]) : [];
}

/** Queues a run's notifications for delivery (inside a transaction that includes `settings`). */
export async function markForDelivery(db: AppDatabase, runId: string): Promise<void> {
  const runs = await undeliveredRuns(db);
  if (!runs.includes(runId)) await db.settings.put({ key: UNDELIVERED_RUNS_KEY, value: [...runs, runId] });
}

export type DeliveryOutcome =
  | { state: 'delivered'; count: number; runIds: string[] }
  | { state: 'held'; count: number }
  | { state: 'nothing' };

/**
 * Shows everything waiting as one host notification, unless the coordinator's local time is in
 * quiet hours: then it stays waiting (`delivered: false`) for the first call after the window.
 */
export async function deliverPendingNotifications(db: AppDatabase, host: Host): Promise<DeliveryOutcome> {
  const settings = await getExpirySettings(db);
  const { minuteOfDay } = localWallClock(host.now(), host.timeZone());
  const quiet = isWithinQuietHours(minuteOfDay, quietHoursOf(settings));

  const taken = await db.transaction('rw', [db.settings, db.notificationLog], async () => {
    const runIds = await undeliveredRuns(db);
    if (runIds.length === 0) return null;
    const waiting = await db.notificationLog
      .where('run_id')
      .anyOf(runIds)
      .filter((row) => !row.delivered)
      .toArray();
    if (quiet) return { held: true as const, count: waiting.length };
    // one bulk write: a filtered modify() updates row by row through a cursor, far slower
    await db.notificationLog.bulkPut(waiting.map((row) => ({ ...row, delivered: true })));
    await db.settings.delete(UNDELIVERED_RUNS_KEY);
    return { held: false as const, runIds, rows: waiting };
  });

  if (taken === null) return { state: 'nothing' };
  if (taken.held) return taken.count > 0 ? { state: 'held', count: taken.count } : { state: 'nothing' };
  if (taken.rows.length === 0) return { state: 'nothing' };
  // after the commit: at worst a crash loses the toast, never shows it twice; the in-app list keeps it
  host.notify(groupedNotification(taken.rows, taken.runIds));
  return { state: 'delivered', count: taken.rows.length, runIds: taken.runIds };
}

/** "3 certifications need attention", with the count per threshold, opening the mentors concerned. */
export function groupedNotification(
  rows: ReadonlyArray<Pick<NotificationLogRecord, 'threshold'>>,
  runIds: readonly string[],
): HostNotification {
  const count = rows.length;
  const perThreshold = new Map<string, number>();
  for (const row of rows) perThreshold.set(row.threshold, (perThreshold.get(row.threshold) ?? 0) + 1);
  const parts = [...perThreshold.entries()]
    .sort(([a], [b]) => compareUrgency(b, a))
    .map(([threshold, n]) =>
      threshold === EXPIRED ? `${n} expired` : `${n} within ${windowDays(threshold)} days`,
    );
  return {
    title: count === 1 ? '1 certification needs attention' : `${count} certifications need attention`,
    body: parts.join(', '),
    tag: 'expiry-attention',
    route: `#/mentors?attention=${runIds.map(encodeURIComponent).join(',')}`,
  };
}

export interface NotificationView {
  key: [string, string, string];
  mentor_id: string;
  mentor_name: string | null;
  coordinator_id: string;
  expiry_date: string;
  threshold: string;
  run_id: string;
  dispatched_at: string;
  read: boolean;
}

/**
 * Most urgent first: the earliest expiry date (an expired certification before one still to
 * expire), then the more urgent threshold of one expiry, then the latest sent.
 */
export function compareNotificationUrgency(
  a: Pick<NotificationLogRecord, 'expiry_date' | 'threshold' | 'dispatched_at'>,
  b: Pick<NotificationLogRecord, 'expiry_date' | 'threshold' | 'dispatched_at'>,
): number {
  if (a.expiry_date !== b.expiry_date) return a.expiry_date < b.expiry_date ? -1 : 1;
  const byThreshold = compareUrgency(b.threshold, a.threshold);
  if (byThreshold !== 0) return byThreshold;
  return a.dispatched_at === b.dispatched_at ? 0 : a.dispatched_at > b.dispatched_at ? -1 : 1;
}

/** The in-app list: delivered notifications, latest first, or most urgent first. */
export async function listNotifications(
  db: AppDatabase,
  {
    offset = 0,
    limit = 50,
    order = 'latest',
  }: { offset?: number; limit?: number; order?: 'latest' | 'urgency' } = {},
): Promise<NotificationView[]> {
  const delivered = db.notificationLog
    .orderBy('dispatched_at')
    .reverse()
    .filter((row) => row.delivered);
  const rows =
    order === 'latest'
      ? await delivered.offset(offset).limit(limit).toArray()
      : // urgency is not an index order: sorted here (the log holds a few rows per mentor)
        (await delivered.toArray()).sort(compareNotificationUrgency).slice(offset, offset + limit);
  const mentors = await db.mentors.bulkGet(rows.map((row) => row.mentor_id));
  return rows.map((row, index) => ({
    key: [row.mentor_id, row.expiry_date, row.threshold],
    mentor_id: row.mentor_id,
    mentor_name: mentors[index]?.name ?? null,
    coordinator_id: row.coordinator_id,
    expiry_date: row.expiry_date,
    threshold: row.threshold,
    run_id: row.run_id,
    dispatched_at: row.dispatched_at,
    read: row.read,
  }));
}

export function unreadNotificationCount(db: AppDatabase): Promise<number> {
  return db.notificationLog.filter((row) => row.delivered && !row.read).count();
}

/** Marks the given notifications (by log key), or every delivered one, as read. */
export async function markNotificationsRead(
  db: AppDatabase,
  which: ReadonlyArray<[string, string, string]> | 'all',
): Promise<number> {
  if (which === 'all') {
    return db.notificationLog.filter((row) => row.delivered && !row.read).modify({ read: true });
  }
  return db.transaction('rw', db.notificationLog, async () => {
    const rows = await db.notificationLog.bulkGet([...which]);
    const unread = rows.filter((row): row is NotificationLogRecord => row !== undefined && !row.read);
    await db.notificationLog.bulkPut(unread.map((row) => ({ ...row, read: true })));
    return unread.length;
  });
}
