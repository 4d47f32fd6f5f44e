/**
 * Calendar dates (`YYYY-MM-DD`) and the coordinator's wall clock. Expiry is a whole day, so all
 * arithmetic is on dates through `Date.UTC`, where every day has 24 hours; instants are turned
 * into local dates only through `Intl` with an explicit zone, never through the process's TZ.
 */

const DAY_MS = 86_400_000;

function dateParts(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function formatUtcDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** `date` moved by `days` calendar days (negative moves back). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = dateParts(date);
  return formatUtcDate(Date.UTC(y, m - 1, d + days));
}

/** Whole calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  const [fy, fm, fd] = dateParts(from);
  const [ty, tm, td] = dateParts(to);
  return Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / DAY_MS);
}

export interface LocalWallClock {
  /** the local calendar date, `YYYY-MM-DD` */
  date: string;
  /** minutes since local midnight, 0..1439 */
  minuteOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // throws a RangeError for an unknown zone, which is what a caller should see
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The date and time of day that a wall clock in `timeZone` shows at `instantMs`. */
export function localWallClock(instantMs: number, timeZone: string): LocalWallClock {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) parts[part.type] = part.value;
  const year = (parts['year'] ?? '').padStart(4, '0');
  const date = `${year}-${parts['month']}-${parts['day']}`;
  const minuteOfDay = Number(parts['hour']) * 60 + Number(parts['minute']);
  return { date, minuteOfDay };
}

/** The coordinator's calendar date at `instantMs`. */
export function localDateOf(instantMs: number, timeZone: string): string {
  return localWallClock(instantMs, timeZone).date;
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `HH:MM` (24-hour) as minutes since midnight, or null when it is not a time of day. */
export function parseTimeOfDay(value: string): number | null {
  const match = TIME_OF_DAY.exec(value);
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}
