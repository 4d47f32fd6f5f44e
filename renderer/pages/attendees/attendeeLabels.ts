import type { JobStatus } from '../../../src/contract';

/** The words and badge of an import's (or job's) seed 001 status. */
export const JOB_STATUS_LABEL: Record<JobStatus, string> = {
  processing: 'Processing',
  ended: 'Ended',
  failed: 'Failed',
};

export function jobBadgeClass(status: JobStatus): string {
  return status === 'ended'
    ? 'badge badge-done'
    : status === 'failed'
      ? 'badge badge-failed'
      : 'badge badge-running';
}
