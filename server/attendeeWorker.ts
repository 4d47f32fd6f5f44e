import { randomUUID } from 'node:crypto';
import type { Registration, TaskError } from '../src/contract';
import { checkTask } from '../src/domain/attendeeTask';
import { deriveJobStatus, jobJustEnded, settleTasks, type JobTaskCounts } from '../src/domain/attendeeJob';
import { jobOf } from './attendeeJobs';
import type { AttendeeRegistrar, RegisterOutcome } from './attendeeRegistrar';
import type { AttendeeChunk } from './registrations';
import { ADMIN, type Principal } from './auth';
import type { Database, Queryable } from './db/database';
import { ASYNC_COMMIT, leaseInterval } from './lease';
import { PollingLoop } from './pollingLoop';
import { enqueueWebhook } from './webhooks';

export interface AttendeeWorkerOptions {
  leaseMs: number;
  /** tasks settled per transaction */
  chunkSize: number;
  pollMs: number;
  /** jobs this process works on side by side */
  lanes: number;
  webhookUrls: readonly string[];
  webhookRetryWindowMs: number;
  /** a job ended and its webhook was queued (wakes the sender in this process) */
  onJobEnded?: () => void;
  onError?: (error: unknown) => void;
}

interface Claim {
  jobId: string;
  token: string;
}

interface Settled {
  task_no: number;
  status: 'succeeded' | 'failed';
  registration: Registration | null;
  errors: TaskError[];
}

/**
 * Settles attendee jobs (seed 001). A step leases one job with FOR UPDATE SKIP LOCKED (so several
 * server processes share the jobs), then, in one transaction, registers its next pending tasks in
 * submitted order through the registrar, settles them and moves the job's counters; the transaction
 * that settles the last task also queues `job.ended`. A worker that dies mid-step leaves no trace: its
 * transaction rolls back, its lease runs out, and the next claimer starts from the same pending tasks.
 * One job has one lease, so its tasks are never registered by two workers at once.
 */
export class AttendeeJobWorker extends PollingLoop {
  constructor(
    private readonly db: Database,
    private readonly registrar: AttendeeRegistrar,
    private readonly options: AttendeeWorkerOptions,
  ) {
    super({
      pollMs: options.pollMs,
      lanes: options.lanes,
      ...(options.onError ? { onError: options.onError } : {}),
    });
  }

  async step(): Promise<boolean> {
    const claim = await this.claim();
    if (!claim) return false;
    try {
      if (this.stopping) {
        await this.release(claim);
        return false;
      }
      const ended = await this.settle(claim);
      if (ended && this.options.webhookUrls.length > 0) this.options.onJobEnded?.();
      return true;
    } catch (error) {
      await this.release(claim).catch(() => undefined);
      throw error;
    }
  }

  private async claim(): Promise<Claim | null> {
    const token = randomUUID();
    const [row] = await this.db.query<{ job_id: string }>(
      `WITH next AS (
         SELECT job_id FROM attendee_jobs
         WHERE pending > 0 AND (lease_until IS NULL OR lease_until < now())
         ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED
       )
       UPDATE attendee_jobs j SET lease_token = $1, lease_until = now() + $2::interval
       FROM next WHERE j.job_id = next.job_id
       RETURNING j.job_id`,
      [token, leaseInterval(this.options.leaseMs)],
    );
    return row ? { jobId: row.job_id, token } : null;
  }

  /** Registers and settles the next chunk of the claimed job; true when that ended the job. */
  private async settle(claim: Claim): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.query(ASYNC_COMMIT);
      const [job] = await tx.query<{
        event_id: string;
        coordinator_id: string;
        pending: number;
        succeeded: number;
        failed: number;
      }>(
        `SELECT event_id, coordinator_id, pending, succeeded, failed FROM attendee_jobs
         WHERE job_id = $1 AND lease_token = $2 FOR UPDATE`,
        [claim.jobId, claim.token],
      );
      if (!job) return false; // the lease ran out and another worker took the job over
      const tasks = await tx.query<{
        task_no: number;
        attributes: Record<string, unknown>;
        registration_id: string;
      }>(
        `SELECT task_no, attributes, registration_id FROM attendee_job_tasks
         WHERE job_id = $1 AND status = 'pending' ORDER BY task_no LIMIT $2`,
        [claim.jobId, this.options.chunkSize],
      );
      const settled: Settled[] = [];
      const principal = principalOf(job.coordinator_id);
      const chunk =
        tasks.length > 0
          ? await this.registrar.openChunk(
              tx,
              job.event_id,
              principal,
              tasks.map((t) => t.registration_id),
            )
          : null;
      const savepoint = new TaskSavepoint(tx);
      for (const task of tasks) {
        const outcome = await this.runTask(tx, job.event_id, principal, task, chunk!, savepoint);
        settled.push(
          outcome.ok
            ? { task_no: task.task_no, status: 'succeeded', registration: outcome.registration, errors: [] }
            : { task_no: task.task_no, status: 'failed', registration: null, errors: outcome.errors },
        );
      }
      await chunk?.flush();
      await tx.query(
        `UPDATE attendee_job_tasks t SET status = r.status, registration = r.registration, errors = r.errors,
           settled_at = now()
         FROM jsonb_to_recordset($2::jsonb) AS r(task_no int, status text, registration jsonb, errors jsonb)
         WHERE t.job_id = $1 AND t.task_no = r.task_no AND t.status = 'pending'`,
        [claim.jobId, JSON.stringify(settled)],
      );
      const before: JobTaskCounts = { pending: job.pending, succeeded: job.succeeded, failed: job.failed };
      const ok = settled.filter((s) => s.status === 'succeeded').length;
      const after = settleTasks(before, ok, settled.length - ok);
      const [row] = await tx.query<Parameters<typeof jobOf>[0]>(
        `UPDATE attendee_jobs SET pending = $2, succeeded = $3, failed = $4, status = $5, updated_at = now(),
           ended_at = CASE WHEN $2 = 0 THEN now() END, lease_token = NULL, lease_until = NULL
         WHERE job_id = $1
         RETURNING job_id, event_id, coordinator_id, pending, succeeded, failed, created_at, updated_at`,
        [claim.jobId, after.pending, after.succeeded, after.failed, deriveJobStatus(after)],
      );
      const ended = jobJustEnded(before, after);
      if (ended) {
        const { type, id, attributes } = jobOf(row!);
        await enqueueWebhook(
          tx,
          this.options.webhookUrls,
          'job.ended',
          JSON.stringify({ event: 'job.ended', type, id, attributes }),
          this.options.webhookRetryWindowMs,
        );
      }
      return ended;
    });
  }

  /**
   * One task, behind a savepoint: a statement that fails (two jobs racing for the same learner) is
   * undone and tried once more, by which time the other transaction's row is visible.
   */
  private async runTask(
    tx: Queryable,
    eventId: string,
    principal: Principal,
    task: { attributes: Record<string, unknown>; registration_id: string },
    chunk: AttendeeChunk,
    savepoint: TaskSavepoint,
  ): Promise<{ ok: true; registration: Registration } | { ok: false; errors: TaskError[] }> {
    const check = checkTask(task.attributes);
    if (!check.ok) return check;
    const person = { ...check.person, registration_id: task.registration_id };
    for (let attempt = 1; ; attempt++) {
      const event = chunk.event; // the seats as they stand, should this attempt be undone
      await savepoint.open();
      try {
        const outcome: RegisterOutcome = await this.registrar.registerPerson(
          tx,
          eventId,
          person,
          principal,
          chunk,
        );
        return outcome.ok ? outcome : { ok: false, errors: [outcome.error] };
      } catch (error) {
        chunk.event = event;
        await savepoint.undo();
        if (attempt >= 2) throw error;
      }
    }
  }

  private async release(claim: Claim): Promise<void> {
    await this.db.query(
      `UPDATE attendee_jobs SET lease_token = NULL, lease_until = NULL WHERE job_id = $1 AND lease_token = $2`,
      [claim.jobId, claim.token],
    );
  }
}

/**
 * The savepoint each task runs behind. A task's savepoint is released by the statement that opens
 * the next one (the last is released by the commit): one round trip a task instead of two.
 */
class TaskSavepoint {
  private opened = false;

  constructor(private readonly tx: Queryable) {}

  async open(): Promise<void> {
    await this.tx.exec(
      this.opened ? 'RELEASE SAVEPOINT attendee_task; SAVEPOINT attendee_task' : 'SAVEPOINT attendee_task',
    );
    this.opened = true;
  }

  /** Undoes what was written since `open`; the savepoint stays, for a retry. */
  async undo(): Promise<void> {
    await this.tx.query('ROLLBACK TO SAVEPOINT attendee_task');
  }
}

/** The job's submitter, as the registrations' rules see a caller. */
const principalOf = (id: string): Principal => ({ id, isAdmin: id === ADMIN, tokenHash: '' });
