import type { BatchDetail, BatchSummary, RunDetail, RunSummary } from '../contract';
import type { AppDatabase } from '../db';
import { POLL_BACKOFF, backoffDelay, type RandomSource } from './backoff';
import { classifyOutcome } from './classify';
import { outcomeOf, type ApiClient, type ApiFailure, type ApiResult } from './client';
import { hasUnsentChanges } from './outboxState';
import { forEachBounded } from './pool';
import { allPolls, endPoll, isPolled, postponePoll, schedulePoll, type PollState } from './pollSet';
import { applyServerBatch, isFinalOnServer, reconcileTables, removeLostBatch } from './reconcile';
import { applyServerRun, needsRunDetail } from './reconcileRun';
import { rememberServerId, serverIdOf } from './recordIds';

/**
 * Brings the server's state back:
 * - batches we changed are polled (GET detail, backoff between polls) until final, then their
 *   outcomes replace the local provisional ones (`applyServerBatch`);
 * - batches and runs created or changed elsewhere for this coordinator arrive through the
 *   `updated_since` feed, from a cursor kept in `settings`.
 *
 * A record with changes the server has not accepted yet is never overwritten: its pending
 * entries go first, and every accepted change schedules a fresh poll.
 *
 * A record the server deleted: the app stops showing it. The feed has no tombstones, so a
 * deletion is learnt from a poll answering 404, or from a sweep (`sweep: true`, on start and
 * "Sync now") that lists the server's ids and drops local synced records missing from it. The
 * local batch, its items, its unconfirmed activities and any entries still queued for it are
 * removed; activities the server confirmed stay, as the contract keeps them when a batch is
 * deleted. A run deleted on the server is removed locally the same way.
 */

export const FEED_PAGE_LIMIT = 100;
export const BATCH_CURSOR_KEY = 'sync.cursor.batches';
export const RUN_CURSOR_KEY = 'sync.cursor.runs';
/** The feed's first cursor: before anything, so every record comes, in `updated_at` order. */
export const FEED_START = '1970-01-01T00:00:00Z';

export interface PullOptions {
  db: AppDatabase;
  client: ApiClient;
  now: () => number;
  random: RandomSource;
  timeZone: string;
  concurrency?: number;
  signal?: AbortSignal;
  /** also look for records the server deleted (a full listing: on start and on "Sync now") */
  sweep?: boolean;
}

export interface PullReport {
  /** batches whose final server state was written locally */
  applied: number;
  /** items whose outcome the server decided differently than the local provisional one */
  changed: number;
  /** batches or runs that arrived or changed through the feed */
  fed: number;
  /** local batches removed because the server no longer has them */
  lost: number;
  authRefused: boolean;
  lastError?: string;
}

export async function pullOutcomes(options: PullOptions): Promise<PullReport> {
  const report: PullReport = { applied: 0, changed: 0, fed: 0, lost: 0, authRefused: false };
  await pollDueBatches(options, report);
  if (!report.authRefused && !options.signal?.aborted) await followBatchFeed(options, report);
  if (!report.authRefused && !options.signal?.aborted) await followRunFeed(options, report);
  if (options.sweep && !report.authRefused && !report.lastError && !options.signal?.aborted) {
    await sweepDeleted(options, report);
  }
  return report;
}

/** Every id the server lists at `list`, or undefined when a page failed. */
async function listAllIds(
  options: PullOptions,
  report: PullReport,
  list: (
    page: number,
  ) => Promise<ApiResult<{ data: unknown[]; pagination: { total: number; limit: number } }>>,
  idOf: (row: unknown) => string,
): Promise<Set<string> | undefined> {
  const ids = new Set<string>();
  for (let page = 1; ; page++) {
    const result = await list(page);
    if (!result.ok) {
      await onPullFailure(options, report, result.error, async () => undefined);
      return undefined;
    }
    for (const row of result.data.data) ids.add(idOf(row));
    if (
      result.data.data.length < FEED_PAGE_LIMIT ||
      page * result.data.pagination.limit >= result.data.pagination.total
    ) {
      return ids;
    }
  }
}

async function sweepDeleted(options: PullOptions, report: PullReport): Promise<void> {
  const { db, client } = options;
  const batchIds = await listAllIds(
    options,
    report,
    (page) => client.listBatches({ page, limit: FEED_PAGE_LIMIT }),
    (row) => (row as BatchSummary).batch_id,
  );
  if (batchIds) {
    const gone = await db.batches
      .filter((b) => b.sync_state === 'synced' && b.batch_id !== undefined && !batchIds.has(b.batch_id))
      .toArray();
    for (const batch of gone) {
      await db.transaction('rw', reconcileTables(db), async () => {
        if (await hasUnsentChanges(db, `batch:${batch.id}`)) return;
        await removeLostBatch(db, batch.id);
        await endPoll(db, batch.id);
      });
      report.lost += 1;
    }
  }
  const runIds = await listAllIds(
    options,
    report,
    (page) => client.listRuns({ page, limit: FEED_PAGE_LIMIT }),
    (row) => (row as RunSummary).run_id,
  );
  if (runIds) {
    const gone = await db.expiryRuns
      .filter((r) => r.sync_state === 'synced' && !runIds.has(r.run_id))
      .toArray();
    for (const run of gone) {
      await db.transaction('rw', reconcileTables(db), async () => {
        if (await hasUnsentChanges(db, `run:${run.run_id}`)) return;
        await db.expiryRuns.delete(run.run_id);
      });
      report.lost += 1;
    }
  }
}

async function pollDueBatches(options: PullOptions, report: PullReport): Promise<void> {
  const { db, now } = options;
  const due = (await allPolls(db)).filter((poll) => poll.next_poll_at <= now());
  await forEachBounded(due, options.concurrency ?? 4, async (poll) => {
    if (report.authRefused || options.signal?.aborted) return;
    const serverId = await serverIdOf(db, { kind: 'batch', id: poll.batch });
    if (serverId === undefined) {
      // its create was discarded or never answered: nothing to poll
      if (!(await hasUnsentChanges(db, `batch:${poll.batch}`))) await endPoll(db, poll.batch);
      return;
    }
    const result = await options.client.getBatch(serverId);
    if (result.ok) {
      if (isFinalOnServer(result.data)) await settleBatch(options, poll.batch, result.data, report);
      else await postpone(options, poll);
      return;
    }
    await onPullFailure(options, report, result.error, async () => {
      await db.transaction('rw', reconcileTables(db), async () => {
        await removeLostBatch(db, poll.batch);
        await endPoll(db, poll.batch);
      });
      report.lost += 1;
    });
    if (!report.authRefused && !(result.error.kind === 'http' && result.error.status === 404)) {
      await postpone(options, poll);
    }
  });
}

function postpone(options: PullOptions, poll: PollState): Promise<void> {
  const at = options.now() + backoffDelay(poll.attempts + 1, POLL_BACKOFF, options.random);
  return postponePoll(options.db, poll, at);
}

/** Reads a polled batch the feed shows as done; any failure leaves it to its poll. */
async function settleIfFinal(
  options: PullOptions,
  localId: string,
  serverId: string,
  report: PullReport,
): Promise<void> {
  const detail = await options.client.getBatch(serverId);
  if (detail.ok && isFinalOnServer(detail.data)) await settleBatch(options, localId, detail.data, report);
}

/** Writes a final server batch locally, unless the coordinator changed it meanwhile. */
async function settleBatch(options: PullOptions, localId: string, detail: BatchDetail, report: PullReport) {
  const { db, now } = options;
  await db.transaction('rw', reconcileTables(db), async () => {
    await endPoll(db, localId);
    // its queued change goes first; the change's answer schedules the next poll
    if (await hasUnsentChanges(db, `batch:${localId}`)) return;
    await rememberServerId(db, { kind: 'batch', id: localId }, detail.batch_id);
    const { changed } = await applyServerBatch(db, localId, detail, new Date(now()).toISOString());
    report.applied += 1;
    report.changed += changed;
  });
}

async function onPullFailure(
  options: PullOptions,
  report: PullReport,
  error: ApiFailure,
  onNotFound: () => Promise<void>,
): Promise<void> {
  if (error.kind === 'http' && error.status === 404) return onNotFound();
  const verdict = classifyOutcome(outcomeOf({ ok: false, error }));
  if (verdict === 'auth') report.authRefused = true;
  else if (error.kind !== 'aborted') report.lastError = describe(error);
}

async function followBatchFeed(options: PullOptions, report: PullReport): Promise<void> {
  const { db, client } = options;
  const cursor = await readCursor(db, BATCH_CURSOR_KEY);
  let newest = cursor;
  for (let page = 1; ; page++) {
    if (options.signal?.aborted) return;
    const result = await client.listBatches({ updated_since: cursor, page, limit: FEED_PAGE_LIMIT });
    if (!result.ok) return onPullFailure(options, report, result.error, async () => undefined);
    for (const summary of result.data.data) {
      const ok = await takeBatchSummary(options, summary, report);
      if (!ok) return;
      if (summary.updated_at !== undefined && summary.updated_at > newest) newest = summary.updated_at;
    }
    const { data, pagination } = result.data;
    if (data.length < FEED_PAGE_LIMIT || page * pagination.limit >= pagination.total) break;
  }
  // the cursor moves only after a full pass: a record seen twice is harmless, one skipped is not
  await db.settings.put({ key: BATCH_CURSOR_KEY, value: newest });
}

/** False when the feed must stop (auth refused, aborted); the cursor then stays where it was. */
async function takeBatchSummary(
  options: PullOptions,
  summary: BatchSummary,
  report: PullReport,
): Promise<boolean> {
  const { db, client, now } = options;
  const local =
    (await db.batches.where('batch_id').equals(summary.batch_id).first()) ??
    (summary.client_batch_id ? await db.batches.get(summary.client_batch_id) : undefined);
  const localId = local?.id ?? summary.client_batch_id ?? (await localIdByServerId(db, summary.batch_id));
  if (localId !== undefined) {
    // pushed from here and not settled yet, or removed here with its delete still queued
    if (await hasUnsentChanges(db, `batch:${localId}`)) return true;
    if (await isPolled(db, localId)) {
      // the list says it is done: settle it now instead of at its poll's next (backed-off) turn
      if (summary.status !== 'processing') await settleIfFinal(options, localId, summary.batch_id, report);
      return true;
    }
  }
  if (local && local.batch_id === summary.batch_id && sameAsLocal(local, summary)) return true;

  const detail = await client.getBatch(summary.batch_id);
  if (!detail.ok) {
    if (detail.error.kind === 'http' && detail.error.status === 404) return true;
    await onPullFailure(options, report, detail.error, async () => undefined);
    return false;
  }
  const id = localId ?? crypto.randomUUID();
  await db.transaction('rw', reconcileTables(db), async () => {
    if (await hasUnsentChanges(db, `batch:${id}`)) return;
    await rememberServerId(db, { kind: 'batch', id }, detail.data.batch_id);
    const { changed } = await applyServerBatch(db, id, detail.data, new Date(now()).toISOString());
    report.changed += changed;
    if (!isFinalOnServer(detail.data)) await schedulePoll(db, id, now());
  });
  report.fed += 1;
  return true;
}

function sameAsLocal(
  local: { status: string; completed: number; failed: number; updated_at: string; label: string },
  summary: BatchSummary,
): boolean {
  if (summary.updated_at !== undefined) return summary.updated_at === local.updated_at;
  return (
    summary.status === local.status &&
    summary.completed === local.completed &&
    summary.failed === local.failed &&
    (summary.label ?? local.label) === local.label
  );
}

/** A batch whose local row was removed still has its id mapping while its delete is queued. */
async function localIdByServerId(db: AppDatabase, serverId: string): Promise<string | undefined> {
  const row = await db.settings
    .where('key')
    .startsWith('sync.id:batch:')
    .filter((r) => r.value === serverId)
    .first();
  return row?.key.slice('sync.id:batch:'.length);
}

async function followRunFeed(options: PullOptions, report: PullReport): Promise<void> {
  const { db, client } = options;
  const cursor = await readCursor(db, RUN_CURSOR_KEY);
  let newest = cursor;
  for (let page = 1; ; page++) {
    if (options.signal?.aborted) return;
    const result = await client.listRuns({ updated_since: cursor, page, limit: FEED_PAGE_LIMIT });
    if (!result.ok) return onPullFailure(options, report, result.error, async () => undefined);
    for (const run of result.data.data) {
      if (!(await takeRun(options, run, report))) return;
      if (run.updated_at !== undefined && run.updated_at > newest) newest = run.updated_at;
    }
    const { data, pagination } = result.data;
    if (data.length < FEED_PAGE_LIMIT || page * pagination.limit >= pagination.total) break;
  }
  await db.settings.put({ key: RUN_CURSOR_KEY, value: newest });
}

/** False when the feed must stop (auth refused, a failure); the cursor then stays where it was. */
async function takeRun(options: PullOptions, run: RunSummary, report: PullReport): Promise<boolean> {
  const { db, client, now, timeZone } = options;
  if (await hasUnsentChanges(db, `run:${run.run_id}`)) return true;
  const local = await db.expiryRuns.get(run.run_id);
  if (local && run.updated_at !== undefined && local.updated_at === run.updated_at) return true;
  let full: RunSummary | RunDetail = run;
  if (needsRunDetail(run)) {
    // the summary does not list what the run dispatched, and the log needs it (never sent again)
    const detail = await client.getRun(run.run_id);
    if (!detail.ok) {
      if (detail.error.kind === 'http' && detail.error.status === 404) return true;
      await onPullFailure(options, report, detail.error, async () => undefined);
      return false;
    }
    full = detail.data;
  }
  await db.transaction('rw', reconcileTables(db), async () => {
    if (await hasUnsentChanges(db, `run:${run.run_id}`)) return;
    const current = await db.expiryRuns.get(run.run_id);
    if (current && run.updated_at !== undefined && current.updated_at === run.updated_at) return;
    await rememberServerId(db, { kind: 'run', id: run.run_id }, run.run_id);
    await applyServerRun(db, full, timeZone, new Date(now()).toISOString());
    report.fed += 1;
  });
  return true;
}

async function readCursor(db: AppDatabase, key: string): Promise<string> {
  const row = await db.settings.get(key);
  return typeof row?.value === 'string' ? row.value : FEED_START;
}

function describe(error: ApiFailure): string {
  if (error.kind === 'http') return `The server answered ${error.status}: ${error.message}`;
  return error.message;
}
