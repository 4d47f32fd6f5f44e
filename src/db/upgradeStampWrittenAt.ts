import type { Transaction } from 'dexie';

/**
 * The version-6 upgrade: learners and registrations without a `written_at` get 0 ("before any
 * look"), so the `[sync_state+written_at]` index, which leaves out a record missing either part,
 * still lists them for sync. Every write since version 4 stamps one; this is for the odd record
 * that was stored without. The search's first read pages the whole table, so 0 loses nothing.
 */
export async function stampWrittenAt(tx: Transaction): Promise<void> {
  for (const name of ['learners', 'registrations']) {
    await tx
      .table<{ written_at?: unknown }>(name)
      .filter((record) => typeof record.written_at !== 'number' || Number.isNaN(record.written_at))
      .modify({ written_at: 0 });
  }
}
