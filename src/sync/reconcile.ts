import type { BatchDetail, ItemStatus } from '../contract';
import {
  ActivityLedger,
  type AppDatabase,
  type BatchRecord,
  type ItemRecord,
  deleteBatchItems,
  putBatchItems,
  readBatchItems,
} from '../db';
import { recordKey } from './recordIds';

/**
 * Server wins on outcomes: the server's view of a batch or run replaces the local provisional
 * one. Call these inside one rw transaction over the tables of `reconcileTables`, so a batch's
 * items, its activities and its counts change together.
 */

export function reconcileTables(db: AppDatabase) {
  return [
    db.batches,
    db.itemPages,
    db.mentorActivities,
    db.batchMentors,
    db.expiryRuns,
    db.notificationLog,
    db.outbox,
    db.settings,
  ] as const;
}

const FINAL_ITEM: ReadonlySet<ItemStatus> = new Set(['success', 'failed', 'cancelled']);

/** True when nothing in the batch is left to process on the server. */
export function isFinalOnServer(detail: BatchDetail): boolean {
  return detail.status !== 'processing' && detail.items.every((item) => FINAL_ITEM.has(item.status));
}

/** `item-014` -> 14 */
export function itemSeq(itemId: string, index: number): number {
  const match = /^item-(\d+)$/.exec(itemId);
  return match ? Number(match[1]) : index + 1;
}

/**
 * Writes the server's batch over the local one (`localId`, created if missing). A final local
 * outcome that the server decided differently is marked on the item (`outcome_changed`) and
 * counted on the batch (`changed_outcomes`); the activities table follows the server: its
 * activity ids, confirmed, and no local provisional activity the server did not register.
 */
export async function applyServerBatch(
  db: AppDatabase,
  localId: string,
  detail: BatchDetail,
  nowIso: string,
): Promise<{ changed: number }> {
  const existing = await db.batches.get(localId);
  const localItems = new Map((await readBatchItems(db, localId)).map((i) => [i.seq, i]));
  const previous = [...localItems.values()];

  let changed = 0;
  const items: ItemRecord[] = [];
  for (const [index, server] of detail.items.entries()) {
    const seq = itemSeq(server.item_id, index);
    const local = localItems.get(seq);
    localItems.delete(seq);
    const differs = local !== undefined && FINAL_ITEM.has(local.status) && local.status !== server.status;
    const outcomeChanged = differs
      ? { from: local.status, from_error: local.error, at: nowIso }
      : local?.outcome_changed;
    if (outcomeChanged) changed += 1;
    items.push({
      batch: localId,
      seq,
      item_id: server.item_id,
      mentor_id: local?.mentor_id ?? server.mentor_id,
      activity_type: local?.activity_type ?? server.activity_type,
      activity_date: local?.activity_date ?? server.activity_date,
      duration_minutes: local?.duration_minutes ?? server.duration_minutes ?? 0,
      notes: local?.notes ?? server.notes ?? undefined,
      // the sheet row is the coordinator's, never the server's
      ...(local?.source_row !== undefined ? { source_row: local.source_row } : {}),
      status: server.status,
      activity_id: server.status === 'success' ? server.activity_id : undefined,
      error: server.status === 'failed' ? server.error : undefined,
      outcome_changed: outcomeChanged,
    });
  }
  // items the server did not list stay as they are
  for (const leftover of localItems.values()) {
    if (leftover.outcome_changed) changed += 1;
    items.push(leftover);
  }
  items.sort((x, y) => x.seq - y.seq);
  await reconcileActivities(db, localId, previous, items);
  await putBatchItems(db, localId, items);

  const batch: BatchRecord = {
    ...(existing ?? { id: localId, label: '', source_name: undefined }),
    id: localId,
    batch_id: detail.batch_id,
    coordinator_id: detail.coordinator_id,
    label: detail.label ?? existing?.label ?? '',
    status: detail.status,
    total_items: detail.total_items,
    completed: detail.completed,
    failed: detail.failed,
    cancelled_items: detail.items.filter((i) => i.status === 'cancelled').length,
    // the coordinator's history stays: a batch submitted offline was received by the server later
    submitted_at: existing?.submitted_at ?? detail.submitted_at,
    server_submitted_at: detail.submitted_at,
    completed_at: detail.completed_at,
    updated_at: detail.updated_at ?? nowIso,
    cancellation_reason: detail.cancellation_reason ?? undefined,
    sync_state: 'synced',
    changed_outcomes: changed,
  };
  await db.batches.put(batch);
  return { changed };
}

/**
 * The activities of a batch follow its items: a success has the server's activity id and is
 * confirmed (whichever item held its mentor, type and date locally: the server gave it to this
 * one, and that other item is corrected when its batch is pulled); any other outcome has no
 * activity, so a local provisional one of this item goes.
 */
async function reconcileActivities(
  db: AppDatabase,
  batch: string,
  previous: readonly ItemRecord[],
  items: readonly ItemRecord[],
): Promise<void> {
  const ledger = await ActivityLedger.load(
    db,
    [...previous, ...items].map((item) => item.mentor_id),
  );
  const heldByThisItem = (item: ItemRecord) => {
    const held = ledger.get(item);
    return held !== undefined && held.batch === batch && held.seq === item.seq;
  };
  for (const item of items) {
    if (item.status === 'success' && item.activity_id !== undefined) {
      ledger.set(item, {
        activity_id: item.activity_id,
        duration_minutes: item.duration_minutes,
        batch,
        seq: item.seq,
        confirmed: true,
      });
    } else if (heldByThisItem(item)) {
      ledger.delete(item);
    }
  }
  await ledger.save();
}

/**
 * The server lost the batch (deleted elsewhere): the app stops showing it. Activities the
 * server confirmed stay (a deleted batch keeps its registered activities); unconfirmed ones go.
 */
export async function removeLostBatch(db: AppDatabase, localId: string): Promise<void> {
  const items = await readBatchItems(db, localId);
  const ledger = await ActivityLedger.load(
    db,
    items.map((item) => item.mentor_id),
  );
  for (const item of items) {
    const held = ledger.get(item);
    if (held && held.batch === localId && held.seq === item.seq && !held.confirmed) ledger.delete(item);
  }
  await ledger.save();
  await deleteBatchItems(db, localId);
  await db.batches.delete(localId);
  await db.outbox
    .where('record')
    .equals(recordKey({ kind: 'batch', id: localId }))
    .delete();
}
