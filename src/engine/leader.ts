/**
 * Leader election with a Web Lock: of all contexts of a profile (tabs, workers, the Electron
 * engine window) that ask for the same exclusive lock, one holds it and runs the engine; the
 * others wait in the lock's queue. The browser releases a lock when its context closes, so the
 * next waiter becomes leader without any timeout.
 */

/** The part of `navigator.locks` (a `LockManager`) the election needs. */
export interface ExclusiveLocks {
  request(
    name: string,
    options: { mode: 'exclusive'; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<void>,
  ): Promise<void>;
}

export interface Leadership {
  /** true while this context holds the lock and `onLeader` runs */
  isLeader(): boolean;
  /**
   * Gives up: stops waiting for the lock, or aborts `onLeader`'s signal and releases the lock
   * once `onLeader` has finished. Resolves when the lock is no longer held by this context.
   */
  release(): Promise<void>;
  /** settles when the lock was released or the wait given up; rejects if `onLeader` threw */
  done: Promise<void>;
}

/**
 * Waits for the exclusive lock `name`, then calls `onLeader(signal)` and holds the lock until
 * the promise it returns settles. `onLeader` should start its work and keep its promise
 * pending until `signal` aborts (on `release()`), then stop and resolve:
 *
 *   runAsLeader(navigator.locks, ENGINE_LOCK_NAME, async (signal) => {
 *     const engine = createEngine(options);
 *     await engine.start();
 *     await untilAborted(signal);
 *     await engine.stop();
 *   });
 */
export function runAsLeader(
  locks: ExclusiveLocks,
  name: string,
  onLeader: (signal: AbortSignal) => Promise<void>,
): Leadership {
  const waiting = new AbortController();
  const leading = new AbortController();
  let leader = false;
  let granted = false;

  const done = locks
    .request(name, { mode: 'exclusive', signal: waiting.signal }, async () => {
      granted = true;
      if (leading.signal.aborted) return;
      leader = true;
      try {
        await onLeader(leading.signal);
      } finally {
        leader = false;
      }
    })
    .catch((error: unknown) => {
      // giving up the wait rejects the request with the signal's reason: that is not a failure
      if (!granted && waiting.signal.aborted) return;
      throw error;
    });
  // `done` is for callers who care; an unobserved failure must not crash the context
  done.catch(() => undefined);

  return {
    isLeader: () => leader,
    release: async () => {
      leading.abort();
      if (!granted) waiting.abort();
      await done.catch(() => undefined);
    },
    done,
  };
}

/** Resolves when `signal` aborts (at once if it already has). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
