import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { z } from 'zod';
import {
  EVENTS,
  EVENT_PAYLOAD,
  HOST_API_KEY,
  INVOKE,
  type EventChannel,
  type RoHostApi,
} from '../shared/ipc';

/**
 * The only bridge between the sandboxed renderers and the main process. It exposes named
 * methods; neither `ipcRenderer` nor any Electron object crosses into the page, and listeners
 * receive only the validated payload, never the IPC event (whose `sender` is ipcRenderer).
 */

type EventPayload<C extends EventChannel> = z.output<(typeof EVENT_PAYLOAD)[C]>;

function subscribe<C extends EventChannel>(
  channel: C,
  listener: (payload: EventPayload<C>) => void,
): () => void {
  // indexing the record by a generic key loses the pairing of channel and schema; restore it
  const schema = EVENT_PAYLOAD[channel] as unknown as z.ZodType<EventPayload<C>>;
  const wrapped = (_event: IpcRendererEvent, payload: unknown): void => {
    const parsed = schema.safeParse(payload);
    if (parsed.success) listener(parsed.data);
    else console.warn(`[roHost] dropped a malformed ${channel} event`);
  };
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

const api: RoHostApi = {
  kind: 'electron',
  openFile: (request) => ipcRenderer.invoke(INVOKE.openFile, request ?? {}),
  notify: async (notification) => {
    await ipcRenderer.invoke(INVOKE.notify, notification);
  },
  getOnline: () => ipcRenderer.invoke(INVOKE.getOnline),
  onOnlineChange: (listener) => subscribe(EVENTS.onlineChanged, listener),
  onTick: (listener) => subscribe(EVENTS.tick, listener),
  onNavigate: (listener) => subscribe(EVENTS.navigate, listener),
  getVersion: () => ipcRenderer.invoke(INVOKE.getVersion),
  openExternal: async (url) => {
    await ipcRenderer.invoke(INVOKE.openExternal, { url });
  },
  token: {
    get: () => ipcRenderer.invoke(INVOKE.tokenGet),
    set: (token) => ipcRenderer.invoke(INVOKE.tokenSet, { token }),
    where: () => ipcRenderer.invoke(INVOKE.tokenWhere),
  },
  http: {
    send: (request) => ipcRenderer.invoke(INVOKE.httpSend, request),
    abort: async (id) => {
      await ipcRenderer.invoke(INVOKE.httpAbort, { id });
    },
  },
  setSyncServer: async (url) => {
    await ipcRenderer.invoke(INVOKE.syncServerSet, { url });
  },
  startAtLogin: {
    get: () => ipcRenderer.invoke(INVOKE.loginItemGet),
    set: (enabled) => ipcRenderer.invoke(INVOKE.loginItemSet, { enabled }),
    remindersSetUp: () => ipcRenderer.invoke(INVOKE.remindersSetUp),
  },
  openedFile: {
    take: () => ipcRenderer.invoke(INVOKE.openedFileTake),
    onWaiting: (listener) => subscribe(EVENTS.openedFile, () => listener()),
  },
};

contextBridge.exposeInMainWorld(HOST_API_KEY, api);
