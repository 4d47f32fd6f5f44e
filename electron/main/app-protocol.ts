import path from 'node:path';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './security';

/** Serves the built renderer (out/renderer) under app://bundle/, never anything outside it. */

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export type AssetResolution =
  | { ok: true; filePath: string; mimeType: string; spaFallback: boolean }
  | { ok: false; status: 400 | 403 | 404 };

/**
 * Maps a request URL to a file under `rootDir`. Rejects other hosts and schemes, encoded
 * separators and NUL bytes, and anything that resolves outside `rootDir` (`..`, absolute paths).
 * A path without an extension is a client-side route and gets index.html.
 */
export function resolveAppAsset(requestUrl: string, rootDir: string): AssetResolution {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (
    url.protocol !== `${APP_SCHEME}:` ||
    url.hostname !== APP_HOST ||
    url.port ||
    url.username ||
    url.password
  ) {
    return { ok: false, status: 403 };
  }
  const rawPath = url.pathname;
  if (/%2f|%5c|%00/i.test(rawPath)) return { ok: false, status: 400 };
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, status: 400 };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, status: 400 };

  const root = path.resolve(rootDir);
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const filePath = path.resolve(root, relative);
  if (filePath !== root && !filePath.startsWith(root + path.sep)) return { ok: false, status: 403 };
  if (filePath === root) return { ok: false, status: 404 };

  if (path.extname(filePath) === '') {
    const index = path.join(root, 'index.html');
    return { ok: true, filePath: index, mimeType: mimeTypeFor(index), spaFallback: true };
  }
  return { ok: true, filePath, mimeType: mimeTypeFor(filePath), spaFallback: false };
}

/** Headers of every app:// response; the CSP rides on all of them, not only on HTML. */
export function appResponseHeaders(mimeType: string): Record<string, string> {
  return {
    'Content-Type': mimeType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
}

export type ReadFile = (filePath: string) => Promise<Uint8Array>;

/** The `protocol.handle('app', ...)` handler, with file reading injected for tests. */
export function createAppProtocolHandler(
  rootDir: string,
  readFile: ReadFile,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: { Allow: 'GET, HEAD' } });
    }
    const asset = resolveAppAsset(request.url, rootDir);
    if (!asset.ok) return new Response(null, { status: asset.status });
    let body: Uint8Array;
    try {
      body = await readFile(asset.filePath);
    } catch {
      return new Response(null, { status: 404 });
    }
    const headers = appResponseHeaders(asset.mimeType);
    // Response wants an ArrayBuffer-backed view; copy so a shared or pooled buffer never leaks
    const bytes = new Uint8Array(body.byteLength);
    bytes.set(body);
    return new Response(request.method === 'HEAD' ? null : bytes, { status: 200, headers });
  };
}
