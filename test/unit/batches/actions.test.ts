import { afterEach, describe, expect, it } from 'vitest';
import { BatchUpdate } from '../../../src/contract';
import type { AppDatabase } from '../../../src/db';
import {
  BatchActionError,
  PROCESS_BATCH_JOB,
  cancelBatch,
  cancelPendingItems,
  createBatches,
  deleteBatch,
  relabelBatch,
  resumeProcessing,
  retryFailedItems,
} from '../../../src/batches';
import { createProcessBatchHandler } from '../../../src/engine/jobs/processBatch';
import { TestHost, memoryDatabase } from '../engine/support';
import { item, itemsOf, processAllBatches } from './support';
import { allActivities } from '../../support/localRecords';

let db: AppDatabase;
let host: TestHost;
afterEach(() => db?.close());

/** A processed batch of 4: item-002 and item-004 fail as duplicates. */
async function partialBatch(): Promise<string> {
  db = memoryDatabase();
  host = new TestHost();
  const [id] = await createBatches(
    db,
    {
      coordinatorId: 'coord-119',
      label: 'March',
      items: [item('m-1'), item('m-1'), item('m-2'), item('m-2')],
    },
    host.now(),
  );
  await processAllBatches(db, host, createProcessBatchHandler());
  host.advance(60_000);
  return id!;
}

async function pendingBatch(size = 3): Promise<string> {
  db = memoryDatabase();
  host = new TestHost();
  const items = Array.from({ length: size }, (_, i) => item(`m-${i}`));
  const [id] = await createBatches(db, { coordinatorId: 'coord-119', label: 'March', items }, host.now());
  host.advance(60_000);
  return id!;
}

const lastOutbox = async () => (await db.outbox.orderBy('seq').last())!;
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'allowed',
    (error: unknown) =>
      error instanceof BatchActionError ? `${error.code}: ${error.message}` : String(error),
  );

describe('batch actions', () => {
  it('retry puts failed items back to pending, requeues processing and records batch.retry', async () => {
    const id = await partialBatch();
    const result = await retryFailedItems(db, id, host.now());

    expect(result).toEqual({
      retried_items: 2,
      status: 'processing',
      retry_started_at: '2026-03-26T10:01:00.000Z',
    });
    expect((await itemsOf(db, id)).map((i) => [i.status, i.error])).toEqual([
      ['success', undefined],
      ['pending', undefined],
      ['success', undefined],
      ['pending', undefined],
    ]);
    expect(await db.batches.get(id)).toMatchObject({
      status: 'processing',
      completed: 2,
      failed: 0,
      completed_at: null,
    });
    expect(await db.jobs.where('[kind+status]').equals([PROCESS_BATCH_JOB, 'queued']).count()).toBe(1);
    expect(await lastOutbox()).toMatchObject({ record: `batch:${id}`, op: 'batch.retry', method: 'POST' });
  });

  it('retry is refused with a reason when nothing failed, and changes nothing', async () => {
    const id = await pendingBatch();
    const before = await db.outbox.count();
    expect(await refusal(retryFailedItems(db, id, host.now()))).toBe(
      'conflict: There are no failed items to retry in this batch.',
    );
    expect(await db.outbox.count()).toBe(before);
  });

  it('cancel stops pending items, keeps outcomes and records batch.cancel', async () => {
    const id = await pendingBatch(3);
    const result = await cancelPendingItems(db, id, host.now());

    expect(result).toEqual({
      cancelled_items: 3,
      status: 'cancelled',
      cancelled_at: '2026-03-26T10:01:00.000Z',
    });
    expect(await db.batches.get(id)).toMatchObject({ status: 'cancelled', cancelled_items: 3 });
    expect((await db.batches.get(id))?.completed_at).toBe('2026-03-26T10:01:00.000Z');
    expect(await lastOutbox()).toMatchObject({ op: 'batch.cancel', method: 'POST' });
    // a cancelled batch cannot be retried, and has nothing left to cancel
    expect(await refusal(cancelPendingItems(db, id, host.now()))).toBe(
      'conflict: This batch is already cancelled and has no pending items left.',
    );
  });

  it('cancelling the batch with a reason records batch.update with status and reason', async () => {
    const id = await pendingBatch(2);
    const result = await cancelBatch(db, id, '  Incorrect mentor list uploaded ', host.now());

    expect(result).toMatchObject({
      status: 'cancelled',
      cancelled_items: 2,
      cancellation_reason: 'Incorrect mentor list uploaded',
    });
    expect(await db.batches.get(id)).toMatchObject({
      status: 'cancelled',
      cancellation_reason: 'Incorrect mentor list uploaded',
    });
    const entry = await lastOutbox();
    expect(entry).toMatchObject({ op: 'batch.update', method: 'PUT' });
    expect(BatchUpdate.parse(entry.body)).toEqual({
      status: 'cancelled',
      cancellation_reason: 'Incorrect mentor list uploaded',
    });
  });

  it('a finished batch can be cancelled after the fact: outcomes stay, the batch shows cancelled with its reason', async () => {
    const id = await partialBatch();
    const finishedAt = (await db.batches.get(id))!.completed_at;
    const itemsBefore = await itemsOf(db, id);
    const result = await cancelBatch(db, id, 'Incorrect mentor list uploaded', host.now());

    expect(result).toEqual({
      cancelled_items: 0,
      status: 'cancelled',
      cancellation_reason: 'Incorrect mentor list uploaded',
      updated_at: '2026-03-26T10:01:00.000Z',
    });
    expect(await db.batches.get(id)).toMatchObject({
      status: 'cancelled',
      cancellation_reason: 'Incorrect mentor list uploaded',
      completed: 2,
      failed: 2,
      cancelled_items: 0,
      completed_at: finishedAt,
    });
    expect(await itemsOf(db, id)).toEqual(itemsBefore);
    expect((await allActivities(db)).length).toBe(2);
    const entry = await lastOutbox();
    expect(entry).toMatchObject({ op: 'batch.update', method: 'PUT' });
    expect(BatchUpdate.parse(entry.body)).toEqual({
      status: 'cancelled',
      cancellation_reason: 'Incorrect mentor list uploaded',
    });

    // cancelled now, though no item is: a second cancel and a retry of its failures are refused
    const outboxBefore = await db.outbox.count();
    expect(await refusal(cancelBatch(db, id, 'Again', host.now()))).toBe(
      'conflict: This batch is already cancelled.',
    );
    expect(await refusal(retryFailedItems(db, id, host.now()))).toBe(
      'conflict: This batch was cancelled, so its failed items cannot be retried. Import them again as a new batch.',
    );
    expect(await db.outbox.count()).toBe(outboxBefore);
    expect(await db.batches.get(id)).toMatchObject({ cancellation_reason: 'Incorrect mentor list uploaded' });
  });

  it('a cancellation without a reason is refused and changes nothing', async () => {
    const id = await partialBatch();
    const before = await db.outbox.count();
    expect(await refusal(cancelBatch(db, id, '  ', host.now()))).toBe(
      'conflict: Say why the batch is cancelled; the reason is kept with the batch.',
    );
    expect(await db.batches.get(id)).toMatchObject({ status: 'partial' });
    expect(await db.outbox.count()).toBe(before);
  });

  it('re-label records batch.update with the label only', async () => {
    const id = await partialBatch();
    await relabelBatch(db, id, 'March, corrected', host.now());

    expect(await db.batches.get(id)).toMatchObject({ label: 'March, corrected', status: 'partial' });
    const entry = await lastOutbox();
    expect(entry).toMatchObject({ op: 'batch.update', method: 'PUT' });
    expect(BatchUpdate.parse(entry.body)).toEqual({ label: 'March, corrected' });
    expect(await refusal(relabelBatch(db, id, '  ', host.now()))).toBe('conflict: A label cannot be empty.');
  });

  it('delete is refused while items are pending', async () => {
    const id = await pendingBatch(3);
    expect(await refusal(deleteBatch(db, id, host.now()))).toBe(
      'conflict: This batch still has 3 items pending or being processed. Cancel them or wait until processing finishes, then delete the batch.',
    );
    expect(await db.batches.get(id)).toBeDefined();
  });

  it('delete removes the batch and its items but keeps registered activities', async () => {
    const id = await partialBatch();
    const result = await deleteBatch(db, id, host.now());

    expect(result).toEqual({ success: true, deleted_batch_id: id });
    expect(await db.batches.get(id)).toBeUndefined();
    expect(await itemsOf(db, id)).toEqual([]);
    expect((await allActivities(db)).length).toBe(2);
    expect(await lastOutbox()).toMatchObject({ record: `batch:${id}`, op: 'batch.delete', method: 'DELETE' });
  });

  it('every action on an unknown batch says it is not there', async () => {
    await pendingBatch();
    expect(await refusal(retryFailedItems(db, 'nope', host.now()))).toBe(
      'not_found: No batch nope on this computer; it may have been deleted.',
    );
  });

  it('each action gets its own idempotency key', async () => {
    const id = await partialBatch();
    await relabelBatch(db, id, 'a', host.now());
    await relabelBatch(db, id, 'b', host.now());
    await retryFailedItems(db, id, host.now());
    const keys = (await db.outbox.toArray()).map((e) => e.idempotency_key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('resuming processing', () => {
  it('queues the batch again after its job failed, and refuses when nothing is pending', async () => {
    const id = await pendingBatch(2);
    await db.jobs.toCollection().modify({ status: 'failed', error: 'storage full' });

    expect(await resumeProcessing(db, id, host.now())).toEqual({ pending_items: 2 });
    expect(await db.jobs.where('[kind+status]').equals([PROCESS_BATCH_JOB, 'queued']).count()).toBe(1);
    await processAllBatches(db, host, createProcessBatchHandler());
    expect(await refusal(resumeProcessing(db, id, host.now()))).toBe(
      'conflict: Nothing is waiting to be processed in this batch.',
    );
  });
});
