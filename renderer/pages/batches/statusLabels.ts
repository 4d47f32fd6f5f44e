import type { BatchStatus, ItemStatus } from '../../../src/contract';
import {
  BATCH_STATUS,
  ITEM_STATUS,
  badgeClass,
  labelsOf,
  type StatusView,
} from '../../components/statusTones';

/** The batch and item statuses' words and badges, from the one source in statusTones.ts. */
export const BATCH_STATUS_LABEL: Record<BatchStatus, string> = labelsOf(BATCH_STATUS);

export const ITEM_STATUS_LABEL: Record<ItemStatus, string> = labelsOf(ITEM_STATUS);

/** The badge class for a status. */
export function statusBadgeClass(status: BatchStatus | ItemStatus): string {
  const views: Record<string, StatusView> = { ...ITEM_STATUS, ...BATCH_STATUS };
  return badgeClass(views[status]!.tone);
}
