import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy, type ProxiedRequest } from '../../support/faultProxy';
import { CYCLE_FAILURES_KEY, createSyncJobHandler, runSyncCycle } from '../../../src/sync/syncer';
import { readSyncStatus } from '../../../src/sync/status';
import type { JobContext } from '../../../src/engine/api';
import { RealClockHost, TestServer, configure, memoryDatabase, testDependencies } from './support';

let server: TestServer;
let proxy: FaultProxy;
beforeAll(async () => {
  server = await TestServer.start();
  proxy = await startFaultProxy(server.url);
}, 180_000);
afterAll(async () => {
  await proxy.close();
  await server.close();
});

/** The batches' `updated_since` feed, read on every cycle even when nothing waits to be sent. */
const isBatchFeed = (r: ProxiedRequest) =>
  r.method === 'GET' && r.path.startsWith('/api/v1/bulk-registrations') && r.path.includes('updated_since');

/** A profile pointed at the proxy that has synced once, cleanly, with this jitter. */
async function syncedProfile(random: number) {
  const db = memoryDatabase();
  const host = new RealClockHost();
  await configure(db, proxy.url);
  const deps = testDependencies({ random: () => random });
  expect(await runSyncCycle({ db, host, reason: 'manual', deps })).toMatchObject({ state: 'idle' });
  return { db, host, deps };
}

describe('a cycle that ended with an error while nothing else was due', () => {
  it('schedules its own retry, backing off, and the next cycle that goes well clears it', async () => {
    const { db, host, deps } = await syncedProfile(0.5);

    proxy.failNext(2, { kind: 'status', status: 500 }, isBatchFeed);
    const before = host.now();
    const first = await runSyncCycle({ db, host, reason: 'tick', deps });
    expect(first).toMatchObject({ state: 'error', pending: 0 });
    // half of the first step (1 s) with this jitter: not the next tick, a minute away
    expect(first.next_attempt_at).toBeGreaterThanOrEqual(before + 500);
    expect(first.next_attempt_at).toBeLessThanOrEqual(host.now() + 500);

    const second = await runSyncCycle({ db, host, reason: 'retry', deps });
    expect(second.state).toBe('error');
    expect((await db.settings.get(CYCLE_FAILURES_KEY))?.value).toBe(2);
    // the second failure in a row waits up to twice as long
    expect(second.next_attempt_at! - second.updated_at!).toBeGreaterThanOrEqual(1_000);

    expect(await runSyncCycle({ db, host, reason: 'retry', deps })).toMatchObject({
      state: 'idle',
      last_error: undefined,
    });
    expect(await db.settings.get(CYCLE_FAILURES_KEY)).toBeUndefined();
  });

  it('is retried by the sync job itself, which then ends up to date', async () => {
    const { db, host, deps } = await syncedProfile(0.2);

    proxy.failNext(1, { kind: 'status', status: 500 }, isBatchFeed);
    const job = createSyncJobHandler(deps);
    const ctx = {
      db,
      host,
      signal: new AbortController().signal,
      job: { payload: { reason: 'tick' } },
    } as unknown as JobContext;
    await job(ctx);
    expect(await readSyncStatus(db)).toMatchObject({ state: 'idle', last_error: undefined });
  });
});
