/* eslint-disable @typescript-eslint/no-unused-vars -- API first: the bodies follow in the next commits */
import type { EventUpsert } from '../contract';
import type { AppDatabase, EventRecord } from '../db';
import type { LocalCommandOptions } from '../reference/context';

/**
 * Events on the laptop (contract C2): made, edited and cancelled offline with the same rules as
 * the server (`src/domain/events.ts`), each with its outbox entry in one transaction, synced as
 * the `event` record kind. A provisional event (made by a lax lookup at the desk) is not sent
 * itself: the server makes or finds its own at that venue and start, and the laptop maps the
 * provisional one onto it when the registration's answer comes.
 */

/** An event form's fields; `event_id` absent makes a new one. */
export type EventDraft = EventUpsert & { event_id?: string };

/**
 * Creates or edits the event (`upsertEvent`, the server's rule): a new one gets `event.create`,
 * an edit `event.update` with the fields given. Refusals are seed 002's sentences
 * (`RegistrationError`: `Venue not found.`, `Invalid EventExamFormat value.`, ...; `errorField`
 * names the field); another non-cancelled event at that venue and start here is a
 * `FieldInputError` on `event_start` naming it.
 */
export async function saveEvent(
  db: AppDatabase,
  input: EventDraft,
  options?: LocalCommandOptions,
): Promise<EventRecord> {
  throw new Error('not built yet');
}

/** Cancels the event with the reason (`Event is cancelled.` when it already is); its registrations stay, listed for transfer. */
export async function cancelEventLocal(
  db: AppDatabase,
  eventId: string,
  reason: string,
  options?: LocalCommandOptions,
): Promise<EventRecord> {
  throw new Error('not built yet');
}

/**
 * The event by id; a provisional id the laptop mapped onto the server's event gives that event,
 * so a link made before the mapping still opens it.
 */
export async function getEvent(db: AppDatabase, eventId: string): Promise<EventRecord | undefined> {
  throw new Error('not built yet');
}

/**
 * Events whose start falls on a calendar date from `fromDate` to `toDate` (both `YYYY-MM-DD`,
 * inclusive) in the venue's own time zone (`local_date`), cancelled ones included, by start.
 */
export async function eventsBetween(
  db: AppDatabase,
  fromDate: string,
  toDate: string,
): Promise<EventRecord[]> {
  throw new Error('not built yet');
}

/** Seats left: the limit less the active registrations counted here; null when unlimited. */
export function seatsLeft(
  event: Pick<EventRecord, 'registration_limit' | 'registered_count'>,
): number | null {
  return event.registration_limit === null
    ? null
    : Math.max(0, event.registration_limit - event.registered_count);
}
