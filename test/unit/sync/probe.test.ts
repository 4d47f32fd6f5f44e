import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../../src/engine/host';
import { IndexedDbTokenStore, loadServerSettings, saveServerSettings } from '../../../src/sync/settings';
import { PROBE_STATE_KEY, runSyncCycle } from '../../../src/sync/syncer';
import { configure, memoryDatabase, submitLocalBatch, item } from './support';

/** A host whose clock moves only by hand, online. */
class ManualClockHost implements Host {
  constructor(public clock = Date.UTC(2026, 2, 26, 10)) {}
  now = () => this.clock;
  timeZone = () => 'UTC';
  isOnline = () => true;
  onOnlineChange = () => () => undefined;
  notify = () => undefined;
  onTick = () => () => undefined;
}

let requests = 0;
let url = '';
const failing = http.createServer((_req, res) => {
  requests += 1;
  res.writeHead(503, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code: 'internal', message: 'Down for maintenance' } }));
});
beforeAll(async () => {
  await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(failing.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => failing.close(resolve)));

describe('the health probe while the server is down', () => {
  it('backs off: automatic cycles before the next probe make no request; "Sync now" tries at once', async () => {
    const db = memoryDatabase();
    const host = new ManualClockHost();
    await configure(db, url);
    await submitLocalBatch(db, [item('probe-mentor')]);
    const deps = { random: () => 0.999 };

    const first = await runSyncCycle({ db, host, reason: 'tick', deps });
    expect(first).toMatchObject({ state: 'offline', pending: 1 });
    expect(first.last_error).toContain('Down for maintenance');
    expect(first.next_attempt_at).toBe(host.clock + 999);
    expect(requests).toBe(1);

    expect(await runSyncCycle({ db, host, reason: 'tick', deps })).toMatchObject({ state: 'offline' });
    expect(await runSyncCycle({ db, host, reason: 'change', deps })).toMatchObject({ state: 'offline' });
    expect(requests).toBe(1);

    host.clock += 1_000;
    const second = await runSyncCycle({ db, host, reason: 'tick', deps });
    expect(requests).toBe(2);
    // the second failure waits up to twice as long
    expect(second.next_attempt_at).toBe(host.clock + 1_998);
    expect((await db.settings.get(PROBE_STATE_KEY))?.value).toMatchObject({ failures: 2 });

    await runSyncCycle({ db, host, reason: 'manual', deps });
    expect(requests).toBe(3);
    // nothing was sent or lost meanwhile
    expect(await db.outbox.where('status').equals('pending').count()).toBe(1);
  });
});

describe('server settings', () => {
  it('are validated, and incomplete until both the address and the token are set', async () => {
    const db = memoryDatabase();
    const tokens = new IndexedDbTokenStore(db);
    expect(await loadServerSettings(db, tokens)).toBeUndefined();
    await expect(saveServerSettings(db, tokens, { url: 'sync.example', token: 't' })).rejects.toThrow(
      'must start with http:// or https://',
    );
    await expect(saveServerSettings(db, tokens, { url: 'https://sync.example', token: ' ' })).rejects.toThrow(
      'Enter the token',
    );
    await saveServerSettings(db, tokens, { url: 'https://sync.example', token: 'secret-token' });
    expect(await loadServerSettings(db, tokens)).toEqual({
      url: 'https://sync.example',
      token: 'secret-token',
    });
    await tokens.set(undefined);
    expect(await loadServerSettings(db, tokens)).toBeUndefined();
    expect(tokens.description).toContain('not encrypted');
  });

  it('without them a cycle says what to do and makes no request', async () => {
    const db = memoryDatabase();
    const before = requests;
    const status = await runSyncCycle({ db, host: new ManualClockHost(), reason: 'manual' });
    expect(status).toMatchObject({ state: 'not-configured' });
    expect(status.last_error).toContain('server address and token');
    expect(requests).toBe(before);
  });
});

describe('a change waiting out its backoff', () => {
  it('waits on automatic cycles and goes at once when the coordinator presses Sync now', async () => {
    let posts = 0;
    const busy = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/api/v1/health')) {
        res.end(JSON.stringify({ status: 'ok', version: 'test', api_version: 'v1' }));
        return;
      }
      if (req.method === 'POST') posts += 1;
      res.writeHead(503);
      res.end(JSON.stringify({ error: { code: 'internal', message: 'Busy' } }));
    });
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const db = memoryDatabase();
      await configure(db, `http://127.0.0.1:${(busy.address() as AddressInfo).port}`);
      await submitLocalBatch(db, [item('backoff-mentor')]);
      // the entry is due from the real now, when submitLocalBatch wrote it
      const host = new ManualClockHost(Date.now() + 1);
      const deps = { random: () => 0.999 };

      const first = await runSyncCycle({ db, host, reason: 'tick', deps });
      expect(first).toMatchObject({ state: 'error', pending: 1 });
      expect(posts).toBe(1);
      const [entry] = await db.outbox.toArray();
      expect(entry?.next_attempt_at).toBeGreaterThan(host.clock);

      await runSyncCycle({ db, host, reason: 'tick', deps });
      await runSyncCycle({ db, host, reason: 'change', deps });
      expect(posts).toBe(1);

      await runSyncCycle({ db, host, reason: 'manual', deps });
      expect(posts).toBe(2);
      expect(await db.outbox.where('status').equals('pending').count()).toBe(1);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });
});
