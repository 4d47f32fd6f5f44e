import type { Page } from '@playwright/test';
import { DB_NAME } from './idb';

/**
 * The app's own records of its batches and runs, read from its IndexedDB with the raw API (no
 * app code imported), for tests that compare them with the server record by record. The one
 * place that knows how items are stored: one record per item in `items` (schema v1), or pages
 * of items in `itemPages` (schema v2 on, `ItemPageRecord`): when the storage changes, only this file follows.
 */

export interface LocalItem {
  item_id: string;
  mentor_id: string;
  status: string;
  error?: string;
  activity_id?: string;
}

export interface LocalBatch {
  /** the client UUID, sent as `client_batch_id` */
  id: string;
  /** the server's id, once the create's answer was stored */
  batch_id?: string;
  label: string;
  status: string;
  total_items: number;
  completed: number;
  failed: number;
  sync_state: string;
  /** in item order */
  items: LocalItem[];
}

export interface LocalRun {
  run_id: string;
  triggered_by: string;
  status: string;
  sync_state: string;
}

export interface LocalRecords {
  batches: LocalBatch[];
  runs: LocalRun[];
  /** outbox entries not done yet (pending, inflight or rejected) */
  openOutbox: number;
}

/** Every batch (with its items), run and open outbox entry as this profile holds them now. */
export function readLocalRecords(page: Page): Promise<LocalRecords> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const read = <T>(request: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    try {
      const itemStore = db.objectStoreNames.contains('itemPages') ? 'itemPages' : 'items';
      const tx = db.transaction(['batches', itemStore, 'expiryRuns', 'outbox']);
      const batches = (await read(tx.objectStore('batches').getAll())) as Array<Record<string, unknown>>;
      const itemRows = (await read(tx.objectStore(itemStore).getAll())) as Array<Record<string, unknown>>;
      const runs = (await read(tx.objectStore('expiryRuns').getAll())) as Array<Record<string, unknown>>;
      const outbox = (await read(tx.objectStore('outbox').getAll())) as Array<{ status: string }>;

      // rows come in key order ([batch+seq] or [batch+page]), so items keep their order
      const itemsOf = new Map<string, Array<Record<string, unknown>>>();
      for (const row of itemRows) {
        const batch = String(row.batch);
        const list = itemsOf.get(batch) ?? [];
        // a page (`ItemPageRecord`) holds its items in `items`, in seq order
        if (itemStore === 'items') list.push(row);
        else list.push(...((row.items as Array<Record<string, unknown>> | undefined) ?? []));
        itemsOf.set(batch, list);
      }
      const optional = (value: unknown) => (typeof value === 'string' ? value : undefined);
      return {
        batches: batches.map((b) => ({
          id: String(b.id),
          batch_id: optional(b.batch_id),
          label: String(b.label),
          status: String(b.status),
          total_items: Number(b.total_items),
          completed: Number(b.completed),
          failed: Number(b.failed),
          sync_state: String(b.sync_state),
          items: (itemsOf.get(String(b.id)) ?? []).map((i) => ({
            item_id: String(i.item_id),
            mentor_id: String(i.mentor_id),
            status: String(i.status),
            error: optional(i.error),
            activity_id: optional(i.activity_id),
          })),
        })),
        runs: runs.map((r) => ({
          run_id: String(r.run_id),
          triggered_by: String(r.triggered_by),
          status: String(r.status),
          sync_state: String(r.sync_state),
        })),
        openOutbox: outbox.filter((entry) => entry.status !== 'done').length,
      };
    } finally {
      db.close();
    }
  }, DB_NAME);
}
