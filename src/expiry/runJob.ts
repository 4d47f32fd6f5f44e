import { z } from 'zod';
import type { AppDatabase, ExpiryRecord, ExpiryRunRecord, NotificationLogRecord } from '../db';
import type { JobContext, JobHandler } from '../engine/api';
import type { Host } from '../engine/host';
import { isMoreUrgent, shouldDispatch, thresholdFor, thresholdsHit, type Threshold } from '../domain/expiry';
import { localDateOf, localWallClock } from '../domain/expiryCalendar';
import { isWithinQuietHours } from '../domain/expirySchedule';
import { readCandidates } from './candidates';
import { advanceCoverage, watchFrom } from './coverage';
import { groupedNotification, markForDelivery } from './notifications';
import { appendRunOutbox, runCreateBody } from './runOutbox';
import { getExpirySettings, quietHoursOf } from './settings';
import { isoInstant } from './time';
import { AppError } from '../errors/appError';

export const EXPIRY_RUN_JOB = 'expiry.run';

/** The daily schedule, Run now, and a roster write that made a reminder due (see rosterCheck.ts). */
export const TriggeredBy = z.enum(['desktop-scheduler', 'admin_manual', 'roster-change']);
export type TriggeredBy = z.infer<typeof TriggeredBy>;

export const ExpiryRunPayload = z.object({ triggered_by: TriggeredBy, run_id: z.uuid() });
export type ExpiryRunPayload = z.infer<typeof ExpiryRunPayload>;

/** Records dispatched per transaction: small enough to keep a transaction short, large enough to be fast. */
export const DISPATCH_CHUNK = 500;

class RunNoLongerRunningError extends AppError<'run_not_running'> {
  constructor(runId: string) {
    super('run_not_running', `Run ${runId} is no longer running (resolved or deleted meanwhile)`);
  }
}

interface Evaluation {
  record: ExpiryRecord;
  reached: Threshold | null;
}

const recordsOf = (evaluations: readonly Evaluation[]) => evaluations.map(({ record }) => record);

/**
 * The `expiry.run` job: evaluates the records that can need a notification on the coordinator's
 * local date and logs one notification per (mentor, expiry date, threshold) ever. Resumable: a
 * run keeps the date it first evaluated, each chunk commits its log rows with the run's
 * counters and the job's progress, and the log's primary key skips what an earlier attempt sent.
 */
export const expiryRunHandler: JobHandler = async (ctx) => {
  const payload = ExpiryRunPayload.parse(ctx.job.payload);
  const { db, host } = ctx;
  const { settings, run } = await db.transaction('rw', [db.expiryRuns, db.settings], async () => {
    const current = await getExpirySettings(db);
    return {
      settings: current,
      run: await openRun(db, payload, host.now(), host.timeZone(), current.thresholds),
    };
  });
  if (run === null) return;
  const { thresholds } = settings;
  // decided on the run's own start instant, so every attempt of a resumed run agrees
  const { minuteOfDay } = localWallClock(Date.parse(run.evaluated_at), host.timeZone());
  const hold = isWithinQuietHours(minuteOfDay, quietHoursOf(settings));

  let dispatched: NotificationLogRecord[];
  let evaluations: Evaluation[] = [];
  // evaluations whose chunk committed: what a failed run got through
  let committed = 0;
  try {
    const { records, rechecked } = await readCandidates(db, run.evaluated_on, thresholds);
    evaluations = records.map((record) => ({
      record,
      reached: thresholdFor(record.expiry_date, run.evaluated_on, thresholds),
    }));
    const hit = thresholdsHit(evaluations.map((evaluation) => evaluation.reached));

    for (let start = 0; start < evaluations.length || start === 0; start += DISPATCH_CHUNK) {
      ctx.signal.throwIfAborted();
      const chunk = evaluations.slice(start, start + DISPATCH_CHUNK);
      const done = Math.min(start + DISPATCH_CHUNK, evaluations.length);
      await dispatchChunk(ctx, run.run_id, chunk, thresholds, {
        evaluated: evaluations.length,
        hit,
        done,
        hold,
      });
      committed = done;
    }
    ctx.signal.throwIfAborted();
    dispatched = await completeRun(db, run, evaluations, thresholds, rechecked, host.now());
  } catch (error) {
    if (ctx.signal.aborted || error instanceof RunNoLongerRunningError) throw error;
    const logged = await failRun(db, run.run_id, evaluations.slice(0, committed), error, host.now());
    if (!hold) notifyRun(host, logged, run.run_id);
    throw error;
  }
  if (!hold) notifyRun(host, dispatched, run.run_id);
};

/**
 * The run's grouped host notification, after its final commit: a crash in between loses the
 * toast, never shows it twice, and the in-app list has the notifications either way.
 */
function notifyRun(host: Host, dispatched: readonly NotificationLogRecord[], runId: string): void {
  if (dispatched.length > 0) host.notify(groupedNotification(dispatched, [runId]));
}

/** Creates the run record, or returns the one an interrupted attempt left running; null when it already ended. */
async function openRun(
  db: AppDatabase,
  payload: ExpiryRunPayload,
  now: number,
  timeZone: string,
  thresholds: readonly Threshold[],
): Promise<ExpiryRunRecord | null> {
  return db.transaction('rw', [db.expiryRuns, db.settings], async () => {
    const existing = await db.expiryRuns.get(payload.run_id);
    if (existing) return existing.status === 'running' ? existing : null;
    const at = isoInstant(now);
    const run: ExpiryRunRecord = {
      run_id: payload.run_id,
      triggered_by: payload.triggered_by,
      expirations_evaluated: 0,
      notifications_dispatched: 0,
      thresholds_hit: [],
      status: 'running',
      started_at: at,
      completed_at: null,
      evaluated_at: at,
      evaluated_on: localDateOf(now, timeZone),
      updated_at: at,
      sync_state: 'local',
    };
    await db.expiryRuns.add(run);
    await watchFrom(db, run.evaluated_on, thresholds);
    return run;
  });
}

async function dispatchChunk(
  ctx: JobContext,
  runId: string,
  chunk: readonly Evaluation[],
  thresholds: readonly Threshold[],
  totals: { evaluated: number; hit: Threshold[]; done: number; hold: boolean },
): Promise<void> {
  const { db, host } = ctx;
  await db.transaction('rw', [db.expiryRuns, db.notificationLog, db.jobs], async () => {
    const run = await db.expiryRuns.get(runId);
    if (!run || run.status !== 'running') throw new RunNoLongerRunningError(runId);

    // One read for the whole chunk. The dispatch rule only asks whether the reached threshold or
    // a more urgent one was sent, so only those log keys are looked up.
    const reaching = chunk.flatMap(({ record, reached }) =>
      reached === null
        ? []
        : [{ record, reached, asUrgent: thresholds.filter((t) => !isMoreUrgent(reached, t)) }],
    );
    const keys = reaching.flatMap(({ record, asUrgent }) =>
      asUrgent.map((threshold): [string, string, string] => [
        record.mentor_id,
        record.expiry_date,
        threshold,
      ]),
    );
    const logged = await db.notificationLog.bulkGet(keys);
    const at = isoInstant(host.now());
    const rows: NotificationLogRecord[] = [];
    let offset = 0;
    for (const { record, reached, asUrgent } of reaching) {
      const sent = logged
        .slice(offset, offset + asUrgent.length)
        .flatMap((row) => (row ? [row.threshold] : []));
      offset += asUrgent.length;
      if (!shouldDispatch(reached, sent)) continue;
      rows.push({
        mentor_id: record.mentor_id,
        expiry_date: record.expiry_date,
        threshold: reached,
        coordinator_id: record.coordinator_id,
        run_id: runId,
        dispatched_at: at,
        // held by quiet hours: released by the first tick after the window (see notifications.ts)
        delivered: !totals.hold,
        read: false,
      });
    }
    if (rows.length > 0) await db.notificationLog.bulkAdd(rows);
    await db.expiryRuns.update(runId, {
      expirations_evaluated: totals.evaluated,
      notifications_dispatched: run.notifications_dispatched + rows.length,
      thresholds_hit: totals.hit,
      updated_at: at,
    });
    await ctx.progress(totals.done, totals.evaluated);
  });
}

async function completeRun(
  db: AppDatabase,
  run: ExpiryRunRecord,
  evaluations: readonly Evaluation[],
  thresholds: readonly Threshold[],
  rechecked: Record<string, string>,
  now: number,
): Promise<NotificationLogRecord[]> {
  return db.transaction('rw', [db.expiryRuns, db.notificationLog, db.outbox, db.settings], async () => {
    const current = await db.expiryRuns.get(run.run_id);
    if (!current || current.status !== 'running') throw new RunNoLongerRunningError(run.run_id);
    const dispatched = await db.notificationLog.where('run_id').equals(run.run_id).toArray();
    const at = isoInstant(now);
    await db.expiryRuns.update(run.run_id, {
      status: 'completed',
      completed_at: at,
      notifications_dispatched: dispatched.length,
      updated_at: at,
    });
    await appendRunOutbox(
      db,
      run.run_id,
      'run.create',
      runCreateBody(run, recordsOf(evaluations), dispatched),
      now,
    );
    await advanceCoverage(db, run.evaluated_on, thresholds, rechecked);
    if (dispatched.some((row) => !row.delivered)) await markForDelivery(db, run.run_id);
    return dispatched;
  });
}

/**
 * Ends the run as failed and returns what its finished chunks logged: that is never sent again,
 * so it is still shown.
 *
 * The failed run is pushed too, over the evaluations whose chunk committed (`through`) with
 * what they dispatched: otherwise the server would not know those notifications were sent, and
 * would send them itself when a later run over the same mentors reaches it (or another device
 * would). The contract's POST cannot create a failed run (the server decides the status by its
 * own evaluation), so the server records this one as completed over what it got through; the
 * local run stays failed with its error (see `applyServerRun`) and resolving it sends the notes.
 * Its counts are those of what it got through, the same on both sides.
 */
async function failRun(
  db: AppDatabase,
  runId: string,
  through: readonly Evaluation[],
  error: unknown,
  now: number,
): Promise<NotificationLogRecord[]> {
  const message = error instanceof Error ? error.message : String(error);
  return db.transaction('rw', [db.expiryRuns, db.notificationLog, db.outbox, db.settings], async () => {
    const run = await db.expiryRuns.get(runId);
    if (!run || run.status !== 'running') return [];
    const logged = await db.notificationLog.where('run_id').equals(runId).toArray();
    const at = isoInstant(now);
    await db.expiryRuns.update(runId, {
      status: 'failed',
      error: message,
      completed_at: at,
      expirations_evaluated: through.length,
      notifications_dispatched: logged.length,
      thresholds_hit: thresholdsHit(through.map((evaluation) => evaluation.reached)),
      updated_at: at,
    });
    await appendRunOutbox(db, runId, 'run.create', runCreateBody(run, recordsOf(through), logged), now);
    if (logged.some((row) => !row.delivered)) await markForDelivery(db, runId);
    return logged;
  });
}
