import type { Page } from '@playwright/test';
import { DB_NAME } from './idb';

/**
 * Seeded data for the dashboard, reminders, print and date tests: rows written straight into
 * the app's IndexedDB with the raw API (the stores and fields of src/db/records.ts, schema v4),
 * then the page is reloaded so the app reads them as a coordinator's existing data.
 */

const DAY_MS = 86_400_000;

/** The browser's local calendar date, moved by `days`. */
export function localDay(page: Page, days = 0): Promise<string> {
  return page.evaluate((days) => {
    const at = new Date(Date.now() + days * 86_400_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  }, days);
}

export interface SeedBatch {
  id: string;
  label: string;
  status: 'processing' | 'completed' | 'partial' | 'failed' | 'cancelled';
  completed: number;
  failed: number;
  cancelled_items?: number;
  /** days before now it was submitted */
  daysAgo?: number;
  /** an exact submission instant instead */
  submitted_at?: string;
}

export interface SeedMentor {
  mentor_id: string;
  name: string;
  /** days from today (negative: in the past) */
  expiresIn: number;
}

export interface SeedNotification {
  mentor_id: string;
  expiresIn: number;
  threshold: string;
  /** minutes before now it was sent */
  sentMinutesAgo: number;
}

export interface SeedJob {
  kind: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  minutesAgo: number;
  subject?: string;
}

export interface Seed {
  batches?: SeedBatch[];
  mentors?: SeedMentor[];
  notifications?: SeedNotification[];
  /** outbox entries about the first batch: how many refused, how many waiting */
  refused?: number;
  waiting?: number;
  jobs?: SeedJob[];
  /** the day-order setting */
  dateOrder?: 'DMY' | 'MDY';
}

const COORDINATOR = 'coord-119';

/** Writes the seed into the app's database and reloads the page on the dashboard. */
export async function seed(page: Page, data: Seed): Promise<void> {
  const today = await localDay(page);
  await page.evaluate(
    async ({ name, data, today, dayMs, coordinator }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const addDays = (date: string, days: number) =>
        new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
      const now = Date.now();
      const stores = [
        'batches',
        'itemPages',
        'mentors',
        'expiryRecords',
        'notificationLog',
        'outbox',
        'jobs',
        'settings',
      ];
      const tx = db.transaction(stores, 'readwrite');
      const put = (store: string, value: unknown) => tx.objectStore(store).put(value);
      const iso = (ms: number) => new Date(ms).toISOString();
      for (const b of data.batches ?? []) {
        const submitted = b.submitted_at ?? iso(now - (b.daysAgo ?? 0) * dayMs);
        const cancelled = b.cancelled_items ?? 0;
        const total = b.completed + b.failed + cancelled;
        put('batches', {
          id: b.id,
          batch_id: `srv-${b.id}`,
          coordinator_id: coordinator,
          label: b.label,
          status: b.status,
          total_items: total,
          completed: b.completed,
          failed: b.failed,
          cancelled_items: cancelled,
          submitted_at: submitted,
          completed_at: submitted,
          updated_at: submitted,
          sync_state: 'synced',
          changed_outcomes: 0,
        });
        const items = Array.from({ length: total }, (_, i) => {
          const status = i < b.completed ? 'success' : i < b.completed + b.failed ? 'failed' : 'cancelled';
          return {
            batch: b.id,
            seq: i + 1,
            item_id: `item-${String(i + 1).padStart(4, '0')}`,
            mentor_id: `mentor_${i + 1}`,
            activity_type: 'session',
            activity_date: '2026-11-20',
            duration_minutes: 60,
            status,
            ...(status === 'success' ? { activity_id: `act-${b.id}-${i + 1}` } : {}),
            ...(status === 'failed' ? { error: `Mentor mentor_${i + 1} is not on the roster` } : {}),
          };
        });
        put('itemPages', { batch: b.id, page: 0, items });
      }
      for (const m of data.mentors ?? []) {
        const updated = iso(now);
        put('mentors', {
          mentor_id: m.mentor_id,
          name: m.name,
          coordinator_id: coordinator,
          updated_at: updated,
        });
        put('expiryRecords', {
          mentor_id: m.mentor_id,
          coordinator_id: coordinator,
          expiry_date: addDays(today, m.expiresIn),
          updated_at: updated,
        });
      }
      for (const n of data.notifications ?? []) {
        put('notificationLog', {
          mentor_id: n.mentor_id,
          expiry_date: addDays(today, n.expiresIn),
          threshold: n.threshold,
          coordinator_id: coordinator,
          run_id: 'run-seeded',
          dispatched_at: iso(now - n.sentMinutesAgo * 60_000),
          delivered: true,
          read: false,
        });
      }
      const about = data.batches?.[0]?.id ?? 'none';
      const entry = (status: string, i: number) => ({
        record: `batch:${about}`,
        idempotency_key: `seed-${status}-${i}`,
        method: 'POST',
        op: 'batch.create',
        body: { client_batch_id: about },
        status,
        attempts: status === 'rejected' ? 1 : 0,
        next_attempt_at: now,
        created_at: iso(now),
        ...(status === 'rejected'
          ? { rejection: { status: 422, code: 'validation_failed', message: 'label is too long' } }
          : {}),
      });
      for (let i = 0; i < (data.refused ?? 0); i++) tx.objectStore('outbox').add(entry('rejected', i));
      for (let i = 0; i < (data.waiting ?? 0); i++) tx.objectStore('outbox').add(entry('pending', i));
      (data.jobs ?? []).forEach((j, i) => {
        const at = now - j.minutesAgo * 60_000;
        put('jobs', {
          id: `job-seed-${i}`,
          kind: j.kind,
          status: j.status,
          ...(j.subject ? { subject: j.subject } : {}),
          lease_expires_at: 0,
          attempts: 1,
          progress_done: j.status === 'done' ? 10 : 0,
          progress_total: j.kind === 'batch.process' ? 10 : 0,
          created_at: at,
          updated_at: at + 1000,
        });
      });
      put('settings', {
        key: 'coordinator.settings',
        value: { coordinator_id: coordinator, date_order: data.dateOrder ?? 'DMY' },
      });
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { name: DB_NAME, data, today, dayMs: DAY_MS, coordinator: COORDINATOR },
  );
  await page.reload();
}
