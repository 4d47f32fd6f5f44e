import { expect, test } from '@playwright/test';
import { chooseFile, countRows, downloaded } from './fixtures/app';
import { readFirstSheet, workbookBytes } from './fixtures/spreadsheets';

/** The coordinator id is entered once in Settings; without it the import prepares but never submits. */

test('without a coordinator id the import cannot submit and points to Settings', async ({ page }) => {
  const rows = [
    ['Mentor ID', 'Activity type', 'Date', 'Duration (minutes)'],
    ['mentor-301', 'workshop', '2026-06-01', 60],
  ];
  await chooseFile(page, 'June.xlsx', workbookBytes('xlsx', [{ name: 'June', rows }]));
  await page.getByRole('button', { name: 'Confirm columns and check the rows' }).click();
  await expect(page.getByRole('button', { name: 'Submit 1 registrations' })).toBeDisabled();
  const notice = page.getByRole('note').filter({ hasText: 'Your coordinator id is not set' });
  await expect(notice).toBeVisible();

  await notice.getByRole('link', { name: 'Set it in Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await page.getByLabel('Coordinator id').fill('coord 119');
  await page.getByRole('button', { name: 'Save coordinator id' }).click();
  await expect(page.getByText('A coordinator id has no spaces (for example coord-119)')).toBeVisible();
  await page.getByLabel('Coordinator id').fill('coord-119');
  await page.getByRole('button', { name: 'Save coordinator id' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  // back to the wizard: the rows are still there, and now it submits
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Import', exact: true })
    .click();
  await expect(notice).toBeHidden();
  expect(await countRows(page, ['batches'])).toEqual({ batches: 0 });
  await page.getByRole('button', { name: 'Submit 1 registrations' }).click();
  await expect(page.getByText('Submitted')).toContainText('by coord-119');
  expect(await countRows(page, ['batches'])).toEqual({ batches: 1 });
});

test('the template downloads with the headers and one example row, and imports as is', async ({ page }) => {
  await page.goto('/#/import');
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download the template' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('registrations-template.xlsx');
  const bytes = await downloaded(file);
  const rows = readFirstSheet(bytes);
  expect(rows[0]).toEqual(['Mentor ID', 'Activity type', 'Date', 'Duration (minutes)', 'Notes']);
  expect(rows).toHaveLength(2);

  await chooseFile(page, 'registrations-template.xlsx', bytes);
  await page.getByRole('button', { name: 'Confirm columns and check the rows' }).click();
  await expect(page.getByRole('region', { name: 'Summary' })).toContainText('1 registration to submit.');
});
