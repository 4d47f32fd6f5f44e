import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, mimeTypeFor, resolveAppAsset } from '../../../electron/main/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/security';

const root = path.resolve('/srv/app/out/renderer');

describe('resolveAppAsset', () => {
  it.each([
    ['app://bundle/', 'index.html'],
    ['app://bundle/index.html', 'index.html'],
    ['app://bundle/engine.html', 'engine.html'],
    ['app://bundle/assets/index-abc.js', 'assets/index-abc.js'],
    ['app://bundle/assets/a%20b.css', 'assets/a b.css'],
    ['app://bundle/batches/42', 'index.html'],
    // URL parsing already removes dot segments; the result must still be inside the root
    ['app://bundle/../../../etc/passwd.txt', 'etc/passwd.txt'],
    ['app://bundle/%2e%2e/%2e%2e/etc/passwd.txt', 'etc/passwd.txt'],
  ])('%s -> %s under the root', (url, relative) => {
    const result = resolveAppAsset(url, root);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.filePath).toBe(path.join(root, relative));
  });

  it.each([
    ['app://bundle/..%2f..%2fetc/passwd', 400],
    ['app://bundle/..%5c..%5cwindows', 400],
    ['app://bundle/a%00.js', 400],
    ['app://bundle/%E0%A4%A', 400],
    ['app://other/index.html', 403],
    ['app://bundle:1234/index.html', 403],
    ['https://bundle/index.html', 403],
    ['file:///etc/passwd', 403],
    ['::::', 400],
  ])('%s is refused with %i', (url, status) => {
    expect(resolveAppAsset(url, root)).toEqual({ ok: false, status });
  });

  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.js', 'text/javascript; charset=utf-8'],
    ['a.mjs', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['a.svg', 'image/svg+xml'],
    ['a.wasm', 'application/wasm'],
    ['a.woff2', 'font/woff2'],
    ['a.unknown', 'application/octet-stream'],
  ])('%s is served as %s', (file, mime) => {
    expect(mimeTypeFor(file)).toBe(mime);
  });
});

describe('app:// protocol handler', () => {
  let dir: string;
  let handler: (request: Request) => Promise<Response>;

  beforeAll(() => {
    const base = mkdtempSync(path.join(tmpdir(), 'ro-protocol-'));
    dir = path.join(base, 'renderer');
    mkdirSync(path.join(dir, 'assets'), { recursive: true });
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>ui</title>');
    writeFileSync(path.join(dir, 'engine.html'), '<!doctype html><title>engine</title>');
    writeFileSync(path.join(dir, 'assets', 'main.js'), 'export {};');
    writeFileSync(path.join(base, 'secret.txt'), 'outside the bundle');
    handler = createAppProtocolHandler(dir, (file) => readFile(file));
  });

  it('serves the UI with its MIME type and the CSP header', async () => {
    const response = await handler(new Request('app://bundle/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>ui</title>');
  });

  it('serves module scripts as JavaScript (a module script with another type does not run)', async () => {
    const response = await handler(new Request('app://bundle/assets/main.js'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers a client-side route with the UI page so a reload keeps working', async () => {
    const response = await handler(new Request('app://bundle/batches/42'));
    expect(await response.text()).toContain('<title>ui</title>');
  });

  it('never serves a file outside the bundle', async () => {
    for (const url of [
      'app://bundle/../secret.txt',
      'app://bundle/%2e%2e/secret.txt',
      'app://bundle/..%2fsecret.txt',
    ]) {
      const response = await handler(new Request(url));
      expect(await response.text()).not.toContain('outside the bundle');
    }
  });

  it('answers 404 for a missing file and 405 for a write', async () => {
    expect((await handler(new Request('app://bundle/assets/missing.js'))).status).toBe(404);
    expect(
      (await handler(new Request('app://bundle/index.html', { method: 'POST', body: 'x' }))).status,
    ).toBe(405);
  });
});
