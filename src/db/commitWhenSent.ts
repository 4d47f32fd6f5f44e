import type { Transaction } from 'dexie';

/**
 * Asks IndexedDB to commit a Dexie transaction as soon as the requests already sent are done,
 * instead of once the page has had their answers: the commit travels with the last writes, one
 * round trip to the browser's database process fewer. Call it right after sending the
 * transaction's last writes, in the same synchronous step; nothing may be requested in the
 * transaction afterwards (that request would fail while the writes before it still commit). A
 * failed write still aborts the whole transaction, and `db.transaction`'s promise rejects.
 */
export function commitWhenSent(tx: Transaction): void {
  // an engine without commit() commits once the answers are in, as it did before
  (tx.idbtrans as { commit?: () => void } | undefined)?.commit?.();
}
