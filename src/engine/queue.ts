import Dexie from 'dexie';
import type { AppDatabase, JobRecord } from '../db';

/**
 * The durable job queue: rows of the `jobs` table moved between states in Dexie rw
 * transactions. IndexedDB serialises rw transactions over the same store, so two runners (in
 * two tabs, a worker and a window, or two engines in a test) can never both claim one job.
 */

export interface JobInput {
  kind: string;
  /** what the job works on, e.g. a batch id */
  subject?: string;
  payload?: unknown;
}

/**
 * Adds a queued job. Called inside a caller's `db.transaction('rw', [..., db.jobs], ...)` it
 * joins that transaction, so the job is stored exactly when the change that needs it is.
 */
export async function enqueueJob(db: AppDatabase, input: JobInput, now: number): Promise<JobRecord> {
  const job: JobRecord = {
    id: newJobId(now),
    kind: input.kind,
    status: 'queued',
    subject: input.subject,
    payload: input.payload,
    lease_expires_at: 0,
    attempts: 0,
    progress_done: 0,
    progress_total: 0,
    created_at: now,
    updated_at: now,
  };
  await db.jobs.add(job);
  return job;
}

let enqueued = 0;

/**
 * Job ids sort in the order jobs were queued in this context (time, then a counter), so jobs
 * queued in the same millisecond, such as the parts of one import, run in order: the
 * duplicate rule lets the earlier registration win. The random tail keeps ids of different
 * contexts apart.
 */
function newJobId(now: number): string {
  enqueued = (enqueued + 1) % 36 ** 6;
  return `job-${now.toString(36).padStart(9, '0')}-${enqueued.toString(36).padStart(6, '0')}-${crypto.randomUUID().slice(0, 8)}`;
}

/**
 * Queues a job for `subject` unless one of the same kind is already queued or running for it:
 * a running handler picks up new work itself (it re-reads pending items), so a second job
 * would only run to find nothing to do.
 */
export async function ensureJobQueued(db: AppDatabase, input: JobInput, now: number): Promise<JobRecord> {
  const open = await db.jobs
    .where('[kind+status]')
    .anyOf([
      [input.kind, 'queued'],
      [input.kind, 'running'],
    ])
    .filter((job) => job.subject === input.subject)
    .first();
  if (open?.status === 'queued') return open;
  // A running job may be past the point of re-reading; a queued one after it is cheap.
  return enqueueJob(db, input, now);
}

const CLAIM_PAGE = 16;

export interface ClaimOptions {
  owner: string;
  now: number;
  leaseMs: number;
  /** kinds this runner has handlers for; other jobs are left for a runner that has */
  kinds: ReadonlySet<string>;
  /**
   * a job claimed this many times in a row by runners that died before making progress is
   * failed instead of claimed again (it is probably what kills them)
   */
  maxAttempts: number;
  /**
   * also look for jobs whose runner died (default true). Those are rare, and looking means
   * walking the index entries every finished job left behind, so a busy runner looks now and then.
   */
  orphans?: boolean;
}

/**
 * Claims one job: first a running job whose lease expired (its runner died; it resumes where
 * it stopped), then the oldest queued one. Returns the claimed row, or undefined when there is
 * nothing to do.
 */
export function claimNextJob(db: AppDatabase, options: ClaimOptions): Promise<JobRecord | undefined> {
  const { owner, now, leaseMs, kinds, maxAttempts } = options;
  return db.transaction('rw', db.jobs, async () => {
    // running jobs are few (one per live runner plus orphans): read them and sort them out here
    const running =
      options.orphans === false ? [] : await db.jobs.where('status').equals('running').toArray();
    const orphans = running.filter((job) => job.lease_expires_at <= now && kinds.has(job.kind));
    for (const job of orphans) {
      if (job.attempts >= maxAttempts) {
        await db.jobs.update(job.id, {
          status: 'failed',
          lease_owner: undefined,
          lease_expires_at: 0,
          updated_at: now,
          error: `Stopped after ${job.attempts} attempts that never finished (the engine kept dying on it)`,
        });
        continue;
      }
      return take(db, job, options);
    }
    // oldest first, a page at a time: a Dexie filter would read every queued job to find one
    // (the first page holds one job: usually this runner handles it, and one is cheaper to read)
    for (let offset = 0, size = 1; ; offset += size, size = CLAIM_PAGE) {
      const page = await db.jobs
        .where('[status+created_at]')
        .between(['queued', Dexie.minKey], ['queued', Dexie.maxKey])
        .offset(offset)
        .limit(size)
        .toArray();
      const queued = page.find((job) => kinds.has(job.kind));
      if (queued) return take(db, queued, { owner, now, leaseMs });
      if (page.length < size) return undefined;
    }
  });
}

async function take(
  db: AppDatabase,
  job: JobRecord,
  { owner, now, leaseMs }: Pick<ClaimOptions, 'owner' | 'now' | 'leaseMs'>,
): Promise<JobRecord> {
  const claimed: JobRecord = {
    ...job,
    status: 'running',
    lease_owner: owner,
    lease_expires_at: now + leaseMs,
    attempts: job.attempts + 1,
    updated_at: now,
    error: undefined,
  };
  await db.jobs.put(claimed);
  return claimed;
}

/** True when `owner` still holds the lease of job `id` (read inside a transaction that includes jobs). */
export async function holdsLease(db: AppDatabase, id: string, owner: string): Promise<boolean> {
  const job = await db.jobs.get(id);
  return job?.status === 'running' && job.lease_owner === owner;
}

export interface LeaseRenewal {
  owner: string;
  now: number;
  leaseMs: number;
  progress?: { done: number; total: number };
}

/** Extends the lease (and records progress). False when the lease was lost to another runner. */
export function renewLease(db: AppDatabase, id: string, renewal: LeaseRenewal): Promise<boolean> {
  const { owner, now, leaseMs, progress } = renewal;
  return db.transaction('rw', db.jobs, async () => {
    const job = await db.jobs.get(id);
    if (job?.status !== 'running' || job.lease_owner !== owner) return false;
    // work got done in this attempt: earlier runners that died did not die of this job
    const advanced = progress !== undefined && progress.done > job.progress_done;
    await db.jobs.update(id, {
      lease_expires_at: now + leaseMs,
      updated_at: now,
      ...(progress ? { progress_done: progress.done, progress_total: progress.total } : {}),
      ...(advanced ? { attempts: 1 } : {}),
    });
    return true;
  });
}

export type JobOutcome = { status: 'done' } | { status: 'failed'; error: string } | { status: 'released' };

/**
 * Ends this runner's hold on a job: `done` and `failed` are final; `released` puts it back in
 * the queue for any runner (the engine stopped before the handler finished). Does nothing if
 * the lease was lost meanwhile: the new holder decides.
 */
export function finishJob(
  db: AppDatabase,
  id: string,
  owner: string,
  outcome: JobOutcome,
  now: number,
): Promise<boolean> {
  return db.transaction('rw', db.jobs, async () => {
    const job = await db.jobs.get(id);
    if (job?.status !== 'running' || job.lease_owner !== owner) return false;
    const released = outcome.status === 'released';
    await db.jobs.update(id, {
      status: released ? 'queued' : outcome.status,
      // handing a job back in good order is not a failed attempt
      ...(released ? { attempts: Math.max(0, job.attempts - 1) } : {}),
      lease_owner: undefined,
      lease_expires_at: 0,
      updated_at: now,
      error: outcome.status === 'failed' ? outcome.error : undefined,
    });
    return true;
  });
}

/** Puts every job `owner` still holds back in the queue (on stop). */
export function releaseLeases(db: AppDatabase, owner: string, now: number): Promise<number> {
  return db.transaction('rw', db.jobs, async () =>
    db.jobs
      .where('status')
      .equals('running')
      .filter((job) => job.lease_owner === owner)
      .modify((job) => {
        job.status = 'queued';
        delete job.lease_owner;
        job.lease_expires_at = 0;
        job.updated_at = now;
        job.attempts = Math.max(0, job.attempts - 1);
      }),
  );
}
