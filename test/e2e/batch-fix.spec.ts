import { expect, test } from '@playwright/test';
import { DUPLICATE_ACTIVITY_ERROR } from '../../src/contract';
import { chooseFile, setCoordinatorId } from './fixtures/app';
import { expectItems, expectStat } from './fixtures/expectations';

/**
 * A failed item is fixed where it shows: the batch's items table shows its notes, a failed
 * item is corrected in place (its date) and retried, and the fixed duplicate succeeds. Actions
 * with nothing to act on are disabled and say why.
 */

const CSV = [
  'Mentor ID,Activity type,Date,Duration (minutes),Notes',
  'mentor-201,peer_session,2026-04-02,45,',
  'mentor-202,workshop,2026-04-03,90,',
  'mentor-202,workshop,2026-04-03,90,Was on the 5th',
].join('\n');

test('a failed duplicate is corrected in place, retried, and succeeds', async ({ page }) => {
  await setCoordinatorId(page);
  await chooseFile(page, 'April fixes.csv', Buffer.from(CSV, 'utf8'), 'text/csv');
  await page.getByRole('button', { name: 'Confirm columns and check the rows' }).click();
  await page.getByRole('button', { name: 'Submit 3 registrations' }).click();
  await expect(page.getByRole('heading', { name: 'April fixes' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Batch status' })).toHaveText('Partly failed');
  await expectItems(page, [['item-003', 'mentor-202', 'Failed', DUPLICATE_ACTIVITY_ERROR]]);
  const items = page.getByRole('table', { name: 'Items', exact: true });
  await expect(items.getByRole('row').filter({ hasText: 'item-003' })).toContainText('Was on the 5th');

  // nothing pending: cancelling is disabled, and the page says why
  await expect(page.getByRole('button', { name: 'Cancel pending items' })).toBeDisabled();
  await expect(page.getByText('There are no pending items left to cancel')).toBeVisible();

  // fix the date of the duplicate where it shows, and retry it
  await items.getByRole('button', { name: 'Fix item-003' }).click();
  const dialog = page.getByRole('dialog', { name: 'Fix item-003 and retry' });
  await expect(dialog.getByLabel('Mentor ID')).toHaveValue('mentor-202');
  await expect(dialog.getByLabel('Activity type')).toHaveValue('workshop');
  await dialog.getByLabel('Date').fill('2026-04-05');
  await dialog.getByRole('button', { name: 'Save and retry' }).click();

  await expect(page.getByRole('status', { name: 'Batch status' })).toHaveText('Completed');
  await expectStat(page.getByLabel('Item counts'), 'Failed', '0');
  await expectItems(page, [['item-003', 'mentor-202', 'Succeeded', '2026-04-05']]);
  await expect(page.getByRole('button', { name: 'Retry failed items' })).toBeDisabled();
  await expect(page.getByText('There are no failed items to retry in this batch.')).toBeVisible();
  // the picture of the page in docs/screenshots (see the README)
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.screenshot({ path: 'docs/screenshots/batch-detail.png', fullPage: true });
});
