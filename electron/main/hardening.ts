import type { Session, WebContents } from 'electron';
import {
  isAllowedNavigation,
  isVettedExternalUrl,
  permissionDecision,
  type RendererSource,
} from './security';

/**
 * Applied to every webContents the app ever creates (`app.on('web-contents-created')`), so a
 * window added later cannot forget a rule.
 */
export function hardenWebContents(
  contents: WebContents,
  source: RendererSource,
  openExternal: (url: string) => void,
): void {
  const denyUnlessInApp = (event: { preventDefault(): void }, url: string): void => {
    if (!isAllowedNavigation(url, source)) {
      event.preventDefault();
      console.warn(`[security] blocked navigation to ${url}`);
    }
  };
  contents.on('will-navigate', (event) => denyUnlessInApp(event, event.url));
  contents.on('will-redirect', (event) => denyUnlessInApp(event, event.url));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    console.warn('[security] blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    // No new windows, ever; a vetted https link goes to the OS browser instead.
    if (isVettedExternalUrl(url)) openExternal(url);
    else console.warn(`[security] blocked window.open of ${url}`);
    return { action: 'deny' };
  });
}

/** Permission and device requests: deny everything the app does not use (see ALLOWED_PERMISSIONS). */
export function hardenSession(session: Session, source: RendererSource): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const origin = details.requestingUrl;
    const allowed = permissionDecision(permission, origin, source);
    if (!allowed) console.warn(`[security] denied permission request ${permission} from ${origin}`);
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    permissionDecision(permission, requestingOrigin, source),
  );
  session.setDevicePermissionHandler(() => false);
}
