import { expect, test, type Page } from '@playwright/test';
import type { BatchDetail, BatchSummary } from '../../src/contract';
import { DUPLICATE_ACTIVITY_ERROR } from '../../src/contract';
import { COORDINATOR, chooseFile, setCoordinatorId } from './fixtures/app';
import { expectItems, expectStat } from './fixtures/expectations';
import { callServer, makeDataDir, startReferenceServer } from './support/server';

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
  await expectItems(page, [['item-003', 'mentor-202', 'Succeeded', '05/04/2026']]);
  await expect(page.getByRole('button', { name: 'Retry failed items' })).toBeDisabled();
  await expect(page.getByText('There are no failed items to retry in this batch.')).toBeVisible();
  // the picture of the page in docs/screenshots (see the README): the items with their sheet rows
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.getByRole('heading', { name: 'Items' }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: 'docs/screenshots/batch-detail.png' });
});

const TOKEN = 'e2e-batch-fix-token';

/** The coordinator's one batch as the reference server holds it (null until it arrived). */
async function serverBatch(url: string): Promise<BatchDetail | null> {
  const list = await callServer<{ data: BatchSummary[] }>(
    { url },
    TOKEN,
    'GET',
    '/bulk-registrations?limit=10',
  );
  const first = list.body.data[0];
  if (!first) return null;
  return (await callServer<BatchDetail>({ url }, TOKEN, 'GET', `/bulk-registrations/${first.batch_id}`)).body;
}

async function connect(page: Page, url: string): Promise<void> {
  await page.goto('/#/sync');
  await page.getByLabel('Server address').fill(url);
  await page.getByLabel('Token').fill(TOKEN);
  await page.getByRole('button', { name: 'Save server settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
}

test('the fixed item succeeds on the real server too, and the page shows the server’s outcome', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const dataDir = await makeDataDir();
  const server = await startReferenceServer({ tokens: { [TOKEN]: COORDINATOR }, dataDir: dataDir.dir });
  try {
    await setCoordinatorId(page);
    await connect(page, server.url);
    await chooseFile(page, 'April fixes.csv', Buffer.from(CSV, 'utf8'), 'text/csv');
    await page.getByRole('button', { name: 'Confirm columns and check the rows' }).click();
    await page.getByRole('button', { name: 'Submit 3 registrations' }).click();
    await expect(page.getByRole('heading', { name: 'April fixes' })).toBeVisible();

    // the server decided too: item-003 duplicates item-002 there as well
    await expect
      .poll(async () => (await serverBatch(server.url))?.status, { timeout: 60_000 })
      .toBe('partial');
    const before = (await serverBatch(server.url))!;
    expect(before.items.map((item) => [item.item_id, item.status, item.error ?? ''])).toEqual([
      ['item-001', 'success', ''],
      ['item-002', 'success', ''],
      ['item-003', 'failed', DUPLICATE_ACTIVITY_ERROR],
    ]);
    await expect(page.getByText(`server id ${before.batch_id}`)).toBeVisible({ timeout: 60_000 });

    // fixed in place and retried: the correction goes to the server with the retry
    const items = page.getByRole('table', { name: 'Items', exact: true });
    await items.getByRole('button', { name: 'Fix item-003' }).click();
    const dialog = page.getByRole('dialog', { name: 'Fix item-003 and retry' });
    await dialog.getByLabel('Date').fill('2026-04-05');
    await dialog.getByRole('button', { name: 'Save and retry' }).click();

    await expect
      .poll(async () => (await serverBatch(server.url))?.items[2]?.status, { timeout: 60_000 })
      .toBe('success');
    const after = (await serverBatch(server.url))!;
    expect(after.status).toBe('completed');
    expect(after.failed).toBe(0);
    const fixed = after.items[2]!;
    expect(fixed).toMatchObject({
      item_id: 'item-003',
      mentor_id: 'mentor-202',
      activity_date: '2026-04-05',
    });
    expect(fixed.activity_id).toBeTruthy();

    // the page ends on the server's word: its activity id, the batch completed
    await page.goto('/#/sync');
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(page.getByRole('status', { name: 'Sync state' })).toHaveText('Up to date', {
      timeout: 60_000,
    });
    await page.goto('/#/batches');
    await page.getByRole('link', { name: 'April fixes' }).click();
    await expect(page.getByRole('status', { name: 'Batch status' })).toHaveText('Completed');
    await expectItems(page, [['item-003', 'mentor-202', 'Succeeded', fixed.activity_id!]]);
  } finally {
    await server.stop();
    await dataDir.remove();
  }
});
