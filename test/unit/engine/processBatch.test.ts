import { afterEach, describe, expect, it } from 'vitest';
import { DUPLICATE_ACTIVITY_ERROR } from '../../../src/contract';
import type { AppDatabase } from '../../../src/db';
import { cancelPendingItems, createBatches, retryFailedItems } from '../../../src/batches';
import { claimNextJob, createEngine, type Engine, type JobHandler } from '../../../src/engine';
import { PROCESS_BATCH_JOB, createProcessBatchHandler } from '../../../src/engine/jobs/processBatch';
import { contextFor, item, itemsOf, processAllBatches } from '../batches/support';
import { TestHost, deferred, eventually, memoryDatabase, memoryOrigin } from './support';
import { allActivities, withdrawActivities } from '../../support/localRecords';

const databases: AppDatabase[] = [];
const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.stop()));
  databases.splice(0).forEach((db) => db.close());
});
function freshDb() {
  const db = memoryDatabase();
  databases.push(db);
  return db;
}
const outcomes = async (db: AppDatabase, batch: string) =>
  (await itemsOf(db, batch)).map((i) =>
    i.status === 'failed' ? `${i.item_id} failed: ${i.error}` : `${i.item_id} ${i.status}`,
  );

describe('batch.process', () => {
  it('registers items in order, failing duplicates within the batch, in chunks', async () => {
    const db = freshDb();
    const host = new TestHost();
    const [id] = await createBatches(
      db,
      {
        coordinatorId: 'coord-119',
        label: 'March',
        items: [
          item('mentor-482'),
          item('mentor-590', '2026-03-24', 'workshop'),
          item('mentor-482'), // same mentor, type and date as item-001
          item('mentor-482', '2026-03-24', 'workshop'), // another type: fine
          item('mentor-482', '2026-03-25'), // another date: fine
        ],
      },
      host.now(),
    );
    host.advance(134_000);
    await processAllBatches(db, host, createProcessBatchHandler({ chunkSize: 2 }));

    expect(await outcomes(db, id!)).toEqual([
      'item-001 success',
      'item-002 success',
      `item-003 failed: ${DUPLICATE_ACTIVITY_ERROR}`,
      'item-004 success',
      'item-005 success',
    ]);
    expect(await db.batches.get(id!)).toMatchObject({
      status: 'partial',
      completed: 4,
      failed: 1,
      completed_at: '2026-03-26T10:02:14.000Z',
    });
    const items = await itemsOf(db, id!);
    const activities = await allActivities(db);
    expect(activities).toHaveLength(4);
    for (const success of items.filter((i) => i.status === 'success')) {
      expect(activities.find((a) => a.activity_id === success.activity_id)).toMatchObject({
        mentor_id: success.mentor_id,
        activity_date: success.activity_date,
        confirmed: false,
      });
    }
    expect(items[2]?.activity_id).toBeUndefined();
    const job = await db.jobs.toCollection().first();
    expect(job).toMatchObject({ status: 'done', progress_done: 5, progress_total: 5 });
  });

  it('fails items that repeat an activity registered by an earlier batch', async () => {
    const db = freshDb();
    const host = new TestHost();
    const [first] = await createBatches(
      db,
      { coordinatorId: 'c', label: 'one', items: [item('m-1'), item('m-2')] },
      host.now(),
    );
    await processAllBatches(db, host, createProcessBatchHandler());
    const [second] = await createBatches(
      db,
      { coordinatorId: 'c', label: 'two', items: [item('m-2'), item('m-2'), item('m-3')] },
      host.now(),
    );
    await processAllBatches(db, host, createProcessBatchHandler());

    expect(await db.batches.get(first!)).toMatchObject({ status: 'completed', completed: 2, failed: 0 });
    expect(await outcomes(db, second!)).toEqual([
      `item-001 failed: ${DUPLICATE_ACTIVITY_ERROR}`,
      `item-002 failed: ${DUPLICATE_ACTIVITY_ERROR}`,
      'item-003 success',
    ]);
    expect(await db.batches.get(second!)).toMatchObject({ status: 'partial', completed: 1, failed: 2 });
  });

  it('a batch of only duplicates ends failed', async () => {
    const db = freshDb();
    const host = new TestHost();
    await createBatches(db, { coordinatorId: 'c', label: 'one', items: [item('m-1')] }, host.now());
    const [second] = await createBatches(
      db,
      { coordinatorId: 'c', label: 'two', items: [item('m-1'), item('m-1')] },
      host.now(),
    );
    await processAllBatches(db, host, createProcessBatchHandler());
    expect(await db.batches.get(second!)).toMatchObject({ status: 'failed', completed: 0, failed: 2 });
  });

  it('never processes cancelled items, and the batch stays cancelled', async () => {
    const db = freshDb();
    const host = new TestHost();
    const items = Array.from({ length: 6 }, (_, i) => item(`m-${i}`));
    const [id] = await createBatches(db, { coordinatorId: 'c', label: 'x', items }, host.now());
    const job = await claimNextJob(db, {
      owner: 'r',
      now: host.now(),
      leaseMs: 15_000,
      kinds: new Set([PROCESS_BATCH_JOB]),
      maxAttempts: 5,
    });
    // one chunk, then the coordinator cancels the rest
    let chunks = 0;
    const context = contextFor(db, host, job!, 'r');
    const stopAfterOne = new AbortController();
    await createProcessBatchHandler({ chunkSize: 2 })({
      ...context,
      signal: stopAfterOne.signal,
      progress: async (done, total) => {
        await context.progress(done, total);
        chunks += 1;
        if (chunks === 1) {
          await cancelPendingItems(db, id!, host.now());
        }
      },
    });

    expect((await itemsOf(db, id!)).map((i) => i.status)).toEqual([
      'success',
      'success',
      'cancelled',
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    expect(await db.batches.get(id!)).toMatchObject({
      status: 'cancelled',
      completed: 2,
      cancelled_items: 4,
    });
    expect((await allActivities(db)).length).toBe(2);
  });

  it('retried items are processed again and can now succeed', async () => {
    const db = freshDb();
    const host = new TestHost();
    const [blocker] = await createBatches(
      db,
      { coordinatorId: 'c', label: 'a', items: [item('m-1')] },
      host.now(),
    );
    await processAllBatches(db, host, createProcessBatchHandler());
    const [id] = await createBatches(
      db,
      { coordinatorId: 'c', label: 'b', items: [item('m-1'), item('m-2')] },
      host.now(),
    );
    await processAllBatches(db, host, createProcessBatchHandler());
    expect(await db.batches.get(id!)).toMatchObject({ status: 'partial' });

    // the earlier registration goes away (e.g. the server rejected it); the retry now succeeds
    await withdrawActivities(db, (a) => a.batch === blocker);
    await retryFailedItems(db, id!, host.now());
    await processAllBatches(db, host, createProcessBatchHandler());

    expect(await outcomes(db, id!)).toEqual(['item-001 success', 'item-002 success']);
    expect(await db.batches.get(id!)).toMatchObject({ status: 'completed', completed: 2, failed: 0 });
  });

  it('picks up items retried behind it while it runs', async () => {
    const db = freshDb();
    const host = new TestHost();
    // item-002 repeats item-001 and fails in the first chunk; the coordinator retries it while
    // the job is already past it
    const items = [item('m-1'), item('m-1'), item('m-3'), item('m-4'), item('m-5')];
    const [id] = await createBatches(db, { coordinatorId: 'c', label: 'x', items }, host.now());
    const job = await claimNextJob(db, {
      owner: 'r',
      now: host.now(),
      leaseMs: 15_000,
      kinds: new Set([PROCESS_BATCH_JOB]),
      maxAttempts: 5,
    });
    const context = contextFor(db, host, job!, 'r');
    let chunks = 0;
    await createProcessBatchHandler({ chunkSize: 2 })({
      ...context,
      progress: async (done, total) => {
        await context.progress(done, total);
        chunks += 1;
        if (chunks === 1) {
          // the earlier registration is withdrawn, so the retried item can now succeed
          await withdrawActivities(db, (a) => a.batch === id && a.seq === 1);
          await retryFailedItems(db, id!, host.now());
        }
      },
    });

    expect(await outcomes(db, id!)).toEqual([
      'item-001 success',
      'item-002 success',
      'item-003 success',
      'item-004 success',
      'item-005 success',
    ]);
    expect(await db.batches.get(id!)).toMatchObject({ status: 'completed', completed: 5, failed: 0 });
  });

  it('a runner whose lease was taken over writes nothing', async () => {
    const db = freshDb();
    const host = new TestHost();
    const [id] = await createBatches(
      db,
      { coordinatorId: 'c', label: 'x', items: [item('m-1'), item('m-2')] },
      host.now(),
    );
    const claim = (owner: string) =>
      claimNextJob(db, {
        owner,
        now: host.now(),
        leaseMs: 15_000,
        kinds: new Set([PROCESS_BATCH_JOB]),
        maxAttempts: 5,
      });
    const stale = await claim('stalled-runner');
    host.advance(15_000);
    expect(await claim('new-runner')).toBeDefined();

    await expect(createProcessBatchHandler()(contextFor(db, host, stale!, 'stalled-runner'))).rejects.toThrow(
      'lease lost',
    );
    expect((await itemsOf(db, id!)).map((i) => i.status)).toEqual(['pending', 'pending']);
  });

  it('resumes after a crash mid-job on another runner, with no item processed twice', async () => {
    const origin = memoryOrigin();
    const crashingDb = origin.open();
    const survivorDb = origin.open();
    databases.push(crashingDb, survivorDb);
    const host = new TestHost();
    // 60 items, every 4th repeating the one before: processing any item twice would turn its
    // success into a duplicate failure and change the outcomes below
    const items = Array.from({ length: 60 }, (_, i) => item(`m-${i % 4 === 3 ? i - 1 : i}`));
    const [id] = await createBatches(crashingDb, { coordinatorId: 'c', label: 'x', items }, host.now());

    const firstChunkStored = deferred();
    const process = createProcessBatchHandler({ chunkSize: 10 });
    const crashing: JobHandler = (context) =>
      process({
        ...context,
        progress: async (done, total) => {
          await context.progress(done, total);
          crashingDb.close(); // the context dies right after its first chunk
          firstChunkStored.resolve();
        },
      });
    const start = async (db: AppDatabase, ownerId: string, handler: JobHandler) => {
      const engine = createEngine({
        db,
        host,
        ownerId,
        handlers: { [PROCESS_BATCH_JOB]: handler },
        leaseMs: 300,
        pollMs: 20,
      });
      engines.push(engine);
      await engine.start();
    };
    await start(crashingDb, 'engine-crashing', crashing);
    await firstChunkStored.promise;
    expect((await itemsOf(survivorDb, id!)).filter((i) => i.status !== 'pending')).toHaveLength(10);

    await start(survivorDb, 'engine-survivor', process);
    host.advance(301); // the crashed engine's lease runs out
    await eventually(async () => (await survivorDb.batches.get(id!))?.completed_at != null, 'batch finished');

    const expected = items.map((_, i) =>
      i % 4 === 3
        ? `item-${String(i + 1).padStart(3, '0')} failed: ${DUPLICATE_ACTIVITY_ERROR}`
        : `item-${String(i + 1).padStart(3, '0')} success`,
    );
    expect(await outcomes(survivorDb, id!)).toEqual(expected);
    expect((await allActivities(survivorDb)).length).toBe(45);
    expect(await survivorDb.batches.get(id!)).toMatchObject({ status: 'partial', completed: 45, failed: 15 });
    await eventually(
      async () => (await survivorDb.jobs.toCollection().first())?.status === 'done',
      'job done',
    );
  });
});
