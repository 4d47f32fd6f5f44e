import { defineConfig } from '@playwright/test';

/**
 * The Electron smoke test (`npx playwright test -c playwright.electron.config.ts`, after
 * `npm run build`). Kept apart from playwright.config.ts, whose testDir is test/e2e and whose
 * tests drive the browser build: this one launches the desktop app itself with `_electron`, and
 * skips, saying why, where the Electron runtime is not installed.
 */
export default defineConfig({
  testDir: 'test/electron',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  timeout: 90_000,
  expect: { timeout: 20_000 },
});
