import type { AppDatabase, OutboxEntry } from '../db';
import { parseRecordKey } from './recordIds';
import { findRecordKind, isCreateOp } from './recordKinds';

/** Reads of the outbox that push, pull and the status share. */

/** Entries the server has not accepted yet: waiting, being sent, or refused and waiting for the coordinator. */
export const OPEN_STATUSES = ['pending', 'inflight', 'rejected'] as const;

export async function openEntries(db: AppDatabase): Promise<OutboxEntry[]> {
  const rows = await db.outbox.where('status').anyOf(OPEN_STATUSES).toArray();
  return rows.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}

export async function openEntriesOf(db: AppDatabase, record: string): Promise<OutboxEntry[]> {
  const rows = await db.outbox.where('record').equals(record).toArray();
  return rows.filter((entry) => entry.status !== 'done').sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}

/** True while the record has local changes the server has not accepted: the pull must not overwrite it. */
export async function hasUnsentChanges(db: AppDatabase, record: string): Promise<boolean> {
  return (await openEntriesOf(db, record)).length > 0;
}

/**
 * Sets the record's `sync_state` from its open entries. Call inside a transaction over
 * `syncTables`.
 */
export async function refreshRecordSyncState(db: AppDatabase, record: string): Promise<void> {
  const ref = parseRecordKey(record);
  if (!ref) return;
  const open = await openEntriesOf(db, record);
  const state = open.some((e) => e.status === 'rejected')
    ? 'rejected'
    : open.length > 0
      ? 'pushing'
      : 'synced';
  await findRecordKind(ref.kind)?.setSyncState(db, ref.id, state);
}

/** True while the record's create is queued and not answered: a later change waits for it. */
export async function hasOpenCreate(db: AppDatabase, record: string): Promise<boolean> {
  return (await openEntriesOf(db, record)).some((entry) => isCreateOp(entry.op));
}
