import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { AppDatabase } from '../../../src/db';
import type { Host, TickReason } from '../../../src/engine/host';
import type { ExclusiveLocks } from '../../../src/engine/leader';

// Dexie's liveQuery stays silent where no global IndexedDB exists (Node); tell it one does.
if (!Dexie.dependencies.indexedDB) {
  Dexie.dependencies.indexedDB = new IDBFactory();
  Dexie.dependencies.IDBKeyRange = IDBKeyRange;
}

/** One in-memory IndexedDB "origin"; open several AppDatabase on it to act as several contexts. */
export function memoryOrigin() {
  const indexedDB = new IDBFactory();
  let count = 0;
  const name = `test-${Math.random().toString(36).slice(2)}`;
  return {
    open(): AppDatabase {
      count += 1;
      return new AppDatabase(name, { indexedDB, IDBKeyRange });
    },
    get opened() {
      return count;
    },
  };
}

export function memoryDatabase(): AppDatabase {
  return memoryOrigin().open();
}

/** A host whose clock only moves when the test moves it. */
export class TestHost implements Host {
  private clock: number;
  private readonly tickListeners = new Set<(reason: TickReason) => void>();
  readonly notifications: Array<{ title: string; body: string }> = [];

  constructor(start = Date.UTC(2026, 2, 26, 10, 0, 0)) {
    this.clock = start;
  }
  now(): number {
    return this.clock;
  }
  advance(ms: number): void {
    this.clock += ms;
  }
  timeZone(): string {
    return 'UTC';
  }
  isOnline(): boolean {
    return false;
  }
  onOnlineChange(): () => void {
    return () => undefined;
  }
  notify(notification: { title: string; body: string }): void {
    this.notifications.push(notification);
  }
  onTick(listener: (reason: TickReason) => void): () => void {
    this.tickListeners.add(listener);
    return () => this.tickListeners.delete(listener);
  }
  tick(reason: TickReason = 'manual'): void {
    for (const listener of this.tickListeners) listener(reason);
  }
}

/**
 * An in-memory exclusive lock manager with the Web Locks semantics the election relies on:
 * FIFO waiters, release when the callback's promise settles, abort of a waiting request.
 */
export class TestLocks implements ExclusiveLocks {
  private readonly held = new Set<string>();
  private readonly queues = new Map<string, Array<() => void>>();

  request(
    name: string,
    options: { mode: 'exclusive'; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<void>,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        this.held.add(name);
        void Promise.resolve()
          .then(() => callback({ name }))
          .then(resolve, reject)
          .finally(() => this.handOver(name));
      };
      if (options.signal?.aborted) return reject(options.signal.reason);
      if (!this.held.has(name)) return grant();
      const queue = this.queues.get(name) ?? [];
      queue.push(grant);
      this.queues.set(name, queue);
      options.signal?.addEventListener('abort', () => {
        const index = queue.indexOf(grant);
        if (index >= 0) {
          queue.splice(index, 1);
          reject(options.signal?.reason);
        }
      });
    });
  }

  private handOver(name: string): void {
    this.held.delete(name);
    this.queues.get(name)?.shift()?.();
  }
}

/** Waits (without asserting on time) until `condition` holds. */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`Never happened: ${what}`);
}

export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
