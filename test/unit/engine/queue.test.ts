import { afterEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../../src/db';
import { claimNextJob, enqueueJob, finishJob, releaseLeases, renewLease } from '../../../src/engine';
import { memoryOrigin } from './support';

const T0 = Date.UTC(2026, 2, 26, 10, 0, 0);
const LEASE = 15_000;
const kinds = new Set(['batch.process']);
const opened: AppDatabase[] = [];
afterEach(() => opened.splice(0).forEach((db) => db.close()));

function origin() {
  const o = memoryOrigin();
  return () => {
    const db = o.open();
    opened.push(db);
    return db;
  };
}

const claim = (db: AppDatabase, owner: string, now: number, maxAttempts = 5) =>
  claimNextJob(db, { owner, now, leaseMs: LEASE, kinds, maxAttempts });

describe('job queue', () => {
  it('claims the oldest queued job and leases it to the claimer', async () => {
    const db = origin()();
    const first = await enqueueJob(db, { kind: 'batch.process', subject: 'a' }, T0);
    await enqueueJob(db, { kind: 'batch.process', subject: 'b' }, T0 + 1);

    const claimed = await claim(db, 'runner-1', T0 + 10);

    expect(claimed).toMatchObject({ id: first.id, status: 'running', lease_owner: 'runner-1', attempts: 1 });
    expect(claimed?.lease_expires_at).toBe(T0 + 10 + LEASE);
    expect(await db.jobs.get(first.id)).toMatchObject({ status: 'running', lease_owner: 'runner-1' });
  });

  it('jobs queued in the same millisecond are claimed in the order they were queued', async () => {
    const db = origin()();
    const queued: string[] = [];
    for (let i = 0; i < 20; i++) queued.push((await enqueueJob(db, { kind: 'batch.process' }, T0)).id);
    const claimed: string[] = [];
    for (let job = await claim(db, 'r', T0); job; job = await claim(db, 'r', T0)) claimed.push(job.id);
    expect(claimed).toEqual(queued);
  });

  it('leaves jobs of kinds it has no handler for', async () => {
    const db = origin()();
    await enqueueJob(db, { kind: 'expiry.run' }, T0);
    expect(await claim(db, 'runner-1', T0)).toBeUndefined();
  });

  it('joins the caller transaction: a failure after enqueueing stores no job', async () => {
    const db = origin()();
    await expect(
      db.transaction('rw', db.jobs, db.batches, async () => {
        await enqueueJob(db, { kind: 'batch.process' }, T0);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.jobs.count()).toBe(0);
  });

  it('does not hand a leased job to a second runner until the lease expires', async () => {
    const db = origin()();
    const job = await enqueueJob(db, { kind: 'batch.process' }, T0);
    await claim(db, 'dead-runner', T0);

    expect(await claim(db, 'runner-2', T0 + LEASE - 1)).toBeUndefined();
    const reclaimed = await claim(db, 'runner-2', T0 + LEASE);
    expect(reclaimed).toMatchObject({ id: job.id, lease_owner: 'runner-2', attempts: 2 });

    // the first runner, come back to life, can neither renew nor finish it
    expect(await renewLease(db, job.id, { owner: 'dead-runner', now: T0 + LEASE + 1, leaseMs: LEASE })).toBe(
      false,
    );
    expect(await finishJob(db, job.id, 'dead-runner', { status: 'done' }, T0 + LEASE + 1)).toBe(false);
    expect(await db.jobs.get(job.id)).toMatchObject({ status: 'running', lease_owner: 'runner-2' });
  });

  it('a renewed lease keeps the job from being reclaimed', async () => {
    const db = origin()();
    const job = await enqueueJob(db, { kind: 'batch.process' }, T0);
    await claim(db, 'runner-1', T0);
    expect(
      await renewLease(db, job.id, {
        owner: 'runner-1',
        now: T0 + 10_000,
        leaseMs: LEASE,
        progress: { done: 5, total: 9 },
      }),
    ).toBe(true);
    expect(await claim(db, 'runner-2', T0 + LEASE + 1)).toBeUndefined();
    expect(await db.jobs.get(job.id)).toMatchObject({ progress_done: 5, progress_total: 9 });
  });

  it('fails a job instead of claiming it again once it used up its attempts', async () => {
    const db = origin()();
    const job = await enqueueJob(db, { kind: 'batch.process' }, T0);
    let now = T0;
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await claim(db, `runner-${attempt}`, now, 3)).toMatchObject({ attempts: attempt });
      now += LEASE;
    }
    expect(await claim(db, 'runner-4', now, 3)).toBeUndefined();
    const failed = await db.jobs.get(job.id);
    expect(failed?.status).toBe('failed');
    expect(failed?.error).toContain('3 attempts');
  });

  it('counts neither a job handed back on stop nor a dead runner that made progress as a failed attempt', async () => {
    const db = origin()();
    const job = await enqueueJob(db, { kind: 'batch.process' }, T0);
    let now = T0;
    for (let round = 0; round < 6; round++) {
      await claim(db, `stopping-${round}`, now, 3);
      await finishJob(db, job.id, `stopping-${round}`, { status: 'released' }, now);
      await claim(db, `dying-${round}`, now, 3);
      await renewLease(db, job.id, {
        owner: `dying-${round}`,
        now,
        leaseMs: LEASE,
        progress: { done: round + 1, total: 10 },
      });
      now += LEASE; // it dies; its lease runs out
    }
    expect(await claim(db, 'survivor', now, 3)).toMatchObject({ id: job.id, status: 'running', attempts: 2 });
  });

  it('finishes a job as done or failed, and a released job is queued again', async () => {
    const db = origin()();
    const a = await enqueueJob(db, { kind: 'batch.process' }, T0);
    const b = await enqueueJob(db, { kind: 'batch.process' }, T0 + 1);
    await claim(db, 'r', T0);
    await claim(db, 'r', T0);
    expect(await finishJob(db, a.id, 'r', { status: 'failed', error: 'bad input' }, T0 + 5)).toBe(true);
    expect(await releaseLeases(db, 'r', T0 + 6)).toBe(1);
    expect(await db.jobs.get(a.id)).toMatchObject({ status: 'failed', error: 'bad input' });
    const released = await db.jobs.get(b.id);
    expect(released).toMatchObject({ status: 'queued', lease_expires_at: 0 });
    expect(released?.lease_owner).toBeUndefined();
  });

  it('concurrent claims from two database connections never take the same job', async () => {
    const open = origin();
    const tabA = open();
    const tabB = open();
    await Promise.all([tabA.open(), tabB.open()]);
    const ids = new Set<string>();
    for (let i = 0; i < 10; i++) ids.add((await enqueueJob(tabA, { kind: 'batch.process' }, T0 + i)).id);

    const attempts = Array.from({ length: 30 }, (_, i) =>
      claim(i % 2 === 0 ? tabA : tabB, i % 2 === 0 ? 'runner-a' : 'runner-b', T0 + 100),
    );
    const claimed = (await Promise.all(attempts)).filter((job) => job !== undefined);

    expect(claimed).toHaveLength(10);
    expect(new Set(claimed.map((job) => job.id))).toEqual(ids);
    const owners = new Set(claimed.map((job) => job.lease_owner));
    expect(owners).toEqual(new Set(['runner-a', 'runner-b']));
  });
});
