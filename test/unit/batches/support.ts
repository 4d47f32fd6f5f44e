import type { ItemInput } from '../../../src/contract';
import type { AppDatabase, JobRecord } from '../../../src/db';
import { claimNextJob, finishJob, renewLease, type JobContext, type JobHandler } from '../../../src/engine';
import { PROCESS_BATCH_JOB } from '../../../src/batches';
import type { TestHost } from '../engine/support';
import { allItems } from '../../support/localRecords';

export const item = (
  mentor_id: string,
  activity_date = '2026-03-24',
  activity_type = 'peer_session',
): ItemInput => ({
  mentor_id,
  activity_type,
  activity_date,
  duration_minutes: 60,
});

export const LEASE_MS = 15_000;

/** Runs `handler` for `job` as runner `owner`, the way the engine would. */
export function contextFor(db: AppDatabase, host: TestHost, job: JobRecord, owner: string): JobContext {
  return {
    db,
    host,
    job,
    signal: new AbortController().signal,
    progress: async (done, total) => {
      if (
        !(await renewLease(db, job.id, {
          owner,
          now: host.now(),
          leaseMs: LEASE_MS,
          progress: { done, total },
        }))
      ) {
        throw new Error('lease lost');
      }
    },
  };
}

/** Claims and runs every batch job to its end, as one runner. */
export async function processAllBatches(
  db: AppDatabase,
  host: TestHost,
  handler: JobHandler,
): Promise<number> {
  let ran = 0;
  for (;;) {
    const job = await claimNextJob(db, {
      owner: 'runner',
      now: host.now(),
      leaseMs: LEASE_MS,
      kinds: new Set([PROCESS_BATCH_JOB]),
      maxAttempts: 5,
    });
    if (!job) return ran;
    await handler(contextFor(db, host, job, 'runner'));
    await finishJob(db, job.id, 'runner', { status: 'done' }, host.now());
    ran += 1;
  }
}

export async function itemsOf(db: AppDatabase, batch: string) {
  return allItems(db, batch);
}
