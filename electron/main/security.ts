import type { CustomScheme } from 'electron';

/**
 * Every security decision of the main process as a pure function or constant, so each can be
 * unit-tested by table and the wiring in index.ts only applies them.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const MAIN_PAGE_URL = `${APP_ORIGIN}/index.html`;
export const ENGINE_PAGE_URL = `${APP_ORIGIN}/engine.html`;

/**
 * `standard` gives app://bundle a real origin (an opaque one has no IndexedDB, no Web Locks and
 * no same-origin workers); `secure` makes it a secure context (Web Locks, persistent storage);
 * `supportFetchAPI` and `corsEnabled` let the page fetch and load module scripts and module
 * workers (Vite's `<script type="module" crossorigin>`). `codeCache` only speeds start-up.
 * No `bypassCSP`: the CSP must apply. No service workers: the app registers none.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    corsEnabled: true,
    codeCache: true,
    stream: true,
    bypassCSP: false,
    allowServiceWorkers: false,
  },
};

/**
 * Sent as a header with every app:// document. It matches the policy in renderer/index.html
 * (both apply, so the stricter wins) and adds what only a header can say (`frame-ancestors`).
 * connect-src stays open to http(s): the central sync server's address is set by the coordinator.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' http: https:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Where the renderer comes from: the app:// bundle, or electron-vite's dev server in development. */
export interface RendererSource {
  /** origin of the dev server (`http://localhost:5173`), only in development */
  devOrigin?: string;
}

/**
 * The dev server URL comes from the environment (`ELECTRON_RENDERER_URL`); trust it only when
 * the app is not packaged and it is a plain http URL on the loopback interface.
 */
export function devServerOrigin(rendererUrl: string | undefined, isPackaged: boolean): string | undefined {
  if (isPackaged || !rendererUrl) return undefined;
  const url = parseUrl(rendererUrl);
  if (!url || url.protocol !== 'http:' || url.username || url.password) return undefined;
  if (!['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) return undefined;
  return url.origin;
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** The origin of `value`, compared on the serialised origin (`app://bundle`). */
function originOf(value: string): string | undefined {
  const url = parseUrl(value);
  if (!url) return undefined;
  // Node's URL gives non-special schemes an opaque "null" origin; Chromium treats app:// as
  // standard (registered above), so rebuild the origin from its parts.
  if (url.protocol === `${APP_SCHEME}:`) {
    if (url.username || url.password || url.port) return undefined;
    return `${APP_SCHEME}://${url.hostname}`;
  }
  return url.origin;
}

/** A frame URL the app itself serves. */
export function isAppOrigin(value: string, source: RendererSource = {}): boolean {
  const origin = originOf(value);
  if (!origin) return false;
  return origin === APP_ORIGIN || (source.devOrigin !== undefined && origin === source.devOrigin);
}

/** In-app navigation only (a reload, a route); everything else is denied. */
export function isAllowedNavigation(url: string, source: RendererSource = {}): boolean {
  return isAppOrigin(url, source);
}

/** An IPC sender is trusted only when its frame shows the app's own pages. */
export function isTrustedSender(frameUrl: string | undefined | null, source: RendererSource = {}): boolean {
  if (!frameUrl) return false;
  return isAppOrigin(frameUrl, source);
}

/**
 * Permissions the app uses, for its own origin only:
 * - `persistent-storage`: `navigator.storage.persist()`, so the registrations are not evicted;
 * - `clipboard-sanitized-write`: copy buttons (`navigator.clipboard.writeText`);
 * - `local-network-access` / `loopback-network` / `local-network`: sync to a central server on the
 *   coordinator's LAN or on this machine (Chromium gates requests from a secure origin to
 *   private addresses behind these).
 * Notifications are not on the list: the engine window asks the main process over IPC.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set([
  'persistent-storage',
  'clipboard-sanitized-write',
  'local-network-access',
  'loopback-network',
  'local-network',
]);

export function permissionDecision(
  permission: string,
  requestingOrigin: string,
  source: RendererSource = {},
): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppOrigin(requestingOrigin, source);
}

/**
 * Links the app may hand to the OS browser: https only, no credentials, no explicit port, and a
 * public DNS name (no IP literal, no `localhost`, no single-label intranet name), since the
 * default browser carries the coordinator's cookies and intranet access.
 */
export function isVettedExternalUrl(value: string): boolean {
  if (value.length > 2048) return false;
  const url = parseUrl(value);
  if (!url) return false;
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return false;
  const host = url.hostname.toLowerCase();
  if (!host.includes('.') || host.startsWith('[') || /^[0-9.]+$/.test(host)) return false;
  if (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.endsWith('.local') ||
    host.endsWith('.internal')
  ) {
    return false;
  }
  return /^[a-z0-9.-]+$/.test(host) && !host.split('.').some((label) => label.length === 0);
}

/** Backoff before the engine window is recreated after its renderer died: 1 s, 2 s, 4 s ... 60 s. */
export function restartDelayMs(attempt: number): number {
  const safe = Math.max(0, Math.min(attempt, 16));
  return Math.min(60_000, 1000 * 2 ** safe);
}
