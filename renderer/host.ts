import { HOST_API_KEY, type RoHostApi } from '../electron/shared/ipc';

/**
 * Which host the window runs in. In Electron the preload exposes `window.roHost` and the
 * hidden engine window runs the engine; in a browser this window starts a Web Worker for it.
 */
export function electronHost(): RoHostApi | undefined {
  if (typeof window === 'undefined') return undefined;
  return (window as unknown as Record<string, RoHostApi | undefined>)[HOST_API_KEY];
}

export function isElectronHost(): boolean {
  return electronHost() !== undefined;
}
