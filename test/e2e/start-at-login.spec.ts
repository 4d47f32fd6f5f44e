import { expect, test } from '@playwright/test';

/** Settings › Start at login: a desktop setting, which the browser build says does not apply. */

test('the browser build says start at login is a setting of the desktop app', async ({ page }) => {
  await page.goto('/#/settings');
  const section = page.getByRole('region', { name: 'Start at login' });
  await expect(section).toContainText('Start at login is a setting of the desktop app.');
  await expect(section.getByRole('checkbox')).toHaveCount(0);
});

test('on the desktop the row shows the state from the main process and changes it', async ({ page }) => {
  // a stand-in for the preload's window.roHost, recording what the page asks of the main process
  await page.addInitScript(() => {
    const calls: unknown[] = [];
    let state = { supported: true, enabled: true, chosen: false };
    const never = () => () => undefined;
    Object.assign(window, {
      loginCalls: calls,
      roHost: {
        kind: 'electron',
        openFile: async () => null,
        notify: async () => undefined,
        getOnline: async () => true,
        onOnlineChange: never,
        onTick: never,
        onNavigate: never,
        getVersion: async () => '0.1.0',
        openExternal: async () => undefined,
        token: {
          get: async () => null,
          set: async () => ({ kind: 'protected', description: 'Kept encrypted.' }),
          where: async () => ({ kind: 'protected', description: 'Kept encrypted.' }),
        },
        http: {
          send: async () => ({ ok: false, failure: { name: 'TypeError', message: 'no' } }),
          abort: async () => undefined,
        },
        setSyncServer: async () => undefined,
        startAtLogin: {
          get: async () => state,
          set: async (enabled: boolean) => {
            calls.push(enabled);
            state = { supported: true, enabled, chosen: true };
            return state;
          },
          remindersSetUp: async () => state,
        },
        openedFile: { take: async () => null, onWaiting: never },
      },
    });
  });
  await page.goto('/#/settings');
  const section = page.getByRole('region', { name: 'Start at login' });
  const box = section.getByRole('checkbox', { name: 'Start Registration Orchestrator when I log in' });
  await expect(box).toBeChecked();
  await expect(section).toContainText('It starts hidden in the tray');
  await expect(section).toContainText('On by default once your first reminder is set up');
  await box.uncheck();
  await expect(box).not.toBeChecked();
  await expect(section).not.toContainText('On by default');
  expect(await page.evaluate(() => (window as unknown as { loginCalls: unknown[] }).loginCalls)).toEqual([
    false,
  ]);
});
