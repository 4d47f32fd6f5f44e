import { afterEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../../src/db';
import { cancelPendingItems, createBatches, listBatchItems, listBatches } from '../../../src/batches';
import { createProcessBatchHandler } from '../../../src/engine/jobs/processBatch';
import { TestHost, memoryDatabase } from '../engine/support';
import { item, processAllBatches } from './support';

let db: AppDatabase;
afterEach(() => db?.close());

const DAY = 86_400_000;

/** Five batches, one a day from 2026-03-01: labels "Batch 1".."Batch 5". */
async function fiveBatches() {
  db = memoryDatabase();
  const host = new TestHost(Date.UTC(2026, 2, 1, 9, 0, 0));
  const ids: string[] = [];
  for (let n = 1; n <= 5; n++) {
    const items = [item(`mentor-${n}00`), item(`mentor-${n}01`)];
    if (n === 2) items.push(item('mentor-200')); // a duplicate: batch 2 ends partial
    const [id] = await createBatches(
      db,
      { coordinatorId: 'coord-119', label: `Batch ${n}`, items },
      host.now(),
    );
    ids.push(id!);
    if (n <= 3) await processAllBatches(db, host, createProcessBatchHandler());
    host.advance(DAY);
  }
  await cancelPendingItems(db, ids[4]!, host.now());
  return ids;
}

const labels = (page: { data: Array<{ label: string }> }) => page.data.map((b) => b.label);

describe('batch list', () => {
  it('pages newest first with the total', async () => {
    await fiveBatches();
    const first = await listBatches(db, { page: 1, limit: 2 });
    expect(labels(first)).toEqual(['Batch 5', 'Batch 4']);
    expect(first.pagination).toEqual({ page: 1, limit: 2, total: 5 });
    expect(labels(await listBatches(db, { page: 3, limit: 2 }))).toEqual(['Batch 1']);
    expect(labels(await listBatches(db, { page: 4, limit: 2 }))).toEqual([]);
  });

  it('filters by status', async () => {
    await fiveBatches();
    expect(labels(await listBatches(db, { status: 'completed' }))).toEqual(['Batch 3', 'Batch 1']);
    expect(labels(await listBatches(db, { status: 'partial' }))).toEqual(['Batch 2']);
    expect(labels(await listBatches(db, { status: 'processing' }))).toEqual(['Batch 4']);
    expect(labels(await listBatches(db, { status: 'cancelled' }))).toEqual(['Batch 5']);
    expect((await listBatches(db, { status: 'failed' })).pagination.total).toBe(0);
  });

  it('filters by submitted date range, bounds included', async () => {
    await fiveBatches();
    const range = { submittedFrom: '2026-03-02T09:00:00.000Z', submittedTo: '2026-03-04T09:00:00.000Z' };
    expect(labels(await listBatches(db, range))).toEqual(['Batch 4', 'Batch 3', 'Batch 2']);
    expect(labels(await listBatches(db, { ...range, status: 'completed' }))).toEqual(['Batch 3']);
  });

  it('searches labels and mentor ids, ignoring case', async () => {
    await fiveBatches();
    expect(labels(await listBatches(db, { search: 'batch 4' }))).toEqual(['Batch 4']);
    expect(labels(await listBatches(db, { search: 'MENTOR-30' }))).toEqual(['Batch 3']);
    const page = await listBatches(db, { search: 'nothing like it' });
    expect(page).toEqual({ data: [], pagination: { page: 1, limit: 20, total: 0 } });
  });

  it('keeps the limit within the contract bounds', async () => {
    await fiveBatches();
    expect((await listBatches(db, { limit: 1000 })).pagination.limit).toBe(100);
    expect((await listBatches(db, { limit: 0, page: 0 })).pagination).toEqual({
      page: 1,
      limit: 1,
      total: 5,
    });
  });
});

describe('items of a batch', () => {
  it('gives a window in submitted order and the total', async () => {
    db = memoryDatabase();
    const host = new TestHost();
    const [id] = await createBatches(
      db,
      { coordinatorId: 'c', label: 'x', items: Array.from({ length: 25 }, (_, i) => item(`m-${i}`)) },
      host.now(),
    );
    const window = await listBatchItems(db, id!, { offset: 10, limit: 5 });
    expect(window.total).toBe(25);
    expect(window.items.map((i) => i.item_id)).toEqual([
      'item-011',
      'item-012',
      'item-013',
      'item-014',
      'item-015',
    ]);
    const tail = await listBatchItems(db, id!, { offset: 23, limit: 5 });
    expect(tail.items.map((i) => i.item_id)).toEqual(['item-024', 'item-025']);
  });

  it('lists only the failed items with their reasons', async () => {
    db = memoryDatabase();
    const host = new TestHost();
    const items = Array.from({ length: 12 }, (_, i) => item(`m-${i % 6}`)); // items 7..12 repeat 1..6
    const [id] = await createBatches(db, { coordinatorId: 'c', label: 'x', items }, host.now());
    await processAllBatches(db, host, createProcessBatchHandler());

    const failed = await listBatchItems(db, id!, { offset: 2, limit: 3, onlyFailed: true });
    expect(failed.total).toBe(6);
    expect(failed.items.map((i) => [i.item_id, i.error])).toEqual([
      ['item-009', 'Duplicate activity on this date'],
      ['item-010', 'Duplicate activity on this date'],
      ['item-011', 'Duplicate activity on this date'],
    ]);
  });
});
