import Dexie from 'dexie';
import type { AppDatabase, ExpiryRecord } from '../db';
import { maxWindowDays, type Threshold } from '../domain/expiry';
import { addDays } from '../domain/expiryCalendar';
import { readCoverage } from './coverage';

export interface Candidates {
  /** sorted by expiry date, then mentor id, so a resumed run walks them in the same order */
  records: ExpiryRecord[];
  /** the rechecks this read included (mentor_id -> date noted), for `advanceCoverage` */
  rechecked: Record<string, string>;
}

/**
 * The expiry records that can need a notification on `evaluatedOn`, read by index ranges so
 * the count follows the mentors inside the windows, not the roster:
 * - `expiry_date` from the date the completed runs evaluated (inclusive, see coverage.ts;
 *   from the beginning when none did) up to `evaluatedOn` + the widest window: every record
 *   that reached a threshold since the last completed run, and those inside the windows;
 * - by key, the records written with an older date since (the coverage's `recheck`).
 * Records expiring after the widest window reach nothing and are never read.
 */
export function readCandidates(
  db: AppDatabase,
  evaluatedOn: string,
  thresholds: readonly Threshold[],
): Promise<Candidates> {
  return db.transaction('r', [db.settings, db.expiryRecords], async () => {
    const coverage = await readCoverage(db, thresholds);
    const upper = addDays(evaluatedOn, maxWindowDays(thresholds));
    const lower = coverage?.evaluated_on ?? null;
    const inRange =
      lower !== null && lower > upper
        ? []
        : await db.expiryRecords
            .where('expiry_date')
            .between(lower ?? Dexie.minKey, upper, true, true)
            .toArray();

    const rechecked = coverage?.recheck ?? {};
    const ids = Object.keys(rechecked);
    const byMentor = new Map(inRange.map((record) => [record.mentor_id, record]));
    if (ids.length > 0) {
      for (const record of await db.expiryRecords.bulkGet(ids)) {
        if (record) byMentor.set(record.mentor_id, record);
      }
    }
    const records = [...byMentor.values()].sort((a, b) =>
      a.expiry_date === b.expiry_date
        ? a.mentor_id.localeCompare(b.mentor_id)
        : a.expiry_date < b.expiry_date
          ? -1
          : 1,
    );
    return { records, rechecked: { ...rechecked } };
  });
}
