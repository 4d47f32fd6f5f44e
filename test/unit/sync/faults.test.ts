import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopTransport } from '../../support/desktopTransport';
import { startFaultProxy, type Fault, type FaultProxy } from '../../support/faultProxy';
import {
  RealClockHost,
  TestServer,
  configure,
  memoryDatabase,
  syncUntilSettled,
  testDependencies,
} from './support';
import { coordinatorView, offlineSession, serverAgrees } from './workload';

let server: TestServer;
let proxy: FaultProxy;
beforeAll(async () => {
  server = await TestServer.start();
  proxy = await startFaultProxy(server.url);
}, 180_000);
afterAll(async () => {
  await proxy.close();
  await server.close();
});

/**
 * The same storm through each transport: the browser build's `fetch`, and the desktop's, which
 * hands every request to the main process (Node's fetch standing in for net.fetch there).
 */
const transports: Array<{ name: string; prefix: string; fetch: () => typeof fetch | undefined }> = [
  { name: 'fetch', prefix: '', fetch: () => undefined },
  {
    name: 'the desktop main-process transport',
    prefix: 'desktop',
    fetch: () => desktopTransport({ allowedOrigin: () => new URL(proxy.url).origin }).fetch,
  },
];

describe.each(transports)('sync under server faults, through $name', ({ prefix, fetch }) => {
  it('ends in the same state as without faults: every record once, local outcomes equal the server', async () => {
    // reference: the same session with no faults
    const calm = memoryDatabase();
    await configure(calm, server.url);
    await offlineSession(calm, `${prefix}calm`);
    const calmStatus = await syncUntilSettled(calm, new RealClockHost());
    expect(calmStatus).toMatchObject({ state: 'idle', pending: 0, rejected: 0 });
    const expected = await coordinatorView(calm, `${prefix}calm`);
    expect(await serverAgrees(server, calm, `${prefix}calm`)).toEqual({ problems: [], serverBatches: 2 });

    const stormy = memoryDatabase();
    await configure(stormy, proxy.url);
    await offlineSession(stormy, `${prefix}storm`);
    const first = proxy.log.length;
    // a fixed schedule over the first 90 requests: 500s (with Retry-After), dropped connections
    // before and after the server processed, answers that never come, slow answers; then calm
    proxy.setPlan((_request, logged): Fault => {
      const index = logged - first;
      if (index >= 90) return { kind: 'pass' };
      if (index % 5 === 1) return { kind: 'status', status: 500, retryAfter: '0' };
      if (index % 5 === 2) return { kind: 'drop-request' };
      if (index % 5 === 3) return { kind: 'drop-response' };
      if (index % 11 === 4) return { kind: 'hang' };
      if (index % 13 === 7) return { kind: 'delay', ms: 150 };
      return { kind: 'pass' };
    });
    let restarted: Promise<void> | undefined;
    const status = await syncUntilSettled(
      stormy,
      new RealClockHost(),
      testDependencies({ timeoutMs: 400, fetch: fetch() }),
      {
        between: async (cycle) => {
          // the server restarts while the next cycle talks to it (the proxy meets a closed port meanwhile)
          if (cycle === 3) restarted = server.restart().then((url) => proxy.setTarget(url));
        },
      },
    );
    await restarted;
    proxy.setPlan(() => ({ kind: 'pass' }));

    expect(status).toMatchObject({ state: 'idle', pending: 0, rejected: 0 });
    const log = proxy.log.slice(first);
    const kinds = new Set(log.map((r) => r.fault));
    expect([...kinds].sort()).toEqual(['delay', 'drop-request', 'drop-response', 'hang', 'pass', 'status']);
    // a create whose answer was dropped after the server processed it went again with its key
    const replayedCreates = log.filter(
      (r) => r.method === 'POST' && r.fault === 'drop-response' && r.upstreamStatus !== undefined,
    );
    expect(replayedCreates.length).toBeGreaterThan(0);

    expect(await serverAgrees(server, stormy, `${prefix}storm`)).toEqual({ problems: [], serverBatches: 2 });
    expect(await coordinatorView(stormy, `${prefix}storm`)).toEqual(expected);
  }, 300_000);
});
