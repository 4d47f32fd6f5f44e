import type { BatchDetail, BatchSummary } from '../../contract';
import { POLL_BACKOFF, backoffDelay } from '../backoff';
import { hasUnsentChanges } from '../outboxState';
import { forEachDue } from '../pool';
import { allPolls, endPoll, isPolled, postponePoll, schedulePoll, type PollState } from '../pollSet';
import { onPullFailure, type PullOptions, type PullReport } from '../pullContext';
import { applyServerBatch, isFinalOnServer, removeLostBatch } from '../reconcile';
import { localIdOfServerId, recordKey, rememberServerId, serverIdOf } from '../recordIds';
import { syncTables } from '../recordKinds';

/**
 * How batches come back: the ones we changed are polled (GET detail, backoff between polls)
 * until final, then their outcomes replace the local provisional ones; the ones made or changed
 * elsewhere arrive through the feed.
 */

const batchKey = (id: string) => recordKey({ kind: 'batch', id });

/** With every slot's GET still waiting on the server, how soon a batch that fell due meanwhile is looked for. */
export const POLL_LOOK_AGAIN_MS = 50;

/**
 * Polls each batch that is due, or falls due while the step runs (a create answered meanwhile,
 * the push still sending), once per step, a few at a time. Each goes as soon as a slot is free:
 * on a server that answers one request at a time (PGlite) one batch's GET can wait seconds
 * behind the remaining POSTs, and the batches answered meanwhile are fetched back and stored
 * while it waits, instead of after it (and after the last POST).
 */
export async function pollDueBatches(options: PullOptions, report: PullReport): Promise<void> {
  const { db, now } = options;
  const taken = new Set<string>();
  const nextDue = async () => {
    const due = (await allPolls(db)).filter((poll) => poll.next_poll_at <= now() && !taken.has(poll.batch));
    const poll = due.sort((a, b) => a.next_poll_at - b.next_poll_at)[0];
    if (poll) taken.add(poll.batch);
    return poll;
  };
  await forEachDue(nextDue, options.concurrency ?? 4, (poll) => pollBatch(options, poll, report), {
    lookAgainMs: POLL_LOOK_AGAIN_MS,
    stop: () => report.authRefused || options.signal?.aborted === true,
  });
}

async function pollBatch(options: PullOptions, poll: PollState, report: PullReport): Promise<void> {
  const { db } = options;
  const serverId = await serverIdOf(db, { kind: 'batch', id: poll.batch });
  if (serverId === undefined) {
    // its create was discarded or never answered: nothing to poll
    if (!(await hasUnsentChanges(db, batchKey(poll.batch)))) await endPoll(db, poll.batch);
    return;
  }
  const result = await options.client.getBatch(serverId);
  if (result.ok) {
    if (isFinalOnServer(result.data)) await settleBatch(options, poll.batch, result.data, report);
    else await postpone(options, poll);
    return;
  }
  await onPullFailure(report, result.error, async () => {
    await db.transaction('rw', syncTables(db), async () => {
      await removeLostBatch(db, poll.batch);
      await endPoll(db, poll.batch);
    });
    report.lost += 1;
  });
  if (!report.authRefused && !(result.error.kind === 'http' && result.error.status === 404)) {
    await postpone(options, poll);
  }
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
  await db.transaction('rw', syncTables(db), async () => {
    await endPoll(db, localId);
    // its queued change goes first; the change's answer schedules the next poll
    if (await hasUnsentChanges(db, batchKey(localId))) return;
    await rememberServerId(db, { kind: 'batch', id: localId }, detail.batch_id);
    const { changed } = await applyServerBatch(db, localId, detail, new Date(now()).toISOString());
    report.applied += 1;
    report.changed += changed;
  });
}

/** One batch of the feed; false when the feed must stop (the cursor then stays where it was). */
export async function takeBatchSummary(
  options: PullOptions,
  summary: BatchSummary,
  report: PullReport,
): Promise<boolean> {
  const { db, client, now } = options;
  const local =
    (await db.batches.where('batch_id').equals(summary.batch_id).first()) ??
    (summary.client_batch_id ? await db.batches.get(summary.client_batch_id) : undefined);
  const localId =
    local?.id ?? summary.client_batch_id ?? (await localIdOfServerId(db, 'batch', summary.batch_id));
  if (localId !== undefined) {
    // pushed from here and not settled yet, or removed here with its delete still queued
    if (await hasUnsentChanges(db, batchKey(localId))) return true;
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
    await onPullFailure(report, detail.error, async () => undefined);
    return false;
  }
  const id = localId ?? crypto.randomUUID();
  await db.transaction('rw', syncTables(db), async () => {
    if (await hasUnsentChanges(db, batchKey(id))) return;
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
