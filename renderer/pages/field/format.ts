import type { Event } from '../../../src/contract';
import { localDateOf } from '../../../src/domain/expiryCalendar';

/**
 * How the field registration pages write times and seats. An event's time is the venue's wall
 * clock (a sitting at 09:00 in Paris reads 09:00 on a laptop set to any zone), with the zone named.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string, kind: 'time' | 'dateTime' | 'day'): Intl.DateTimeFormat {
  const key = `${kind} ${timeZone}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(undefined, {
      timeZone,
      ...(kind === 'time'
        ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : kind === 'day'
          ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
          : {
              weekday: 'short',
              day: 'numeric',
              month: 'short',
              year: 'numeric',
              hour: '2-digit',
              minute: '2-digit',
              hourCycle: 'h23',
            }),
    });
    formats.set(key, format);
  }
  return format;
}

/** `09:00` on the venue's clock */
export function venueTime(instant: string, timeZone: string): string {
  return formatIn(timeZone, 'time').format(new Date(instant));
}

/** `Thu, 2 Apr 2026, 09:00` on the venue's clock */
export function venueDateTime(instant: string, timeZone: string): string {
  return formatIn(timeZone, 'dateTime').format(new Date(instant));
}

/** `Thursday 2 April 2026` for a `YYYY-MM-DD` calendar date */
export function calendarDay(date: string): string {
  return formatIn('UTC', 'day').format(new Date(`${date}T12:00:00Z`));
}

/** `3 taken · 7 left`, or `3 taken · no limit` */
export function seatsText(event: Pick<Event, 'registered_count' | 'registration_limit'>): string {
  const taken = `${event.registered_count} taken`;
  if (event.registration_limit === null) return `${taken} · no limit`;
  return `${taken} · ${Math.max(0, event.registration_limit - event.registered_count)} left`;
}

// English, as the sentence around it
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** `reference data from 3 days ago`, from `referenceAge`'s epoch ms (null: never pulled) */
export function referenceAgeText(pulledAt: number | null, now: number): string {
  if (pulledAt === null)
    return 'No reference data yet: connect to the server on the Sync page to fetch venues and forms.';
  const elapsed = Math.max(0, now - pulledAt);
  for (const [unit, ms] of UNITS) {
    if (elapsed >= ms) return `Reference data from ${relative.format(-Math.floor(elapsed / ms), unit)}`;
  }
  return 'Reference data from just now';
}

/** Calendar dates (`YYYY-MM-DD`) move by whole days, in UTC so no zone shifts them. */
export function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** The Monday of the week `date` falls in. */
export function mondayOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

/** Today's calendar date on this computer's clock. */
export function todayHere(now = Date.now()): string {
  return localDateOf(now, Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/** `CPA paper · Paris centre`: how an event is named in lists and headings. */
export function eventName(
  event: Pick<Event, 'event_exam_type' | 'event_exam_format'>,
  venueName: string | undefined,
): string {
  return `${event.event_exam_type} ${event.event_exam_format} · ${venueName ?? 'unknown venue'}`;
}
