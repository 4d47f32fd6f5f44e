/**
 * `process_items_per_s_node`: 100,000 pending items (10 batches of 10,000, about 5 % of them
 * duplicates) processed by the `batch.process` handler, Node + fake-indexeddb. The Chromium
 * figure `process_items_per_s` runs the same handler in a browser.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { AppDatabase } from '../../src/db';
import { createBatches } from '../../src/batches';
import { claimNextJob, finishJob, renewLease, type JobContext } from '../../src/engine';
import { processBatch, PROCESS_BATCH_JOB } from '../../src/engine/jobs/processBatch';
import type { Host } from '../../src/engine/host';
import { generateItems } from './process.bench.items';
import { allActivities, allItems } from '../support/localRecords';

const ITEMS = 100_000;
const LEASE_MS = 60_000;

const host: Host = {
  now: () => Date.now(),
  timeZone: () => 'UTC',
  isOnline: () => false,
  onOnlineChange: () => () => undefined,
  notify: () => undefined,
  onTick: () => () => undefined,
};

export async function run(): Promise<Record<string, number>> {
  const db = new AppDatabase(`bench-process-${Date.now()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  await createBatches(
    db,
    { coordinatorId: 'coord-119', label: 'bench', items: generateItems(ITEMS) },
    Date.now(),
  );

  const started = performance.now();
  const kinds = new Set([PROCESS_BATCH_JOB]);
  for (;;) {
    const job = await claimNextJob(db, {
      owner: 'bench',
      now: Date.now(),
      leaseMs: LEASE_MS,
      kinds,
      maxAttempts: 5,
    });
    if (!job) break;
    const context: JobContext = {
      db,
      host,
      job,
      signal: new AbortController().signal,
      progress: async (done, total) => {
        await renewLease(db, job.id, {
          owner: 'bench',
          now: Date.now(),
          leaseMs: LEASE_MS,
          progress: { done, total },
        });
      },
    };
    await processBatch(context);
    await finishJob(db, job.id, 'bench', { status: 'done' }, Date.now());
  }
  const seconds = (performance.now() - started) / 1000;

  const open = (await allItems(db)).filter((item) => item.status === 'pending').length;
  const registered = (await allActivities(db)).length;
  if (open !== 0 || registered !== ITEMS - ITEMS / 20) {
    throw new Error(`Benchmark left ${open} items pending and registered ${registered} activities`);
  }
  db.close();
  return { process_items_per_s_node: Math.round(ITEMS / seconds) };
}
