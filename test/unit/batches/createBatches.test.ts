import { afterEach, describe, expect, it } from 'vitest';
import { BatchCreate } from '../../../src/contract';
import type { AppDatabase } from '../../../src/db';
import { BatchActionError, PROCESS_BATCH_JOB, createBatches } from '../../../src/batches';
import { memoryDatabase } from '../engine/support';
import { item, itemsOf } from './support';

const NOW = Date.UTC(2026, 2, 26, 10, 0, 0);
let db: AppDatabase;
afterEach(() => db?.close());

describe('createBatches', () => {
  it('stores a batch, its items, its job and its outbox entry', async () => {
    db = memoryDatabase();
    const items = [
      { ...item('mentor-482', '2026-03-25'), notes: 'Monday group session' },
      item('mentor-510', '2026-03-25'),
    ];
    const [id] = await createBatches(
      db,
      { coordinatorId: 'coord-119', label: 'Monday sessions', sourceName: 'monday.xlsx', items },
      NOW,
    );

    const batch = await db.batches.get(id!);
    expect(batch).toMatchObject({
      coordinator_id: 'coord-119',
      label: 'Monday sessions',
      source_name: 'monday.xlsx',
      status: 'processing',
      total_items: 2,
      completed: 0,
      failed: 0,
      submitted_at: '2026-03-26T10:00:00.000Z',
      completed_at: null,
      sync_state: 'local',
    });
    expect((await itemsOf(db, id!)).map((i) => [i.item_id, i.seq, i.mentor_id, i.status])).toEqual([
      ['item-001', 1, 'mentor-482', 'pending'],
      ['item-002', 2, 'mentor-510', 'pending'],
    ]);
    expect(await db.jobs.toArray()).toMatchObject([
      { kind: PROCESS_BATCH_JOB, subject: id, status: 'queued' },
    ]);

    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({
      record: `batch:${id}`,
      op: 'batch.create',
      method: 'POST',
      status: 'pending',
    });
    expect(entry?.idempotency_key).toMatch(/^[0-9a-f-]{36}$/);
    // the body is exactly the contract's request, with the local id as client_batch_id
    expect(BatchCreate.parse(entry?.body)).toEqual({
      coordinator_id: 'coord-119',
      label: 'Monday sessions',
      client_batch_id: id,
      items,
    });
  });

  it('splits 10,001 items into a batch of 10,000 and a batch of 1, in order', async () => {
    db = memoryDatabase();
    const items = Array.from({ length: 10_001 }, (_, i) => item(`mentor-${i}`));
    const ids = await createBatches(db, { coordinatorId: 'coord-119', label: 'Term roll', items }, NOW);

    expect(ids).toHaveLength(2);
    const [first, second] = await db.batches.bulkGet(ids);
    expect(first).toMatchObject({ total_items: 10_000, label: 'Term roll (part 1 of 2)' });
    expect(second).toMatchObject({ total_items: 1, label: 'Term roll (part 2 of 2)' });
    const lastOfSecond = await itemsOf(db, ids[1]!);
    expect(lastOfSecond.map((i) => [i.item_id, i.mentor_id])).toEqual([['item-001', 'mentor-10000']]);
    expect(await db.jobs.count()).toBe(2);
    const bodies = (await db.outbox.toArray()).map((e) => BatchCreate.parse(e.body));
    expect(bodies.map((b) => [b.client_batch_id, b.items.length])).toEqual([
      [ids[0], 10_000],
      [ids[1], 1],
    ]);
    expect(new Set((await db.outbox.toArray()).map((e) => e.idempotency_key)).size).toBe(2);
  });

  it('stores nothing at all when anything inside the transaction fails', async () => {
    db = memoryDatabase();
    let entries = 0;
    db.outbox.hook('creating', () => {
      entries += 1;
      if (entries === 2) throw new Error('disk full');
    });
    const items = Array.from({ length: 15 }, (_, i) => item(`mentor-${i}`));

    await expect(
      createBatches(db, { coordinatorId: 'coord-119', label: 'x', items, maxItems: 10 }, NOW),
    ).rejects.toThrow('disk full');

    expect(await db.batches.count()).toBe(0);
    expect(await db.itemPages.count()).toBe(0);
    expect(await db.jobs.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('labels a batch after its file when no label is given', async () => {
    db = memoryDatabase();
    const [id] = await createBatches(
      db,
      { coordinatorId: 'c', label: '  ', sourceName: 'march.xlsx', items: [item('m')] },
      NOW,
    );
    expect((await db.batches.get(id!))?.label).toBe('march.xlsx');
  });

  it.each([
    [{ coordinatorId: 'coord-119', items: [] }, 'There are no rows to submit.'],
    [
      { coordinatorId: ' ', items: [item('m')] },
      'Enter your coordinator id in the settings before submitting a batch.',
    ],
  ])('refuses %o with a clear message', async (input, message) => {
    db = memoryDatabase();
    const error = await createBatches(db, { label: 'x', ...input }, NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchActionError);
    expect((error as Error).message).toBe(message);
    expect(await db.batches.count()).toBe(0);
  });
});
