import { beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENTS, INVOKE, type RoHostApi } from '../../../electron/shared/ipc';

/** Loads the real preload against a fake electron and inspects what it exposes to the page. */

const fake = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  return {
    exposed: new Map<string, unknown>(),
    invoked: [] as Array<[string, unknown[]]>,
    ipc: new EventEmitter(),
  };
});

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => fake.exposed.set(key, api),
  },
  ipcRenderer: {
    invoke: async (channel: string, ...args: unknown[]) => {
      fake.invoked.push([channel, args]);
      return channel === INVOKE.getVersion ? '1.2.3' : null;
    },
    on: (channel: string, listener: (...args: unknown[]) => void) => fake.ipc.on(channel, listener),
    removeListener: (channel: string, listener: (...args: unknown[]) => void) =>
      fake.ipc.removeListener(channel, listener),
  },
}));

let api: RoHostApi;

/** The API's groups of methods, each sorted. */
const GROUPS: Record<string, string[]> = {
  token: ['get', 'set', 'where'],
  http: ['abort', 'send'],
  startAtLogin: ['get', 'remindersSetUp', 'set'],
  openedFile: ['onWaiting', 'take'],
};

describe('preload (electron/preload/index.ts)', () => {
  beforeAll(async () => {
    await import('../../../electron/preload/index');
    api = fake.exposed.get('roHost') as RoHostApi;
  });

  it('exposes exactly one API, window.roHost, made of named functions', () => {
    expect([...fake.exposed.keys()]).toEqual(['roHost']);
    const entries = Object.entries(api as unknown as Record<string, unknown>);
    expect(entries.map(([key]) => key).sort()).toEqual(
      [
        'getOnline',
        'getVersion',
        'kind',
        'notify',
        'onNavigate',
        'onOnlineChange',
        'onTick',
        'openExternal',
        'openFile',
        'token',
        'http',
        'setSyncServer',
        'startAtLogin',
        'openedFile',
      ].sort(),
    );
    for (const [key, value] of entries) {
      if (key === 'kind') expect(value).toBe('electron');
      else if (key in GROUPS) {
        const methods = Object.entries(value as Record<string, unknown>);
        expect(methods.map(([name]) => name).sort()).toEqual(GROUPS[key]);
        for (const [name, method] of methods) expect(typeof method, `${key}.${name}`).toBe('function');
      } else expect(typeof value, key).toBe('function');
    }
  });

  it('never hands the page ipcRenderer or anything that could send on an arbitrary channel', () => {
    const serialized = JSON.stringify(Object.keys(api));
    expect(serialized).not.toMatch(/ipcRenderer|invoke|send|require|process/);
  });

  it('maps each method to its own channel', async () => {
    fake.invoked.length = 0;
    await expect(api.getVersion()).resolves.toBe('1.2.3');
    await api.getOnline();
    await api.openFile();
    await api.notify({ title: 't', body: 'b' });
    await api.openExternal('https://example.org/');
    await api.token.get();
    await api.token.set('coord-119-secret');
    await api.token.set(null);
    await api.token.where();
    const request = {
      id: 'r-1',
      url: 'https://sync.example/api/v1/health',
      method: 'GET' as const,
      headers: {},
      timeoutMs: 1_000,
    };
    await api.http.send(request);
    await api.http.abort('r-1');
    await api.setSyncServer('https://sync.example');
    await api.startAtLogin.get();
    await api.startAtLogin.set(false);
    await api.startAtLogin.remindersSetUp();
    await api.openedFile.take();
    expect(fake.invoked).toEqual([
      [INVOKE.getVersion, []],
      [INVOKE.getOnline, []],
      [INVOKE.openFile, [{}]],
      [INVOKE.notify, [{ title: 't', body: 'b' }]],
      [INVOKE.openExternal, [{ url: 'https://example.org/' }]],
      [INVOKE.tokenGet, []],
      [INVOKE.tokenSet, [{ token: 'coord-119-secret' }]],
      [INVOKE.tokenSet, [{ token: null }]],
      [INVOKE.tokenWhere, []],
      [INVOKE.httpSend, [request]],
      [INVOKE.httpAbort, [{ id: 'r-1' }]],
      [INVOKE.syncServerSet, [{ url: 'https://sync.example' }]],
      [INVOKE.loginItemGet, []],
      [INVOKE.loginItemSet, [{ enabled: false }]],
      [INVOKE.remindersSetUp, []],
      [INVOKE.openedFileTake, []],
    ]);
  });

  it('passes listeners only the validated payload, never the IPC event', () => {
    const ticks: unknown[] = [];
    const off = api.onTick((reason) => ticks.push(reason));
    const event = { sender: 'ipcRenderer would leak here' };
    fake.ipc.emit(EVENTS.tick, event, 'resume');
    fake.ipc.emit(EVENTS.tick, event, 'format-disk');
    fake.ipc.emit(EVENTS.tick, event, { reason: 'resume' });
    off();
    fake.ipc.emit(EVENTS.tick, event, 'interval');
    expect(ticks).toEqual(['resume']);
  });

  it('delivers online changes and navigation requests, dropping malformed ones', () => {
    const online: boolean[] = [];
    const routes: string[] = [];
    api.onOnlineChange((value) => online.push(value));
    api.onNavigate((route) => routes.push(route));
    fake.ipc.emit(EVENTS.onlineChanged, {}, false);
    fake.ipc.emit(EVENTS.onlineChanged, {}, 'yes');
    fake.ipc.emit(EVENTS.navigate, {}, '/expiries');
    fake.ipc.emit(EVENTS.navigate, {}, '#/mentors?attention=run-1');
    fake.ipc.emit(EVENTS.navigate, {}, 'javascript:alert(1)');
    fake.ipc.emit(EVENTS.navigate, {}, '//evil.example/');
    expect(online).toEqual([false]);
    expect(routes).toEqual(['/expiries', '/mentors?attention=run-1']);
  });
});
