import { describe, expect, it } from 'vitest';
import { runEngineWhenLeader, type EngineService } from '../../../src/engine';
import { jobHandlers } from '../../../src/engine/jobs';
import { expiryScheduleService } from '../../../src/engine/services';
import { listRuns, upsertRoster } from '../../../src/expiry';
import { TestHost, TestLocks, eventually, memoryDatabase } from './support';

const LOCK = 'test/engine-services';
const DAY_MS = 86_400_000;

/** A service that records when it runs, in which context. */
function recordingService(name: string, log: string[]): EngineService {
  return () => {
    log.push(`${name} started`);
    return () => log.push(`${name} stopped`);
  };
}

describe('engine services', () => {
  it('run only in the leader, start with it and stop when it steps down', async () => {
    const locks = new TestLocks();
    const db = memoryDatabase();
    const host = new TestHost();
    const log: string[] = [];
    const options = (name: string) => ({
      db,
      host,
      ownerId: name,
      handlers: {},
      leaseMs: 300,
      pollMs: 20,
      services: [recordingService(`${name} sync`, log), recordingService(`${name} expiry`, log)],
    });
    const first = runEngineWhenLeader(locks, options('tab-1'), LOCK);
    const second = runEngineWhenLeader(locks, options('tab-2'), LOCK);
    await eventually(() => log.length === 2, 'the leader started its services');
    expect(log).toEqual(['tab-1 sync started', 'tab-1 expiry started']);

    await first.release();
    await eventually(() => log.length === 6, 'the next leader started its services');
    expect(log).toEqual([
      'tab-1 sync started',
      'tab-1 expiry started',
      'tab-1 expiry stopped',
      'tab-1 sync stopped',
      'tab-2 sync started',
      'tab-2 expiry started',
    ]);

    await second.release();
    expect(log.slice(6)).toEqual(['tab-2 expiry stopped', 'tab-2 sync stopped']);
    db.close();
  });

  it('the expiry service runs the scheduled run on the leader, and no longer once it stepped down', async () => {
    const locks = new TestLocks();
    const db = memoryDatabase();
    const host = new TestHost(Date.parse('2026-03-26T10:00:00Z'));
    await upsertRoster(
      db,
      [
        { mentor_id: 'm-soon', name: 'Soon', coordinator_id: 'coord-1', expiry_date: '2026-04-01' },
        { mentor_id: 'm-later', name: 'Later', coordinator_id: 'coord-1', expiry_date: '2027-01-01' },
      ],
      // imported two months earlier, while nothing was due: only the schedule runs now
      host.now() - 60 * DAY_MS,
    );
    const leader = runEngineWhenLeader(
      locks,
      {
        db,
        host,
        ownerId: 'engine-1',
        handlers: jobHandlers,
        leaseMs: 300,
        pollMs: 20,
        services: [expiryScheduleService()],
      },
      LOCK,
    );

    // never ran: the service's first look queues a run, which the engine then runs
    await eventually(
      async () => (await listRuns(db)).data[0]?.status === 'completed',
      'the first scheduled run completed',
    );
    const [run] = (await listRuns(db)).data;
    expect(run).toMatchObject({ triggered_by: 'desktop-scheduler', notifications_dispatched: 1 });
    await eventually(() => host.notifications.length === 1, 'one grouped notification');
    expect(host.notifications[0]?.title).toBe('1 certification needs attention');

    await leader.release();
    host.advance(DAY_MS); // the daily time of the next day has passed
    host.tick('interval');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await db.jobs.where('kind').equals('expiry.run').count()).toBe(1);
    db.close();
  });

  it('reports a failing tick instead of throwing it into the host', async () => {
    const db = memoryDatabase();
    class BrokenZoneHost extends TestHost {
      override timeZone(): string {
        return 'Not/AZone';
      }
    }
    const host = new BrokenZoneHost();
    const reported: unknown[] = [];
    const stop = expiryScheduleService((error) => reported.push(error))(db, host);

    expect(() => host.tick('interval')).not.toThrow();
    await eventually(() => reported.length === 2, 'the start-up look and the tick were both reported');
    expect(reported[0]).toBeInstanceOf(RangeError);

    stop();
    host.tick('interval');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reported).toHaveLength(2);
    db.close();
  });
});
