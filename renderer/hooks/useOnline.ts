import { useSyncExternalStore } from 'react';
import { electronHost } from '../host';

/**
 * Online state. In Electron the main process knows better (`net.isOnline()`) than the
 * renderer; in a browser, `navigator.onLine` and its events.
 */
let online = typeof navigator === 'undefined' ? true : navigator.onLine;
const listeners = new Set<() => void>();
let started = false;

function set(value: boolean): void {
  if (value === online) return;
  online = value;
  for (const listener of listeners) listener();
}

function start(): void {
  if (started) return;
  started = true;
  const host = electronHost();
  if (host) {
    host.onOnlineChange(set);
    void host.getOnline().then(set, () => undefined);
  } else {
    window.addEventListener('online', () => set(true));
    window.addEventListener('offline', () => set(false));
  }
}

function subscribe(onChange: () => void): () => void {
  start();
  listeners.add(onChange);
  return () => listeners.delete(onChange);
}

/** Whether the computer has a network connection. */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribe, () => online);
}
