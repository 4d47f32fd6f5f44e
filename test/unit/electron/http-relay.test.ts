import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../../src/sync/client';
import { desktopTransport, sixPerOrigin } from '../../support/desktopTransport';
import { startFaultProxy, type FaultProxy } from '../../support/faultProxy';

/**
 * The desktop's sync transport (the engine's fetch -> IPC -> the main process's relay), with
 * Node's fetch standing in for net.fetch, against a loopback server and the fault proxy.
 */

let server: http.Server;
let origin: string;
const seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    if (req.url === '/api/v1/health') {
      res.writeHead(200, { 'content-type': 'application/json', 'x-secret': 'not relayed' });
      res.end(JSON.stringify({ status: 'ok', version: '1.0.0', api_version: 'v1' }));
    } else if (req.url === '/busy') {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '7' });
      res.end(JSON.stringify({ error: { code: 'unavailable', message: 'Try again soon' } }));
    } else if (req.url === '/replay') {
      res.writeHead(201, { 'content-type': 'application/json', 'idempotent-replayed': 'true' });
      res.end('{"replayed":true}');
    } else if (req.url === '/away') {
      res.writeHead(302, { location: 'http://127.0.0.2:9/elsewhere' });
      res.end();
    }
    // anything else never answers
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const transport = () => desktopTransport({ allowedOrigin: () => origin });

describe('the main-process transport', () => {
  it('sends only to the configured server origin', async () => {
    const { fetch } = transport();
    await expect(fetch(`${origin}/api/v1/health`)).resolves.toHaveProperty('status', 200);
    const other = `http://localhost:${new URL(origin).port}/api/v1/health`;
    const before = seen.length;
    await expect(fetch(other)).rejects.toMatchObject({
      name: 'TypeError',
      cause: { message: expect.stringMatching(/is not the configured sync server/) },
    });
    await expect(fetch('file:///etc/passwd')).rejects.toThrow(TypeError);
    await expect(fetch(`http://user:pw@${new URL(origin).host}/api/v1/health`)).rejects.toThrow(TypeError);
    const none = desktopTransport({ allowedOrigin: () => undefined });
    await expect(none.fetch(`${origin}/api/v1/health`)).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/no sync server is configured/) },
    });
    expect(seen.length).toBe(before);
  });

  it('follows no redirect, so an answer cannot lead the token to another origin', async () => {
    const { fetch } = transport();
    await expect(fetch(`${origin}/away`)).rejects.toThrow(TypeError);
  });

  it('sends only the headers the sync client uses', async () => {
    const { fetch } = transport();
    await expect(fetch(`${origin}/api/v1/health`, { headers: { cookie: 'a=b' } })).rejects.toThrow(
      /does not send cookie/,
    );
    await fetch(`${origin}/api/v1/health`, {
      headers: { authorization: 'Bearer t-1', 'Idempotency-Key': 'k-1', accept: 'application/json' },
    });
    expect(seen.at(-1)?.headers).toMatchObject({ authorization: 'Bearer t-1', 'idempotency-key': 'k-1' });
  });

  it('passes Retry-After and Idempotent-Replayed back, and nothing the client does not read', async () => {
    const { fetch } = transport();
    const busy = await fetch(`${origin}/busy`);
    expect([busy.status, busy.headers.get('retry-after')]).toEqual([503, '7']);
    const replay = await fetch(`${origin}/replay`, { method: 'POST', body: '{}' });
    expect([replay.status, replay.headers.get('idempotent-replayed'), await replay.text()]).toEqual([
      201,
      'true',
      '{"replayed":true}',
    ]);
    const health = await fetch(`${origin}/api/v1/health`);
    expect(health.headers.get('x-secret')).toBeNull();

    // and the sync client reads them as it does from a plain fetch
    const client = createApiClient({ baseUrl: origin, token: 't', fetch });
    const answer = await client.health();
    expect(answer).toMatchObject({ ok: true, status: 200 });
  });

  it('honours the abort signal: rejects at once and closes the request in the main process', async () => {
    const { fetch, relay } = transport();
    const controller = new AbortController();
    const pending = fetch(`${origin}/hang`, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(relay.inFlight()).toBe(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(relay.inFlight()).toBe(0);
  });

  it("honours the client's timeout, and the sync client calls it one", async () => {
    const { fetch, relay } = transport();
    const client = createApiClient({ baseUrl: `${origin}/hang`, token: 't', fetch, timeoutMs: 150 });
    const started = Date.now();
    const answer = await client.health();
    expect(answer).toEqual({
      ok: false,
      error: { kind: 'timeout', message: expect.stringMatching(/in time/) },
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(relay.inFlight()).toBe(0);
  });

  it('ends a request at its own timeout even when the engine never aborts it', async () => {
    const { relay } = transport();
    const answer = await relay.send(1, {
      id: 'r-1',
      url: `${origin}/hang`,
      method: 'GET',
      headers: {},
      timeoutMs: 100,
    });
    expect(answer).toEqual({ ok: false, failure: { name: 'TimeoutError', message: expect.any(String) } });
  });

  it('ends every request of an engine window that went away', async () => {
    const { relay } = transport();
    const request = { url: `${origin}/hang`, method: 'GET' as const, headers: {}, timeoutMs: 60_000 };
    const mine = relay.send(3, { ...request, id: 'a' });
    const other = relay.send(4, { ...request, id: 'a' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    relay.abortAll(3);
    await expect(mine).resolves.toMatchObject({ ok: false, failure: { name: 'AbortError' } });
    expect(relay.inFlight()).toBe(1);
    relay.abortAll(4);
    await other;
  });

  it('names a refused connection as Node does, so the client says "nothing listens there"', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const { fetch } = desktopTransport({ allowedOrigin: () => url });
    const answer = await createApiClient({ baseUrl: url, token: 't', fetch }).health();
    expect(answer).toMatchObject({
      ok: false,
      error: { kind: 'unreachable', message: expect.stringMatching(/refused/) },
    });
  });
});

describe('six hung requests', () => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await startFaultProxy(origin);
  });
  afterAll(() => proxy.close());

  /** Six requests that never get an answer, each timing out, then a seventh that should. */
  async function seventhAfterSixHung(mainFetch: typeof fetch): Promise<{ ok: boolean; kind?: string }> {
    const { fetch } = desktopTransport({ allowedOrigin: () => proxy.url, fetch: mainFetch });
    const client = createApiClient({ baseUrl: proxy.url, token: 't', fetch, timeoutMs: 300 });
    proxy.failNext(6, { kind: 'hang' });
    const hung = await Promise.all(Array.from({ length: 6 }, () => client.health()));
    expect(hung.map((answer) => !answer.ok && answer.error.kind)).toEqual(Array(6).fill('timeout'));
    const seventh = await client.health();
    return seventh.ok ? { ok: true } : { ok: false, kind: seventh.error.kind };
  }

  it('do not block the seventh, under a limit of six connections per server', async () => {
    expect(await seventhAfterSixHung(sixPerOrigin((input, init) => fetch(input, init)))).toEqual({
      ok: true,
    });
  });

  it("would block it if an abort did not free the connection (as a renderer's hung preflight)", async () => {
    const leaky = sixPerOrigin((input, init) => fetch(input, init), { leakOnAbort: true });
    expect(await seventhAfterSixHung(leaky)).toEqual({ ok: false, kind: 'timeout' });
  });
});
