import { describe, expect, it } from 'vitest';
import {
  checkCancelBatch,
  checkCancelPending,
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
      expected:
        'This batch was cancelled, so its failed items cannot be retried. Import them again as a new batch.',
    },
  ])('retry with $items: $expected', ({ items, expected }) => {
    expect(reasonOf(checkRetry(counts(items)))).toBe(expected);
  });

  it.each([
    { items: { pending: 1 }, expected: 'allowed' },
    { items: { pending: 3, success: 2, cancelled: 1 }, expected: 'allowed' },
    {
      items: { success: 2, failed: 1 },
      expected: 'There are no pending items left to cancel: every item has already been processed.',
    },
    {
      items: { success: 2, cancelled: 4 },
      expected: 'This batch is already cancelled and has no pending items left.',
    },
  ])('cancel pending with $items: $expected', ({ items, expected }) => {
    expect(reasonOf(checkCancelPending(counts(items)))).toBe(expected);
  });

  it.each([
    { reason: 'Incorrect mentor list uploaded', expected: 'allowed' },
    { reason: '   ', expected: 'Say why the batch is cancelled; the reason is kept with the batch.' },
    { reason: 'x'.repeat(500), expected: 'allowed' },
    { reason: 'x'.repeat(501), expected: 'The cancellation reason is at most 500 characters.' },
  ])('cancel batch with reason of length $reason.length: $expected', ({ reason, expected }) => {
    expect(reasonOf(checkCancelBatch(counts({ pending: 2 }), reason))).toBe(expected);
  });

  it('cancelling a finished batch is refused even with a reason', () => {
    expect(checkCancelBatch(counts({ success: 2 }), 'Wrong list').ok).toBe(false);
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
