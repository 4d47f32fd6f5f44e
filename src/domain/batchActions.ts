import { type BatchItemCounts, openItems } from './batchStatus';

/**
 * Whether a coordinator's action on a batch is allowed by the contract, with the reason in
 * words they understand when it is not. The same rules the server answers 409 with.
 */
export type ActionCheck = { ok: true } | { ok: false; reason: string };

const OK: ActionCheck = { ok: true };
const refuse = (reason: string): ActionCheck => ({ ok: false, reason });
const items = (n: number) => (n === 1 ? '1 item' : `${n} items`);

export const MAX_LABEL_LENGTH = 200;
export const MAX_CANCELLATION_REASON_LENGTH = 500;

/**
 * Retry puts every failed item back to pending. `cancelled`: the batch was cancelled
 * (`isBatchCancelled`), which its item counts alone do not tell for one cancelled once finished.
 */
export function checkRetry(counts: BatchItemCounts, cancelled: boolean): ActionCheck {
  if (cancelled) {
    return refuse(
      'This batch was cancelled, so its failed items cannot be retried. Import them again as a new batch.',
    );
  }
  if (counts.failed === 0) return refuse('There are no failed items to retry in this batch.');
  return OK;
}

/** Cancel stops every item still pending; processed items keep their outcome. */
export function checkCancelPending(counts: BatchItemCounts, cancelled: boolean): ActionCheck {
  if (counts.pending === 0) {
    return refuse(
      cancelled
        ? 'This batch is already cancelled and has no pending items left.'
        : 'There are no pending items left to cancel: every item has already been processed.',
    );
  }
  return OK;
}

/**
 * Cancelling the batch cancels its pending items and records why. A finished batch can be
 * cancelled too (the reason is often found after the fact): its items keep their outcomes and
 * the batch shows as cancelled. Only a batch already cancelled is refused.
 */
export function checkCancelBatch(cancelled: boolean): ActionCheck {
  return cancelled ? refuse('This batch is already cancelled.') : OK;
}

/** The reason a batch is cancelled for, as `checkCancelBatch`'s action records it. */
export function checkCancellationReason(reason: string): ActionCheck {
  const trimmed = reason.trim();
  if (trimmed.length === 0)
    return refuse('Say why the batch is cancelled; the reason is kept with the batch.');
  if (trimmed.length > MAX_CANCELLATION_REASON_LENGTH) {
    return refuse(`The cancellation reason is at most ${MAX_CANCELLATION_REASON_LENGTH} characters.`);
  }
  return OK;
}

export function checkRelabel(label: string): ActionCheck {
  if (label.trim().length === 0) return refuse('A label cannot be empty.');
  if (label.trim().length > MAX_LABEL_LENGTH)
    return refuse(`A label is at most ${MAX_LABEL_LENGTH} characters.`);
  return OK;
}

/** Deleting removes the batch record only; registered activities stay. */
export function checkDelete(counts: BatchItemCounts): ActionCheck {
  const open = openItems(counts);
  if (open > 0) {
    return refuse(
      `This batch still has ${items(open)} pending or being processed. Cancel them or wait until processing finishes, then delete the batch.`,
    );
  }
  return OK;
}
