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

const WALL_CLOCK = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;

/**
 * A wall-clock time `2026-04-02T09:00` (a venue's clock, or this computer's) as `02/04/2026 09:00`
 * (DMY) or `04/02/2026 09:00` (MDY): the form a date-and-time field is typed in. Other text comes
 * back unchanged.
 */
export function formatWallClock(wall: string, order: DateOrder): string {
  const match = WALL_CLOCK.exec(wall);
  if (!match) return wall;
  return `${formatCalendarDate(match[1]!, order)} ${match[2]!}`;
}

/** `2026-11-30` for the local calendar day of an instant. */
export function localIsoDate(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * An instant (epoch ms, ISO text or Date) as its local calendar date in the day-order setting and
 * the locale's time of day: `30/11/2026, 10:42`. Text that is not a time comes back unchanged.
 */
export function formatMoment(at: number | string | Date, order: DateOrder): string {
  const date = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(date.getTime())) return String(at);
  return `${formatCalendarDate(localIsoDate(date), order)}, ${clock.format(date)}`;
}

/** "10:42" on the same local day as `now`, else "30/11/2026, 10:42": a moment as a status line names it. */
export function formatClockTime(at: number, order: DateOrder, now = Date.now()): string {
  const date = new Date(at);
  return localIsoDate(date) === localIsoDate(new Date(now)) ? clock.format(date) : formatMoment(date, order);
}

const monthNames = new Map<string, Intl.DateTimeFormat>();

/**
 * `2026-11-30` as `30 Nov` (DMY) or `Nov 30` (MDY), the month named in the locale: a short date in a
 * sentence ("expired on 30 Nov"). Text that is not a `YYYY-MM-DD` date comes back unchanged.
 */
export function formatDayMonth(iso: string, order: DateOrder, locale?: string): string {
  const match = ISO_DATE.exec(iso);
  if (!match) return iso;
  const key = locale ?? '';
  let months = monthNames.get(key);
  if (!months) {
    months = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });
    monthNames.set(key, months);
  }
  const month = months.format(new Date(`${iso}T00:00:00Z`));
  const day = String(Number(match[3]));
  return order === 'MDY' ? `${month} ${day}` : `${day} ${month}`;
}
