import type { Event, EventUpsert } from '../contract/events';
import type { ExamClass, Venue } from '../contract/reference';
import { isCalendarDate } from '../contract/common';
import { RegistrationError, refuse } from './registrationErrors';

/**
 * Seed 002's event rules, pure: the caller looks the reference data up (on the server in the
 * database, on the laptop in its copy) and passes it in.
 */

/** The reference data an event's fields are checked against. */
export interface EventReference {
  /** the venue `event_venue` names, or null when there is none */
  venue: Venue | null;
  /** the exam classes of that venue's organisation */
  classes: readonly ExamClass[];
}

export interface EventFieldsInput {
  event_venue?: string | undefined;
  event_start?: string | undefined;
  event_exam_type?: string | undefined;
  event_exam_format?: string | undefined;
  event_billing_code?: string | undefined;
}

/** Who is acting, when, and the id a newly made event takes. */
export interface CommandContext {
  coordinatorId: string;
  /** ISO instant */
  now: string;
  /** the id an event created by a lax lookup gets (server-made) */
  newEventId: string;
}

const START =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/i;

/** `event_start` as the UTC instant it names (`2026-04-02T09:00:00.000Z`), or `Invalid EventStartTime value.` */
export function parseEventStart(value: string | undefined): string {
  const match = value === undefined ? null : START.exec(value.trim());
  if (!match || !isCalendarDate(match[1]!)) return refuse('event_start_invalid');
  const ms = Date.parse(value!.trim());
  if (!Number.isFinite(ms)) return refuse('event_start_invalid');
  return new Date(ms).toISOString();
}

/** The venue `event_venue` names, or `Venue not found.` */
export function requireVenue(venueId: string | undefined, venue: Venue | null): Venue {
  if (!venueId || !venue || venue.venue_id.toLowerCase() !== venueId.trim().toLowerCase()) {
    return refuse('venue_not_found');
  }
  return venue;
}

/** Where and when: the two fields the lax lookup finds an event by. */
export function laxEventKey(input: EventFieldsInput, venue: Venue | null): { venue: Venue; start: string } {
  return { venue: requireVenue(input.event_venue, venue), start: parseEventStart(input.event_start) };
}

/** Type, format and billing code, each one of the venue organisation's exam classes. */
export function checkExamClass(
  input: {
    exam_type?: string | undefined;
    exam_format?: string | undefined;
    billing_code?: string | undefined;
  },
  classes: readonly ExamClass[],
): { exam_type: string; exam_format: string; billing_code: string } {
  const examType = input.exam_type?.trim();
  if (!examType) return refuse('event_exam_type_missing');
  const examClass = classes.find((c) => c.exam_type === examType);
  if (!examClass) return refuse('event_exam_type_invalid');
  const format = input.exam_format?.trim();
  if (!format) return refuse('event_exam_format_missing');
  if (!examClass.exam_formats.includes(format)) return refuse('event_exam_format_invalid');
  const billing = input.billing_code?.trim();
  if (!billing) return refuse('event_billing_code_missing');
  if (!examClass.billing_codes.includes(billing)) return refuse('event_billing_code_invalid');
  return { exam_type: examType, exam_format: format, billing_code: billing };
}

/**
 * `POST /events/:event_id`: the event created, or `current` with the given fields changed. Every
 * field is checked again after the change (a new venue may belong to another organisation).
 */
export function upsertEvent(
  current: Event | null,
  eventId: string,
  input: EventUpsert,
  ref: EventReference,
  ctx: Omit<CommandContext, 'newEventId'>,
): Event {
  if (current?.status === 'cancelled') return refuse('event_cancelled');
  const venue = requireVenue(input.event_venue ?? current?.event_venue, ref.venue);
  const start = parseEventStart(input.event_start ?? current?.event_start);
  const examClass = checkExamClass(
    {
      exam_type: input.event_exam_type ?? current?.event_exam_type,
      exam_format: input.event_exam_format ?? current?.event_exam_format,
      billing_code: input.event_billing_code ?? current?.event_billing_code,
    },
    ref.classes,
  );
  return {
    event_id: eventId,
    event_venue: venue.venue_id,
    event_start: start,
    event_exam_type: examClass.exam_type,
    event_exam_format: examClass.exam_format,
    event_billing_code: examClass.billing_code,
    registration_limit:
      input.registration_limit !== undefined
        ? input.registration_limit
        : (current?.registration_limit ?? null),
    status: 'scheduled',
    cancellation_reason: null,
    registered_count: current?.registered_count ?? 0,
    coordinator_id: current?.coordinator_id ?? ctx.coordinatorId,
    created_at: current?.created_at ?? ctx.now,
    updated_at: ctx.now,
  };
}

/** `POST /events/:id/cancel`: cancelled with the reason; cancelling twice is `Event is cancelled.` (409). */
export function cancelEvent(current: Event, reason: string, now: string): Event {
  if (current.status === 'cancelled') return refuse('event_cancelled');
  return { ...current, status: 'cancelled', cancellation_reason: reason, updated_at: now };
}

export interface LaxEventReference extends EventReference {
  /** the non-cancelled event at that venue and start, or null */
  found: Event | null;
}

export interface LaxEvent {
  event: Event;
  /** true when no event was found and this one is new */
  created: boolean;
}

/**
 * Seed 002's lax lookup: the non-cancelled event at the venue and start; none, a new one from the
 * exam type, format and billing code (which are then required and checked against the classes).
 */
export function laxEvent(input: EventFieldsInput, ref: LaxEventReference, ctx: CommandContext): LaxEvent {
  const { venue, start } = laxEventKey(input, ref.venue);
  if (ref.found) {
    if (ref.found.event_venue !== venue.venue_id || ref.found.event_start !== start) {
      throw new RangeError('laxEvent: the event found is not at that venue and start');
    }
    return { event: ref.found, created: false };
  }
  const event = upsertEvent(
    null,
    ctx.newEventId,
    { ...input, event_venue: venue.venue_id, event_start: start },
    ref,
    ctx,
  );
  return { event, created: true };
}

/** The event with its active registrations counted `delta` more. */
export function withRegistered(event: Event, delta: number, now: string): Event {
  return { ...event, registered_count: Math.max(0, event.registered_count + delta), updated_at: now };
}

/** Seats: refuses one more registration on a full (or cancelled) event. */
export function checkSeat(event: Event): void {
  if (event.status === 'cancelled') throw new RegistrationError('event_cancelled');
  if (event.registration_limit !== null && event.registered_count >= event.registration_limit) {
    throw new RegistrationError('registration_limit_reached');
  }
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (`YYYY-MM-DD`) of `instant` in `timeZone`. */
export function localDateIn(instant: string, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return `${parts['year']}-${parts['month']}-${parts['day']}`;
}

const HOUR = 3_600_000;

/**
 * The UTC instants an event starting on `date` somewhere on Earth can have: zones run from UTC−12
 * to UTC+14, so [date 00:00 − 14 h, date + 1 00:00 + 12 h). Candidates are then kept by `localDateIn`.
 */
export function utcWindowOfDate(date: string): { from: string; to: string } {
  const midnight = Date.parse(`${date}T00:00:00Z`);
  return {
    from: new Date(midnight - 14 * HOUR).toISOString(),
    to: new Date(midnight + 36 * HOUR).toISOString(),
  };
}
