import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConnection } from '../../../src/sync/connection';

/**
 * The answers "Test connection" gives for servers that are not (or not quite) an /api/v1
 * server. The real server's OK and 401 answers are covered in sync.test.ts.
 */

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const servers: Array<http.Server | https.Server> = [];

async function serve(handler: Handler, tls?: { key: Buffer; cert: Buffer }): Promise<string> {
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

let certificate: { key: Buffer; cert: Buffer } | undefined;
let dir: string | undefined;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sync-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    certificate = {
      key: readFileSync(path.join(dir, 'key.pem')),
      cert: readFileSync(path.join(dir, 'cert.pem')),
    };
  } catch {
    certificate = undefined;
  }
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('testConnection', () => {
  it('refuses an address that is not http(s)', async () => {
    expect(await testConnection('ftp://server', 't')).toMatchObject({ ok: false, problem: 'invalid_url' });
    expect(await testConnection('server.example', 't')).toMatchObject({ ok: false, problem: 'invalid_url' });
  });

  it('says unreachable when nothing listens there', async () => {
    const url = await serve(() => undefined);
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const check = await testConnection(url, 'token');
    expect(check).toMatchObject({ ok: false, problem: 'unreachable' });
    expect(check.message).toContain('refused');
  });

  it('says timeout when the server never answers', async () => {
    const url = await serve(() => undefined);
    expect(await testConnection(url, 'token', { timeoutMs: 200 })).toMatchObject({
      ok: false,
      problem: 'timeout',
    });
  });

  it('says wrong contract for a web server without /api/v1', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>Not Found</h1>');
    });
    const check = await testConnection(url, 'token');
    expect(check).toMatchObject({ ok: false, problem: 'wrong_contract' });
    expect(check.message).toContain('no /api/v1');
  });

  it('says wrong contract when the server speaks another contract version', async () => {
    const url = await serve((_req, res) =>
      json(res, 200, { status: 'ok', version: '9.0.0', api_version: 'v2' }),
    );
    const check = await testConnection(url, 'token');
    expect(check).toMatchObject({ ok: false, problem: 'wrong_contract' });
    expect(check.message).toContain('v2');
  });

  it('says the token is refused when the server answers 401', async () => {
    const url = await serve((req, res) =>
      req.url === '/api/v1/health'
        ? json(res, 200, { status: 'ok', version: '1', api_version: 'v1' })
        : json(res, 401, { error: { code: 'unauthorized', message: 'Unknown token' } }),
    );
    expect(await testConnection(url, 'stale')).toMatchObject({ ok: false, problem: 'unauthorized' });
  });

  it('says TLS when the certificate is not trusted', async (context) => {
    if (!certificate) {
      console.log('TLS case skipped: openssl could not make a self-signed certificate here');
      context.skip();
      return;
    }
    const url = await serve((_req, res) => json(res, 200, { status: 'ok', version: '1' }), certificate);
    const check = await testConnection(url, 'token');
    expect(check).toMatchObject({ ok: false, problem: 'tls' });
    expect(check.message).toContain('certificate');
  });
});
