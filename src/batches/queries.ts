import Dexie, { type Collection, type InsertType } from 'dexie';
import type { BatchStatus, Pagination } from '../contract';
import type { AppDatabase, BatchRecord, ItemRecord } from '../db';

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
}

export interface BatchPage {
  data: BatchRecord[];
  pagination: Pagination;
}

/** Batches, newest first, filtered and paginated like `GET /api/v1/bulk-registrations`. */
export async function listBatches(db: AppDatabase, query: BatchListQuery = {}): Promise<BatchPage> {
  const page = Math.max(1, Math.floor(query.page ?? 1));
  const limit = Math.min(100, Math.max(1, Math.floor(query.limit ?? 20)));
  const from = query.submittedFrom ?? Dexie.minKey;
  const to = query.submittedTo ?? Dexie.maxKey;

  return db.transaction('r', db.batches, db.items, async () => {
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
    const total = await collection.clone().count();

    const data = await collection
      .reverse()
      .offset((page - 1) * limit)
      .limit(limit)
      .toArray();
    return { data, pagination: { page, limit, total } };
  });
}

async function batchesNamingMentor(db: AppDatabase, prefix: string): Promise<Set<string>> {
  const keys = await db.items.where('mentor_id').startsWithIgnoreCase(prefix).primaryKeys();
  return new Set(keys.map(([batch]) => batch));
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
  return db.transaction('r', db.items, async () => {
    if (query.onlyFailed) {
      const failed = () =>
        db.items
          .where('[batch+status+seq]')
          .between([batch, 'failed', Dexie.minKey], [batch, 'failed', Dexie.maxKey]);
      // count apart from the page: offset and limit change a Dexie collection in place
      const total = await failed().count();
      const items = await failed().offset(offset).limit(limit).toArray();
      return { items, total };
    }
    // seq runs 1..n without gaps, so a window is a key range: no cursor walk over skipped rows
    const all = db.items.where('[batch+seq]').between([batch, Dexie.minKey], [batch, Dexie.maxKey]);
    const [total, items] = await Promise.all([
      all.count(),
      db.items
        .where('[batch+seq]')
        .between([batch, offset + 1], [batch, offset + limit], true, true)
        .toArray(),
    ]);
    return { items: limit === 0 ? [] : items, total };
  });
}
