import { afterEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../../src/db';
import {
  ENGINE_STATUS_KEY,
  createEngine,
  enqueueJob,
  readEngineStatus,
  type Engine,
  type EngineOptions,
  type JobHandler,
} from '../../../src/engine';
import { TestHost, deferred, eventually, memoryOrigin } from './support';

const engines: Engine[] = [];
const databases: AppDatabase[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.stop()));
  databases.splice(0).forEach((db) => db.close());
});

function setup() {
  const origin = memoryOrigin();
  const open = () => {
    const db = origin.open();
    databases.push(db);
    return db;
  };
  const host = new TestHost();
  const start = async (
    db: AppDatabase,
    ownerId: string,
    handlers: Record<string, JobHandler>,
    extra: Partial<EngineOptions> = {},
  ) => {
    const engine = createEngine({ db, host, ownerId, handlers, leaseMs: 300, pollMs: 20, ...extra });
    engines.push(engine);
    await engine.start();
    return engine;
  };
  return { open, host, start };
}

const jobStatus = async (db: AppDatabase, id: string) => (await db.jobs.get(id))?.status;

describe('engine', () => {
  it('runs a queued job to done and shows running while it works, idle after', async () => {
    const { open, host, start } = setup();
    const db = open();
    const gate = deferred();
    const seen: string[] = [];
    await start(db, 'engine-1', {
      'test.job': async ({ job }) => {
        seen.push(job.subject ?? '');
        await gate.promise;
      },
    });
    const job = await enqueueJob(db, { kind: 'test.job', subject: 'batch-x' }, host.now());

    await eventually(async () => (await readEngineStatus(db))?.state === 'running', 'status running');
    expect(await readEngineStatus(db)).toMatchObject({ owner: 'engine-1', active_job: job.id });
    gate.resolve();
    await eventually(async () => (await jobStatus(db, job.id)) === 'done', 'job done');
    await eventually(async () => (await readEngineStatus(db))?.state === 'idle', 'status idle');
    expect(seen).toEqual(['batch-x']);
  });

  it('marks a job failed and publishes the error when its handler throws', async () => {
    const { open, host, start } = setup();
    const db = open();
    await start(db, 'engine-1', {
      'test.job': async () => {
        throw new Error('Mentor list is unreadable');
      },
    });
    const job = await enqueueJob(db, { kind: 'test.job' }, host.now());

    await eventually(async () => (await jobStatus(db, job.id)) === 'failed', 'job failed');
    expect((await db.jobs.get(job.id))?.error).toBe('Mentor list is unreadable');
    await eventually(async () => (await readEngineStatus(db))?.state === 'error', 'status error');
    expect((await readEngineStatus(db))?.error).toContain('Mentor list is unreadable');
  });

  it('says so while it cannot read the queue, and recovers when it can', async () => {
    const { open, start } = setup();
    const db = open();
    let failing = true;
    const original = db.jobs.where.bind(db.jobs);
    db.jobs.where = ((index: string) => {
      if (failing) throw new Error('the disk went away');
      return original(index);
    }) as typeof db.jobs.where;
    await start(db, 'engine-1', {});

    await eventually(async () => (await readEngineStatus(db))?.state === 'error', 'status error');
    expect((await readEngineStatus(db))?.error).toBe('Cannot read the job queue: the disk went away');
    failing = false;
    await eventually(async () => (await readEngineStatus(db))?.state === 'idle', 'status idle again');
  });

  it('wakes on a job stored by another connection without kick or poll', async () => {
    const { open, host, start } = setup();
    const engineDb = open();
    const windowDb = open();
    const ran = deferred<string>();
    await start(
      engineDb,
      'engine-1',
      { 'test.job': async ({ job }) => ran.resolve(job.id) },
      { pollMs: 3_600_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 20));

    const job = await enqueueJob(windowDb, { kind: 'test.job' }, host.now());
    expect(await ran.promise).toBe(job.id);
  });

  it('wakes on a host tick', async () => {
    const { open, host, start } = setup();
    const db = open();
    const ran = deferred<string>();
    const engine = await start(
      db,
      'engine-1',
      { 'test.job': async ({ job }) => ran.resolve(job.id) },
      { pollMs: 3_600_000 },
    );
    // store the job without the engine noticing: same effect as a change it missed
    engine.kick();
    const job = await enqueueJob(db, { kind: 'test.job' }, host.now());
    host.tick('resume');
    expect(await ran.promise).toBe(job.id);
  });

  it('stop aborts the handler at its next boundary and puts the job back in the queue', async () => {
    const { open, host, start } = setup();
    const db = open();
    const started = deferred();
    const engine = await start(db, 'engine-1', {
      'test.job': async ({ signal }) => {
        started.resolve();
        await new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => resolve(), { once: true }),
        );
      },
    });
    const job = await enqueueJob(db, { kind: 'test.job' }, host.now());
    await started.promise;

    await engine.stop();

    expect(await db.jobs.get(job.id)).toMatchObject({ status: 'queued', lease_expires_at: 0 });
    expect(((await db.settings.get(ENGINE_STATUS_KEY))?.value as { state: string }).state).toBe('stopped');
  });

  it('two engines on one database run every job exactly once', async () => {
    const { open, host, start } = setup();
    const dbA = open();
    const dbB = open();
    const runs: Array<{ job: string; owner: string }> = [];
    const handler =
      (owner: string): JobHandler =>
      async ({ job }) => {
        runs.push({ job: job.id, owner });
        await new Promise((resolve) => setTimeout(resolve, 1));
      };
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push((await enqueueJob(dbA, { kind: 'test.job' }, host.now() + i)).id);
    await Promise.all([
      start(dbA, 'engine-a', { 'test.job': handler('a') }),
      start(dbB, 'engine-b', { 'test.job': handler('b') }),
    ]);

    await eventually(async () => (await dbA.jobs.where('status').equals('done').count()) === 40, 'all done');
    expect(runs.map((run) => run.job).sort()).toEqual([...ids].sort());
  });

  it('a job whose runner died is taken over after its lease and the dead runner cannot finish it', async () => {
    const { open, host, start } = setup();
    const deadDb = open();
    const liveDb = open();
    const firstRun = deferred();
    const runs: string[] = [];
    await start(deadDb, 'engine-dead', {
      'test.job': async ({ signal }) => {
        runs.push('dead');
        firstRun.resolve();
        // frozen until the test ends and stops the engine
        await new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => resolve(), { once: true }),
        );
      },
    });
    const job = await enqueueJob(deadDb, { kind: 'test.job' }, host.now());
    await firstRun.promise;
    deadDb.close(); // the context dies: no more heartbeats reach the database

    await start(liveDb, 'engine-live', {
      'test.job': async () => {
        runs.push('live');
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await jobStatus(liveDb, job.id)).toBe('running');

    host.advance(301);
    await eventually(async () => (await jobStatus(liveDb, job.id)) === 'done', 'taken over and done');
    expect(runs).toEqual(['dead', 'live']);
    expect((await liveDb.jobs.get(job.id))?.attempts).toBe(2);
  });

  it('a runner that lost its lease stops its handler and leaves the job to the new holder', async () => {
    const { open, host, start } = setup();
    const db = open();
    const started = deferred();
    let aborted: unknown;
    await start(db, 'engine-1', {
      'test.job': async ({ signal, progress }) => {
        started.resolve();
        await new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => resolve(), { once: true }),
        );
        aborted = signal.reason;
        await progress(1, 1).catch(() => undefined);
      },
    });
    const job = await enqueueJob(db, { kind: 'test.job' }, host.now());
    await started.promise;
    await db.jobs.update(job.id, { lease_owner: 'engine-2' }); // another runner took it over

    await eventually(() => aborted !== undefined, 'handler aborted');
    expect((aborted as Error).name).toBe('LeaseLostError');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await db.jobs.get(job.id)).toMatchObject({ status: 'running', lease_owner: 'engine-2' });
  });
});
