import type { DateOrder } from '../../src/import/dates';

/**
 * The one place the app turns a calendar date into text for the coordinator. Dates follow the
 * day-order setting (`date_order` in the coordinator's settings: DMY or MDY), so a date shown
 * reads the way the coordinator types one, and typing the shown text back reads the same date.
 */

export type { DateOrder };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * `2026-03-25` as `25/03/2026` (DMY) or `03/25/2026` (MDY). Text that is not a `YYYY-MM-DD` date
 * comes back unchanged, so a cell the coordinator still has to fix keeps what they wrote.
 */
export function formatCalendarDate(iso: string, order: DateOrder): string {
  const match = ISO_DATE.exec(iso);
  if (!match) return iso;
  const [, year, month, day] = match;
  return order === 'MDY' ? `${month}/${day}/${year}` : `${day}/${month}/${year}`;
}
