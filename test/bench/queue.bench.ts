/**
 * `queue_jobs_per_s`: 2,000 trivial jobs enqueued, claimed, run and completed one by one
 * through the durable queue (each step its own transaction), Node + fake-indexeddb.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { AppDatabase } from '../../src/db';
import { claimNextJob, enqueueJob, finishJob } from '../../src/engine';

const JOBS = 2_000;

export async function run(): Promise<Record<string, number>> {
  const db = new AppDatabase(`bench-queue-${Date.now()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  const kinds = new Set(['bench.noop']);
  let completed = 0;

  const started = performance.now();
  for (let i = 0; i < JOBS; i++) {
    await db.transaction('rw', db.jobs, () =>
      enqueueJob(db, { kind: 'bench.noop', subject: `s-${i}` }, Date.now()),
    );
  }
  for (;;) {
    const job = await claimNextJob(db, {
      owner: 'bench',
      now: Date.now(),
      leaseMs: 15_000,
      kinds,
      maxAttempts: 5,
    });
    if (!job) break;
    if (await finishJob(db, job.id, 'bench', { status: 'done' }, Date.now())) completed += 1;
  }
  const seconds = (performance.now() - started) / 1000;

  if (completed !== JOBS) throw new Error(`Only ${completed} of ${JOBS} jobs completed`);
  db.close();
  return { queue_jobs_per_s: Math.round(JOBS / seconds) };
}
