/**
 * `queue_jobs_per_s`: 2,000 trivial jobs, each enqueued in its own transaction, then claimed,
 * run and completed one by one by the engine itself (leases, status, wake-ups and all),
 * Node + fake-indexeddb.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { AppDatabase } from '../../src/db';
import { createEngine, enqueueJob } from '../../src/engine';
import type { Host } from '../../src/engine/host';

const JOBS = 2_000;

const host: Host = {
  now: () => Date.now(),
  timeZone: () => 'UTC',
  isOnline: () => false,
  onOnlineChange: () => () => undefined,
  notify: () => undefined,
  onTick: () => () => undefined,
};

export async function run(): Promise<Record<string, number>> {
  const db = new AppDatabase(`bench-queue-${Date.now()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  let ran = 0;
  let allRan!: () => void;
  const finished = new Promise<void>((resolve) => (allRan = resolve));
  const engine = createEngine({
    db,
    host,
    ownerId: 'bench',
    handlers: {
      'bench.noop': async () => {
        ran += 1;
        if (ran === JOBS) allRan();
      },
    },
  });

  const started = performance.now();
  for (let i = 0; i < JOBS; i++) {
    await db.transaction('rw', db.jobs, () =>
      enqueueJob(db, { kind: 'bench.noop', subject: `s-${i}` }, Date.now()),
    );
  }
  await engine.start();
  await finished;
  // the last handler has returned; its job is marked done just after
  while ((await db.jobs.where('status').equals('done').count()) < JOBS) {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const seconds = (performance.now() - started) / 1000;
  await engine.stop();
  db.close();
  return { queue_jobs_per_s: Math.round(JOBS / seconds) };
}
