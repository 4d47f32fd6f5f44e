import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/engine/engine';
import { jobHandlers } from '../../../src/engine/jobs';
import { expiryTick, listRuns, requestRunNow, setDailyRunTime, upsertRoster } from '../../../src/expiry';
import { ClockHost, memoryDatabase, mentorRow } from './support';

async function queuedRuns(db: ReturnType<typeof memoryDatabase>) {
  const jobs = await db.jobs.where('kind').equals('expiry.run').sortBy('created_at');
  return jobs.map((job) => (job.payload as { triggered_by: string }).triggered_by);
}

describe('expiryTick: the daily schedule', () => {
  it('queues one scheduled run per local day, at once the first time and then at the daily time', async () => {
    const db = memoryDatabase();
    // 06:00 in New York on the first start: never ran, so at once
    const host = new ClockHost(Date.parse('2026-03-26T10:00:00Z'), 'America/New_York');
    expect((await expiryTick(db, host, 'startup')).schedule).toEqual({ due: true, reason: 'first-run' });
    expect((await expiryTick(db, host, 'interval')).schedule).toEqual({ due: false, reason: 'ran-today' });

    host.set('2026-03-27T11:59:00Z'); // 07:59 local the next day
    expect((await expiryTick(db, host, 'interval')).schedule.due).toBe(false);
    host.set('2026-03-27T12:00:00Z'); // 08:00
    expect((await expiryTick(db, host, 'interval')).schedule).toEqual({ due: true, reason: 'daily-time' });
    host.set('2026-03-27T12:30:00Z');
    expect((await expiryTick(db, host, 'resume')).schedule.due).toBe(false);

    // the clock moved back an hour: 08:00 comes again, but the day already had its run
    host.set('2026-03-27T11:45:00Z');
    expect((await expiryTick(db, host, 'interval')).schedule.due).toBe(false);
    host.set('2026-03-27T12:00:00Z');
    expect((await expiryTick(db, host, 'interval')).schedule.due).toBe(false);

    expect(await queuedRuns(db)).toEqual(['desktop-scheduler', 'desktop-scheduler']);

    // the laptop slept through the 28th: on waking at 06:00 on the 29th the run is overdue
    host.set('2026-03-29T10:00:00Z');
    expect((await expiryTick(db, host, 'resume')).schedule).toEqual({ due: true, reason: 'overdue' });
  });

  it('follows the configured daily time', async () => {
    const db = memoryDatabase();
    await setDailyRunTime(db, '06:30');
    const host = new ClockHost(Date.parse('2026-03-26T06:30:00Z'));
    await expiryTick(db, host, 'startup');
    host.set('2026-03-27T06:29:00Z');
    expect((await expiryTick(db, host, 'interval')).schedule.due).toBe(false);
    host.set('2026-03-27T06:30:00Z');
    expect((await expiryTick(db, host, 'interval')).schedule.due).toBe(true);
  });

  it('"Run now" queues a manual run whatever the schedule', async () => {
    const db = memoryDatabase();
    const host = new ClockHost(Date.parse('2026-03-26T10:00:00Z'));
    await expiryTick(db, host, 'startup');
    host.advance(1000);
    const runId = await requestRunNow(db, host.now());
    expect(runId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await queuedRuns(db)).toEqual(['desktop-scheduler', 'admin_manual']);
  });
});

describe('with the engine', () => {
  it('runs the scheduled job offline and notifies the coordinator once', async () => {
    const db = memoryDatabase();
    const host = new ClockHost(Date.parse('2026-03-26T08:00:00Z'), 'Europe/London');
    // imported two months earlier, while no reminder was due yet: only the schedule runs now
    const twoMonthsEarlier = host.now() - 60 * 86_400_000;
    await upsertRoster(db, [mentorRow('a', '2026-03-27'), mentorRow('b', '2026-04-20')], twoMonthsEarlier);
    const engine = createEngine({ db, host, ownerId: 'test-engine', handlers: jobHandlers, pollMs: 20 });
    await engine.start();
    try {
      await expiryTick(db, host, 'startup');
      engine.kick();
      const jobDone = async () => (await db.jobs.where('status').equals('done').count()) > 0;
      for (let i = 0; i < 500 && !(await jobDone()); i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const runs = await listRuns(db);
      expect(runs.data).toHaveLength(1);
      expect(runs.data[0]).toMatchObject({
        triggered_by: 'desktop-scheduler',
        status: 'completed',
        notifications_dispatched: 2,
        thresholds_hit: ['30_day', '7_day'],
      });
      expect(host.notifications.map((n) => n.title)).toEqual(['2 certifications need attention']);
      expect((await db.jobs.toArray()).map((job) => job.status)).toEqual(['done']);
    } finally {
      await engine.stop();
    }
  });
});
