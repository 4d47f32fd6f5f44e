import type { BatchStatus, ItemStatus } from '../../../src/contract';

export const BATCH_STATUS_LABEL: Record<BatchStatus, string> = {
  processing: 'Processing',
  completed: 'Completed',
  partial: 'Partly failed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const ITEM_STATUS_LABEL: Record<ItemStatus, string> = {
  pending: 'Pending',
  processing: 'Processing',
  success: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** The badge class for a status, on the shell's badge palette. */
export function statusBadgeClass(status: BatchStatus | ItemStatus): string {
  switch (status) {
    case 'completed':
    case 'success':
      return 'badge badge-done';
    case 'failed':
      return 'badge badge-failed';
    case 'processing':
    case 'pending':
      return 'badge badge-running';
    case 'partial':
      return 'badge badge-partial';
    case 'cancelled':
      return 'badge';
  }
}
