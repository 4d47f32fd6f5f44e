import { LatestWrite } from '../../src/walkins/latestWrite';
import { putDraft } from '../../src/walkins/putDraft';
import type { DraftWorkerReply, DraftWriteRequest } from './draftProtocol';

/**
 * What `draft.worker.ts` does with the page's drafts, apart from the worker's messaging (so a test
 * can drive it on an in-memory IndexedDB): one write per walk-in in flight, the latest draft
 * behind it, each answer passed to `reply` in the order the writes commit.
 */
export interface DraftWrites {
  /** connects to `database` ahead of the first draft, so that one does not wait for it */
  open(database: string): void;
  write(request: DraftWriteRequest): void;
}

export function draftWrites(factory: IDBFactory, reply: (answer: DraftWorkerReply) => void): DraftWrites {
  const queue = new LatestWrite<DraftWriteRequest>();
  const connections = new Map<string, Promise<IDBDatabase>>();

  /** The page's database as it is (no version asked): the page's Dexie made and upgrades it. */
  const connect = (name: string): Promise<IDBDatabase> => {
    let connection = connections.get(name);
    if (!connection) {
      connection = new Promise<IDBDatabase>((resolve, reject) => {
        const open = factory.open(name);
        // no such database: the page has not made it, and an empty one would be in Dexie's way
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onsuccess = () => {
          const db = open.result;
          // another context upgrades the schema: step aside, the next write opens the new version
          db.onversionchange = () => {
            db.close();
            connections.delete(name);
          };
          resolve(db);
        };
        open.onerror = () => {
          connections.delete(name);
          reject(open.error ?? new Error(`The database ${name} could not be opened.`));
        };
      });
      connections.set(name, connection);
    }
    return connection;
  };

  const transaction = async (request: DraftWriteRequest): Promise<IDBTransaction> => {
    try {
      return (await connect(request.database)).transaction(request.store, 'readwrite');
    } catch (error) {
      // the connection closed (a schema upgrade) since it was opened: once more, on a fresh one
      if (!(error instanceof Error && error.name === 'InvalidStateError')) throw error;
      connections.delete(request.database);
      return (await connect(request.database)).transaction(request.store, 'readwrite');
    }
  };

  const put = async (request: DraftWriteRequest): Promise<DraftWorkerReply> => {
    const replaced = await putDraft(await transaction(request), request.store, request.record);
    return { kind: 'stored', seq: request.seq, replaced };
  };

  const run = async (first: DraftWriteRequest): Promise<void> => {
    const key = first.record.transaction_uuid;
    for (let next: DraftWriteRequest | null = first; next; next = queue.settled(key)) {
      try {
        reply(await put(next));
      } catch (error) {
        reply({
          kind: 'failed',
          seq: next.seq,
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
  };

  return {
    open: (database) => void connect(database).catch(() => undefined),
    write(request) {
      const now = queue.offer(request.record.transaction_uuid, request);
      if (now) void run(now);
    },
  };
}
