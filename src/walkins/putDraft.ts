import type { AppDatabase } from '../db';
import type { WalkinLocalRecord } from '../db/fieldRecords';

// Type imports only: the draft worker bundles this file, and Dexie or the commands would make it
// load hundreds of kilobytes before its first write.

/** An IndexedDB transaction (the core is compiled without the DOM's types; Dexie's name it). */
export type DraftTransaction = ReturnType<ReturnType<AppDatabase['backendDB']>['transaction']>;

/**
 * Puts `record` in `tx` (readwrite on the walk-ins store `store`), reading first, without waiting,
 * what it replaces, and commits; resolves with what it replaced once committed.
 */
export async function putDraft(
  tx: DraftTransaction,
  store: string,
  record: WalkinLocalRecord,
): Promise<WalkinLocalRecord | undefined> {
  const walkins = tx.objectStore(store);
  const replaced = walkins.get(record.transaction_uuid);
  walkins.put(record);
  // the keystroke is safe once committed: the commit goes with the put, not after its answer
  (tx as { commit?: () => void }).commit?.();
  await new Promise<void>((resolve, reject) => {
    tx.addEventListener('complete', () => resolve());
    tx.addEventListener('abort', () => reject(tx.error ?? new Error('The draft was not saved.')));
  });
  return replaced.result as WalkinLocalRecord | undefined;
}
