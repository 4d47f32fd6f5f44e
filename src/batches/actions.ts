import { BatchRetry, type ItemCorrection, type ItemStatus } from '../contract';
import { type AppDatabase, type BatchRecord, batchTables, deleteBatchItems, updateBatchItems } from '../db';
import {
  type ActionCheck,
  checkCancelBatch,
  checkCancelPending,
  checkCancellationReason,
  checkDelete,
  checkRelabel,
  checkRetry,
} from '../domain/batchActions';
import { transitionItem } from '../domain/batchItemStatus';
import { type BatchItemCounts, batchStateFor, countsOf, isBatchCancelled } from '../domain/batchStatus';
import { ensureJobQueued } from '../engine/queue';
import { appendOutboxEntry, batchRecordKey } from '../sync/outbox';
import { BatchActionError, batchNotFound } from './errors';
import { PROCESS_BATCH_JOB } from './jobs';

/**
 * The coordinator's actions on a batch. Each checks the contract's rule, changes the batch and
 * its items, and appends the outbox entry (the contract call it becomes) in ONE transaction.
 * A refused action throws a `BatchActionError` whose message says why.
 */

/**
 * Puts every failed item back to pending. `corrections` first change failed items (their
 * mentor, activity type or date: a duplicate moved to the right day), here and, through the
 * retry's body, on the server too.
 */
export async function retryFailedItems(
  db: AppDatabase,
  id: string,
  now: number,
  corrections: readonly ItemCorrection[] = [],
) {
  const parsed = BatchRetry.safeParse({ corrections });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BatchActionError('invalid', `${String(issue?.path.at(-1) ?? 'correction')}: ${issue?.message}`);
  }
  // only the fields a correction names: an absent one keeps the item's own
  const given = (parsed.data.corrections ?? []).map(
    (c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as ItemCorrection,
  );
  const byItem = new Map(given.map((c) => [c.item_id, c]));
  return inBatchTransaction(db, id, async (batch, counts) => {
    ensureAllowed(checkRetry(counts, isBatchCancelled(batch)));
    let corrected = 0;
    const retried = await updateBatchItems(db, id, (item) => {
      if (item.status !== 'failed') return undefined;
      const { error: _error, ...rest } = item;
      const correction = byItem.get(item.item_id);
      if (correction) corrected += 1;
      const { item_id: _id, ...fields } = correction ?? { item_id: item.item_id };
      return { ...rest, ...fields, status: transitionItem(item.status, 'pending') };
    });
    if (corrected < byItem.size) {
      throw new BatchActionError('conflict', 'Only a failed item can be corrected and retried.');
    }
    const at = iso(now);
    await saveCounts(
      db,
      batch,
      { ...counts, failed: counts.failed - retried, pending: counts.pending + retried },
      at,
    );
    await ensureJobQueued(db, { kind: PROCESS_BATCH_JOB, subject: id }, now);
    await appendOutboxEntry(
      db,
      {
        record: batchRecordKey(id),
        op: 'batch.retry',
        method: 'POST',
        ...(given.length > 0 ? { body: { corrections: given } satisfies BatchRetry } : {}),
      },
      now,
    );
    return { retried_items: retried, status: 'processing' as const, retry_started_at: at };
  });
}

export async function cancelPendingItems(db: AppDatabase, id: string, now: number) {
  return inBatchTransaction(db, id, async (batch, counts) => {
    ensureAllowed(checkCancelPending(counts, isBatchCancelled(batch)));
    const cancelled = await cancelPending(db, batch, counts, now);
    await appendOutboxEntry(db, { record: batchRecordKey(id), op: 'batch.cancel', method: 'POST' }, now);
    return { cancelled_items: cancelled, status: 'cancelled' as const, cancelled_at: iso(now) };
  });
}

/**
 * Cancels the batch: its pending items are cancelled, the reason is kept and the batch shows as
 * cancelled. A finished batch has nothing pending: its items keep their outcomes.
 */
export async function cancelBatch(db: AppDatabase, id: string, reason: string, now: number) {
  return inBatchTransaction(db, id, async (batch, counts) => {
    ensureAllowed(checkCancelBatch(isBatchCancelled(batch)));
    ensureAllowed(checkCancellationReason(reason));
    const cancellation_reason = reason.trim();
    const cancelled = await cancelPending(db, batch, counts, now, { cancellation_reason });
    await appendOutboxEntry(
      db,
      {
        record: batchRecordKey(id),
        op: 'batch.update',
        method: 'PUT',
        body: { status: 'cancelled', cancellation_reason },
      },
      now,
    );
    return {
      cancelled_items: cancelled,
      status: 'cancelled' as const,
      cancellation_reason,
      updated_at: iso(now),
    };
  });
}

export async function relabelBatch(db: AppDatabase, id: string, label: string, now: number) {
  return inBatchTransaction(db, id, async (batch) => {
    ensureAllowed(checkRelabel(label));
    const trimmed = label.trim();
    await db.batches.update(id, { label: trimmed, updated_at: iso(now) });
    await appendOutboxEntry(
      db,
      { record: batchRecordKey(id), op: 'batch.update', method: 'PUT', body: { label: trimmed } },
      now,
    );
    return { status: batch.status, label: trimmed, updated_at: iso(now) };
  });
}

/** Deletes the batch record and its items; the activities its items registered stay. */
export async function deleteBatch(db: AppDatabase, id: string, now: number) {
  return inBatchTransaction(db, id, async (_batch, counts) => {
    ensureAllowed(checkDelete(counts));
    await deleteBatchItems(db, id);
    await db.jobs
      .where('[kind+status]')
      .anyOf([
        [PROCESS_BATCH_JOB, 'queued'],
        [PROCESS_BATCH_JOB, 'done'],
        [PROCESS_BATCH_JOB, 'failed'],
      ])
      .filter((job) => job.subject === id)
      .delete();
    await db.batches.delete(id);
    await appendOutboxEntry(db, { record: batchRecordKey(id), op: 'batch.delete', method: 'DELETE' }, now);
    return { success: true as const, deleted_batch_id: id };
  });
}

/**
 * Queues processing again for a batch whose job stopped on an error (storage full, say) while
 * items were still pending. Local only: the server processes its copy on its own.
 */
export async function resumeProcessing(db: AppDatabase, id: string, now: number) {
  return inBatchTransaction(db, id, async (_batch, counts) => {
    if (counts.pending === 0) {
      throw new BatchActionError('conflict', 'Nothing is waiting to be processed in this batch.');
    }
    await ensureJobQueued(db, { kind: PROCESS_BATCH_JOB, subject: id }, now);
    return { pending_items: counts.pending };
  });
}

function inBatchTransaction<T>(
  db: AppDatabase,
  id: string,
  action: (batch: BatchRecord, counts: BatchItemCounts) => Promise<T>,
): Promise<T> {
  return db.transaction('rw', batchTables(db), async () => {
    const batch = await db.batches.get(id);
    if (!batch) throw batchNotFound(id);
    return action(batch, countsOf(batch));
  });
}

function ensureAllowed(check: ActionCheck): void {
  if (!check.ok) throw new BatchActionError('conflict', check.reason);
}

async function cancelPending(
  db: AppDatabase,
  batch: BatchRecord,
  counts: BatchItemCounts,
  now: number,
  extra: Partial<BatchRecord> = {},
): Promise<number> {
  const cancelled = await setItemStatus(db, batch.id, 'pending', 'cancelled');
  const next = { ...counts, pending: counts.pending - cancelled, cancelled: counts.cancelled + cancelled };
  await saveCounts(db, batch, next, iso(now), extra, true);
  return cancelled;
}

/** Moves every item of the batch in status `from` to `to`; returns how many moved. */
function setItemStatus(db: AppDatabase, batch: string, from: ItemStatus, to: ItemStatus): Promise<number> {
  return updateBatchItems(db, batch, (item) => {
    if (item.status !== from) return undefined;
    const { error: _error, ...rest } = item;
    return { ...rest, status: transitionItem(item.status, to) };
  });
}

async function saveCounts(
  db: AppDatabase,
  batch: BatchRecord,
  counts: BatchItemCounts,
  at: string,
  extra: Partial<BatchRecord> = {},
  cancelled = isBatchCancelled(batch),
): Promise<void> {
  await db.batches.update(batch.id, {
    ...batchStateFor(counts, batch.completed_at, at, cancelled),
    updated_at: at,
    ...extra,
  });
}

const iso = (now: number) => new Date(now).toISOString();
