import { liveQuery } from 'dexie';
import type { AppDatabase } from '../db';
import type { Host, HostNotification } from '../engine/host';
import { importViewOf, type ImportView } from './imports';

/**
 * One OS notification per import once the server has ended every one of its jobs (`job.ended`,
 * learnt through the job poll and the job feed): "Spring sitting: 248 registered, 2 failed". The
 * import is marked in the same transaction that picks it, so a second engine tick, a reload or
 * another window never raises it twice; a retry's jobs end with a notification of their own.
 */

export function importNotification(view: ImportView): HostNotification {
  return {
    title: `${view.label}: ${view.counts.registered.toLocaleString('en-US')} registered, ${view.counts.failed.toLocaleString('en-US')} failed`,
    body:
      view.counts.failed > 0
        ? 'The server has processed every person. Open the import to see why some failed and retry them.'
        : 'The server has registered every person of the import.',
    tag: `attendees:${view.importId}`,
    route: `attendees/${encodeURIComponent(view.importId)}`,
  };
}

/** Picks the imports that ended since their last notification and marks them notified. */
export async function takeEndedImports(db: AppDatabase, now: number): Promise<ImportView[]> {
  const at = new Date(now).toISOString();
  return db.transaction('rw', db.attendeeJobs, async () => {
    const candidates = new Set<string>();
    await db.attendeeJobs
      .where('status')
      .anyOf('ended', 'failed')
      .each((job) => {
        if (!job.notified_at) candidates.add(job.import_id);
      });
    const ended: ImportView[] = [];
    for (const importId of candidates) {
      const jobs = await db.attendeeJobs.where('import_id').equals(importId).toArray();
      const view = importViewOf(jobs);
      if (view.status === 'processing') continue;
      await db.attendeeJobs.bulkPut(jobs.map((job) => (job.notified_at ? job : { ...job, notified_at: at })));
      ended.push(view);
    }
    return ended;
  });
}

export async function notifyEndedImports(db: AppDatabase, host: Host): Promise<number> {
  const ended = await takeEndedImports(db, host.now());
  for (const view of ended) host.notify(importNotification(view));
  return ended.length;
}

/**
 * The engine service: watches the jobs the sync settles and notifies as imports end. Runs in the
 * leader engine only, one pass at a time.
 */
export function attendeeNotificationService(report: (error: unknown) => void) {
  return (db: AppDatabase, host: Host): (() => void) => {
    let chain: Promise<unknown> = Promise.resolve();
    const subscription = liveQuery(() =>
      db.attendeeJobs
        .where('status')
        .anyOf('ended', 'failed')
        .filter((job) => !job.notified_at)
        .count(),
    ).subscribe({
      next: (waiting) => {
        if (waiting > 0) chain = chain.then(() => notifyEndedImports(db, host)).catch(report);
      },
      error: report,
    });
    return () => subscription.unsubscribe();
  };
}
