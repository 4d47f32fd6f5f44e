import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchCreated, BatchDetail, RunDetail } from '../../../src/contract';
import { createEngine } from '../../../src/engine/engine';
import { discardRejected, retryRejected } from '../../../src/sync/rejections';
import { IndexedDbTokenStore, saveServerSettings } from '../../../src/sync/settings';
import { appendOutboxEntry } from '../../../src/sync/outbox';
import { allPolls, schedulePoll } from '../../../src/sync/pollSet';
import { BATCH_CURSOR_KEY } from '../../../src/sync/pull';
import { readSyncStatus } from '../../../src/sync/status';
import {
  AUTH_PAUSED_MESSAGE,
  SYNC_JOB_KIND,
  createSyncJobHandler,
  requestSync,
  runSyncCycle,
} from '../../../src/sync/syncer';
import { startFaultProxy, type FaultProxy } from '../../support/faultProxy';
import { eventually, memoryOrigin } from '../engine/support';
import {
  COORDINATOR,
  TOKENS,
  RealClockHost,
  TestServer,
  configure,
  item,
  localView,
  memoryDatabase,
  serverView,
  submitLocalBatch,
  syncUntilSettled,
  testDependencies,
} from './support';
import { localRun } from './workload';
import { allActivities, allItems } from '../../support/localRecords';

let server: TestServer;
let proxy: FaultProxy;
beforeAll(async () => {
  server = await TestServer.start([TOKENS.coord, TOKENS.rotated, TOKENS.elsewhere, TOKENS.admin]);
  proxy = await startFaultProxy(server.url);
}, 180_000);
afterAll(async () => {
  await proxy.close();
  await server.close();
});

async function restartServer(tokens: string[]) {
  proxy.setTarget(await server.restart(tokens));
}

async function waitForFinal(batchId: string): Promise<BatchDetail> {
  for (;;) {
    const detail = await server.call<BatchDetail>('GET', `/api/v1/bulk-registrations/${batchId}`);
    if (detail.status !== 'processing') return detail;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('push and pull against the reference server', () => {
  it('sends each local batch once and replaces provisional outcomes with the server ones', async () => {
    const db = memoryDatabase();
    const host = new RealClockHost();
    await configure(db, server.url);
    // another laptop of the same coordinator registered mentor-a's session first
    const first = await server.call<BatchCreated>(
      'POST',
      '/api/v1/bulk-registrations',
      { coordinator_id: 'coord-119', items: [item('pp-mentor-a')] },
      TOKENS.elsewhere,
    );
    const elsewhere = await waitForFinal(first.batch_id);

    const mine = await submitLocalBatch(db, [item('pp-mentor-a'), item('pp-mentor-b'), item('pp-mentor-b')], {
      provisional: ['success', 'success', 'failed'],
    });
    const other = await submitLocalBatch(db, [item('pp-mentor-c')]);

    const status = await syncUntilSettled(db, host);
    expect(status).toMatchObject({ state: 'idle', pending: 0, rejected: 0, changed: 1 });
    expect(status.last_success_at).toBeDefined();

    const onServer = (await server.batches()).filter(
      (b) => b.client_batch_id === mine || b.client_batch_id === other,
    );
    expect(onServer.map((b) => b.client_batch_id).sort()).toEqual([mine, other].sort());

    const local = await localView(db);
    const remote = serverView(onServer);
    expect(local.get(mine)).toEqual(remote.get(mine));
    expect(local.get(other)).toEqual(remote.get(other));
    expect(local.get(mine)?.items.map((i) => i.status)).toEqual(['failed', 'success', 'failed']);

    // the duplicate the other laptop won is marked and counted, its local activity gone
    const changed = (await allItems(db, mine))[0];
    expect(changed?.outcome_changed?.from).toBe('success');
    expect(changed?.error).toBe('Duplicate activity on this date');
    expect((await db.batches.get(mine))?.changed_outcomes).toBe(1);
    const activities = await allActivities(db);
    expect(activities.every((a) => a.confirmed)).toBe(true);
    expect(activities.filter((a) => a.mentor_id === 'pp-mentor-a')).toEqual([
      expect.objectContaining({ activity_id: elsewhere.items[0]?.activity_id, batch: expect.any(String) }),
    ]);
    const mentorB = activities.find((a) => a.mentor_id === 'pp-mentor-b');
    expect(mentorB?.activity_id).toBe(remote.get(mine)?.items[1]?.activity_id);

    // the other laptop's batch came in through the feed as a synced record
    const fed = await db.batches.where('batch_id').equals(first.batch_id).first();
    expect(fed).toMatchObject({ sync_state: 'synced', status: 'completed', total_items: 1 });
    expect((await readSyncStatus(db)).state).toBe('idle');
  });

  it('settles batches the feed lists as done at once, without waiting for their backed-off polls', async () => {
    const db = memoryDatabase();
    const host = new RealClockHost();
    await configure(db, server.url);
    const ids = [
      await submitLocalBatch(db, [item('feed-mentor-1')]),
      await submitLocalBatch(db, [item('feed-mentor-2')]),
    ];
    await syncUntilSettled(db, host);
    // as if their last polls had seen them processing and backed off far beyond the test
    for (const id of ids) {
      await db.batches.update(id, { status: 'processing', completed: 0 });
      await schedulePoll(db, id, Date.now() + 3_600_000);
    }
    await db.settings.delete(BATCH_CURSOR_KEY);

    await runSyncCycle({ db, host, reason: 'tick', deps: testDependencies() });
    expect(await allPolls(db)).toEqual([]);
    for (const id of ids) {
      expect(await db.batches.get(id)).toMatchObject({
        status: 'completed',
        completed: 1,
        sync_state: 'synced',
      });
    }
  });

  it('a cancel the server made moot (it had processed everything) settles on the server outcomes, not as a refusal', async () => {
    const db = memoryDatabase();
    const host = new RealClockHost();
    await configure(db, server.url);
    const id = await submitLocalBatch(db, [item('moot-mentor-1')]);
    await syncUntilSettled(db, host);
    expect(await db.batches.get(id)).toMatchObject({ status: 'completed', sync_state: 'synced' });
    // cancelled here on a view from before the server finished
    await db.transaction('rw', db.outbox, () =>
      appendOutboxEntry(db, { record: `batch:${id}`, op: 'batch.cancel', method: 'POST' }, Date.now()),
    );

    const status = await syncUntilSettled(db, host);
    expect(status).toMatchObject({ state: 'idle', pending: 0, rejected: 0 });
    expect(await db.outbox.where('status').equals('rejected').count()).toBe(0);
    expect(await db.batches.get(id)).toMatchObject({
      status: 'completed',
      completed: 1,
      sync_state: 'synced',
    });
  });

  it('sends a create again with the same key when the engine died before storing the answer: one batch', async () => {
    const origin = memoryOrigin();
    const db = origin.open();
    const host = new RealClockHost();
    await configure(db, proxy.url);
    const id = await submitLocalBatch(db, [item('crash-mentor-1'), item('crash-mentor-2')]);
    const entry = await db.outbox.where('record').equals(`batch:${id}`).first();
    // the server processes the POST; its answer is lost on the way back
    proxy.failNext(
      1,
      { kind: 'drop-response' },
      (r) => r.method === 'POST' && r.key === entry?.idempotency_key,
    );
    await runSyncCycle({ db, host, reason: 'manual', deps: testDependencies() });
    expect((await db.batches.get(id))?.batch_id).toBeUndefined();
    // as a killed engine leaves it: the request was sent, nothing of the answer stored
    await db.outbox.update(entry?.seq as number, { status: 'inflight' });
    db.close();

    const restarted = origin.open();
    const status = await syncUntilSettled(restarted, host);
    expect(status).toMatchObject({ state: 'idle', pending: 0 });

    const sends = proxy.log.filter((r) => r.method === 'POST' && r.key === entry?.idempotency_key);
    expect(sends.map((r) => [r.fault, r.upstreamStatus])).toEqual([
      ['drop-response', 202],
      ['pass', 202],
    ]);
    const onServer = (await server.batches()).filter((b) => b.client_batch_id === id);
    expect(onServer).toHaveLength(1);
    const local = await localView(restarted);
    expect(local.get(id)).toEqual(serverView(onServer).get(id));
  });

  it('pauses on a revoked token without dropping anything and completes with a new token', async () => {
    const db = memoryDatabase();
    const host = new RealClockHost();
    await configure(db, proxy.url, TOKENS.coord);
    const before = await submitLocalBatch(db, [item('token-mentor-1')]);
    await syncUntilSettled(db, host);

    // the administrator revokes the token; meanwhile the coordinator keeps working offline
    await restartServer([TOKENS.rotated, TOKENS.elsewhere, TOKENS.admin]);
    const after = await submitLocalBatch(db, [item('token-mentor-2')]);
    const paused = await runSyncCycle({ db, host, reason: 'change', deps: testDependencies() });
    expect(paused).toMatchObject({ state: 'paused-auth', last_error: AUTH_PAUSED_MESSAGE, pending: 1 });
    const requestsWhilePaused = proxy.log.length;
    expect(await runSyncCycle({ db, host, reason: 'tick', deps: testDependencies() })).toMatchObject({
      state: 'paused-auth',
    });
    // paused means paused: no request until the token changes
    expect(proxy.log.length).toBe(requestsWhilePaused);
    expect((await db.outbox.where('record').equals(`batch:${after}`).first())?.status).toBe('pending');

    await saveServerSettings(db, new IndexedDbTokenStore(db), { url: proxy.url, token: TOKENS.rotated });
    const resumed = await syncUntilSettled(db, host, testDependencies(), { reason: 'settings' });
    expect(resumed).toMatchObject({ state: 'idle', pending: 0, rejected: 0 });
    const onServer = (await server.batches()).filter(
      (b) => b.client_batch_id === before || b.client_batch_id === after,
    );
    expect(onServer.map((b) => b.client_batch_id).sort()).toEqual([before, after].sort());
    await restartServer([TOKENS.coord, TOKENS.rotated, TOKENS.elsewhere, TOKENS.admin]);
  }, 120_000);

  it('stops only the rejected record, shows the server message, and offers edit-and-retry or discard', async () => {
    const db = memoryDatabase();
    const host = new RealClockHost();
    await configure(db, server.url);
    const refused = await submitLocalBatch(db, [item('rej-mentor-1', '2026-03-24', 'knitting')], {
      label: 'bad',
    });
    await db.transaction('rw', db.outbox, async () => {
      const { appendOutboxEntry } = await import('../../../src/sync/outbox');
      await appendOutboxEntry(
        db,
        { record: `batch:${refused}`, op: 'batch.update', method: 'PUT', body: { label: 'bad, renamed' } },
        Date.now(),
      );
    });
    const fine = await submitLocalBatch(db, [item('rej-mentor-2')], { label: 'fine' });
    const abandoned = await submitLocalBatch(db, [item('rej-mentor-3', '2026-03-24', 'juggling')], {
      label: 'drop',
    });

    const status = await syncUntilSettled(db, host);
    expect(status).toMatchObject({ state: 'idle', rejected: 2, pending: 1 });
    expect(await db.batches.get(fine)).toMatchObject({ sync_state: 'synced', status: 'completed' });
    expect(await db.batches.get(refused)).toMatchObject({ sync_state: 'rejected' });
    const [create, relabel] = await db.outbox.where('record').equals(`batch:${refused}`).sortBy('seq');
    expect(create?.status).toBe('rejected');
    expect(create?.rejection).toMatchObject({ status: expect.any(Number), code: 'validation_failed' });
    // the server's sentence names the field to fix
    expect(create?.rejection?.message).toContain('items[0].activity_type');
    expect(create?.rejection?.status).toBeGreaterThanOrEqual(400);
    // the record's later change waits behind the refusal instead of being sent without its create
    expect(relabel).toMatchObject({ status: 'pending', attempts: 0 });

    await retryRejected(db, create?.seq as number, Date.now(), {
      ...(create?.body as object),
      items: [item('rej-mentor-1', '2026-03-24', 'workshop')],
    });
    const abandonedEntry = await db.outbox.where('record').equals(`batch:${abandoned}`).first();
    await discardRejected(db, abandonedEntry?.seq as number, Date.now());

    const after = await syncUntilSettled(db, host);
    expect(after).toMatchObject({ state: 'idle', rejected: 0, pending: 0 });
    expect(await db.batches.get(refused)).toMatchObject({ sync_state: 'synced', label: 'bad, renamed' });
    expect(await db.batches.get(abandoned)).toMatchObject({ sync_state: 'local' });
    const onServer = await server.batches();
    expect(onServer.filter((b) => b.client_batch_id === refused)).toEqual([
      expect.objectContaining({ label: 'bad, renamed', status: 'completed' }),
    ]);
    expect(onServer.filter((b) => b.client_batch_id === abandoned)).toEqual([]);
  }, 120_000);

  it('makes no request while the host is offline', async () => {
    const db = memoryDatabase();
    const host = new RealClockHost();
    host.online = false;
    await configure(db, proxy.url);
    await submitLocalBatch(db, [item('offline-mentor-1')]);
    const before = proxy.log.length;
    const status = await runSyncCycle({ db, host, reason: 'manual', deps: testDependencies() });
    expect(status).toMatchObject({ state: 'offline', pending: 1 });
    expect(proxy.log.length).toBe(before);
  });

  it('brings runs made elsewhere and forgets records the server deleted', async () => {
    const db = memoryDatabase();
    const host = new RealClockHost();
    await configure(db, server.url);
    const kept = await submitLocalBatch(db, [item('del-mentor-1'), item('del-mentor-2')], {
      provisional: ['success', 'success'],
    });
    const mine = await localRun(db, {
      triggered_by: 'local-check',
      expirations: [{ mentor_id: 'del-mentor-1', coordinator_id: COORDINATOR, expiry_date: '2026-04-01' }],
      evaluated_at: '2026-03-26T08:00:00Z',
    });
    const theirs = await server.call<RunDetail>(
      'POST',
      '/api/v1/expiry-orchestration',
      {
        triggered_by: 'laptop-2',
        expirations: [{ mentor_id: 'del-mentor-9', coordinator_id: COORDINATOR, expiry_date: '2026-03-28' }],
      },
      TOKENS.elsewhere,
    );
    await syncUntilSettled(db, host);
    expect(await db.expiryRuns.get(mine)).toMatchObject({
      sync_state: 'synced',
      notifications_dispatched: 1,
    });
    expect(await db.expiryRuns.get(theirs.run_id)).toMatchObject({
      sync_state: 'synced',
      triggered_by: 'laptop-2',
    });

    // another laptop deletes the batch and the run on the server
    const batchId = (await db.batches.get(kept))?.batch_id as string;
    await server.call('DELETE', `/api/v1/bulk-registrations/${batchId}`, undefined, TOKENS.elsewhere);
    await server.call('DELETE', `/api/v1/expiry-orchestration/${theirs.run_id}`, undefined, TOKENS.elsewhere);
    await syncUntilSettled(db, host, testDependencies(), { reason: 'manual' });

    expect(await db.batches.get(kept)).toBeUndefined();
    expect(await allItems(db, kept)).toHaveLength(0);
    expect(await db.expiryRuns.get(theirs.run_id)).toBeUndefined();
    expect(await db.expiryRuns.get(mine)).toBeDefined();
    // the registered activities stay, as on the server
    const activities = (await allActivities(db)).filter((a) =>
      ['del-mentor-1', 'del-mentor-2'].includes(a.mentor_id),
    );
    expect(activities.map((a) => a.confirmed)).toEqual([true, true]);
  }, 120_000);

  it('runs as the engine job sync.run when a sync is requested', async () => {
    const db = memoryDatabase();
    const host = new RealClockHost();
    await configure(db, server.url);
    const id = await submitLocalBatch(db, [item('engine-mentor-1')]);
    const engine = createEngine({
      db,
      host,
      ownerId: 'sync-test-engine',
      handlers: { [SYNC_JOB_KIND]: createSyncJobHandler(testDependencies()) },
      pollMs: 50,
    });
    await engine.start();
    try {
      await requestSync(db, 'change', host.now());
      await requestSync(db, 'change', host.now());
      expect(
        await db.jobs.where('[kind+status]').equals([SYNC_JOB_KIND, 'queued']).count(),
      ).toBeLessThanOrEqual(1);
      await eventually(
        async () => (await db.batches.get(id))?.sync_state === 'synced',
        'the batch is synced',
      );
      await eventually(
        async () => (await db.batches.get(id))?.status === 'completed',
        'its outcome is pulled',
      );
    } finally {
      await engine.stop();
    }
  }, 120_000);
});
