import { describe, expect, it } from 'vitest';
import {
  ALLOWED_PERMISSIONS,
  APP_SCHEME_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  devServerOrigin,
  isAllowedNavigation,
  isTrustedSender,
  isVettedExternalUrl,
  permissionDecision,
  restartDelayMs,
} from '../../../electron/main/security';

const dev = { devOrigin: 'http://localhost:5173' };

describe('app:// scheme privileges', () => {
  it('gives app:// a real, secure origin that can fetch and load module workers, and keeps the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({
      standard: true,
      secure: true,
      supportFetchAPI: true,
      corsEnabled: true,
      bypassCSP: false,
      allowServiceWorkers: false,
    });
  });
});

describe('content security policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
  it.each([
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['frame-src', ["'none'"]],
  ])('%s is %j', (name, values) => {
    expect(directives.get(name)).toEqual(values);
  });
  it('never allows inline or eval script', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });
});

describe('isAllowedNavigation', () => {
  it.each([
    ['app://bundle/index.html', {}, true],
    ['app://bundle/engine.html', {}, true],
    ['app://bundle/batches/42?x=1#top', {}, true],
    ['app://other/index.html', {}, false],
    ['app://bundle:8080/index.html', {}, false],
    ['app://user:pw@bundle/index.html', {}, false],
    ['https://example.com/', {}, false],
    ['http://localhost:5173/index.html', {}, false],
    ['http://localhost:5173/index.html', dev, true],
    ['http://localhost:5174/index.html', dev, false],
    ['http://127.0.0.1:5173/index.html', dev, false],
    ['file:///etc/passwd', {}, false],
    ['javascript:alert(1)', {}, false],
    ['data:text/html,<h1>x</h1>', {}, false],
    ['about:blank', {}, false],
    ['not a url', {}, false],
  ])('%s (%j) -> %s', (url, source, expected) => {
    expect(isAllowedNavigation(url, source)).toBe(expected);
  });
});

describe('isTrustedSender', () => {
  it.each([
    ['app://bundle/index.html', {}, true],
    ['app://bundle/engine.html', {}, true],
    ['app://evil/index.html', {}, false],
    ['https://bundle/index.html', {}, false],
    ['http://localhost:5173/engine.html', {}, false],
    ['http://localhost:5173/engine.html', dev, true],
    ['', {}, false],
    [undefined, {}, false],
    [null, {}, false],
  ])('%s (%j) -> %s', (url, source, expected) => {
    expect(isTrustedSender(url, source)).toBe(expected);
  });
});

describe('devServerOrigin', () => {
  it.each([
    ['http://localhost:5173', false, 'http://localhost:5173'],
    ['http://127.0.0.1:5173/', false, 'http://127.0.0.1:5173'],
    ['http://localhost:5173', true, undefined],
    ['https://localhost:5173', false, undefined],
    ['http://evil.example:5173', false, undefined],
    ['http://user:pw@localhost:5173', false, undefined],
    [undefined, false, undefined],
    ['garbage', false, undefined],
  ])('%s packaged=%s -> %s', (url, packaged, expected) => {
    expect(devServerOrigin(url, packaged)).toBe(expected);
  });
});

describe('permissionDecision', () => {
  it.each([
    ['persistent-storage', 'app://bundle', true],
    ['persistent-storage', 'app://bundle/index.html', true],
    ['clipboard-sanitized-write', 'app://bundle', true],
    ['persistent-storage', 'https://evil.example', false],
    ['notifications', 'app://bundle', false],
    ['media', 'app://bundle', false],
    ['geolocation', 'app://bundle', false],
    ['openExternal', 'app://bundle', false],
    ['clipboard-read', 'app://bundle', false],
    ['display-capture', 'app://bundle', false],
    ['hid', 'app://bundle', false],
    ['fullscreen', 'app://bundle', false],
    ['unknown', 'app://bundle', false],
  ])('%s from %s -> %s', (permission, origin, expected) => {
    expect(permissionDecision(permission, origin)).toBe(expected);
  });
  it('allows nothing beyond the documented list', () => {
    expect([...ALLOWED_PERMISSIONS].sort()).toEqual(
      [
        'clipboard-sanitized-write',
        'local-network',
        'local-network-access',
        'loopback-network',
        'persistent-storage',
      ].sort(),
    );
  });
});

describe('isVettedExternalUrl', () => {
  it.each([
    ['https://example.org/help', true],
    ['https://docs.example.org/a?b=c#d', true],
    ['http://example.org/', false],
    ['https://user:pw@example.org/', false],
    ['https://example.org:8443/', false],
    ['https://localhost/', false],
    ['https://intranet/', false],
    ['https://127.0.0.1/', false],
    ['https://[::1]/', false],
    ['https://printer.local/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['app://bundle/index.html', false],
    ['smb://server/share', false],
    [`https://example.org/${'a'.repeat(2100)}`, false],
    ['not a url', false],
  ])('%s -> %s', (url, expected) => {
    expect(isVettedExternalUrl(url)).toBe(expected);
  });
});

describe('restartDelayMs', () => {
  it('backs off exponentially from 1 s and caps at a minute', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50].map(restartDelayMs)).toEqual([
      1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000,
    ]);
  });
});
