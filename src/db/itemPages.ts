import Dexie from 'dexie';
import type { AppDatabase } from './database';
import type { ItemPageRecord, ItemRecord } from './records';

/**
 * A batch's items live in pages of `ITEM_PAGE_SIZE` records (see SCHEMA_V2 for why). These are
 * the only functions that know it; call them inside a transaction over `itemPages` (and
 * `batchMentors` for the writers).
 */

/** Items per page: a page is about 100 KB, and a 10,000-item batch is 20 records. */
export const ITEM_PAGE_SIZE = 500;

/** The page of 1-based `seq`. */
export function pageOfSeq(seq: number): number {
  return Math.floor((seq - 1) / ITEM_PAGE_SIZE);
}

/** Splits items (sorted by seq, seq 1..n) into page records. */
export function paginate(batch: string, items: readonly ItemRecord[]): ItemPageRecord[] {
  const pages = new Map<number, ItemRecord[]>();
  for (const item of items) {
    const page = pageOfSeq(item.seq);
    let list = pages.get(page);
    if (!list) pages.set(page, (list = []));
    list.push(item);
  }
  return [...pages].map(([page, list]) => ({ batch, page, items: list }));
}

function batchPages(db: AppDatabase, batch: string) {
  return db.itemPages.where('[batch+page]').between([batch, Dexie.minKey], [batch, Dexie.maxKey]);
}

/** Stores a batch's items (replacing any it had) and the mentors they name. */
export async function putBatchItems(db: AppDatabase, batch: string, items: readonly ItemRecord[]) {
  await batchPages(db, batch).delete();
  await db.itemPages.bulkPut(paginate(batch, items));
  await db.batchMentors.put({ batch, mentors: distinctMentors(items) });
}

/** Every item of a batch, in seq order. */
export async function readBatchItems(db: AppDatabase, batch: string): Promise<ItemRecord[]> {
  const pages = await batchPages(db, batch).toArray();
  return pages.flatMap((page) => page.items);
}

/** Items `offset + 1` to `offset + limit` by seq (seq runs 1..n without gaps). */
export async function readItemWindow(
  db: AppDatabase,
  batch: string,
  offset: number,
  limit: number,
): Promise<ItemRecord[]> {
  if (limit <= 0) return [];
  const first = offset + 1;
  const last = offset + limit;
  const pages = await db.itemPages
    .where('[batch+page]')
    .between([batch, pageOfSeq(first)], [batch, pageOfSeq(last)], true, true)
    .toArray();
  return pages.flatMap((page) => page.items).filter((item) => item.seq >= first && item.seq <= last);
}

/** How many items a batch holds. */
export async function countBatchItems(db: AppDatabase, batch: string): Promise<number> {
  let count = 0;
  await batchPages(db, batch).each((page) => (count += page.items.length));
  return count;
}

/**
 * Rewrites the items `change` returns a new record for (the others stay as they are); only
 * the pages that changed are written. Returns how many items changed.
 */
export async function updateBatchItems(
  db: AppDatabase,
  batch: string,
  change: (item: ItemRecord) => ItemRecord | undefined,
): Promise<number> {
  const pages = await batchPages(db, batch).toArray();
  const changedPages: ItemPageRecord[] = [];
  let changed = 0;
  for (const page of pages) {
    let touched = false;
    const items = page.items.map((item) => {
      const next = change(item);
      if (next === undefined) return item;
      touched = true;
      changed += 1;
      return next;
    });
    if (touched) changedPages.push({ ...page, items });
  }
  await db.itemPages.bulkPut(changedPages);
  return changed;
}

/** Pages after `afterPage`, in order, at most `limit` of them. */
export function readPagesAfter(db: AppDatabase, batch: string, afterPage: number, limit: number) {
  return db.itemPages
    .where('[batch+page]')
    .between([batch, afterPage], [batch, Dexie.maxKey], false)
    .limit(limit)
    .toArray();
}

/** Removes a batch's items and its mentor list. */
export async function deleteBatchItems(db: AppDatabase, batch: string): Promise<void> {
  await batchPages(db, batch).delete();
  await db.batchMentors.delete(batch);
}

/** Batches whose items name a mentor id starting with `prefix` (any case). */
export async function batchesNamingMentor(db: AppDatabase, prefix: string): Promise<Set<string>> {
  const wanted = prefix.toLowerCase();
  const found = new Set<string>();
  await db.batchMentors.each((record) => {
    if (record.mentors.some((mentor) => mentor.startsWith(wanted))) found.add(record.batch);
  });
  return found;
}

/** The mentor ids items name, lower-cased, distinct and sorted (a `batchMentors` record). */
export function distinctMentors(items: readonly ItemRecord[]): string[] {
  return [...new Set(items.map((item) => item.mentor_id.toLowerCase()))].sort();
}
