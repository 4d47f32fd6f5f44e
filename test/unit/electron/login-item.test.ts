import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DesktopSettingsFile } from '../../../electron/main/desktop-settings';
import { StartAtLogin, type LoginItemHost } from '../../../electron/main/login-item';

/** Start at login on macOS and Windows: what reaches `app.setLoginItemSettings`. */

let userData: string;
beforeEach(() => {
  userData = mkdtempSync(path.join(tmpdir(), 'ro-login-'));
});
afterEach(() => rmSync(userData, { recursive: true, force: true }));

function startAtLogin(platform: NodeJS.Platform, opened: { wasOpenedAtLogin?: boolean } = {}) {
  const calls: unknown[] = [];
  const host: LoginItemHost = {
    platform,
    isPackaged: () => true,
    setLoginItemSettings: (settings) => calls.push(settings),
    getLoginItemSettings: () => ({ openAtLogin: false, ...opened }),
    executable: () => '/Applications/Registration Orchestrator.app/Contents/MacOS/Registration Orchestrator',
    configHome: () => path.join(userData, 'config'),
  };
  const settings = new DesktopSettingsFile(() => userData);
  settings.load();
  return { login: new StartAtLogin(settings, host), calls, settings };
}

describe('start at login', () => {
  it('on Windows registers the app with --hidden, and unregisters it', async () => {
    const { login, calls } = startAtLogin('win32');
    await login.set(true);
    await login.set(false);
    expect(calls).toEqual([
      { openAtLogin: true, args: ['--hidden'] },
      { openAtLogin: false, args: ['--hidden'] },
    ]);
    expect(login.launchedAtLogin(['C:\\ro.exe', '--hidden'])).toBe(true);
    expect(login.launchedAtLogin(['C:\\ro.exe', 'C:\\files\\roster.xlsx'])).toBe(false);
  });

  it('on macOS opens hidden at login, and tells a launch at login from one by hand', async () => {
    const { login, calls } = startAtLogin('darwin');
    await login.remindersSetUp();
    expect(calls).toEqual([{ openAtLogin: true, openAsHidden: true }]);
    expect(login.state()).toEqual({ supported: true, enabled: true, chosen: false });
    expect(login.launchedAtLogin(['/Applications/RO'])).toBe(false);
    expect(
      startAtLogin('darwin', { wasOpenedAtLogin: true }).login.launchedAtLogin(['/Applications/RO']),
    ).toBe(true);
  });

  it('turns on with the first reminder once only, and never against the choice made', async () => {
    const { login, calls, settings } = startAtLogin('win32');
    await login.set(false);
    await login.remindersSetUp();
    expect(calls).toHaveLength(1);
    expect(login.state()).toEqual({ supported: true, enabled: false, chosen: true });
    // a restart reads the choice back
    const again = new DesktopSettingsFile(() => userData);
    expect(again.load()).toEqual(settings.get());
  });

  it('leaves the OS alone when not installed (development), saying it is not supported', async () => {
    const calls: unknown[] = [];
    const settings = new DesktopSettingsFile(() => userData);
    const login = new StartAtLogin(settings, {
      platform: 'win32',
      isPackaged: () => false,
      setLoginItemSettings: (value) => calls.push(value),
      getLoginItemSettings: () => ({ openAtLogin: false }),
      executable: () => 'electron.exe',
      configHome: () => userData,
    });
    expect((await login.set(true)).supported).toBe(false);
    expect(calls).toEqual([]);
  });
});
