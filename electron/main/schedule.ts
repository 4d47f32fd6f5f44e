import type { TickReasonPayload } from '../shared/ipc';

/** The main process owns the engine's clock: it survives the engine window being restarted. */

export const TICK_INTERVAL_MS = 60_000;
export const ONLINE_POLL_MS = 5_000;

export interface PowerEvents {
  on(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
  off(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
}

/** Ticks every minute, and at once on resume from sleep and on unlocking the screen. */
export function startTicks(
  sendTick: (reason: TickReasonPayload) => void,
  power: PowerEvents,
  intervalMs: number = TICK_INTERVAL_MS,
): () => void {
  const timer = setInterval(() => sendTick('interval'), intervalMs);
  const onResume = (): void => sendTick('resume');
  power.on('resume', onResume);
  power.on('unlock-screen', onResume);
  return () => {
    clearInterval(timer);
    power.off('resume', onResume);
    power.off('unlock-screen', onResume);
  };
}

export interface OnlineWatcher {
  current(): boolean;
  stop(): void;
}

/** Polls `isOnline` (Electron `net.isOnline()`) and reports changes only. */
export function watchOnline(
  isOnline: () => boolean,
  onChange: (online: boolean) => void,
  pollMs: number = ONLINE_POLL_MS,
): OnlineWatcher {
  let online = isOnline();
  const timer = setInterval(() => {
    const next = isOnline();
    if (next === online) return;
    online = next;
    onChange(next);
  }, pollMs);
  return { current: () => online, stop: () => clearInterval(timer) };
}
