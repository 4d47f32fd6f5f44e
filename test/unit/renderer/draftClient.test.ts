import { describe, expect, it } from 'vitest';
import type { WalkinLocalRecord } from '../../../src/db';
import { startWalkin } from '../../../src/walkins/commands';
import { emptyForm } from '../../../src/walkins/form';
import type { DraftWorkerReply, PageToDraftWorker } from '../../../renderer/workers/draftProtocol';
import { WorkerDraftWriter } from '../../../renderer/workers/draftClient';
import { memoryDatabase } from '../engine/support';

/**
 * The page's side of the draft worker: each save settled by the worker's answers (a draft the
 * worker skipped, once the later one holding it has committed), and the page writing itself
 * should the worker stop.
 */

/** The parts of a Worker the writer uses; the test answers for the worker. */
class FakeWorker {
  readonly posted: PageToDraftWorker[] = [];
  private readonly listeners: Record<string, Array<(event: unknown) => void>> = {};
  addEventListener(type: string, listener: (event: unknown) => void) {
    (this.listeners[type] ??= []).push(listener);
  }
  postMessage(message: PageToDraftWorker) {
    this.posted.push(message);
  }
  terminate() {}
  answer(reply: DraftWorkerReply) {
    for (const listener of this.listeners['message'] ?? []) listener({ data: reply });
  }
  stop() {
    for (const listener of this.listeners['error'] ?? []) listener({ message: 'stopped' });
  }
}

async function setUp() {
  const db = memoryDatabase();
  const id = await startWalkin(db, '2026FA', Date.now());
  const record = (await db.walkins.get(id))!;
  const worker = new FakeWorker();
  const writer = new WorkerDraftWriter(worker as unknown as Worker);
  const typed = (notes: string): WalkinLocalRecord => ({ ...record, form: { ...emptyForm(), notes } });
  return { db, id, record, worker, writer, typed };
}

describe('the draft worker client', () => {
  it('settles a draft the worker skipped as superseded once the later one has committed', async () => {
    const { db, record, worker, writer, typed } = await setUp();
    const saves = ['A', 'Ad', 'Ada'].map((notes) => writer.write(db, typed(notes)));
    worker.answer({ kind: 'stored', seq: 1, replaced: record });
    await expect(saves[0]).resolves.toEqual({ kind: 'stored', replaced: record });
    const settled: string[] = [];
    void saves[1]!.then(() => settled.push('Ad'));
    await Promise.resolve();
    // 'Ad' waits for the write that holds it
    expect(settled).toEqual([]);
    worker.answer({ kind: 'stored', seq: 3, replaced: typed('A') });
    await expect(saves[1]).resolves.toEqual({ kind: 'superseded' });
    await expect(saves[2]).resolves.toEqual({ kind: 'stored', replaced: typed('A') });
  });

  it('refuses the drafts of a failed write with the reason', async () => {
    const { db, worker, writer, typed } = await setUp();
    const saves = ['A', 'Ad'].map((notes) => writer.write(db, typed(notes)));
    worker.answer({ kind: 'failed', seq: 2, message: 'the disk is full' });
    await expect(saves[0]).rejects.toThrow('The draft was not saved on this computer: the disk is full');
    await expect(saves[1]).rejects.toThrow('the disk is full');
  });

  it('writes from the page the drafts a stopped worker left unanswered, and every one after', async () => {
    const { db, id, worker, writer, typed } = await setUp();
    const first = writer.write(db, typed('A'));
    worker.stop();
    await expect(first).resolves.toMatchObject({ kind: 'stored' });
    await expect(writer.write(db, typed('Ad'))).resolves.toMatchObject({ kind: 'stored' });
    expect((await db.walkins.get(id))!.form.notes).toBe('Ad');
    expect(worker.posted.filter((m) => m.kind === 'write')).toHaveLength(1);
  });
});
