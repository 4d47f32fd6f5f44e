import Dexie, { type Collection, type InsertType } from 'dexie';
import type { BatchStatus, Pagination } from '../contract';
import {
  type AppDatabase,
  type BatchRecord,
  type ItemRecord,
  batchesNamingMentor,
  countBatchItems,
  readBatchItems,
  readItemWindow,
} from '../db';

/** What the batches page asks for; `page` and `limit` as in the contract (limit 1..100). */
export interface BatchListQuery {
  page?: number;
  limit?: number;
  status?: BatchStatus;
  /** submitted at or after this instant (ISO) */
  submittedFrom?: string;
  /** submitted at or before this instant (ISO) */
  submittedTo?: string;
  /** part of the label, or the start of a mentor id one of its items names (any case) */
  search?: string;
  /** only batches that still hold failed items (the dashboard's "failed items to fix") */
  withFailedItems?: boolean;
}

export interface BatchPage {
  data: BatchRecord[];
  pagination: Pagination;
}

/**
 * Batches, newest first, filtered and paginated like `GET /api/v1/bulk-registrations`. Batches
 * submitted at the same instant (the parts of one import) come in descending id order, which
 * `createBatches` makes their part order.
 */
export async function listBatches(db: AppDatabase, query: BatchListQuery = {}): Promise<BatchPage> {
  const page = Math.max(1, Math.floor(query.page ?? 1));
  const limit = Math.min(100, Math.max(1, Math.floor(query.limit ?? 20)));
  const from = query.submittedFrom ?? Dexie.minKey;
  const to = query.submittedTo ?? Dexie.maxKey;

  return db.transaction('r', db.batches, db.batchMentors, async () => {
    let collection: Collection<BatchRecord, string, InsertType<BatchRecord, 'id'>> = query.status
      ? db.batches
          .where('[status+submitted_at]')
          .between([query.status, from], [query.status, to], true, true)
      : db.batches.where('submitted_at').between(from, to, true, true);
    const search = query.search?.trim().toLowerCase();
    if (search) {
      const byMentor = await batchesNamingMentor(db, search);
      collection = collection.filter(
        (batch) => batch.label.toLowerCase().includes(search) || byMentor.has(batch.id),
      );
    }
    if (query.withFailedItems) collection = collection.filter((batch) => batch.failed > 0);
    const total = await collection.clone().count();

    const data = await collection
      .reverse()
      .offset((page - 1) * limit)
      .limit(limit)
      .toArray();
    return { data, pagination: { page, limit, total } };
  });
}

export interface ItemPageQuery {
  /** 0-based position of the first item (the virtualized table's first visible row) */
  offset: number;
  limit: number;
  /** only the failed items, with their reasons */
  onlyFailed?: boolean;
}

export interface ItemPage {
  items: ItemRecord[];
  /** how many items match, for the table's scroll height */
  total: number;
}

/** A window of a batch's items in submitted order, all of them or only the failed ones. */
export async function listBatchItems(
  db: AppDatabase,
  batch: string,
  query: ItemPageQuery,
): Promise<ItemPage> {
  const offset = Math.max(0, Math.floor(query.offset));
  const limit = Math.max(0, Math.floor(query.limit));
  return db.transaction('r', db.itemPages, async () => {
    if (query.onlyFailed) {
      // a batch holds at most a few dozen pages: filtering them here beats an index per item
      const failed = (await readBatchItems(db, batch)).filter((item) => item.status === 'failed');
      return { items: failed.slice(offset, offset + limit), total: failed.length };
    }
    const [total, items] = await Promise.all([
      countBatchItems(db, batch),
      readItemWindow(db, batch, offset, limit),
    ]);
    return { items, total };
  });
}
