import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/contract';
import { TOKENS, startTestServer, type TestServer } from './helpers';

/**
 * The app's browser build (and the desktop's `app://` page) calls the server from another
 * origin: without these answers the browser blocks every sync request.
 */
describe('cross-origin calls from the app', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ name: 'pglite', url: undefined });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers a preflight without a token, allowing the headers sync sends', async () => {
    const res = await t.server.app.inject({
      method: 'OPTIONS',
      url: paths.batches,
      headers: {
        origin: 'http://127.0.0.1:4317',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,idempotency-key',
      },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(String(res.headers['access-control-allow-methods'])).toContain('POST');
    expect(String(res.headers['access-control-allow-headers'])).toContain('idempotency-key');
  });

  it('lets the page read the answer and its Retry-After and replay headers', async () => {
    const res = await t.server.app.inject({
      method: 'GET',
      url: paths.batches,
      headers: { origin: 'app://bundle', authorization: `Bearer ${TOKENS.coord119}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(String(res.headers['access-control-expose-headers'])).toMatch(/retry-after.*Idempotent-Replayed/i);
  });
});
