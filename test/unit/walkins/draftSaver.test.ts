import { liveQuery } from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import type { WalkinFormValues } from '../../../src/db/fieldRecords';
import { WalkinError, startWalkin } from '../../../src/walkins/commands';
import type { WalkinLocalRecord } from '../../../src/db';
import {
  draftSaver,
  pageDraftWriter,
  type DraftWriteOutcome,
  type DraftWriter,
} from '../../../src/walkins/draftSaver';
import { LatestWrite } from '../../../src/walkins/latestWrite';
import { emptyForm } from '../../../src/walkins/form';
import { memoryDatabase } from '../engine/support';

/**
 * The walk-in form's draft save: each keystroke in a write of its own, sent at once with no read
 * before it, and a change another writer made to the record meanwhile (the sync's answer, a
 * submit elsewhere) is not lost under the form's copy.
 */

const notes = (text: string): WalkinFormValues => ({ ...emptyForm(), notes: text });

async function opened() {
  const db = memoryDatabase();
  const id = await startWalkin(db, '2026FA', Date.now());
  const record = (await db.walkins.get(id))!;
  return { db, id, record };
}

/**
 * A writer that coalesces as the draft worker does: one write in flight, the latest draft
 * behind it, the ones it replaced answered as superseded once it has committed.
 */
function coalescingWriter(): DraftWriter & { writes: number } {
  const queue = new LatestWrite<WalkinLocalRecord>();
  const answers = new Map<WalkinLocalRecord, (outcome: DraftWriteOutcome) => void>();
  const superseded: Array<() => void> = [];
  const writer = {
    writes: 0,
    write(db: Parameters<DraftWriter['write']>[0], record: WalkinLocalRecord) {
      const answer = new Promise<DraftWriteOutcome>((resolve) => answers.set(record, resolve));
      const run = async (next: WalkinLocalRecord | null): Promise<void> => {
        for (; next; next = queue.settled(next.transaction_uuid)) {
          writer.writes++;
          const outcome = await pageDraftWriter.write(db, next);
          for (const skipped of superseded.splice(0)) skipped();
          answers.get(next)!(outcome);
        }
      };
      const now = queue.offer(record.transaction_uuid, record);
      if (now) void run(now);
      else superseded.push(() => answers.get(record)!({ kind: 'superseded' }));
      return answer;
    },
  };
  return writer;
}

/** Saves `text` keystroke by keystroke, all sent at once; the notes stored as each save resolved. */
async function typeKeyByKey(
  db: Awaited<ReturnType<typeof opened>>['db'],
  id: string,
  saver: ReturnType<typeof draftSaver>,
  text: string,
): Promise<string[]> {
  const stored: string[] = [];
  const saves = [...text].map((_c, i) =>
    saver.save({ form: notes(text.slice(0, i + 1)) }, Date.now()).then(async () => {
      stored.push((await db.walkins.get(id))!.form.notes);
    }),
  );
  await Promise.all(saves);
  return stored;
}

describe('the walk-in draft saver', () => {
  it('stores every keystroke, the last one last, each write resolving once committed', async () => {
    const { db, id, record } = await opened();
    const saver = draftSaver(db, record);
    const text = 'Ada Lovelace';
    const stored = await typeKeyByKey(db, id, saver, text);
    await saver.idle();
    expect((await db.walkins.get(id))!.form.notes).toBe(text);
    // each write committed in its turn: a keystroke's save never resolves before its own text is stored
    expect(stored.every((s, i) => s.length >= i + 1)).toBe(true);
  });

  it('is seen by the live queries of the page, as a write through Dexie is', async () => {
    const { db, id, record } = await opened();
    const shown: string[] = [];
    const subscription = liveQuery(() => db.walkins.get(id)).subscribe((r) => {
      if (r) shown.push(r.form.notes);
    });
    try {
      await vi.waitFor(() => expect(shown).toEqual(['']));
      const saver = draftSaver(db, record);
      await saver.save({ form: notes('Ada') }, Date.now());
      await vi.waitFor(() => expect(shown.at(-1)).toBe('Ada'));
    } finally {
      subscription.unsubscribe();
    }
  });

  it('keeps what the sync wrote to the record after the form opened it, with the typed text', async () => {
    const { db, id, record } = await opened();
    const saver = draftSaver(db, record);
    await saver.save({ form: notes('A') }, Date.now());
    // the sync marks the record while the form still holds its own copy
    await db.walkins.update(id, { sync_state: 'synced' });
    await saver.save({ form: notes('Ad') }, Date.now());
    await saver.save({ form: notes('Ada') }, Date.now());
    await saver.idle();
    const stored = (await db.walkins.get(id))!;
    expect(stored.sync_state).toBe('synced');
    expect(stored.form.notes).toBe('Ada');
    expect(stored.local_state).toBe('draft');
  });

  it('leaves a walk-in submitted elsewhere as submitted, and saves no more keystrokes', async () => {
    const { db, id, record } = await opened();
    const saver = draftSaver(db, record);
    await saver.save({ form: notes('A') }, Date.now());
    await db.walkins.update(id, { local_state: 'submitted', sync_state: 'pushing' });
    await expect(saver.save({ form: notes('Ad') }, Date.now())).rejects.toThrow(WalkinError);
    await expect(saver.save({ form: notes('Ada') }, Date.now())).rejects.toThrow(
      'it can no longer be edited',
    );
    await saver.idle();
    const stored = (await db.walkins.get(id))!;
    expect(stored.local_state).toBe('submitted');
    expect(stored.sync_state).toBe('pushing');
    expect(stored.form.notes).toBe('A');
  });

  it('does not bring back a walk-in deleted meanwhile', async () => {
    const { db, id, record } = await opened();
    const saver = draftSaver(db, record);
    await db.walkins.delete(id);
    await expect(saver.save({ form: notes('A') }, Date.now())).rejects.toThrow('no longer on this computer');
    expect(await db.walkins.get(id)).toBeUndefined();
  });

  it('through a coalescing writer, stores the last keystroke and resolves every save once it is stored', async () => {
    const { db, id, record } = await opened();
    const writer = coalescingWriter();
    const saver = draftSaver(db, record, writer);
    const text = 'Ada Lovelace';
    const stored = await typeKeyByKey(db, id, saver, text);
    expect((await db.walkins.get(id))!.form.notes).toBe(text);
    // the first write, then the latest keystroke behind it: not one write per keystroke
    expect(writer.writes).toBeLessThan(text.length);
    expect(stored.every((s, i) => s.length >= i + 1)).toBe(true);
  });

  it('through a coalescing writer, keeps what the sync wrote meanwhile', async () => {
    const { db, id, record } = await opened();
    const saver = draftSaver(db, record, coalescingWriter());
    await saver.save({ form: notes('A') }, Date.now());
    await db.walkins.update(id, { sync_state: 'synced' });
    const typing = ['Ad', 'Ada', 'Ada ', 'Ada L'].map((t) => saver.save({ form: notes(t) }, Date.now()));
    await Promise.all(typing);
    await saver.idle();
    const stored = (await db.walkins.get(id))!;
    expect(stored.sync_state).toBe('synced');
    expect(stored.form.notes).toBe('Ada L');
  });
});
