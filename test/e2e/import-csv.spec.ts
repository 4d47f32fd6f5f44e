import { expect, test } from '@playwright/test';
import { chooseFile, countRows, holdEngine, setCoordinatorId } from './fixtures/app';
import { expectItems, expectStat } from './fixtures/expectations';
import { windows1252 } from './fixtures/spreadsheets';

/**
 * A CSV saved by an older Excel on Windows: Windows-1252, `;` between fields, accented notes,
 * text dates. The engine is held off (another page holds its lock), so the batch waits pending:
 * deleting it is refused with the reason, cancelling it with a reason cancels every item, and
 * nothing is processed once the engine is back.
 */

const CSV = [
  'Mentor ID;Type of activity;Date;Duration (mins);Comments',
  'mentor-101;Peer session;02/04/2026;45;Séance découverte avec Zoé',
  'mentor-102;Workshop;2026-04-03;1:30;Atelier « café » à Besançon',
  'mentor-103;Yoga;2026-04-04;60;Noël en avance',
  'mentor-104;workshop;13/13/2026;60;Date illisible',
  'mentor-105;peer_session;06/04/2026;1h;Dernière séance',
].join('\r\n');

test('a Windows-1252 CSV with ; is read with its accents, and a pending batch is cancelled', async ({
  page,
  context,
}) => {
  const engine = await holdEngine(context);
  await setCoordinatorId(page);
  await chooseFile(page, "Séances d'avril.csv", windows1252(CSV), 'text/csv');

  await expect(page.getByText('text read as windows-1252, separated by ";"')).toBeVisible();
  await expect(page.getByLabel('Comments')).toHaveValue('notes');
  await page.getByRole('button', { name: 'Confirm columns and check the rows' }).click();

  const grid = page.getByRole('table', { name: 'Rows to import' });
  await expect(grid).toContainText('Séance découverte avec Zoé');
  await expect(grid).toContainText('Atelier « café » à Besançon');
  await expect(grid).toContainText('Unknown activity type "Yoga"; allowed: peer_session, workshop');
  await expect(grid).toContainText('"13/13/2026"');
  const summary = page.getByRole('region', { name: 'Summary' });
  await expectStat(summary, 'With errors', '2');

  // fix the activity type in the grid, exclude the unreadable date
  await grid.getByRole('button', { name: 'Edit Activity type of row 4' }).click();
  await grid.getByLabel('Activity type of row 4').fill('peer session');
  await grid.getByLabel('Activity type of row 4').press('Enter');
  await expectStat(summary, 'With errors', '1');
  await grid.getByLabel('Exclude row 5').check();
  await expectStat(summary, 'Excluded', '1');
  await page.getByRole('button', { name: 'Submit 4 registrations' }).click();

  // stored, waiting for the engine
  await expect(page.getByRole('heading', { name: "Séances d'avril" })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Batch status' })).toHaveText('Processing');
  await expectStat(page.getByLabel('Item counts'), 'Pending', '4');
  await expectItems(page, [
    ['item-001', 'mentor-101', 'Pending', '02/04/2026'],
    ['item-003', 'mentor-103', 'Pending', 'peer_session'],
    ['item-004', 'mentor-105', 'Pending', '06/04/2026'],
  ]);

  // the contract's rules: no delete while items are pending (the button is off and says why)
  await expect(page.getByRole('button', { name: 'Delete…' })).toBeDisabled();
  await expect(page.getByRole('list', { name: 'Why some actions are off' })).toContainText(
    'Delete: This batch still has 4 items pending or being processed. Cancel them or wait until processing finishes, then delete the batch.',
  );

  // cancel the batch with a reason, confirmed in a dialog
  await page.getByRole('button', { name: 'Cancel the batch…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancel this batch?' });
  await expect(dialog.getByRole('button', { name: 'Cancel the batch' })).toBeDisabled();
  await dialog.getByLabel('Reason').fill('Wrong month: these are May sessions');
  await dialog.getByRole('button', { name: 'Cancel the batch' }).click();
  await expect(page.getByRole('status', { name: 'Batch status' })).toHaveText('Cancelled');
  await expect(page.getByText('Cancelled: Wrong month: these are May sessions')).toBeVisible();
  await expectStat(page.getByLabel('Item counts'), 'Cancelled', '4');
  await expectItems(page, [
    ['item-001', 'mentor-101', 'Cancelled'],
    ['item-004', 'mentor-105', 'Cancelled'],
  ]);

  // the engine comes back: cancelled items are never processed
  await engine.release();
  await expect(page.getByRole('status', { name: 'Engine' })).toHaveText(/Engine: (Running|Idle)/);
  await expect(page.getByRole('button', { name: 'Retry failed items' })).toBeDisabled();
  await expect(page.getByRole('list', { name: 'Why some actions are off' })).toContainText(
    'Retry failed items: This batch was cancelled, so its failed items cannot be retried. Import them again as a new batch.',
  );
  expect(await countRows(page, ['items', 'activities'])).toEqual({ items: 4, activities: 0 });

  // now the record can go
  await page.getByRole('button', { name: 'Delete…' }).click();
  await page
    .getByRole('dialog', { name: 'Delete this batch record?' })
    .getByRole('button', { name: 'Delete the batch' })
    .click();
  await expect(page).toHaveURL(/#\/batches$/);
  await expect(page.getByText('No batch yet: import a spreadsheet.')).toBeVisible();
  expect(await countRows(page, ['batches', 'items'])).toEqual({ batches: 0, items: 0 });
});
