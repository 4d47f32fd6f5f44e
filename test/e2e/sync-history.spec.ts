import { expect, test, type Page } from '@playwright/test';
import type { BatchSummary } from '../../src/contract';
import { chooseFile, COORDINATOR, setCoordinatorId } from './fixtures/app';
import { callServer, makeDataDir, startReferenceServer, type ReferenceServer } from './support/server';

/**
 * Sync keeps the coordinator's history: a file imported offline and split into parts keeps the
 * time it was submitted here and the parts' order (part 1, part 2) in the batches list after it
 * reached the server; the server's own receipt time is shown beside it, because it differs.
 */

const TOKEN = 'e2e-coord-119-history-token';
/** one more row than a batch holds: the import becomes two parts */
const ROWS = 10_001;

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

function csv(): string {
  const lines = ['Mentor ID,Activity type,Date,Duration (minutes),Notes'];
  for (let i = 1; i <= ROWS; i++) lines.push(`mentor-${String(i).padStart(5, '0')},workshop,2026-02-10,60,`);
  return lines.join('\n');
}

/** The local batches' submission times as the list formats them, by label. */
function localSubmitted(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('registration-orchestrator');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const rows = await new Promise<Array<{ label: string; submitted_at: string }>>((resolve, reject) => {
      const request = db.transaction('batches').objectStore('batches').getAll();
      request.onsuccess = () => resolve(request.result as Array<{ label: string; submitted_at: string }>);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return Object.fromEntries(rows.map((row) => [row.label, row.submitted_at]));
  });
}

/** As the list shows a moment (`formatMoment`, day first by default), in the browser's zone and locale. */
const format = (page: Page, iso: string) =>
  page.evaluate((at) => {
    const date = new Date(at);
    const pad = (n: number) => String(n).padStart(2, '0');
    const day = `${pad(date.getDate())}/${pad(date.getMonth() + 1)}/${date.getFullYear()}`;
    const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(date);
    return `${day}, ${clock}`;
  }, iso);

test('a split import synced later keeps its submission time and its parts in order', async ({
  page,
  context,
}) => {
  test.setTimeout(300_000);
  server = await startReferenceServer({ tokens: { [TOKEN]: COORDINATOR }, dataDir: dataDir.dir });
  await setCoordinatorId(page);

  // offline: the file becomes two batches, stored here with the time it was submitted
  await chooseFile(page, 'Week 6.csv', Buffer.from(csv(), 'utf8'), 'text/csv');
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Confirm columns and check the rows' }).click();
  await page.getByRole('button', { name: 'Submit 10,001 registrations' }).click();
  await expect(page).toHaveURL(/#\/batches$/, { timeout: 60_000 });
  await expect(page.getByRole('link', { name: 'Week 6 (part 2 of 2)' })).toBeVisible();
  const submitted = await localSubmitted(page);
  const submittedAt = submitted['Week 6 (part 1 of 2)']!;
  expect(submitted['Week 6 (part 2 of 2)']).toBe(submittedAt);

  // the sync happens in a later minute than the submission, as after a day offline
  await expect
    .poll(async () => (await format(page, new Date().toISOString())) !== (await format(page, submittedAt)), {
      timeout: 75_000,
      intervals: [1_000],
    })
    .toBe(true);
  await context.setOffline(false);

  await page.goto('/#/sync');
  await page.getByLabel('Server address').fill(server.url);
  await page.getByLabel('Token').fill(TOKEN);
  await page.getByRole('button', { name: 'Save server settings' }).click();
  await expect(page.getByRole('status', { name: 'Sync state' })).toHaveText('Up to date', {
    timeout: 120_000,
  });
  await expect(page.getByText('Nothing waits: every change made here has reached the server.')).toBeVisible();

  const held = await callServer<{ data: BatchSummary[] }>(
    server,
    TOKEN,
    'GET',
    '/bulk-registrations?limit=100',
  );
  expect(held.body.data.map((b) => b.label).sort()).toEqual(['Week 6 (part 1 of 2)', 'Week 6 (part 2 of 2)']);
  const received: Record<string, string> = Object.fromEntries(
    held.body.data.map((b) => [b.label, b.submitted_at]),
  );
  for (const at of Object.values(received)) {
    expect(await format(page, at)).not.toBe(await format(page, submittedAt));
  }

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Batches' }).click();
  const rows = page.getByRole('table', { name: 'Batches' }).getByRole('row');
  await expect(rows).toHaveCount(3);
  // the coordinator's time, the server's beside it, and part 1 above part 2, every time
  for (let visit = 0; visit < 3; visit++) {
    await expect(rows.nth(1)).toContainText('Week 6 (part 1 of 2)');
    await expect(rows.nth(2)).toContainText('Week 6 (part 2 of 2)');
    for (const [index, label] of ['Week 6 (part 1 of 2)', 'Week 6 (part 2 of 2)'].entries()) {
      const cell = rows
        .nth(index + 1)
        .getByRole('cell')
        .last();
      await expect(cell).toContainText(await format(page, submittedAt));
      await expect(cell).toContainText(`server: ${await format(page, received[label]!)}`);
    }
    await page.reload();
  }
  expect(await localSubmitted(page)).toEqual(submitted);
});
