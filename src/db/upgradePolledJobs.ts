import type { Transaction } from 'dexie';
import type { AttendeeJobRecord } from './fieldRecords';

/**
 * The version-7 upgrade: a job the server accepted (it has its `job_id`) and has not ended, but
 * without a `next_poll_at`, is due now. The poll finds its jobs through `[status+next_poll_at]`,
 * which leaves out a record without that field, so such a job would never be polled again.
 */
export async function indexPolledJobs(tx: Transaction): Promise<void> {
  await tx
    .table<AttendeeJobRecord, string>('attendeeJobs')
    .where('status')
    .equals('processing')
    .filter((job) => job.job_id !== undefined && job.next_poll_at === undefined)
    .modify({ next_poll_at: 0 });
}
