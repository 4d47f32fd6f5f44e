import type { AppDatabase, OutboxEntry } from '../db';
import { openEntries, openEntriesOf } from './outboxState';
import { findOperation, isCreateOp } from './recordKinds';

/**
 * What an open entry waits for besides its own turn: the creates of the records it names
 * (`waitsFor`), and a refusal standing in its way. An entry behind a refusal, of its own record
 * or of a record it names, goes nowhere until the coordinator edits or discards that refusal, so
 * the syncer does not count it as due, and the status and the Sync page say what it waits for
 * instead of showing it as an ordinary pending change forever.
 */

/** The open create of each record in `records`, refused or not, in the order given. */
async function openCreatesOf(db: AppDatabase, records: string[]): Promise<OutboxEntry[]> {
  const creates: OutboxEntry[] = [];
  for (const record of records) {
    const create = (await openEntriesOf(db, record)).find((e) => isCreateOp(e.op));
    if (create) creates.push(create);
  }
  return creates;
}

/** True while a record the entry names has its create still open (waiting, sent or refused). */
export async function waitsForOtherCreates(db: AppDatabase, entry: OutboxEntry): Promise<boolean> {
  const named = (await findOperation(entry.op)?.waitsFor?.(db, entry)) ?? [];
  return named.length > 0 && (await openCreatesOf(db, named)).length > 0;
}

/**
 * Open entries (not refused themselves) held by a refusal: seq → the record key of the refused
 * change they wait for. Behind a refused entry of the same record, or naming a record whose
 * create was refused.
 */
export async function entriesBehindRefusals(db: AppDatabase): Promise<Map<number, string>> {
  const byRecord = new Map<string, OutboxEntry[]>();
  for (const entry of await openEntries(db)) {
    const list = byRecord.get(entry.record) ?? [];
    list.push(entry);
    byRecord.set(entry.record, list);
  }
  const behind = new Map<number, string>();
  for (const [record, entries] of byRecord) {
    const head = entries[0]!;
    let refused: string | undefined;
    if (head.status !== 'rejected') {
      const named = (await findOperation(head.op)?.waitsFor?.(db, head)) ?? [];
      refused = (await openCreatesOf(db, named)).find((c) => c.status === 'rejected')?.record;
    }
    for (const entry of entries) {
      if (entry.status === 'rejected') refused ??= record;
      else if (refused !== undefined) behind.set(entry.seq as number, refused);
    }
  }
  return behind;
}
