import type { RoHostApi } from '../electron/shared/ipc';

declare global {
  interface Window {
    /** Present only in the Electron host (exposed by electron/preload); absent in a browser. */
    readonly roHost?: RoHostApi;
  }
}

export {};
