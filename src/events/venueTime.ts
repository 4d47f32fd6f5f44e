import { localWallClock } from '../domain/expiryCalendar';

/**
 * The venue's wall clock, both ways. A coordinator types an event's start as the venue shows it
 * (`2026-04-02T09:00` in Paris); the contract stores the UTC instant. Pure, so the pages and their
 * tests agree on one conversion.
 */

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const MINUTE = 60_000;

/** Minutes the zone is ahead of UTC at `instantMs` (Paris in April: 120). */
function offsetMinutes(instantMs: number, timeZone: string): number {
  const { date, minuteOfDay } = localWallClock(instantMs, timeZone);
  const wallMs = Date.parse(`${date}T00:00:00Z`) + minuteOfDay * MINUTE;
  return Math.round((wallMs - Math.floor(instantMs / MINUTE) * MINUTE) / MINUTE);
}

/**
 * `YYYY-MM-DDTHH:MM` on the venue's clock as an ISO instant (`2026-04-02T07:00:00.000Z`), or
 * undefined when the text is not such a time (the command then answers `Invalid EventStartTime
 * value.`). A time skipped by a clock change moves forward by the gap, as clocks do.
 */
export function instantAtVenue(wall: string, timeZone: string): string | undefined {
  const match = WALL.exec(wall.trim());
  if (!match) return undefined;
  const asUtc = Date.parse(`${wall.trim()}:00Z`);
  // Date.parse rolls 2026-02-31 over to 3 March: a day not on the calendar is not a time
  if (!Number.isFinite(asUtc) || new Date(asUtc).toISOString().slice(0, 16) !== wall.trim()) return undefined;
  // two passes: the offset at the first guess may differ from the offset at the answer near a change
  let instant = asUtc - offsetMinutes(asUtc, timeZone) * MINUTE;
  instant = asUtc - offsetMinutes(instant, timeZone) * MINUTE;
  return new Date(instant).toISOString();
}

/** An instant as the venue's wall clock, in the form a start is typed and stored in the form (`2026-04-02T09:00`). */
export function wallClockAtVenue(instant: string, timeZone: string): string {
  const { date, minuteOfDay } = localWallClock(Date.parse(instant), timeZone);
  const hh = String(Math.floor(minuteOfDay / 60)).padStart(2, '0');
  const mm = String(minuteOfDay % 60).padStart(2, '0');
  return `${date}T${hh}:${mm}`;
}
