import {
  RunStatus,
  RunUpdate,
  type DispatchedNotification,
  type RunDetail,
  type RunSummary,
} from '../contract/expiryOrchestration';
import type { Pagination } from '../contract/common';
import type { AppDatabase, ExpiryRunRecord } from '../db';
import { enqueueJob } from '../engine/queue';
import { EXPIRY_RUN_JOB, type ExpiryRunPayload } from './runJob';
import { thresholdsHit } from '../domain/expiry';
import { appendRunOutbox, isRunPushed, runCreateBody } from './runOutbox';
import { isoInstant } from './time';
import { AppError } from '../errors/appError';

/** The runs pages: list, detail, resolve, delete, run now. */

/** A run the caller named does not exist (the contract's 404 `not_found`). */
export class ExpiryRunNotFoundError extends AppError<'not_found'> {
  constructor(readonly runId: string) {
    super('not_found', `No expiry run ${runId}`);
  }
}

/** The change is not allowed in the run's state (the contract's 409 `conflict`); the message says why. */
export class ExpiryRunConflictError extends AppError<'conflict'> {
  constructor(
    readonly runId: string,
    message: string,
  ) {
    super('conflict', message);
  }
}

/** A run as the contract shows it, plus the local date it evaluated. */
export type ExpiryRunSummaryView = RunSummary & { evaluated_on: string };
export type ExpiryRunDetailView = RunDetail & { evaluated_on: string };

function summaryOf(run: ExpiryRunRecord): ExpiryRunSummaryView {
  return {
    run_id: run.run_id,
    triggered_by: run.triggered_by,
    expirations_evaluated: run.expirations_evaluated,
    notifications_dispatched: run.notifications_dispatched,
    thresholds_hit: run.thresholds_hit,
    status: run.status,
    started_at: run.started_at,
    completed_at: run.completed_at,
    error: run.error ?? null,
    resolution_notes: run.resolution_notes ?? null,
    evaluated_at: run.evaluated_at,
    evaluated_on: run.evaluated_on,
    updated_at: run.updated_at,
  };
}

const ABANDONED = 'The run stopped before it ended: its job was given up after repeated failures';

/**
 * True while the run's job can still move it on. A run left `running` by a job the engine gave
 * up on (see the engine's `maxAttempts`) may be resolved or deleted, or it would stay stuck.
 */
async function hasLiveJob(db: AppDatabase, runId: string): Promise<boolean> {
  const live = await db.jobs
    .where('[kind+status]')
    .anyOf([
      [EXPIRY_RUN_JOB, 'queued'],
      [EXPIRY_RUN_JOB, 'running'],
    ])
    .filter((job) => job.subject === runId)
    .count();
  return live > 0;
}

/**
 * A run whose job was given up never reached its create: before it is resolved or deleted it is
 * pushed over what it logged (the expiry dates it dispatched for, and those notifications), so
 * the server records them as sent and never sends them again. Like a failed run, the server
 * records it as completed over that part, and the local counts become that part's. Call inside
 * a transaction over `expiryRuns`, `notificationLog` and `outbox`; returns the counts.
 */
async function pushAbandoned(
  db: AppDatabase,
  run: ExpiryRunRecord,
  now: number,
): Promise<Pick<ExpiryRunRecord, 'expirations_evaluated' | 'notifications_dispatched' | 'thresholds_hit'>> {
  const logged = await db.notificationLog.where('run_id').equals(run.run_id).toArray();
  const evaluated = [
    ...new Map(logged.map((row) => [`${row.mentor_id}\u0000${row.expiry_date}`, row])).values(),
  ];
  await appendRunOutbox(db, run.run_id, 'run.create', runCreateBody(run, evaluated, logged), now);
  return {
    expirations_evaluated: evaluated.length,
    notifications_dispatched: logged.length,
    thresholds_hit: thresholdsHit(logged.map((row) => row.threshold)),
  };
}

export interface RunListOptions {
  page?: number;
  limit?: number;
  status?: RunStatus;
}

/** Runs, latest started first, paginated as the contract (`page`, `limit` 1..100, `total`). */
export async function listRuns(
  db: AppDatabase,
  { page = 1, limit = 20, status }: RunListOptions = {},
): Promise<{ data: ExpiryRunSummaryView[]; pagination: Pagination }> {
  const safePage = Math.max(1, Math.floor(page));
  const safeLimit = Math.min(100, Math.max(1, Math.floor(limit)));
  return db.transaction('r', db.expiryRuns, async () => {
    const matching = status
      ? db.expiryRuns
          .orderBy('started_at')
          .reverse()
          .filter((run) => run.status === status)
      : db.expiryRuns.orderBy('started_at').reverse();
    const total = status
      ? await db.expiryRuns.where('status').equals(status).count()
      : await db.expiryRuns.count();
    const runs = await matching
      .offset((safePage - 1) * safeLimit)
      .limit(safeLimit)
      .toArray();
    return { data: runs.map(summaryOf), pagination: { page: safePage, limit: safeLimit, total } };
  });
}

/** One run with the notifications it dispatched. */
export async function getRunDetail(db: AppDatabase, runId: string): Promise<ExpiryRunDetailView> {
  return db.transaction('r', [db.expiryRuns, db.notificationLog], async () => {
    const run = await db.expiryRuns.get(runId);
    if (!run) throw new ExpiryRunNotFoundError(runId);
    const rows = await db.notificationLog.where('run_id').equals(runId).toArray();
    const dispatched: DispatchedNotification[] = rows.map((row) => ({
      mentor_id: row.mentor_id,
      coordinator_id: row.coordinator_id,
      threshold: row.threshold,
      expiry_date: row.expiry_date,
    }));
    return { ...summaryOf(run), dispatched_notifications: dispatched };
  });
}

/** Marks a completed or failed run resolved with the coordinator's notes. */
export async function resolveRun(
  db: AppDatabase,
  runId: string,
  resolutionNotes: string,
  now: number,
): Promise<ExpiryRunSummaryView> {
  const update = RunUpdate.safeParse({ status: 'resolved', resolution_notes: resolutionNotes.trim() });
  if (!update.success) throw new RangeError('Resolution notes are needed (1 to 2000 characters)');
  return db.transaction('rw', [db.expiryRuns, db.notificationLog, db.outbox, db.jobs], async () => {
    const run = await db.expiryRuns.get(runId);
    if (!run) throw new ExpiryRunNotFoundError(runId);
    if (run.status === 'running' && (await hasLiveJob(db, runId))) {
      throw new ExpiryRunConflictError(
        runId,
        'The run is still running: it can be resolved once it has ended',
      );
    }
    const abandoned = run.status === 'running' && !(await isRunPushed(db, runId));
    const at = isoInstant(now);
    const resolved: ExpiryRunRecord = {
      ...run,
      ...(abandoned ? await pushAbandoned(db, run, now) : {}),
      ...(run.status === 'running' ? { error: ABANDONED } : {}),
      status: 'resolved',
      resolution_notes: update.data.resolution_notes,
      updated_at: at,
    };
    await db.expiryRuns.put(resolved);
    if (run.sync_state !== 'local' || (await isRunPushed(db, runId))) {
      await appendRunOutbox(db, runId, 'run.update', update.data, now);
    }
    return summaryOf(resolved);
  });
}

/**
 * Deletes the run record. The notification log stays: what was sent must never be sent again,
 * whatever happens to the run that sent it. A running run cannot be deleted while its job is
 * queued or running (the job would recreate it).
 */
export async function deleteRun(
  db: AppDatabase,
  runId: string,
  now: number,
): Promise<{ deleted: true; run_id: string }> {
  return db.transaction('rw', [db.expiryRuns, db.notificationLog, db.outbox, db.jobs], async () => {
    const run = await db.expiryRuns.get(runId);
    if (!run) throw new ExpiryRunNotFoundError(runId);
    if (run.status === 'running' && (await hasLiveJob(db, runId))) {
      throw new ExpiryRunConflictError(
        runId,
        'The run is still running: it can be deleted once it has ended',
      );
    }
    if (run.status === 'running' && !(await isRunPushed(db, runId))) await pushAbandoned(db, run, now);
    await db.expiryRuns.delete(runId);
    if (run.sync_state !== 'local' || (await isRunPushed(db, runId))) {
      await appendRunOutbox(db, runId, 'run.delete', undefined, now);
    }
    return { deleted: true, run_id: runId };
  });
}

/** Queues an `expiry.run` job and returns the run id it will have. */
export async function enqueueExpiryRun(
  db: AppDatabase,
  triggeredBy: ExpiryRunPayload['triggered_by'],
  now: number,
): Promise<string> {
  const payload: ExpiryRunPayload = { triggered_by: triggeredBy, run_id: crypto.randomUUID() };
  await enqueueJob(db, { kind: EXPIRY_RUN_JOB, subject: payload.run_id, payload }, now);
  return payload.run_id;
}

/** "Run now": the coordinator's manual run. */
export function requestRunNow(db: AppDatabase, now: number): Promise<string> {
  return enqueueExpiryRun(db, 'admin_manual', now);
}
