import { shell } from 'electron';
import { isVettedExternalUrl } from './security';

/**
 * The only place the app hands a URL to the OS (window.open of a link, the openExternal IPC).
 * The default browser carries the coordinator's sessions, so only vetted https links go there.
 */
export async function openVettedExternal(url: string): Promise<boolean> {
  if (!isVettedExternalUrl(url)) {
    console.warn(`[security] refused to open ${url} outside the app`);
    return false;
  }
  await shell.openExternal(url);
  return true;
}
