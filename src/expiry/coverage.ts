import type { AppDatabase } from '../db';
import type { Threshold } from '../domain/expiry';

/**
 * What the completed runs have already evaluated, so a run reads only the records that can
 * still need a notification (see `readCandidates`).
 *
 * A record whose expiry date is on or before the date a completed run evaluated had, on that
 * date, reached the most urgent threshold it ever can (`expired`, or the shortest window when
 * `expired` is off): that run logged its notification, and no later run can owe it another.
 * So runs skip expiry dates before `evaluated_on`. A record written afterwards with such a date
 * (a correction, a late import) is listed in `recheck` by the roster writers, and the next run
 * reads it by key. Writers compare with `watch_until`, the latest date any run started to
 * evaluate, so a write racing with a run in progress is caught too. A changed threshold list
 * drops the coverage: the next run then reads every expired record once.
 */

export const EXPIRY_COVERAGE_KEY = 'expiry.coverage';

/** Past this many rechecks the next run reads everything expired instead of keeping the list. */
export const MAX_RECHECK = 10_000;

export interface Coverage {
  /** the latest local date a completed run evaluated; null until one completed */
  evaluated_on: string | null;
  /** the threshold list the runs evaluated with, joined by commas */
  thresholds: string;
  /** writes of expiry dates on or before this date are listed in `recheck` */
  watch_until: string;
  /** mentor_id -> expiry date written on or before `watch_until` */
  recheck: Record<string, string>;
}

async function readRow(db: AppDatabase): Promise<Coverage | undefined> {
  const row = await db.settings.get(EXPIRY_COVERAGE_KEY);
  return row?.value as Coverage | undefined;
}

/** The coverage, if it holds for `thresholds`. Read inside a transaction that includes `settings`. */
export async function readCoverage(
  db: AppDatabase,
  thresholds: readonly Threshold[],
): Promise<Coverage | null> {
  const coverage = await readRow(db);
  if (!coverage || coverage.thresholds !== thresholds.join()) return null;
  return coverage;
}

export async function clearCoverage(db: AppDatabase): Promise<void> {
  await db.settings.delete(EXPIRY_COVERAGE_KEY);
}

function later(a: string | null | undefined, b: string): string {
  return a && a > b ? a : b;
}

/** A run starts evaluating `evaluatedOn` (in its first transaction, which includes `settings`). */
export async function watchFrom(
  db: AppDatabase,
  evaluatedOn: string,
  thresholds: readonly Threshold[],
): Promise<void> {
  const current = await readCoverage(db, thresholds);
  const coverage: Coverage = current
    ? { ...current, watch_until: later(current.watch_until, evaluatedOn) }
    : { evaluated_on: null, thresholds: thresholds.join(), watch_until: evaluatedOn, recheck: {} };
  await db.settings.put({ key: EXPIRY_COVERAGE_KEY, value: coverage });
}

/**
 * Called by every writer of `expiryRecords`, in its transaction (which includes `settings`), with
 * the records it wrote.
 */
export async function noteExpiryWrites(
  db: AppDatabase,
  written: ReadonlyArray<{ mentor_id: string; expiry_date: string }>,
): Promise<void> {
  const coverage = await readRow(db);
  if (!coverage) return;
  const behind = written.filter((record) => record.expiry_date <= coverage.watch_until);
  if (behind.length === 0) return;
  const recheck = { ...coverage.recheck };
  for (const record of behind) recheck[record.mentor_id] = record.expiry_date;
  if (Object.keys(recheck).length > MAX_RECHECK) {
    await clearCoverage(db);
    return;
  }
  await db.settings.put({ key: EXPIRY_COVERAGE_KEY, value: { ...coverage, recheck } satisfies Coverage });
}

/**
 * Records a completed run's evaluation (in its final transaction). Rechecks it evaluated are
 * dropped unless a writer changed them again meanwhile.
 */
export async function advanceCoverage(
  db: AppDatabase,
  evaluatedOn: string,
  thresholds: readonly Threshold[],
  rechecked: Readonly<Record<string, string>>,
): Promise<void> {
  const current = await readCoverage(db, thresholds);
  // dropped meanwhile (the threshold list changed): the next run must read everything again
  if (!current) return;
  const recheck = { ...current.recheck };
  for (const [mentorId, date] of Object.entries(rechecked)) {
    if (recheck[mentorId] === date) delete recheck[mentorId];
  }
  const coverage: Coverage = {
    ...current,
    // a run on an earlier date (clock moved back) does not undo what a later one covered
    evaluated_on: later(current.evaluated_on, evaluatedOn),
    watch_until: later(current.watch_until, evaluatedOn),
    recheck,
  };
  await db.settings.put({ key: EXPIRY_COVERAGE_KEY, value: coverage });
}
