import Dexie, { type IndexableType } from 'dexie';
import type { BatchDetail, ItemStatus } from '../contract';
import type { AppDatabase, ActivityRecord, BatchRecord, ItemRecord } from '../db';

/**
 * Server wins on outcomes: the server's view of a batch or run replaces the local provisional
 * one. Call these inside one rw transaction over the tables of `reconcileTables`, so a batch's
 * items, its activities and its counts change together.
 */

export function reconcileTables(db: AppDatabase) {
  return [db.batches, db.items, db.activities, db.expiryRuns, db.outbox, db.settings] as const;
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
  const range = batchRange(localId);
  const localItems = new Map(
    (
      await db.items
        .where('[batch+seq]')
        .between(...range)
        .toArray()
    ).map((i) => [i.seq, i]),
  );
  const localActivities = new Map(
    (
      await db.activities
        .where('[batch+seq]')
        .between(...range)
        .toArray()
    ).map((a) => [a.seq, a]),
  );

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
      status: server.status,
      activity_id: server.status === 'success' ? server.activity_id : undefined,
      error: server.status === 'failed' ? server.error : undefined,
      outcome_changed: outcomeChanged,
    });
  }
  for (const leftover of localItems.values()) if (leftover.outcome_changed) changed += 1;
  await reconcileActivities(db, items, localActivities);
  await db.items.bulkPut(items);

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
    submitted_at: detail.submitted_at,
    completed_at: detail.completed_at,
    updated_at: detail.updated_at ?? nowIso,
    cancellation_reason: detail.cancellation_reason ?? undefined,
    sync_state: 'synced',
    changed_outcomes: changed,
  };
  await db.batches.put(batch);
  return { changed };
}

/** Every `[batch+seq]` key of one batch. */
function batchRange(localId: string): [IndexableType, IndexableType] {
  return [
    [localId, Dexie.minKey],
    [localId, Dexie.maxKey],
  ];
}

/**
 * The activities of a batch follow its items: a success has the server's activity id and is
 * confirmed; any other outcome has no activity. Done in bulk (a batch holds up to 10,000 items).
 */
async function reconcileActivities(
  db: AppDatabase,
  items: ItemRecord[],
  localBySeq: Map<number, ActivityRecord>,
): Promise<void> {
  const registered = items.filter((item) => item.status === 'success' && item.activity_id !== undefined);
  const triple = (a: { mentor_id: string; activity_type: string; activity_date: string }) =>
    [a.mentor_id, a.activity_type, a.activity_date] as [string, string, string];
  const holders = await db.activities
    .where('[mentor_id+activity_type+activity_date]')
    .anyOf(registered.map(triple))
    .toArray();
  const holderOf = new Map(holders.map((a) => [triple(a).join('\u0000'), a]));

  const stale = new Set<string>();
  const fresh: ActivityRecord[] = [];
  for (const item of items) {
    const local = localBySeq.get(item.seq);
    if (item.status !== 'success' || item.activity_id === undefined) {
      // a local provisional success the server did not register is not an activity
      if (local) stale.add(local.activity_id);
      continue;
    }
    if (local && local.activity_id !== item.activity_id) stale.add(local.activity_id);
    // another item holds this mentor, type and date locally; the server gave it to this one,
    // and that other item is corrected when its batch is pulled
    const holder = holderOf.get(triple(item).join('\u0000'));
    if (holder && holder.activity_id !== item.activity_id) stale.add(holder.activity_id);
    fresh.push({
      activity_id: item.activity_id,
      mentor_id: item.mentor_id,
      activity_type: item.activity_type,
      activity_date: item.activity_date,
      duration_minutes: item.duration_minutes,
      batch: item.batch,
      seq: item.seq,
      confirmed: true,
    });
  }
  for (const activity of fresh) stale.delete(activity.activity_id);
  await db.activities.bulkDelete([...stale]);
  await db.activities.bulkPut(fresh);
}

/**
 * The server lost the batch (deleted elsewhere): the app stops showing it. Activities the
 * server confirmed stay (a deleted batch keeps its registered activities); unconfirmed ones go.
 */
export async function removeLostBatch(db: AppDatabase, localId: string): Promise<void> {
  const range = batchRange(localId);
  await db.activities
    .where('[batch+seq]')
    .between(...range)
    .filter((a) => !a.confirmed)
    .delete();
  await db.items
    .where('[batch+seq]')
    .between(...range)
    .delete();
  await db.batches.delete(localId);
  await db.outbox.where('record').equals(`batch:${localId}`).delete();
}
