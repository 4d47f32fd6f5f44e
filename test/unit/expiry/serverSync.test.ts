import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunDetail, RunList } from '../../../src/contract/expiryOrchestration';
import type { AppDatabase } from '../../../src/db';
import { addDays } from '../../../src/domain/expiryCalendar';
import {
  DISPATCH_CHUNK,
  getRunDetail,
  listRuns,
  unreadNotificationCount,
  upsertRoster,
} from '../../../src/expiry';
import {
  COORDINATOR,
  configure,
  memoryDatabase,
  RealClockHost,
  syncUntilSettled,
  TestServer,
  TOKENS,
} from '../sync/support';
import { ClockHost, mentorRow, runExpiryJob } from './support';

/**
 * Expiry runs against the real reference server (in-process, PGlite in memory): what one device
 * dispatched reaches the server with its run, the server sends none of it again, and another
 * laptop of the same coordinator learns it through the feed and does not remind again.
 */

let server: TestServer;

beforeEach(async () => {
  server = await TestServer.start();
});

afterEach(async () => {
  await server.close();
});

const today = new Date().toISOString().slice(0, 10);

/** A device in UTC on the real clock, its roster imported. */
async function device(token: string, mentors: number) {
  const db = memoryDatabase();
  const host = new ClockHost(Date.now(), 'UTC');
  await upsertRoster(
    db,
    Array.from({ length: mentors }, (_, i) =>
      mentorRow(`m-${String(i).padStart(4, '0')}`, addDays(today, (i % 30) - 5), COORDINATOR),
    ),
    host.now(),
  );
  await configure(db, server.url, token);
  return { db, host };
}

async function runOn(db: AppDatabase, host: ClockHost, failOnChunk?: number) {
  const runId = crypto.randomUUID();
  const result = await runExpiryJob(
    db,
    host,
    { triggered_by: 'desktop-scheduler', run_id: runId },
    failOnChunk === undefined ? {} : { failOnChunk },
  );
  return { runId, result, run: await getRunDetail(db, runId) };
}

async function sync(db: AppDatabase) {
  const status = await syncUntilSettled(db, new RealClockHost());
  expect(status.state).toBe('idle');
}

async function serverRun(runId: string): Promise<RunDetail> {
  return server.call<RunDetail>('GET', `/api/v1/expiry-orchestration/${runId}`, undefined, TOKENS.coord);
}

describe('expiry runs and the server', () => {
  it('a failed run reaches the server with what it sent, so a later run is not sent again by the server', async () => {
    const laptop = await device(TOKENS.coord, DISPATCH_CHUNK + 40);
    const failed = await runOn(laptop.db, laptop.host, 2);
    expect(failed.run.status).toBe('failed');
    expect(failed.run.notifications_dispatched).toBe(DISPATCH_CHUNK);
    await sync(laptop.db);

    // the server holds the part it got through: the same counts and notifications
    const held = await serverRun(failed.runId);
    expect(held).toMatchObject({
      expirations_evaluated: DISPATCH_CHUNK,
      notifications_dispatched: DISPATCH_CHUNK,
      thresholds_hit: failed.run.thresholds_hit,
    });
    expect(held.dispatched_notifications).toHaveLength(DISPATCH_CHUNK);
    // locally it stays failed, with its error
    expect(await laptop.db.expiryRuns.get(failed.runId)).toMatchObject({
      status: 'failed',
      error: 'The disk is full',
      sync_state: 'synced',
    });

    // the next run sends the rest; the server sends nothing of its own
    const next = await runOn(laptop.db, laptop.host);
    await sync(laptop.db);
    const nextHeld = await serverRun(next.runId);
    expect(nextHeld.notifications_dispatched).toBe(next.run.notifications_dispatched);
    expect(nextHeld.dispatched_notifications).toHaveLength(next.run.notifications_dispatched);
    const total = await unreadNotificationCount(laptop.db);
    expect(held.notifications_dispatched + nextHeld.notifications_dispatched).toBe(total);
  });

  it('another laptop of the same coordinator pulls the run and never reminds again', async () => {
    const first = await device(TOKENS.coord, 60);
    const sent = await runOn(first.db, first.host);
    expect(sent.run.notifications_dispatched).toBeGreaterThan(0);
    await sync(first.db);

    const second = await device(TOKENS.elsewhere, 60);
    await sync(second.db);
    const pulled = await listRuns(second.db);
    expect(pulled.data.map((run) => run.run_id)).toEqual([sent.runId]);
    expect(await second.db.notificationLog.count()).toBe(sent.run.notifications_dispatched);
    // recorded as sent elsewhere, not shown as new here
    expect(await unreadNotificationCount(second.db)).toBe(0);

    const again = await runOn(second.db, second.host);
    expect(again.run.notifications_dispatched).toBe(0);
    expect(second.host.notifications).toEqual([]);
    await sync(second.db);
    const list = await server.call<RunList>(
      'GET',
      '/api/v1/expiry-orchestration?limit=100',
      undefined,
      TOKENS.coord,
    );
    expect(list.data.map((run) => [run.run_id, run.notifications_dispatched]).sort()).toEqual(
      [
        [sent.runId, sent.run.notifications_dispatched],
        [again.runId, 0],
      ].sort(),
    );
  });
});
