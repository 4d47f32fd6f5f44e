/* eslint-disable @typescript-eslint/no-unused-vars -- API first: the bodies follow in the next commits */
import type { RegistrationFilters, ScrapPaper } from '../contract';
import type { AppDatabase, RegistrationRecord } from '../db';

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
  throw new Error('not built yet');
}

/** The event's registrations, active and cancelled, in seat order (the order they were made). */
export async function registrationsOfEvent(db: AppDatabase, eventId: string): Promise<RegistrationRecord[]> {
  throw new Error('not built yet');
}

export async function getRegistration(
  db: AppDatabase,
  registrationId: string,
): Promise<RegistrationRecord | undefined> {
  throw new Error('not built yet');
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
  throw new Error('not built yet');
}
