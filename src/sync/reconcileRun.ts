import Dexie from 'dexie';
import type { DispatchedNotification, RunDetail, RunSummary } from '../contract';
import type { AppDatabase, ExpiryRunRecord, NotificationLogRecord } from '../db';
import { recordKey } from './recordIds';

/** Server wins on outcomes for expiry runs too; call inside a transaction over `reconcileTables`. */

/**
 * Writes the server's run over the local one (created if missing), and records the notifications
 * it dispatched in the notification log, so this device never sends one of them again (a run
 * made on another device for the same coordinator arrives here through the feed).
 *
 * Exceptions to "server wins": a run with local changes still queued keeps its status, error and
 * notes; and a run that failed here and was pushed is recorded by the server as completed over
 * what it got through (the contract's POST cannot create a failed run), so a local `failed` with
 * its error is kept against the server's `completed`.
 */
export async function applyServerRun(
  db: AppDatabase,
  run: RunSummary | RunDetail,
  timeZone: string,
  nowIso: string,
): Promise<void> {
  const existing = await db.expiryRuns.get(run.run_id);
  const evaluatedAt = run.evaluated_at ?? existing?.evaluated_at ?? run.started_at;
  // Changes made here that the server has not accepted yet (a resolve queued behind the create
  // whose answer this is) stay: the server's state catches up when they are sent.
  const ahead =
    existing !== undefined &&
    (await db.outbox
      .where('record')
      .equals(recordKey({ kind: 'run', id: run.run_id }))
      .filter((entry) => entry.status !== 'done')
      .count()) > 0;
  const keepsFailure = existing?.status === 'failed' && run.status === 'completed';
  const record: ExpiryRunRecord = {
    ...existing,
    run_id: run.run_id,
    triggered_by: run.triggered_by,
    expirations_evaluated: run.expirations_evaluated,
    notifications_dispatched: run.notifications_dispatched,
    thresholds_hit: run.thresholds_hit,
    status: ahead ? existing.status : keepsFailure ? 'failed' : run.status,
    started_at: run.started_at,
    completed_at: run.completed_at,
    evaluated_at: evaluatedAt,
    evaluated_on: existing?.evaluated_on ?? calendarDate(evaluatedAt, timeZone),
    error: ahead || keepsFailure ? existing.error : (run.error ?? undefined),
    resolution_notes: ahead ? existing.resolution_notes : (run.resolution_notes ?? undefined),
    updated_at: run.updated_at ?? nowIso,
    sync_state: 'synced',
  };
  await db.expiryRuns.put(record);
  if ('dispatched_notifications' in run) {
    await recordServerDispatches(db, run.run_id, run.dispatched_notifications, run.completed_at ?? nowIso);
  }
}

/**
 * True when the run dispatched notifications that its summary does not list: the caller should
 * GET the run's detail before `applyServerRun`, or this device could send them again.
 */
export function needsRunDetail(run: RunSummary | RunDetail): boolean {
  return !('dispatched_notifications' in run) && run.notifications_dispatched > 0;
}

/**
 * Adds the server's dispatched notifications that the log does not have yet, as already shown
 * and read: another device (or the server) sent them; here they only stop a second sending and
 * appear in the list's history, never as new. Rows the log has keep their own state.
 *
 * A notification without its expiry date (the field is an extension the contract marks
 * optional) is left out: keyed on the mentor's current date it could silence the reminder of a
 * renewed one.
 */
async function recordServerDispatches(
  db: AppDatabase,
  runId: string,
  notifications: readonly DispatchedNotification[],
  dispatchedAt: string,
): Promise<void> {
  const rows: NotificationLogRecord[] = notifications.flatMap((n) =>
    n.expiry_date === undefined
      ? []
      : [
          {
            mentor_id: n.mentor_id,
            expiry_date: n.expiry_date,
            threshold: n.threshold,
            coordinator_id: n.coordinator_id,
            run_id: runId,
            dispatched_at: dispatchedAt,
            delivered: true,
            read: true,
          },
        ],
  );
  if (rows.length === 0) return;
  const write = async () => {
    const held = await db.notificationLog.bulkGet(
      rows.map((row): [string, string, string] => [row.mentor_id, row.expiry_date, row.threshold]),
    );
    const fresh = rows.filter((_, index) => held[index] === undefined);
    if (fresh.length > 0) await db.notificationLog.bulkAdd(fresh);
  };
  const current = Dexie.currentTransaction;
  if (current === null || current.storeNames.includes(db.notificationLog.name)) {
    await write();
    return;
  }
  // The caller's transaction does not cover the log (`reconcileTables` without it): written in
  // its own transaction right after that one commits. A crash in between loses these rows; with
  // the log in `reconcileTables` they are written together with the run.
  current.on('complete', () => {
    void Dexie.ignoreTransaction(() => db.transaction('rw', db.notificationLog, write)).catch(
      (error: unknown) => console.error('Recording the server run’s notifications failed', error),
    );
  });
}

/** YYYY-MM-DD of `iso` in `timeZone`. */
export function calendarDate(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(new Date(iso));
  } catch {
    return iso.slice(0, 10);
  }
}
