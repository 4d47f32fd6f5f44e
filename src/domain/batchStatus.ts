import type { BatchStatus, ItemStatus } from '../contract';

/** How many items of a batch are in each state. */
export interface BatchItemCounts {
  pending: number;
  processing: number;
  success: number;
  failed: number;
  cancelled: number;
}

export const NO_ITEMS: BatchItemCounts = { pending: 0, processing: 0, success: 0, failed: 0, cancelled: 0 };

export function countItems(statuses: Iterable<ItemStatus>): BatchItemCounts {
  const counts = { ...NO_ITEMS };
  for (const status of statuses) counts[status] += 1;
  return counts;
}

export function openItems(counts: BatchItemCounts): number {
  return counts.pending + counts.processing;
}

/**
 * Whether a batch was cancelled. Cancelling stops its pending items, but a batch cancelled after
 * it finished had none left, so there its status is the only trace (as the server's is).
 */
export function isBatchCancelled(batch: { status: BatchStatus; cancelled_items: number }): boolean {
  return batch.status === 'cancelled' || batch.cancelled_items > 0;
}

/**
 * The batch status the contract derives from its items: cancelled once the batch was cancelled
 * (`cancelled`) or anything in it was (its outcomes stay); otherwise processing while any item
 * is open, then completed (no failure), failed (no success) or partial.
 */
export function deriveBatchStatus(counts: BatchItemCounts, cancelled = false): BatchStatus {
  if (cancelled || counts.cancelled > 0) return 'cancelled';
  if (openItems(counts) > 0) return 'processing';
  if (counts.failed === 0) return 'completed';
  if (counts.success === 0) return 'failed';
  return 'partial';
}

/** `completed_at`: set the moment nothing is open, kept while nothing reopens, cleared by a retry. */
export function deriveCompletedAt(
  counts: BatchItemCounts,
  previous: string | null,
  now: string,
): string | null {
  if (openItems(counts) > 0) return null;
  return previous ?? now;
}

/** The counters a batch record stores (`completed` counts successes, as on the wire). */
export interface BatchCounters {
  total_items: number;
  completed: number;
  failed: number;
  cancelled_items: number;
}

export function countersOf(counts: BatchItemCounts): BatchCounters {
  return {
    total_items: counts.pending + counts.processing + counts.success + counts.failed + counts.cancelled,
    completed: counts.success,
    failed: counts.failed,
    cancelled_items: counts.cancelled,
  };
}

/** Back from stored counters; open items are whatever is neither final nor failed. */
export function countsOf(counters: BatchCounters): BatchItemCounts {
  return {
    pending: counters.total_items - counters.completed - counters.failed - counters.cancelled_items,
    processing: 0,
    success: counters.completed,
    failed: counters.failed,
    cancelled: counters.cancelled_items,
  };
}

/** Counters, status and completed_at of a batch whose items now count `counts`. */
export function batchStateFor(
  counts: BatchItemCounts,
  previousCompletedAt: string | null,
  now: string,
  cancelled = false,
) {
  return {
    ...countersOf(counts),
    status: deriveBatchStatus(counts, cancelled),
    completed_at: deriveCompletedAt(counts, previousCompletedAt, now),
  };
}
