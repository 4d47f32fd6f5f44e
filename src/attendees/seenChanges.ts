import type { AppDatabase } from '../db';
import { withChangesSeen } from './results';

/**
 * "Mark as seen" on a people import: the outcomes the server changed in its jobs stop counting as
 * changed, as a registration's do (`acknowledgeRegistrationChanges`). Returns how many were seen.
 */
export async function markImportChangesSeen(db: AppDatabase, importId: string): Promise<number> {
  return db.transaction('rw', db.attendeeJobs, async () => {
    const jobs = await db.attendeeJobs.where('import_id').equals(importId).toArray();
    const seen = jobs.flatMap((job) =>
      job.tasks.some((t) => t.outcome_changed) ? [withChangesSeen(job)] : [],
    );
    await db.attendeeJobs.bulkPut(seen);
    return jobs.reduce((n, job) => n + job.tasks.filter((t) => t.outcome_changed).length, 0);
  });
}
