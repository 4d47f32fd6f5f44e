import { addDays, daysBetween } from '../domain/expiryCalendar';

/**
 * The dashboard's two charts as plain numbers: pure functions of the records and today's local
 * date, so the buckets are tested without a canvas.
 */

export interface DayOutcomes {
  /** local calendar day, `YYYY-MM-DD` */
  day: string;
  succeeded: number;
  failed: number;
  cancelled: number;
}

export interface BatchOutcomeCounts {
  /** local calendar day the batch was submitted */
  day: string;
  completed: number;
  failed: number;
  cancelled_items: number;
}

/**
 * The items' outcomes of the last `days` days (today included), one bucket per day, oldest
 * first; a batch counts on the day it was submitted. Days without a batch are zeros, so the
 * chart's axis is the calendar and a quiet week shows as one.
 */
export function outcomesByDay(
  batches: readonly BatchOutcomeCounts[],
  today: string,
  days = 30,
): DayOutcomes[] {
  const first = addDays(today, -(days - 1));
  const buckets: DayOutcomes[] = Array.from({ length: days }, (_, i) => ({
    day: addDays(first, i),
    succeeded: 0,
    failed: 0,
    cancelled: 0,
  }));
  for (const batch of batches) {
    const index = daysBetween(first, batch.day);
    const bucket = buckets[index];
    if (index < 0 || !bucket) continue;
    bucket.succeeded += batch.completed;
    bucket.failed += batch.failed;
    bucket.cancelled += batch.cancelled_items;
  }
  return buckets;
}

export interface WeekExpiries {
  /** first and last day of the week, `YYYY-MM-DD` */
  from: string;
  to: string;
  count: number;
}

/**
 * Certifications expiring from tomorrow through today + `days`, by week counted from tomorrow:
 * the first week is the attention panel's "within 7 days" (amber), the last one ends at today +
 * `days`. A certification expiring today or before is expired, the attention panel's too, and
 * left out here.
 */
export function expiriesByWeek(expiryDates: readonly string[], today: string, days = 90): WeekExpiries[] {
  const weeks: WeekExpiries[] = [];
  for (let start = 1; start <= days; start += 7) {
    weeks.push({ from: addDays(today, start), to: addDays(today, Math.min(start + 6, days)), count: 0 });
  }
  for (const date of expiryDates) {
    const offset = daysBetween(today, date);
    if (offset < 1 || offset > days) continue;
    weeks[Math.floor((offset - 1) / 7)]!.count += 1;
  }
  return weeks;
}
