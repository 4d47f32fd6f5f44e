import type { Host, HostNotification, TickReason } from '../../src/engine/host';
import type { RoHostApi } from '../../electron/shared/ipc';

/**
 * The engine's Host in the Electron engine window: clock and time zone from the page, online
 * state, ticks and notifications from the main process through `window.roHost`.
 */
export interface ElectronHost extends Host {
  /** detaches from the preload's events */
  dispose(): void;
}

export interface ElectronHostOptions {
  now?: () => number;
  timeZone?: () => string;
}

export function createElectronHost(
  api: RoHostApi,
  initialOnline: boolean,
  options: ElectronHostOptions = {},
): ElectronHost {
  let online = initialOnline;
  const onlineListeners = new Set<(online: boolean) => void>();
  const tickListeners = new Set<(reason: TickReason) => void>();

  // One subscription each to the preload; the engine may add and remove listeners freely.
  const offOnline = api.onOnlineChange((next) => {
    if (next === online) return;
    online = next;
    for (const listener of [...onlineListeners]) listener(next);
  });
  const offTick = api.onTick((reason) => {
    for (const listener of [...tickListeners]) listener(reason);
  });

  return {
    now: options.now ?? (() => Date.now()),
    timeZone: options.timeZone ?? (() => Intl.DateTimeFormat().resolvedOptions().timeZone),
    isOnline: () => online,
    onOnlineChange(listener) {
      onlineListeners.add(listener);
      return () => onlineListeners.delete(listener);
    },
    notify(notification: HostNotification) {
      // A notification that cannot be shown must not fail the job that raised it.
      api
        .notify(notification)
        .catch((error: unknown) => console.error('[engine] notification failed', error));
    },
    onTick(listener) {
      tickListeners.add(listener);
      return () => tickListeners.delete(listener);
    },
    dispose() {
      offOnline();
      offTick();
      onlineListeners.clear();
      tickListeners.clear();
    },
  };
}
