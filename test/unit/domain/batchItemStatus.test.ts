import { describe, expect, it } from 'vitest';
import type { ItemStatus } from '../../../src/contract';
import {
  IllegalItemTransitionError,
  checkItemTransition,
  itemIdFor,
  transitionItem,
} from '../../../src/domain/batchItemStatus';

const ALL: ItemStatus[] = ['pending', 'processing', 'success', 'failed', 'cancelled'];
const LEGAL = new Set([
  'pending>processing',
  'processing>success',
  'processing>failed',
  'pending>cancelled',
  'failed>pending',
]);

describe('item state machine', () => {
  const cases = ALL.flatMap((from) => ALL.map((to) => ({ from, to, legal: LEGAL.has(`${from}>${to}`) })));

  it.each(cases)('$from -> $to is legal: $legal', ({ from, to, legal }) => {
    expect(checkItemTransition(from, to).ok).toBe(legal);
    if (legal) expect(transitionItem(from, to)).toBe(to);
    else expect(() => transitionItem(from, to)).toThrow(IllegalItemTransitionError);
  });

  it.each([
    ['success', 'pending', 'An item cannot go from success to pending: a successful item is final'],
    ['cancelled', 'processing', 'An item cannot go from cancelled to processing: a cancelled item is final'],
    [
      'pending',
      'success',
      'An item cannot go from pending to success: a pending item can only start processing or be cancelled',
    ],
    [
      'failed',
      'cancelled',
      'An item cannot go from failed to cancelled: a failed item can only go back to pending by a retry',
    ],
  ] as const)('explains why %s -> %s is refused', (from, to, message) => {
    const check = checkItemTransition(from, to);
    expect(check).toEqual({ ok: false, message });
  });
});

describe('item ids', () => {
  it.each([
    [1, 'item-001'],
    [14, 'item-014'],
    [999, 'item-999'],
    [1000, 'item-1000'],
    [10000, 'item-10000'],
  ])('seq %i is %s', (seq, id) => expect(itemIdFor(seq)).toBe(id));
});
