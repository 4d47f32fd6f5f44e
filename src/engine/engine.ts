import { liveQuery } from 'dexie';
import type { JobRecord } from '../db';
import type { Engine, EngineOptions, EngineStatus, JobContext, JobHandler } from './api';
import { claimNextJob, finishJob, releaseLeases, renewLease, type JobOutcome } from './queue';
import { publishEngineStatus } from './status';
import { describeError } from '../errors';
import { AppError } from '../errors/appError';

export const DEFAULT_LEASE_MS = 15_000;
export const DEFAULT_POLL_MS = 3_000;
export const DEFAULT_MAX_ATTEMPTS = 5;
/** The status heartbeat: often enough for "no engine runs" to show within seconds. */
const MAX_HEARTBEAT_MS = 5_000;

/** Thrown into a handler whose job another runner took over (this runner's lease expired). */
export class LeaseLostError extends AppError<'lease_lost'> {
  constructor(readonly jobId: string) {
    super('lease_lost', `The lease on job ${jobId} was lost to another runner`);
  }
}

/** The reason a handler's signal carries when the engine stops. */
export class EngineStoppedError extends AppError<'engine_stopped'> {
  constructor() {
    super('engine_stopped', 'The engine is stopping');
  }
}

/**
 * Creates the durable runner: one job at a time, claimed with a lease that a heartbeat renews
 * while the handler runs. It looks for work on `kick()`, when queued jobs change (Dexie's
 * liveQuery also sees writes of other tabs and workers), on host ticks and by a fallback poll.
 * Run it only where the leader lock is held (see `runAsLeader`).
 */
export function createEngine(options: EngineOptions): Engine {
  return new DurableEngine(options);
}

class DurableEngine implements Engine {
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly heartbeatMs: number;
  private readonly maxAttempts: number;
  private readonly kinds: ReadonlySet<string>;

  private running = false;
  private wakeRequested = false;
  private wake: (() => void) | undefined;
  private loopDone: Promise<void> | undefined;
  private disposers: Array<() => void> = [];
  private activeJob: { job: JobRecord; controller: AbortController } | undefined;
  private status: EngineStatus;
  private beating: Promise<void> | undefined;
  /** the last look at the queue failed: the status says so until a look succeeds */
  private queueFailing = false;
  private orphansCheckedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: EngineOptions) {
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.heartbeatMs = Math.min(Math.max(1, Math.floor(this.leaseMs / 3)), MAX_HEARTBEAT_MS);
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.kinds = new Set(Object.keys(options.handlers));
    const now = options.host.now();
    this.status = { state: 'starting', owner: options.ownerId, heartbeat_at: now, started_at: now };
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const { db, host } = this.options;
    const now = host.now();
    this.status = { state: 'idle', owner: this.options.ownerId, heartbeat_at: now, started_at: now };
    await this.publish({});

    // async, so that even a synchronous failure arrives as an error to the observer
    const queued = liveQuery(async () => db.jobs.where('status').equals('queued').primaryKeys()).subscribe({
      next: () => this.kick(),
      // a failed observation only loses a wake-up; the poll still finds the work
      error: () => undefined,
    });
    this.disposers.push(() => queued.unsubscribe());
    this.disposers.push(host.onTick(() => this.kick()));
    const poll = setInterval(() => this.kick(), this.pollMs);
    this.disposers.push(() => clearInterval(poll));
    const heartbeat = setInterval(() => {
      if (!this.beating) this.beating = this.heartbeat().finally(() => (this.beating = undefined));
    }, this.heartbeatMs);
    this.disposers.push(() => clearInterval(heartbeat));

    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const dispose of this.disposers.splice(0)) dispose();
    this.activeJob?.controller.abort(new EngineStoppedError());
    this.kick();
    await this.loopDone;
    await this.beating;
    const { db, host, ownerId } = this.options;
    try {
      await releaseLeases(db, ownerId, host.now());
      await this.publish({ state: 'stopped', active_job: undefined });
    } catch {
      // the database is gone (context closing): the leases expire on their own
    }
  }

  kick(): void {
    this.wakeRequested = true;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private async loop(): Promise<void> {
    const { db, host, ownerId } = this.options;
    while (this.running) {
      this.wakeRequested = false;
      let job: JobRecord | undefined;
      try {
        const now = host.now();
        // a dead runner's job waits at most a heartbeat longer than its lease
        const orphans = now - this.orphansCheckedAt >= this.heartbeatMs || now < this.orphansCheckedAt;
        if (orphans) this.orphansCheckedAt = now;
        job = await claimNextJob(db, {
          owner: ownerId,
          now,
          leaseMs: this.leaseMs,
          kinds: this.kinds,
          maxAttempts: this.maxAttempts,
          orphans,
        });
        if (this.queueFailing) {
          this.queueFailing = false;
          await this.publishQuietly({ state: 'idle', error: undefined });
        }
      } catch (error) {
        this.queueFailing = true;
        await this.publishQuietly({
          state: 'error',
          error: `Cannot read the job queue: ${messageOf(error)}`,
        });
      }
      if (!job && this.status.state === 'running') await this.publishQuietly({ state: 'idle' });
      if (job && this.running) await this.run(job);
      else if (job)
        await finishJob(db, job.id, ownerId, { status: 'released' }, host.now()).catch(() => false);
      else await this.sleep();
    }
  }

  private sleep(): Promise<void> {
    if (this.wakeRequested || !this.running) return Promise.resolve();
    return new Promise((resolve) => (this.wake = resolve));
  }

  private async run(job: JobRecord): Promise<void> {
    const { db, host, ownerId } = this.options;
    const handler = this.options.handlers[job.kind] as JobHandler;
    const controller = new AbortController();
    this.activeJob = { job, controller };
    // one write when work starts, not one per job: a run of small jobs shows as one busy spell,
    // and the heartbeat carries the current job id
    if (this.status.state === 'running') this.status = { ...this.status, active_job: job.id };
    else await this.publishQuietly({ state: 'running', active_job: job.id, error: undefined });

    const context: JobContext = {
      db,
      host,
      job,
      signal: controller.signal,
      progress: async (done, total) => {
        const held = await renewLease(db, job.id, {
          owner: ownerId,
          now: host.now(),
          leaseMs: this.leaseMs,
          progress: { done, total },
        });
        if (!held) {
          const lost = new LeaseLostError(job.id);
          controller.abort(lost);
          throw lost;
        }
      },
    };

    let outcome: JobOutcome;
    try {
      await handler(context);
      // stopped or superseded before it could say it finished: the next holder resumes it
      outcome = controller.signal.aborted ? { status: 'released' } : { status: 'done' };
    } catch (error) {
      outcome = controller.signal.aborted
        ? { status: 'released' }
        : { status: 'failed', error: messageOf(error) };
    }
    this.activeJob = undefined;
    try {
      await finishJob(db, job.id, ownerId, outcome, host.now());
    } catch (error) {
      await this.publishQuietly({ state: 'error', active_job: undefined, error: messageOf(error) });
      return;
    }
    if (outcome.status === 'failed') {
      await this.publishQuietly({
        state: 'error',
        active_job: undefined,
        error: `Job ${job.kind} failed: ${outcome.error}`,
      });
    } else {
      // idle is published when the queue turns out empty
      this.status = { ...this.status, active_job: undefined };
    }
  }

  private async heartbeat(): Promise<void> {
    const { db, host, ownerId } = this.options;
    const active = this.activeJob;
    if (active) {
      try {
        const held = await renewLease(db, active.job.id, {
          owner: ownerId,
          now: host.now(),
          leaseMs: this.leaseMs,
        });
        if (!held) active.controller.abort(new LeaseLostError(active.job.id));
      } catch {
        // a missed renewal is retried at the next beat; the lease covers three of them
      }
    }
    if (this.running) await this.publishQuietly({});
  }

  private async publish(change: Partial<EngineStatus>): Promise<void> {
    const now = this.options.host.now();
    this.status = { ...this.status, ...change, heartbeat_at: now };
    await publishEngineStatus(this.options.db, this.status);
  }

  private async publishQuietly(change: Partial<EngineStatus>): Promise<void> {
    try {
      await this.publish(change);
    } catch {
      // status is informative; the queue itself is the source of truth
    }
  }
}

const messageOf = describeError;
