import { ENGINE_LOCK_NAME, type EngineOptions } from './api';
import { createEngine } from './engine';
import { runAsLeader, untilAborted, type ExclusiveLocks, type Leadership } from './leader';

/**
 * What a host calls: run the engine in this context while it holds the profile's engine lock.
 * Every context may call it; only the leader's engine runs, and when the leader closes (or
 * calls `release()`) the next waiting context starts its own.
 */
export function runEngineWhenLeader(
  locks: ExclusiveLocks,
  options: EngineOptions,
  lockName: string = ENGINE_LOCK_NAME,
): Leadership {
  return runAsLeader(locks, lockName, async (signal) => {
    const engine = createEngine(options);
    await engine.start();
    const stops: Array<() => void> = [];
    try {
      for (const service of options.services ?? []) stops.push(service(options.db, options.host));
      await untilAborted(signal);
    } finally {
      try {
        // last started, first stopped; a failing stop must not keep the engine running
        for (const stop of stops.reverse()) stop();
      } finally {
        await engine.stop();
      }
    }
  });
}
