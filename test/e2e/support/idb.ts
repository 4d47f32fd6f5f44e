import type { Page } from '@playwright/test';
import { DUPLICATE_ACTIVITY_ERROR } from '../../../src/contract';
import { ITEM_PAGE_SIZE } from '../../../src/db/itemPages';

/**
 * Reads and writes the app's IndexedDB from a page with the raw IndexedDB API, the way a test
 * can without importing the app: the database is `registration-orchestrator`, its stores and
 * keys are the latest schema in src/db/database.ts (Dexie compound keys are IndexedDB array
 * keys; a batch's items are in pages of ITEM_PAGE_SIZE, activities in one record per mentor).
 */

export const DB_NAME = 'registration-orchestrator';

export interface EngineStatusView {
  state: string;
  owner: string;
  heartbeat_at: number;
}

/** `settings['engine.status']`, or null when no engine ever ran. */
export function readEngineStatus(page: Page): Promise<EngineStatusView | null> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      if (!db.objectStoreNames.contains('settings')) return null;
      const row = await new Promise<{ value: EngineStatusView } | undefined>((resolve, reject) => {
        const request = db.transaction('settings').objectStore('settings').get('engine.status');
        request.onsuccess = () => resolve(request.result as { value: EngineStatusView } | undefined);
        request.onerror = () => reject(request.error);
      });
      return row?.value ?? null;
    } finally {
      db.close();
    }
  }, DB_NAME);
}

export interface LockView {
  held: string[];
  pending: string[];
}

/** Client ids holding and waiting for the engine lock, as the origin's lock manager sees them. */
export function engineLocks(page: Page): Promise<LockView> {
  return page.evaluate(async () => {
    const snapshot = await navigator.locks.query();
    const ours = (locks: LockInfo[] | undefined) =>
      (locks ?? [])
        .filter((l) => l.name === 'registration-orchestrator/engine')
        .map((l) => l.clientId ?? '?');
    return { held: ours(snapshot.held), pending: ours(snapshot.pending) };
  });
}

/**
 * Commits a batch of `count` pending items, all distinct registrations, with its queued
 * `batch.process` job, in one transaction (as the import does). Returns the batch id.
 */
export function seedBatch(page: Page, count: number): Promise<string> {
  return page.evaluate(
    async ({ name, count, pageSize }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      try {
        const id = crypto.randomUUID();
        const now = Date.now();
        const at = new Date(now).toISOString();
        const tx = db.transaction(['batches', 'itemPages', 'batchMentors', 'jobs'], 'readwrite');
        tx.objectStore('batches').put({
          id,
          coordinator_id: 'coord-e2e',
          label: `E2E batch of ${count}`,
          status: 'processing',
          total_items: count,
          completed: 0,
          failed: 0,
          cancelled_items: 0,
          submitted_at: at,
          completed_at: null,
          updated_at: at,
          sync_state: 'local',
          changed_outcomes: 0,
        });
        const pages = tx.objectStore('itemPages');
        const mentors: string[] = [];
        for (let first = 1; first <= count; first += pageSize) {
          const items = [];
          for (let seq = first; seq < first + pageSize && seq <= count; seq++) {
            mentors.push(`m-${seq}`);
            items.push({
              batch: id,
              seq,
              item_id: `item-${String(seq).padStart(5, '0')}`,
              mentor_id: `m-${seq}`,
              activity_type: 'workshop',
              activity_date: '2026-03-02',
              duration_minutes: 60,
              status: 'pending',
            });
          }
          pages.put({ batch: id, page: (first - 1) / pageSize, items });
        }
        tx.objectStore('batchMentors').put({ batch: id, mentors: mentors.sort() });
        tx.objectStore('jobs').put({
          id: crypto.randomUUID(),
          kind: 'batch.process',
          status: 'queued',
          subject: id,
          lease_expires_at: 0,
          attempts: 0,
          progress_done: 0,
          progress_total: 0,
          created_at: now,
          updated_at: now,
        });
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
          tx.onabort = () => reject(tx.error);
        });
        return id;
      } finally {
        db.close();
      }
    },
    { name: DB_NAME, count, pageSize: ITEM_PAGE_SIZE },
  );
}

export interface BatchOutcome {
  batchStatus: string;
  completed: number;
  failed: number;
  itemsByStatus: Record<string, number>;
  /** items failed by the duplicate rule: what processing an item a second time produces */
  duplicateFailures: number;
  activities: number;
  job: { status: string; attempts: number; progress_done: number; progress_total: number };
}

/** Everything a coordinator would check about a processed batch. */
export function readBatchOutcome(page: Page, batchId: string): Promise<BatchOutcome> {
  return page.evaluate(
    async ({ name, batchId, duplicateError }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const all = <T>(request: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      try {
        const tx = db.transaction(['batches', 'itemPages', 'mentorActivities', 'jobs']);
        const batch = await all(tx.objectStore('batches').get(batchId));
        const range = IDBKeyRange.bound([batchId, -Infinity], [batchId, Infinity]);
        const pages = (await all(tx.objectStore('itemPages').getAll(range))) as Array<{
          items: Array<{ status: string; error?: string }>;
        }>;
        const items = pages.flatMap((page) => page.items);
        const itemsByStatus: Record<string, number> = {};
        for (const item of items) itemsByStatus[item.status] = (itemsByStatus[item.status] ?? 0) + 1;
        const mentors = (await all(tx.objectStore('mentorActivities').getAll())) as Array<{
          activities: Map<string, { batch: string }>;
        }>;
        const activities = mentors
          .flatMap((mentor) => [...mentor.activities.values()])
          .filter((activity) => activity.batch === batchId).length;
        const jobs = (await all(tx.objectStore('jobs').getAll())) as Array<{ subject?: string }>;
        const job = jobs.find((j) => j.subject === batchId) as BatchOutcome['job'];
        return {
          batchStatus: batch.status,
          completed: batch.completed,
          failed: batch.failed,
          itemsByStatus,
          duplicateFailures: items.filter((i) => i.status === 'failed' && i.error === duplicateError).length,
          activities,
          job: {
            status: job.status,
            attempts: job.attempts,
            progress_done: job.progress_done,
            progress_total: job.progress_total,
          },
        };
      } finally {
        db.close();
      }
    },
    { name: DB_NAME, batchId, duplicateError: DUPLICATE_ACTIVITY_ERROR },
  );
}

export interface JobView {
  status: string;
  lease_owner?: string;
  progress_done: number;
  progress_total: number;
}

/** The job working on `subject`, as the engine last recorded it. */
export function readJob(page: Page, subject: string): Promise<JobView | undefined> {
  return page.evaluate(
    async ({ name, subject }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      try {
        const jobs = await new Promise<Array<JobView & { subject?: string }>>((resolve, reject) => {
          const request = db.transaction('jobs').objectStore('jobs').getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        const job = jobs.find((j) => j.subject === subject);
        return (
          job && {
            status: job.status,
            lease_owner: job.lease_owner,
            progress_done: job.progress_done,
            progress_total: job.progress_total,
          }
        );
      } finally {
        db.close();
      }
    },
    { name: DB_NAME, subject },
  );
}

/** Progress of the job working on `subject` (0..1). */
export async function readJobProgress(page: Page, subject: string): Promise<number> {
  const job = await readJob(page, subject);
  return job && job.progress_total > 0 ? job.progress_done / job.progress_total : 0;
}
