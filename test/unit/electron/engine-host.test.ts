import { describe, expect, it, vi } from 'vitest';
import type { RoHostApi, TickReasonPayload } from '../../../electron/shared/ipc';
import { createElectronHost } from '../../../renderer/engine-host/electron-host';

/** The engine's Host in the Electron engine window, over a fake `window.roHost`. */

function fakeApi(): {
  api: RoHostApi;
  emitOnline(online: boolean): void;
  emitTick(reason: TickReasonPayload): void;
  notify: ReturnType<typeof vi.fn>;
} {
  const onlineListeners = new Set<(online: boolean) => void>();
  const tickListeners = new Set<(reason: TickReasonPayload) => void>();
  const notify = vi.fn(async () => undefined);
  const api: RoHostApi = {
    kind: 'electron',
    openFile: async () => null,
    notify,
    getOnline: async () => true,
    onOnlineChange: (listener) => {
      onlineListeners.add(listener);
      return () => onlineListeners.delete(listener);
    },
    onTick: (listener) => {
      tickListeners.add(listener);
      return () => tickListeners.delete(listener);
    },
    onNavigate: () => () => undefined,
    getVersion: async () => '1.0.0',
    openExternal: async () => undefined,
    token: {
      get: async () => null,
      set: async () => ({ kind: 'protected', description: 'Kept encrypted.' }),
      where: async () => ({ kind: 'protected', description: 'Kept encrypted.' }),
    },
    http: {
      send: async () => ({ ok: false, failure: { name: 'TypeError', message: 'not in this test' } }),
      abort: async () => undefined,
    },
    setSyncServer: async () => undefined,
    startAtLogin: {
      get: async () => ({ supported: true, enabled: false, chosen: false }),
      set: async (enabled) => ({ supported: true, enabled, chosen: true }),
      remindersSetUp: async () => ({ supported: true, enabled: true, chosen: false }),
    },
    openedFile: { take: async () => null, onWaiting: () => () => undefined },
  };
  return {
    api,
    notify,
    emitOnline: (online) => onlineListeners.forEach((listener) => listener(online)),
    emitTick: (reason) => tickListeners.forEach((listener) => listener(reason)),
  };
}

describe('createElectronHost', () => {
  it('follows the online state the main process pushes', () => {
    const fakeHost = fakeApi();
    const host = createElectronHost(fakeHost.api, true);
    const seen: boolean[] = [];
    host.onOnlineChange((online) => seen.push(online));
    expect(host.isOnline()).toBe(true);
    fakeHost.emitOnline(false);
    fakeHost.emitOnline(false);
    expect(host.isOnline()).toBe(false);
    fakeHost.emitOnline(true);
    expect(seen).toEqual([false, true]);
  });

  it('passes the main process ticks to the engine until unsubscribed', () => {
    const fakeHost = fakeApi();
    const host = createElectronHost(fakeHost.api, true);
    const reasons: string[] = [];
    const off = host.onTick((reason) => reasons.push(reason));
    fakeHost.emitTick('startup');
    fakeHost.emitTick('resume');
    off();
    fakeHost.emitTick('interval');
    expect(reasons).toEqual(['startup', 'resume']);
  });

  it('sends notifications to the main process and survives a refusal', async () => {
    const fakeHost = fakeApi();
    fakeHost.notify.mockRejectedValueOnce(new Error('ro:notify: rejected'));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const host = createElectronHost(fakeHost.api, true);
    expect(() => host.notify({ title: 'Expired', body: 'Ada', route: '/expiries' })).not.toThrow();
    await Promise.resolve();
    expect(fakeHost.notify).toHaveBeenCalledWith({ title: 'Expired', body: 'Ada', route: '/expiries' });
    await vi.waitFor(() => expect(errors).toHaveBeenCalled());
    errors.mockRestore();
  });

  it('uses the injected clock and zone, and stops listening when disposed', () => {
    const fakeHost = fakeApi();
    const host = createElectronHost(fakeHost.api, false, { now: () => 42, timeZone: () => 'Europe/Paris' });
    expect(host.now()).toBe(42);
    expect(host.timeZone()).toBe('Europe/Paris');
    const reasons: string[] = [];
    host.onTick((reason) => reasons.push(reason));
    host.dispose();
    fakeHost.emitTick('manual');
    expect(reasons).toEqual([]);
  });
});
