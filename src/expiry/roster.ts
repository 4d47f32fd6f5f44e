import Dexie from 'dexie';
import { z } from 'zod';
import { ExpiryDate } from '../contract/expiryOrchestration';
import type { Pagination } from '../contract/common';
import type { AppDatabase, ExpiryRecord, MentorRecord } from '../db';
import { maxWindowDays, thresholdFor, windowDays, EXPIRED, type Threshold } from '../domain/expiry';
import { addDays, daysBetween, localDateOf } from '../domain/expiryCalendar';
import { noteExpiryWrites } from './coverage';
import { queueRosterCheck } from './rosterCheck';
import { getExpirySettings } from './settings';
import { isoInstant } from './time';
import { AppError } from '../errors/appError';

/** The mentor roster with certification expiry dates: import, hand edits, the mentors page. */

export const RosterRow = z.object({
  mentor_id: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(200),
  coordinator_id: z.string().trim().min(1).max(64),
  expiry_date: ExpiryDate,
  email: z.email().optional(),
});
export type RosterRow = z.input<typeof RosterRow>;

export class RosterRowError extends AppError<'invalid_row'> {
  constructor(
    readonly row: number,
    readonly field: string,
    message: string,
  ) {
    super('invalid_row', `Row ${row + 1}, ${field}: ${message}`);
  }
}

export interface UpsertOutcome {
  added: number;
  updated: number;
  unchanged: number;
}

function parseRow(row: RosterRow, index: number): z.output<typeof RosterRow> {
  const parsed = RosterRow.safeParse(row);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new RosterRowError(index, String(issue?.path[0] ?? '(row)'), issue?.message ?? 'invalid');
}

/**
 * Adds or updates mentors and their expiry dates in one transaction (all rows or none). The
 * import wizard validates rows first; this checks again because it is also the API for tests
 * and sync. A changed expiry date is a renewal: its notifications start afresh (the log is
 * keyed by the date).
 */
export async function upsertRoster(
  db: AppDatabase,
  rows: readonly RosterRow[],
  now: number,
): Promise<UpsertOutcome> {
  const parsed = rows.map(parseRow);
  const at = isoInstant(now);
  return db.transaction('rw', [db.mentors, db.expiryRecords, db.settings, db.jobs], async () => {
    const ids = parsed.map((row) => row.mentor_id);
    const [mentors, records] = await Promise.all([db.mentors.bulkGet(ids), db.expiryRecords.bulkGet(ids)]);
    const mentorWrites = new Map<string, MentorRecord>();
    const recordWrites = new Map<string, ExpiryRecord>();
    const outcome: UpsertOutcome = { added: 0, updated: 0, unchanged: 0 };
    parsed.forEach((row, index) => {
      // a later row for the same mentor wins, as it would in the spreadsheet
      const mentorBefore = mentorWrites.get(row.mentor_id) ?? mentors[index];
      const recordBefore = recordWrites.get(row.mentor_id) ?? records[index];
      const mentor: MentorRecord = {
        mentor_id: row.mentor_id,
        name: row.name,
        coordinator_id: row.coordinator_id,
        ...(row.email !== undefined ? { email: row.email } : {}),
        updated_at: at,
      };
      const record: ExpiryRecord = {
        mentor_id: row.mentor_id,
        coordinator_id: row.coordinator_id,
        expiry_date: row.expiry_date,
        updated_at: at,
      };
      const mentorChanged =
        !mentorBefore ||
        mentorBefore.name !== mentor.name ||
        mentorBefore.coordinator_id !== mentor.coordinator_id ||
        mentorBefore.email !== mentor.email;
      const recordChanged =
        !recordBefore ||
        recordBefore.expiry_date !== record.expiry_date ||
        recordBefore.coordinator_id !== record.coordinator_id;
      if (mentorChanged) mentorWrites.set(row.mentor_id, mentor);
      if (recordChanged) recordWrites.set(row.mentor_id, record);
      if (!mentors[index] && !records[index]) outcome.added += 1;
      else if (mentorChanged || recordChanged) outcome.updated += 1;
      else outcome.unchanged += 1;
    });
    await db.mentors.bulkPut([...mentorWrites.values()]);
    await db.expiryRecords.bulkPut([...recordWrites.values()]);
    await noteExpiryWrites(db, [...recordWrites.values()]);
    await queueRosterCheck(db, [...recordWrites.values()], now);
    return outcome;
  });
}

export interface MentorPatch {
  name?: string;
  coordinator_id?: string;
  email?: string | null;
  expiry_date?: string;
}

export class MentorNotFoundError extends AppError<'not_found'> {
  constructor(readonly mentorId: string) {
    super('not_found', `No mentor ${mentorId}`);
  }
}

/** A hand edit of one mentor. */
export async function updateMentor(
  db: AppDatabase,
  mentorId: string,
  patch: MentorPatch,
  now: number,
): Promise<void> {
  await db.transaction('rw', [db.mentors, db.expiryRecords, db.settings, db.jobs], async () => {
    const [mentor, record] = await Promise.all([db.mentors.get(mentorId), db.expiryRecords.get(mentorId)]);
    if (!mentor || !record) throw new MentorNotFoundError(mentorId);
    const email = patch.email === null ? undefined : (patch.email ?? mentor.email);
    const row = parseRow(
      {
        mentor_id: mentorId,
        name: patch.name ?? mentor.name,
        coordinator_id: patch.coordinator_id ?? mentor.coordinator_id,
        expiry_date: patch.expiry_date ?? record.expiry_date,
        ...(email !== undefined ? { email } : {}),
      },
      0,
    );
    const at = isoInstant(now);
    const { email: _dropped, ...rest } = mentor;
    await db.mentors.put({
      ...rest,
      name: row.name,
      coordinator_id: row.coordinator_id,
      ...(row.email !== undefined ? { email: row.email } : {}),
      updated_at: at,
    });
    if (row.expiry_date !== record.expiry_date || row.coordinator_id !== record.coordinator_id) {
      const next: ExpiryRecord = {
        ...record,
        expiry_date: row.expiry_date,
        coordinator_id: row.coordinator_id,
        updated_at: at,
      };
      await db.expiryRecords.put(next);
      await noteExpiryWrites(db, [next]);
      await queueRosterCheck(db, [next], now);
    }
  });
}

/** Where a mentor stands: `fine`, or the most urgent configured threshold reached. */
export type MentorState = 'fine' | Threshold;

export interface MentorView {
  mentor_id: string;
  name: string;
  coordinator_id: string;
  email?: string;
  expiry_date: string;
  state: MentorState;
  /** whole days to the expiry date (negative once past) */
  days_left: number;
}

export interface MentorListQuery {
  /** one state, as the page's filter chips */
  state?: MentorState;
  coordinator_id?: string;
  /** case-insensitive part of the name or mentor id */
  search?: string;
  /** only mentors a run notified about (the grouped notification's link) */
  attention_run_ids?: readonly string[];
  /** only certifications expiring from tomorrow through this many days ahead (the dashboard's link) */
  expires_within_days?: number;
  page?: number;
  limit?: number;
}

/** The later of two range bounds (null is unbounded), and the earlier. */
function later(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null ? a : a > b ? a : b;
}
function earlier(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null ? a : a < b ? a : b;
}

/** The `expiry_date` range that holds exactly the records in `state` on `today`. */
function stateRange(
  state: MentorState,
  today: string,
  thresholds: readonly Threshold[],
): [string | null, string | null] {
  const windows = thresholds.filter((t) => t !== EXPIRED).map(windowDays);
  if (state === 'fine') return [addDays(today, maxWindowDays(thresholds) + 1), null];
  if (state === EXPIRED) return [null, today];
  const days = windowDays(state);
  const shorter = windows.filter((w) => w < days);
  const hasExpired = thresholds.includes(EXPIRED);
  const lowerDays = shorter.length > 0 ? Math.max(...shorter) + 1 : hasExpired ? 1 : null;
  return [lowerDays === null ? null : addDays(today, lowerDays), addDays(today, days)];
}

/**
 * The mentors page: mentors soonest expiry first with their state on the coordinator's local
 * date. A state filter is an index range on `expiry_date`, so it stays quick on a large roster.
 */
export async function listMentors(
  db: AppDatabase,
  query: MentorListQuery,
  asOf: { now: number; timeZone: string },
): Promise<{ data: MentorView[]; pagination: Pagination }> {
  const { thresholds } = await getExpirySettings(db);
  const today = localDateOf(asOf.now, asOf.timeZone);
  const page = Math.max(1, Math.floor(query.page ?? 1));
  const limit = Math.min(100, Math.max(1, Math.floor(query.limit ?? 20)));
  const search = query.search?.trim().toLowerCase();

  return db.transaction('r', [db.mentors, db.expiryRecords, db.notificationLog], async () => {
    let attention: Set<string> | null = null;
    if (query.attention_run_ids && query.attention_run_ids.length > 0) {
      const rows = await db.notificationLog
        .where('run_id')
        .anyOf([...query.attention_run_ids])
        .toArray();
      attention = new Set(rows.map((row) => row.mentor_id));
    }
    if (query.state !== undefined && query.state !== 'fine' && !thresholds.includes(query.state)) {
      return { data: [], pagination: { page, limit, total: 0 } };
    }
    const [stateLower, stateUpper] = query.state ? stateRange(query.state, today, thresholds) : [null, null];
    const within = query.expires_within_days;
    const lower = within === undefined ? stateLower : later(stateLower, addDays(today, 1));
    const upper = within === undefined ? stateUpper : earlier(stateUpper, addDays(today, within));
    const needsMentor = search !== undefined && search !== '';
    let collection = db.expiryRecords
      .where('expiry_date')
      .between(lower ?? Dexie.minKey, upper ?? Dexie.maxKey, true, true)
      .filter(
        (record) =>
          (query.coordinator_id === undefined || record.coordinator_id === query.coordinator_id) &&
          (attention === null || attention.has(record.mentor_id)),
      );
    let records: ExpiryRecord[];
    let total: number;
    if (needsMentor) {
      // the name lives on the mentor: match it record by record
      const all = await collection.toArray();
      const mentors = await db.mentors.bulkGet(all.map((record) => record.mentor_id));
      const matching = all.filter((record, index) => {
        const name = mentors[index]?.name.toLowerCase() ?? '';
        return name.includes(search) || record.mentor_id.toLowerCase().includes(search);
      });
      total = matching.length;
      records = matching.slice((page - 1) * limit, page * limit);
    } else {
      total = await collection.clone().count();
      collection = collection.offset((page - 1) * limit).limit(limit);
      records = await collection.toArray();
    }
    const mentors = await db.mentors.bulkGet(records.map((record) => record.mentor_id));
    const data = records.map((record, index): MentorView => {
      const mentor = mentors[index];
      return {
        mentor_id: record.mentor_id,
        name: mentor?.name ?? record.mentor_id,
        coordinator_id: record.coordinator_id,
        ...(mentor?.email !== undefined ? { email: mentor.email } : {}),
        expiry_date: record.expiry_date,
        state: thresholdFor(record.expiry_date, today, thresholds) ?? 'fine',
        days_left: daysBetween(today, record.expiry_date),
      };
    });
    return { data, pagination: { page, limit, total } };
  });
}
