import type { AppDatabase, EventRecord } from '../db';
import { laxEvent, localDateIn } from '../domain/events';
import { RegistrationError } from '../domain/registrationErrors';
import { AppError } from '../errors/appError';
import { eventRecordKey } from '../events/events';
import { wallClockAtVenue } from '../events/venueTime';
import type { AttendeeRow } from '../import/attendeeRow';
import { resolveContext, type LocalCommandOptions } from '../reference/context';
import { examClassesOf, getVenue } from '../reference/queries';
import { appendOutboxEntry } from '../sync/outbox';
import { importPeople, type ImportPeopleResult } from './importPeople';
import type { PersonToRegister } from './plan';
import { storePeopleTables } from './storePeople';

/**
 * A people file whose rows name their sitting (venue and start columns): the rows are grouped by
 * sitting, each group is registered on the local event at that venue and start (the desk's lax
 * lookup), or on a provisional event made by the desk's rule (`laxEvent`) when there is none, and
 * each group then goes through `importPeople` as any import onto one event. Rows naming no sitting
 * go to the event chosen in the wizard.
 */

export class FileSittingError extends AppError<'no_event_chosen' | 'new_event_refused'> {}

/** What a new event of the file is made with: the exam class the lax rule needs for a create. */
export interface NewEventClass {
  event_exam_type: string;
  event_exam_format: string;
  event_billing_code: string;
}

/** One venue and start the file names, as the review shows it. */
export interface FileSitting {
  venueId: string;
  venueName: string;
  /** ISO instant */
  start: string;
  /** the start on the venue's clock (`2026-04-02T09:00`) */
  wallClock: string;
  people: number;
  /** the local event at that venue and start, or null when the import makes one */
  eventId: string | null;
  /** true when the event is provisional: made here, not yet known to the server */
  provisional: boolean;
}

type Sitting = Required<Pick<AttendeeRow, 'venue_id' | 'event_start'>>;

const keyOf = (s: Sitting) => `${s.venue_id}\u0000${s.event_start}`;

function sittingOf(row: AttendeeRow): Sitting | null {
  return row.venue_id && row.event_start ? { venue_id: row.venue_id, event_start: row.event_start } : null;
}

/** The people by the sitting they name, in file order; `null` holds those naming none. */
function bySitting<T extends { row: AttendeeRow }>(people: readonly T[]) {
  const groups = new Map<string, { sitting: Sitting | null; people: T[] }>();
  for (const person of people) {
    const sitting = sittingOf(person.row);
    const key = sitting ? keyOf(sitting) : '';
    const group = groups.get(key);
    if (group) group.people.push(person);
    else groups.set(key, { sitting, people: [person] });
  }
  return [...groups.values()];
}

const MINUTE = 60_000;

/**
 * The local event a sitting of the file names: the non-cancelled event at the venue that starts
 * within the file's minute, the exact start first. A file writes a start to the minute on the
 * venue's clock (as every page shows it, and as the failed-rows export writes it back), while the
 * contract keeps it to the millisecond: an event the server holds at 09:00:27 is the file's
 * `09:00`, not a reason to make a second sitting beside it.
 */
async function eventOfSitting(db: AppDatabase, sitting: Sitting): Promise<EventRecord | null> {
  const until = new Date(Date.parse(sitting.event_start) + MINUTE).toISOString();
  // one request on the venue-and-start index; ISO instants of one form sort as their times do
  const events = await db.events
    .where('[event_venue+event_start]')
    .between([sitting.venue_id, sitting.event_start], [sitting.venue_id, until], true, false)
    .toArray();
  const active = events.filter((e) => e.status !== 'cancelled');
  return active.find((e) => e.event_start === sitting.event_start) ?? active[0] ?? null;
}

/** The sittings the rows name, each with the local event it would go to (none: a new one). */
export async function fileSittings(db: AppDatabase, rows: readonly AttendeeRow[]): Promise<FileSitting[]> {
  const out: FileSitting[] = [];
  for (const { sitting, people } of bySitting(rows.map((row) => ({ row })))) {
    if (!sitting) continue;
    const [venue, event] = await Promise.all([getVenue(db, sitting.venue_id), eventOfSitting(db, sitting)]);
    out.push({
      venueId: sitting.venue_id,
      venueName: venue?.name ?? sitting.venue_id,
      start: sitting.event_start,
      wallClock: wallClockAtVenue(sitting.event_start, venue?.time_zone ?? 'UTC'),
      people: people.length,
      eventId: event?.event_id ?? null,
      provisional: !event || event.provisional === true,
    });
  }
  return out.sort((a, b) => a.start.localeCompare(b.start) || a.venueName.localeCompare(b.venueName));
}

export interface ImportFileInput {
  label: string;
  people: readonly PersonToRegister[];
  /** the event for the rows naming no sitting */
  eventId?: string;
  /** the exam class of the events the file's sittings need made */
  newEvents?: NewEventClass;
}

export interface ImportFileResult extends ImportPeopleResult {
  /** the ids of the provisional events the import made */
  eventsMade: string[];
}

/** Registers the file's people, sitting by sitting, as one import (one job page). */
export async function importPeopleFromFile(
  db: AppDatabase,
  input: ImportFileInput,
  options: LocalCommandOptions = {},
): Promise<ImportFileResult> {
  const groups = bySitting(input.people);
  const importId = crypto.randomUUID();
  // the sittings' venues and exam classes for the events made, and the settings each group's
  // `importPeople` reads its coordinator from inside this transaction
  const tables = [...storePeopleTables(db), db.venues, db.examClasses, db.settings];
  // one transaction: a refused new event leaves no group of the file registered
  return db.transaction('rw', tables, async () => {
    const result: ImportFileResult = { importId, jobIds: [], registered: 0, failed: 0, eventsMade: [] };
    for (const group of groups) {
      let eventId = input.eventId;
      if (group.sitting) {
        const event = await eventAt(db, group.sitting, input.newEvents, options);
        if (event.made) result.eventsMade.push(event.id);
        eventId = event.id;
      } else if (!eventId) {
        throw new FileSittingError(
          'no_event_chosen',
          `${group.people.length === 1 ? 'A row names' : `${group.people.length} rows name`} no venue and start: choose the event they are for.`,
        );
      }
      const stored = await importPeople(
        db,
        { eventId, label: input.label, people: group.people, importId },
        options,
      );
      result.jobIds.push(...stored.jobIds);
      result.registered += stored.registered;
      result.failed += stored.failed;
    }
    return result;
  });
}

/**
 * The event a sitting's people go to: the desk's lax lookup (the non-cancelled local event at that
 * venue and start), else a provisional event made by the same rule as register-lax. The desk's
 * provisional event is created on the server by its registration's lax command; an import's has
 * no such command, so its create is queued here, and the attendee jobs wait for it (held back
 * until the event is synced) before they are sent to the server's event.
 */
async function eventAt(
  db: AppDatabase,
  sitting: Sitting,
  newEvents: NewEventClass | undefined,
  options: LocalCommandOptions,
): Promise<{ id: string; made: boolean }> {
  const ctx = await resolveContext(db, options);
  const [venue, found] = await Promise.all([getVenue(db, sitting.venue_id), eventOfSitting(db, sitting)]);
  const classes = venue ? await examClassesOf(db, venue.organization_id) : [];
  let made;
  try {
    made = laxEvent(
      // the event found may start within the file's minute, not on it: the lax rule checks its start
      { event_venue: sitting.venue_id, event_start: found?.event_start ?? sitting.event_start, ...newEvents },
      { venue: venue ?? null, classes, found },
      { coordinatorId: ctx.coordinatorId, now: ctx.nowIso, newEventId: crypto.randomUUID() },
    );
  } catch (error) {
    if (!(error instanceof RegistrationError)) throw error;
    const where = venue ? `${venue.name}, ${wallClockAtVenue(sitting.event_start, venue.time_zone)}` : '';
    throw new FileSittingError(
      'new_event_refused',
      `The file's sitting at ${where.replace('T', ' ')} has no event on this computer, and a new one cannot be made: ${error.message}`,
    );
  }
  if (!made.created) return { id: made.event.event_id, made: false };
  const event = made.event;
  const record: EventRecord = {
    ...event,
    local_date: localDateIn(event.event_start, venue!.time_zone),
    provisional: true,
    sync_state: 'local',
    local_changed_at: ctx.now,
  };
  await db.events.put(record);
  await appendOutboxEntry(
    db,
    {
      record: eventRecordKey(event.event_id),
      op: 'event.create',
      method: 'POST',
      body: {
        event_venue: event.event_venue,
        event_start: event.event_start,
        event_exam_type: event.event_exam_type,
        event_exam_format: event.event_exam_format,
        event_billing_code: event.event_billing_code,
        registration_limit: event.registration_limit,
      },
    },
    ctx.now,
  );
  return { id: event.event_id, made: true };
}
