/// <reference lib="webworker" />
import { LatestWrite } from '../../src/walkins/latestWrite';
import type { WalkinLocalRecord } from '../../src/db';
import type { DraftWorkerReply, DraftWriteRequest, PageToDraftWorker } from './draftProtocol';

/**
 * Writes the walk-in form's drafts to IndexedDB. The page's thread hears of a commit only once it
 * has rendered the keystroke (Chromium defers its tasks after input), a frame later; this thread
 * has nothing else to do, so the commit is seen, and the next draft sent, as soon as it lands.
 * One write per walk-in is in flight and only the latest draft waits behind it.
 */

const scope = self as unknown as DedicatedWorkerGlobalScope;
const queue = new LatestWrite<DraftWriteRequest>();
const connections = new Map<string, Promise<IDBDatabase>>();

/** The page's database as it is (no version asked): the page's Dexie made and upgrades it. */
function connect(name: string): Promise<IDBDatabase> {
  let connection = connections.get(name);
  if (!connection) {
    connection = new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name);
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
}

async function transaction(request: DraftWriteRequest): Promise<IDBTransaction> {
  try {
    return (await connect(request.database)).transaction(request.store, 'readwrite');
  } catch (error) {
    // the connection closed (a schema upgrade) since it was opened: once more, on a fresh one
    if (!(error instanceof DOMException && error.name === 'InvalidStateError')) throw error;
    connections.delete(request.database);
    return (await connect(request.database)).transaction(request.store, 'readwrite');
  }
}

async function put(request: DraftWriteRequest): Promise<DraftWorkerReply> {
  const tx = await transaction(request);
  const store = tx.objectStore(request.store);
  const replaced = store.get(request.record.transaction_uuid);
  store.put(request.record);
  tx.commit();
  await new Promise<void>((resolve, reject) => {
    tx.addEventListener('complete', () => resolve());
    tx.addEventListener('abort', () => reject(tx.error ?? new Error('The draft was not saved.')));
  });
  return { kind: 'stored', seq: request.seq, replaced: replaced.result as WalkinLocalRecord | undefined };
}

async function write(request: DraftWriteRequest): Promise<void> {
  const key = request.record.transaction_uuid;
  for (let next: DraftWriteRequest | null = request; next; next = queue.settled(key)) {
    let reply: DraftWorkerReply;
    try {
      reply = await put(next);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      reply = { kind: 'failed', seq: next.seq, message };
    }
    scope.postMessage(reply);
  }
}

scope.addEventListener('message', (event: MessageEvent<PageToDraftWorker>) => {
  const message = event.data;
  if (message.kind === 'open') {
    connect(message.database).catch(() => undefined);
    return;
  }
  const now = queue.offer(message.record.transaction_uuid, message);
  if (now) void write(now);
});
