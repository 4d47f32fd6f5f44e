import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunDetail, RunSummary } from '../../../src/contract/expiryOrchestration';
import type { AppDatabase } from '../../../src/db';
import { getRunDetail, resolveRun, unreadNotificationCount, upsertRoster } from '../../../src/expiry';
import { reconcileTables } from '../../../src/sync/reconcile';
import { applyServerRun, needsRunDetail } from '../../../src/sync/reconcileRun';
import { ClockHost, memoryDatabase, mentorRow, runExpiryJob } from './support';

/**
 * Runs that arrive from the server (made on another device for the same coordinator, or the
 * server's answer to this device's push): their dispatched notifications join the log, so this
 * device never sends one of them again, and they are not shown as new.
 */

const COORD = 'coord_maya_patel';
const NOW = '2026-03-26T08:00:00Z';

let db: AppDatabase;
let host: ClockHost;

beforeEach(async () => {
  db = memoryDatabase();
  host = new ClockHost(Date.parse(NOW));
  await upsertRoster(
    db,
    [
      mentorRow('m-week', '2026-03-30'), // within 7 days on 2026-03-26
      mentorRow('m-month', '2026-04-15'), // within 30 days
      mentorRow('m-expired', '2026-03-20'), // expired
    ],
    host.now(),
  );
});

function serverRun(dispatched: RunDetail['dispatched_notifications'], overrides: Partial<RunDetail> = {}) {
  return {
    run_id: crypto.randomUUID(),
    triggered_by: 'desktop-scheduler',
    expirations_evaluated: 3,
    notifications_dispatched: dispatched.length,
    thresholds_hit: ['30_day', '7_day', 'expired'],
    status: 'completed',
    started_at: '2026-03-26T07:00:00Z',
    completed_at: '2026-03-26T07:00:02Z',
    evaluated_at: '2026-03-26T07:00:00Z',
    updated_at: '2026-03-26T07:00:02Z',
    dispatched_notifications: dispatched,
    ...overrides,
  } satisfies RunDetail;
}

const sent = (mentor_id: string, expiry_date: string | undefined, threshold: string) => ({
  mentor_id,
  coordinator_id: COORD,
  threshold,
  ...(expiry_date !== undefined ? { expiry_date } : {}),
});

/** As the pull applies a run: inside one transaction over the reconcile tables. */
async function pull(run: RunSummary | RunDetail): Promise<void> {
  await db.transaction('rw', reconcileTables(db), () => applyServerRun(db, run, 'UTC', NOW));
}

/** Log keys, settled: written in the pull's transaction or right after it. */
async function logKeys(expected: number): Promise<string[]> {
  await vi.waitFor(async () => expect(await db.notificationLog.count()).toBe(expected));
  return (await db.notificationLog.toArray())
    .map((row) => `${row.mentor_id}|${row.expiry_date}|${row.threshold}`)
    .sort();
}

async function runHere() {
  const runId = crypto.randomUUID();
  const result = await runExpiryJob(db, host, { triggered_by: 'desktop-scheduler', run_id: runId });
  expect(result.error).toBeUndefined();
  return getRunDetail(db, runId);
}

describe('a run pulled from the server', () => {
  it('stops this device from dispatching what the other device already dispatched', async () => {
    const other = serverRun([sent('m-week', '2026-03-30', '7_day'), sent('m-month', '2026-04-15', '30_day')]);
    await pull(other);
    expect(await logKeys(2)).toEqual(['m-month|2026-04-15|30_day', 'm-week|2026-03-30|7_day']);
    // recorded, not new: nothing unread, the run keeps them in its detail
    expect(await unreadNotificationCount(db)).toBe(0);
    expect((await getRunDetail(db, other.run_id)).dispatched_notifications).toHaveLength(2);

    const here = await runHere();
    expect(here.dispatched_notifications.map((n) => `${n.mentor_id}|${n.threshold}`)).toEqual([
      'm-expired|expired',
    ]);
    expect(host.notifications.map((n) => n.title)).toEqual(['1 certification needs attention']);
    expect(await unreadNotificationCount(db)).toBe(1);
  });

  it.each([
    {
      case: 'a more urgent threshold sent elsewhere silences the less urgent one',
      dispatched: [sent('m-week', '2026-03-30', 'expired')],
      expected: ['m-expired|expired', 'm-month|30_day'],
    },
    {
      case: 'a notification for an earlier expiry date does not silence the renewed one',
      dispatched: [sent('m-week', '2025-03-30', '7_day')],
      expected: ['m-expired|expired', 'm-month|30_day', 'm-week|7_day'],
    },
    {
      case: 'a notification without its expiry date is left out (it cannot be keyed safely)',
      dispatched: [sent('m-week', undefined, '7_day')],
      expected: ['m-expired|expired', 'm-month|30_day', 'm-week|7_day'],
    },
    {
      case: 'a summary without the list records nothing (the caller fetches the detail first)',
      dispatched: null,
      expected: ['m-expired|expired', 'm-month|30_day', 'm-week|7_day'],
    },
  ])('$case', async ({ dispatched, expected }) => {
    if (dispatched === null) {
      const { dispatched_notifications: _list, ...summary } = serverRun([
        sent('m-week', '2026-03-30', '7_day'),
      ]);
      expect(needsRunDetail(summary)).toBe(true);
      await pull(summary);
    } else {
      await pull(serverRun(dispatched));
    }
    const here = await runHere();
    expect(here.dispatched_notifications.map((n) => `${n.mentor_id}|${n.threshold}`).sort()).toEqual(
      expected,
    );
  });

  it('never overwrites what the log already holds (its run, its read state)', async () => {
    const mine = await runHere();
    expect(mine.notifications_dispatched).toBe(3);
    const before = await db.notificationLog.toArray();
    // the server's answer to this device's push lists the same notifications
    await pull(serverRun(mine.dispatched_notifications, { run_id: mine.run_id }));
    expect(await db.notificationLog.toArray()).toEqual(before);
    expect(await unreadNotificationCount(db)).toBe(3);
  });

  it('records them right after a caller’s transaction that does not cover the log', async () => {
    const other = serverRun([sent('m-week', '2026-03-30', '7_day')]);
    await db.transaction('rw', [db.expiryRuns, db.outbox, db.settings], () =>
      applyServerRun(db, other, 'UTC', NOW),
    );
    expect(await logKeys(1)).toEqual(['m-week|2026-03-30|7_day']);
    expect((await runHere()).dispatched_notifications.map((n) => n.mentor_id).sort()).toEqual([
      'm-expired',
      'm-month',
    ]);
  });

  it('needs the detail only when the summary hides dispatched notifications', () => {
    const detail = serverRun([sent('m-week', '2026-03-30', '7_day')]);
    const { dispatched_notifications: _list, ...summary } = detail;
    expect(needsRunDetail(detail)).toBe(false);
    expect(needsRunDetail(summary)).toBe(true);
    expect(needsRunDetail({ ...summary, notifications_dispatched: 0 })).toBe(false);
  });
});

describe('a run that failed here, as the server answers its push', () => {
  it('stays failed with its error against the server’s completed, and follows a resolution', async () => {
    await runExpiryJob(
      db,
      host,
      { triggered_by: 'admin_manual', run_id: crypto.randomUUID() },
      { failOnChunk: 1 },
    );
    const [failed] = await db.expiryRuns.toArray();
    expect(failed).toMatchObject({ status: 'failed', error: 'The disk is full' });
    // its create answered, as the push marks it before applying the answer
    await db.outbox.toCollection().modify({ status: 'done' });
    await pull(serverRun([], { run_id: failed!.run_id, expirations_evaluated: 0, thresholds_hit: [] }));
    expect(await db.expiryRuns.get(failed!.run_id)).toMatchObject({
      status: 'failed',
      error: 'The disk is full',
      sync_state: 'synced',
    });
    await pull(
      serverRun([], {
        run_id: failed!.run_id,
        status: 'resolved',
        resolution_notes: 'Freed some disk space',
        updated_at: '2026-03-26T09:00:00Z',
      }),
    );
    expect(await db.expiryRuns.get(failed!.run_id)).toMatchObject({
      status: 'resolved',
      resolution_notes: 'Freed some disk space',
    });
  });
});

describe('the answer to a run’s create while its resolve is still queued', () => {
  it('keeps the local resolution until the resolve is sent', async () => {
    const mine = await runHere();
    await resolveRun(db, mine.run_id, 'Called them', host.now());
    // the create was answered (as the push marks it done) and the resolve still waits
    const create = (await db.outbox.toArray()).find((entry) => entry.op === 'run.create');
    await db.outbox.update(create!.seq!, { status: 'done' });
    await pull(serverRun(mine.dispatched_notifications, { run_id: mine.run_id }));
    expect(await db.expiryRuns.get(mine.run_id)).toMatchObject({
      status: 'resolved',
      resolution_notes: 'Called them',
    });
    // the resolve's answer: the server caught up
    const update = (await db.outbox.toArray()).find((entry) => entry.op === 'run.update');
    await db.outbox.update(update!.seq!, { status: 'done' });
    await pull(
      serverRun(mine.dispatched_notifications, {
        run_id: mine.run_id,
        status: 'resolved',
        resolution_notes: 'Called them',
      }),
    );
    expect(await db.expiryRuns.get(mine.run_id)).toMatchObject({
      status: 'resolved',
      resolution_notes: 'Called them',
    });
  });
});
