import type { JobStatus, TaskStatus } from '../contract';

/**
 * A seed 001 job's state follows from its tasks: `processing` while any task is pending, then `ended`
 * when every task succeeded or `failed` when at least one failed. The server and the desktop both
 * derive it here, from counts.
 */
export interface JobTaskCounts {
  pending: number;
  succeeded: number;
  failed: number;
}

export const NO_TASKS: JobTaskCounts = { pending: 0, succeeded: 0, failed: 0 };

export function countTasks(statuses: Iterable<TaskStatus>): JobTaskCounts {
  const counts = { ...NO_TASKS };
  for (const status of statuses) counts[status] += 1;
  return counts;
}

export function deriveJobStatus(counts: JobTaskCounts): JobStatus {
  if (counts.pending > 0) return 'processing';
  return counts.failed > 0 ? 'failed' : 'ended';
}

/** The counters of the wire's `attributes`, with the status they imply. */
export function jobProgress(counts: JobTaskCounts) {
  return {
    status: deriveJobStatus(counts),
    total_items: counts.pending + counts.succeeded + counts.failed,
    total_processed_items: counts.succeeded + counts.failed,
    total_fail: counts.failed,
    total_success: counts.succeeded,
  };
}

/** Counts after `succeeded` and `failed` more tasks were settled; a settled task is never reopened. */
export function settleTasks(counts: JobTaskCounts, succeeded: number, failed: number): JobTaskCounts {
  if (succeeded < 0 || failed < 0 || succeeded + failed > counts.pending) {
    throw new RangeError(
      `Cannot settle ${succeeded} + ${failed} tasks of a job with ${counts.pending} pending`,
    );
  }
  return {
    pending: counts.pending - succeeded - failed,
    succeeded: counts.succeeded + succeeded,
    failed: counts.failed + failed,
  };
}

/** True when this settling takes the job out of `processing`: the moment `job.ended` is sent. */
export function jobJustEnded(before: JobTaskCounts, after: JobTaskCounts): boolean {
  return deriveJobStatus(before) === 'processing' && deriveJobStatus(after) !== 'processing';
}
