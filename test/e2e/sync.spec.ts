import { expect, test, type Page } from '@playwright/test';
import type { BatchDetail, BatchSummary } from '../../src/contract';
import { DUPLICATE_ACTIVITY_ERROR } from '../../src/contract';
import { COORDINATOR, chooseFile, setCoordinatorId } from './fixtures/app';
import { expectItems, expectStat } from './fixtures/expectations';
import { callServer, makeDataDir, startReferenceServer, type ReferenceServer } from './support/server';

/**
 * Sync against the real reference server, started by each test on loopback: work done offline
 * reaches the server exactly once when the connection is back, the server's outcomes replace the
 * provisional local ones (a duplicate another coordinator registered first is shown as changed),
 * and a revoked token pauses sync until a new one is entered, with nothing lost.
 */

const TOKEN = 'e2e-coord-119-token';
const OTHER_COORDINATOR = 'coord-200';
const OTHER_TOKEN = 'e2e-coord-200-token';
const NEW_TOKEN = 'e2e-coord-119-token-renewed';

/** Three sessions; mentor-103's workshop on 2026-04-04 is registered on the server by coord-200 first. */
const CSV = [
  'Mentor ID,Activity type,Date,Duration (minutes),Notes',
  'mentor-101,peer_session,2026-04-02,45,First session',
  'mentor-102,workshop,2026-04-03,90,',
  'mentor-103,workshop,2026-04-04,60,Also registered by coord-200',
].join('\n');

let dataDir: Awaited<ReturnType<typeof makeDataDir>>;
let server: ReferenceServer | undefined;

test.beforeEach(async () => {
  dataDir = await makeDataDir();
});

test.afterEach(async () => {
  await server?.stop();
  server = undefined;
  await dataDir.remove();
});

async function startServer(tokens: Record<string, string>): Promise<ReferenceServer> {
  server = await startReferenceServer({ tokens, dataDir: dataDir.dir });
  return server;
}

/** The coordinator's batches as the server holds them. */
async function serverBatches(target: ReferenceServer, token = TOKEN): Promise<BatchSummary[]> {
  const answer = await callServer<{ data: BatchSummary[] }>(
    target,
    token,
    'GET',
    '/bulk-registrations?limit=100',
  );
  expect(answer.status).toBe(200);
  return answer.body.data;
}

async function serverBatch(target: ReferenceServer, batchId: string, token = TOKEN): Promise<BatchDetail> {
  const answer = await callServer<BatchDetail>(target, token, 'GET', `/bulk-registrations/${batchId}`);
  expect(answer.status).toBe(200);
  return answer.body;
}

/** Enters the server's address and token on the Sync page (reached from Settings) and saves them. */
async function pointAppAt(page: Page, url: string, token: string): Promise<void> {
  await page.goto('/#/settings');
  await page.getByRole('link', { name: 'Sync page' }).click();
  await expect(page).toHaveURL(/#\/sync$/);
  await page.getByLabel('Server address').fill(url);
  await page.getByLabel('Token').fill(token);
  await page.getByRole('button', { name: 'Save server settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
}

/**
 * `beforeReview` runs once the file is read: the browser build loads the wizard's worker from
 * the web server when a file is first chosen (there is no service worker to keep it), so a test
 * that goes offline does so from there on.
 */
async function importCsv(
  page: Page,
  name: string,
  csv: string,
  rows: number,
  beforeReview?: () => Promise<void>,
): Promise<void> {
  await chooseFile(page, name, Buffer.from(csv, 'utf8'), 'text/csv');
  await expect(page.getByRole('button', { name: 'Confirm columns and check the rows' })).toBeVisible();
  await beforeReview?.();
  await page.getByRole('button', { name: 'Confirm columns and check the rows' }).click();
  await page.getByRole('button', { name: `Submit ${rows} registrations` }).click();
}

const syncIndicator = (page: Page) => page.getByRole('link', { name: /^Sync: / });

test('work imported offline reaches the server once, and the server outcomes replace the local ones', async ({
  page,
  context,
}) => {
  const reference = await startServer({ [TOKEN]: COORDINATOR, [OTHER_TOKEN]: OTHER_COORDINATOR });

  // another coordinator registers mentor-103's workshop on the server first
  const first = await callServer<{ batch_id: string }>(
    reference,
    OTHER_TOKEN,
    'POST',
    '/bulk-registrations',
    {
      coordinator_id: OTHER_COORDINATOR,
      items: [
        {
          mentor_id: 'mentor-103',
          activity_type: 'workshop',
          activity_date: '2026-04-04',
          duration_minutes: 60,
        },
      ],
    },
  );
  expect(first.status).toBe(202);
  await expect
    .poll(async () => (await serverBatch(reference, first.body.batch_id, OTHER_TOKEN)).status)
    .toBe('completed');

  await setCoordinatorId(page);

  // Test connection says exactly what is wrong before anything is saved
  await page.goto('/#/sync');
  await expect(page.getByText('Kept in the IndexedDB of this browser profile (not encrypted)')).toBeVisible();
  await page.getByLabel('Server address').fill(reference.url);
  await page.getByLabel('Token').fill('not-a-known-token');
  await page.getByRole('button', { name: 'Test connection' }).click();
  const verdict = page.getByRole('status', { name: 'Connection test' });
  await expect(verdict).toHaveText('The server refused the token (401): enter a valid token');
  await page.getByLabel('Token').fill(TOKEN);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(verdict).toContainText(`Connected to ${reference.url}`);
  await page.getByRole('button', { name: 'Save server settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Sync state' })).toHaveText('Up to date');

  // offline: the import is processed here, provisionally, and waits in the outbox
  await importCsv(page, 'April sessions.csv', CSV, 3, () => context.setOffline(true));
  await expect(page.getByRole('heading', { name: 'April sessions' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Batch status' })).toHaveText('Completed');
  await expectItems(page, [['item-003', 'mentor-103', 'Succeeded']]);
  await expect(page.getByRole('status', { name: 'Network' })).toHaveText('Offline');
  await expect(syncIndicator(page)).toContainText('1 pending');
  await syncIndicator(page).click();
  await expect(page).toHaveURL(/#\/sync$/);
  const outbox = page.getByRole('table', { name: 'Outbox' });
  await expect(outbox.getByRole('row').filter({ hasText: 'Submit batch' })).toContainText('April sessions');
  expect(await serverBatches(reference)).toEqual([]);

  // online again: pushed once, polled until final, the server's outcomes come back
  await context.setOffline(false);
  await expect(page.getByRole('status', { name: 'Sync state' })).toHaveText('Up to date');
  await expect(page.getByText('Nothing waits: every change made here has reached the server.')).toBeVisible();
  await expect(syncIndicator(page)).not.toContainText('pending');

  const held = await serverBatches(reference);
  expect(held).toHaveLength(1);
  const [batch] = held;
  expect(batch).toMatchObject({ coordinator_id: COORDINATOR, label: 'April sessions', total_items: 3 });
  const detail = await serverBatch(reference, batch!.batch_id);
  expect(detail.items.map((item) => [item.item_id, item.status, item.error ?? ''])).toEqual([
    ['item-001', 'success', ''],
    ['item-002', 'success', ''],
    ['item-003', 'failed', DUPLICATE_ACTIVITY_ERROR],
  ]);

  // the Sync page names the changed outcome and links to the batch
  const changed = page.getByRole('table', { name: 'Changed outcomes' });
  const row = changed.getByRole('row').filter({ hasText: 'item-003' });
  await expect(row).toContainText('mentor-103');
  await expect(row).toContainText('Succeeded');
  await expect(row).toContainText('Failed');
  await expect(row).toContainText(DUPLICATE_ACTIVITY_ERROR);
  await row.getByRole('link', { name: 'April sessions' }).click();

  // the batch page shows the server's id and outcomes
  await expect(page.getByText(`server id ${batch!.batch_id}`)).toBeVisible();
  await expect(page.getByRole('status', { name: 'Batch status' })).toHaveText('Partly failed');
  await expectStat(page.getByLabel('Item counts'), 'Succeeded', '2');
  await expectStat(page.getByLabel('Item counts'), 'Failed', '1');
  await expectItems(page, [
    ['item-001', 'mentor-101', 'Succeeded'],
    ['item-002', 'mentor-102', 'Succeeded'],
    ['item-003', 'mentor-103', 'Failed', DUPLICATE_ACTIVITY_ERROR],
  ]);

  await expect(page.getByText('The server changed the outcome of 1 items.')).toBeVisible();

  // another cycle sends nothing again: still exactly one batch on the server
  await page.goto('/#/sync');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByRole('status', { name: 'Sync state' })).toHaveText('Up to date');
  expect(await serverBatches(reference)).toHaveLength(1);

  // seen: the changed outcome leaves the list, the server's outcome stays
  await page.getByRole('button', { name: 'Mark as seen' }).click();
  await expect(page.getByRole('table', { name: 'Changed outcomes' })).toBeHidden();
  await expectStat(page.getByLabel('Sync counts'), 'Batches with changed outcomes', '0');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Batches' }).click();
  await page.getByRole('link', { name: 'April sessions' }).click();
  await expectItems(page, [['item-003', 'mentor-103', 'Failed', DUPLICATE_ACTIVITY_ERROR]]);
  await expect(page.getByText('The server changed the outcome of 1 items.')).toBeHidden();
});

test('a revoked token pauses sync with a clear message; a new token completes it, nothing lost', async ({
  page,
}) => {
  let reference = await startServer({ [TOKEN]: COORDINATOR });
  await setCoordinatorId(page);
  await pointAppAt(page, reference.url, TOKEN);
  await expect(page.getByRole('status', { name: 'Sync state' })).toHaveText('Up to date');

  await importCsv(page, 'March sessions.csv', CSV, 3);
  await expect(page.getByRole('heading', { name: 'March sessions' })).toBeVisible();
  await expect.poll(async () => (await serverBatches(reference)).length).toBe(1);

  // the server comes back with the old token revoked and a new one issued
  await reference.stop();
  reference = await startServer({ [NEW_TOKEN]: COORDINATOR });
  const may = CSV.replaceAll('2026-04', '2026-05');
  await importCsv(page, 'May sessions.csv', may, 3);
  await expect(page.getByRole('heading', { name: 'May sessions' })).toBeVisible();

  await page.goto('/#/sync');
  await page.getByLabel('Server address').fill(reference.url);
  await page.getByRole('button', { name: 'Save server settings' }).click();
  await expect(page.getByRole('status', { name: 'Sync state' })).toHaveText('Paused: token refused');
  await expect(page.getByRole('alert').filter({ hasText: 'The server refused the token' })).toBeVisible();
  await expect(syncIndicator(page)).toContainText('Paused: token refused');
  await expect(syncIndicator(page)).toContainText('1 pending');
  await expect(page.getByRole('table', { name: 'Outbox' })).toContainText('May sessions');

  await page.getByLabel('Token').fill(NEW_TOKEN);
  await page.getByRole('button', { name: 'Save server settings' }).click();
  await expect(page.getByRole('status', { name: 'Sync state' })).toHaveText('Up to date');
  await expect(page.getByText('Nothing waits: every change made here has reached the server.')).toBeVisible();

  const held = await serverBatches(reference, NEW_TOKEN);
  expect(held.map((b) => b.label).sort()).toEqual(['March sessions', 'May sessions']);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Batches' }).click();
  await expect(page.getByRole('link', { name: 'March sessions' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'May sessions' })).toBeVisible();
});

test('a change the server refuses is shown with its reason; edited it is accepted, discarded it stays here', async ({
  page,
}) => {
  const reference = await startServer({ [TOKEN]: COORDINATOR });
  // a coordinator id the token does not belong to: the server refuses the batches
  await setCoordinatorId(page, 'coord-300');

  await page.goto('/#/sync');
  await page.getByLabel('Server address').fill('http://127.0.0.1:9');
  await page.getByLabel('Token').fill(TOKEN);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('status', { name: 'Connection test' })).toContainText(
    'Cannot reach http://127.0.0.1:9',
  );
  // the app's own web server answers, but it is no /api/v1 server
  const appOrigin = new URL(page.url()).origin;
  await page.getByLabel('Server address').fill(appOrigin);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('status', { name: 'Connection test' })).toContainText(
    `There is no /api/v1 server at ${appOrigin}`,
  );
  await pointAppAt(page, reference.url, TOKEN);

  await importCsv(page, 'June sessions.csv', CSV.replaceAll('2026-04', '2026-06'), 3);
  await expect(page.getByRole('heading', { name: 'June sessions' })).toBeVisible();
  await expect(syncIndicator(page)).toContainText('1 rejected');
  await syncIndicator(page).click();
  await expect(page.getByRole('status', { name: 'Sync state' })).toHaveText('Needs your decision');
  const refused = page.getByRole('listitem', { name: 'Submit batch: June sessions' });
  await expect(refused).toContainText(
    'The server answered 400 (validation_failed): Invalid coordinator_id: This token belongs to coord-119; it cannot submit a batch for coord-300',
  );
  // said once, not repeated from the server's field list
  await expect(refused).not.toContainText('(coordinator_id:');

  // edit and retry: accepted under the corrected coordinator id
  await refused.getByRole('button', { name: 'Edit and retry…' }).click();
  await refused.getByLabel('Coordinator id').fill(COORDINATOR);
  await refused.getByRole('button', { name: 'Retry with these values' }).click();
  await expect(refused).toBeHidden();
  await expect(page.getByRole('status', { name: 'Sync state' })).toHaveText('Up to date');
  await expect
    .poll(async () => (await serverBatches(reference)).map((b) => b.label))
    .toEqual(['June sessions']);

  // discard: never sent, the batch stays on this computer only
  await importCsv(page, 'July sessions.csv', CSV.replaceAll('2026-04', '2026-07'), 3);
  await expect(page.getByRole('heading', { name: 'July sessions' })).toBeVisible();
  await syncIndicator(page).click();
  const july = page.getByRole('listitem', { name: 'Submit batch: July sessions' });
  await expect(july).toContainText('coord-300');
  await july.getByRole('button', { name: 'Discard…' }).click();
  await page
    .getByRole('dialog', { name: 'Discard this change?' })
    .getByRole('button', { name: 'Discard the change' })
    .click();
  await expect(july).toBeHidden();
  await expect(syncIndicator(page)).not.toContainText('rejected');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByRole('status', { name: 'Sync state' })).toHaveText('Up to date');
  expect((await serverBatches(reference)).map((b) => b.label)).toEqual(['June sessions']);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Batches' }).click();
  await expect(page.getByRole('link', { name: 'July sessions' })).toBeVisible();
});

test('a finished batch cancelled offline after the fact reaches the server cancelled, its outcomes kept', async ({
  page,
  context,
}) => {
  const reference = await startServer({ [TOKEN]: COORDINATOR });
  await setCoordinatorId(page);
  await pointAppAt(page, reference.url, TOKEN);
  await expect(page.getByRole('status', { name: 'Sync state' })).toHaveText('Up to date');

  // item-003 repeats item-001: a duplicate here and on the server, so the batch ends partial
  const csv = [
    'Mentor ID,Activity type,Date,Duration (minutes),Notes',
    'mentor-201,peer_session,2026-09-02,45,',
    'mentor-202,workshop,2026-09-03,90,',
    'mentor-201,peer_session,2026-09-02,45,Same session again',
  ].join('\n');
  await importCsv(page, 'September sessions.csv', csv, 3);
  await expect(page.getByRole('heading', { name: 'September sessions' })).toBeVisible();
  await expect.poll(async () => (await serverBatches(reference)).map((b) => b.status)).toEqual(['partial']);
  const [held] = await serverBatches(reference);
  const finished = await serverBatch(reference, held!.batch_id);
  await expect(page.getByText(`server id ${held!.batch_id}`)).toBeVisible();
  await expect(page.getByRole('status', { name: 'Batch status' })).toHaveText('Partly failed');
  await expect(syncIndicator(page)).not.toContainText('pending');

  // offline, the coordinator learns the list was wrong and cancels the finished batch
  await context.setOffline(true);
  await expect(page.getByRole('status', { name: 'Network' })).toHaveText('Offline');
  await page.getByRole('button', { name: 'Cancel the batch…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancel this batch?' });
  await expect(dialog).toContainText('Every item is processed and keeps its outcome');
  await dialog.getByLabel('Reason').fill('Incorrect mentor list uploaded');
  await dialog.getByRole('button', { name: 'Cancel the batch' }).click();
  await expect(
    page.getByText('The batch is cancelled; its processed items keep their outcomes.'),
  ).toBeVisible();
  await expect(page.getByRole('status', { name: 'Batch status' })).toHaveText('Cancelled');
  await expect(page.getByText('Cancelled: Incorrect mentor list uploaded')).toBeVisible();
  await expectStat(page.getByLabel('Item counts'), 'Succeeded', '2');
  await expectStat(page.getByLabel('Item counts'), 'Failed', '1');
  await expect(syncIndicator(page)).toContainText('1 pending');
  expect((await serverBatch(reference, held!.batch_id)).status).toBe('partial');

  // online again: the PUT is accepted and the server's cancelled batch comes back unchanged in outcomes
  await context.setOffline(false);
  await expect(syncIndicator(page)).not.toContainText('pending');
  await page.goto('/#/sync');
  await expect(page.getByRole('status', { name: 'Sync state' })).toHaveText('Up to date');
  await expect(page.getByText('Nothing waits: every change made here has reached the server.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Changed outcomes' })).toBeHidden();
  await expect(syncIndicator(page)).not.toContainText('rejected');

  const cancelled = await serverBatch(reference, held!.batch_id);
  expect(cancelled).toMatchObject({
    status: 'cancelled',
    cancellation_reason: 'Incorrect mentor list uploaded',
    completed: 2,
    failed: 1,
    completed_at: finished.completed_at,
  });
  expect(cancelled.items).toEqual(finished.items);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Batches' }).click();
  await page.getByRole('link', { name: 'September sessions' }).click();
  await expect(page.getByRole('status', { name: 'Batch status' })).toHaveText('Cancelled');
  await expect(page.getByText('Cancelled: Incorrect mentor list uploaded')).toBeVisible();
  await expectItems(page, [
    ['item-001', 'mentor-201', 'Succeeded'],
    ['item-002', 'mentor-202', 'Succeeded'],
    ['item-003', 'mentor-201', 'Failed', DUPLICATE_ACTIVITY_ERROR],
  ]);
  await expect(page.getByText(/The server changed the outcome/)).toBeHidden();
  // cancelled, though no item is: its failure cannot be retried
  await expect(page.getByRole('button', { name: 'Retry failed items' })).toBeDisabled();
  await expect(page.getByRole('list', { name: 'Why some actions are off' })).toContainText(
    'Retry failed items: This batch was cancelled, so its failed items cannot be retried. Import them again as a new batch.',
  );
  await expect(page.getByRole('button', { name: 'Cancel the batch…' })).toBeDisabled();
});
