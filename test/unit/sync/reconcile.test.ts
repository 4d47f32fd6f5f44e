import { describe, expect, it } from 'vitest';
import type { BatchDetail, Item, ItemStatus } from '../../../src/contract';
import {
  ActivityLedger,
  type AppDatabase,
  type ItemRecord,
  putBatchItems,
  updateBatchItems,
} from '../../../src/db';
import {
  applyServerBatch,
  isFinalOnServer,
  itemSeq,
  reconcileTables,
  removeLostBatch,
} from '../../../src/sync/reconcile';
import { isBatchCancelled } from '../../../src/domain/batchStatus';
import { allActivities, allItems } from '../../support/localRecords';
import { memoryDatabase } from './support';

const NOW = '2026-03-26T10:00:00.000Z';

function serverBatch(items: Array<Partial<Item> & { status: ItemStatus; mentor_id: string }>): BatchDetail {
  return {
    batch_id: 'batch-0042',
    coordinator_id: 'coord-119',
    status: items.some((i) => i.status === 'pending' || i.status === 'processing') ? 'processing' : 'partial',
    total_items: items.length,
    completed: items.filter((i) => i.status === 'success').length,
    failed: items.filter((i) => i.status === 'failed').length,
    submitted_at: '2026-03-26T09:00:00Z',
    completed_at: '2026-03-26T09:01:00Z',
    updated_at: '2026-03-26T09:01:00Z',
    label: 'March',
    items: items.map((i, index) => ({
      item_id: `item-${String(index + 1).padStart(3, '0')}`,
      activity_type: 'peer_session',
      activity_date: '2026-03-24',
      ...i,
    })),
  };
}

/** A local batch `b1` whose items have the given provisional outcomes (successes hold local activities). */
async function localBatch(db: AppDatabase, statuses: ItemStatus[], id = 'b1') {
  await db.batches.add({
    id,
    coordinator_id: 'coord-119',
    label: 'March',
    status: 'partial',
    total_items: statuses.length,
    completed: 0,
    failed: 0,
    cancelled_items: 0,
    submitted_at: NOW,
    completed_at: NOW,
    updated_at: NOW,
    sync_state: 'pushing',
    changed_outcomes: 0,
  });
  const items: ItemRecord[] = statuses.map((status, index) => ({
    batch: id,
    seq: index + 1,
    item_id: `item-${String(index + 1).padStart(3, '0')}`,
    mentor_id: `${id}-mentor-${index + 1}`,
    activity_type: 'peer_session',
    activity_date: '2026-03-24',
    duration_minutes: 60,
    status,
    ...(status === 'success' ? { activity_id: `local-${id}-${index + 1}` } : {}),
    ...(status === 'failed' ? { error: 'Duplicate activity on this date' } : {}),
  }));
  await db.transaction('rw', reconcileTables(db), async () => {
    await putBatchItems(db, id, items);
    const ledger = await ActivityLedger.load(
      db,
      items.map((i) => i.mentor_id),
    );
    for (const item of items.filter((i) => i.status === 'success')) {
      ledger.set(item, {
        activity_id: item.activity_id as string,
        duration_minutes: 60,
        batch: id,
        seq: item.seq,
        confirmed: false,
      });
    }
    await ledger.save();
  });
}

const apply = (db: AppDatabase, detail: BatchDetail, id = 'b1') =>
  db.transaction('rw', reconcileTables(db), async () => applyServerBatch(db, id, detail, NOW));

describe('applyServerBatch', () => {
  it('marks a provisional success the server failed, and removes its local activity', async () => {
    const db = memoryDatabase();
    await localBatch(db, ['success', 'success']);
    await apply(
      db,
      serverBatch([
        { mentor_id: 'b1-mentor-1', status: 'failed', error: 'Duplicate activity on this date' },
        { mentor_id: 'b1-mentor-2', status: 'success', activity_id: 'pa-002' },
      ]),
    );
    const [first, second] = await allItems(db);
    expect(first).toMatchObject({ status: 'failed', error: 'Duplicate activity on this date' });
    expect(first?.outcome_changed).toEqual({ from: 'success', from_error: undefined, at: NOW });
    expect(second).toMatchObject({ status: 'success', activity_id: 'pa-002' });
    expect(second?.outcome_changed).toBeUndefined();
    expect(await db.batches.get('b1')).toMatchObject({
      batch_id: 'batch-0042',
      changed_outcomes: 1,
      completed: 1,
      failed: 1,
      sync_state: 'synced',
    });
    expect(await allActivities(db)).toEqual([
      expect.objectContaining({ activity_id: 'pa-002', mentor_id: 'b1-mentor-2', seq: 2, confirmed: true }),
    ]);
  });

  it.each<[string, ItemStatus, ItemStatus, boolean]>([
    ['provisional success confirmed', 'success', 'success', false],
    ['not processed locally yet', 'pending', 'success', false],
    ['processing locally', 'processing', 'failed', false],
    ['provisional failure the server registered', 'failed', 'success', true],
    ['cancelled here, registered there first', 'cancelled', 'success', true],
    ['both failed', 'failed', 'failed', false],
  ])('%s: changed = %s', async (_name, local, server, changed) => {
    const db = memoryDatabase();
    await localBatch(db, [local]);
    await apply(
      db,
      serverBatch([
        {
          mentor_id: 'b1-mentor-1',
          status: server,
          ...(server === 'success'
            ? { activity_id: 'pa-100' }
            : { error: 'Duplicate activity on this date' }),
        },
      ]),
    );
    expect((await allItems(db, 'b1'))[0]?.outcome_changed !== undefined).toBe(changed);
    expect((await db.batches.get('b1'))?.changed_outcomes).toBe(changed ? 1 : 0);
    const activities = await allActivities(db);
    expect(activities.map((a) => [a.activity_id, a.confirmed])).toEqual(
      server === 'success' ? [['pa-100', true]] : [],
    );
  });

  it('takes the activity over from another batch that held it provisionally', async () => {
    const db = memoryDatabase();
    await localBatch(db, ['success'], 'b0');
    await localBatch(db, ['pending'], 'b1');
    await db.transaction('rw', db.itemPages, () =>
      updateBatchItems(db, 'b1', (item) => ({ ...item, mentor_id: 'b0-mentor-1' })),
    );
    await apply(db, serverBatch([{ mentor_id: 'b0-mentor-1', status: 'success', activity_id: 'pa-7' }]));
    expect(await allActivities(db)).toEqual([
      expect.objectContaining({ activity_id: 'pa-7', batch: 'b1', seq: 1, confirmed: true }),
    ]);
  });

  it('a batch the server cancelled once finished: its outcomes stay, it shows cancelled with the reason', async () => {
    const db = memoryDatabase();
    await localBatch(db, ['success', 'failed']);
    const finished = serverBatch([
      { mentor_id: 'b1-mentor-1', status: 'success', activity_id: 'pa-1' },
      { mentor_id: 'b1-mentor-2', status: 'failed', error: 'Duplicate activity on this date' },
    ]);
    const { changed } = await apply(db, {
      ...finished,
      status: 'cancelled',
      cancellation_reason: 'Incorrect mentor list uploaded',
    });
    expect(changed).toBe(0);
    const batch = await db.batches.get('b1');
    expect(batch).toMatchObject({
      status: 'cancelled',
      cancellation_reason: 'Incorrect mentor list uploaded',
      completed: 1,
      failed: 1,
      cancelled_items: 0,
      changed_outcomes: 0,
    });
    expect(isBatchCancelled(batch!)).toBe(true);
    expect((await allItems(db, 'b1')).map((i) => i.status)).toEqual(['success', 'failed']);
    expect(await allActivities(db)).toEqual([
      expect.objectContaining({ activity_id: 'pa-1', confirmed: true }),
    ]);
  });

  it('creates a batch it did not know, with every item', async () => {
    const db = memoryDatabase();
    await apply(db, serverBatch([{ mentor_id: 'm-1', status: 'success', activity_id: 'pa-1' }]), 'new-id');
    expect(await db.batches.get('new-id')).toMatchObject({
      batch_id: 'batch-0042',
      label: 'March',
      changed_outcomes: 0,
    });
    expect((await allItems(db, 'new-id'))[0]).toMatchObject({ mentor_id: 'm-1', status: 'success' });
  });
});

describe('removeLostBatch', () => {
  it('removes the batch, its items, unconfirmed activities and queued entries; confirmed activities stay', async () => {
    const db = memoryDatabase();
    await localBatch(db, ['success', 'success']);
    const mentor = await db.mentorActivities.get('b1-mentor-1');
    for (const activity of mentor?.activities.values() ?? []) activity.confirmed = true;
    await db.mentorActivities.put(mentor!);
    await db.outbox.add({
      record: 'batch:b1',
      idempotency_key: 'k',
      method: 'PUT',
      op: 'batch.update',
      body: { label: 'x' },
      status: 'pending',
      attempts: 0,
      next_attempt_at: 0,
      created_at: NOW,
    });
    await db.transaction('rw', reconcileTables(db), async () => removeLostBatch(db, 'b1'));
    expect(await db.batches.count()).toBe(0);
    expect(await db.itemPages.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect((await allActivities(db)).map((a) => a.activity_id)).toEqual(['local-b1-1']);
  });
});

describe('isFinalOnServer and itemSeq', () => {
  it.each<[string, ItemStatus[], boolean]>([
    ['all settled', ['success', 'failed'], true],
    ['one pending', ['success', 'pending'], false],
    ['one processing', ['processing'], false],
    ['cancelled', ['cancelled', 'success'], true],
  ])('%s -> %s', (_name, statuses, final) => {
    const detail = serverBatch(statuses.map((status, i) => ({ mentor_id: `m${i}`, status })));
    expect(isFinalOnServer(detail)).toBe(final);
  });

  it.each([
    ['item-001', 0, 1],
    ['item-014', 3, 14],
    ['item-1234', 0, 1234],
    ['odd-id', 4, 5],
  ])('%s at index %i is seq %i', (id, index, seq) => {
    expect(itemSeq(id, index)).toBe(seq);
  });
});
