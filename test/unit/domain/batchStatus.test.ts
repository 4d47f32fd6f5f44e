import { describe, expect, it } from 'vitest';
import {
  type BatchItemCounts,
  NO_ITEMS,
  batchStateFor,
  countItems,
  countersOf,
  countsOf,
  deriveBatchStatus,
  deriveCompletedAt,
  isBatchCancelled,
} from '../../../src/domain/batchStatus';

const counts = (c: Partial<BatchItemCounts>): BatchItemCounts => ({ ...NO_ITEMS, ...c });

describe('batch status derived from item counts', () => {
  it.each([
    { items: { pending: 15 }, status: 'processing' },
    { items: { processing: 1, success: 14 }, status: 'processing' },
    { items: { pending: 1, success: 13, failed: 1 }, status: 'processing' },
    { items: { success: 15 }, status: 'completed' },
    { items: { success: 1 }, status: 'completed' },
    { items: { failed: 15 }, status: 'failed' },
    { items: { failed: 1 }, status: 'failed' },
    { items: { success: 13, failed: 2 }, status: 'partial' },
    { items: { success: 1, failed: 1 }, status: 'partial' },
    { items: { success: 5, cancelled: 10 }, status: 'cancelled' },
    { items: { cancelled: 1, processing: 2 }, status: 'cancelled' },
    { items: { cancelled: 1, failed: 2, success: 3 }, status: 'cancelled' },
    { items: { cancelled: 15 }, status: 'cancelled' },
  ] as const)('$items -> $status', ({ items, status }) => {
    expect(deriveBatchStatus(counts(items))).toBe(status);
  });

  it.each([
    { items: { success: 15 }, status: 'cancelled' },
    { items: { success: 13, failed: 2 }, status: 'cancelled' },
    { items: { failed: 15 }, status: 'cancelled' },
  ] as const)('$items of a batch cancelled once finished -> $status', ({ items, status }) => {
    expect(deriveBatchStatus(counts(items), true)).toBe(status);
  });

  it.each([
    { batch: { status: 'partial', cancelled_items: 0 }, cancelled: false },
    { batch: { status: 'cancelled', cancelled_items: 3 }, cancelled: true },
    // cancelled after it finished: no item was left to cancel
    { batch: { status: 'cancelled', cancelled_items: 0 }, cancelled: true },
  ] as const)('$batch is cancelled: $cancelled', ({ batch, cancelled }) => {
    expect(isBatchCancelled(batch)).toBe(cancelled);
  });
});

describe('completed_at', () => {
  const now = '2026-03-25T08:02:14.000Z';
  const earlier = '2026-03-25T08:01:00.000Z';
  it.each([
    { items: { pending: 1, success: 1 }, previous: null, expected: null },
    { items: { processing: 1 }, previous: earlier, expected: null },
    { items: { success: 2 }, previous: null, expected: now },
    { items: { success: 2 }, previous: earlier, expected: earlier },
    { items: { failed: 1, cancelled: 3 }, previous: null, expected: now },
  ])('$items with previous $previous -> $expected', ({ items, previous, expected }) => {
    expect(deriveCompletedAt(counts(items), previous, now)).toBe(expected);
  });
});

describe('counts and counters', () => {
  it('counts statuses', () => {
    expect(countItems(['pending', 'success', 'success', 'failed', 'cancelled', 'processing'])).toEqual({
      pending: 1,
      processing: 1,
      success: 2,
      failed: 1,
      cancelled: 1,
    });
  });

  it('stores successes as `completed`, as on the wire, and reads them back', () => {
    const c = counts({ pending: 3, success: 13, failed: 2, cancelled: 1 });
    const counters = countersOf(c);
    expect(counters).toEqual({ total_items: 19, completed: 13, failed: 2, cancelled_items: 1 });
    expect(countsOf(counters)).toEqual(c);
  });

  it('gives the whole batch state at once', () => {
    expect(batchStateFor(counts({ success: 13, failed: 2 }), null, '2026-03-25T08:02:14Z')).toEqual({
      total_items: 15,
      completed: 13,
      failed: 2,
      cancelled_items: 0,
      status: 'partial',
      completed_at: '2026-03-25T08:02:14Z',
    });
  });
});
