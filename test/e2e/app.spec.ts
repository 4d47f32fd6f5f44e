import { expect, test } from '@playwright/test';

test('the app loads with its navigation and a running engine, online', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });

  await page.goto('/');

  await expect(page).toHaveTitle('Registration Orchestrator');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();

  // the tab's worker elected itself and its engine publishes its state
  await expect(page.getByRole('status', { name: 'Engine' })).toHaveText(/Engine: (Running|Idle)/);
  await expect(page.getByRole('status', { name: 'Network' })).toHaveText('Online');

  // the dashboard reads real data: no batch yet, no job yet
  await expect(page.getByRole('region', { name: 'Batches' })).toContainText('0 in total');
  await expect(page.getByText('No job is queued or running.')).toBeVisible();

  // nothing the strict CSP blocked, no uncaught error
  expect(errors).toEqual([]);
});
