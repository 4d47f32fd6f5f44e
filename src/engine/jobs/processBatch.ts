import { PROCESS_BATCH_JOB } from '../../batches/jobs';
import {
  ActivityLedger,
  type AppDatabase,
  type ItemPageRecord,
  type ItemRecord,
  pageOfSeq,
  readPagesAfter,
} from '../../db';
import { activityKeyText, decideOutcomes } from '../../domain/batchDuplicates';
import { transitionItem } from '../../domain/batchItemStatus';
import { batchStateFor, countsOf, isBatchCancelled, openItems } from '../../domain/batchStatus';
import type { JobHandler } from '../api';
import { holdsLease } from '../queue';

export { PROCESS_BATCH_JOB };

/** Items per transaction: large enough to amortise a transaction, small enough to show progress. */
export const DEFAULT_CHUNK_SIZE = 5_000;

/** A provisional id for a locally registered activity; the server's (`pa-011`) replaces it. */
export function localActivityId(batch: string, seq: number): string {
  return `local-pa-${batch}-${seq}`;
}

type ChunkResult =
  | { kind: 'lease-lost' }
  /** nothing pending after the cursor, but earlier items may have been retried meanwhile */
  | { kind: 'rewind' }
  | { kind: 'progress' | 'finished'; done: number; total: number; lastSeq: number };

/**
 * Handler for `batch.process`: registers a batch's pending items locally, in submitted order,
 * one chunk per transaction. A chunk reads the pending items, applies the duplicate rule against
 * the registered activities and the earlier items, stores the outcomes, the activities and the batch's
 * counters and status, all atomically and only while this runner still holds the job's lease.
 * So a crash loses at most an uncommitted chunk, a resumed job skips every item already final,
 * and no item is processed twice. Cancelled items are never pending, so never processed.
 */
export function createProcessBatchHandler(options: { chunkSize?: number } = {}): JobHandler {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  return async ({ db, host, job, signal, progress }) => {
    const batch = job.subject;
    if (!batch) throw new Error('This processing job does not say which batch to process');
    const owner = job.lease_owner ?? '';
    // Reading pending items from just after the last chunk skips the pages earlier chunks
    // finished, which would otherwise be read again each time.
    let afterSeq = 0;
    for (;;) {
      if (signal.aborted) return;
      const result = await processChunk(db, batch, job.id, owner, { afterSeq, chunkSize }, host.now());
      // progress() renews the lease, or throws when it was lost (and the new holder carries on)
      if (result.kind === 'lease-lost') return progress(job.progress_done, job.progress_total);
      if (result.kind === 'rewind') {
        afterSeq = 0;
        continue;
      }
      afterSeq = result.lastSeq;
      await progress(result.done, result.total);
      if (result.kind === 'finished') return;
    }
  };
}

export const processBatch: JobHandler = createProcessBatchHandler();

function processChunk(
  db: AppDatabase,
  batchId: string,
  jobId: string,
  owner: string,
  { afterSeq, chunkSize }: { afterSeq: number; chunkSize: number },
  now: number,
): Promise<ChunkResult> {
  return db.transaction(
    'rw',
    [db.batches, db.itemPages, db.mentorActivities, db.jobs],
    async (): Promise<ChunkResult> => {
      if (!(await holdsLease(db, jobId, owner))) return { kind: 'lease-lost' };
      const batch = await db.batches.get(batchId);
      // deleted meanwhile: nothing left to do
      if (!batch) return { kind: 'finished', done: 0, total: 0, lastSeq: 0 };

      const { pages, pending } = await nextPending(db, batchId, afterSeq, chunkSize);
      const counts = countsOf(batch);
      if (pending.length === 0) {
        if (afterSeq > 0) return { kind: 'rewind' };
        return {
          kind: 'finished',
          done: batch.total_items - openItems(counts),
          total: batch.total_items,
          lastSeq: 0,
        };
      }

      const ledger = await ActivityLedger.load(
        db,
        pending.map(({ item }) => item.mentor_id),
      );
      const registered = new Set<string>();
      for (const { item } of pending) if (ledger.get(item)) registered.add(activityKeyText(item));
      const outcomes = decideOutcomes(
        pending.map(({ item }) => item),
        registered,
      );

      let successes = 0;
      for (let i = 0; i < pending.length; i++) {
        const { item, page, index } = pending[i] as PendingItem;
        const outcome = outcomes[i] as (typeof outcomes)[number];
        transitionItem(transitionItem(item.status, 'processing'), outcome.status);
        if (outcome.status === 'success') {
          successes += 1;
          const activity_id = localActivityId(batchId, item.seq);
          page.items[index] = { ...item, status: 'success', activity_id };
          ledger.set(item, {
            activity_id,
            duration_minutes: item.duration_minutes,
            batch: batchId,
            seq: item.seq,
            confirmed: false,
          });
        } else {
          page.items[index] = { ...item, status: 'failed', error: outcome.error };
        }
      }
      await db.itemPages.bulkPut(pages);
      await ledger.save();

      const after = {
        ...counts,
        pending: counts.pending - pending.length,
        success: counts.success + successes,
        failed: counts.failed + pending.length - successes,
      };
      const at = new Date(now).toISOString();
      await db.batches.update(batchId, {
        ...batchStateFor(after, batch.completed_at, at, isBatchCancelled(batch)),
        updated_at: at,
      });
      const done = batch.total_items - openItems(after);
      return {
        kind: openItems(after) === 0 ? 'finished' : 'progress',
        done,
        total: batch.total_items,
        lastSeq: (pending[pending.length - 1] as PendingItem).item.seq,
      };
    },
  );
}

interface PendingItem {
  item: ItemRecord;
  /** the page holding it, changed in place, and its position there */
  page: ItemPageRecord;
  index: number;
}

/** Pages read per round trip while looking for pending items. */
const PAGES_PER_READ = 8;

/**
 * Up to `chunkSize` pending items after `afterSeq`, in seq order, with the pages that hold them
 * (copies, so the caller may change them and write them back).
 */
async function nextPending(
  db: AppDatabase,
  batchId: string,
  afterSeq: number,
  chunkSize: number,
): Promise<{ pages: ItemPageRecord[]; pending: PendingItem[] }> {
  const pages: ItemPageRecord[] = [];
  const pending: PendingItem[] = [];
  let afterPage = pageOfSeq(afterSeq + 1) - 1;
  for (;;) {
    const read = await readPagesAfter(db, batchId, afterPage, PAGES_PER_READ);
    for (const stored of read) {
      let page: ItemPageRecord | undefined;
      stored.items.forEach((item, index) => {
        if (pending.length < chunkSize && item.seq > afterSeq && item.status === 'pending') {
          // copied only when it holds work: most pages of a resumed batch are already final
          if (!page) pages.push((page = { ...stored, items: [...stored.items] }));
          pending.push({ item, page, index });
        }
      });
      if (pending.length >= chunkSize) return { pages, pending };
    }
    if (read.length < PAGES_PER_READ) return { pages, pending };
    afterPage = (read[read.length - 1] as ItemPageRecord).page;
  }
}
