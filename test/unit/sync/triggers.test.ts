import { describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../../src/db';
import { appendOutboxEntry } from '../../../src/sync/outbox';
import { SYNC_JOB_KIND, requestSync } from '../../../src/sync/syncer';
import { startSyncTriggers } from '../../../src/sync/triggers';
import { eventually } from '../engine/support';
import { RealClockHost, memoryDatabase } from './support';

const queuedReasons = async (db: AppDatabase) =>
  (await db.jobs.where('[kind+status]').equals([SYNC_JOB_KIND, 'queued']).toArray()).map(
    (job) => (job.payload as { reason: string }).reason,
  );

describe('requestSync', () => {
  it('queues one cycle however often it is asked, and a "Sync now" is not downgraded', async () => {
    const db = memoryDatabase();
    await requestSync(db, 'tick');
    await requestSync(db, 'change');
    expect(await queuedReasons(db)).toEqual(['tick']);
    await requestSync(db, 'manual');
    await requestSync(db, 'tick');
    expect(await queuedReasons(db)).toEqual(['manual']);
  });
});

describe('startSyncTriggers', () => {
  it('asks for a cycle at start, when the host goes online, and after new outbox entries', async () => {
    const db = memoryDatabase();
    const host = new RealClockHost();
    const stop = startSyncTriggers(db, host, { debounceMs: 5 });
    try {
      await eventually(async () => (await queuedReasons(db)).includes('startup'), 'a cycle at start');
      await db.jobs.clear();

      host.setOnline(true);
      await eventually(async () => (await queuedReasons(db)).includes('online'), 'a cycle when online');
      await db.jobs.clear();

      // the subscription needs to have seen the outbox once before a new entry counts as new
      await new Promise((resolve) => setTimeout(resolve, 50));
      await db.transaction('rw', db.outbox, () =>
        appendOutboxEntry(db, { record: 'batch:x', op: 'batch.delete', method: 'DELETE' }, Date.now()),
      );
      await eventually(async () => (await queuedReasons(db)).includes('change'), 'a cycle after a change');
    } finally {
      stop();
    }
  });
});
