import type { ItemStatus } from '../contract';
import { AppError } from '../errors/appError';

/**
 * The item state machine of contract part A: pending -> processing -> success | failed,
 * pending -> cancelled, failed -> pending (retry). Success and cancelled are final.
 */
const ALLOWED: Readonly<Record<ItemStatus, readonly ItemStatus[]>> = {
  pending: ['processing', 'cancelled'],
  processing: ['success', 'failed'],
  success: [],
  failed: ['pending'],
  cancelled: [],
};

const WHY_NOT: Readonly<Record<ItemStatus, string>> = {
  pending: 'a pending item can only start processing or be cancelled',
  processing: 'a processing item can only end as success or failed',
  success: 'a successful item is final',
  failed: 'a failed item can only go back to pending by a retry',
  cancelled: 'a cancelled item is final',
};

export type TransitionCheck = { ok: true } | { ok: false; message: string };

export function checkItemTransition(from: ItemStatus, to: ItemStatus): TransitionCheck {
  if (ALLOWED[from].includes(to)) return { ok: true };
  return { ok: false, message: `An item cannot go from ${from} to ${to}: ${WHY_NOT[from]}` };
}

export class IllegalItemTransitionError extends AppError<'illegal_transition'> {
  constructor(
    readonly from: ItemStatus,
    readonly to: ItemStatus,
    message: string,
  ) {
    super('illegal_transition', message);
  }
}

/** Returns `to`, or throws when the contract does not allow the move. */
export function transitionItem(from: ItemStatus, to: ItemStatus): ItemStatus {
  const check = checkItemTransition(from, to);
  if (!check.ok) throw new IllegalItemTransitionError(from, to, check.message);
  return to;
}

/** Pending and processing items are still open: the batch is not finished while any is. */
export function isOpenItemStatus(status: ItemStatus): boolean {
  return status === 'pending' || status === 'processing';
}

/** `item-001`, `item-002`, ... `item-1000`: the contract's ids in submitted order (seq is 1-based). */
export function itemIdFor(seq: number): string {
  return `item-${String(seq).padStart(3, '0')}`;
}
