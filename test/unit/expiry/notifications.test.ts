import { beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../../src/db';
import {
  DISPATCH_CHUNK,
  deliverPendingNotifications,
  expiryTick,
  groupedNotification,
  listNotifications,
  markNotificationsRead,
  setQuietHours,
  unreadNotificationCount,
  upsertRoster,
} from '../../../src/expiry';
import { ClockHost, memoryDatabase, mentorRow, runExpiryJob } from './support';

let db: AppDatabase;

beforeEach(async () => {
  db = memoryDatabase();
  await upsertRoster(
    db,
    [
      mentorRow('mentor_sarah_chen', '2026-04-15'),
      mentorRow('mentor_james_okafor', '2026-03-30'),
      mentorRow('mentor_ana_lima', '2026-03-20'),
    ],
    Date.parse('2026-03-20T00:00:00Z'),
  );
});

describe('grouped host notifications', () => {
  it('shows one notification per run, opening the mentors concerned', async () => {
    const host = new ClockHost(Date.parse('2026-03-26T08:00:00Z'));
    const runId = crypto.randomUUID();
    await runExpiryJob(db, host, { triggered_by: 'desktop-scheduler', run_id: runId });
    expect(host.notifications).toEqual([
      {
        title: '3 certifications need attention',
        body: '1 expired, 1 within 7 days, 1 within 30 days',
        tag: 'expiry-attention',
        route: `#/mentors?attention=${runId}`,
      },
    ]);
    await runExpiryJob(db, host);
    expect(host.notifications).toHaveLength(1);
  });

  it('shows a run interrupted and resumed once, with everything it dispatched', async () => {
    await upsertRoster(
      db,
      Array.from({ length: DISPATCH_CHUNK + 20 }, (_, i) => mentorRow(`m-${i}`, '2026-04-01')),
      Date.parse('2026-03-20T00:00:00Z'),
    );
    const host = new ClockHost(Date.parse('2026-03-26T08:00:00Z'));
    const payload = { triggered_by: 'desktop-scheduler' as const, run_id: crypto.randomUUID() };
    const first = await runExpiryJob(db, host, payload, { abortAfterChunks: 1 });
    expect(first.outcome).toBe('aborted');
    expect(host.notifications).toEqual([]);
    await runExpiryJob(db, host, payload, { job: first.job });
    expect(host.notifications.map((n) => n.title)).toEqual([
      `${DISPATCH_CHUNK + 23} certifications need attention`,
    ]);
  });

  it('says "1 certification" in the singular', () => {
    expect(groupedNotification([{ threshold: '7_day' }], ['r']).title).toBe(
      '1 certification needs attention',
    );
  });

  it('holds notifications during quiet hours and delivers them grouped at the first tick after', async () => {
    await setQuietHours(db, { start: '21:00', end: '07:00' });
    // 22:00 in Sydney
    const host = new ClockHost(Date.parse('2026-03-26T11:00:00Z'), 'Australia/Sydney');
    await runExpiryJob(db, host);
    host.advance(3600_000);
    await upsertRoster(db, [mentorRow('mentor_late', '2026-04-01')], host.now());
    await runExpiryJob(db, host);
    expect(host.notifications).toEqual([]);
    expect(await db.notificationLog.filter((row) => !row.delivered).count()).toBe(4);
    expect(await listNotifications(db)).toEqual([]);

    host.set('2026-03-26T19:59:00Z'); // 06:59 local
    expect((await expiryTick(db, host, 'interval')).delivery).toEqual({ state: 'held', count: 4 });
    expect(host.notifications).toEqual([]);

    host.set('2026-03-26T20:00:00Z'); // 07:00 local
    const outcome = await expiryTick(db, host, 'interval');
    expect(outcome.delivery).toMatchObject({ state: 'delivered', count: 4 });
    expect(host.notifications).toHaveLength(1);
    expect(host.notifications[0]?.title).toBe('4 certifications need attention');
    expect(await db.notificationLog.filter((row) => !row.delivered).count()).toBe(0);

    expect((await deliverPendingNotifications(db, host)).state).toBe('nothing');
    expect(host.notifications).toHaveLength(1);
  });
});

describe('the in-app notification list', () => {
  it('lists delivered notifications latest first with an unread count, and marks them read', async () => {
    const host = new ClockHost(Date.parse('2026-03-26T08:00:00Z'));
    await runExpiryJob(db, host);
    host.advance(86_400_000 * 10);
    await runExpiryJob(db, host);
    const list = await listNotifications(db);
    // the latest run's notification first, then the first run's three
    expect(list.map((n) => n.dispatched_at)).toEqual([
      '2026-04-05T08:00:00Z',
      '2026-03-26T08:00:00Z',
      '2026-03-26T08:00:00Z',
      '2026-03-26T08:00:00Z',
    ]);
    expect(
      list
        .slice(1)
        .map((n) => `${n.mentor_id} ${n.threshold}`)
        .sort(),
    ).toEqual(['mentor_ana_lima expired', 'mentor_james_okafor 7_day', 'mentor_sarah_chen 30_day']);
    expect(list[0]).toMatchObject({
      mentor_name: 'Mentor mentor_james_okafor',
      read: false,
      expiry_date: '2026-03-30',
    });
    expect(await unreadNotificationCount(db)).toBe(4);

    expect(await markNotificationsRead(db, [list[0]?.key as [string, string, string]])).toBe(1);
    expect(await unreadNotificationCount(db)).toBe(3);
    expect(await markNotificationsRead(db, 'all')).toBe(3);
    expect(await unreadNotificationCount(db)).toBe(0);
  });
});
