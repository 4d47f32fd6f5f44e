import { describe, expect, it } from 'vitest';
import {
  enqueueJob,
  readEngineStatus,
  runAsLeader,
  runEngineWhenLeader,
  untilAborted,
  type JobHandler,
} from '../../../src/engine';
import { TestHost, TestLocks, deferred, eventually, memoryDatabase } from './support';

const LOCK = 'test/engine';

function contender(locks: TestLocks, log: string[], name: string) {
  return runAsLeader(locks, LOCK, async (signal) => {
    log.push(`${name} leads`);
    await untilAborted(signal);
    log.push(`${name} steps down`);
  });
}

describe('leader election', () => {
  it('lets exactly one context lead and hands over when it releases', async () => {
    const locks = new TestLocks();
    const log: string[] = [];
    const first = contender(locks, log, 'tab-1');
    const second = contender(locks, log, 'tab-2');
    await eventually(() => first.isLeader(), 'tab-1 leads');
    expect(second.isLeader()).toBe(false);

    await first.release();

    await eventually(() => second.isLeader(), 'tab-2 leads');
    expect(first.isLeader()).toBe(false);
    expect(log).toEqual(['tab-1 leads', 'tab-1 steps down', 'tab-2 leads']);
    await second.release();
  });

  it('a context that gives up while waiting never leads', async () => {
    const locks = new TestLocks();
    const log: string[] = [];
    const first = contender(locks, log, 'tab-1');
    const second = contender(locks, log, 'tab-2');
    const third = contender(locks, log, 'tab-3');
    await eventually(() => first.isLeader(), 'tab-1 leads');

    await second.release();
    await second.done;
    await first.release();

    await eventually(() => third.isLeader(), 'tab-3 leads');
    expect(log).not.toContain('tab-2 leads');
    await third.release();
  });

  it('a leader that fails gives the lock up and reports the failure', async () => {
    const locks = new TestLocks();
    const log: string[] = [];
    const broken = runAsLeader(locks, LOCK, async () => {
      throw new Error('cannot open the database');
    });
    const next = contender(locks, log, 'tab-2');
    await expect(broken.done).rejects.toThrow('cannot open the database');
    await eventually(() => next.isLeader(), 'tab-2 leads');
    await next.release();
  });

  it('runs the engine only in the leading context', async () => {
    const locks = new TestLocks();
    const db = memoryDatabase();
    const host = new TestHost();
    const options = (ownerId: string) => ({ db, host, ownerId, handlers: {}, leaseMs: 300, pollMs: 20 });
    const first = runEngineWhenLeader(locks, options('engine-1'), LOCK);
    const second = runEngineWhenLeader(locks, options('engine-2'), LOCK);
    await eventually(async () => (await readEngineStatus(db))?.owner === 'engine-1', 'engine-1 runs');

    await first.release();
    await eventually(async () => (await readEngineStatus(db))?.owner === 'engine-2', 'engine-2 runs');
    expect((await readEngineStatus(db))?.state).toBe('idle');
    await second.release();
    expect((await readEngineStatus(db))?.state).toBe('stopped');
    db.close();
  });

  it('a leader that steps down mid-job hands the job to the next leader, which finishes it', async () => {
    const locks = new TestLocks();
    const db = memoryDatabase();
    const host = new TestHost();
    const firstStarted = deferred();
    const steps: string[] = [];
    const handler =
      (owner: string): JobHandler =>
      async ({ signal, progress }) => {
        for (let step = 1; step <= 3; step++) {
          if (signal.aborted) return;
          const done = (await db.settings.get('test.steps'))?.value as number | undefined;
          if ((done ?? 0) >= step) continue; // already done by an earlier leader
          steps.push(`${owner} step ${step}`);
          await db.settings.put({ key: 'test.steps', value: step });
          await progress(step, 3);
          if (owner === 'engine-1') {
            firstStarted.resolve();
            await untilAborted(signal);
          }
        }
      };
    const options = (ownerId: string) => ({
      db,
      host,
      ownerId,
      handlers: { 'test.job': handler(ownerId) },
      leaseMs: 300,
      pollMs: 20,
    });
    const first = runEngineWhenLeader(locks, options('engine-1'), LOCK);
    const second = runEngineWhenLeader(locks, options('engine-2'), LOCK);
    const job = await enqueueJob(db, { kind: 'test.job' }, host.now());
    await firstStarted.promise;

    await first.release(); // the leader's tab closes

    await eventually(async () => (await db.jobs.get(job.id))?.status === 'done', 'job done');
    expect(steps).toEqual(['engine-1 step 1', 'engine-2 step 2', 'engine-2 step 3']);
    await second.release();
    db.close();
  });
});
