import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { AppDatabase, type JobRecord } from '../../../src/db';
import type { JobContext } from '../../../src/engine/api';
import type { Host, HostNotification, TickReason } from '../../../src/engine/host';
import { enqueueJob } from '../../../src/engine/queue';
import { EXPIRY_RUN_JOB, expiryRunHandler, type ExpiryRunPayload } from '../../../src/expiry/runJob';

export function memoryDatabase(): AppDatabase {
  return new AppDatabase(`expiry-${crypto.randomUUID()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
}

/** A host in a given zone whose clock only moves when the test moves it. */
export class ClockHost implements Host {
  readonly notifications: HostNotification[] = [];
  constructor(
    private clock: number,
    private readonly zone = 'UTC',
  ) {}
  now(): number {
    return this.clock;
  }
  set(iso: string): void {
    this.clock = Date.parse(iso);
  }
  advance(ms: number): void {
    this.clock += ms;
  }
  timeZone(): string {
    return this.zone;
  }
  isOnline(): boolean {
    return false;
  }
  onOnlineChange(): () => void {
    return () => undefined;
  }
  notify(notification: HostNotification): void {
    this.notifications.push(notification);
  }
  onTick(_listener: (reason: TickReason) => void): () => void {
    return () => undefined;
  }
}

export interface RunOptions {
  /** aborts the handler's signal once this many chunks reported progress (an interrupted run) */
  abortAfterChunks?: number;
  /** makes the given chunk's progress report throw (a storage failure mid-run) */
  failOnChunk?: number;
  /** called as each chunk reports progress, inside its transaction */
  onChunk?: (chunk: number) => void;
  job?: JobRecord;
}

/** Runs the `expiry.run` handler as the engine would, outside an engine. */
export async function runExpiryJob(
  db: AppDatabase,
  host: Host,
  payload: ExpiryRunPayload = { triggered_by: 'admin_manual', run_id: crypto.randomUUID() },
  options: RunOptions = {},
): Promise<{ job: JobRecord; outcome: 'done' | 'aborted' | 'failed'; error?: unknown }> {
  const job =
    options.job ??
    (await enqueueJob(db, { kind: EXPIRY_RUN_JOB, subject: payload.run_id, payload }, host.now()));
  const controller = new AbortController();
  let chunks = 0;
  const context: JobContext = {
    db,
    host,
    job,
    signal: controller.signal,
    progress: async (done, total) => {
      await db.jobs.update(job.id, { progress_done: done, progress_total: total });
      chunks += 1;
      options.onChunk?.(chunks);
      if (options.failOnChunk === chunks) throw new Error('The disk is full');
      if (options.abortAfterChunks !== undefined && chunks >= options.abortAfterChunks) {
        controller.abort(new Error('engine stopping'));
      }
    },
  };
  try {
    await expiryRunHandler(context);
    return { job, outcome: controller.signal.aborted ? 'aborted' : 'done' };
  } catch (error) {
    return { job, outcome: controller.signal.aborted ? 'aborted' : 'failed', error };
  }
}

export function mentorRow(mentorId: string, expiryDate: string, coordinatorId = 'coord_maya_patel') {
  return {
    mentor_id: mentorId,
    name: `Mentor ${mentorId}`,
    coordinator_id: coordinatorId,
    expiry_date: expiryDate,
  };
}
