import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { AppDatabase, type WalkinLocalRecord } from '../../../src/db';
import { startWalkin } from '../../../src/walkins/commands';
import { emptyForm } from '../../../src/walkins/form';
import type { DraftWorkerReply } from '../../../renderer/workers/draftProtocol';
import { draftWrites } from '../../../renderer/workers/draftWrites';

/**
 * The draft worker's writes, on an in-memory IndexedDB that the page's Dexie made: the latest
 * draft behind the one in flight, every write answered in order, and a schema upgrade by the
 * page not blocked by the worker's connection.
 */

async function page() {
  const factory = new IDBFactory();
  const name = `drafts-${Math.random().toString(36).slice(2)}`;
  const db = new AppDatabase(name, { indexedDB: factory, IDBKeyRange });
  const id = await startWalkin(db, '2026FA', Date.now());
  const record = (await db.walkins.get(id))!;
  const answers: DraftWorkerReply[] = [];
  const writes = draftWrites(factory, (answer) => answers.push(answer));
  let seq = 0;
  const type = (notes: string) => {
    const draft: WalkinLocalRecord = { ...record, form: { ...emptyForm(), notes } };
    writes.write({ kind: 'write', seq: ++seq, database: name, store: 'walkins', record: draft });
    return seq;
  };
  const answered = async (last: number) => {
    await expect.poll(() => answers.some((a) => a.seq === last)).toBe(true);
    return answers;
  };
  return { factory, name, db, id, record, writes, type, answered };
}

describe('the draft worker writes', () => {
  it('writes the first draft and, behind it, only the latest, answering with what each replaced', async () => {
    const { db, id, type, answered } = await page();
    type('A');
    type('Ad');
    const last = type('Ada');
    const answers = await answered(last);
    // 'Ad' never written: 'Ada' superseded it before the write of 'A' had committed
    expect(answers.map((a) => a.seq)).toEqual([1, 3]);
    expect(answers.map((a) => (a.kind === 'stored' ? a.replaced?.form.notes : a.message))).toEqual(['', 'A']);
    expect((await db.walkins.get(id))!.form.notes).toBe('Ada');
  });

  it('steps aside for a schema upgrade, then writes on the new version', async () => {
    const { factory, name, db, id, writes, type, answered } = await page();
    writes.open(name);
    await answered(type('A'));
    db.close();
    // the upgrade waits for every connection to close: it would stay blocked by the worker's
    const upgraded = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = factory.open(name, db.verno * 10 + 1);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
      open.onblocked = () => reject(new Error('The upgrade is blocked by a connection left open.'));
    });
    upgraded.close();
    await answered(type('Ad'));
    await db.open();
    expect((await db.walkins.get(id))!.form.notes).toBe('Ad');
  });
});
