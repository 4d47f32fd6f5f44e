import type { WalkinLocalRecord } from '../../src/db';

/**
 * Messages between the walk-in form's draft saver and `draft.worker.ts`, which writes the drafts
 * to IndexedDB off the page's thread. `seq` numbers the page's writes, in the order sent.
 */

export interface DraftWriteRequest {
  kind: 'write';
  seq: number;
  /** the IndexedDB database (the profile's) and its walk-ins store */
  database: string;
  store: string;
  record: WalkinLocalRecord;
}

export type DraftWorkerReply =
  /** `seq` committed; every earlier write of the same record not yet answered was superseded by it */
  | { kind: 'stored'; seq: number; replaced: WalkinLocalRecord | undefined }
  /** `seq` was not stored (nor the earlier ones it superseded) */
  | { kind: 'failed'; seq: number; message: string };

/** `open`: connect ahead of the first keystroke, so that one does not wait for the connection */
export type PageToDraftWorker = DraftWriteRequest | { kind: 'open'; database: string };
