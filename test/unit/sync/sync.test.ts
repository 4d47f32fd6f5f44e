import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchCreated, BatchDetail } from '../../../src/contract';
import { readSyncStatus } from '../../../src/sync/status';
import {
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
} from './support';

let server: TestServer;
beforeAll(async () => {
  server = await TestServer.start();
});
afterAll(async () => {
  await server.close();
});

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
    const changed = await db.items.get([mine, 1]);
    expect(changed?.outcome_changed?.from).toBe('success');
    expect(changed?.error).toBe('Duplicate activity on this date');
    expect((await db.batches.get(mine))?.changed_outcomes).toBe(1);
    const activities = await db.activities.toArray();
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
});
