import { expect, test } from '@playwright/test';

test('"Skip to content" moves focus to the main region and leaves the page where it is', async ({ page }) => {
  await page.goto('/#/batches');
  await expect(page.getByRole('heading', { level: 1, name: 'Batches' })).toBeVisible();

  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(page.getByRole('main')).toBeFocused();
  await expect(page.getByRole('heading', { level: 1, name: 'Batches' })).toBeVisible();
  expect(new URL(page.url()).hash).toBe('#/batches');

  // the next Tab goes into the page, past the navigation
  await page.keyboard.press('Tab');
  const inNav = await page.evaluate(() => !!document.activeElement?.closest('nav'));
  expect(inNav).toBe(false);
});
