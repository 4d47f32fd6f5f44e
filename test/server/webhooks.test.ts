import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/contract';
import { bulkBody, eventFactory, people } from './attendeeSetup';
import { backends, startTestServer, waitFor, type TestServer } from './helpers';

const SECRET = 'webhook-test-secret';

interface Received {
  at: number;
  body: string;
  signature: string | undefined;
}

/** A loopback receiver: `ok` answers 204, `fails` 500, `hangs` never answers. */
async function receiver(mode: 'ok' | 'fails' | 'hangs') {
  const received: Received[] = [];
  const hung: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push({ at: Date.now(), body, signature: req.headers['x-signature'] as string | undefined });
      if (mode === 'hangs') return void hung.push(req);
      res.writeHead(mode === 'ok' ? 204 : 500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

for (const { backend, skip } of backends()) {
  describe.skipIf(skip)(`job.ended webhook on ${backend.name}`, () => {
    let t: TestServer;
    let hangs: Awaited<ReturnType<typeof receiver>>;
    let fails: Awaited<ReturnType<typeof receiver>>;
    let ok: Awaited<ReturnType<typeof receiver>>;
    beforeAll(async () => {
      [hangs, fails, ok] = await Promise.all([receiver('hangs'), receiver('fails'), receiver('ok')]);
      t = await startTestServer(backend, {
        // the receivers that misbehave come first
        WEBHOOK_URLS: `${hangs.url},${fails.url},${ok.url}`,
        WEBHOOK_SECRET: SECRET,
        WEBHOOK_TIMEOUT_MS: '20000',
        WEBHOOK_RETRY_BASE_MS: '300',
        WORKER_POLL_MS: '20',
      });
      t.server.attendeeWorker.start();
      t.server.webhooks.start();
    });
    afterAll(async () => {
      await t?.close();
      await Promise.all([hangs?.close(), fails?.close(), ok?.close()]);
    });

    it('posts a signed job.ended; a receiver that fails or hangs delays neither jobs nor the other receiver', async () => {
      const events = await eventFactory(t.server.db);
      const eventId = await events.make();
      const submittedAt = Date.now();
      const first = await t.api.post<{ id: string }>(
        paths.eventPeopleBulk(eventId),
        bulkBody(people(5, 'hook-a')),
        'coord119',
      );
      expect(first.status).toBe(202);
      const delivered = await waitFor(
        async () => ok.received.find((r) => r.body.includes(first.body.id)),
        15_000,
      );
      // well inside the hanging receiver's 20 s timeout: nothing waited for it
      expect(delivered.at - submittedAt).toBeLessThan(10_000);
      const expected = `sha256=${createHmac('sha256', SECRET).update(delivered.body).digest('hex')}`;
      expect(delivered.signature).toBe(expected);
      const payload = JSON.parse(delivered.body) as Record<string, unknown>;
      const job = await t.api.get<Record<string, unknown>>(paths.job(first.body.id), 'coord119');
      expect(payload).toEqual({ event: 'job.ended', ...job.body });
      expect(payload['attributes']).toMatchObject({ status: 'ended', total_success: 5 });

      // a second job, submitted while the first's hanging delivery is still open, ends and is delivered as fast
      const secondAt = Date.now();
      const second = await t.api.post<{ id: string }>(
        paths.eventPeopleBulk(eventId),
        bulkBody([...people(1, 'hook-a'), ...people(2, 'hook-b')]),
        'coord119',
      );
      const secondDelivered = await waitFor(
        async () => ok.received.find((r) => r.body.includes(second.body.id)),
        15_000,
      );
      expect(secondDelivered.at - secondAt).toBeLessThan(10_000);
      expect(JSON.parse(secondDelivered.body)).toMatchObject({
        attributes: { status: 'failed', total_fail: 1 },
      });
      expect(hangs.received.some((r) => r.body.includes(first.body.id))).toBe(true);

      // the failing receiver is retried later, with backoff, and the good one got each event once
      await waitFor(
        async () => fails.received.filter((r) => r.body.includes(first.body.id)).length >= 3,
        15_000,
      );
      const attempts = fails.received.filter((r) => r.body.includes(first.body.id)).map((r) => r.at);
      expect(attempts[2]! - attempts[0]!).toBeGreaterThan(0);
      expect(ok.received.filter((r) => r.body.includes(first.body.id))).toHaveLength(1);
      const rows = await t.server.db.query<{ url: string; attempts: number; delivered: boolean }>(
        `SELECT url, attempts, delivered_at IS NOT NULL AS delivered FROM webhook_deliveries
         WHERE body LIKE $1 ORDER BY delivery_id`,
        [`%${first.body.id}%`],
      );
      expect(rows.find((r) => r.url === ok.url)).toMatchObject({ attempts: 1, delivered: true });
      expect(rows.find((r) => r.url === fails.url)?.delivered).toBe(false);
    }, 60_000);
  });
}
