import Dexie from 'dexie';
import type { AppDatabase } from '../db';
import { addDays } from '../domain/expiryCalendar';
import { expiriesByWeek, outcomesByDay, type DayOutcomes, type WeekExpiries } from './charts';

/** A certification is urgent from tomorrow through this many days ahead; today or before is expired. */
export const URGENT_EXPIRY_DAYS = 7;

/** What the dashboard's "Needs attention" panel counts; each count is a filtered list's length. */
export interface Attention {
  /** failed items of batches that still have some, and how many batches hold them */
  failedItems: number;
  failedBatches: number;
  /** changes the server refused, waiting for the coordinator's decision */
  refused: number;
  /** changes not yet accepted by the server (pending or being sent) */
  waiting: number;
  /** certifications whose expiry date is today or past */
  expired: number;
  /** certifications expiring from tomorrow through URGENT_EXPIRY_DAYS days ahead */
  expiringSoon: number;
}

/** The counts of the attention panel on local date `today` (`YYYY-MM-DD`). */
export function loadAttention(db: AppDatabase, today: string): Promise<Attention> {
  return db.transaction('r', [db.batches, db.outbox, db.expiryRecords], async () => {
    const withFailures = await db.batches.filter((batch) => batch.failed > 0).toArray();
    return {
      failedItems: withFailures.reduce((sum, batch) => sum + batch.failed, 0),
      failedBatches: withFailures.length,
      refused: await db.outbox.where('status').equals('rejected').count(),
      waiting: await db.outbox.where('status').anyOf('pending', 'inflight').count(),
      expired: await db.expiryRecords.where('expiry_date').belowOrEqual(today).count(),
      expiringSoon: await db.expiryRecords
        .where('expiry_date')
        .between(addDays(today, 1), addDays(today, URGENT_EXPIRY_DAYS), true, true)
        .count(),
    };
  });
}

/** The outcomes chart's data: the last `days` days' batches, bucketed by local submission day. */
export async function loadOutcomesByDay(
  db: AppDatabase,
  today: string,
  localDay: (iso: string) => string,
  days = 30,
): Promise<DayOutcomes[]> {
  // a day's margin either side of the range: the index is on instants, the buckets on local days
  const from = new Date(Date.parse(`${addDays(today, -days)}T00:00:00Z`)).toISOString();
  const batches = await db.batches.where('submitted_at').between(from, Dexie.maxKey, true, true).toArray();
  return outcomesByDay(
    batches.map((batch) => ({
      day: localDay(batch.submitted_at),
      completed: batch.completed,
      failed: batch.failed,
      cancelled_items: batch.cancelled_items,
    })),
    today,
    days,
  );
}

/** The expiry chart's data: certifications from tomorrow through `days` days ahead, by week. */
export async function loadExpiriesByWeek(db: AppDatabase, today: string, days = 90): Promise<WeekExpiries[]> {
  const records = await db.expiryRecords
    .where('expiry_date')
    .between(addDays(today, 1), addDays(today, days), true, true)
    .toArray();
  return expiriesByWeek(
    records.map((record) => record.expiry_date),
    today,
    days,
  );
}
