import { describe, expect, it } from 'vitest';
import {
  checkCancelBatch,
  checkCancelPending,
  checkCancellationReason,
  checkDelete,
  checkRelabel,
  checkRetry,
} from '../../../src/domain/batchActions';
import { type BatchItemCounts, NO_ITEMS } from '../../../src/domain/batchStatus';

const counts = (c: Partial<BatchItemCounts>): BatchItemCounts => ({ ...NO_ITEMS, ...c });
const reasonOf = (check: { ok: boolean; reason?: string }) => (check.ok ? 'allowed' : check.reason);

describe('batch action rules', () => {
  it.each([
    { items: { success: 13, failed: 2 }, expected: 'allowed' },
    { items: { failed: 1 }, expected: 'allowed' },
    { items: { pending: 3, failed: 1 }, expected: 'allowed' },
    { items: { success: 15 }, expected: 'There are no failed items to retry in this batch.' },
    { items: { pending: 15 }, expected: 'There are no failed items to retry in this batch.' },
    {
      items: { failed: 2, cancelled: 1 },
      cancelled: true,
      expected:
        'This batch was cancelled, so its failed items cannot be retried. Import them again as a new batch.',
    },
    {
      // cancelled after it finished: nothing was left to cancel, the batch still is cancelled
      items: { success: 13, failed: 2 },
      cancelled: true,
      expected:
        'This batch was cancelled, so its failed items cannot be retried. Import them again as a new batch.',
    },
  ])('retry with $items (cancelled: $cancelled): $expected', ({ items, cancelled = false, expected }) => {
    expect(reasonOf(checkRetry(counts(items), cancelled))).toBe(expected);
  });

  it.each([
    { items: { pending: 1 }, expected: 'allowed' },
    { items: { pending: 3, success: 2, cancelled: 1 }, cancelled: true, expected: 'allowed' },
    {
      items: { success: 2, failed: 1 },
      expected: 'There are no pending items left to cancel: every item has already been processed.',
    },
    {
      items: { success: 2, cancelled: 4 },
      cancelled: true,
      expected: 'This batch is already cancelled and has no pending items left.',
    },
    {
      items: { success: 2, failed: 1 },
      cancelled: true,
      expected: 'This batch is already cancelled and has no pending items left.',
    },
  ])(
    'cancel pending with $items (cancelled: $cancelled): $expected',
    ({ items, cancelled = false, expected }) => {
      expect(reasonOf(checkCancelPending(counts(items), cancelled))).toBe(expected);
    },
  );

  // the contract: cancelling is allowed on any batch not yet cancelled, finished ones included
  it.each([
    { state: 'processing', cancelled: false, expected: 'allowed' },
    { state: 'completed', cancelled: false, expected: 'allowed' },
    { state: 'partial', cancelled: false, expected: 'allowed' },
    { state: 'failed', cancelled: false, expected: 'allowed' },
    { state: 'cancelled while processing', cancelled: true, expected: 'This batch is already cancelled.' },
    { state: 'cancelled once finished', cancelled: true, expected: 'This batch is already cancelled.' },
  ])('cancel a $state batch: $expected', ({ cancelled, expected }) => {
    expect(reasonOf(checkCancelBatch(cancelled))).toBe(expected);
  });

  it.each([
    { reason: 'Incorrect mentor list uploaded', expected: 'allowed' },
    { reason: '   ', expected: 'Say why the batch is cancelled; the reason is kept with the batch.' },
    { reason: 'x'.repeat(500), expected: 'allowed' },
    { reason: 'x'.repeat(501), expected: 'The cancellation reason is at most 500 characters.' },
  ])('cancellation reason of length $reason.length: $expected', ({ reason, expected }) => {
    expect(reasonOf(checkCancellationReason(reason))).toBe(expected);
  });

  it.each([
    { label: 'March sessions', expected: 'allowed' },
    { label: '', expected: 'A label cannot be empty.' },
    { label: 'x'.repeat(200), expected: 'allowed' },
    { label: 'x'.repeat(201), expected: 'A label is at most 200 characters.' },
  ])('relabel to a label of length $label.length: $expected', ({ label, expected }) => {
    expect(reasonOf(checkRelabel(label))).toBe(expected);
  });

  it.each([
    { items: { success: 13, failed: 2 }, expected: 'allowed' },
    { items: { success: 3, cancelled: 2 }, expected: 'allowed' },
    {
      items: { pending: 1, success: 3 },
      expected:
        'This batch still has 1 item pending or being processed. Cancel them or wait until processing finishes, then delete the batch.',
    },
    {
      items: { pending: 2, processing: 3 },
      expected:
        'This batch still has 5 items pending or being processed. Cancel them or wait until processing finishes, then delete the batch.',
    },
  ])('delete with $items: $expected', ({ items, expected }) => {
    expect(reasonOf(checkDelete(counts(items)))).toBe(expected);
  });
});
