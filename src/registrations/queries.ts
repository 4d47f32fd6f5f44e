import type { RegistrationFilters, ScrapPaper } from '../contract';
import type { AppDatabase, RegistrationRecord } from '../db';
import { normalizeCode } from '../domain/confirmationCode';
import { normalizeForSearch } from '../domain/nameSearch';
import { getEvent } from '../events/events';
import { getVenue } from '../reference/queries';
import { LocalNotFoundError } from './errors';
import { registrationIndex, type RegistrationRow } from './searchIndex';

/** Reads of the local registrations: search, an event's list, one registration, the invigilator's sheet. */

export interface SearchPage {
  offset: number;
  limit: number;
}

export interface SearchResult {
  /** the page asked for, most recently changed first */
  rows: RegistrationRecord[];
  /** every registration that matches */
  count: number;
}

/** The filters as one test of an index row (a pure function of the filters). */
export function registrationMatcher(filters: RegistrationFilters): (row: RegistrationRow) => boolean {
  const name = filters.name === undefined ? '' : normalizeForSearch(filters.name);
  const email = filters.email?.trim().toLowerCase() ?? '';
  const code = filters.code?.trim() ? normalizeCode(filters.code) : '';
  const since = filters.last_change_time_since ? Date.parse(filters.last_change_time_since) : -Infinity;
  const before = filters.last_change_time_before ? Date.parse(filters.last_change_time_before) : Infinity;
  const eventId = filters.event_id?.toLowerCase();
  const status = filters.status;
  return (row) =>
    row.key >= since &&
    row.key < before &&
    (code === '' || row.code === code) &&
    (eventId === undefined || row.event_id === eventId) &&
    (status === undefined || row.status === status) &&
    (name === '' || row.name.includes(name)) &&
    (email === '' || row.email.includes(email));
}

/**
 * Contract C3's search on the local copy: `name` a substring of first, last or full name, `email`
 * a substring, `code` exact (as typed, look-alikes read as digits), `last_change_time_since`
 * inclusive and `last_change_time_before` exclusive, `event_id`, `status`; case and accents
 * ignored. Served by the in-memory index of `searchIndex.ts`.
 */
export async function searchRegistrations(
  db: AppDatabase,
  filters: RegistrationFilters,
  page: SearchPage = { offset: 0, limit: 50 },
): Promise<SearchResult> {
  const index = registrationIndex(db);
  await index.catchUp();
  const matches = registrationMatcher(filters);
  const wanted: string[] = [];
  let count = 0;
  for (const row of index.newestFirst()) {
    if (!matches(row)) continue;
    if (count >= page.offset && wanted.length < page.limit) wanted.push(row.id);
    count += 1;
  }
  const rows = (await db.registrations.bulkGet(wanted)).filter(
    (r): r is RegistrationRecord => r !== undefined,
  );
  return { rows, count };
}

const seatOrder = (a: RegistrationRecord, b: RegistrationRecord) =>
  a.created_at < b.created_at
    ? -1
    : a.created_at > b.created_at
      ? 1
      : a.registration_id < b.registration_id
        ? -1
        : 1;

/** The event's registrations, active and cancelled, in seat order (the order they were made). */
export async function registrationsOfEvent(db: AppDatabase, eventId: string): Promise<RegistrationRecord[]> {
  const event = await getEvent(db, eventId);
  const id = event?.event_id ?? eventId.trim().toLowerCase();
  return (await db.registrations.where('event_id').equals(id).toArray()).sort(seatOrder);
}

export async function getRegistration(
  db: AppDatabase,
  registrationId: string,
): Promise<RegistrationRecord | undefined> {
  return db.registrations.get(registrationId.trim().toLowerCase());
}

/** Sheets of scrap paper per candidate, as the server's `SCRAP_PAPER_PER_CANDIDATE` default. */
export const SCRAP_PAPER_PER_CANDIDATE = 2;

/**
 * The invigilator's sheet from local data, in the shape the server answers (`ScrapPaper`): the
 * event, its venue, the active registrations in seat order with the total time extension, and
 * the sheets to print. Throws `LocalNotFoundError` for an unknown event or venue.
 */
export async function scrapPaperOf(
  db: AppDatabase,
  eventId: string,
  sheetsPerCandidate = SCRAP_PAPER_PER_CANDIDATE,
): Promise<ScrapPaper> {
  const event = await getEvent(db, eventId);
  if (!event) throw new LocalNotFoundError('event_id', 'This event is not on this computer.');
  const venue = await getVenue(db, event.event_venue);
  if (!venue) throw new LocalNotFoundError('event_venue', 'Venue not found.');
  const active = (
    await db.registrations.where('[event_id+status]').equals([event.event_id, 'active']).toArray()
  ).sort(seatOrder);
  const { sync_state: _s, local_changed_at: _l, local_date: _d, provisional: _p, ...wireEvent } = event;
  const { pulled_at: _pulled, ...wireVenue } = venue;
  return {
    event: wireEvent,
    venue: wireVenue,
    registrations: active.map((r, i) => ({
      seat: i + 1,
      registration_id: r.registration_id,
      code: r.code,
      learner_name: `${r.learner.first_name} ${r.learner.last_name}`,
      assessment: r.assessment,
      accommodations: r.accommodations,
      time_extension: r.accommodations.reduce((sum, a) => sum + (a.time_extension ?? 0), 0),
    })),
    scrap_paper_sheets: active.length * sheetsPerCandidate,
  };
}
