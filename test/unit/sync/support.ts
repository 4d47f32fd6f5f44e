import { configFromEnv } from '../../../server/config';
import { createServer, type Server } from '../../../server/app';
import { openDatabase, type Database } from '../../../server/db/database';
import type { BatchCreate, BatchDetail, BatchList, ItemInput } from '../../../src/contract';
import {
  ActivityLedger,
  type AppDatabase,
  type BatchRecord,
  type ItemRecord,
  putBatchItems,
} from '../../../src/db';
import type { Host, TickReason } from '../../../src/engine/host';
import { appendOutboxEntry } from '../../../src/sync/outbox';
import { IndexedDbTokenStore, saveServerSettings } from '../../../src/sync/settings';
import { allPolls } from '../../../src/sync/pollSet';
import { runSyncCycle, type SyncDependencies, type SyncReason } from '../../../src/sync/syncer';
import type { SyncStatus } from '../../../src/sync/status';
import { allItems } from '../../support/localRecords';

export { memoryDatabase } from '../engine/support';

export const TOKENS = {
  coord: 'sync-test-coord-119',
  rotated: 'sync-test-coord-119-rotated',
  elsewhere: 'sync-test-coord-119-laptop-2',
  admin: 'sync-test-admin-0001',
} as const;
export const COORDINATOR = 'coord-119';

// `token:coordinator` names another coordinator; a bare token is COORDINATOR's (or the admin's)
const tokenList = (tokens: string[]) =>
  tokens.map((t) => (t.includes(':') ? t : `${t}:${t === TOKENS.admin ? 'admin' : COORDINATOR}`)).join(',');

/**
 * The real reference server in-process on 127.0.0.1 with in-memory PGlite. `restart` stops it
 * and starts a new one on the same database (another port), optionally with other tokens: what
 * a deployment restart or a token revocation looks like to the app.
 */
export class TestServer {
  private constructor(
    private readonly db: Database,
    private server: Server,
    public url: string,
  ) {}

  static async start(tokens: string[] = [TOKENS.coord, TOKENS.elsewhere, TOKENS.admin]): Promise<TestServer> {
    const db = await openDatabase({ databaseUrl: undefined, dataDir: 'memory://' });
    const { server, url } = await TestServer.listen(db, tokens);
    return new TestServer(db, server, url);
  }

  private static async listen(db: Database, tokens: string[]) {
    const config = configFromEnv({
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: 'memory://',
      API_TOKENS: tokenList(tokens),
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_MINUTE: '0',
      WORKER_POLL_MS: '10',
    });
    const server = await createServer(config, db);
    const url = await server.listen();
    return { server, url };
  }

  async stop(): Promise<void> {
    await this.shut();
  }

  async restart(tokens?: string[]): Promise<string> {
    await this.shut();
    const next = await TestServer.listen(this.db, tokens ?? [TOKENS.coord, TOKENS.elsewhere, TOKENS.admin]);
    this.server = next.server;
    this.url = next.url;
    return this.url;
  }

  async close(): Promise<void> {
    await this.shut();
    await this.db.close();
  }

  /**
   * Stops the server without waiting for the keep-alive sockets of the tests' fetch clients:
   * on a busy machine one of them could hold the graceful close past the hook timeout (the
   * graceful shutdown itself is tested in test/server).
   */
  private async shut(): Promise<void> {
    const closing = this.server.close();
    this.server.app.server.closeAllConnections();
    await closing;
  }

  /** A call as another client of the same coordinator (or the admin) makes it. */
  async call<T>(method: string, path: string, body?: unknown, token: string = TOKENS.admin): Promise<T> {
    const response = await fetch(this.url + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(method !== 'GET' ? { 'idempotency-key': crypto.randomUUID() } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} -> ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  /** Every batch on the server with its items, by client_batch_id (or batch_id when none). */
  async batches(): Promise<BatchDetail[]> {
    const all: BatchDetail[] = [];
    for (let page = 1; ; page++) {
      const list = await this.call<BatchList>('GET', `/api/v1/bulk-registrations?page=${page}&limit=100`);
      for (const summary of list.data) {
        all.push(await this.call<BatchDetail>('GET', `/api/v1/bulk-registrations/${summary.batch_id}`));
      }
      if (list.data.length < 100) return all;
    }
  }
}

/** A host on the real clock whose online state the test sets. */
export class RealClockHost implements Host {
  online = true;
  private readonly onlineListeners = new Set<(online: boolean) => void>();
  private readonly tickListeners = new Set<(reason: TickReason) => void>();
  now(): number {
    return Date.now();
  }
  timeZone(): string {
    return 'UTC';
  }
  isOnline(): boolean {
    return this.online;
  }
  setOnline(online: boolean): void {
    this.online = online;
    for (const listener of this.onlineListeners) listener(online);
  }
  onOnlineChange(listener: (online: boolean) => void): () => void {
    this.onlineListeners.add(listener);
    return () => this.onlineListeners.delete(listener);
  }
  notify(): void {}
  onTick(listener: (reason: TickReason) => void): () => void {
    this.tickListeners.add(listener);
    return () => this.tickListeners.delete(listener);
  }
}

export async function configure(db: AppDatabase, url: string, token: string = TOKENS.coord): Promise<void> {
  await saveServerSettings(db, new IndexedDbTokenStore(db), { url, token });
}

export const item = (mentor: string, date = '2026-03-24', type = 'peer_session'): ItemInput => ({
  mentor_id: mentor,
  activity_type: type,
  activity_date: date,
  duration_minutes: 60,
});

/**
 * What the batches module does when the coordinator submits a batch: the batch, its items and
 * its `batch.create` entry in one transaction. `provisional` gives the local outcomes (as local
 * processing would have set them, with local activity ids).
 */
export async function submitLocalBatch(
  db: AppDatabase,
  items: ItemInput[],
  options: { label?: string; provisional?: Array<'success' | 'failed'> } = {},
): Promise<string> {
  const id = crypto.randomUUID();
  const now = Date.now();
  const at = new Date(now).toISOString();
  await db.transaction(
    'rw',
    [db.batches, db.itemPages, db.batchMentors, db.mentorActivities, db.outbox],
    async () => {
      const statuses = options.provisional;
      const successes = statuses?.filter((s) => s === 'success').length ?? 0;
      const failures = statuses?.filter((s) => s === 'failed').length ?? 0;
      const batch: BatchRecord = {
        id,
        coordinator_id: COORDINATOR,
        label: options.label ?? 'test batch',
        status: statuses
          ? failures === 0
            ? 'completed'
            : successes === 0
              ? 'failed'
              : 'partial'
          : 'processing',
        total_items: items.length,
        completed: successes,
        failed: failures,
        cancelled_items: 0,
        submitted_at: at,
        completed_at: statuses ? at : null,
        updated_at: at,
        sync_state: 'local',
        changed_outcomes: 0,
      };
      await db.batches.add(batch);
      const records: ItemRecord[] = items.map((input, index) => {
        const status = statuses?.[index] ?? 'pending';
        return {
          batch: id,
          seq: index + 1,
          item_id: `item-${String(index + 1).padStart(3, '0')}`,
          ...input,
          status,
          ...(status === 'success' ? { activity_id: `local-${id}-${index + 1}` } : {}),
          ...(status === 'failed' ? { error: 'Duplicate activity on this date' } : {}),
        };
      });
      await putBatchItems(db, id, records);
      const ledger = await ActivityLedger.load(
        db,
        records.map((record) => record.mentor_id),
      );
      for (const record of records) {
        if (record.status !== 'success') continue;
        ledger.set(record, {
          activity_id: record.activity_id as string,
          duration_minutes: record.duration_minutes,
          batch: id,
          seq: record.seq,
          confirmed: false,
        });
      }
      await ledger.save();
      const body: BatchCreate = {
        coordinator_id: COORDINATOR,
        items,
        label: batch.label,
        client_batch_id: id,
      };
      await appendOutboxEntry(db, { record: `batch:${id}`, op: 'batch.create', method: 'POST', body }, now);
    },
  );
  return id;
}

/** Fixed-jitter dependencies for tests: no waiting on random delays, short timeouts. */
export function testDependencies(overrides: Partial<SyncDependencies> = {}): Partial<SyncDependencies> {
  return { random: () => 0.1, timeoutMs: 2_000, ...overrides };
}

/**
 * Runs cycles (as the engine would, one at a time) until nothing is left to push or poll on its
 * own, the sync pauses, or `maxCycles` ran. Waits between cycles until the next retry or poll is due.
 */
export async function syncUntilSettled(
  db: AppDatabase,
  host: Host,
  deps: Partial<SyncDependencies> = testDependencies(),
  options: { maxCycles?: number; reason?: SyncReason; between?: (cycle: number) => Promise<void> } = {},
): Promise<SyncStatus> {
  const maxCycles = options.maxCycles ?? 400;
  let status: SyncStatus | undefined;
  for (let cycle = 0; cycle < maxCycles; cycle++) {
    status = await runSyncCycle({
      db,
      host,
      reason: cycle === 0 ? (options.reason ?? 'manual') : 'retry',
      deps,
    });
    if (process.env['DEBUG_SYNC']) console.log(cycle, JSON.stringify(status));
    await options.between?.(cycle);
    if (status.state === 'paused-auth' || status.state === 'not-configured') return status;
    // settled: the last cycle went well and nothing waits on time (entries held by a rejection
    // wait for the coordinator, not for the syncer)
    const polls = await allPolls(db);
    if (status.state === 'idle' && status.next_attempt_at === undefined && polls.length === 0) return status;
    const wait = Math.min(Math.max((status.next_attempt_at ?? host.now()) - host.now(), 2), 250);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  throw new Error(`Sync did not settle in ${maxCycles} cycles; last status ${JSON.stringify(status)}`);
}

export interface LocalBatchView {
  batch_id: string | undefined;
  status: string;
  sync_state: string;
  items: Array<{ item_id: string; status: string; activity_id?: string; error?: string }>;
}

/** The local batches keyed by local id, in the server's terms, for comparing with the server. */
export async function localView(db: AppDatabase): Promise<Map<string, LocalBatchView>> {
  const view = new Map<string, LocalBatchView>();
  for (const batch of await db.batches.toArray()) {
    const items = await allItems(db, batch.id);
    view.set(batch.id, {
      batch_id: batch.batch_id,
      status: batch.status,
      sync_state: batch.sync_state,
      items: items.map((i) => ({
        item_id: i.item_id,
        status: i.status,
        ...(i.activity_id !== undefined ? { activity_id: i.activity_id } : {}),
        ...(i.error !== undefined ? { error: i.error } : {}),
      })),
    });
  }
  return view;
}

/** The server's batches in the same terms, keyed by client_batch_id. */
export function serverView(batches: BatchDetail[]): Map<string, LocalBatchView> {
  const view = new Map<string, LocalBatchView>();
  for (const batch of batches) {
    view.set(batch.client_batch_id ?? batch.batch_id, {
      batch_id: batch.batch_id,
      status: batch.status,
      sync_state: 'synced',
      items: batch.items.map((i) => ({
        item_id: i.item_id,
        status: i.status,
        ...(i.activity_id !== undefined ? { activity_id: i.activity_id } : {}),
        ...(i.error !== undefined ? { error: i.error } : {}),
      })),
    });
  }
  return view;
}
