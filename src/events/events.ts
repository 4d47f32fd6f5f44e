import { EventCancel, EventUpsert } from '../contract';
import type { AppDatabase, EventRecord } from '../db';
import { cancelEvent, localDateIn, upsertEvent } from '../domain/events';
import { resolveContext, type LocalCommandOptions } from '../reference/context';
import { examClassesOf, getVenue } from '../reference/queries';
import { FieldInputError, LocalNotFoundError } from '../registrations/errors';
import { appendOutboxEntry } from '../sync/outbox';
import { recordKey, serverIdOf } from '../sync/recordIds';

/**
 * Events on the laptop (contract C2): made, edited and cancelled offline with the same rules as
 * the server (`src/domain/events.ts`), each with its outbox entry in one transaction, synced as
 * the `event` record kind. A provisional event (made by a lax lookup at the desk) is not sent
 * itself: the server makes or finds its own at that venue and start, and the laptop maps the
 * provisional one onto it when the registration's answer comes. A change to a provisional event
 * waits for that mapping, then goes to the server's event.
 */

/** An event form's fields; `event_id` absent makes a new one. */
export type EventDraft = EventUpsert & { event_id?: string };

export const eventRecordKey = (eventId: string) => recordKey({ kind: 'event', id: eventId });

/** The tables an event change reads and writes. */
const eventTables = (db: AppDatabase) => [db.events, db.venues, db.examClasses, db.outbox, db.settings];

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }, fallback: string) {
  const issue = error.issues[0];
  return new FieldInputError(String(issue?.path[0] ?? fallback), issue?.message ?? 'Not valid');
}

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
  const { event_id, ...fields } = input;
  const parsed = EventUpsert.safeParse(fields);
  if (!parsed.success) throw firstIssue(parsed.error, 'event');
  const body = parsed.data;
  const ctx = await resolveContext(db, options);
  const id = event_id?.trim().toLowerCase() || crypto.randomUUID();
  return db.transaction('rw', eventTables(db), async () => {
    const current = (await db.events.get(id)) ?? null;
    if (event_id !== undefined && !current) {
      throw new LocalNotFoundError('event_id', 'This event is not on this computer.');
    }
    const venueId = body.event_venue ?? current?.event_venue;
    const venue = venueId ? ((await getVenue(db, venueId)) ?? null) : null;
    const classes = venue ? await examClassesOf(db, venue.organization_id) : [];
    const next = upsertEvent(
      current,
      id,
      body,
      { venue, classes },
      {
        coordinatorId: ctx.coordinatorId,
        now: ctx.nowIso,
      },
    );
    const clash = await db.events
      .where('[event_venue+event_start]')
      .equals([next.event_venue, next.event_start])
      .filter((e) => e.status !== 'cancelled' && e.event_id !== id)
      .first();
    if (clash) {
      throw new FieldInputError(
        'event_start',
        `Another event (${clash.event_id}) is already scheduled at this venue and start; cancel it first or update that one.`,
      );
    }
    const record: EventRecord = {
      ...next,
      local_date: localDateIn(next.event_start, venue!.time_zone),
      sync_state: current?.provisional ? current.sync_state : 'pushing',
      local_changed_at: ctx.now,
      ...(current?.provisional ? { provisional: true } : {}),
    };
    await db.events.put(record);
    const isNew = !current || (current.sync_state === 'local' && !current.provisional);
    await appendOutboxEntry(
      db,
      {
        record: eventRecordKey(id),
        op: isNew ? 'event.create' : 'event.update',
        method: 'POST',
        // a create sends every field, so the server's event is this one whatever it defaults
        body: isNew
          ? {
              event_venue: next.event_venue,
              event_start: next.event_start,
              event_exam_type: next.event_exam_type,
              event_exam_format: next.event_exam_format,
              event_billing_code: next.event_billing_code,
              registration_limit: next.registration_limit,
            }
          : body,
      },
      ctx.now,
    );
    return record;
  });
}

/** Cancels the event with the reason (`Event is cancelled.` when it already is); its registrations stay, listed for transfer. */
export async function cancelEventLocal(
  db: AppDatabase,
  eventId: string,
  reason: string,
  options?: LocalCommandOptions,
): Promise<EventRecord> {
  const parsed = EventCancel.safeParse({ reason });
  if (!parsed.success) throw new FieldInputError('reason', 'Give a reason for cancelling the event.');
  const ctx = await resolveContext(db, options);
  return db.transaction('rw', eventTables(db), async () => {
    const current = await getEvent(db, eventId);
    if (!current) throw new LocalNotFoundError('event_id', 'This event is not on this computer.');
    const next = cancelEvent(current, parsed.data.reason, ctx.nowIso);
    const record: EventRecord = {
      ...current,
      ...next,
      sync_state: current.provisional ? current.sync_state : 'pushing',
      local_changed_at: ctx.now,
    };
    await db.events.put(record);
    await appendOutboxEntry(
      db,
      { record: eventRecordKey(current.event_id), op: 'event.cancel', method: 'POST', body: parsed.data },
      ctx.now,
    );
    return record;
  });
}

/**
 * The event by id; a provisional id the laptop mapped onto the server's event gives that event,
 * so a link made before the mapping still opens it.
 */
export async function getEvent(db: AppDatabase, eventId: string): Promise<EventRecord | undefined> {
  const id = eventId.trim().toLowerCase();
  const event = await db.events.get(id);
  if (event) return event;
  const mapped = await serverIdOf(db, { kind: 'event', id });
  return mapped && mapped !== id ? db.events.get(mapped) : undefined;
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
  if (fromDate > toDate) return [];
  const events = await db.events.where('local_date').between(fromDate, toDate, true, true).toArray();
  return events.sort((a, b) =>
    a.event_start < b.event_start ? -1 : a.event_start > b.event_start ? 1 : a.event_id < b.event_id ? -1 : 1,
  );
}

/** Seats left: the limit less the active registrations counted here; null when unlimited. */
export function seatsLeft(
  event: Pick<EventRecord, 'registration_limit' | 'registered_count'>,
): number | null {
  return event.registration_limit === null
    ? null
    : Math.max(0, event.registration_limit - event.registered_count);
}
