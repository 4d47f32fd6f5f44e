import type { AppDatabase, WalkinLocalRecord } from '../../src/db';
import { AppError } from '../../src/errors';
import { pageDraftWriter, type DraftWriteOutcome, type DraftWriter } from '../../src/walkins';
import type { DraftWorkerReply, PageToDraftWorker } from './draftProtocol';

/** A draft the worker could not store, with its reason. */
export class DraftWriteError extends AppError<'walkin_draft_unsaved'> {
  constructor(reason: string) {
    super('walkin_draft_unsaved', `The draft was not saved on this computer: ${reason}`);
  }
}

interface Pending {
  seq: number;
  db: AppDatabase;
  record: WalkinLocalRecord;
  resolve: (outcome: DraftWriteOutcome) => void;
  reject: (error: Error) => void;
}

/**
 * The form's drafts written by `draft.worker.ts`. Should the worker fail to start or stop, the
 * writes it had not answered, and every one after, are written by the page itself.
 */
export class WorkerDraftWriter implements DraftWriter {
  private worker: Worker | null;
  private readonly pending = new Map<number, Pending>();
  private readonly opened = new Set<string>();
  private nextSeq = 1;

  /** `worker` runs `draft.worker.ts` */
  constructor(worker: Worker) {
    this.worker = worker;
    this.worker.addEventListener('message', (event: MessageEvent<DraftWorkerReply>) =>
      this.answer(event.data),
    );
    this.worker.addEventListener('error', () => this.fallBack());
  }

  /** connects the worker to `db` now, ahead of the first keystroke */
  open(db: AppDatabase): void {
    if (this.opened.has(db.name)) return;
    this.opened.add(db.name);
    this.post({ kind: 'open', database: db.name });
  }

  write(db: AppDatabase, record: WalkinLocalRecord): Promise<DraftWriteOutcome> {
    if (!this.worker) return pageDraftWriter.write(db, record);
    const seq = this.nextSeq++;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { seq, db, record, resolve, reject });
      this.post({ kind: 'write', seq, database: db.name, store: db.walkins.name, record });
    });
  }

  private post(message: PageToDraftWorker): void {
    this.worker?.postMessage(message);
  }

  /** settles `reply.seq` and the earlier writes of the same record it superseded, in order */
  private answer(reply: DraftWorkerReply): void {
    const answered = this.pending.get(reply.seq);
    if (!answered) return;
    const key = answered.record.transaction_uuid;
    for (const waiting of [...this.pending.values()]) {
      if (waiting.seq > reply.seq || waiting.record.transaction_uuid !== key) continue;
      this.pending.delete(waiting.seq);
      if (reply.kind === 'failed') waiting.reject(new DraftWriteError(reply.message));
      else if (waiting.seq < reply.seq) waiting.resolve({ kind: 'superseded' });
      else waiting.resolve({ kind: 'stored', replaced: reply.replaced });
    }
  }

  private fallBack(): void {
    this.worker?.terminate();
    this.worker = null;
    const unanswered = [...this.pending.values()];
    this.pending.clear();
    // in the order sent, as the worker would have written them
    for (const waiting of unanswered)
      pageDraftWriter.write(waiting.db, waiting.record).then(waiting.resolve, waiting.reject);
  }
}

let shared: WorkerDraftWriter | null = null;

/** The window's draft writer: the worker where the page can start one, else the page itself. */
export function draftWriter(db: AppDatabase): DraftWriter {
  if (typeof Worker === 'undefined') return pageDraftWriter;
  shared ??= new WorkerDraftWriter(
    new Worker(new URL('./draft.worker.ts', import.meta.url), { type: 'module', name: 'draft' }),
  );
  shared.open(db);
  return shared;
}
